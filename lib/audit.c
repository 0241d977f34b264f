/*
 * audit.c - the append-only audit trail: when, who, which tool, what,
 * before and after.  Triggers in the schema refuse updates and deletes
 * of it; a SIN is masked here whatever the caller passed, so the trail
 * never holds one in the clear.
 */
#include <string.h>

#include "internal.h"

static json_t *
masked(json_t *rec)
{
	json_t *copy, *sin;
	char buf[12];
	const char *v;

	if (!rec || !json_is_object(rec))
		return json_incref(rec);
	sin = json_object_get(rec, "sin");
	v = json_string_value(sin);
	if (!v || strchr(v, '*'))
		return json_incref(rec);
	if (!(copy = json_copy(rec)))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(copy, "sin", json_string(pk_sin_mask(v, buf)));
	return copy;
}

int
pk_audit(pk_store *s, const char *action, const char *kind, int64_t id,
    const char *uuid, json_t *before, json_t *after)
{
	static const char sql[] =
	    "INSERT INTO audit (at, who, tool, action, kind, record_id, "
	    "record_uuid, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = pk_stmt(s, sql);
	json_t *b = masked(before), *a = masked(after);
	char now[21];

	pk_now(now);
	pk_bind_text(st, 1, now);
	pk_bind_text(st, 2, pk_user());
	pk_bind_text(st, 3, s->tool);
	pk_bind_text(st, 4, action);
	pk_bind_text(st, 5, kind);
	sqlite3_bind_int64(st, 6, id);
	pk_bind_text(st, 7, uuid);
	pk_bind_json(st, 8, b);
	pk_bind_json(st, 9, a);
	json_decref(b);
	json_decref(a);
	return pk_stmt_done(s, st, "write the audit trail");
}
