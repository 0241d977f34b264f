/*
 * t4a-report - the year-end: each peer's taxable payments for a year,
 * who needs a T4A slip and whether it can be filed, the CRA XML return,
 * and the statements handed to the peers.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peerkit.h"

enum {
	OPT_YEAR = PK_OPT_TOOL, OPT_ALL, OPT_CHECK, OPT_SLIPS, OPT_AMEND,
	OPT_REF, OPT_FILED, OPT_NOTE, OPT_DRY_RUN, OPT_READY, OPT_UNFILE,
	OPT_SUMMARY,
	OPT_XML			/* --format xml, which chooses a mode */
};

/* The ways it runs and the options each takes (pk_cli_mode). */
static const int report_takes[] = {OPT_YEAR, OPT_ALL, 0};
static const int year_takes[] = {OPT_YEAR, 0};
static const int check_by[] = {OPT_CHECK, 0};
static const int slips_by[] = {OPT_SLIPS, 0};
static const int xml_by[] = {OPT_XML, 0};
static const int unfile_by[] = {OPT_UNFILE, 0};
static const int summary_by[] = {OPT_SUMMARY, 0};
static const int xml_takes[] = {
	OPT_YEAR, OPT_AMEND, OPT_REF, OPT_FILED, OPT_NOTE, OPT_DRY_RUN,
	OPT_READY, 0
};
static const int year_needs[] = {OPT_YEAR, 0};
enum { M_REPORT, M_CHECK, M_SLIPS, M_XML, M_SUMMARY, M_UNFILE };
static const struct pk_mode modes[] = {
	[M_REPORT] = {"the report", NULL, PK_MODE_DEFAULT, report_takes,
	    year_needs},
	[M_CHECK] = {"--check", check_by, 0, year_takes, year_needs},
	[M_SLIPS] = {"--slips", slips_by, 0, year_takes, year_needs},
	[M_XML] = {"--format xml", xml_by, 0, xml_takes, year_needs},
	[M_SUMMARY] = {"--summary", summary_by, 0, year_takes, year_needs},
	[M_UNFILE] = {"--unfile", unfile_by, 0, NULL, NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static const struct option longopts[] = {
	{"year", required_argument, NULL, OPT_YEAR},
	{"all", no_argument, NULL, OPT_ALL},
	{"check", no_argument, NULL, OPT_CHECK},
	{"slips", no_argument, NULL, OPT_SLIPS},
	{"amend", no_argument, NULL, OPT_AMEND},
	{"ref", required_argument, NULL, OPT_REF},
	{"filed", no_argument, NULL, OPT_FILED},
	{"note", required_argument, NULL, OPT_NOTE},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"ready", no_argument, NULL, OPT_READY},
	{"unfile", required_argument, NULL, OPT_UNFILE},
	{"summary", no_argument, NULL, OPT_SUMMARY},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* What each option's value is, for the completion scripts. */
static const char *const named_years[] = {"this-year", "last-year", NULL};
static const char *const xml_format[] = {"xml", NULL};
static const struct pk_complete comp[] = {
	{"year", "years", named_years, NULL},
	{"format", "formats", xml_format, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col table_cols[] = {
	{"peer_id", "ID"}, {"alias", "ALIAS"}, {"payments", "PAYMENTS"},
	{"total", "TOTAL"}, {"slip_required", "SLIP"}, {"ready", "READY"},
	{"missing", "MISSING"}, {"sin_requested", "SIN REQUESTED"},
	{NULL, NULL}
};
/* On a narrow terminal (t4a-report(1), "Tables"). */
static const struct pk_fit table_fit[] = {
	{"missing", 12}, {"alias", 16}, {"sin_requested", 0}, {NULL, 0}
};

/* CSV names its columns even when no row follows. */
static const struct pk_col csv_cols[] = {
	{"peer_id", NULL}, {"peer_uuid", NULL}, {"alias", NULL},
	{"year", NULL}, {"payments", NULL}, {"total", NULL},
	{"slip_required", NULL}, {"ready", NULL}, {"missing", NULL},
	{"sin_requested", NULL}, {NULL, NULL}
};

struct tally {
	pk_out *out;
	bool check;
	size_t rows, required, not_ready;
	int64_t on_slips;	/* cents */
};

/* What --format xml was asked for. */
struct xml_opts {
	bool amend, filed, dry_run, ready;
	const char *ref, *note;
};

static struct pk_cli cli;

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s --year YEAR [--all] [--check] [options]\n"
	    "       %s --year YEAR --format xml [--amend [--note TEXT]] "
	    "[--ref ID]\n"
	    "           [--ready] [--filed [--dry-run]] [options]\n"
	    "       %s --year YEAR --slips [options]\n"
	    "       %s --year YEAR --summary [options]\n"
	    "       %s --unfile REF [options]\n",
	    pk_progname, pk_progname, pk_progname, pk_progname, pk_progname);
	if (status != 0)
		return;
	fputs("\nYEAR is YYYY, this-year or last-year.  Taxable: paid "
	    "honoraria dated in YEAR.\n"
	    "\nOptions:\n"
	    "  --all            also peers at or under the threshold\n"
	    "  --check          list required slips not ready; exit 1 if any\n"
	    "  --format xml     the CRA T619 T4A return: the slips not on file\n"
	    "  --amend          the amended return: slips on file that changed\n"
	    "                   (A) or are no longer due (C)\n"
	    "  --note TEXT      the reason for the amendment, for the CRA\n"
	    "  --ready          only the slips ready; list the rest, exit 1\n"
	    "  --ref ID         submission reference (8 letters, digits)\n"
	    "  --filed          record the slips of the return as filed\n"
	    "  --dry-run        with --filed: print the return, record nothing\n"
	    "  --slips          a plain-text statement per required slip\n"
	    "  --summary        the T4A Summary lines for a paper return\n"
	    "  --unfile REF     the CRA rejected submission REF: its slips are\n"
	    "                   no longer on file\n"
	    "  --json, --format table|json|jsonl|csv|xml  --wide\n"
	    "  --bom            CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n", fp);
}

static int
parse_year(const char *s, int *year)
{
	struct pk_period p;
	int m, d, rc;

	if (strcmp(s, "this-year") != 0 && strcmp(s, "last-year") != 0)
		return pk_year_parse(s, year);
	if ((rc = pk_period_parse(s, &p)) != 0)
		return rc;
	pk_date_split(p.from, year, &m, &d);
	return 0;
}

/* A table shows an empty list as "-", like any other missing value. */
static void
empty_lists_null(json_t *j)
{
	if (json_array_size(json_object_get(j, "missing")) == 0)
		pk_json_set(j, "missing", json_null());
	if (json_array_size(json_object_get(j, "sin_requested")) == 0)
		pk_json_set(j, "sin_requested", json_null());
}

static int
report_row(const struct pk_t4a *t, void *arg)
{
	struct tally *ty = arg;
	json_t *j;
	int rc;

	ty->rows++;
	if (t->required) {
		ty->required++;
		ty->not_ready += !pk_t4a_ready(t);
		if (!pk_money_add(&ty->on_slips, t->total))
			return pk_fail(PK_EX_DATAERR, "the total overflows");
	}
	if (ty->check && pk_t4a_ready(t))
		return 0;
	j = pk_t4a_json(t);
	if (cli.format == PK_FMT_TABLE)
		empty_lists_null(j);
	rc = pk_out_rec(ty->out, j);
	json_decref(j);
	return rc;
}

static int
report(int year, bool all, bool check)
{
	struct tally ty = {0};
	char money[PK_MONEY_BUFSZ];
	int rc, end;

	ty.check = check;
	ty.out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ?
	    table_cols : cli.format == PK_FMT_CSV ? csv_cols : NULL);
	pk_out_fit(ty.out, table_fit);
	rc = pk_t4a_each(cli.store, &cli.cfg, year, all, report_row, &ty);
	end = pk_out_end(ty.out);
	if (rc == 0 && end != 0)
		rc = pk_errcode();
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	pk_money_fmt(ty.on_slips, money);
	if (ty.required == 0)
		pk_warn("%d: no slip required%s", year, ty.rows == 0 && all ?
		    " (no taxable payments)" : "");
	else if (check && ty.not_ready == 0)
		pk_warn("%d: all %zu required slips are ready", year,
		    ty.required);
	else if (check)
		pk_warn("%d: %zu of %zu required slips not ready", year,
		    ty.not_ready, ty.required);
	else
		pk_warn("%d: %zu slip%s required (%zu not ready), %s on slips",
		    year, ty.required, ty.required == 1 ? "" : "s",
		    ty.not_ready, money);
	return check && ty.not_ready > 0 ? PK_EX_NO : 0;
}

static int
statement_row(const struct pk_t4a *t, void *arg)
{
	(*(size_t *)arg)++;
	return pk_t4a_statement(stdout, &cli.cfg, t);
}

static int
statements(int year)
{
	size_t n = 0;
	int rc;

	if ((rc = pk_t4a_payer_check(&cli.cfg, false)) != 0 ||
	    (rc = pk_t4a_each(cli.store, &cli.cfg, year, false, statement_row,
	    &n)) != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	pk_warn("%d: %zu statement%s", year, n, n == 1 ? "" : "s");
	return 0;
}

/* The notes of a return written, or of none. */
static void
xml_notes(const struct pk_t4a_return *r, const struct xml_opts *o)
{
	char m1[PK_MONEY_BUFSZ], m2[PK_MONEY_BUFSZ];
	const char *box = cli.cfg.t4a_box;
	size_t main_slips = r->slips - r->cancelled;

	if (r->slips == 0 && r->not_ready > 0)
		pk_warn("%d: no required slip is ready: no return to file",
		    r->year);
	else if (r->slips == 0 && o->amend)
		pk_warn("%d: nothing to amend: the slips on file match the store",
		    r->year);
	else if (r->slips == 0 && r->on_file)
		pk_warn("%d: every required slip is on file: no original return "
		    "to add", r->year);
	else if (r->slips == 0)
		pk_warn("%d: no slip required: no return to file", r->year);
	else if (o->amend)
		pk_warn("%d: amended T4A return, %zu amended slip%s (%s), %zu "
		    "cancelled (%s), box %s, reference %s%s", r->year, main_slips,
		    main_slips == 1 ? "" : "s", pk_money_fmt(r->total, m1),
		    r->cancelled, pk_money_fmt(r->cancelled_total, m2), box,
		    r->ref_used, !o->filed ? "" : o->dry_run ?
		    "; dry run: not recorded" : "; recorded as filed");
	else
		pk_warn("%d: %soriginal T4A return, %zu slip%s, %s in box %s, "
		    "reference %s%s", r->year, r->on_file ? "additional " : "",
		    r->slips, r->slips == 1 ? "" : "s", pk_money_fmt(r->total, m1),
		    box, r->ref_used, !o->filed ? "" : o->dry_run ?
		    "; dry run: not recorded" : "; recorded as filed");
	if (r->not_ready > 0)
		pk_warn("%d: %zu required slip%s not ready, left out: %s in a "
		    "later %s return", r->year, r->not_ready, r->not_ready == 1 ?
		    "" : "s", r->not_ready == 1 ? "it goes" : "they go",
		    o->amend ? "amended" : "original");
	if (r->pending > 0 && o->amend)
		pk_warn("%d: %zu required slip%s not on file: %s in an original "
		    "return (run without --amend)", r->year, r->pending,
		    r->pending == 1 ? "" : "s", r->pending == 1 ? "it goes" :
		    "they go");
	else if (r->pending > 0)
		pk_warn("%d: %zu slip%s on file no longer match%s the store: "
		    "file an amended return (--amend)", r->year, r->pending,
		    r->pending == 1 ? "" : "s", r->pending == 1 ? "es" : "");
}

/* A return and how it was asked for, for the batch that records it. */
struct filing {
	struct pk_t4a_return r;
	const struct xml_opts *o;
};

static int
file_return(struct pk_batch *b, void *arg)
{
	struct filing *f = arg;

	return pk_t4a_xml(cli.store, &cli.cfg, &f->r, pk_batch_stream(b));
}

static void
filed_notes(const struct pk_batch *b, void *arg)
{
	struct filing *f = arg;

	(void)b;
	xml_notes(&f->r, f->o);
}

/*
 * The return on standard output.  --filed records its slips as filed in
 * the same transaction, once the return is out whole: a return that
 * cannot be written is not recorded, and if the record then fails, the
 * message says the return shown is not.
 */
static int
xml(int year, const struct xml_opts *o)
{
	struct filing f = {.o = o};
	struct pk_batch b = {
		.store = cli.store, .dry_run = o->dry_run, .direct = true,
		.end = file_return,
		.tally = filed_notes, .arg = &f
	};
	int rc;

	f.r.year = year;
	f.r.amend = o->amend;
	f.r.ref = o->ref;
	f.r.note = o->note;
	f.r.ready = o->ready;
	f.r.record = o->filed;
	pk_cli_warn_sins();
	if (o->filed) {
		if ((rc = pk_batch_run(&b)) != 0)
			return rc;
	} else if ((rc = pk_t4a_xml(cli.store, &cli.cfg, &f.r, stdout)) != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	} else {
		xml_notes(&f.r, o);
	}
	return f.r.pending > 0 || f.r.not_ready > 0 ? PK_EX_NO : 0;
}

/* --summary: the required slips counted and totalled. */
static int
summary_row(const struct pk_t4a *t, void *arg)
{
	struct tally *ty = arg;

	ty->required++;
	ty->not_ready += !pk_t4a_ready(t);
	return pk_money_add(&ty->on_slips, t->total) ? 0 :
	    pk_fail(PK_EX_DATAERR, "the total overflows");
}

/*
 * The T4A Summary of a paper return.  More than five slips must be
 * filed electronically: the figures are printed all the same, with a
 * notice; slips not ready make exit 1, as for --check.
 */
static int
summary(int year)
{
	struct tally ty = {0};
	int rc;

	if ((rc = pk_t4a_payer_check(&cli.cfg, true)) != 0 ||
	    (rc = pk_t4a_each(cli.store, &cli.cfg, year, false, summary_row,
	    &ty)) != 0 || (ty.required > 0 && (rc = pk_t4a_summary(stdout,
	    &cli.cfg, year, ty.required, ty.on_slips)) != 0)) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	if (ty.required == 0) {
		pk_warn("%d: no slip required: no T4A Summary to file", year);
		return 0;
	}
	if (ty.required > PK_T4A_PAPER_MAX)
		pk_warn("%d: %zu slips: the CRA requires a return of more than "
		    "%d slips to be filed electronically (Internet file transfer "
		    "or Web Forms); one on paper is liable to a penalty from $125 "
		    "(6 to 50 slips): file it with --format xml", year,
		    ty.required, PK_T4A_PAPER_MAX);
	if (ty.not_ready > 0)
		pk_warn("%d: %zu of %zu required slips not ready: see --check",
		    year, ty.not_ready, ty.required);
	return ty.not_ready > 0 ? PK_EX_NO : 0;
}

/*
 * --unfile REF: the CRA rejected the submission; its slips are no
 * longer on file, and go again in the next return.
 */
struct unfiling {
	const char *ref;
	struct pk_t4a_unfiled u;
};

static int
unfile_end(struct pk_batch *b, void *arg)
{
	struct unfiling *f = arg;

	(void)b;
	return pk_t4a_unfile(cli.store, f->ref, &f->u);
}

static void
unfile_tally(const struct pk_batch *b, void *arg)
{
	struct unfiling *f = arg;

	(void)b;
	pk_warn("%d: submission %s (%zu slip%s, filed %.10s) recorded as "
	    "rejected: its slips are no longer on file; correct them and run "
	    "t4a-report --year %d --format xml%s again", f->u.year, f->ref,
	    f->u.slips, f->u.slips == 1 ? "" : "s", f->u.filed_at, f->u.year,
	    " (with --amend for an amended return)");
}

static int
unfile(const char *ref)
{
	struct unfiling f = {.ref = ref};
	struct pk_batch b = {
		.store = cli.store, .end = unfile_end, .tally = unfile_tally,
		.arg = &f
	};

	return pk_batch_run(&b);
}

/* --filed writes: the store must exist ("no store yet" otherwise, as
 * for the report), and a dry run rolls back. */
static int
open_mode(const struct xml_opts *o, bool writes)
{
	char *path;
	int mode = PK_STORE_READ;

	if (!writes || !(path = pk_store_path(cli.db, &cli.cfg)))
		return PK_STORE_READ;
	if (access(path, F_OK) == 0)
		mode = o->dry_run ? PK_STORE_DRYRUN : PK_STORE_WRITE;
	free(path);
	return mode;
}

int
main(int argc, char *argv[])
{
	const char *year_arg = NULL, *unfile_ref = NULL;
	struct xml_opts o = {0};
	bool all = false, check = false, as_xml = false;
	int c, m, year, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		/* xml is this tool's own format: the common ones are not. */
		if (c == PK_OPT_FORMAT && strcmp(optarg, "xml") == 0) {
			as_xml = true;
			continue;
		}
		if (c == PK_OPT_FORMAT || c == PK_OPT_JSON)
			as_xml = false;
		if (pk_cli_option(&cli, c, optarg))
			continue;
		switch (c) {
		case OPT_YEAR:
			year_arg = optarg;
			break;
		case OPT_ALL:
			all = true;
			break;
		case OPT_CHECK:
			break;
		case OPT_SLIPS:
			break;
		case OPT_AMEND:
			o.amend = true;
			break;
		case OPT_REF:
			o.ref = optarg;
			break;
		case OPT_FILED:
			o.filed = true;
			break;
		case OPT_NOTE:
			o.note = optarg;
			break;
		case OPT_DRY_RUN:
			o.dry_run = true;
			break;
		case OPT_READY:
			o.ready = true;
			break;
		case OPT_UNFILE:
			unfile_ref = optarg;
			break;
		case OPT_SUMMARY:
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	if (optind < argc)
		pk_usage_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	if (as_xml)
		pk_cli_option(&cli, OPT_XML, NULL);
	m = (int)(pk_cli_mode(&cli, modes, 0) - modes);
	if (o.note && !o.amend)
		pk_usage_error(&cli, "--note goes with --amend: it is the reason "
		    "for an amendment");
	if (o.dry_run && !o.filed)
		pk_usage_error(&cli, "--dry-run goes with --filed: nothing else "
		    "is written");
	if (m == M_SLIPS && cli.format_set)
		pk_usage_error(&cli, "--slips writes plain text: no --json or "
		    "--format");
	if (m == M_SUMMARY && cli.format_set)
		pk_usage_error(&cli, "--summary writes plain text: no --json or "
		    "--format");
	if (m == M_UNFILE && cli.format_set)
		pk_usage_error(&cli, "--unfile writes nothing: no --json or "
		    "--format");
	if (m == M_UNFILE && !pk_t4a_ref_ok(unfile_ref))
		pk_value_error("unfile", "\"%s\" is not exactly 8 letters and "
		    "digits (the CRA's submission reference)", unfile_ref);
	if (o.note && (!*o.note || pk_utf8_chars(o.note) > PK_T4A_NOTE_MAX))
		pk_value_error("note", "1 to %d characters", PK_T4A_NOTE_MAX);
	if (o.ref && !pk_t4a_ref_ok(o.ref))
		pk_value_error("ref", "\"%s\" is not exactly 8 letters and "
		    "digits (the CRA's submission reference)", o.ref);
	if (m == M_UNFILE) {
		pk_cli_open(&cli, open_mode(&o, true));
		return pk_cli_close(&cli, unfile(unfile_ref));
	}
	if (parse_year(year_arg, &year) != 0)
		pk_value_error("year", "%s (or this-year, last-year)", pk_errmsg());
	if (m == M_XML && (year < 1966 || year > 2099))
		pk_value_error("year", "the CRA takes T4A returns for 1966 to "
		    "2099");
	all = m == M_REPORT && all;
	check = m == M_CHECK;
	pk_cli_open(&cli, open_mode(&o, o.filed));
	/* this-year again, in the program's zone the config named */
	if (parse_year(year_arg, &year) != 0)
		pk_exit_error();
	if (m == M_XML)
		rc = xml(year, &o);
	else if (m == M_SLIPS)
		rc = statements(year);
	else if (m == M_SUMMARY)
		rc = summary(year);
	else
		rc = report(year, all, check);
	return pk_cli_close(&cli, rc);
}
