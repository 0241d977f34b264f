/*
 * audit.c - the append-only audit trail: when, who, which tool, what,
 * before and after.  Triggers in the schema refuse updates and deletes
 * of it; a SIN is masked here whatever the caller passed, so the trail
 * never holds one in the clear.
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
bind_text(sqlite3_stmt *st, int idx, const char *text)
{
	char *m = masked_text(text);

	if (m)
		sqlite3_bind_text(st, idx, m, -1, free);
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
	sqlite3_stmt *st = pk_stmt(s, sql);
	char now[21];

	pk_now(now);
	pk_bind_static(st, 1, now);
	pk_bind_static(st, 2, pk_user());
	pk_bind_static(st, 3, s->tool);
	pk_bind_static(st, 4, action);
	pk_bind_static(st, 5, kind);
	sqlite3_bind_int64(st, 6, id);
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
