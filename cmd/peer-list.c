/*
 * peer-list - list peers, show one in full, or one's history.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_ROLE = PK_OPT_TOOL, OPT_REGION, OPT_SITE, OPT_STATUS, OPT_SEARCH,
	OPT_REVEAL_SIN, OPT_HISTORY
};

/* The ways it runs and the options each takes (pk_cli_mode). */
static const int list_takes[] = {
	OPT_ROLE, OPT_REGION, OPT_SITE, OPT_STATUS, OPT_SEARCH, OPT_REVEAL_SIN, 0
};
static const int show_takes[] = {OPT_REVEAL_SIN, 0};
static const int history_by[] = {OPT_HISTORY, 0};
static const struct pk_mode modes[] = {
	{"a listing", NULL, PK_MODE_DEFAULT, list_takes, NULL},
	{"a REF", NULL, PK_MODE_OPERAND, show_takes, NULL},
	{"--history", history_by, 0, NULL, NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static const struct option longopts[] = {
	{"role", required_argument, NULL, OPT_ROLE},
	{"region", required_argument, NULL, OPT_REGION},
	{"site", required_argument, NULL, OPT_SITE},
	{"status", required_argument, NULL, OPT_STATUS},
	{"search", required_argument, NULL, OPT_SEARCH},
	{"reveal-sin", no_argument, NULL, OPT_REVEAL_SIN},
	{"history", required_argument, NULL, OPT_HISTORY},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* What each option's value is, for the completion scripts. */
static const char *const statuses[] = {"active", "inactive", NULL};
static const struct pk_complete comp[] = {
	{"role", "roles", NULL, NULL}, {"region", "regions", NULL, NULL},
	{"site", "sites", NULL, NULL},
	{"status", "statuses", statuses, NULL},
	{"history", "peers", NULL, NULL},
	{"", "peers", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col cols[] = {
	{"id", "ID"}, {"alias", "ALIAS"}, {"role", "ROLE"},
	{"region", "REGION"}, {"site", "SITE"}, {"payment_method", "METHOD"},
	{"sin", "SIN"}, {"status", "STATUS"}, {NULL, NULL}
};

/* --history: a line per field changed (the entry's cells on its first
 * line only); CSV repeats them on every line, for a spreadsheet. */
static const struct pk_col history_cols[] = {
	{"at", "AT"}, {"who", "WHO"}, {"tool", "TOOL"}, {"action", "ACTION"},
	{"record", "RECORD"}, {"field", "FIELD"}, {"before", "BEFORE"},
	{"after", "AFTER"}, {NULL, NULL}
};
/* On a narrow terminal (peer-list(1), "Tables"). */
static const struct pk_fit fit[] = {
	{"site", 12}, {"region", 12}, {"alias", 16}, {"payment_method", 0},
	{"site", 0}, {"region", 0}, {"sin", 0}, {"role", 0}, {NULL, 0}
};
static const struct pk_fit history_fit[] = {
	{"before", 12}, {"after", 12}, {"tool", 0}, {"who", 12},
	{"record", 0}, {NULL, 0}
};
static const struct pk_col history_csv[] = {
	{"id", NULL}, {"at", NULL}, {"who", NULL}, {"tool", NULL},
	{"action", NULL}, {"kind", NULL}, {"record_id", NULL},
	{"record_uuid", NULL}, {"field", NULL}, {"before", NULL},
	{"after", NULL}, {NULL, NULL}
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
	    "       %s [--reveal-sin] [options] REF\n"
	    "       %s --history REF [options]\n",
	    pk_progname, (int)strlen(pk_progname), "", pk_progname,
	    pk_progname);
	if (status != 0)
		return;
	fputs("\nREF is an id, a uuid or an alias that is unique.  Without REF, "
	    "every peer,\nor those the filters choose: a peer must match all "
	    "of them.\n"
	    "\nFilters:\n"
	    "  --role R         only peers in role R\n"
	    "  --region R       only peers in region R\n"
	    "  --site S         only peers at site S\n"
	    "  --status active|inactive  only active, or inactive, peers\n"
	    "  --search TEXT    TEXT in the alias, surname or given name (any case)\n"
	    "\nOptions:\n"
	    "  --reveal-sin     show SINs in full (masked otherwise)\n"
	    "  --history REF    who changed what of the peer, and when "
	    "(SINs masked)\n"
	    "  --json, --format table|json|jsonl|csv  --wide\n"
	    "  --bom            CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n",
	    fp);
}

static int
print_peer(const struct pk_peer *p, void *arg, json_t *path)
{
	json_t *j;
	int rc;

	if (!reveal_sin)
		j = pk_peer_json(p, false);
	else if ((rc = pk_peer_json_revealed(cli.store, p, &j)) != 0)
		return rc;
	if (path)
		pk_json_set(j, "roles", json_incref(path));
	rc = pk_out_rec(arg, j);

	json_decref(j);
	count++;
	return rc;
}

/* The path along the continuum, under the card: a row per role. */
static const struct pk_col path_cols[] = {
	{"role", "ROLE"}, {"from", "FROM"}, {"until", "UNTIL"},
	{"days", "DAYS"}, {NULL, NULL}
};

static int
print_path(json_t *path)
{
	pk_out *out;
	json_t *r;
	size_t i;
	int rc = 0;

	printf("\nRoles, oldest first; days until the next, or until today.\n\n");
	out = pk_out_new(stdout, PK_FMT_TABLE, path_cols);
	json_array_foreach(path, i, r)
		if (rc == 0)
			rc = pk_out_rec(out, r);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	return rc;
}

/* REF: the record in full and, beside it, its path of roles ("roles"
 * in JSON and CSV, a table of its own under the card). */
static int
show(const char *ref)
{
	struct pk_peer p;
	json_t *path;
	pk_out *out;
	int rc;

	if (pk_peer_resolve(cli.store, ref, &p) != 0 ||
	    pk_role_path_json(cli.store, p.id, &path) != 0)
		pk_exit_error();
	out = pk_out_new(stdout, cli.format, NULL);
	rc = print_peer(&p, out, cli.format == PK_FMT_TABLE ? NULL : path);
	pk_peer_free(&p);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc == 0 && cli.format == PK_FMT_TABLE)
		rc = print_path(path);
	json_decref(path);
	return rc;
}

static int
list_peer(const struct pk_peer *p, void *arg)
{
	return print_peer(p, arg, NULL);
}

/* A table is read on a terminal: a value longer than this many bytes
 * is cut there, ending in "..."; JSON and CSV have it whole. */
#define TABLE_VALUE_MAX 60

static json_t *
table_value(json_t *v)
{
	char buf[TABLE_VALUE_MAX + 4], *text;
	json_t *cut;

	if (!json_is_string(v) && !json_is_array(v) && !json_is_object(v))
		return json_incref(v);
	text = json_is_string(v) ? pk_strdup(json_string_value(v)) :
	    json_dumps(v, JSON_COMPACT);
	if (!text)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	cut = strlen(text) <= TABLE_VALUE_MAX ? json_incref(v) :
	    json_string(pk_text_shown(buf, sizeof buf, text));
	free(text);
	return cut;
}

/* An entry's line for a change c (NULL: the entry changed no field);
 * the entry's own cells on the first line only (first), in a table. */
static json_t *
history_line(json_t *e, json_t *c, bool first)
{
	json_t *l = json_copy(e), *v;
	const char *const cells[] = {"at", "who", "tool", "action", NULL};
	const char *const sides[] = {"before", "after", NULL};
	size_t i;

	if (!l)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	json_object_del(l, "changes");
	pk_json_set(l, "record", json_sprintf("%s %" JSON_INTEGER_FORMAT,
	    json_string_value(json_object_get(e, "kind")),
	    json_integer_value(json_object_get(e, "record_id"))));
	for (i = 0; !first && cells[i]; i++)
		pk_json_set(l, cells[i], json_string(""));
	if (!first)
		pk_json_set(l, "record", json_string(""));
	pk_json_set(l, "field", c ? json_incref(json_object_get(c, "field")) :
	    NULL);
	/* An empty list is nothing, "-", as null is. */
	for (i = 0; sides[i]; i++) {
		v = c ? json_object_get(c, sides[i]) : NULL;
		if (!v || (json_is_array(v) && json_array_size(v) == 0))
			v = NULL;
		else if (cli.format == PK_FMT_TABLE)
			v = table_value(v);
		else
			json_incref(v);
		pk_json_set(l, sides[i], v);
	}
	return l;
}

static int
print_entry(json_t *e, void *arg)
{
	json_t *changes = json_object_get(e, "changes"), *l;
	size_t i, n = json_array_size(changes);
	int rc = 0;

	count++;
	if (pk_out_is_json(arg))
		return pk_out_rec(arg, e);
	for (i = 0; (i < n || i == 0) && rc == 0; i++) {
		l = history_line(e, json_array_get(changes, i),
		    i == 0 || cli.format == PK_FMT_CSV);
		rc = pk_out_rec(arg, l);
		json_decref(l);
	}
	return rc;
}

/* --history REF: the audit trail of one peer. */
static int
history(const char *ref)
{
	const struct pk_peer_ref *p;
	pk_out *out;
	int64_t id;
	int rc;

	if (pk_resolve(cli.store, ref, &p) != 0)
		pk_exit_error();
	id = p->id;
	out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_CSV ?
	    history_csv : history_cols);
	pk_out_fit(out, history_fit);
	rc = pk_audit_history(cli.store, id, print_entry, out);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	else if (count == 0)
		pk_warn("no history of peer %lld", (long long)id);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct pk_peer_filter f = {0};
	const char *history_ref = NULL;
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
		case OPT_HISTORY:
			history_ref = optarg;
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
	if (history_ref)
		return pk_cli_close(&cli, history(history_ref));
	/* Full SINs need the secret key: said before anything is shown. */
	if (reveal_sin && pk_privacy_can_reveal(cli.store) != 0)
		pk_exit_error();
	if (reveal_sin)
		pk_cli_warn_sins();
	if (argc == 1)
		return pk_cli_close(&cli, show(argv[0]));
	/* CSV: every field of the record, as JSON has them. */
	out = pk_out_new(stdout, cli.format, cli.format == PK_FMT_TABLE ? cols :
	    NULL);
	pk_out_fit(out, fit);
	rc = pk_peer_each(cli.store, &f, list_peer, out);
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
