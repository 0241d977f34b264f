/*
 * resolve.c - which peer a reference or a record means: one rule, one
 * set of messages and one cache for every tool.
 *
 * A REF is an id (digits), a uuid, or an alias that one peer has, as
 * people type it: matched by its fold (pk_utf8_fold: case, accents and
 * the apostrophe typed aside), through the folded column of migration 6.
 * An alias on record that is the REF exactly wins over ones that only
 * fold alike: a store from before new aliases were held to that rule
 * may have "Raven" and "raven", and each still names its own peer.
 * A record names its peer by any of "peer_uuid", "peer" (a
 * REF), "peer_id" and "alias"; the first of those, in that order, finds
 * the peer, and every other one given must name the same peer, or the
 * record is refused: a hand-edited line is checked, not trusted.  Only
 * an id beside a uuid is passed over: ids are each store's own, and an
 * export read into another store carries the first one's.
 *
 * What a record needs of its peer is read in one narrow query and kept
 * for the life of the store handle, so a batch of a million lines costs
 * one lookup per distinct peer.  The cache is emptied whenever a peer is
 * written and whenever a write transaction begins (another process may
 * have changed peers in between), and when it grows past a province's
 * worth of names, so memory stays bounded.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define CACHE_MAX 65536		/* names kept before the cache starts over */

enum { K_ID, K_UUID, K_REF, K_ALIAS };

struct entry {
	int kind;
	char *key;
	struct pk_peer_ref ref;
};

struct pk_resolver {
	struct entry **slots;	/* a power of two, at most half full */
	size_t nslots, n;
	struct entry *last;	/* the one found last */
};

static void
ref_free(struct pk_peer_ref *r)
{
	free(r->alias);
	free(r->region);
	free(r->site);
	free(r->payment_method);
	free(r->benefit_program);
	memset(r, 0, sizeof *r);
}

static void
clear(struct pk_resolver *c)
{
	size_t i;

	for (i = 0; i < c->nslots; i++) {
		if (!c->slots[i])
			continue;
		ref_free(&c->slots[i]->ref);
		free(c->slots[i]->key);
		free(c->slots[i]);
		c->slots[i] = NULL;
	}
	c->n = 0;
	c->last = NULL;
}

void
pk_resolve_forget(pk_store *s)
{
	if (s->peers)
		clear(s->peers);
}

void
pk_resolver_free(struct pk_resolver *c)
{
	if (!c)
		return;
	clear(c);
	free(c->slots);
	free(c);
}

static uint32_t
hash(int kind, const char *key)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;	/* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

/* The slot that holds (kind, key), or the empty one where it goes. */
static struct entry **
slot(struct pk_resolver *c, int kind, const char *key)
{
	size_t mask = c->nslots - 1, i = hash(kind, key) & mask;
	struct entry *e;

	while ((e = c->slots[i]) && (e->kind != kind || strcmp(e->key, key)))
		i = (i + 1) & mask;
	return &c->slots[i];
}

static void
grow(struct pk_resolver *c)
{
	struct entry **old = c->slots, *e;
	size_t i, n = c->nslots;

	c->nslots *= 2;
	c->slots = pk_calloc(c->nslots, sizeof *c->slots);
	for (i = 0; i < n; i++)
		if ((e = old[i]))
			*slot(c, e->kind, e->key) = e;
	free(old);
}

static struct pk_resolver *
cache(pk_store *s)
{
	if (!s->peers) {
		s->peers = pk_calloc(1, sizeof *s->peers);
		s->peers->nslots = 64;
		s->peers->slots = pk_calloc(64, sizeof *s->peers->slots);
	}
	return s->peers;
}

#define NARROW "SELECT id, uuid, alias, region, site, payment_method, " \
	"benefit_program, status, " PK_T4A_RULE_COLS " FROM peers pe "

bool
pk_sin_twice(pk_store *s)
{
	/* The index alone (a merge takes the SIN off the record merged):
	 * a walk of the table was a hundredth of a batch of 10,000. */
	static const char sql[] = "SELECT 1 FROM peers WHERE sin_key IS NOT "
	    "NULL GROUP BY sin_key HAVING count(*) > 1 LIMIT 1";
	pk_q *st;
	int rc;

	if (s->sin_twice >= 0)
		return s->sin_twice;
	st = pk_stmt(s, sql);
	rc = pk_step(st);
	pk_reset(st);
	/* Not known (an error): asked as if, which costs only time. */
	s->sin_twice = rc != PK_DONE;
	return s->sin_twice;
}

/* Another record holds the SIN of peer id: the slip waits on a merge,
 * as t4a.c says. */
static int
sin_elsewhere(pk_store *s, int64_t id, bool *twice)
{
	static const char sql[] = "SELECT 1 FROM peers pe JOIN peers o ON "
	    "o.sin_key = pe.sin_key AND o.id <> pe.id AND o.merged_into IS NULL "
	    "WHERE pe.id = ? LIMIT 1";
	pk_q *st;
	int rc;

	*twice = false;
	if (!pk_sin_twice(s))
		return 0;
	st = pk_stmt(s, sql);
	pk_bind_int64(st, 1, id);
	rc = pk_step(st);
	pk_reset(st);
	if (rc != PK_ROW && rc != PK_DONE)
		return pk_sql_fail(s, "read a peer");
	*twice = rc == PK_ROW;
	return 0;
}

/* The narrow row st reads next into r (none: *found false); st is left
 * on it for the caller to reset. */
static int
read_narrow(pk_store *s, pk_q *st, struct pk_peer_ref *r,
    bool *found)
{
	struct pk_peer p;
	int rc;

	*found = (rc = pk_step(st)) == PK_ROW;
	if (rc != PK_ROW && rc != PK_DONE)
		return pk_sql_fail(s, "read a peer");
	if (*found) {
		r->id = pk_col_int64(st, 0);
		snprintf(r->uuid, sizeof r->uuid, "%s",
		    pk_col_text(st, 1));
		r->alias = pk_col_strdup(st, 2);
		r->region = pk_col_strdup(st, 3);
		r->site = pk_col_strdup(st, 4);
		r->payment_method = pk_col_strdup(st, 5);
		r->benefit_program = pk_col_strdup(st, 6);
		r->active = strcmp(pk_col_text(st, 7),
		    "active") == 0;
		pk_t4a_rule_peer(st, 8, &p);
		r->missing = pk_t4a_missing(&p);
	}
	return 0;
}

/* The narrow row of the peer with this id (0: *found false). */
static int
read_ref(pk_store *s, int64_t id, struct pk_peer_ref *r, bool *found)
{
	static const char sql[] = NARROW "WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	bool twice;
	int rc;

	pk_bind_int64(st, 1, id);
	rc = read_narrow(s, st, r, found);
	pk_reset(st);
	if (rc == 0 && *found && (rc = sin_elsewhere(s, r->id, &twice)) == 0 &&
	    twice)
		r->missing |= PK_T4A_DUPLICATE;
	return rc;
}

/* "role peer-worker, region North, site Hub, inactive": what tells two
 * peers with one alias apart, for the user to choose by id. */
static char *
describe(pk_q *st)
{
	static const char *const what[] = {"role", "region", "site"};
	char *d = pk_strdup(""), *t;
	const char *v;
	int i;

	for (i = 0; i < 3; i++) {
		if (!(v = pk_col_text(st, i + 1)))
			continue;
		t = pk_asprintf("%s%s%s %s", d, *d ? ", " : "", what[i], v);
		free(d);
		d = t;
	}
	v = pk_col_text(st, 4);
	if (v && strcmp(v, "active") != 0) {
		t = pk_asprintf("%s%s%s", d, *d ? ", " : "", v);
		free(d);
		d = t;
	}
	/* Nothing else on record: when it was added is all there is. */
	v = pk_col_text(st, 5);
	t = *d ? pk_strdup(d) : pk_asprintf("no role, region or site; added "
	    "%.10s", v ? v : "?");
	free(d);
	return t;
}

/* The peers whose alias folds to ?1 (rows the sqlite3 shell wrote
 * have no alias_fold: folded here), in order of id. */
#define MATCHES(cols) "SELECT " cols " FROM peers WHERE alias_fold = ?1 " \
	"UNION ALL SELECT " cols " FROM peers WHERE alias_fold IS NULL AND " \
	"pk_fold(alias) = ?1 ORDER BY 1"

/* The fold of a REF or alias, or a message: text that is not UTF-8. */
static int
fold(const char *what, const char *text, char **out)
{
	size_t bad;

	if ((*out = pk_utf8_fold(text)))
		return 0;
	if (!pk_utf8_valid(text, strlen(text), &bad))
		return pk_fail(PK_EX_DATAERR, "%s: invalid UTF-8 at byte %zu",
		    what, bad + 1);
	return pk_fail(PK_EX_DATAERR, "%s: text utf8proc cannot fold", what);
}

/* How the alias on record is the one given: byte for byte, or once the
 * one given is NFC (a store from before may hold either form), or only
 * alike. */
enum { ALIKE, SAME_NFC, SAME_BYTES };

static int
sameness(const char *on_record, const char *given, const char *nfc)
{
	if (!on_record)
		return ALIKE;
	if (strcmp(on_record, given) == 0)
		return SAME_BYTES;
	return nfc && strcmp(on_record, nfc) == 0 ? SAME_NFC : ALIKE;
}

/* The alias is more than one peer's: name them all (up to a dozen,
 * then how many more), so the user can give one by id: those whose
 * alias is the one given as `same` says, or all those alike. */
static int
ambiguous(pk_store *s, const char *alias, const char *key, const char *nfc,
    int same)
{
	static const char sql[] = MATCHES("id, role, region, site, status, "
	    "created_at, alias");
	pk_q *st = pk_stmt(s, sql);
	char *list = pk_strdup(""), *t, *d, shown[128];
	int n = 0, rc;

	pk_bind_text(st, 1, key);
	while ((rc = pk_step(st)) == PK_ROW) {
		if (same != ALIKE && sameness((const char *)
		    pk_col_text(st, 6), alias, nfc) != same)
			continue;
		if (++n > 12)
			continue;
		d = describe(st);
		t = pk_asprintf("%s%sid %lld (%s)", list, n > 1 ? "; " : "",
		    (long long)pk_col_int64(st, 0), d);
		free(d);
		free(list);
		list = t;
	}
	if (rc != PK_DONE) {
		rc = pk_sql_fail(s, "find the peer");
		pk_reset(st);
		free(list);
		return rc;
	}
	pk_reset(st);
	if (n > 12) {
		t = pk_asprintf("%s; and %d more", list, n - 12);
		free(list);
		list = t;
	}
	rc = pk_fail(PK_EX_DATAERR, "peer \"%s\" is ambiguous: %s; use an id "
	    "or uuid", pk_text_shown(shown, sizeof shown, alias), list);
	free(list);
	return rc;
}

/* The peers whose alias folds like key: how many, and the first, by
 * sameness to the alias given (n[ALIKE] counts them all). */
struct matches {
	int64_t n[3], first[3];
	char *first_alias;
};

static int
matches(pk_store *s, const char *alias, const char *key, const char *nfc,
    int64_t except, struct matches *m)
{
	static const char sql[] = MATCHES("id, alias");
	pk_q *st = pk_stmt(s, sql);
	const char *a;
	int64_t id;
	int rc, same;

	memset(m, 0, sizeof *m);
	pk_bind_text(st, 1, key);
	while ((rc = pk_step(st)) == PK_ROW) {
		if ((id = pk_col_int64(st, 0)) == except)
			continue;
		a = pk_col_text(st, 1);
		if (m->n[ALIKE] == 0)
			m->first_alias = a ? pk_strdup(a) : NULL;
		if (m->n[ALIKE]++ == 0)
			m->first[ALIKE] = id;
		if ((same = sameness(a, alias, nfc)) != ALIKE &&
		    m->n[same]++ == 0)
			m->first[same] = id;
	}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "find the peer");
	else
		rc = 0;
	pk_reset(st);
	if (rc != 0)
		free(m->first_alias);
	return rc;
}

/* The one peer with this alias, into r, or a message: the most alike
 * that any alias is decides (byte for byte, then NFC, then folded). */
static int
by_alias(pk_store *s, const char *alias, struct pk_peer_ref *r)
{
	struct matches m;
	char shown[128], *key, *nfc;
	int64_t id = 0;
	bool found;
	int rc, same;

	if ((rc = fold("peer reference", alias, &key)) != 0)
		return rc;
	nfc = pk_utf8_nfc(alias);
	if ((rc = matches(s, alias, key, nfc, 0, &m)) == 0) {
		free(m.first_alias);
		/* The most alike that any alias is decides. */
		same = m.n[SAME_BYTES] ? SAME_BYTES : m.n[SAME_NFC] ? SAME_NFC :
		    ALIKE;
		id = m.first[same];
		if (m.n[ALIKE] == 0)
			rc = pk_fail(PK_EX_DATAERR, "no peer \"%s\"",
			    pk_text_shown(shown, sizeof shown, alias));
		else if (m.n[same] > 1)
			rc = ambiguous(s, alias, key, nfc, same);
	}
	free(key);
	free(nfc);
	if (rc == 0 && (rc = read_ref(s, id, r, &found)) == 0 && !found)
		rc = pk_fail(PK_EX_DATAERR, "no peer \"%s\"",
		    pk_text_shown(shown, sizeof shown, alias));
	return rc;
}

int
pk_alias_clash(pk_store *s, const char *alias, int64_t except, int64_t *id,
    char **other)
{
	struct matches m;
	char *key;
	int rc;

	*id = 0;
	*other = NULL;
	if ((rc = fold("field \"alias\"", alias, &key)) != 0)
		return rc;
	rc = matches(s, alias, key, NULL, except, &m);
	free(key);
	if (rc == 0 && m.n[ALIKE] > 0) {
		*id = m.first[ALIKE];
		*other = m.first_alias;
	} else if (rc == 0) {
		free(m.first_alias);
	}
	return rc;
}

static int
by_uuid(pk_store *s, const char *uuid, int64_t *id)
{
	static const char sql[] = "SELECT id FROM peers WHERE uuid = lower(?)";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_static(st, 1, uuid);
	*id = 0;
	if ((rc = pk_step(st)) == PK_ROW)
		*id = pk_col_int64(st, 0);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "find the peer");
	pk_reset(st);
	if (rc != PK_ROW && rc != PK_DONE)
		return rc;
	return *id ? 0 : pk_fail(PK_EX_DATAERR, "no peer with uuid %s", uuid);
}

/* A REF of digits that is no peer's id: say so, and if it is a peer's
 * alias (one from before such aliases were refused), how to reach it.
 * (Digits have no case: the alias is the REF, byte for byte.) */
static int
no_such_id(pk_store *s, const char *ref)
{
	static const char sql[] = "SELECT id FROM peers WHERE alias = ? "
	    "ORDER BY id LIMIT 1";
	pk_q *st = pk_stmt(s, sql);
	char shown[32];
	int64_t id = 0;

	pk_text_shown(shown, sizeof shown, ref);
	pk_bind_text(st, 1, ref);
	if (pk_step(st) == PK_ROW)
		id = pk_col_int64(st, 0);
	pk_reset(st);
	if (id == 0)
		return pk_fail(PK_EX_DATAERR, "no peer with id %s", shown);
	return pk_fail(PK_EX_DATAERR, "no peer with id %s; the peer with the "
	    "alias \"%s\" is id %lld (a REF of digits is read as an id: use "
	    "its id or uuid)", shown, shown, (long long)id);
}

/* Find the peer a key of this kind names, into r. */
static int
lookup(pk_store *s, int kind, const char *key, struct pk_peer_ref *r)
{
	int64_t id = 0;
	bool found;
	int rc;

	if (kind == K_REF)
		kind = strspn(key, "0123456789") == strlen(key) ? K_ID :
		    pk_is_uuid(key) ? K_UUID : K_ALIAS;
	if (kind == K_ID) {
		if (!pk_num_parse(key, 1, INT64_MAX, &id))
			return no_such_id(s, key);
	} else if (kind == K_UUID) {
		if ((rc = by_uuid(s, key, &id)) != 0)
			return rc;
	} else {
		return by_alias(s, key, r);
	}
	if ((rc = read_ref(s, id, r, &found)) != 0)
		return rc;
	return found ? 0 : no_such_id(s, key);
}

static int
resolve(pk_store *s, int kind, const char *key,
    const struct pk_peer_ref **out)
{
	struct pk_resolver *c = cache(s);
	struct entry *e = *slot(c, kind, key);
	int rc;

	if (!e) {
		if (!*key)
			return pk_fail(PK_EX_DATAERR, "empty peer reference");
		e = pk_calloc(1, sizeof *e);
		if ((rc = lookup(s, kind, key, &e->ref)) != 0) {
			free(e);
			return rc;
		}
		if (c->n >= CACHE_MAX)
			clear(c);
		e->kind = kind;
		e->key = pk_strdup(key);
		*slot(c, kind, key) = e;
		if (++c->n > c->nslots / 2)
			grow(c);
	}
	c->last = e;
	*out = &e->ref;
	return 0;
}

int
pk_resolve(pk_store *s, const char *ref, const struct pk_peer_ref **out)
{
	return resolve(s, K_REF, ref, out);
}

int
pk_resolve_id(pk_store *s, int64_t id, const struct pk_peer_ref **out)
{
	char key[24];

	/* A record's peer is looked up by id again as it is stored (paid,
	 * warned of): the one found last, kept under another key. */
	if (s->peers && s->peers->last && s->peers->last->ref.id == id) {
		*out = &s->peers->last->ref;
		return 0;
	}
	snprintf(key, sizeof key, "%lld", (long long)id);
	return resolve(s, K_ID, key, out);
}

/* The record's way of naming its peer, in the order that decides. */
static const struct {
	const char *field;
	int kind;
} ways[] = {
	{"peer_uuid", K_UUID}, {"peer", K_REF}, {"peer_id", K_ID},
	{"alias", K_ALIAS}
};
#define NWAYS (sizeof ways / sizeof ways[0])

/* The text of field i of rec, into key; 0 with *given false if absent. */
static int
way_key(json_t *rec, size_t i, char key[64], const char **text, bool *given)
{
	int64_t n = 0;
	int rc;

	*text = NULL;
	if (ways[i].kind == K_ID) {
		if ((rc = pk_json_int(rec, "peer_id", &n, given)) != 0)
			return rc;
		snprintf(key, 64, "%lld", (long long)n);
		*text = *given ? key : NULL;
		return 0;
	}
	if ((rc = pk_json_str(rec, ways[i].field, text, given)) != 0)
		return rc;
	*given = *text != NULL;
	if (*given && ways[i].kind == K_UUID && !pk_is_uuid(*text))
		return pk_fail(PK_EX_DATAERR, "field \"peer_uuid\": \"%s\" is "
		    "not a uuid", pk_text_shown(key, 64, *text));
	return 0;
}

int
pk_resolve_record(pk_store *s, json_t *rec, const struct pk_peer_ref **out)
{
	const struct pk_peer_ref *o;
	char key[64], shown[64], alias[128] = "";
	const char *text, *first = NULL;
	int64_t id = 0;
	bool given;
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < NWAYS; i++) {
		if ((rc = way_key(rec, i, key, &text, &given)) != 0)
			return rc;
		/* Beside a uuid, an id is another store's: a merge's. */
		if (!given || (first && ways[i].kind == K_ID &&
		    strcmp(first, "peer_uuid") == 0))
			continue;
		if ((rc = resolve(s, ways[i].kind, text, &o)) != 0)
			return rc;
		/* o is good until the next lookup: keep what is compared. */
		if (first && o->id != id)
			return pk_fail(PK_EX_DATAERR, "field \"%s\": \"%s\" is peer "
			    "%lld, not peer %lld (%s) that field \"%s\" names",
			    ways[i].field, pk_text_shown(shown, sizeof shown, text),
			    (long long)o->id, (long long)id, alias, first);
		if (!first) {
			first = ways[i].field;
			id = o->id;
			pk_text_shown(alias, sizeof alias, o->alias);
		}
		*out = o;
	}
	return 0;
}
