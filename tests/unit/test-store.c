/* test-store: creation and modes, versions, transactions, savepoints. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "peerkit.h"
#include "tap.h"

static char dir[] = "/tmp/pk-store-XXXXXX";

static char *
path(const char *name)
{
	return pk_asprintf("%s/%s", dir, name);
}

static int
mode_of(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static int64_t
add_peer(pk_store *s, const char *alias)
{
	struct pk_peer p = {0};
	int64_t id;

	p.alias = pk_strdup(alias);
	if (pk_peer_insert(s, &p) != 0)
		return -1;
	id = p.id;
	pk_peer_free(&p);
	return id;
}

static int
counter(const struct pk_peer *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static int
npeers(pk_store *s)
{
	struct pk_peer_filter f = {0};
	int n = 0;

	pk_peer_each(s, &f, counter, &n);
	return n;
}

static void
test_create(void)
{
	char *db = path("a/b/peerkit.db"), *ab = path("a/b");
	pk_store *s = NULL;

	is_int(pk_store_open(&s, db, PK_STORE_READ), PK_EX_NOINPUT,
	    "reading a store that does not exist");
	ok(strstr(pk_errmsg(), "peer-add creates one") != NULL,
	    "the message says how to make one");
	is_int(pk_store_open(&s, db, PK_STORE_WRITE), 0, "create a store");
	is_int(mode_of(db), 0600, "the file is 0600");
	is_int(mode_of(ab), 0700, "its new directory is 0700");
	is_int(pk_store_version(s), PK_SCHEMA_VERSION, "migrated to the latest");
	pk_store_close(s);
	is_int(pk_store_open(&s, db, PK_STORE_READ), 0, "then open it to read");
	pk_store_close(s);
	free(db);
	free(ab);
}

static void
test_dryrun(void)
{
	char *db = path("dry.db");
	pk_store *s = NULL;

	is_int(pk_store_open(&s, db, PK_STORE_DRYRUN), 0, "dry run, no store");
	ok(access(db, F_OK) != 0, "creates no file");
	ok(add_peer(s, "Ghost") > 0, "but works in memory");
	pk_store_close(s);
	free(db);
}

static void
test_transactions(void)
{
	char *db = path("tx.db");
	pk_store *s = NULL;

	pk_store_open(&s, db, PK_STORE_WRITE);
	is_int(pk_store_begin(s), 0, "begin");
	add_peer(s, "Kept");
	is_int(pk_store_commit(s), 0, "commit");
	pk_store_begin(s);
	add_peer(s, "Lost");
	pk_store_rollback(s);
	is_int(npeers(s), 1, "a rollback leaves nothing");
	pk_store_begin(s);
	pk_store_savepoint(s);
	add_peer(s, "Good");
	is_int(pk_store_release(s), 0, "release a savepoint");
	pk_store_savepoint(s);
	add_peer(s, "Bad");
	pk_store_rollback_to(s);
	pk_store_commit(s);
	is_int(npeers(s), 2, "rollback to a savepoint drops only that record");
	pk_store_close(s);
	free(db);
}

static char *
slurp(const char *p, long *len)
{
	FILE *fp = fopen(p, "rb");
	char *buf;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	*len = ftell(fp);
	rewind(fp);
	buf = pk_malloc((size_t)*len);
	if (fread(buf, 1, (size_t)*len, fp) != (size_t)*len)
		*len = -1;
	fclose(fp);
	return buf;
}

static void
test_refusals(void)
{
	char *db = path("junk.db"), *newer = path("newer.db"), *a, *b;
	pk_store *s = NULL;
	sqlite3 *raw;
	FILE *fp = fopen(db, "w");
	long la, lb;

	for (int i = 0; i < 200; i++)
		fputs("junk junk junk junk junk junk junk junk\n", fp);
	fclose(fp);
	is_int(pk_store_open(&s, db, PK_STORE_WRITE), PK_EX_DATAERR,
	    "a file that is not SQLite");
	ok(strstr(pk_errmsg(), "not a peerkit store") != NULL, "says so");

	pk_store_open(&s, newer, PK_STORE_WRITE);
	pk_store_close(s);
	sqlite3_open(newer, &raw);
	sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(raw);
	a = slurp(newer, &la);
	is_int(pk_store_open(&s, newer, PK_STORE_WRITE), PK_EX_DATAERR,
	    "a store from a newer peerkit");
	ok(strstr(pk_errmsg(), "schema version 99") != NULL, "names its version");
	b = slurp(newer, &lb);
	ok(la == lb && la > 0 && memcmp(a, b, (size_t)la) == 0,
	    "and leaves it byte for byte as it was");
	free(a);
	free(b);
	free(db);
	free(newer);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_create();
	test_dryrun();
	test_transactions();
	test_refusals();
	return done_testing();
}
