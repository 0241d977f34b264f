/*
 * statement.c - a peer's earnings statement for a month: what they
 * received, by date, for the monthly report that income and disability
 * assistance ask of them.  Plain text, one self-contained HTML page that
 * prints on one letter page, or one JSON object; and a statement for
 * every peer paid in the month, each written to its own file.
 *
 * Every figure comes from the rule the other tools use: the month's
 * income and the year to date are pk_payment_taxable (honoraria paid,
 * counted on the day the money was received: honorarium-pay --totals
 * gives the same), reimbursements are listed apart and count toward
 * nothing, void payments are left out, and a benefit program's limits
 * are the configuration's entry for the year (pk_config_benefit), the
 * annual one judged by pk_benefit_annual.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

bool
pk_statement_month(const struct pk_period *per)
{
	int y, m, d;

	pk_date_split(per->from, &y, &m, &d);
	return d == 1 && per->to == pk_date_add_months(per->from, 1) - 1;
}

/* "Given I. Surname" as on record; NULL without a surname. */
static char *
legal_name(const struct pk_peer *p)
{
	if (pk_text_blank(p->surname))
		return NULL;
	return pk_asprintf("%s%s%s%s%s", pk_text_blank(p->given_name) ? "" :
	    p->given_name, pk_text_blank(p->given_name) ? "" : " ",
	    pk_text_blank(p->initial) ? "" : p->initial,
	    pk_text_blank(p->initial) ? "" : " ", p->surname);
}

/* What the payment paid for: each engagement's date and activity. */
static int
what_for(pk_store *s, const struct pk_payment *p, char **out)
{
	struct pk_engagement e;
	char id[24], *was;
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < p->nengagements; i++) {
		snprintf(id, sizeof id, "%lld", (long long)p->engagements[i]);
		if ((rc = pk_engagement_get(s, id, &e)) != 0)
			return rc;
		was = *out;
		*out = pk_asprintf("%s%s%s %s", was ? was : "", was ? "; " : "",
		    e.date, e.activity);
		free(was);
		pk_engagement_free(&e);
	}
	return 0;
}

struct collect {
	pk_store *s;
	struct pk_statement *st;
	size_t hcap, rcap;
};

static int
add_item(const struct pk_payment *p, void *arg)
{
	struct collect *c = arg;
	struct pk_statement *st = c->st;
	struct pk_statement_item *it;
	bool income = pk_payment_is_taxable(p);

	if (strcmp(p->status, "paid") != 0) {
		st->voided++;
		return 0;
	}
	if (income && st->nhonoraria == c->hcap) {
		c->hcap = c->hcap ? c->hcap * 2 : 8;
		st->honoraria = pk_realloc(st->honoraria, c->hcap *
		    sizeof *st->honoraria);
	} else if (!income && st->nreimbursements == c->rcap) {
		c->rcap = c->rcap ? c->rcap * 2 : 8;
		st->reimbursements = pk_realloc(st->reimbursements, c->rcap *
		    sizeof *st->reimbursements);
	}
	it = income ? &st->honoraria[st->nhonoraria++] :
	    &st->reimbursements[st->nreimbursements++];
	memset(it, 0, sizeof *it);
	it->payment_id = p->id;
	memcpy(it->date, p->date, sizeof it->date);
	it->amount = p->amount;
	it->method = pk_strdup(p->method);
	it->category = p->category ? pk_strdup(p->category) : NULL;
	it->note = p->note ? pk_strdup(p->note) : NULL;
	if (!income)
		return pk_money_add(&st->reimbursed, p->amount) ? 0 :
		    pk_fail(PK_EX_DATAERR, "reimbursements are too large to "
		    "add up");
	return what_for(c->s, p, &it->what);
}

/* The program's limits for the year, and what is left of each. */
static void
limits(const struct pk_config *cfg, const struct pk_peer *p,
    struct pk_statement *st)
{
	const struct pk_benefit *b;

	if (pk_text_blank(p->benefit_program) ||
	    !(b = pk_config_benefit(cfg, p->benefit_program, atoi(st->from))))
		return;
	st->program = pk_strdup(b->name);
	st->monthly_limit = b->monthly_limit;
	st->annual_limit = b->annual_limit;
	if (b->monthly_limit > 0 && st->income < b->monthly_limit)
		st->monthly_left = b->monthly_limit - st->income;
	if (b->annual_limit > 0 && st->year_to_date < b->annual_limit)
		st->annual_left = b->annual_limit - st->year_to_date;
	st->annual_status = pk_benefit_annual(b, st->year_to_date);
}

int
pk_statement_make(pk_store *s, const struct pk_config *cfg, int64_t peer_id,
    const struct pk_period *month, struct pk_statement *st)
{
	struct pk_payment_filter f = {0};
	struct collect c = {s, st, 0, 0};
	struct pk_peer p;
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = pk_peer_get(s, peer_id, &p)) != 0)
		return rc;
	st->peer_id = p.id;
	memcpy(st->peer_uuid, p.uuid, sizeof st->peer_uuid);
	st->alias = pk_strdup(p.alias);
	st->legal_name = legal_name(&p);
	st->payer = pk_text_blank(cfg->payer.name) ? NULL :
	    pk_strdup(cfg->payer.name);
	snprintf(st->month, sizeof st->month, "%.7s", month->from_s);
	memcpy(st->from, month->from_s, sizeof st->from);
	memcpy(st->to, month->to_s, sizeof st->to);
	snprintf(st->year_from, sizeof st->year_from, "%.4s-01-01",
	    month->from_s);
	f.peer_id = peer_id;
	f.from = st->from;
	f.to = st->to;
	if ((rc = pk_payment_each(s, &f, add_item, &c)) == 0 &&
	    (rc = pk_payment_taxable(s, peer_id, st->from, st->to,
	    &st->income)) == 0 &&
	    (rc = pk_payment_taxable(s, peer_id, st->year_from, st->to,
	    &st->year_to_date)) == 0)
		limits(cfg, &p, st);
	pk_peer_free(&p);
	if (rc != 0)
		pk_statement_free(st);
	return rc;
}

static void
free_items(struct pk_statement_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].method);
		free(v[i].category);
		free(v[i].note);
		free(v[i].what);
	}
	free(v);
}

void
pk_statement_free(struct pk_statement *st)
{
	free_items(st->honoraria, st->nhonoraria);
	free_items(st->reimbursements, st->nreimbursements);
	free(st->alias);
	free(st->legal_name);
	free(st->payer);
	free(st->program);
	memset(st, 0, sizeof *st);
}

/*
 * JSON
 */

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

static json_t *
items_json(const struct pk_statement_item *v, size_t n, bool income)
{
	json_t *a = checked(json_array()), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = checked(json_object());
		pk_json_set(o, "payment_id", checked(json_integer(
		    v[i].payment_id)));
		pk_json_set(o, "date", pk_json_strornull(v[i].date));
		pk_json_set(o, "amount", pk_money_json(v[i].amount));
		pk_json_set(o, "method", pk_json_strornull(v[i].method));
		if (income)
			pk_json_set(o, "for", pk_json_strornull(v[i].what));
		else
			pk_json_set(o, "category", pk_json_strornull(
			    v[i].category));
		pk_json_set(o, "note", pk_json_strornull(v[i].note));
		if (json_array_append_new(a, o) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	return a;
}

static const char *const limit_status[] = {"under", "reached-75", "over"};

/* A limit, what is left of it, and the earnings it is measured by. */
static json_t *
limit_json(int64_t limit, int64_t earned, int64_t left, const char *status)
{
	json_t *o = checked(json_object());

	pk_json_set(o, "limit", pk_money_json(limit));
	pk_json_set(o, "earned", pk_money_json(earned));
	pk_json_set(o, "remaining", pk_money_json(left));
	pk_json_set(o, "status", pk_json_strornull(status));
	return o;
}

static json_t *
benefit_json(const struct pk_statement *st)
{
	json_t *o;

	if (!st->program)
		return json_null();
	o = checked(json_object());
	pk_json_set(o, "program", pk_json_strornull(st->program));
	pk_json_set(o, "monthly", st->monthly_limit <= 0 ? json_null() :
	    limit_json(st->monthly_limit, st->income, st->monthly_left,
	    st->income > st->monthly_limit ? "over" : "under"));
	pk_json_set(o, "annual", st->annual_limit <= 0 ? json_null() :
	    limit_json(st->annual_limit, st->year_to_date, st->annual_left,
	    limit_status[st->annual_status]));
	return o;
}

json_t *
pk_statement_json(const struct pk_statement *st)
{
	json_t *o = checked(json_object());

	pk_json_set(o, "peer_id", checked(json_integer(st->peer_id)));
	pk_json_set(o, "peer_uuid", pk_json_strornull(st->peer_uuid));
	pk_json_set(o, "alias", pk_json_strornull(st->alias));
	pk_json_set(o, "legal_name", pk_json_strornull(st->legal_name));
	pk_json_set(o, "payer", pk_json_strornull(st->payer));
	pk_json_set(o, "month", pk_json_strornull(st->month));
	pk_json_set(o, "from", pk_json_strornull(st->from));
	pk_json_set(o, "to", pk_json_strornull(st->to));
	pk_json_set(o, "honoraria", items_json(st->honoraria, st->nhonoraria,
	    true));
	pk_json_set(o, "income", pk_money_json(st->income));
	pk_json_set(o, "reimbursements", items_json(st->reimbursements,
	    st->nreimbursements, false));
	pk_json_set(o, "reimbursed", pk_money_json(st->reimbursed));
	pk_json_set(o, "year_to_date", pk_money_json(st->year_to_date));
	pk_json_set(o, "voided", checked(json_integer((json_int_t)
	    st->voided)));
	pk_json_set(o, "benefit", benefit_json(st));
	return o;
}

/*
 * Text and HTML: the same lines, each either "label  value" or a row.
 */

static const char statement_css[] =
    "@page{size:letter;margin:.6in}\n"
    "body{font-family:sans-serif;font-size:11pt;max-width:44em;"
    "margin:1em auto;padding:0 1em;color:#000}\n"
    "h1{font-size:1.3em;margin:0 0 .3em}\n"
    "h2{font-size:1.05em;margin:1.2em 0 .3em}\n"
    "table{border-collapse:collapse}\n"
    "th{text-align:left;padding:.15em 1em .15em 0;vertical-align:top}\n"
    "td{padding:.15em 1em .15em 0;vertical-align:top}\n"
    "td.n,th.n{text-align:right}\n"
    ".total td{border-top:1px solid #000;font-weight:bold}\n"
    ".note{font-size:.9em}\n"
    ".sign{margin-top:2em}\n"
    ".line{display:inline-block;border-bottom:1px solid #000;width:18em;"
    "margin-left:1em}\n";

static void
put(FILE *fp, const char *s, bool html)
{
	pk_markup_text(fp, s, html ? PK_MARKUP_HTML : PK_MARKUP_NONE);
}

static void
field(FILE *fp, const char *label, const char *value, bool html)
{
	fputs(html ? "<tr><th>" : "", fp);
	if (html)
		put(fp, label, true);
	else
		fprintf(fp, "%-18s", label);
	fputs(html ? "</th><td>" : "", fp);
	put(fp, value, html);
	fputs(html ? "</td></tr>\n" : "\n", fp);
}

static void
heading(FILE *fp, const char *text, bool html)
{
	fputs(html ? "<h2>" : "\n", fp);
	put(fp, text, html);
	fputs(html ? "</h2>\n" : "\n", fp);
}

static void
head(FILE *fp, const struct pk_statement *st, bool html)
{
	char title[64], peer[PK_ALIAS_MAX * 4 + 32], dates[32];

	snprintf(title, sizeof title, "Earnings statement, %s %.4s",
	    month_names[atoi(st->month + 5) - 1], st->month);
	if (html) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<title>", fp);
		put(fp, title, true);
		fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		    "<h1>", statement_css);
		put(fp, title, true);
		fputs("</h1>\n", fp);
	} else {
		fprintf(fp, "%s\n", title);
	}
	if (st->payer) {
		fputs(html ? "<p>Paid by " : "Paid by ", fp);
		put(fp, st->payer, html);
		fputs(html ? "</p>\n" : "\n", fp);
	}
	fputs(html ? "<table>\n" : "\n", fp);
	snprintf(peer, sizeof peer, "%s (peer %lld)", st->alias,
	    (long long)st->peer_id);
	field(fp, "Peer", peer, html);
	if (st->legal_name)
		field(fp, "Legal name", st->legal_name, html);
	snprintf(dates, sizeof dates, "%s to %s", st->from, st->to);
	field(fp, "Month", dates, html);
	fputs(html ? "</table>\n" : "", fp);
}

/* A row of a list: date, amount, method, and what it was. */
static void
row(FILE *fp, const struct pk_statement_item *it, const char *what,
    bool html)
{
	char m[PK_MONEY_BUFSZ];

	pk_money_fmt(it->amount, m);
	if (!html) {
		fprintf(fp, "  %s  %10s  %s", it->date, m, it->method);
		if (what) {
			fprintf(fp, "%*s", strlen(it->method) < 16 ?
			    (int)(16 - strlen(it->method)) : 1, "");
			put(fp, what, false);
		}
		putc('\n', fp);
		return;
	}
	fprintf(fp, "<tr><td>%s</td><td class=\"n\">%s</td><td>", it->date, m);
	put(fp, it->method, true);
	fputs("</td><td>", fp);
	put(fp, what ? what : "", true);
	fputs("</td></tr>\n", fp);
}

static void
total(FILE *fp, const char *label, int64_t cents, bool html)
{
	char m[PK_MONEY_BUFSZ];

	pk_money_fmt(cents, m);
	if (html)
		fprintf(fp, "<tr class=\"total\"><td>%s</td><td class=\"n\">%s"
		    "</td><td colspan=\"2\"></td></tr>\n</table>\n", label, m);
	else
		fprintf(fp, "  %-10s  %10s\n", label, m);
}

static void
items(FILE *fp, const struct pk_statement_item *v, size_t n, bool income,
    int64_t sum, bool html)
{
	size_t i;

	if (n == 0) {
		fputs(html ? "<p>None.</p>\n" : "  none\n", fp);
		return;
	}
	if (html)
		fprintf(fp, "<table>\n<tr><th>Date</th><th class=\"n\">Amount"
		    "</th><th>Method</th><th>%s</th></tr>\n", income ? "For" :
		    "What");
	else
		fprintf(fp, "  DATE            AMOUNT  METHOD          %s\n",
		    income ? "FOR" : "WHAT");
	for (i = 0; i < n; i++)
		row(fp, &v[i], income ? v[i].what : v[i].category, html);
	total(fp, "Total", sum, html);
}

static void
limit_line(FILE *fp, const char *label, int64_t limit, int64_t earned,
    int64_t left, bool html)
{
	char l[PK_MONEY_BUFSZ], e[PK_MONEY_BUFSZ], r[PK_MONEY_BUFSZ];

	pk_money_fmt(limit, l);
	pk_money_fmt(earned, e);
	pk_money_fmt(left, r);
	if (html)
		fprintf(fp, "<tr><td>%s</td><td class=\"n\">%s</td>"
		    "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
		    label, l, e, r);
	else
		fprintf(fp, "  %-14s %10s  %10s  %10s\n", label, l, e, r);
}

static void
benefit(FILE *fp, const struct pk_statement *st, bool html)
{
	char text[160];

	if (!st->program)
		return;
	snprintf(text, sizeof text, "Earnings limits: %s", st->program);
	heading(fp, text, html);
	fputs(html ? "<table>\n<tr><th></th><th class=\"n\">Limit</th>"
	    "<th class=\"n\">Earned</th><th class=\"n\">Remaining</th></tr>\n" :
	    "                      LIMIT      EARNED   REMAINING\n", fp);
	if (st->monthly_limit > 0)
		limit_line(fp, "This month", st->monthly_limit, st->income,
		    st->monthly_left, html);
	if (st->annual_limit > 0)
		limit_line(fp, "This year", st->annual_limit, st->year_to_date,
		    st->annual_left, html);
	fputs(html ? "</table>\n" : "", fp);
	if (st->monthly_limit > 0 && st->income > st->monthly_limit)
		fputs(html ? "<p>The month's earnings are over the monthly "
		    "limit.</p>\n" : "  The month's earnings are over the "
		    "monthly limit.\n", fp);
	if (st->annual_limit > 0 && st->annual_status == PK_LIMIT_OVER)
		fputs(html ? "<p>The year's earnings are over the annual "
		    "limit.</p>\n" : "  The year's earnings are over the annual "
		    "limit.\n", fp);
	else if (st->annual_limit > 0 && st->annual_status == PK_LIMIT_NEAR)
		fputs(html ? "<p>The year's earnings have reached 75% of the "
		    "annual limit.</p>\n" : "  The year's earnings have reached "
		    "75% of the annual limit.\n", fp);
}

static void
foot(FILE *fp, const struct pk_statement *st, bool html)
{
	char ytd[PK_MONEY_BUFSZ], dates[64];

	heading(fp, "Year to date", html);
	snprintf(dates, sizeof dates, "Income, %s to %s", st->year_from, st->to);
	pk_money_fmt(st->year_to_date, ytd);
	if (html)
		fprintf(fp, "<table>\n<tr><th>%s</th><td class=\"n\">%s</td>"
		    "</tr>\n</table>\n", dates, ytd);
	else
		fprintf(fp, "  %-34s %10s\n", dates, ytd);
	benefit(fp, st, html);
	fputs(html ? "<p class=\"note\">" : "\n", fp);
	fputs("Income is counted in the month the money was received.", fp);
	fputs(html ? " " : "\n", fp);
	fputs("Reimbursements repay expenses and are not income.", fp);
	fputs(html ? " " : "\n", fp);
	fputs("Void payments are not shown.", fp);
	fputs(html ? "</p>\n<p class=\"sign\">Issued by<span class=\"line\">"
	    "</span></p>\n</body>\n</html>\n" : "\n", fp);
}

int
pk_statement_print(FILE *fp, const struct pk_statement *st,
    enum pk_statement_form form)
{
	bool html = form == PK_STATEMENT_HTML;
	char *text;
	json_t *j;

	if (form == PK_STATEMENT_JSON) {
		j = pk_statement_json(st);
		text = pk_json_text(j, NULL);
		fprintf(fp, "%s\n", text);
		free(text);
		json_decref(j);
	} else {
		head(fp, st, html);
		heading(fp, "Income received (honoraria)", html);
		items(fp, st->honoraria, st->nhonoraria, true, st->income, html);
		heading(fp, "Reimbursements (not income)", html);
		items(fp, st->reimbursements, st->nreimbursements, false,
		    st->reimbursed, html);
		foot(fp, st, html);
	}
	return ferror(fp) ? pk_fail_write() : 0;
}

/*
 * Every peer paid in a month, each into a file of a directory.
 */

struct id_list {
	int64_t *v;
	size_t n, cap;
};

static int
add_peer(const struct pk_payment *p, void *arg)
{
	struct id_list *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = pk_realloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = p->peer_id;
	return 0;
}

/* The peers with a payment (not void) in the month, each once, by id. */
static int
peers_paid(pk_store *s, const struct pk_period *month, struct id_list *l)
{
	struct pk_payment_filter f = {0};
	size_t i, n = 0;
	int rc;

	f.from = month->from_s;
	f.to = month->to_s;
	f.status = "paid";
	if ((rc = pk_payment_each(s, &f, add_peer, l)) != 0)
		return rc;
	if (l->n > 0)
		qsort(l->v, l->n, sizeof *l->v, pk_cmp_id);
	for (i = 0; i < l->n; i++)
		if (n == 0 || l->v[i] != l->v[n - 1])
			l->v[n++] = l->v[i];
	l->n = n;
	return 0;
}

/* DIR, made 0700 when it is not there. */
static int
make_dir(const char *dir)
{
	struct stat sb;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return pk_fail(PK_EX_CANTCREAT, "%s: cannot create the "
		    "directory: %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return pk_fail(PK_EX_CANTCREAT, "%s: not a directory", dir);
	return 0;
}

/* path, whole or not at all: a temporary file in the same directory,
 * 0600 whatever the umask, synced and renamed. */
static int
write_file(const char *path, const struct pk_statement *st,
    enum pk_statement_form form)
{
	char *tmp = pk_asprintf("%s.XXXXXX", path);
	FILE *fp = NULL;
	int fd, rc = 0;

	if ((fd = mkstemp(tmp)) < 0 || fchmod(fd, 0600) != 0 ||
	    !(fp = fdopen(fd, "w")))
		rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", path, strerror(errno));
	if (rc == 0)
		rc = pk_statement_print(fp, st, form);
	if (rc == 0 && (fflush(fp) != 0 || fsync(fd) != 0))
		rc = pk_fail(PK_EX_IOERR, "%s: %s", path, strerror(errno));
	if (fp && fclose(fp) != 0 && rc == 0)
		rc = pk_fail(PK_EX_IOERR, "%s: %s", path, strerror(errno));
	else if (!fp && fd >= 0)
		close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", path, strerror(errno));
	if (rc != 0 && fd >= 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

static const char *const form_ext[] = {"txt", "html", "json"};

int
pk_statement_write_all(pk_store *s, const struct pk_config *cfg,
    const struct pk_period *month, const char *dir,
    enum pk_statement_form form, int (*fn)(const char *, void *), void *arg)
{
	struct id_list peers = {0};
	struct pk_statement st;
	char *path;
	size_t i;
	int rc;

	if ((rc = make_dir(dir)) != 0 || (rc = peers_paid(s, month,
	    &peers)) != 0) {
		free(peers.v);
		return rc;
	}
	for (i = 0; i < peers.n && rc == 0; i++) {
		if ((rc = pk_statement_make(s, cfg, peers.v[i], month, &st)) != 0)
			break;
		path = pk_asprintf("%s%sstatement-%.7s-peer-%lld.%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", month->from_s,
		    (long long)peers.v[i], form_ext[form]);
		if ((rc = write_file(path, &st, form)) == 0 && fn)
			rc = fn(path, arg);
		free(path);
		pk_statement_free(&st);
	}
	free(peers.v);
	return rc;
}
