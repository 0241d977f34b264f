/*
 * db.c - one face over the store's engines: a statement (pk_q) is
 * prepared, bound, stepped, read and reset here the same way whichever
 * engine holds the store.  Every file of lib/ that runs SQL goes through
 * these calls; none of them names an engine.  The engine a store uses is
 * chosen once, when it is opened (store.c), and each call below passes
 * to that engine's own file: db-sqlite.c is SQLite's C API itself, so
 * its calls are made here directly; db-pg.c is PostgreSQL's.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

pk_q *
pk_prepare(pk_store *s, const char *sql)
{
	pk_q *q = pk_calloc(1, sizeof *q);

	q->s = s;
	if (s->pg) {
		if (!(q->pg = pk_pg_prepare(s, sql))) {
			free(q);
			return NULL;
		}
		return q;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &q->lite, NULL) != SQLITE_OK) {
		free(q);
		return NULL;
	}
	return q;
}

void
pk_finalize(pk_q *q)
{
	if (!q)
		return;
	if (q->pg)
		pk_pg_finalize(q->pg);
	else
		sqlite3_finalize(q->lite);
	free(q);
}

int
pk_step(pk_q *q)
{
	if (q->pg)
		return pk_pg_step(q->pg);
	return sqlite3_step(q->lite);
}

void
pk_reset(pk_q *q)
{
	if (q->pg)
		pk_pg_reset(q->pg);
	else
		sqlite3_reset(q->lite);
}

void
pk_clear(pk_q *q)
{
	if (q->pg)
		pk_pg_clear(q->pg);
	else
		sqlite3_clear_bindings(q->lite);
}

int
pk_bind_int64(pk_q *q, int idx, int64_t v)
{
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_INT, &v, 0);
	return sqlite3_bind_int64(q->lite, idx, v);
}

int
pk_bind_null(pk_q *q, int idx)
{
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_NULL, NULL, 0);
	return sqlite3_bind_null(q->lite, idx);
}

int
pk_bind_text(pk_q *q, int idx, const char *v)
{
	if (!v)
		return pk_bind_null(q, idx);
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_TEXT, v, strlen(v));
	return sqlite3_bind_text(q->lite, idx, v, -1, SQLITE_TRANSIENT);
}

int
pk_bind_textn(pk_q *q, int idx, const char *v, size_t len)
{
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_TEXT, v, len);
	return sqlite3_bind_text(q->lite, idx, v, (int)len, SQLITE_TRANSIENT);
}

int
pk_bind_static(pk_q *q, int idx, const char *v)
{
	if (!v)
		return pk_bind_null(q, idx);
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_TEXT, v, strlen(v));
	return sqlite3_bind_text(q->lite, idx, v, -1, SQLITE_STATIC);
}

int
pk_bind_owned(pk_q *q, int idx, char *v, size_t len)
{
	int rc;

	if (q->pg) {
		rc = pk_pg_bind(q->pg, idx, PK_PG_TEXT, v, len);
		free(v);
		return rc;
	}
	return sqlite3_bind_text(q->lite, idx, v, (int)len, free);
}

int
pk_bind_blob(pk_q *q, int idx, const void *v, size_t len)
{
	if (q->pg)
		return pk_pg_bind(q->pg, idx, PK_PG_BLOB, v, len);
	return sqlite3_bind_blob(q->lite, idx, v, (int)len, SQLITE_TRANSIENT);
}

int
pk_bind_col(pk_q *q, int idx, pk_q *from, int col)
{
	if (pk_col_null(from, col))
		return pk_bind_null(q, idx);
	if (q->pg)
		return pk_bind_text(q, idx, pk_col_text(from, col));
	return sqlite3_bind_value(q->lite, idx, sqlite3_column_value(
	    from->lite, col));
}

int64_t
pk_col_int64(pk_q *q, int col)
{
	if (q->pg)
		return pk_pg_int64(q->pg, col);
	return sqlite3_column_int64(q->lite, col);
}

int
pk_col_int(pk_q *q, int col)
{
	if (q->pg)
		return (int)pk_pg_int64(q->pg, col);
	return sqlite3_column_int(q->lite, col);
}

const char *
pk_col_text(pk_q *q, int col)
{
	if (q->pg)
		return pk_pg_text(q->pg, col);
	return (const char *)sqlite3_column_text(q->lite, col);
}

bool
pk_col_null(pk_q *q, int col)
{
	if (q->pg)
		return pk_pg_null(q->pg, col);
	return sqlite3_column_type(q->lite, col) == SQLITE_NULL;
}

const void *
pk_col_blob(pk_q *q, int col, size_t *len)
{
	const void *b;

	if (q->pg)
		return pk_pg_blob(q->pg, col, len);
	b = sqlite3_column_blob(q->lite, col);
	*len = (size_t)sqlite3_column_bytes(q->lite, col);
	return b;
}

int64_t
pk_changes(pk_store *s)
{
	if (s->pg)
		return pk_pg_changes(s);
	return sqlite3_changes(s->db);
}

int64_t
pk_last_id(pk_store *s)
{
	if (s->pg)
		return pk_pg_last_id(s);
	return sqlite3_last_insert_rowid(s->db);
}

char *
pk_col_strdup(pk_q *q, int col)
{
	const char *t = pk_col_text(q, col);

	return t ? pk_strdup(t) : NULL;
}

json_t *
pk_col_json(pk_q *q, int col)
{
	const char *t = pk_col_text(q, col);
	json_t *j;
	json_error_t e;

	if (!t)
		return NULL;
	j = json_loads(t, JSON_DECODE_ANY, &e);
	if (!j)
		pk_die(PK_EX_SOFTWARE, "corrupt JSON in the store: %s", e.text);
	return j;
}

int
pk_bind_json(pk_q *q, int idx, json_t *v)
{
	size_t len;
	char *s;

	if (!v || json_is_null(v))
		return pk_bind_null(q, idx);
	s = pk_json_text(v, &len);
	return pk_bind_owned(q, idx, s, len);
}
