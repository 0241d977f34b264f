/*
 * t4a-report - the year-end: each peer's taxable payments for a year,
 * who needs a T4A slip and whether it can be filed, the CRA XML return,
 * and the statements handed to the peers.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_YEAR = PK_OPT_TOOL, OPT_ALL, OPT_CHECK, OPT_SLIPS, OPT_AMEND,
	OPT_REF
};

static const struct option longopts[] = {
	{"year", required_argument, NULL, OPT_YEAR},
	{"all", no_argument, NULL, OPT_ALL},
	{"check", no_argument, NULL, OPT_CHECK},
	{"slips", no_argument, NULL, OPT_SLIPS},
	{"amend", no_argument, NULL, OPT_AMEND},
	{"ref", required_argument, NULL, OPT_REF},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

static const struct pk_col table_cols[] = {
	{"peer_id", "ID"}, {"alias", "ALIAS"}, {"payments", "PAYMENTS"},
	{"total", "TOTAL"}, {"slip_required", "SLIP"}, {"ready", "READY"},
	{"missing", "MISSING"}, {"sin_requested", "SIN REQUESTED"},
	{NULL, NULL}
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

static struct pk_cli cli;

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s --year YEAR [--all] [--check] [options]\n"
	    "       %s --year YEAR --format xml [--amend] [--ref ID] [options]\n"
	    "       %s --year YEAR --slips [options]\n",
	    pk_progname, pk_progname, pk_progname);
	if (status != 0)
		return;
	fputs("\nYEAR is YYYY, this-year or last-year.  Taxable: paid "
	    "honoraria dated in YEAR.\n"
	    "\nOptions:\n"
	    "  --all            also peers at or under the threshold\n"
	    "  --check          list required slips not ready; exit 1 if any\n"
	    "  --format xml     the CRA T619 T4A return\n"
	    "  --amend          an amended return (report type A)\n"
	    "  --ref ID         submission reference (1-8 letters, digits)\n"
	    "  --slips          a plain-text statement per required slip\n"
	    "  --json, --format table|json|jsonl|csv|xml\n"
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
		pk_note("%d: no slip required%s", year, ty.rows == 0 && all ?
		    " (no taxable payments)" : "");
	else if (check && ty.not_ready == 0)
		pk_note("%d: all %zu required slips are ready", year,
		    ty.required);
	else if (check)
		pk_note("%d: %zu of %zu required slips not ready", year,
		    ty.not_ready, ty.required);
	else
		pk_note("%d: %zu slip%s required (%zu not ready), %s on slips",
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
	pk_note("%d: %zu statement%s", year, n, n == 1 ? "" : "s");
	return 0;
}

static int
xml(int year, bool amend, const char *ref)
{
	struct pk_t4a_return r = {0};
	char money[PK_MONEY_BUFSZ];
	int rc;

	r.year = year;
	r.amend = amend;
	r.ref = ref;
	if ((rc = pk_t4a_xml(cli.store, &cli.cfg, &r, stdout)) != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return rc;
	}
	if (r.slips == 0)
		pk_note("%d: no slip required: no return to file", year);
	else
		pk_note("%d: %s T4A return, %zu slip%s, %s in box %s, "
		    "reference %s", year, amend ? "amended" : "original",
		    r.slips, r.slips == 1 ? "" : "s",
		    pk_money_fmt(r.total, money), cli.cfg.t4a_box, r.ref_used);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *year_arg = NULL, *ref = NULL;
	bool all = false, check = false, slips = false, amend = false;
	bool as_xml = false;
	int c, year, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
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
			check = true;
			break;
		case OPT_SLIPS:
			slips = true;
			break;
		case OPT_AMEND:
			amend = true;
			break;
		case OPT_REF:
			ref = optarg;
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	if (optind < argc)
		pk_usage_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	if (!year_arg)
		pk_usage_error(&cli, "--year is required");
	if (parse_year(year_arg, &year) != 0)
		pk_usage_error(&cli, "--year: %s (or this-year, last-year)",
		    pk_errmsg());
	if (check + slips + as_xml > 1)
		pk_usage_error(&cli, "give one of --check, --slips, --format xml");
	if (all && (check || slips || as_xml))
		pk_usage_error(&cli, "--all is for the report: slips, checks "
		    "and returns are about required slips");
	if ((amend || ref) && !as_xml)
		pk_usage_error(&cli, "--%s goes with --format xml",
		    amend ? "amend" : "ref");
	if (ref && !pk_t4a_ref_ok(ref))
		pk_usage_error(&cli, "--ref: \"%s\" is not 1 to 8 letters and "
		    "digits", ref);
	if (as_xml && (year < 1966 || year > 2099))
		pk_usage_error(&cli, "--year: the CRA takes T4A returns for 1966 "
		    "to 2099");
	if (slips && cli.format_set)
		pk_usage_error(&cli, "--slips writes plain text: no --json or "
		    "--format");
	pk_cli_open(&cli, PK_STORE_READ);
	if (as_xml)
		rc = xml(year, amend, ref);
	else if (slips)
		rc = statements(year);
	else
		rc = report(year, all, check);
	return pk_cli_close(&cli, rc);
}
