/*
 * db-pg.c - the PostgreSQL engine behind db.c, through libpq: a store
 * named by a postgresql:// URI (or postgres://, or libpq's key=value
 * form with dbname=) is a database on a server several sites share.
 *
 * The SQL of lib/ is written once, for both engines.  Here it is made
 * PostgreSQL's: ?NNN and ? become $NNN (a bare ? takes the next number,
 * as in SQLite), outside quotes; SQLite's temp. schema is pg_temp, and
 * its INDEXED BY hints are left out.  A statement is prepared on the
 * server the first time it runs, with the
 * types of what was bound then (an integer as int8, text and NULL left
 * for the server to infer, and where it cannot, text), and run again by
 * name.  Results come as text; integers are read back with strtoll, and
 * a boolean's t and f as 1 and 0, as SQLite gives a comparison.
 *
 * Errors are answered in SQLite's codes (store.c turns those into exit
 * statuses), from the SQLSTATE: integrity and trigger errors are a
 * constraint (65), serialisation failures and lock timeouts busy (75),
 * insufficient privilege, row-level security included, permission
 * (77), a read-only transaction read-only (77), disk full full (74), a
 * lost connection I/O (74).
 *
 * A write transaction takes one advisory lock, so writers follow one
 * another as on SQLite (BEGIN IMMEDIATE) and a payroll run reads what
 * it pays under the same lock that writes it: nothing is paid twice
 * by two runs at once.
 *
 * libpq is loaded (dlopen) the first time a store is on a server, not
 * linked: linked, it made every tool load two dozen more libraries (TLS,
 * Kerberos, LDAP) at start, ten times the instructions of starting a
 * tool whose store is a file.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "internal.h"

#define INT8OID 20
#define TEXTOID 25
#define BYTEAOID 17
/* The advisory lock every write transaction holds: "peerkit" in ASCII. */
#define WRITE_LOCK "7379877164398704"

/* libpq's calls, through the library loaded by load_libpq. */
static struct {
	__typeof__(PQconnectdb) *PQconnectdb;
	__typeof__(PQstatus) *PQstatus;
	__typeof__(PQerrorMessage) *PQerrorMessage;
	__typeof__(PQfinish) *PQfinish;
	__typeof__(PQexec) *PQexec;
	__typeof__(PQresultStatus) *PQresultStatus;
	__typeof__(PQresultErrorField) *PQresultErrorField;
	__typeof__(PQclear) *PQclear;
	__typeof__(PQcmdTuples) *PQcmdTuples;
	__typeof__(PQtransactionStatus) *PQtransactionStatus;
	__typeof__(PQconninfoParse) *PQconninfoParse;
	__typeof__(PQconninfoFree) *PQconninfoFree;
	__typeof__(PQprepare) *PQprepare;
	__typeof__(PQexecPrepared) *PQexecPrepared;
	__typeof__(PQntuples) *PQntuples;
	__typeof__(PQnfields) *PQnfields;
	__typeof__(PQgetisnull) *PQgetisnull;
	__typeof__(PQgetvalue) *PQgetvalue;
	__typeof__(PQunescapeBytea) *PQunescapeBytea;
	__typeof__(PQfreemem) *PQfreemem;
} pq;
#define PQconnectdb pq.PQconnectdb
#define PQstatus pq.PQstatus
#define PQerrorMessage pq.PQerrorMessage
#define PQfinish pq.PQfinish
#define PQexec pq.PQexec
#define PQresultStatus pq.PQresultStatus
#define PQresultErrorField pq.PQresultErrorField
#define PQclear pq.PQclear
#define PQcmdTuples pq.PQcmdTuples
#define PQtransactionStatus pq.PQtransactionStatus
#define PQconninfoParse pq.PQconninfoParse
#define PQconninfoFree pq.PQconninfoFree
#define PQprepare pq.PQprepare
#define PQexecPrepared pq.PQexecPrepared
#define PQntuples pq.PQntuples
#define PQnfields pq.PQnfields
#define PQgetisnull pq.PQgetisnull
#define PQgetvalue pq.PQgetvalue
#define PQunescapeBytea pq.PQunescapeBytea
#define PQfreemem pq.PQfreemem

int
pk_pg_load(void)
{
	static void *lib;
	static const char *const names[] = {
		"PQconnectdb", "PQstatus", "PQerrorMessage",
		"PQfinish", "PQexec", "PQresultStatus",
		"PQresultErrorField", "PQclear", "PQcmdTuples",
		"PQtransactionStatus", "PQconninfoParse", "PQconninfoFree",
		"PQprepare", "PQexecPrepared", "PQntuples",
		"PQnfields", "PQgetisnull", "PQgetvalue",
		"PQunescapeBytea", "PQfreemem",
	};
	void **slot = (void **)&pq;
	size_t i;

	if (lib)
		return 0;
	if (!(lib = dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL)))
		return pk_fail(PK_EX_UNAVAILABLE, "a PostgreSQL store needs "
		    "libpq (Debian's libpq5): %s", dlerror());
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!(slot[i] = dlsym(lib, names[i])))
			return pk_fail(PK_EX_UNAVAILABLE, "libpq: %s", dlerror());
	return 0;
}

struct pk_pg {
	PGconn *conn;
	int64_t changes;		/* rows the last command changed */
	int code;			/* SQLite's code for the last error */
	char *msg;			/* its message */
	char state[6];			/* its SQLSTATE */
	unsigned next;			/* statement names: pk1, pk2, ... */
	int64_t last_id;		/* the last row an INSERT returned */
	bool has_last_id;
};

struct pk_pgq {
	pk_store *s;
	char *sql;			/* PostgreSQL's text */
	int n;				/* parameters */
	char **val;
	int *len, *fmt;
	unsigned *type;			/* as bound: 0 text, INT8OID, ... */
	unsigned *prep_type;		/* as prepared */
	char name[16];			/* "" until prepared */
	PGresult *res;
	int row, rows;
	unsigned char *blob;		/* the last blob read, unescaped */
	bool insert;			/* an INSERT */
	bool returning;			/* RETURNING id added: see returns_id */
};

static bool
pg_uri(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0 ||
	    strncmp(path, "postgresql:", 11) == 0 ||
	    (strstr(path, "dbname=") != NULL && strchr(path, '/') == NULL);
}

bool
pk_pg_is_uri(const char *path)
{
	return path && pg_uri(path);
}

static int
sqlite_code(const char *state)
{
	if (!state)
		return SQLITE_IOERR;
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return SQLITE_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		return SQLITE_BUSY;
	if (strcmp(state, "42501") == 0)
		return SQLITE_PERM;
	if (strcmp(state, "25006") == 0)
		return SQLITE_READONLY;
	if (strcmp(state, "53100") == 0)
		return SQLITE_FULL;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "58", 2) == 0)
		return SQLITE_IOERR;
	if (strcmp(state, "22003") == 0)
		return SQLITE_TOOBIG;
	return SQLITE_ERROR;
}

/* Keep res's error (or the connection's) for pk_sql_fail; its code. */
static int
keep_error(struct pk_pg *pg, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL;
	const char *m = res ? PQresultErrorField(res,
	    PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t n;

	if (!m || !*m)
		m = PQerrorMessage(pg->conn);
	free(pg->msg);
	pg->msg = pk_strdup(m && *m ? m : "the server did not answer");
	n = strlen(pg->msg);
	while (n > 0 && pg->msg[n - 1] == '\n')
		pg->msg[--n] = '\0';
	snprintf(pg->state, sizeof pg->state, "%s", state ? state : "");
	pg->code = sqlite_code(state);
	return pg->code;
}

int
pk_pg_errcode(pk_store *s)
{
	return s->pg->code;
}

const char *
pk_pg_errmsg(pk_store *s)
{
	return s->pg->msg ? s->pg->msg : "no error";
}

/* Run SQL of no parameters (several statements may be given). */
int
pk_pg_exec(pk_store *s, const char *sql)
{
	PGresult *res = PQexec(s->pg->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = keep_error(s->pg, res);
	else
		s->pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return rc;
}

bool
pk_pg_in_transaction(pk_store *s)
{
	return PQtransactionStatus(s->pg->conn) != PQTRANS_IDLE;
}

int
pk_pg_begin(pk_store *s)
{
	return pk_pg_exec(s, "BEGIN; SELECT pg_advisory_xact_lock("
	    WRITE_LOCK ")");
}

int
pk_pg_open(pk_store *s, const char *uri)
{
	struct pk_pg *pg = pk_calloc(1, sizeof *pg);

	s->pg = pg;
	if (!(pg->conn = PQconnectdb(uri)))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		keep_error(pg, NULL);
		return SQLITE_CANTOPEN;
	}
	/* The server's messages in English whatever its defaults: the
	 * tools read none of them as data, but say them.  Only a role that
	 * may set lc_messages (a superuser, or one granted SET ON
	 * PARAMETER) sets it: site staff and finance, who may not, get the
	 * server's own language rather than an error. */
	return pk_pg_exec(s, "SET client_min_messages = warning; "
	    "SELECT set_config('lc_messages', 'C', false) "
	    "WHERE has_parameter_privilege('lc_messages', 'SET')");
}

void
pk_pg_close(pk_store *s)
{
	if (!s->pg)
		return;
	PQfinish(s->pg->conn);
	free(s->pg->msg);
	free(s->pg);
	s->pg = NULL;
}

/* The URI with any password left out, for messages. */
char *
pk_pg_name(const char *uri)
{
	PQconninfoOption *o = PQconninfoParse(uri, NULL), *p;
	const char *db = NULL, *host = NULL;
	char *name;

	for (p = o; p && p->keyword; p++) {
		if (strcmp(p->keyword, "dbname") == 0)
			db = p->val;
		else if (strcmp(p->keyword, "host") == 0)
			host = p->val;
	}
	name = pk_asprintf("postgresql database %s%s%s", db ? db : "(default)",
	    host ? " on " : "", host ? host : "");
	PQconninfoFree(o);
	return name;
}

/*
 * SQLite's text to PostgreSQL's: ?NNN to $NNN and ? to the next number,
 * temp. to pg_temp., INDEXED BY NAME left out, outside quoted text and
 * names.  n gets the number of parameters.
 */
static char *
translate(const char *sql, int *n)
{
	size_t len = strlen(sql);
	/* At most 11 bytes a byte: a bare ? becomes $ and up to 10 digits. */
	char *out = pk_malloc(11 * len + 1), *o = out;
	const char *p = sql;
	char quote = 0;
	long v;
	int max = 0;
	char *end;

	while (*p) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p++;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
			continue;
		}
		if (*p == '?') {
			p++;
			if (*p >= '0' && *p <= '9') {
				v = strtol(p, &end, 10);
				p = end;
				if (v < 1 || v > 32766)
					pk_die(PK_EX_SOFTWARE, "SQL parameter ?%ld "
					    "out of range", v);
			} else {
				v = max + 1;
			}
			if (v > max)
				max = (int)v;
			o += sprintf(o, "$%ld", v);
			continue;
		}
		/* SQLite's INDEXED BY name, a plan it must use: PostgreSQL
		 * plans for itself. */
		if (strncmp(p, "INDEXED BY ", 11) == 0) {
			p += 11;
			while (*p == '_' || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9'))
				p++;
			continue;
		}
		if (strncmp(p, "temp.", 5) == 0 && (p == sql ||
		    !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))) {
			/* An index is made in its table's schema, unnamed. */
			if (strncmp(sql, "CREATE INDEX", 12) != 0)
				o += sprintf(o, "pg_temp.");
			p += 5;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	*n = max;
	return out;
}

/*
 * An INSERT into a table whose new rows' ids lib/ reads back (pk_last_id
 * after adding a peer, an engagement, a payment...) returns the id, and
 * pk_last_id reads it from there: lastval() afterwards was a second round
 * trip for every record.  The rows it returns are not the caller's: a
 * step is done, as an INSERT is on SQLite.  Other INSERTs (the audit
 * trail, the ledger's journal) return nothing, and leave pk_last_id to
 * ask lastval().  The writer may read what it adds (row-level security
 * checks a returned row against the table's read policy too).
 */
static bool
returns_id(const char *sql)
{
	static const char *const tables[] = {
		"engagements", "follow_up_steps", "incidents", "onboarding",
		"payments", "peers", "t4a_filed", "t4a_rejected",
	};
	size_t i, n;

	if (strncmp(sql, "INSERT INTO ", 12) != 0 || strstr(sql, "RETURNING"))
		return false;
	sql += 12;
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		n = strlen(tables[i]);
		if (strncmp(sql, tables[i], n) == 0 &&
		    (sql[n] == ' ' || sql[n] == '('))
			return true;
	}
	return false;
}

struct pk_pgq *
pk_pg_prepare(pk_store *s, const char *sql)
{
	struct pk_pgq *q = pk_calloc(1, sizeof *q);
	int n;

	q->s = s;
	q->sql = translate(sql, &n);
	q->n = n;
	q->insert = strncmp(q->sql, "INSERT ", 7) == 0;
	if ((q->returning = returns_id(q->sql))) {
		size_t len = strlen(q->sql);

		q->sql = pk_realloc(q->sql, len + sizeof " RETURNING id");
		memcpy(q->sql + len, " RETURNING id", sizeof " RETURNING id");
	}
	if (n > 0) {
		q->val = pk_calloc((size_t)n, sizeof *q->val);
		q->len = pk_calloc((size_t)n, sizeof *q->len);
		q->fmt = pk_calloc((size_t)n, sizeof *q->fmt);
		q->type = pk_calloc((size_t)n, sizeof *q->type);
		q->prep_type = pk_calloc((size_t)n, sizeof *q->prep_type);
	}
	q->row = -1;
	return q;
}

static void
drop_result(struct pk_pgq *q)
{
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	q->rows = 0;
	PQfreemem(q->blob);
	q->blob = NULL;
}

void
pk_pg_clear(struct pk_pgq *q)
{
	int i;

	for (i = 0; i < q->n; i++) {
		free(q->val[i]);
		q->val[i] = NULL;
		q->len[i] = 0;
		q->fmt[i] = 0;
		q->type[i] = 0;
	}
}

void
pk_pg_reset(struct pk_pgq *q)
{
	drop_result(q);
}

void
pk_pg_finalize(struct pk_pgq *q)
{
	char *sql;

	if (!q)
		return;
	drop_result(q);
	pk_pg_clear(q);
	if (q->name[0] && q->s->pg) {
		sql = pk_asprintf("DEALLOCATE %s", q->name);
		PQclear(PQexec(q->s->pg->conn, sql));
		free(sql);
	}
	free(q->val);
	free(q->len);
	free(q->fmt);
	free(q->type);
	free(q->prep_type);
	free(q->sql);
	free(q);
}

int
pk_pg_bind(struct pk_pgq *q, int idx, int type, const void *v, size_t len)
{
	int i = idx - 1;

	if (i < 0 || i >= q->n)
		return SQLITE_RANGE;
	free(q->val[i]);
	q->val[i] = NULL;
	q->len[i] = 0;
	q->fmt[i] = 0;
	q->type[i] = 0;
	switch (type) {
	case PK_PG_NULL:
		break;
	case PK_PG_INT:
		q->val[i] = pk_asprintf("%" PRId64, *(const int64_t *)v);
		q->type[i] = INT8OID;
		break;
	case PK_PG_TEXT:
		q->val[i] = pk_malloc(len + 1);
		memcpy(q->val[i], v, len);
		q->val[i][len] = '\0';
		break;
	case PK_PG_BLOB:
		q->val[i] = pk_malloc(len ? len : 1);
		memcpy(q->val[i], v, len);
		q->len[i] = (int)len;
		q->fmt[i] = 1;
		q->type[i] = BYTEAOID;
		break;
	}
	return 0;
}

/* Prepare q on the server for the types now bound; an untyped parameter
 * the server cannot infer is prepared again as text. */
static int
prepare(struct pk_pgq *q)
{
	struct pk_pg *pg = q->s->pg;
	PGresult *res;
	int i, try;
	bool same = q->name[0] != '\0';

	/* A NULL fits any type; text the server typed itself, or that it
	 * could not and was prepared as text, fits what it was prepared as:
	 * only a change between integer and text prepares again. */
	for (i = 0; same && i < q->n; i++)
		if (q->val[i] && q->type[i] != q->prep_type[i] &&
		    !(q->type[i] == 0 && q->prep_type[i] == TEXTOID))
			same = false;
	if (same)
		return 0;
	for (try = 0; try < 2; try++) {
		for (i = 0; i < q->n; i++)
			q->prep_type[i] = q->type[i] ? q->type[i] :
			    try ? TEXTOID : 0;
		snprintf(q->name, sizeof q->name, "pk%u", ++pg->next);
		res = PQprepare(pg->conn, q->name, q->sql, q->n,
		    (const Oid *)q->prep_type);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			return 0;
		}
		q->name[0] = '\0';
		keep_error(pg, res);
		PQclear(res);
		if (strcmp(pg->state, "42P18") != 0 &&
		    strcmp(pg->state, "42P08") != 0 &&
		    strcmp(pg->state, "42725") != 0)
			break;
	}
	return pg->code;
}

int
pk_pg_step(struct pk_pgq *q)
{
	struct pk_pg *pg = q->s->pg;
	ExecStatusType st;
	int rc;

	if (q->res) {
		if (++q->row < q->rows)
			return SQLITE_ROW;
		return SQLITE_DONE;
	}
	if ((rc = prepare(q)) != 0)
		return rc;
	q->res = PQexecPrepared(pg->conn, q->name, q->n,
	    (const char *const *)q->val, q->len, q->fmt, 0);
	st = PQresultStatus(q->res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		rc = keep_error(pg, q->res);
		drop_result(q);
		return rc;
	}
	pg->changes = strtoll(PQcmdTuples(q->res), NULL, 10);
	q->rows = st == PGRES_TUPLES_OK ? PQntuples(q->res) : 0;
	q->row = 0;
	if (q->insert)
		pg->has_last_id = false;
	if (q->returning) {
		if (q->rows > 0) {
			pg->last_id = strtoll(PQgetvalue(q->res, q->rows - 1,
			    0), NULL, 10);
			pg->has_last_id = true;
		}
		q->rows = 0;
	}
	return q->rows > 0 ? SQLITE_ROW : SQLITE_DONE;
}

bool
pk_pg_null(struct pk_pgq *q, int col)
{
	return !q->res || q->row < 0 || q->row >= q->rows ||
	    col >= PQnfields(q->res) || PQgetisnull(q->res, q->row, col);
}

const char *
pk_pg_text(struct pk_pgq *q, int col)
{
	if (pk_pg_null(q, col))
		return NULL;
	return PQgetvalue(q->res, q->row, col);
}

int64_t
pk_pg_int64(struct pk_pgq *q, int col)
{
	const char *t = pk_pg_text(q, col);

	if (!t)
		return 0;
	if (t[0] == 't' && t[1] == '\0')
		return 1;
	return strtoll(t, NULL, 10);
}

const void *
pk_pg_blob(struct pk_pgq *q, int col, size_t *len)
{
	const char *t = pk_pg_text(q, col);

	*len = 0;
	PQfreemem(q->blob);
	q->blob = NULL;
	if (!t)
		return NULL;
	if (!(q->blob = PQunescapeBytea((const unsigned char *)t, len)))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return q->blob;
}

int64_t
pk_pg_changes(pk_store *s)
{
	return s->pg->changes;
}

int64_t
pk_pg_last_id(pk_store *s)
{
	PGresult *res;
	int64_t id = 0;

	if (s->pg->has_last_id)
		return s->pg->last_id;
	res = PQexec(s->pg->conn, "SELECT lastval()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return id;
}

/* The schema version, 0 for a database peerkit has not made its store
 * in (no peerkit_schema table). */
int
pk_pg_version(pk_store *s, int *v)
{
	PGresult *res = PQexec(s->pg->conn, "SELECT max(version) FROM "
	    "peerkit_schema");
	const char *state;
	int rc = 0;

	*v = 0;
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
			*v = atoi(PQgetvalue(res, 0, 0));
	} else {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (!state || strcmp(state, "42P01") != 0)
			rc = keep_error(s->pg, res);
	}
	PQclear(res);
	return rc;
}

int
pk_pg_set_version(pk_store *s, int v)
{
	char sql[96];

	snprintf(sql, sizeof sql, "DELETE FROM peerkit_schema; INSERT INTO "
	    "peerkit_schema VALUES (%d)", v);
	return pk_pg_exec(s, sql);
}

bool
pk_pg_has_password(const char *uri)
{
	PQconninfoOption *o = PQconninfoParse(uri, NULL), *p;
	bool has = false;

	for (p = o; p && p->keyword; p++)
		if (strcmp(p->keyword, "password") == 0 && p->val && *p->val)
			has = true;
	PQconninfoFree(o);
	return has;
}
