/*
 * onboard-check - a peer's onboarding checklist; items done, undone or
 * waived; every active peer with something due (--all).
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_DONE = PK_OPT_TOOL, OPT_UNDO, OPT_WAIVE, OPT_DATE, OPT_NOTE,
	OPT_REASON, OPT_WITHIN, OPT_ALL, OPT_ROLE, OPT_REGION, OPT_SITE,
	OPT_DRY_RUN, OPT_DECLINED, OPT_NEXT
};

static const struct option longopts[] = {
	{"done", required_argument, NULL, OPT_DONE},
	{"undo", required_argument, NULL, OPT_UNDO},
	{"waive", required_argument, NULL, OPT_WAIVE},
	{"date", required_argument, NULL, OPT_DATE},
	{"note", required_argument, NULL, OPT_NOTE},
	{"reason", required_argument, NULL, OPT_REASON},
	{"within", required_argument, NULL, OPT_WITHIN},
	{"all", no_argument, NULL, OPT_ALL},
	{"role", required_argument, NULL, OPT_ROLE},
	{"region", required_argument, NULL, OPT_REGION},
	{"site", required_argument, NULL, OPT_SITE},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"declined", required_argument, NULL, OPT_DECLINED},
	{"next", no_argument, NULL, OPT_NEXT},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

static const struct pk_col item_cols[] = {
	{"key", "KEY"}, {"status", "STATUS"}, {"done_on", "DONE"},
	{"expires_on", "EXPIRES"}, {"by", "BY"}, {"title", "TITLE"},
	{NULL, NULL}
};
static const struct pk_col all_cols[] = {
	{"peer_id", "ID"}, {"alias", "ALIAS"}, {"role", "ROLE"},
	{"key", "KEY"}, {"status", "STATUS"}, {"done_on", "DONE"},
	{"expires_on", "EXPIRES"}, {NULL, NULL}
};
/* On a narrow terminal (onboard-check(1), "Tables"). */
static const struct pk_fit item_fit[] = {
	{"title", 16}, {"by", 12}, {"by", 0}, {NULL, 0}
};
static const struct pk_fit all_fit[] = {
	{"alias", 16}, {"role", 12}, {"role", 0}, {NULL, 0}
};

/* A step asked for on the command line: --done, --undo or --waive. */
struct act {
	const char *action, *key;
};

static struct pk_cli cli;
static struct pk_checklist checklist;
static struct act *acts;
static size_t nacts;
static int within = 30;

/* What a listing found, for the exit status and the closing note. */
struct tally {
	pk_out *out;
	size_t rows, no;
	bool only_action;	/* --all: due, expiring and expired only */
};

static void
usage(FILE *fp, int status)
{
	int w = (int)strlen(pk_progname);

	/* As the man page's SYNOPSIS has it, word for word. */
	fprintf(fp,
	    "usage: %s [--within DAYS] [--next] [options] REF\n"
	    "       %s --done ITEM [--date DATE] [--note TEXT] [--dry-run]\n"
	    "       %*s [--next] [options] REF\n"
	    "       %s --undo ITEM [--date DATE] [--note TEXT] [--dry-run]\n"
	    "       %*s [options] REF\n"
	    "       %s --waive ITEM --reason TEXT [--date DATE] [--dry-run]\n"
	    "       %*s [options] REF\n"
	    "       %s --declined ITEM [--date DATE] [--note TEXT] [--dry-run]\n"
	    "       %*s [options] REF\n"
	    "       %s --all [--role R] [--region R] [--site S]\n"
	    "       %*s [--within DAYS] [options]\n",
	    pk_progname, pk_progname, w, "", pk_progname, w, "", pk_progname,
	    w, "", pk_progname, w, "", pk_progname, w, "");
	if (status != 0)
		return;
	fputs("\nREF is an id, a uuid or an alias that is unique; ITEM a key of "
	    "the checklist,\nor a follow-up after an incident: KEY@INCIDENT, or "
	    "KEY for the latest\nincident that asks for it.  A follow-up the "
	    "peer declined is never overdue.\n--done, --undo, --waive and "
	    "--declined may be repeated and\n"
	    "combined; they are recorded together or not at all.\n"
	    "\nOptions:\n"
	    "  --within DAYS    an item lapsing within DAYS is expiring "
	    "(default 30)\n"
	    "  --next           what the peer still needs for the next role of "
	    "the\n                   progression; with --done or --waive, an "
	    "item of that role\n"
	    "  --date DATE      the day the step was taken (default today)\n"
	    "  --note TEXT      a note on --done or --undo\n"
	    "  --reason TEXT    why an item is waived (required by --waive)\n"
	    "  --dry-run        check and print, write nothing\n"
	    "  --all            every active peer with something due, "
	    "expiring or expired\n"
	    "  --role R, --region R, --site S  with --all, only those peers\n"
	    "  --json, --format table|json|jsonl|csv  --wide\n"
	    "  --bom            CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n"
	    "\nExit status: 0 nothing due or expired, 1 something is, "
	    ">1 an error.\n", fp);
}

static int
print_state(const struct pk_peer *p, const struct pk_onboard_state *st,
    void *arg)
{
	struct tally *t = arg;
	json_t *j;
	int rc;

	if (t->only_action && !pk_onboard_needs_action(st->status))
		return 0;
	j = pk_onboard_json(p, st);
	rc = pk_out_rec(t->out, j);
	json_decref(j);
	t->rows++;
	t->no += pk_onboard_is_no(st->status);
	return rc;
}

static int
print_follow_up(const struct pk_peer *p, const struct pk_follow_up *f,
    void *arg)
{
	struct tally *t = arg;
	json_t *j = pk_follow_up_json(p, f);
	int rc = pk_out_rec(t->out, j);

	json_decref(j);
	t->rows++;
	t->no += pk_follow_up_is_no(f);
	return rc;
}

/* Print the recorded error; main closes the store and exits with rc. */
static int
failed(int rc)
{
	fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	return rc;
}

/* Close the output; the answer is "no" (1) when something is due. */
static int
finish_list(struct tally *t, int rc)
{
	if (pk_out_end(t->out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0)
		return failed(rc);
	return t->no > 0 ? PK_EX_NO : 0;
}

static int
show(const char *ref)
{
	struct tally t = { NULL, 0, 0, false };
	struct pk_peer p;
	int rc;

	if ((rc = pk_peer_resolve(cli.store, ref, &p)) != 0)
		return failed(rc);
	t.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    item_cols : NULL);
	pk_out_fit(t.out, item_fit);
	rc = pk_onboard_check(cli.store, &checklist, &p, within, print_state,
	    &t);
	if (rc == 0)
		rc = pk_follow_up_check(cli.store, &p, print_follow_up, &t);
	if (rc == 0 && t.rows == 0)
		pk_warn("%s: no item of the checklist applies", p.alias);
	pk_peer_free(&p);
	return finish_list(&t, rc);
}

/* --next: the items of the next role still to do (due, expiring or
 * expired); the role is said on stderr. */
static int
next(const char *ref)
{
	struct tally t = { NULL, 0, 0, true };
	const char *role;
	struct pk_peer p;
	bool on_path;
	int rc;

	if ((rc = pk_peer_resolve(cli.store, ref, &p)) != 0)
		return failed(rc);
	t.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    item_cols : NULL);
	pk_out_fit(t.out, item_fit);
	rc = pk_onboard_next(cli.store, &checklist, &cli.cfg, &p, within,
	    &role, &on_path, print_state, &t);
	if (rc == 0 && !on_path)
		pk_warn("%s: role \"%s\" is not on the progression: no next "
		    "role", p.alias, p.role);
	else if (rc == 0 && !role)
		pk_warn("%s: %s is the last role of the progression", p.alias,
		    p.role);
	else if (rc == 0)
		pk_warn("%s: %s next; %zu item%s of its checklist to do",
		    p.alias, role, t.rows, t.rows == 1 ? "" : "s");
	pk_peer_free(&p);
	return finish_list(&t, rc);
}

static int
all(const struct pk_peer_filter *f)
{
	struct tally t = { NULL, 0, 0, true };
	int rc;

	t.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    all_cols : NULL);
	pk_out_fit(t.out, all_fit);
	rc = pk_onboard_each(cli.store, &checklist, f, within, print_state, &t);
	if (rc == 0)
		rc = pk_follow_up_each(cli.store, f, print_follow_up, &t);
	if (rc == 0 && t.rows == 0)
		pk_warn("nothing due, expiring or expired");
	return finish_list(&t, rc);
}

static int
collect_follow_up(const struct pk_peer *p, const struct pk_follow_up *f,
    void *arg)
{
	if (json_array_append_new(arg, pk_follow_up_json(p, f)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return 0;
}

/* The steps for peer p and the states they leave, appended to recs. */
static int
take_steps(const struct pk_peer *p, pk_day date, const char *note,
    const char *reason, json_t *recs)
{
	int64_t *fu = pk_calloc(nacts + 1, sizeof *fu);
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < nacts; i++)
		rc = pk_item_step(cli.store, &cli.cfg, &checklist, p,
		    acts[i].action, acts[i].key, date,
		    strcmp(acts[i].action, "waive") == 0 ? reason : note, &fu[i]);
	for (i = 0; rc == 0 && i < nacts; i++)
		rc = fu[i] ? pk_follow_up_check_one(cli.store, p, fu[i],
		    collect_follow_up, recs) : pk_onboard_check_item(cli.store,
		    &checklist, p, acts[i].key, within, pk_onboard_collect, recs);
	free(fu);
	return rc;
}

/* --done ITEM --next: a step taken ahead, for the next role, as if the
 * peer held it. */
static int
as_next(struct pk_peer *p)
{
	const char *role;
	bool on_path;

	if (!(role = pk_progression_next(&cli.cfg, p->role, &on_path)))
		return pk_fail(PK_EX_DATAERR, "%s: %s%s%s: no next role on the "
		    "progression", p->alias, on_path ? "" : "role \"",
		    p->role, on_path ? " is the last role" : "\" is not on it");
	free(p->role);
	p->role = pk_strdup(role);
	return 0;
}

/* What the command line asks of one peer's checklist. */
struct steps {
	const char *ref, *note, *reason;
	pk_day date;
};

static int
step_record(struct pk_batch *b, json_t *rec, void *arg)
{
	const struct steps *s = arg;
	struct pk_peer p;
	json_t *recs, *j;
	size_t i;
	int rc;

	(void)rec;
	if ((rc = pk_peer_resolve(cli.store, s->ref, &p)) != 0)
		return rc;
	if (pk_cli_seen(&cli, OPT_NEXT) && (rc = as_next(&p)) != 0) {
		pk_peer_free(&p);
		return rc;
	}
	if (!(recs = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	rc = take_steps(&p, s->date, s->note, s->reason, recs);
	pk_peer_free(&p);
	json_array_foreach(recs, i, j)
		if (rc == 0)
			rc = pk_batch_put(b, j);
	json_decref(recs);
	return rc;
}

/* The steps, in one transaction; the items' new states are printed
 * once it has committed (or, for --dry-run, rolled back). */
static int
record(const char *ref, pk_day date, const char *note, const char *reason,
    bool dry_run)
{
	struct steps s = {ref, note, reason, date};
	json_t *rec = json_object();
	struct pk_batch b = {
		.store = cli.store, .recs = &rec, .nrecs = 1, .dry_run = dry_run,
		.print = true, .format = cli.format,
		.cols = cli.format == PK_FMT_TABLE ? item_cols : NULL,
		.fit = item_fit, .record = step_record, .arg = &s
	};
	int rc;

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	rc = pk_batch_run(&b);
	json_decref(rec);
	return rc;
}

static void
add_act(const char *action, const char *key)
{
	size_t i;

	for (i = 0; i < nacts; i++)
		if (strcmp(acts[i].key, key) == 0)
			pk_usage_error(&cli, "item \"%s\" is named twice", key);
	acts = pk_realloc(acts, (nacts + 1) * sizeof *acts);
	acts[nacts].action = action;
	acts[nacts++].key = key;
}

/* For the completion scripts: the item keys of the configured
 * checklist, one per line. */
static void
complete_items(struct pk_cli *c)
{
	size_t i;

	if (pk_checklist_load(&checklist, &c->cfg) == 0)
		for (i = 0; i < checklist.n; i++)
			puts(checklist.items[i].key);
	pk_checklist_free(&checklist);
}

/* What each option's value is, for the completion scripts. */
static const struct pk_complete comp[] = {
	{"done", "items", NULL, complete_items},
	{"undo", "items", NULL, complete_items},
	{"waive", "items", NULL, complete_items},
	{"declined", "items", NULL, complete_items},
	{"date", "dates", NULL, NULL},
	{"role", "roles", NULL, NULL}, {"region", "regions", NULL, NULL},
	{"site", "sites", NULL, NULL},
	{"", "peers", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

/* A filter value must be one the configuration knows, or a weekly
 * cron job with a typo would report "nothing due" for ever. */
static void
check_filter(const char *opt, const char *v, const struct pk_strlist *l,
    bool empty_any)
{
	if (v && !(empty_any && l->n == 0) && !pk_strlist_has(l, v))
		pk_value_error(opt, "\"%s\" is not in the configured %ss", v,
		    opt);
}

/* The ways it runs and the options each takes (pk_cli_mode); the REF
 * operand is checked beside. */
static const int show_takes[] = {OPT_WITHIN, OPT_NEXT, 0};
static const int all_by[] = {OPT_ALL, 0};
static const int all_takes[] = {OPT_ROLE, OPT_REGION, OPT_SITE, OPT_WITHIN, 0};
static const int record_by[] = {OPT_DONE, OPT_UNDO, OPT_WAIVE, OPT_DECLINED,
	0};
static const int record_takes[] = {
	OPT_DATE, OPT_NOTE, OPT_REASON, OPT_DRY_RUN, OPT_WITHIN, OPT_NEXT, 0
};
enum { M_SHOW, M_ALL, M_RECORD };
static const struct pk_mode modes[] = {
	[M_SHOW] = {"a REF alone", NULL, PK_MODE_DEFAULT, show_takes, NULL},
	[M_ALL] = {"--all", all_by, 0, all_takes, NULL},
	[M_RECORD] = {"--done/--undo/--waive", record_by, 0, record_takes,
	    NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static int
check_args(int argc, const char *note, const char *reason)
{
	int m = (int)(pk_cli_mode(&cli, modes, 0) - modes);
	size_t i, nwaive = 0;

	for (i = 0; i < nacts; i++)
		nwaive += strcmp(acts[i].action, "waive") == 0;
	if (m == M_ALL && argc > 0)
		pk_usage_error(&cli, "--all does not go with a REF");
	if (m != M_ALL && argc != 1)
		pk_usage_error(&cli, "give one REF, or --all");
	if (nwaive > 0 && !reason)
		pk_usage_error(&cli, "--waive needs --reason");
	if (reason && nwaive == 0)
		pk_usage_error(&cli, "--reason goes with --waive");
	if (note && nwaive == nacts)
		pk_usage_error(&cli, "--note goes with --done or --undo; a "
		    "waiver takes --reason");
	return m;
}

int
main(int argc, char *argv[])
{
	struct pk_peer_filter f = {.status = "active"};
	const char *note = NULL, *reason = NULL;
	bool all_mode = false, dry_run = false;
	pk_day date = PK_NODAY;
	int c, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (pk_cli_option(&cli, c, optarg))
			continue;
		switch (c) {
		case OPT_DONE:
			add_act("done", optarg);
			break;
		case OPT_UNDO:
			add_act("undo", optarg);
			break;
		case OPT_WAIVE:
			add_act("waive", optarg);
			break;
		case OPT_DECLINED:
			add_act("declined", optarg);
			break;
		case OPT_DATE:
			date = pk_cli_date("date", optarg);
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		case OPT_WITHIN:
			within = (int)pk_cli_count("within", optarg, 0, 3650,
			    "days");
			break;
		case OPT_ALL:
			all_mode = true;
			break;
		case OPT_ROLE:
			f.role = optarg;
			break;
		case OPT_REGION:
			f.region = optarg;
			break;
		case OPT_SITE:
			f.site = optarg;
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		case OPT_NEXT:		/* pk_cli_seen */
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	all_mode = check_args(argc, note, reason) == M_ALL;
	pk_cli_open(&cli, nacts == 0 ? PK_STORE_READ : dry_run ?
	    PK_STORE_DRYRUN : PK_STORE_WRITE);
	if (date == PK_NODAY)	/* in the program's zone: after the config */
		date = pk_today();
	check_filter("role", f.role, &cli.cfg.roles, false);
	check_filter("region", f.region, &cli.cfg.regions, true);
	check_filter("site", f.site, &cli.cfg.sites, true);
	if ((rc = pk_checklist_load(&checklist, &cli.cfg)) != 0)
		rc = failed(rc);
	else if (all_mode)
		rc = all(&f);
	else if (nacts > 0)
		rc = record(argv[0], date, note, reason, dry_run);
	else if (pk_cli_seen(&cli, OPT_NEXT))
		rc = next(argv[0]);
	else
		rc = show(argv[0]);
	pk_checklist_free(&checklist);
	free(acts);
	return pk_cli_close(&cli, rc);
}
