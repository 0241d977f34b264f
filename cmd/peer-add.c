/*
 * peer-add - register peers, update them, deactivate and reactivate.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum {
	OPT_UPDATE = PK_OPT_TOOL, OPT_DEACTIVATE, OPT_REACTIVATE, OPT_DRY_RUN,
	OPT_KEEP_GOING, OPT_SIN_REQUESTED, OPT_DEMOGRAPHICS, OPT_MERGE,
	OPT_INTO, OPT_FORGET, OPT_INPUT_FORMAT, OPT_TERM_END, OPT_DATE,
	OPT_FIELD
};

/* Field options: --given-name sets the JSON field given_name. */
static const char *const field_opts[] = {
	"alias", "surname", "given-name", "initial", "sin", "address-line1",
	"address-line2", "city", "province", "postal-code", "country", "phone",
	"email", "role", "region", "site", "payment-method", "benefit-program",
	"notes", NULL
};

/* The ways it runs and the options each takes (pk_cli_mode). */
#define FIELDS OPT_FIELD + 0, OPT_FIELD + 1, OPT_FIELD + 2, OPT_FIELD + 3, \
	OPT_FIELD + 4, OPT_FIELD + 5, OPT_FIELD + 6, OPT_FIELD + 7, \
	OPT_FIELD + 8, OPT_FIELD + 9, OPT_FIELD + 10, OPT_FIELD + 11, \
	OPT_FIELD + 12, OPT_FIELD + 13, OPT_FIELD + 14, OPT_FIELD + 15, \
	OPT_FIELD + 16, OPT_FIELD + 17, OPT_FIELD + 18, OPT_SIN_REQUESTED, \
	OPT_DEMOGRAPHICS, OPT_TERM_END, OPT_DATE
enum { F_ALIAS = 0, F_METHOD = 16 };	/* of field_opts */
static const int new_takes[] = {FIELDS, OPT_DRY_RUN, 0};
static const int new_needs[] = {OPT_FIELD + F_ALIAS, 0};
static const int update_by[] = {OPT_UPDATE, 0};
static const int deactivate_by[] = {OPT_DEACTIVATE, 0};
static const int reactivate_by[] = {OPT_REACTIVATE, 0};
static const int status_takes[] = {OPT_DRY_RUN, 0};
static const int file_takes[] = {
	OPT_DRY_RUN, OPT_KEEP_GOING, OPT_INPUT_FORMAT, 0
};
static const int merge_by[] = {OPT_MERGE, 0};
static const int merge_takes[] = {OPT_INTO, OPT_DRY_RUN, 0};
static const int merge_needs[] = {OPT_INTO, 0};
static const int forget_by[] = {OPT_FORGET, 0};
enum { M_NEW, M_UPDATE, M_DEACTIVATE, M_REACTIVATE, M_FILE, M_MERGE,
	M_FORGET };
static const struct pk_mode modes[] = {
	[M_NEW] = {"a new peer", NULL, PK_MODE_DEFAULT, new_takes, new_needs},
	[M_UPDATE] = {"--update", update_by, 0, new_takes, NULL},
	[M_DEACTIVATE] = {"--deactivate", deactivate_by, 0, status_takes, NULL},
	[M_REACTIVATE] = {"--reactivate", reactivate_by, 0, status_takes, NULL},
	[M_FILE] = {"a FILE", NULL, PK_MODE_OPERAND, file_takes, NULL},
	[M_MERGE] = {"--merge", merge_by, 0, merge_takes, merge_needs},
	[M_FORGET] = {"--forget", forget_by, 0, status_takes, NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static const struct option longopts[] = {
	{"alias", required_argument, NULL, OPT_FIELD + 0},
	{"surname", required_argument, NULL, OPT_FIELD + 1},
	{"given-name", required_argument, NULL, OPT_FIELD + 2},
	{"initial", required_argument, NULL, OPT_FIELD + 3},
	{"sin", required_argument, NULL, OPT_FIELD + 4},
	{"address-line1", required_argument, NULL, OPT_FIELD + 5},
	{"address-line2", required_argument, NULL, OPT_FIELD + 6},
	{"city", required_argument, NULL, OPT_FIELD + 7},
	{"province", required_argument, NULL, OPT_FIELD + 8},
	{"postal-code", required_argument, NULL, OPT_FIELD + 9},
	{"country", required_argument, NULL, OPT_FIELD + 10},
	{"phone", required_argument, NULL, OPT_FIELD + 11},
	{"email", required_argument, NULL, OPT_FIELD + 12},
	{"role", required_argument, NULL, OPT_FIELD + 13},
	{"region", required_argument, NULL, OPT_FIELD + 14},
	{"site", required_argument, NULL, OPT_FIELD + 15},
	{"payment-method", required_argument, NULL, OPT_FIELD + 16},
	{"benefit-program", required_argument, NULL, OPT_FIELD + 17},
	{"notes", required_argument, NULL, OPT_FIELD + 18},
	{"sin-requested", required_argument, NULL, OPT_SIN_REQUESTED},
	{"demographics", required_argument, NULL, OPT_DEMOGRAPHICS},
	{"update", required_argument, NULL, OPT_UPDATE},
	{"deactivate", required_argument, NULL, OPT_DEACTIVATE},
	{"reactivate", required_argument, NULL, OPT_REACTIVATE},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"keep-going", no_argument, NULL, OPT_KEEP_GOING},
	{"merge", required_argument, NULL, OPT_MERGE},
	{"into", required_argument, NULL, OPT_INTO},
	{"forget", required_argument, NULL, OPT_FORGET},
	{"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
	{"term-end", required_argument, NULL, OPT_TERM_END},
	{"date", required_argument, NULL, OPT_DATE},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

/* What each option's value is, for the completion scripts. */
static const char *const countries[] = {"CAN", NULL};
static const struct pk_complete comp[] = {
	{"role", "roles", NULL, NULL}, {"region", "regions", NULL, NULL},
	{"site", "sites", NULL, NULL}, {"province", "provinces", NULL, NULL},
	{"country", "countries", countries, NULL},
	{"payment-method", "methods", NULL, NULL},
	{"benefit-program", "programs", NULL, NULL},
	{"sin-requested", "dates", NULL, NULL},
	{"term-end", "dates", NULL, NULL}, {"date", "dates", NULL, NULL},
	{"update", "peers", NULL, NULL},
	{"deactivate", "active-peers", NULL, NULL},
	{"reactivate", "inactive-peers", NULL, NULL},
	{"merge", "peers", NULL, NULL}, {"into", "peers", NULL, NULL},
	{"forget", "inactive-peers", NULL, NULL},
	{"input-format", "input-formats", NULL, NULL},
	{"", "files", NULL, NULL},
	{NULL, NULL, NULL, NULL}
};

static const struct pk_col cols[] = {
	{"id", "ID"}, {"alias", "ALIAS"}, {"role", "ROLE"},
	{"region", "REGION"}, {"site", "SITE"}, {"sin", "SIN"},
	{"status", "STATUS"}, {NULL, NULL}
};
/* On a narrow terminal (peer-add(1), "Tables"): as peer-list's. */
static const struct pk_fit fit[] = {
	{"site", 12}, {"region", 12}, {"alias", 16}, {"site", 0},
	{"region", 0}, {"sin", 0}, {"role", 0}, {NULL, 0}
};

static struct pk_cli cli;
static json_t *dates;		/* --sin-requested: added to the list on record */
static bool dry_run, keep_going;
static enum pk_input_format input_format;	/* of a FILE */
static const struct pk_field *const inputs[] = {pk_peer_fields, NULL};
static bool sin_in_argv;	/* a SIN given as --sin VALUE, for all to see */
static size_t counts[3];	/* by PK_PEER_ADDED ... */

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s [options] --alias NAME [field options]\n"
	    "       %s [options] --update REF field options\n"
	    "       %s [options] --deactivate REF | --reactivate REF\n"
	    "       %s [options] --merge DUP --into KEEP\n"
	    "       %s [options] --forget REF\n"
	    "       %s [options] [--keep-going] [--input-format F] FILE | -\n",
	    pk_progname, pk_progname, pk_progname, pk_progname, pk_progname,
	    pk_progname);
	if (status != 0)
		return;
	fputs("\nField options (each sets the JSON field of the same name):\n"
	    "  --alias NAME  --surname S  --given-name G  --initial I\n"
	    "  --sin SIN|-  (- reads it from stdin, out of sight of ps)\n"
	    "  --address-line1 L  --address-line2 L  --city C  --province XX\n"
	    "  --postal-code P  --country CAN  --phone P  --email E\n"
	    "  --role R  --region R  --site S  --payment-method M\n"
	    "  --benefit-program P  --notes TEXT  --sin-requested DATE\n"
	    "  --demographics JSON-OBJECT\n"
	    "  --term-end DATE|none  the day the peer's term in the role ends\n"
	    "  --date DATE      with --role: the day the role was taken "
	    "(default today)\n"
	    "\nOptions:\n"
	    "  --merge DUP --into KEEP  one person's two records made one: "
	    "DUP's\n"
	    "                   engagements, payments and steps go to KEEP\n"
	    "  --forget REF     erase an inactive peer's legal name, SIN, "
	    "address,\n"
	    "                   phone and email, six years after their last "
	    "T4A year\n"
	    "  --dry-run        validate and print, write nothing\n"
	    "  --keep-going     in a batch, store the good records and report "
	    "the bad\n"
	    "  --input-format F  FILE is csv or jsonl (default: csv for a "
	    "name.csv)\n"
	    "  --json, --format table|json|jsonl|csv  --wide\n"
	    "  --bom            CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n", fp);
}

/* --sin -: the SIN from standard input, out of sight of ps(1); at a
 * terminal it is prompted for and not echoed. */
static char *
read_secret_line(void)
{
	char *line = pk_read_secret("SIN: ");

	if (!line) {
		pk_fail_context("--sin -");
		pk_exit_error();
	}
	/* An empty line (an empty file, a pipe that gave nothing) would
	 * clear the SIN on record without a word. */
	if (pk_text_blank(line)) {
		free(line);
		pk_fail(PK_EX_DATAERR, "--sin -: an empty line: no SIN read; "
		    "to clear the SIN on record, give --sin 000000000");
		pk_exit_error();
	}
	return line;
}

static void
add_date(const char *date)
{
	if (!dates && !(dates = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (json_array_append_new(dates, json_string(date)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/* Field options given, --sin-requested included. */
static size_t
nfields(json_t *rec)
{
	return json_object_size(rec) + json_array_size(dates);
}

static void
set_field(json_t *rec, int idx, const char *arg)
{
	char key[32], *p, *secret = NULL;

	snprintf(key, sizeof key, "%s", field_opts[idx]);
	for (p = key; *p; p++)
		if (*p == '-')
			*p = '_';
	if (strcmp(key, "sin") == 0 && strcmp(arg, "-") == 0)
		arg = secret = read_secret_line();
	/* A value with no digit but 0 (none, 000000000) shows nothing. */
	else if (strcmp(key, "sin") == 0 && strpbrk(arg, "123456789"))
		sin_in_argv = true;
	pk_json_set(rec, key, json_string(arg));
	if (secret) {
		memset(secret, 0, strlen(secret));
		free(secret);
	}
}

static void
set_demographics(json_t *rec, const char *arg)
{
	json_error_t e;
	json_t *d = json_loads(arg, 0, &e);
	char shown[64];

	if (!d || !json_is_object(d)) {
		bool parsed = d != NULL;

		/* Let go of what was read (not an object) before exiting. */
		json_decref(d);
		pk_value_error("demographics", "expected a JSON object%s%s "
		    "(\"%s\")", parsed ? "" : ": ", parsed ? "" : e.text,
		    pk_text_shown(shown, sizeof shown, arg));
	}
	pk_json_set(rec, "demographics", d);
}

/* One record: a new peer, or an update of the peer it names. */
/* A peer as stored, printed by the batch, then freed. */
static int
put_peer(struct pk_batch *b, struct pk_peer *p)
{
	json_t *j;
	int rc;

	if (!pk_batch_printing(b)) {
		pk_peer_free(p);
		return 0;
	}
	j = pk_peer_json(p, false);
	rc = pk_batch_put(b, j);
	json_decref(j);
	pk_peer_free(p);
	return rc;
}

/* A command that is one record through the batch loop (--merge,
 * --forget): its transaction, --dry-run, and printing after commit. */
static int
one_record(pk_batch_fn *fn, void *arg)
{
	json_t *rec = json_object();
	struct pk_batch b = {
		.store = cli.store, .recs = &rec, .nrecs = 1, .dry_run = dry_run,
		.print = true, .format = cli.format,
		.cols = cli.format == PK_FMT_TABLE ? cols : NULL, .fit = fit,
		.record = fn, .arg = arg
	};
	int rc;

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	rc = pk_batch_run(&b);
	json_decref(rec);
	return rc;
}

static int
store_record(struct pk_batch *b, json_t *rec, void *ref)
{
	struct pk_peer p;
	int rc, outcome;

	if ((rc = pk_peer_upsert(cli.store, &cli.cfg, rec, ref, dates, &p,
	    &outcome)) != 0)
		return rc;
	counts[outcome]++;
	return put_peer(b, &p);
}

static void
tally(const struct pk_batch *b, void *arg)
{
	(void)arg;
	pk_batch_note(b, "%zu added, %zu updated, %zu unchanged, %zu rejected",
	    counts[PK_PEER_ADDED], counts[PK_PEER_UPDATED],
	    counts[PK_PEER_UNCHANGED], b->rejected);
}

/* FILE, or the one record of the command line (ref: the peer it
 * updates).  A batch prints its records only when asked (--json,
 * --format): a table of a million lines is read by nobody. */
static int
run(const char *path, json_t *rec, const char *ref)
{
	struct pk_batch b = {
		.store = cli.store, .path = path, .recs = &rec, .nrecs = !path,
		.input_format = input_format, .fields = inputs,
		.dry_run = dry_run, .keep_going = keep_going,
		.print = !path || cli.format_set, .format = cli.format,
		.cols = cli.format == PK_FMT_TABLE ? cols : NULL, .fit = fit,
		.record = store_record, .tally = path ? tally : NULL,
		.arg = (void *)ref
	};

	return pk_batch_run(&b);
}

/* --merge DUP --into KEEP: one record made of a person's two. */
static int
merge_record(struct pk_batch *b, json_t *rec, void *arg)
{
	const char *const *refs = arg;
	struct pk_peer keep;
	int rc, outcome;

	(void)rec;
	if ((rc = pk_peer_merge(cli.store, refs[0], refs[1], &keep,
	    &outcome)) != 0)
		return rc;
	if (outcome == PK_MERGE_ALREADY)
		pk_batch_note(b, "%s was merged into %s (peer %lld) already: "
		    "nothing to do", refs[0], keep.alias, (long long)keep.id);
	return put_peer(b, &keep);
}

static int
merge(const char *dup, const char *keep)
{
	const char *refs[] = {dup, keep};

	return one_record(merge_record, refs);
}

/* --forget REF: what identifies a person erased, the rest kept. */
static int
forget_record(struct pk_batch *b, json_t *rec, void *arg)
{
	struct pk_peer p;
	int rc, outcome;

	(void)rec;
	if ((rc = pk_peer_forget(cli.store, arg, &p, &outcome)) != 0)
		return rc;
	if (outcome == PK_FORGET_NOTHING)
		pk_batch_note(b, "peer %lld (%s) holds nothing to forget",
		    (long long)p.id, p.alias);
	return put_peer(b, &p);
}

static int
forget(const char *ref)
{
	return one_record(forget_record, (void *)ref);
}

static json_t *
status_record(const char *status)
{
	json_t *rec = json_object();

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(rec, "status", json_string(status));
	return rec;
}

int
main(int argc, char *argv[])
{
	const char *update = NULL, *deactivate = NULL, *reactivate = NULL;
	const char *merge_dup = NULL, *merge_into = NULL, *forget_ref = NULL;
	json_t *rec = json_object();
	int c, rc;

	if (!rec)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (pk_cli_option(&cli, c, optarg))
			continue;
		if (c == OPT_FIELD + F_METHOD)
			pk_cli_word("payment-method", optarg, pk_pay_methods,
			    "a payment method");
		if (c >= OPT_FIELD) {
			set_field(rec, c - OPT_FIELD, optarg);
			continue;
		}
		switch (c) {
		case OPT_UPDATE:
			update = optarg;
			break;
		case OPT_DEACTIVATE:
			deactivate = optarg;
			break;
		case OPT_REACTIVATE:
			reactivate = optarg;
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		case OPT_KEEP_GOING:
			keep_going = true;
			break;
		case OPT_SIN_REQUESTED:
			pk_cli_date("sin-requested", optarg);
			add_date(optarg);
			break;
		case OPT_DEMOGRAPHICS:
			set_demographics(rec, optarg);
			break;
		case OPT_MERGE:
			merge_dup = optarg;
			break;
		case OPT_INTO:
			merge_into = optarg;
			break;
		case OPT_FORGET:
			forget_ref = optarg;
			break;
		case OPT_TERM_END:
			if (strcmp(optarg, "none") != 0)
				pk_cli_date("term-end", optarg);
			pk_json_set(rec, "term_end", strcmp(optarg, "none") ?
			    json_string(optarg) : json_null());
			break;
		case OPT_DATE:
			pk_cli_date("date", optarg);
			pk_json_set(rec, "role_since", json_string(optarg));
			break;
		case OPT_INPUT_FORMAT:
			input_format = pk_cli_input_format("input-format",
			    optarg);
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	/* Once the options are read, so that -q anywhere silences it. */
	if (sin_in_argv)
		pk_warn("--sin: a SIN on the command line can be seen by other "
		    "users (ps) and is kept in the shell's history; use --sin - "
		    "to type it unseen or pipe it in");
	argc -= optind;
	argv += optind;
	if (argc > 1)
		pk_usage_error(&cli, "one FILE at a time");
	if (json_object_get(rec, "role_since") && !json_object_get(rec, "role"))
		pk_usage_error(&cli, "--date goes with --role: the day the role "
		    "was taken");
	if (pk_cli_mode(&cli, modes, argc) == &modes[M_UPDATE] &&
	    nfields(rec) == 0)
		pk_usage_error(&cli, "--update needs at least one field option");
	pk_cli_open(&cli, dry_run ? PK_STORE_DRYRUN : PK_STORE_WRITE);
	if (merge_dup || forget_ref) {
		json_decref(rec);
		json_decref(dates);
		return pk_cli_close(&cli, merge_dup ? merge(merge_dup,
		    merge_into) : forget(forget_ref));
	}
	if (deactivate || reactivate) {
		json_decref(rec);
		rec = status_record(deactivate ? "inactive" : "active");
	}
	rc = run(argc == 1 ? argv[0] : NULL, rec, update ? update :
	    deactivate ? deactivate : reactivate);
	json_decref(rec);
	json_decref(dates);
	return pk_cli_close(&cli, rc);
}
