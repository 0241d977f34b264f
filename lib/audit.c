/*
 * audit.c - the append-only audit trail: when, who, which tool, what,
 * before and after.  Triggers in the schema refuse updates and deletes
 * of it; a SIN is masked here whatever the caller passed, so the trail
 * never holds one in the clear.  Read back, it is a peer's history.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* The end of the JSON string whose text starts at s: its closing quote. */
static const char *
string_end(const char *s)
{
	for (; *s && *s != '"'; s++)
		if (*s == '\\' && s[1])
			s++;
	if (!*s)
		pk_die(PK_EX_SOFTWARE, "audit: malformed JSON text");
	return s;
}

/*
 * Every "sin" string without a '*' is masked, as pk_sin_mask does (a
 * value that is not nine digits or a sealed SIN's token is dropped).  In compact JSON text the
 * bytes "sin":" can only be a key and the start of its string (a quote
 * inside a string is escaped), so a search finds them all, at any depth.
 * NULL when there is nothing to mask.
 */
static char *
masked_text(const char *text)
{
	static const char key[] = "\"sin\":\"";
	const char *p, *v, *end;
	struct pk_jtext t;
	char sin[PK_SIN_TOKEN_LEN + 1], buf[12];

	if (!text || !strstr(text, key))
		return NULL;
	pk_jt_init(&t);
	for (p = text; (v = strstr(p, key)); p = end) {
		v += sizeof key - 1;
		end = string_end(v);
		pk_jt_add(&t, p, (size_t)(v - p));
		if (memchr(v, '*', (size_t)(end - v))) {
			pk_jt_add(&t, v, (size_t)(end - v));
			continue;
		}
		sin[0] = '\0';
		if (end - v == 9 || end - v == PK_SIN_TOKEN_LEN) {
			memcpy(sin, v, (size_t)(end - v));
			sin[end - v] = '\0';
		}
		pk_sin_mask(sin, buf);
		pk_jt_add(&t, buf, strlen(buf));
	}
	pk_jt_add(&t, p, strlen(p));
	return t.s;
}

static void
bind_text(pk_q *st, int idx, const char *text)
{
	char *m = masked_text(text);

	if (m)
		pk_bind_owned(st, idx, m, strlen(m));
	else
		pk_bind_static(st, idx, text);
}

int
pk_audit_text(pk_store *s, const char *action, const char *kind, int64_t id,
    const char *uuid, const char *before, const char *after)
{
	static const char sql[] =
	    "INSERT INTO audit (at, who, tool, action, kind, record_id, "
	    "record_uuid, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	pk_q *st = pk_stmt(s, sql);
	char now[21];

	pk_now(now);
	pk_bind_static(st, 1, now);
	pk_bind_static(st, 2, pk_user());
	pk_bind_static(st, 3, s->tool);
	pk_bind_static(st, 4, action);
	pk_bind_static(st, 5, kind);
	pk_bind_int64(st, 6, id);
	pk_bind_static(st, 7, uuid);
	bind_text(st, 8, before);
	bind_text(st, 9, after);
	return pk_stmt_done(s, st, "write the audit trail");
}

static char *
text_of(json_t *rec)
{
	return rec && !json_is_null(rec) ? pk_json_text(rec, NULL) : NULL;
}

int
pk_audit(pk_store *s, const char *action, const char *kind, int64_t id,
    const char *uuid, json_t *before, json_t *after)
{
	char *bt = text_of(before), *at = text_of(after);
	int rc;

	rc = pk_audit_text(s, action, kind, id, uuid, bt, at);
	free(bt);
	free(at);
	return rc;
}

/*
 * Reading the trail back: a peer's history.
 */

/* The rows about a peer: its own record and credit, and the records
 * that are its now (a merge moves them, with all their history). */
#define HISTORY_COLS "SELECT id, at, who, tool, action, kind, record_id, " \
	"record_uuid, before, after FROM audit WHERE "
static const char history_sql[] =
    HISTORY_COLS "kind IN ('peer', 'credit') AND record_id = ?1"
    " UNION ALL " HISTORY_COLS "kind = 'engagement' AND record_id IN "
    "(SELECT id FROM engagements WHERE peer_id = ?1)"
    " UNION ALL " HISTORY_COLS "kind = 'payment' AND record_id IN "
    "(SELECT id FROM payments WHERE peer_id = ?1)"
    " UNION ALL " HISTORY_COLS "kind = 'onboarding' AND record_id IN "
    "(SELECT id FROM onboarding WHERE peer_id = ?1)"
    " UNION ALL " HISTORY_COLS "kind = 't4a_slip' AND record_id IN "
    "(SELECT id FROM t4a_filed WHERE peer_id = ?1)"
    " UNION ALL " HISTORY_COLS "kind = 'incident' AND record_id IN "
    "(SELECT id FROM incidents WHERE peer_id = ?1)"
    " UNION ALL " HISTORY_COLS "kind = 'follow-up' AND record_id IN "
    "(SELECT s.id FROM follow_up_steps s JOIN follow_ups f ON "
    "f.id = s.follow_up_id JOIN incidents i ON i.id = f.incident_id "
    "WHERE i.peer_id = ?1)"
    " ORDER BY 1";

/* "***-***-544", the one shape a SIN may have on its way out. */
static bool
is_masked(const char *s)
{
	return strlen(s) == 11 && strncmp(s, "***-***-", 8) == 0 &&
	    strspn(s + 8, "0123456789") == 3;
}

/*
 * Every "sin" in v, at any depth, masked or made null: the trail is
 * masked when written, and this makes sure of it whatever wrote the
 * row, since a history is printed where anyone may read it.
 */
static void
mask_sins(json_t *v)
{
	const char *key, *t;
	json_t *e;
	size_t i;
	char buf[12];

	if (json_is_array(v))
		json_array_foreach(v, i, e)
			mask_sins(e);
	if (!json_is_object(v))
		return;
	json_object_foreach(v, key, e) {
		if (strcmp(key, "sin") != 0) {
			mask_sins(e);
			continue;
		}
		t = json_string_value(e);
		if (json_is_null(e) || (t && is_masked(t)))
			continue;
		/* An existing key: replaced in place, the walk unharmed. */
		pk_json_set(v, key, t && strlen(t) == 9 &&
		    strspn(t, "0123456789") == 9 && *pk_sin_mask(t, buf) ?
		    json_string(buf) : json_null());
	}
}

/* An audit column's JSON, masked; NULL for none. */
static json_t *
col_record(pk_q *st, int col)
{
	json_t *j = pk_col_json(st, col);

	mask_sins(j);
	return j;
}

/* What the entry itself says: which record (record_id, record_uuid),
 * when it was written. */
static bool
said_by_entry(const char *key)
{
	return strcmp(key, "id") == 0 || strcmp(key, "uuid") == 0 ||
	    strcmp(key, "created_at") == 0 || strcmp(key, "updated_at") == 0;
}

static bool
nothing(json_t *v)
{
	return !v || json_is_null(v) ||
	    (json_is_array(v) && json_array_size(v) == 0);
}

/*
 * The fields an entry changed, as {field, before, after}, in the order
 * of the record after.  A record written whole (create, update, void)
 * and one written as the few fields that moved (an allocation, a merge)
 * read alike: a field the record after does not name did not change.
 */
static json_t *
changes(json_t *before, json_t *after)
{
	json_t *list = json_array(), *c, *b, *a, *v;
	json_t *keys = json_is_object(after) ? after : before;
	const char *key;

	if (!list)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (!json_is_object(keys))
		return list;
	json_object_foreach(keys, key, v) {
		b = json_is_object(before) ? json_object_get(before, key) : NULL;
		a = json_is_object(after) ? json_object_get(after, key) : NULL;
		if (said_by_entry(key) || (nothing(b) && nothing(a)) ||
		    (b && a && json_equal(b, a)))
			continue;
		if (!(c = json_object()))
			pk_die(PK_EX_SOFTWARE, "out of memory");
		pk_json_set(c, "field", json_string(key));
		pk_json_set(c, "before", b ? json_incref(b) : NULL);
		pk_json_set(c, "after", a ? json_incref(a) : NULL);
		if (json_array_append_new(list, c) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	return list;
}

static json_t *
entry_json(pk_q *st)
{
	json_t *o = json_object(), *before, *after;

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	before = col_record(st, 8);
	after = col_record(st, 9);
	pk_json_set(o, "id", json_integer(pk_col_int64(st, 0)));
	pk_json_set_str(o, "at", pk_col_text(st, 1));
	pk_json_set_str(o, "who", pk_col_text(st, 2));
	pk_json_set_str(o, "tool", pk_col_text(st, 3));
	pk_json_set_str(o, "action", pk_col_text(st, 4));
	pk_json_set_str(o, "kind", pk_col_text(st, 5));
	pk_json_set(o, "record_id", pk_col_null(st, 6) ?
	    NULL : json_integer(pk_col_int64(st, 6)));
	pk_json_set_str(o, "record_uuid",
	    pk_col_text(st, 7));
	pk_json_set(o, "changes", changes(before, after));
	json_decref(before);
	json_decref(after);
	return o;
}

struct history_walk {
	int (*fn)(json_t *, void *);
	void *arg;
};

static int
history_row(pk_q *st, void *arg)
{
	struct history_walk *w = arg;
	json_t *e = entry_json(st);
	int rc = w->fn(e, w->arg);

	json_decref(e);
	return rc;
}

int
pk_audit_history(pk_store *s, int64_t peer_id, int (*fn)(json_t *, void *),
    void *arg)
{
	struct history_walk w = {fn, arg};
	pk_q *st = pk_stmt(s, history_sql);

	pk_bind_int64(st, 1, peer_id);
	return pk_rows(s, st, "read the audit trail", history_row, &w);
}

const char *
pk_user(void)
{
	static char name[64];
	struct passwd *pw;

	if (name[0])
		return name;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid %ld", (long)getuid());
	return name;
}
