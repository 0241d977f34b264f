/*
 * program-report - a program's period on one page, for a meeting or a
 * monthly mail: HTML (charts and tables), text or JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum { OPT_PERIOD = PK_OPT_TOOL, OPT_SUPPRESS };

static const struct option longopts[] = {
	{"period", required_argument, NULL, OPT_PERIOD},
	{"suppress", required_argument, NULL, OPT_SUPPRESS},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* This tool's formats: none of the common ones but json. */
enum { F_HTML, F_TEXT, F_JSON };
static const char *const formats[] = {"html", "text", "json", NULL};

static const struct pk_complete comp[] = {
	{"period", "periods", NULL, NULL},
	{"format", "report-formats", formats, NULL},
	{NULL, NULL, NULL, NULL}
};

static struct pk_cli cli;

static void
usage(FILE *fp, int status)
{
	/* As the man page's SYNOPSIS has it, word for word. */
	fprintf(fp,
	    "usage: %s --period P [--format html|text|json] [--json] "
	    "[--suppress N]\n"
	    "       %*s [-o FILE] [options]\n", pk_progname,
	    (int)strlen(pk_progname), "");
	if (status != 0)
		return;
	fputs("\nP is YYYY, YYYY-MM, YYYY-Qn, this-month, last-month, "
	    "this-year, last-year\nor FROM..TO.\n"
	    "\nOptions:\n"
	    "  --format html    one self-contained page, charts and tables "
	    "(the default)\n"
	    "  --format text    plain text in 80 columns, for a mail body\n"
	    "  --json, --format json  the same figures as one JSON object\n"
	    "  --suppress N     hide cells of fewer than N peers (default: "
	    "report.suppress)\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet  --wide\n"
	    "  -h, --help  --version  (--bom, for CSV, is refused: no CSV here)\n",
	    fp);
}

static int
write_report(const struct pk_report *r, int format)
{
	json_t *j;
	char *text;
	int rc = 0;

	if (format == F_HTML)
		return pk_report_html(stdout, r);
	if (format == F_TEXT)
		return pk_report_text(stdout, r);
	j = pk_report_json(r);
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (puts(text) == EOF)
		rc = pk_fail(PK_EX_IOERR, "cannot write the report");
	free(text);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct pk_period per;
	struct pk_report r;
	const char *period = NULL;
	int c, rc, format = F_HTML, suppress = -1;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		/* The formats are this tool's own: a page, text, JSON. */
		if (c == PK_OPT_FORMAT) {
			pk_cli_word("format", optarg, formats, "a report format");
			format = strcmp(optarg, "html") == 0 ? F_HTML :
			    strcmp(optarg, "text") == 0 ? F_TEXT : F_JSON;
			continue;
		}
		if (c == PK_OPT_JSON) {
			format = F_JSON;
			continue;
		}
		if (pk_cli_option(&cli, c, optarg))
			continue;
		switch (c) {
		case OPT_PERIOD:
			period = optarg;
			break;
		case OPT_SUPPRESS:
			suppress = (int)pk_cli_count("suppress", optarg, 0, 1000000,
			    "peers");
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	if (optind < argc)
		pk_usage_error(&cli, "unexpected argument \"%s\"", argv[optind]);
	if (!period)
		pk_usage_error(&cli, "--period is required");
	/* After --today, wherever it was given. */
	pk_cli_period("period", period, &per);
	pk_cli_open(&cli, PK_STORE_READ);
	if (suppress < 0)
		suppress = cli.cfg.report_suppress;
	if ((rc = pk_report_make(cli.store, &cli.cfg, &per, suppress, &r)) == 0) {
		rc = write_report(&r, format);
		pk_report_free(&r);
	}
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	return pk_cli_close(&cli, rc);
}
