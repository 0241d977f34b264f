/*
 * honorarium-pay - pay peers, run payroll, void, list, add up, print
 * receipts and earnings statements.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_PEER = PK_OPT_TOOL, OPT_AMOUNT, OPT_METHOD, OPT_DATE, OPT_FOR,
	OPT_KIND, OPT_CATEGORY, OPT_REF, OPT_NOTE, OPT_RUN, OPT_PERIOD,
	OPT_VOID, OPT_REASON, OPT_LIST, OPT_STATUS, OPT_TOTALS, OPT_YEAR,
	OPT_RECEIPT, OPT_STRICT, OPT_DRY_RUN, OPT_KEEP_GOING, OPT_BALANCE,
	OPT_INPUT_FORMAT, OPT_STATEMENT, OPT_MONTH, OPT_ALL, OPT_CASH_PLAN,
	OPT_END
};

static const struct option longopts[] = {
	{"peer", required_argument, NULL, OPT_PEER},
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"method", required_argument, NULL, OPT_METHOD},
	{"date", required_argument, NULL, OPT_DATE},
	{"for", required_argument, NULL, OPT_FOR},
	{"kind", required_argument, NULL, OPT_KIND},
	{"category", required_argument, NULL, OPT_CATEGORY},
	{"ref", required_argument, NULL, OPT_REF},
	{"note", required_argument, NULL, OPT_NOTE},
	{"run", no_argument, NULL, OPT_RUN},
	{"period", required_argument, NULL, OPT_PERIOD},
	{"void", required_argument, NULL, OPT_VOID},
	{"reason", required_argument, NULL, OPT_REASON},
	{"list", no_argument, NULL, OPT_LIST},
	{"status", required_argument, NULL, OPT_STATUS},
	{"totals", no_argument, NULL, OPT_TOTALS},
	{"year", required_argument, NULL, OPT_YEAR},
	{"receipt", required_argument, NULL, OPT_RECEIPT},
	{"balance", no_argument, NULL, OPT_BALANCE},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"keep-going", no_argument, NULL, OPT_KEEP_GOING},
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
	{"statement", no_argument, NULL, OPT_STATEMENT},
	{"month", required_argument, NULL, OPT_MONTH},
	{"all", no_argument, NULL, OPT_ALL},
	{"cash-plan", no_argument, NULL, OPT_CASH_PLAN},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* The ways it runs and the options each takes (pk_cli_mode). */
static const int pay_takes[] = {
	OPT_PEER, OPT_AMOUNT, OPT_METHOD, OPT_DATE, OPT_FOR, OPT_KIND,
	OPT_CATEGORY, OPT_REF, OPT_NOTE, OPT_STRICT, OPT_DRY_RUN,
	OPT_CASH_PLAN, 0
};
static const int run_by[] = {OPT_RUN, 0};
static const int run_takes[] = {
	OPT_PERIOD, OPT_PEER, OPT_METHOD, OPT_DATE, OPT_STRICT, OPT_DRY_RUN,
	OPT_KEEP_GOING, OPT_CASH_PLAN, 0
};
static const int run_needs[] = {OPT_PERIOD, 0};
static const int file_takes[] = {
	OPT_STRICT, OPT_DRY_RUN, OPT_KEEP_GOING, OPT_INPUT_FORMAT,
	OPT_CASH_PLAN, 0
};
static const int void_by[] = {OPT_VOID, 0};
static const int void_takes[] = {OPT_REASON, OPT_DRY_RUN, 0};
static const int void_needs[] = {OPT_REASON, 0};
static const int list_by[] = {OPT_LIST, 0};
static const int list_takes[] = {
	OPT_PEER, OPT_PERIOD, OPT_METHOD, OPT_KIND, OPT_STATUS, 0
};
static const int totals_by[] = {OPT_TOTALS, 0};
static const int totals_takes[] = {OPT_YEAR, OPT_PEER, 0};
static const int receipt_by[] = {OPT_RECEIPT, 0};
static const int balance_by[] = {OPT_BALANCE, 0};
static const int balance_takes[] = {OPT_PEER, OPT_PERIOD, 0};
static const int statement_by[] = {OPT_STATEMENT, 0};
static const int statement_takes[] = {OPT_MONTH, OPT_ALL, 0};
static const int statement_needs[] = {OPT_MONTH, 0};
enum {
	M_PAY, M_RUN, M_FILE, M_VOID, M_LIST, M_TOTALS, M_RECEIPT, M_BALANCE,
	M_STATEMENT
};
static const struct pk_mode modes[] = {
	[M_PAY] = {"a payment", NULL, PK_MODE_DEFAULT, pay_takes, NULL},
	[M_RUN] = {"--run", run_by, 0, run_takes, run_needs},
	[M_FILE] = {"a FILE", NULL, PK_MODE_OPERAND, file_takes, NULL},
	[M_VOID] = {"--void", void_by, 0, void_takes, void_needs},
	[M_LIST] = {"--list", list_by, 0, list_takes, NULL},
	[M_TOTALS] = {"--totals", totals_by, 0, totals_takes, NULL},
	[M_RECEIPT] = {"--receipt", receipt_by, 0, NULL, NULL},
	[M_BALANCE] = {"--balance", balance_by, 0, balance_takes, NULL},
	[M_STATEMENT] = {"--statement", statement_by, 0, statement_takes,
	    statement_needs},
	{NULL, NULL, 0, NULL, NULL}
};

/* What each option's value is, for the completion scripts. */
static const char *const pay_statuses[] = {"paid", "void", NULL};
static const char *const receipt_formats[] = {"html", NULL};
static const struct pk_complete comp[] = {
	{"peer", "peers", NULL, NULL}, {"method", "methods", NULL, NULL},
	{"date", "dates", NULL, NULL}, {"for", "engagements", NULL, NULL},
	{"kind", "kinds", NULL, NULL}, {"category", "categories", NULL, NULL},
	{"period", "periods", NULL, NULL},
	{"status", "statuses", pay_statuses, NULL},
	{"year", "years", NULL, NULL}, {"month", "months", NULL, NULL},
	{"format", "formats", receipt_formats, NULL},
	{"input-format", "input-formats", NULL, NULL},
	{"", "files", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col pay_cols[] = {
	{"id", "ID"}, {"date", "DATE"}, {"alias", "PEER"},
	{"amount", "AMOUNT"}, {"method", "METHOD"}, {"kind", "KIND"},
	{"engagements", "ENGAGEMENTS"}, {"status", "STATUS"}, {NULL, NULL}
};
/* On a narrow terminal (honorarium-pay(1), "Tables"). */
static const struct pk_fit pay_fit[] = {
	{"engagements", 12}, {"alias", 16}, {"kind", 0}, {"engagements", 0},
	{"method", 0}, {NULL, 0}
};
static const struct pk_fit peer_fit[] = {
	{"alias", 16}, {NULL, 0}
};

static const struct pk_col total_cols[] = {
	{"peer_id", "ID"}, {"alias", "PEER"}, {"taxable", "TAXABLE"},
	{"reimbursements", "REIMBURSED"}, {"month_to_date", "MONTH-TO-DATE"},
	{"count", "PAYMENTS"}, {NULL, NULL}
};

/* What a batch or a run did, for the summary line and the exit status. */
struct tally {
	struct pk_batch *b;
	const struct pk_period *per;	/* a run's */
	int64_t peer_id;		/* a run's --peer; 0: everyone */
	size_t paid, warnings, duplicates, already, repeated, nothing_due,
	    inactive, voids;
	struct pk_idset paid_for;	/* the engagements paid, each once */
	int64_t total;
	int64_t voided;			/* --void: the payment */
	char alias[PK_ALIAS_MAX * 4 + 1];	/* its peer */
	struct pk_balance after;	/* and what the peer is owed then */
};

static struct pk_cli cli;
static pk_payrun *payrun;	/* a batch's or a run's */
static bool dry_run, keep_going, html;
/* --cash-plan: each cash payment's envelope, then what to withdraw. */
static bool cash_plan;
static struct pk_cashplan plan;
static size_t not_cash;
static enum pk_input_format input_format;	/* of a FILE */
/* A FILE holds payments, or engagements to pay (engage-log's). */
static const struct pk_field *const inputs[] = {
	pk_payment_input, pk_engagement_input, NULL
};

/* A payment's columns in a table; CSV has every field of the record. */
static const struct pk_col *
cols_of(void)
{
	return cli.format == PK_FMT_TABLE ? pay_cols : NULL;
}
static int flags;
static const char *opt[OPT_END - PK_OPT_TOOL];
static struct pk_period month;	/* --month */

static void
usage(FILE *fp, int status)
{
	int w = (int)strlen(pk_progname);

	fprintf(fp,
	    "usage: %s [options] --peer REF --amount AMOUNT [--method M]\n"
	    "       %*s [--date DATE] [--kind K] [--category C] [--ref KEY]\n"
	    "       %*s [--note TEXT]\n"
	    "       %s [options] [--peer REF] --for ENGAGEMENT ...\n"
	    "       %*s [--amount AMOUNT --note TEXT]\n"
	    "       %s [options] --run --period P [--peer REF] [--method M]\n"
	    "       %*s [--date DATE]\n"
	    "       %s [options] [--input-format F] FILE | -\n"
	    "       %s [options] --void ID --reason TEXT\n"
	    "       %s [options] --list [--peer REF] [--period P] [--method M]\n"
	    "       %*s [--kind K] [--status paid|void]\n"
	    "       %s [options] --totals [--year YYYY] [--peer REF]\n"
	    "       %s [options] --balance [REF] [--period P]\n"
	    "       %s [options] --receipt ID\n"
	    "       %s [options] --statement REF --month YYYY-MM\n"
	    "       %s [options] --statement --all --month YYYY-MM -o DIR\n",
	    pk_progname, w, "", w, "", pk_progname, w, "", pk_progname, w, "",
	    pk_progname, pk_progname, pk_progname, w, "", pk_progname,
	    pk_progname, pk_progname, pk_progname, pk_progname);
	if (status != 0)
		return;
	fputs("\nPaying:\n"
	    "  --peer REF         an id, uuid or unique alias\n"
	    "  --amount AMOUNT    25.00; with --for, what they are due\n"
	    "  --method M         cash etransfer cheque direct-deposit "
	    "gift-card\n"
	    "  --date DATE        the day the money is received (today)\n"
	    "  --for ENGAGEMENT   settle that engagement (repeatable)\n"
	    "  --kind K           honorarium (default) or reimbursement\n"
	    "  --category C       transit childcare meal other "
	    "(reimbursements)\n"
	    "  --ref KEY          idempotency key: never pays twice\n"
	    "  --note TEXT\n"
	    "  --strict           refuse a payment over a benefit limit (exit 1)\n"
	    "  --dry-run          print what would be paid, write nothing\n"
	    "  --keep-going       in a batch or run, pay the good, report the "
	    "bad\n"
	    "  --input-format F   FILE is csv or jsonl (default: csv for a "
	    "name.csv)\n"
	    "  --cash-plan        print the notes and coins of each cash "
	    "payment instead\n"
	    "\nStatements:\n"
	    "  --statement REF    a peer's earnings statement for --month\n"
	    "  --month YYYY-MM    the month the money was received in\n"
	    "  --all              one statement per peer paid, into -o DIR\n"
	    "\nOptions:\n"
	    "  --json, --format table|json|jsonl|csv (receipts: table|html;\n"
	    "                     statements: table (text), html or json)\n"
	    "  --wide             tables at a terminal with every column whole\n"
	    "  --bom              CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n", fp);
}

static json_t *
must(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

static void
add_for(json_t *ids, const char *arg)
{
	int64_t id;

	pk_cli_record("for", arg, "an engagement");
	if (pk_is_uuid(arg)) {
		if (json_array_append_new(ids, must(json_string(arg))) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
		return;
	}
	(void)pk_num_parse(arg, 1, INT64_MAX, &id);
	if (json_array_append_new(ids, must(json_integer(id))) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/* The options of a payment, as the record a batch would hold. */
static json_t *
options_record(json_t *ids)
{
	static const struct {
		int o;
		const char *key;
	} fields[] = {
		{OPT_PEER, "peer"}, {OPT_AMOUNT, "amount"},
		{OPT_METHOD, "method"}, {OPT_DATE, "date"}, {OPT_KIND, "kind"},
		{OPT_CATEGORY, "category"}, {OPT_REF, "ref"}, {OPT_NOTE, "note"}
	};
	json_t *rec = must(json_object());
	size_t i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (opt[fields[i].o - PK_OPT_TOOL])
			pk_json_set(rec, fields[i].key,
			    must(json_string(opt[fields[i].o - PK_OPT_TOOL])));
	if (json_array_size(ids) > 0)
		pk_json_set(rec, "engagements", json_incref(ids));
	return rec;
}

static const char *
get(int o)
{
	return opt[o - PK_OPT_TOOL];
}

static void
print_warnings(const struct pk_payment *p, const char *where)
{
	json_t *w;
	size_t i;

	json_array_foreach(p->warnings, i, w)
		pk_warn("%s%swarning: %s: %s", where ? where : "",
		    where ? ": " : "", p->alias, json_string_value(w));
}

/* A table row: the columns alone, the engagements as the text a table
 * prints ("1,5"; none, "-").  A run prints a row per peer, and the whole
 * record, every id a number to format, was a fifth of a dry run. */
static json_t *
table_payment(const struct pk_payment *p)
{
	json_t *j = must(json_object());
	char buf[PK_MONEY_BUFSZ], digits[24], *ids = NULL;
	size_t i, n, len = 0;
	uint64_t v;

	for (i = 0; i < p->nengagements; i++) {
		if (!(ids = realloc(ids, len + sizeof digits + 1)))
			pk_die(PK_EX_SOFTWARE, "out of memory");
		if (i > 0)
			ids[len++] = ',';
		v = (uint64_t)p->engagements[i];
		n = 0;
		do
			digits[n++] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		while (n > 0)
			ids[len++] = digits[--n];
		ids[len] = '\0';
	}
	pk_json_set(j, "id", must(json_integer(p->id)));
	pk_json_set(j, "date", pk_json_strornull(p->date));
	pk_json_set(j, "alias", pk_json_strornull(p->alias));
	pk_json_set(j, "amount", pk_json_strornull(pk_money_fmt(p->amount,
	    buf)));
	pk_json_set(j, "method", pk_json_strornull(p->method));
	pk_json_set(j, "kind", pk_json_strornull(p->kind));
	pk_json_set(j, "engagements", pk_json_strornull(ids));
	pk_json_set(j, "status", pk_json_strornull(p->status));
	free(ids);
	return j;
}

/* A payment as printed: the whole record, or a table's columns. */
static json_t *
out_json(const struct pk_payment *p)
{
	return cli.format == PK_FMT_TABLE ? table_payment(p) :
	    pk_payment_json(p);
}
static void
note_duplicate(const struct pk_payment *p, const char *where)
{
	char amount[PK_MONEY_BUFSZ];

	pk_warn("%s%s%s %s: already paid as payment %lld (%s, %s to %s); "
	    "nothing to do", where ? where : "", where ? ": " : "",
	    p->ref ? "ref" : "uuid", p->ref ? p->ref : p->uuid,
	    (long long)p->id, p->date, pk_money_fmt(p->amount, amount),
	    p->alias);
}

static void
count_paid(struct tally *t, const struct pk_payment *p)
{
	size_t i;

	t->paid++;
	for (i = 0; i < p->nengagements; i++)
		(void)pk_idset_add(&t->paid_for, p->engagements[i]);
	t->warnings += json_array_size(p->warnings);
	if (!pk_money_add(&t->total, p->amount))
		pk_die(PK_EX_SOFTWARE, "the total is too large to add up");
}

/* A table or CSV has a column per note and coin. */
static bool
flat(void)
{
	return cli.format == PK_FMT_TABLE || cli.format == PK_FMT_CSV;
}

static int
put_envelope(struct pk_batch *b, const struct pk_payment *p)
{
	json_t *j;
	int rc;

	/* A void payment kept as it came hands nothing over. */
	if (strcmp(p->status, "paid") != 0)
		return 0;
	if (strcmp(p->method, "cash") != 0) {
		not_cash++;
		return 0;
	}
	j = pk_cashplan_add(&plan, p, flat());
	rc = pk_batch_put(b, j);
	json_decref(j);
	return rc;
}

/* The plan's last line, once every payment is made. */
static int (*then_end)(struct pk_batch *, void *);
static int
withdraw(struct pk_batch *b, void *arg)
{
	json_t *j;
	int rc;

	if (then_end && (rc = then_end(b, arg)) != 0)
		return rc;
	j = pk_cashplan_total(&plan, flat());
	rc = pk_batch_put(b, j);
	json_decref(j);
	return rc;
}

static int
put_payment(struct pk_batch *b, const struct pk_payment *p)
{
	json_t *j;
	int rc;

	if (cash_plan)
		return put_envelope(b, p);
	if (!pk_batch_printing(b))
		return 0;
	if (cli.format != PK_FMT_TABLE)
		return pk_payment_put(b, p);
	j = table_payment(p);
	rc = pk_batch_put(b, j);
	json_decref(j);
	return rc;
}

/* A payment of the plan (a run, or a batch's engagements), paid or
 * refused: a refusal has written nothing, and the batch says whether
 * to go on. */
static int
plan_paid(struct pk_payment *p, int rc, void *arg)
{
	struct tally *t = arg;

	if (rc != 0) {
		if (rc != PK_EX_NO)
			pk_fail_context("peer %s", p->alias ? p->alias : "?");
		return pk_batch_refused(t->b, rc);
	}
	print_warnings(p, NULL);
	count_paid(t, p);
	return put_payment(t->b, p);
}

static int
pay_plan(struct pk_batch *b, void *arg)
{
	struct tally *t = arg;
	/* A dry run of the plan writes nothing: it is a report. */
	struct pk_payplan_opts o = {get(OPT_DATE), get(OPT_METHOD),
	    flags | (dry_run ? PK_PAY_DRYRUN : 0), payrun};

	(void)b;
	return pk_payplan_pay(cli.store, &cli.cfg, &o, plan_paid, t);
}

/* A payment record: of the command line, or a line of a batch. */
static int
pay_record(struct pk_batch *b, json_t *rec, void *arg)
{
	struct tally *t = arg;
	struct pk_payment p;
	int rc, outcome = PK_PAY_PAID;

	if ((rc = pk_payrun_apply(payrun, rec, &p)) == 0)
		rc = pk_payrun_pay(payrun, &p, flags, &outcome);
	if (rc == 0 && outcome == PK_PAY_DUPLICATE) {
		note_duplicate(&p, b->where);
		t->duplicates++;
	} else if (rc == 0 && outcome == PK_PAY_KEPT_VOID) {
		pk_warn("%s: payment %s arrives void (%s): kept on record as "
		    "payment %lld; nothing paid", b->where, p.uuid,
		    p.void_reason, (long long)p.id);
		t->voids++;
		rc = put_payment(b, &p);
	} else if (rc == 0) {
		print_warnings(&p, b->where);
		count_paid(t, &p);
		rc = put_payment(b, &p);
	}
	pk_payment_free(&p);
	return rc;
}

/* An engagement record (engage-log --json): into the plan, paid at the
 * end with the others of its peer. */
static int
plan_record(struct pk_batch *b, json_t *rec, struct tally *t)
{
	struct pk_plan_add a;
	char x[PK_MONEY_BUFSZ], y[PK_MONEY_BUFSZ], z[PK_MONEY_BUFSZ];
	long long id;
	int rc;

	if ((rc = pk_payplan_add(cli.store, rec, &a)) != 0)
		return rc;
	id = (long long)a.engagement_id;
	if (a.outcome == PK_PLAN_ALREADY_PAID) {
		pk_warn("%s: engagement %lld: already paid (payment %lld); "
		    "nothing to do", b->where, id, (long long)a.payment_id);
		t->already++;
	} else if (a.outcome == PK_PLAN_NOTHING_DUE) {
		pk_warn("%s: engagement %lld: no honorarium due; nothing to do",
		    b->where, id);
		t->nothing_due++;
	} else if (a.outcome == PK_PLAN_INACTIVE) {
		pk_warn("%s: engagement %lld is not paid: peer %s (id %lld) is "
		    "inactive", b->where, id, a.alias, (long long)a.peer_id);
		t->inactive++;
	} else if (a.outcome == PK_PLAN_REPEATED) {
		pk_warn("%s: engagement %lld: listed again; paid once",
		    b->where, id);
		t->repeated++;
	} else if (a.stated >= 0 && a.stated != a.due) {
		pk_warn("%s: engagement %lld: amount_due %s in the input is not "
		    "the %s on record; paying %s", b->where, id,
		    pk_money_fmt(a.stated, x), pk_money_fmt(a.due, y),
		    pk_money_fmt(a.owed, z));
	}
	return 0;
}

static int
batch_record(struct pk_batch *b, json_t *rec, void *arg)
{
	return pk_payplan_is_engagement(rec) ? plan_record(b, rec, arg) :
	    pay_record(b, rec, arg);
}

static void
summary(const struct pk_batch *b, void *arg)
{
	const struct tally *t = arg;
	char total[PK_MONEY_BUFSZ], more[256] = "";
	size_t n;

	if (t->per && t->paid + b->refused + b->rejected == 0) {
		pk_warn("nothing to pay in %s..%s: no unpaid engagement of an "
		    "active peer", t->per->from_s, t->per->to_s);
		return;
	}
#define MORE(n, what) if (n) snprintf(more + strlen(more), \
	sizeof more - strlen(more), "; %zu %s", (size_t)(n), what)
	MORE(t->warnings, t->warnings == 1 ? "warning" : "warnings");
	MORE(t->duplicates, "already paid (duplicate)");
	MORE(t->voids, "void, kept as they came");
	MORE(t->already, "engagement(s) already paid");
	MORE(t->repeated, "engagement(s) listed twice");
	MORE(t->nothing_due, "engagement(s) with nothing due");
	MORE(t->inactive, "engagement(s) of inactive peers left unpaid");
	MORE(b->refused, "refused (--strict)");
	MORE(b->rejected, "rejected");
#undef MORE
	if (t->paid == 0) {
		pk_warn("%snothing to pay%s", dry_run ? "dry run: " : "", more);
		return;
	}
	/* Two payments toward one engagement paid one engagement. */
	n = t->paid_for.n;
	pk_warn("%s%zu payment%s, %s in all, for %zu engagement%s%s",
	    dry_run ? "dry run, nothing written: would make " : "paid: ",
	    t->paid, t->paid == 1 ? "" : "s", pk_money_fmt(t->total, total),
	    n, n == 1 ? "" : "s", more);
}

static int
plan_start(struct pk_batch *b, void *arg)
{
	(void)b;
	(void)arg;
	return pk_payplan_start(cli.store);
}

static int64_t
peer_id_of(const char *ref)
{
	struct pk_peer p;
	int64_t id;

	if (!ref)
		return 0;
	if (pk_peer_resolve(cli.store, ref, &p) != 0)
		pk_exit_error();
	id = p.id;
	pk_peer_free(&p);
	return id;
}

/* A run over a period: the unpaid engagements of active peers, one
 * payment per peer. */
static int
plan_period(struct pk_batch *b, void *arg)
{
	struct tally *t = arg;
	size_t inactive = 0;
	int rc;

	if ((rc = pk_payplan_period(cli.store, t->per, t->peer_id,
	    &inactive)) != 0)
		return rc;
	if (inactive > 0)
		pk_warn("%zu unpaid engagement%s in %s..%s not paid: the "
		    "peer is inactive", inactive, inactive == 1 ? " is" : "s are",
		    t->per->from_s, t->per->to_s);
	return pay_plan(b, arg);
}

/*
 * Every payment goes through the batch loop: one made from the command
 * line, a FILE or -, and a run (no records: the plan paid at the end).
 * A single payment is always printed; a batch's only when asked (--json,
 * --format), as peer-add does; a run's always, one per peer.
 */
static int
pay(const char *path, json_t *rec, const struct pk_period *per)
{
	struct tally t = {0};
	struct pk_batch b = {
		.store = cli.store, .path = path, .recs = &rec,
		.nrecs = rec ? 1 : 0, .dry_run = dry_run,
		.input_format = input_format, .fields = inputs,
		.keep_going = keep_going, .format = cli.format, .cols = cols_of(),
		.fit = pay_fit,
		.print = !path || cli.format_set, .record = batch_record,
		.tally = rec ? NULL : summary, .arg = &t
	};
	int rc;

	t.b = &b;
	t.per = per;
	/* A batch or a run pays a plan at the end: engagements of the input,
	 * or the period's. */
	if (!rec) {
		b.begin = plan_start;
		b.end = per ? plan_period : pay_plan;
	}
	if (per) {
		t.peer_id = peer_id_of(get(OPT_PEER));
	}
	if (cash_plan) {
		pk_cashplan_init(&plan, &cli.cfg);
		b.print = true;
		b.cols = cli.format == PK_FMT_TABLE ? plan.cols : NULL;
		then_end = b.end;
		b.end = withdraw;
	}
	payrun = pk_payrun_new(cli.store, &cli.cfg);
	rc = pk_batch_run(&b);
	pk_payrun_free(payrun);
	payrun = NULL;
	pk_idset_free(&t.paid_for);
	if (cash_plan && not_cash > 0 && rc == 0)
		pk_warn("%zu payment%s not in cash: not in the plan", not_cash,
		    not_cash == 1 ? "" : "s");
	return rc;
}

/* What the peer is owed and holds after the void, for its note. */
static int
balance_of(const struct pk_balance *bal, void *arg)
{
	struct pk_balance *after = arg;

	after->owed = bal->owed;
	after->credit = bal->credit;
	return 0;
}

static int
void_record(struct pk_batch *b, json_t *rec, void *arg)
{
	struct tally *t = arg;
	struct pk_payment p;
	size_t released;	/* the note says what is owed now instead */
	int rc;

	(void)rec;
	if ((rc = pk_payment_void(cli.store, get(OPT_VOID), get(OPT_REASON),
	    &p, &released)) != 0)
		return rc;
	t->voided = p.id;
	snprintf(t->alias, sizeof t->alias, "%s", p.alias);
	if ((rc = pk_ledger_balances(cli.store, NULL, p.peer_id, balance_of,
	    &t->after)) != 0) {
		pk_payment_free(&p);
		return rc;
	}
	rc = put_payment(b, &p);
	pk_payment_free(&p);
	return rc;
}

static void
void_tally(const struct pk_batch *b, void *arg)
{
	const struct tally *t = arg;
	char owed[PK_MONEY_BUFSZ], credit[PK_MONEY_BUFSZ];

	/* What the peer is owed now, not what the payment paid: credit may
	 * have paid that again. */
	pk_batch_note(b, "payment %lld is void; %s is owed %s in all, with %s "
	    "in credit", (long long)t->voided, t->alias,
	    pk_money_fmt(t->after.owed, owed),
	    pk_money_fmt(t->after.credit, credit));
}

static int
void_payment(void)
{
	struct tally t = {0};
	json_t *rec = must(json_object());
	struct pk_batch b = {
		.store = cli.store, .recs = &rec, .nrecs = 1,
		.dry_run = dry_run, .print = true, .format = cli.format,
		.cols = cols_of(), .fit = pay_fit, .record = void_record,
		.tally = void_tally,
		.arg = &t
	};
	int rc = pk_batch_run(&b);

	json_decref(rec);
	return rc;
}

struct list_sum {
	pk_out *out;
	size_t n, nvoid;
	int64_t honoraria, reimbursements;
};

static int
list_one(const struct pk_payment *p, void *arg)
{
	struct list_sum *l = arg;
	bool ok = true;
	json_t *j;
	int rc;

	l->n++;
	if (strcmp(p->status, "void") == 0)
		l->nvoid++;
	else if (strcmp(p->kind, "honorarium") == 0)
		ok = pk_money_add(&l->honoraria, p->amount);
	else
		ok = pk_money_add(&l->reimbursements, p->amount);
	if (!ok)
		return pk_fail(PK_EX_DATAERR, "the total is too large to add up");
	j = out_json(p);
	rc = pk_out_rec(l->out, j);
	json_decref(j);
	return rc;
}

static int
list(const struct pk_period *per)
{
	struct pk_payment_filter f = {0};
	struct list_sum l = {0};
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ], c[PK_MONEY_BUFSZ];
	int64_t all;
	int rc;

	f.peer_id = peer_id_of(get(OPT_PEER));
	f.from = per ? per->from_s : NULL;
	f.to = per ? per->to_s : NULL;
	f.method = get(OPT_METHOD);
	f.kind = get(OPT_KIND);
	f.status = get(OPT_STATUS);
	l.out = pk_out_new(stdout, cli.format, cols_of());
	pk_out_fit(l.out, pay_fit);
	rc = pk_payment_each(cli.store, &f, list_one, &l);
	if (pk_out_end(l.out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0)
		pk_exit_error();
	all = l.honoraria;
	if (!pk_money_add(&all, l.reimbursements))
		pk_die(PK_EX_DATAERR, "the total is too large to add up");
	if (l.n == 0)
		pk_warn("no payments match");
	else
		pk_warn("%zu payment%s: %s paid (honoraria %s, reimbursements "
		    "%s); %zu void, not counted", l.n, l.n == 1 ? "" : "s",
		    pk_money_fmt(all, a), pk_money_fmt(l.honoraria, b),
		    pk_money_fmt(l.reimbursements, c), l.nvoid);
	return 0;
}

static const struct pk_col balance_cols[] = {
	{"peer_id", "ID"}, {"alias", "PEER"}, {"due", "DUE"}, {"paid", "PAID"},
	{"owed", "OWED"}, {"credit", "CREDIT"}, {NULL, NULL}
};

struct balance_sum {
	pk_out *out;
	size_t n;
	int64_t due, paid, owed, credit;
};

static int
balance_one(const struct pk_balance *b, void *arg)
{
	struct balance_sum *s = arg;
	json_t *j;
	int rc;

	s->n++;
	if (!pk_money_add(&s->due, b->due) || !pk_money_add(&s->paid, b->paid) ||
	    !pk_money_add(&s->owed, b->owed) ||
	    !pk_money_add(&s->credit, b->credit))
		return pk_fail(PK_EX_DATAERR, "the total is too large to add up");
	j = pk_balance_json(b);
	rc = pk_out_rec(s->out, j);
	json_decref(j);
	return rc;
}

/* --balance [REF]: what each peer's engagements are due, what was paid
 * of it, what is owed, and the credit each holds. */
static int
balances(const char *ref, const struct pk_period *per)
{
	struct balance_sum s = {0};
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ], c[PK_MONEY_BUFSZ];
	char d[PK_MONEY_BUFSZ];
	int rc;

	s.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    balance_cols : NULL);
	pk_out_fit(s.out, peer_fit);
	rc = pk_ledger_balances(cli.store, per, peer_id_of(ref), balance_one,
	    &s);
	if (pk_out_end(s.out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0)
		pk_exit_error();
	if (s.n == 0)
		pk_warn("nothing due and no credit");
	else
		pk_warn("%zu peer%s: due %s, paid %s, owed %s, in credit %s", s.n,
		    s.n == 1 ? "" : "s", pk_money_fmt(s.due, a),
		    pk_money_fmt(s.paid, b), pk_money_fmt(s.owed, c),
		    pk_money_fmt(s.credit, d));
	return 0;
}

struct totals_sum {
	pk_out *out;
	size_t n;
	int64_t taxable, reimbursements;
};

static int
totals_one(const struct pk_payment_totals *t, void *arg)
{
	struct totals_sum *s = arg;
	json_t *j;
	int rc;

	s->n++;
	if (!pk_money_add(&s->taxable, t->taxable) ||
	    !pk_money_add(&s->reimbursements, t->reimbursements))
		return pk_fail(PK_EX_DATAERR, "the total is too large to add up");
	j = pk_payment_totals_json(t);
	rc = pk_out_rec(s->out, j);
	json_decref(j);
	return rc;
}

static int
totals(void)
{
	struct totals_sum s = {0};
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	int y, m, d, rc;

	pk_date_split(pk_today(), &y, &m, &d);
	if (get(OPT_YEAR))
		y = pk_cli_year("year", get(OPT_YEAR));
	s.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    total_cols : NULL);
	pk_out_fit(s.out, peer_fit);
	rc = pk_payment_totals(cli.store, y, peer_id_of(get(OPT_PEER)),
	    totals_one, &s);
	if (pk_out_end(s.out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0)
		pk_exit_error();
	if (s.n == 0)
		pk_warn("no payments in %d", y);
	else
		pk_warn("%d: %zu peer%s, taxable %s, reimbursements %s", y, s.n,
		    s.n == 1 ? "" : "s", pk_money_fmt(s.taxable, a),
		    pk_money_fmt(s.reimbursements, b));
	return 0;
}

static int
receipt(const char *ref)
{
	struct pk_payment p;
	int rc;

	if (pk_payment_get(cli.store, ref, &p) != 0)
		pk_exit_error();
	rc = pk_payment_receipt(cli.store, &cli.cfg, &p, stdout, html);
	pk_payment_free(&p);
	if (rc != 0)
		pk_exit_error();
	return 0;
}

static int
statement_written(const char *path, void *arg)
{
	(void)arg;
	return printf("%s\n", path) < 0 ? pk_fail_write() :
	    0;
}

/* --statement REF, or --all into dir. */
static int
statement(const char *ref, const char *dir, const struct pk_period *per)
{
	enum pk_statement_form form = html ? PK_STATEMENT_HTML :
	    cli.format == PK_FMT_TABLE ? PK_STATEMENT_TEXT : PK_STATEMENT_JSON;
	struct pk_statement st;
	int rc;

	if (dir)
		rc = pk_statement_write_all(cli.store, &cli.cfg, per, dir,
		    form, statement_written, NULL);
	else if ((rc = pk_statement_make(cli.store, &cli.cfg, peer_id_of(ref),
	    per, &st)) == 0) {
		rc = pk_statement_print(stdout, &st, form);
		pk_statement_free(&st);
	}
	if (rc != 0)
		pk_exit_error();
	return 0;
}

/* --statement: a peer's (REF) or everyone's (--all, into -o DIR), for
 * one calendar month. */
static const char *
check_statement(const char *ref)
{
	const char *dir = cli.output;

	if (pk_cli_seen(&cli, OPT_ALL) == (ref != NULL))
		pk_usage_error(&cli, "--statement takes a peer (REF) or --all");
	if (!pk_cli_seen(&cli, OPT_ALL))
		return NULL;
	if (!dir)
		pk_usage_error(&cli, "--statement --all writes one file per peer: "
		    "-o DIR is required");
	cli.output = NULL;	/* a directory, not a file for stdout */
	return dir;
}

/* A payment made by hand says whom it pays and how much. */
static void
check_pay(void)
{
	if (!pk_cli_seen(&cli, OPT_PEER) && !pk_cli_seen(&cli, OPT_FOR))
		pk_usage_error(&cli, "say whom to pay: --peer REF, --for "
		    "ENGAGEMENT, --run or a FILE");
	if (!pk_cli_seen(&cli, OPT_AMOUNT) && !pk_cli_seen(&cli, OPT_FOR))
		pk_usage_error(&cli, "--amount is required (or --for "
		    "ENGAGEMENT)");
}

static void
check_format(int m)
{
	if (html && m != M_RECEIPT && m != M_STATEMENT)
		pk_usage_error(&cli, "--format html is for --receipt or "
		    "--statement");
	if (m == M_STATEMENT && cli.format == PK_FMT_CSV)
		pk_usage_error(&cli, "a statement is text (--format table), "
		    "html or json");
	if (m == M_RECEIPT && cli.format_set && !html &&
	    cli.format != PK_FMT_TABLE)
		pk_usage_error(&cli, "a receipt is text (--format table) or "
		    "--format html");
}

/* Values with a fixed form are checked as they are read: the same
 * mistake is a usage error in every mode. */
static void
check_value(int c, const char *arg, struct pk_period *per)
{
	static const char *const statuses[] = {"paid", "void", NULL};

	switch (c) {
	case OPT_AMOUNT:
		pk_cli_money("amount", arg);
		break;
	case OPT_DATE:
		pk_cli_date("date", arg);
		break;
	case OPT_METHOD:
		pk_cli_word("method", arg, pk_pay_methods, "a payment method");
		break;
	case OPT_KIND:
		pk_cli_word("kind", arg, pk_pay_kinds, "a kind of payment");
		break;
	case OPT_CATEGORY:
		pk_cli_word("category", arg, pk_pay_categories,
		    "a category of reimbursement");
		break;
	case OPT_PERIOD:
		pk_cli_period("period", arg, per);
		break;
	case OPT_VOID:
		pk_cli_record("void", arg, "a payment");
		break;
	case OPT_RECEIPT:
		pk_cli_record("receipt", arg, "a payment");
		break;
	case OPT_MONTH:
		pk_cli_period("month", arg, &month);
		if (!pk_statement_month(&month))
			pk_value_error("month", "\"%s\" is not one month "
			    "(YYYY-MM)", arg);
		break;
	case OPT_YEAR:
		pk_cli_year("year", arg);
		break;
	case OPT_STATUS:
		pk_cli_word("status", arg, statuses, "a payment's status");
		break;
	case OPT_INPUT_FORMAT:
		input_format = pk_cli_input_format("input-format", arg);
		break;
	}
}

/* Options handled before the common ones: --format html (receipts
 * only). */
static bool
early_option(int c, const char *arg)
{
	if (c == PK_OPT_FORMAT && strcmp(arg, "html") == 0) {
		html = true;
		cli.format_set = true;
		return true;
	}
	if (c == PK_OPT_FORMAT)
		html = false;
	return false;
}

static int
dispatch(int m, const char *file, const struct pk_period *per, json_t *ids,
    const char *dir)
{
	json_t *rec;
	int rc;

	switch (m) {
	case M_FILE:
		return pay(file, NULL, NULL);
	case M_RUN:
		return pay(NULL, NULL, per);
	case M_VOID:
		return void_payment();
	case M_LIST:
		return list(get(OPT_PERIOD) ? per : NULL);
	case M_TOTALS:
		return totals();
	case M_BALANCE:
		return balances(file ? file : get(OPT_PEER),
		    get(OPT_PERIOD) ? per : NULL);
	case M_RECEIPT:
		return receipt(get(OPT_RECEIPT));
	case M_STATEMENT:
		return statement(file, dir, &month);
	default:
		rec = options_record(ids);
		rc = pay(NULL, rec, NULL);
		json_decref(rec);
		return rc;
	}
}

int
main(int argc, char *argv[])
{
	struct pk_period per;
	json_t *ids = must(json_array());
	const char *dir = NULL;	/* --statement --all's -o DIR */
	int c, m, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (early_option(c, optarg) || pk_cli_option(&cli, c, optarg))
			continue;
		if (c < PK_OPT_TOOL || c >= OPT_END) {
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
		opt[c - PK_OPT_TOOL] = optarg;
		check_value(c, optarg, &per);
		if (c == OPT_FOR)
			add_for(ids, optarg);
		else if (c == OPT_STRICT)
			flags |= PK_PAY_STRICT;
		else if (c == OPT_DRY_RUN)
			dry_run = true;
		else if (c == OPT_KEEP_GOING)
			keep_going = true;
		else if (c == OPT_CASH_PLAN)
			cash_plan = true;
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		pk_usage_error(&cli, "one FILE at a time");
	/* --balance and --statement take a REF as an operand, not a FILE. */
	m = (int)(pk_cli_mode(&cli, modes, pk_cli_seen(&cli, OPT_BALANCE) ||
	    pk_cli_seen(&cli, OPT_STATEMENT) ? 0 : argc) - modes);
	if (m == M_BALANCE && argc > 0 && get(OPT_PEER))
		pk_usage_error(&cli, "give the peer once: --balance REF or "
		    "--peer REF");
	if (m == M_PAY)
		check_pay();
	check_format(m);
	if (m == M_STATEMENT)
		dir = check_statement(argc > 0 ? argv[0] : NULL);
	pk_cli_open(&cli, m == M_LIST || m == M_TOTALS || m == M_RECEIPT ||
	    m == M_BALANCE || m == M_STATEMENT ? PK_STORE_READ : dry_run ?
	    PK_STORE_DRYRUN : PK_STORE_WRITE);
	rc = dispatch(m, argc > 0 ? argv[0] : NULL, &per, ids, dir);
	json_decref(ids);
	return pk_cli_close(&cli, rc);
}
