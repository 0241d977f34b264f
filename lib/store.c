/*
 * store.c - the SQLite store: where it lives, how it is created (0600 in
 * a 0700 directory, before SQLite touches it, since SQLite would create
 * it 0644 and copy that mode to -wal and -shm), migrations by
 * PRAGMA user_version, and transactions.  A store file that was made
 * otherwise (touch x.db, a chmod) is made private when it is opened.
 *
 * Every write transaction is BEGIN IMMEDIATE: a deferred transaction that
 * reads and then writes fails under contention even with a busy timeout.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define BUSY_TIMEOUT_MS 10000
/*
 * SQLite's page cache starts at its default (2 MB) and grows to 16 MiB
 * once a connection keeps reading back pages it had to let go: a batch
 * that inserts into indexes at random places (uuid, peer).  There the
 * large cache almost halves the CPU time of an import of 100,000
 * engagements.  Elsewhere it would only cost: each fresh page of memory
 * it fills is a page fault, some 25 us on the project's machine, and an
 * import of 10,000 peers (which only appends) was an eighth slower with
 * it.  engage-log peaks at 23 MiB with it at 1,000,000 records, under the
 * 32 MiB every tool keeps to.
 */
#define CACHE_BIG "PRAGMA cache_size = -16384"
/* Pages read before the cache grows: as many as the default cache holds
 * (2 MB of 8 KiB pages).  At 2,000 a batch of 10,000 payments read 7,000
 * pages and engage-log 3,500 (strace), many of them pages the small cache
 * had just spilled to the WAL; at 256, 5,000 and 1,600.  An append-only
 * import (peer-add) reads fewer and keeps the small cache. */
#define CACHE_MISSES 256

char *
pk_store_path(const char *opt, const struct pk_config *cfg)
{
	const char *env = getenv("PEERKIT_DB"), *home;
	struct passwd *pw;

	if (opt)
		return pk_strdup(opt);
	if (env && *env)
		return pk_strdup(env);
	if (cfg && cfg->store && *cfg->store)
		return pk_strdup(cfg->store);
	env = getenv("XDG_DATA_HOME");
	if (env && *env == '/')
		return pk_asprintf("%s/peerkit/peerkit.db", env);
	/* Never a path relative to wherever a cron job happens to run. */
	home = getenv("HOME");
	if (!home || *home != '/') {
		pw = getpwuid(getuid());
		home = pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
	}
	if (!home) {
		pk_fail(PK_EX_USAGE, "no store: HOME is not set; "
		    "give --db PATH or set PEERKIT_DB");
		return NULL;
	}
	return pk_asprintf("%s/.local/share/peerkit/peerkit.db", home);
}

static int
errno_status(void)
{
	switch (errno) {
	case ENOENT:
		return PK_EX_NOINPUT;
	case EACCES:
	case EPERM:
	case EROFS:
		return PK_EX_NOPERM;
	case ENOSPC:
	case EIO:
		return PK_EX_IOERR;
	default:
		return PK_EX_CANTCREAT;
	}
}

/* mkdir -p of path's directory; directories made here are 0700. */
static int
make_parents(const char *path)
{
	char buf[PATH_MAX];
	char *p;
	size_t len = strlen(path);

	if (len >= sizeof buf)
		return pk_fail(PK_EX_CANTCREAT, "%s: path too long", path);
	memcpy(buf, path, len + 1);
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return pk_fail(errno_status() == PK_EX_NOINPUT ?
			    PK_EX_CANTCREAT : errno_status(), "%s: %s", buf,
			    strerror(errno));
		*p = '/';
	}
	return 0;
}

static int
create_file(const char *path)
{
	int fd, rc;

	if ((rc = make_parents(path)) != 0)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return pk_fail(errno_status() == PK_EX_NOINPUT ? PK_EX_CANTCREAT :
		    errno_status(), "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* The engine's last error: SQLite's code for it (PostgreSQL's are
 * answered in SQLite's terms, db-pg.c) and its message. */
static int
errcode(pk_store *s)
{
	return s->pg ? pk_pg_errcode(s) : sqlite3_extended_errcode(s->db);
}

static const char *
errmsg(pk_store *s)
{
	return s->pg ? pk_pg_errmsg(s) : sqlite3_errmsg(s->db);
}

int
pk_sql_fail(pk_store *s, const char *what)
{
	int code;
	int ext = errcode(s);

	switch (ext & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return pk_fail(PK_EX_TEMPFAIL, "%s: the store is busy (another "
		    "program is writing to it); try again", s->path);
	case SQLITE_FULL:
		return pk_fail(PK_EX_IOERR, "%s: %s: disk full", s->path, what);
	case SQLITE_IOERR:
		return pk_fail(PK_EX_IOERR, "%s: %s: %s", s->path, what,
		    errmsg(s));
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		/* On PostgreSQL: a role's grants or row-level security. */
		if (s->pg && (ext & 0xff) == SQLITE_PERM)
			return pk_fail(PK_EX_NOPERM, "%s: %s: not allowed "
			    "to your login (%s): site staff read and write "
			    "their site's peers and records, coordinators "
			    "read their region's, finance all (peerkit(7), "
			    "WHO SEES WHAT)", s->path, what, errmsg(s));
		return pk_fail(PK_EX_NOPERM, "%s: %s: %s", s->path, what,
		    errmsg(s));
	case SQLITE_CANTOPEN:
		return pk_fail(PK_EX_NOINPUT, "%s: cannot open: %s", s->path,
		    errmsg(s));
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return pk_fail(PK_EX_DATAERR, "%s: not a peerkit store (%s)",
		    s->path, errmsg(s));
	case SQLITE_CONSTRAINT:
		code = PK_EX_DATAERR;
		break;
	case SQLITE_TOOBIG:
		return pk_fail(PK_EX_DATAERR, "%s: the amounts are too "
		    "large to add up", what);
	default:
		/* sum() checks its total: money too large to add up is the
		 * data's fault, never a wrapped figure. */
		if (strcmp(errmsg(s), "integer overflow") == 0)
			return pk_fail(PK_EX_DATAERR, "%s: the amounts are too "
			    "large to add up", what);
		code = PK_EX_SOFTWARE;
		break;
	}
	return pk_fail(code, "%s: %s", what, errmsg(s));
}

pk_q *
pk_stmt(pk_store *s, const char *sql)
{
	size_t i;
	pk_q *q;

	for (i = 0; i < PK_STMT_CACHE && s->cache[i].sql; i++) {
		if (s->cache[i].sql == sql) {
			q = s->cache[i].q;
			pk_reset(q);
			pk_clear(q);
			return q;
		}
	}
	if (!(q = pk_prepare(s, sql))) {
		pk_sql_fail(s, "prepare");
		pk_die(pk_errcode(), "%s (in: %.60s)", pk_errmsg(), sql);
	}
	if (i < PK_STMT_CACHE) {
		s->cache[i].sql = sql;
		s->cache[i].q = q;
	} else {
		/* Full: replace the last slot rather than grow. */
		pk_finalize(s->cache[PK_STMT_CACHE - 1].q);
		s->cache[PK_STMT_CACHE - 1].sql = sql;
		s->cache[PK_STMT_CACHE - 1].q = q;
	}
	return q;
}

/* Called after each write: see CACHE_BIG.  A failure only costs speed. */
static void
grow_cache(pk_store *s)
{
	int miss = 0, high;

	if (s->pg || s->big_cache || sqlite3_db_status(s->db, SQLITE_DBSTATUS_CACHE_MISS,
	    &miss, &high, 0) != SQLITE_OK || miss < CACHE_MISSES)
		return;
	s->big_cache = true;
	/* A cache that fails to grow costs speed, never data: go on. */
	(void)sqlite3_exec(s->db, CACHE_BIG, NULL, NULL, NULL);
}

int
pk_rows(pk_store *s, pk_q *st, const char *what,
    int (*row)(pk_q *, void *), void *arg)
{
	int rc;

	while ((rc = pk_step(st)) == PK_ROW)
		if ((rc = row(st, arg)) != 0) {
			pk_reset(st);
			return rc;
		}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, what);
	pk_reset(st);
	return rc == PK_DONE ? 0 : rc;
}

int
pk_stmt_done(pk_store *s, pk_q *st, const char *what)
{
	int rc = pk_step(st);

	if (rc != PK_DONE && rc != PK_ROW) {
		rc = pk_sql_fail(s, what);
		pk_reset(st);
		return rc;
	}
	pk_reset(st);
	grow_cache(s);
	return 0;
}

static int
exec(pk_store *s, const char *sql, const char *what)
{
	if (s->pg)
		return pk_pg_exec(s, sql) != 0 ? pk_sql_fail(s, what) : 0;
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return pk_sql_fail(s, what);
	return 0;
}

static int
read_version(pk_store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (s->pg)
		return pk_pg_version(s, v) != 0 ? pk_sql_fail(s, "read the "
		    "schema version") : 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK)
		return pk_sql_fail(s, "read the schema version");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return pk_sql_fail(s, "read the schema version");
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int
count_migrations(void)
{
	int n = 0;

	while (pk_migrations[n])
		n++;
	return n;
}

/* A version-0 file with tables of its own belongs to someone else. */
static int
foreign_tables(pk_store *s)
{
	sqlite3_stmt *st;
	int rc, n;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master",
	    -1, &st, NULL) != SQLITE_OK)
		return pk_sql_fail(s, "read the schema");
	rc = sqlite3_step(st);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return pk_sql_fail(s, "read the schema");
	if (n > 0)
		return pk_fail(PK_EX_DATAERR, "%s: not a peerkit store (an SQLite "
		    "database with other tables)", s->path);
	return 0;
}

/* Bring the schema up to date in one transaction. */
static int
migrate(pk_store *s)
{
	int v, old, rc, n = count_migrations();
	char *sql;

	/*
	 * Someone else's database is refused before anything is written to
	 * it: switching to WAL rewrites the file header.  The check is made
	 * again inside the transaction, against a creator racing us.
	 */
	if ((rc = read_version(s, &v)) != 0)
		return rc;
	if (v == 0 && (rc = foreign_tables(s)) != 0)
		return rc;
	/*
	 * A new store gets 8 KiB pages, set before its first write: half the
	 * pages to read, cache, log and check for the same rows cut a fifth of
	 * the CPU time of an import of 100,000 or 1,000,000 engagements (make
	 * bench).  A store made before keeps its own.
	 */
	if (v == 0 && (rc = exec(s, "PRAGMA page_size = 8192", "set the page "
	    "size")) != 0)
		return rc;
	/* WAL cannot be switched on inside a transaction; it persists. */
	if ((rc = exec(s, "PRAGMA journal_mode = WAL", "set WAL mode")) != 0)
		return rc;
	if ((rc = pk_store_begin(s)) != 0)
		return rc;
	if ((rc = read_version(s, &v)) != 0)
		goto fail;
	if (v == 0 && (rc = foreign_tables(s)) != 0)
		goto fail;
	old = v;
	for (; v < n; v++) {
		if ((rc = exec(s, pk_migrations[v], "migrate")) != 0)
			goto fail;
		/* Version 4 seals SINs: its SQL adds the columns, this the
		 * sealing, which needs the keys (privacy.c). */
		if (v + 1 == PK_SCHEMA_SEALED &&
		    (rc = pk_privacy_seal_plain(s)) != 0)
			goto fail;
		sql = pk_asprintf("PRAGMA user_version = %d", v + 1);
		rc = exec(s, sql, "migrate");
		free(sql);
		if (rc != 0)
			goto fail;
	}
	/* Not pk_store_commit: an upgrade is not a change the user made. */
	if ((rc = exec(s, "COMMIT", "commit")) != 0)
		return rc;
	/* A store that held plain SINs: rewritten, so none is left in a
	 * free page, and the WAL emptied, so none is left in an old frame
	 * (secure_delete zeroed what the sealing freed). */
	if (old > 0 && old < PK_SCHEMA_SEALED && (rc = exec(s, "VACUUM",
	    "vacuum the store")) == 0)
		rc = exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpoint");
	return rc;
fail:
	pk_store_rollback(s);
	return rc;
}

/* migrate() for PostgreSQL: under the write lock, so two first uses at
 * once make the schema once. */
static int
migrate_pg(pk_store *s)
{
	int v, rc, n = count_migrations();

	if ((rc = pk_store_begin(s)) != 0)
		return rc;
	if ((rc = exec(s, "CREATE TABLE IF NOT EXISTS peerkit_schema "
	    "(version integer NOT NULL)", "migrate")) != 0 ||
	    (rc = read_version(s, &v)) != 0)
		goto fail;
	for (; v < n; v++) {
		if (!pk_migrations_pg[v])
			pk_die(PK_EX_SOFTWARE, "no PostgreSQL schema for "
			    "version %d", v + 1);
		if ((rc = exec(s, pk_migrations_pg[v], "migrate")) != 0)
			goto fail;
		if ((rc = pk_pg_set_version(s, v + 1)) != 0) {
			rc = pk_sql_fail(s, "migrate");
			goto fail;
		}
	}
	return exec(s, "COMMIT", "commit");
fail:
	pk_store_rollback(s);
	return rc;
}

static int open_pg(pk_store **, const char *uri, int mode);

/* pk_fold(text): pk_utf8_fold in SQL, for the folded alias column
 * (migration 6) and --search; NULL for NULL or text that is not UTF-8. */
static void
sql_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *v = (const char *)sqlite3_value_text(argv[0]);
	char *f;

	(void)argc;
	if (!v || !(f = pk_utf8_fold(v))) {
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_text(cx, f, -1, free);
}

/* How long a write waits for another's to end: PEERKIT_BUSY_TIMEOUT ms. */
static int
busy_timeout(int64_t *ms)
{
	const char *env = getenv("PEERKIT_BUSY_TIMEOUT");

	*ms = BUSY_TIMEOUT_MS;
	if (env && *env && !pk_num_parse(env, 0, INT_MAX, ms))
		return pk_fail(PK_EX_USAGE, "PEERKIT_BUSY_TIMEOUT: \"%s\" is "
		    "not a number of milliseconds", env);
	return 0;
}

/* On PostgreSQL a write waits for the write lock (an advisory lock,
 * db-pg.c) as long as on SQLite, then is busy; 0 would wait for ever
 * there, where SQLite's 0 does not wait. */
static int
pg_lock_timeout(pk_store *s)
{
	int64_t ms;
	char set[48];
	int rc;

	if ((rc = busy_timeout(&ms)) != 0)
		return rc;
	snprintf(set, sizeof set, "SET lock_timeout = %" PRId64, ms ? ms : 1);
	return exec(s, set, "set lock_timeout");
}

static int
configure(pk_store *s)
{
	int64_t ms;
	int rc;

	if ((rc = busy_timeout(&ms)) != 0)
		return rc;
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, (int)ms);
	if (sqlite3_create_function(s->db, "pk_fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold, NULL,
	    NULL) != SQLITE_OK)
		return pk_sql_fail(s, "register pk_fold");
	/* Freed cells are zeroed: a SIN changed or sealed leaves no trace
	 * of the old value in the file. */
	if ((rc = exec(s, "PRAGMA secure_delete = ON", "set secure_delete")) != 0)
		return rc;
	return exec(s, "PRAGMA foreign_keys = ON", "enable foreign keys");
}

static int
check_version(pk_store *s, int *v)
{
	int rc;

	if ((rc = read_version(s, v)) != 0)
		return rc;
	if (*v > count_migrations())
		return pk_fail(PK_EX_DATAERR, "%s: the store is schema version %d, "
		    "newer than this peerkit (%d); upgrade peerkit", s->path, *v,
		    count_migrations());
	return 0;
}

/*
 * A store holds SINs: a file of it (the store, its -wal or -shm) that
 * group or others may open is made 0600 if it is ours, and refused if it
 * is not.  Changing the mode of someone else's file is theirs to do,
 * root or not; and a store shared through group permissions is refused
 * even to a reader, since that sharing is what lays the SINs open.
 * Missing files are not ours to judge.
 */
static int
keep_private(const char *path)
{
	struct stat sb;
	struct passwd *pw;
	unsigned mode;
	const char *how;
	char owner[96];

	if (stat(path, &sb) != 0)
		return errno == ENOENT ? 0 : pk_fail(errno_status(), "%s: %s",
		    path, strerror(errno));
	mode = (unsigned)sb.st_mode & 07777;
	if ((mode & 077) == 0 || !S_ISREG(sb.st_mode))
		return 0;
	how = mode & 044 ? "readable" : "writable";
	if (sb.st_uid != geteuid()) {
		pw = getpwuid(sb.st_uid);
		if (pw && pw->pw_name)
			snprintf(owner, sizeof owner, "%s (uid %ld)", pw->pw_name,
			    (long)sb.st_uid);
		else
			snprintf(owner, sizeof owner, "uid %ld", (long)sb.st_uid);
		return pk_fail(PK_EX_NOPERM, "%s is %s by group or others "
		    "(mode %04o) and belongs to %s, not to you: not opened, "
		    "since a store holds SINs; its owner must make it private "
		    "(chmod 600 %s)", path, how, mode, owner, path);
	}
	if (chmod(path, 0600) != 0)
		return pk_fail(errno_status(), "%s is %s by group or others "
		    "(mode %04o) and cannot be made 0600: %s", path, how, mode,
		    strerror(errno));
	pk_warn("%s was %s by group or others (mode %04o): made 0600", path,
	    how, mode);
	return 0;
}

/* The store and the files SQLite keeps beside it. */
static int
keep_store_private(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char *p;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof suffix / sizeof suffix[0] && rc == 0; i++) {
		p = pk_asprintf("%s%s", path, suffix[i]);
		rc = keep_private(p);
		free(p);
	}
	return rc;
}

/*
 * A setting of SQLite's own, made once, before it starts (a failure,
 * SQLite already started, only costs speed), and one left alone:
 *
 *   - No statistics of its memory (sqlite3_status): to keep them it takes
 *     a mutex around every malloc and free, about a hundred for each
 *     payment a batch stores, 3% of its instructions (Debian's SQLite is
 *     built without lookaside, so every one reaches malloc).  No tool
 *     reads them.
 *   - Statement journals (what undoes one statement that fails halfway)
 *     spill to a temporary file at SQLite's own 64 KiB.  A larger spill
 *     (1 MiB) saved system calls in imports, but with Debian 12's SQLite
 *     (3.40.1) a statement whose journal outgrew it failed with
 *     SQLITE_FULL: merging a peer with 30,000 engagements, or an upgrade
 *     rebuilding an index of a large store, was "disk full" on a disk
 *     with room (test 0015).
 */
static void
tune_sqlite(void)
{
	static bool done;

	if (!done)
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = true;
}

/* The user may write the store: the file, and the directory in which
 * SQLite makes its -wal and -shm. */
static bool
writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? pk_asprintf("%.*s", slash == path ? 1 :
	    (int)(slash - path), path) : pk_strdup(".");
	bool w = access(path, W_OK) == 0 && access(dir, W_OK) == 0;

	free(dir);
	return w;
}

/*
 * The name SQLite opens.  A WAL store that the user may not write, with
 * no -wal beside it (its last writer checkpointed it whole into the
 * file), cannot be opened read-only the ordinary way: SQLite needs to
 * make the -shm.  It is opened immutable instead, as a URI (the path's
 * %, ? and # escaped): read as the file is, without locks, which is
 * right while nobody writes it; a writer that starts meanwhile makes a
 * -wal this reader does not see.  With a -wal there, SQLite reads it
 * (and the -shm) as usual.
 */
static char *
db_name(const char *path, int mode, int *flags)
{
	char *wal = pk_asprintf("%s-wal", path), *uri, *u;
	bool immutable = mode == PK_STORE_READ && !writable(path) &&
	    access(wal, F_OK) != 0;
	const char *p;

	free(wal);
	if (!immutable)
		return pk_strdup(path);
	*flags |= SQLITE_OPEN_URI;
	u = uri = pk_malloc(3 * strlen(path) + sizeof "file:?immutable=1");
	u += sprintf(u, "file:");
	for (p = path; *p; p++)
		u += strchr("%?#", *p) ? sprintf(u, "%%%02X",
		    (unsigned char)*p) : sprintf(u, "%c", *p);
	strcpy(u, "?immutable=1");
	return uri;
}

static int
open_db(pk_store *s, int mode)
{
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, rc;
	struct stat sb;
	char *name;

	if (mode == PK_STORE_MEMORY)
		flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY;
	else if (mode == PK_STORE_READ)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE;
	if (mode != PK_STORE_MEMORY && stat(s->path, &sb) != 0)
		return pk_fail(errno == ENOENT ? PK_EX_NOINPUT : errno_status(),
		    "%s: %s%s", s->path, strerror(errno), errno == ENOENT ?
		    " (no store yet: peer-add creates one)" : "");
	/* A directory (--db naming where the store should go) is not one:
	 * said so, and its mode left alone. */
	if (mode != PK_STORE_MEMORY && !S_ISREG(sb.st_mode))
		return pk_fail(PK_EX_NOINPUT, "%s: %s, not a store: name the "
		    "store's file%s", s->path, S_ISDIR(sb.st_mode) ?
		    "a directory" : "not a regular file", S_ISDIR(sb.st_mode) ?
		    " (such as DIR/peerkit.db)" : "");
	if (mode != PK_STORE_MEMORY && (rc = keep_store_private(s->path)) != 0)
		return rc;
	if (mode != PK_STORE_MEMORY && access(s->path, R_OK) != 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s", s->path, strerror(errno));
	if (mode == PK_STORE_WRITE && !writable(s->path))
		return pk_fail(PK_EX_NOPERM, "%s: you may read the store but not "
		    "write it (the file or its directory): listings, reports "
		    "and --dry-run work, nothing else", s->path);
	tune_sqlite();
	name = mode == PK_STORE_MEMORY ? pk_strdup(":memory:") :
	    db_name(s->path, mode, &flags);
	rc = sqlite3_open_v2(name, &s->db, flags, NULL);
	free(name);
	if (rc != SQLITE_OK) {
		if (!s->db)
			pk_die(PK_EX_SOFTWARE, "out of memory");
		return pk_sql_fail(s, "open");
	}
	return configure(s);
}

/* A dry run on a store the user may not write works on a copy of it in
 * memory, which it may change and then forgets. */
static int
copy_to_memory(pk_store *s)
{
	sqlite3 *mem = NULL, *file;
	sqlite3_backup *b;
	int rc = SQLITE_ERROR;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	if ((b = sqlite3_backup_init(mem, "main", s->db, "main")) != NULL) {
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
	}
	if (!b || rc != SQLITE_DONE) {
		/* A backup's error is its destination's. */
		file = s->db;
		s->db = mem;
		rc = pk_sql_fail(s, "copy the store for a dry run");
		s->db = file;
		sqlite3_close(mem);
		return rc;
	}
	sqlite3_close(s->db);
	s->db = mem;
	s->mode = PK_STORE_MEMORY;
	return configure(s);
}

/* An older store is upgraded by whoever opens it and may write it; a
 * reader who may not is told so, and nothing is written. */
static int
older(pk_store *s, int v)
{
	return pk_fail(PK_EX_NOPERM, "%s: the store is schema version %d, "
	    "older than this peerkit (%d), and you may not write it: its "
	    "owner must open it once with any peerkit tool, which upgrades "
	    "it", s->path, v, count_migrations());
}

int
pk_store_open(pk_store **out, const char *path, int mode)
{
	pk_store *s;
	int rc, v;
	bool copy = false;

	if (pk_pg_is_uri(path))
		return open_pg(out, path, mode);
	if (mode == PK_STORE_DRYRUN && access(path, F_OK) != 0)
		mode = PK_STORE_MEMORY;
	else if (mode == PK_STORE_DRYRUN && !writable(path))
		mode = PK_STORE_READ, copy = true;
	else if (mode == PK_STORE_DRYRUN)
		mode = PK_STORE_WRITE;
	s = pk_calloc(1, sizeof *s);
	s->sin_twice = -1;

	s->path = pk_strdup(mode == PK_STORE_MEMORY ? ":memory:" : path);
	s->tool = pk_progname;
	s->mode = mode;
	if (mode == PK_STORE_WRITE && (rc = create_file(path)) != 0)
		goto fail;
	if ((rc = open_db(s, mode)) != 0 || (rc = check_version(s, &v)) != 0)
		goto fail;
	if (v < count_migrations() && mode == PK_STORE_READ &&
	    !writable(path)) {
		rc = older(s, v);
		goto fail;
	}
	if (copy && (rc = copy_to_memory(s)) != 0)
		goto fail;
	if (v < count_migrations()) {
		if (mode == PK_STORE_READ) {
			/* An older store: upgrade it once, then read. */
			pk_store_close(s);
			if ((rc = pk_store_open(&s, path, PK_STORE_WRITE)) != 0)
				return rc;
			pk_store_close(s);
			return pk_store_open(out, path, PK_STORE_READ);
		}
		if ((rc = migrate(s)) != 0)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	pk_store_close(s);
	return rc;
}

/*
 * A store on a PostgreSQL server.  Nothing is a file here: no modes to
 * keep, no copy for a dry run (the batch rolls it back), and a store
 * not yet made is made by the first role allowed to (its schema in
 * share/peerkit/schema-pg, the same versions as SQLite's).
 */
static int
open_pg(pk_store **out, const char *uri, int mode)
{
	pk_store *s;
	int rc, v;

	if ((rc = pk_pg_load()) != 0)
		return rc;
	s = pk_calloc(1, sizeof *s);
	s->sin_twice = -1;
	s->path = pk_pg_name(uri);
	s->tool = pk_progname;
	s->mode = mode == PK_STORE_DRYRUN ? PK_STORE_WRITE : mode;
	if (pk_pg_has_password(uri)) {
		rc = pk_fail(PK_EX_USAGE, "%s: a password in the store's URI "
		    "would show in the process list and the shell's history: "
		    "keep it in ~/.pgpass (or the file PGPASSFILE names), "
		    "as libpq reads it", s->path);
		goto fail;
	}
	if (pk_pg_open(s, uri) != 0) {
		rc = pk_fail(PK_EX_UNAVAILABLE, "%s: cannot connect: %s",
		    s->path, pk_pg_errmsg(s));
		goto fail;
	}
	if ((rc = pg_lock_timeout(s)) != 0)
		goto fail;
	if ((rc = read_version(s, &v)) != 0)
		goto fail;
	if (v > count_migrations()) {
		rc = pk_fail(PK_EX_DATAERR, "%s: the store is schema version "
		    "%d, newer than this peerkit (%d); upgrade peerkit",
		    s->path, v, count_migrations());
		goto fail;
	}
	if (v == 0 && s->mode == PK_STORE_READ) {
		rc = pk_fail(PK_EX_NOINPUT, "%s: no store yet: peer-add "
		    "creates one", s->path);
		goto fail;
	}
	if (v < count_migrations() && (rc = migrate_pg(s)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	pk_store_close(s);
	return rc;
}

void
pk_store_close(pk_store *s)
{
	size_t i;

	if (!s)
		return;
	pk_privacy_store_closed(s);
	for (i = 0; i < PK_STMT_CACHE && s->cache[i].sql; i++)
		pk_finalize(s->cache[i].q);
	pk_resolver_free(s->peers);
	pk_pg_close(s);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int
pk_store_version(pk_store *s)
{
	int v = -1;

	read_version(s, &v);
	return v;
}

int
pk_store_begin(pk_store *s)
{
	/* Another program may have changed the peers since they were read. */
	pk_resolve_forget(s);
	s->depth = 0;
	if (s->pg)
		return pk_pg_begin(s) != 0 ? pk_sql_fail(s, "begin a "
		    "transaction") : 0;
	return exec(s, "BEGIN IMMEDIATE", "begin a transaction");
}

int
pk_store_commit(pk_store *s)
{
	int rc;

	if ((rc = exec(s, "COMMIT", "commit")) == 0)
		s->commits++;
	return rc;
}

bool
pk_store_committed(pk_store *s)
{
	return s && s->commits > 0;
}

void
pk_store_rollback(pk_store *s)
{
	if (s->pg) {
		if (pk_pg_in_transaction(s))
			(void)pk_pg_exec(s, "ROLLBACK");
		return;
	}
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int
pk_store_savepoint(pk_store *s)
{
	return exec(s, "SAVEPOINT pk_record", "savepoint");
}

int
pk_store_release(pk_store *s)
{
	return exec(s, "RELEASE pk_record", "release savepoint");
}

void
pk_store_rollback_to(pk_store *s)
{
	static const char sql[] = "ROLLBACK TO pk_record; RELEASE pk_record";

	if (s->pg)
		(void)pk_pg_exec(s, sql);
	else
		sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

void
pk_store_set_tool(pk_store *s, const char *tool)
{
	s->tool = tool;
}
