/*
 * peerkit-keys - the keys that seal SINs: show them, make them, rotate
 * them.  The sealing is privacy.c's; this is options and output.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

enum { OPT_MAKE = PK_OPT_TOOL, OPT_ROTATE, OPT_DRY_RUN };

static const int none[] = {0};
static const int writes[] = {OPT_DRY_RUN, 0};
static const int by_make[] = {OPT_MAKE, 0};
static const int by_rotate[] = {OPT_ROTATE, 0};
static const struct pk_mode modes[] = {
	{"showing the keys", NULL, PK_MODE_DEFAULT, none, NULL},
	{"--make", by_make, 0, writes, NULL},
	{"--rotate", by_rotate, 0, writes, NULL},
	{NULL, NULL, 0, NULL, NULL}
};

static const struct option longopts[] = {
	{"make", no_argument, NULL, OPT_MAKE},
	{"rotate", no_argument, NULL, OPT_ROTATE},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	PK_COMMON_OPTS,
	{NULL, 0, NULL, 0}
};

static const struct pk_complete comp[] = {
	{NULL, NULL, NULL, NULL}
};

static struct pk_cli cli;

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s [options]\n"
	    "       %s --make [--dry-run]\n"
	    "       %s --rotate [--dry-run] [options]\n",
	    pk_progname, pk_progname, pk_progname);
	if (status != 0)
		return;
	fputs("\n"
	    "The keys that seal SINs in the store (peerkit-keys(1)).\n"
	    "  (no option)  where the keys are, their fingerprints, the store's\n"
	    "  --make       make the three keys (none may exist yet)\n"
	    "  --rotate     new keys: every SIN re-sealed in one transaction\n"
	    "               (needs the secret key); the old kept as FILE.old\n"
	    "  --dry-run    check that it would work; write nothing\n"
	    "  --format table|json|jsonl|csv  --json  --wide\n"
	    "  --bom  CSV output begins with a UTF-8 byte order mark\n"
	    "  -o, --output FILE  write to FILE (mode 0600) whole, when done\n"
	    "  --db PATH  --config PATH  --today DATE  -q, --quiet\n"
	    "  -h, --help  --version\n",
	    fp);
}

static json_t *
fp_or_null(const char *fp)
{
	return fp[0] ? json_string(fp) : json_null();
}

static int
show(pk_store *s, const char *store_path)
{
	struct pk_keys_status ks;
	json_t *o;
	pk_out *out;
	int rc;

	if ((rc = pk_keys_status(s, &ks)) != 0)
		return rc;
	if (!(o = json_object()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "public_key", json_string(pk_privacy_path(PK_KEY_PUBLIC)));
	pk_json_set(o, "public_key_present",
	    json_boolean(ks.have & (1u << PK_KEY_PUBLIC)));
	pk_json_set(o, "public_fingerprint", fp_or_null(ks.public_fp));
	pk_json_set(o, "secret_key", json_string(pk_privacy_path(PK_KEY_SECRET)));
	pk_json_set(o, "secret_key_present",
	    json_boolean(ks.have & (1u << PK_KEY_SECRET)));
	pk_json_set(o, "index_key", json_string(pk_privacy_path(PK_KEY_INDEX)));
	pk_json_set(o, "index_key_present",
	    json_boolean(ks.have & (1u << PK_KEY_INDEX)));
	pk_json_set(o, "index_fingerprint", fp_or_null(ks.index_fp));
	pk_json_set(o, "store", store_path ? json_string(store_path) :
	    json_null());
	pk_json_set(o, "store_public_fingerprint",
	    fp_or_null(ks.store_public_fp));
	pk_json_set(o, "store_index_fingerprint",
	    fp_or_null(ks.store_index_fp));
	/* Can this machine store SINs in this store, read them back? */
	pk_json_set(o, "can_seal", json_boolean(ks.public_fp[0] &&
	    ks.index_fp[0] && (!ks.store_public_fp[0] ||
	    (strcmp(ks.public_fp, ks.store_public_fp) == 0 &&
	    strcmp(ks.index_fp, ks.store_index_fp) == 0))));
	pk_json_set(o, "can_reveal", json_boolean((ks.have &
	    (1u << PK_KEY_SECRET)) && ks.secret_fits && (!ks.store_public_fp[0] ||
	    strcmp(ks.public_fp, ks.store_public_fp) == 0)));
	out = pk_out_new(stdout, cli.format, NULL);
	rc = pk_out_rec(out, o);
	json_decref(o);
	if (pk_out_end(out) != 0 && rc == 0)
		rc = pk_errcode();
	return rc;
}

int
main(int argc, char *argv[])
{
	char *path;
	bool finished, dry_run = false;
	int c, mode = 0, rc;

	pk_cli_init(&cli, argc, argv, longopts, usage);
	pk_cli_complete(&cli, comp);
	while ((c = getopt_long(argc, argv, PK_SHORT_OPTS, longopts, NULL)) != -1) {
		if (pk_cli_option(&cli, c, optarg))
			continue;
		switch (c) {
		case OPT_MAKE:
		case OPT_ROTATE:
			mode = c;
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		default:
			usage(stderr, PK_EX_USAGE);
			return PK_EX_USAGE;
		}
	}
	if (optind < argc)
		pk_usage_error(&cli, "no operands");
	pk_cli_mode(&cli, modes, 0);
	pk_clock_check();
	if (mode != OPT_ROTATE)
		pk_cli_output(&cli);
	if (mode == OPT_MAKE) {
		if (pk_config_load(&cli.cfg, cli.config_path) != 0)
			pk_exit_error();
		pk_privacy_use(&cli.cfg);
		if (dry_run) {
			if (pk_keys_make_check() != 0)
				pk_exit_error();
			pk_warn("dry run: would make %s, %s and %s; nothing "
			    "written", pk_privacy_path(PK_KEY_PUBLIC),
			    pk_privacy_path(PK_KEY_SECRET),
			    pk_privacy_path(PK_KEY_INDEX));
			return pk_cli_close(&cli, 0);
		}
		if (pk_keys_make() != 0)
			pk_exit_error();
		pk_warn("made %s, %s and %s: intake machines need the public "
		    "and index keys; keep the secret key with the one who files "
		    "the T4A return, and a copy of it offline",
		    pk_privacy_path(PK_KEY_PUBLIC), pk_privacy_path(PK_KEY_SECRET),
		    pk_privacy_path(PK_KEY_INDEX));
		return pk_cli_close(&cli, 0);
	}
	if (mode == OPT_ROTATE) {
		pk_cli_open(&cli, dry_run ? PK_STORE_DRYRUN : PK_STORE_WRITE);
		if ((rc = pk_keys_rotate(cli.store, dry_run, &finished)) != 0) {
			fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
			return pk_cli_close(&cli, rc);
		}
		if (dry_run) {
			pk_warn(finished ? "dry run: a rotation that stopped "
			    "after its commit would be finished; nothing "
			    "written" : "dry run: every SIN opened and sealed "
			    "again to new keys, then rolled back; nothing "
			    "written");
			return pk_cli_close(&cli, 0);
		}
		pk_warn(finished ? "finished the rotation that had stopped: the "
		    "new keys are in place" : "every SIN re-sealed to new keys; "
		    "the old ones are kept as FILE.old: move them offline or "
		    "destroy them, and give intake machines the new public and "
		    "index keys");
		return pk_cli_close(&cli, 0);
	}
	/* Showing: the store if there is one, read only. */
	if (pk_config_load(&cli.cfg, cli.config_path) != 0)
		pk_exit_error();
	pk_privacy_use(&cli.cfg);
	if (!(path = pk_store_path(cli.db, &cli.cfg)))
		pk_exit_error();
	if (pk_store_open(&cli.store, path, PK_STORE_READ) != 0) {
		if (pk_errcode() != PK_EX_NOINPUT) {
			free(path);
			pk_exit_error();
		}
		cli.store = NULL;
	}
	rc = show(cli.store, cli.store ? path : NULL);
	free(path);
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", pk_progname, pk_errmsg());
	return pk_cli_close(&cli, rc);
}
