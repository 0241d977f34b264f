/*
 * peer-list - list peers, or show one in full.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_ROLE = PK_OPT_TOOL, OPT_REGION, OPT_SITE, OPT_STATUS, OPT_SEARCH,
	OPT_REVEAL_SIN
};

/* The ways it runs and the options each takes (pk_cli_mode). */
static const int list_takes[] = {
	OPT_ROLE, OPT_REGION, OPT_SITE, OPT_STATUS, OPT_SEARCH, OPT_REVEAL_SIN, 0
};
static const int show_takes[] = {OPT_REVEAL_SIN, 0};
static const struct pk_mode modes[] = {
	{"a listing", NULL, PK_MODE_DEFAULT, list_takes, NULL},
	{"a REF", NULL, PK_MODE_OPERAND, show_takes, NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static const struct option longopts[] = {
	{"role", required_argument, NULL, OPT_ROLE},
	{"region", required_argument, NULL, OPT_REGION},
	{"site", required_argument, NULL, OPT_SITE},
	{"status", required_argument, NULL, OPT_STATUS},
	{"search", required_argument, NULL, OPT_SEARCH},
	{"reveal-sin", no_argument, NULL, OPT_REVEAL_SIN},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* What each option's value is, for the completion scripts. */
static const char *const statuses[] = {"active", "inactive", NULL};
static const struct pk_complete comp[] = {
	{"role", "roles", NULL, NULL}, {"region", "regions", NULL, NULL},
	{"site", "sites", NULL, NULL},
	{"status", "statuses", statuses, NULL},
	{"", "peers", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col cols[] = {
	{"id", "ID"}, {"alias", "ALIAS"}, {"role", "ROLE"},
	{"region", "REGION"}, {"site", "SITE"}, {"payment_method", "METHOD"},
	{"sin", "SIN"}, {"status", "STATUS"}, {NULL, NULL}
};

static struct pk_cli cli;
static bool reveal_sin;
static size_t count;

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s [--role R] [--region R] [--site S] [--status active|inactive]\n"
	    "       %*s [--search TEXT] [--reveal-sin] [options]\n"
	    "       %s [--reveal-sin] [options] REF\n",
	    pk_progname, (int)strlen(pk_progname), "", pk_progname);
	if (status != 0)
		return;
	fputs("\nREF is an id, a uuid or an alias that is unique.\n"
	    "\nOptions:\n"
	    "  --reveal-sin     show SINs in full (masked otherwise)\n"
	    "  --json, --format table|json|jsonl|csv\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  -q, --quiet  -h, --help  --version\n",
	    fp);
}

static int
print_peer(const struct pk_peer *p, void *arg)
{
	json_t *j;
	int rc;

	if (!reveal_sin)
		j = pk_peer_json(p, false);
	else if ((rc = pk_peer_json_revealed(cli.store, p, &j)) != 0)
		return rc;
	rc = pk_out_rec(arg, j);

	json_decref(j);
	count++;
	return rc;
}

static int
show(const char *ref)
{
	struct pk_peer p;
	pk_out *out;
	int rc;

	if (pk_peer_resolve(cli.store, ref, &p) != 0)
		pk_exit_error();
	out = pk_out_new(stdout, cli.format, NULL);
	rc = print_peer(&p, out);
	pk_peer_free(&p);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	return rc;
}

int
main(int argc, char *argv[])
{
	struct pk_peer_filter f = {0};
	pk_out *out;
	int c, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (pk_cli_option(&cli, c, optarg))
			continue;
		switch (c) {
		case OPT_ROLE:
			f.role = optarg;
			break;
		case OPT_REGION:
			f.region = optarg;
			break;
		case OPT_SITE:
			f.site = optarg;
			break;
		case OPT_STATUS:
			pk_cli_word("status", optarg, statuses, "a peer's status");
			f.status = optarg;
			break;
		case OPT_SEARCH:
			f.search = optarg;
			break;
		case OPT_REVEAL_SIN:
			reveal_sin = true;
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		pk_usage_error(&cli, "one REF at a time");
	pk_cli_mode(&cli, modes, argc);
	pk_cli_open(&cli, PK_STORE_READ);
	/* Full SINs need the secret key: said before anything is shown. */
	if (reveal_sin && pk_privacy_can_reveal(cli.store) != 0)
		pk_exit_error();
	if (reveal_sin)
		pk_cli_warn_sins();
	if (argc == 1)
		return pk_cli_close(&cli, show(argv[0]));
	out = pk_out_new(stdout, cli.format, cols);
	rc = pk_peer_each(cli.store, &f, print_peer, out);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
		return pk_cli_close(&cli, rc);
	}
	if (count == 0)
		pk_warn("no peers match");
	return pk_cli_close(&cli, 0);
}
