/*
 * role.c - a peer's roles over time: the path along the continuum, the
 * role held on a day, the next role of the progression.
 *
 * The store keeps one row per role taken (peer_roles: role, since),
 * added to and never edited.  The one rule for the role a peer held on
 * a day is role_at(): the role of the latest row on or before that day;
 * a day before the first row gets the first row's role, since nothing
 * older is known (a peer registered after the engagements it is given,
 * or imported from another store).  Summaries by role ask it through
 * pk_role_on, over the whole history loaded once: a lookup per
 * engagement in memory, not a query per row.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct step {
	int64_t peer_id;
	char since[PK_DATE_BUFSZ];
	char *role;			/* NULL: no role */
};

struct pk_roles {
	struct step *v;			/* by peer, since, id */
	size_t n, cap;
};

/* The rule: v[0..n) are one peer's rows in order. */
static const struct step *
role_at(const struct step *v, size_t n, const char *date)
{
	size_t i, at = 0;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].since, date) <= 0)
			at = i;
	return n ? &v[at] : NULL;
}

/* Every peer's rows; a peer with none (a row written by another tool
 * than peerkit) has its role from its registration.  ?1 is compared
 * with peer_id before it is asked IS NULL: PostgreSQL types a parameter
 * where it first meets it, and an unbound one alone it cannot. */
#define ROLE_ROWS "SELECT peer_id, since, role FROM (" \
	"SELECT peer_id, since, role, id FROM peer_roles WHERE peer_id = ?1 " \
	"OR ?1 IS NULL UNION ALL SELECT id, substr(created_at, 1, 10), " \
	"role, 0 FROM peers p WHERE (?1 IS NULL OR id = ?1) AND NOT EXISTS " \
	"(SELECT 1 FROM peer_roles r WHERE r.peer_id = p.id)) AS steps " \
	"ORDER BY peer_id, since, id"

static int
add_row(pk_q *st, void *arg)
{
	struct pk_roles *h = arg;
	struct step *s;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = pk_realloc(h->v, h->cap * sizeof *h->v);
	}
	s = &h->v[h->n++];
	s->peer_id = pk_col_int64(st, 0);
	snprintf(s->since, sizeof s->since, "%s", pk_col_text(st, 1) ?
	    pk_col_text(st, 1) : "");
	s->role = pk_col_strdup(st, 2);
	return 0;
}

static int
load(pk_store *s, int64_t peer_id, struct pk_roles *h)
{
	static const char sql[] = ROLE_ROWS;
	pk_q *st = pk_stmt(s, sql);

	memset(h, 0, sizeof *h);
	if (peer_id)
		pk_bind_int64(st, 1, peer_id);
	return pk_rows(s, st, "read the roles of peers", add_row, h);
}

static void
roles_clear(struct pk_roles *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].role);
	free(h->v);
	memset(h, 0, sizeof *h);
}

int
pk_roles_load(pk_store *s, pk_roles **out)
{
	struct pk_roles *h = pk_calloc(1, sizeof *h);
	int rc;

	if ((rc = load(s, 0, h)) != 0) {
		pk_roles_free(h);
		h = NULL;
	}
	*out = h;
	return rc;
}

void
pk_roles_free(pk_roles *h)
{
	if (!h)
		return;
	roles_clear(h);
	free(h);
}

const char *
pk_role_on(const pk_roles *h, int64_t peer_id, const char *date)
{
	size_t lo = 0, hi = h->n, first;
	const struct step *s;

	while (lo < hi) {		/* the peer's first row */
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].peer_id < peer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (hi = first; hi < h->n && h->v[hi].peer_id == peer_id; hi++)
		;
	s = role_at(h->v + first, hi - first, date ? date : "");
	return s ? s->role : NULL;
}

/* Whole days from a to b. */
static int64_t
days(const char *a, const char *b)
{
	pk_day x, y;

	if (pk_date_parse(a, &x) != 0 || pk_date_parse(b, &y) != 0)
		return -1;
	return (int64_t)y - x;
}

int
pk_role_path_json(pk_store *s, int64_t peer_id, json_t **out)
{
	struct pk_roles h;
	char today[PK_DATE_BUFSZ];
	json_t *a, *o;
	const char *until;
	int64_t d;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = load(s, peer_id, &h)) != 0)
		return rc;
	pk_date_fmt(pk_today(), today);
	if (!(a = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	for (i = 0; i < h.n; i++) {
		until = i + 1 < h.n ? h.v[i + 1].since : NULL;
		d = days(h.v[i].since, until ? until : today);
		if (!(o = json_object()))
			pk_die(PK_EX_SOFTWARE, "out of memory");
		pk_json_set_str(o, "role", h.v[i].role);
		pk_json_set_str(o, "from", h.v[i].since);
		pk_json_set_str(o, "until", until);
		pk_json_set(o, "days", d < 0 ? json_null() : json_integer(d));
		pk_json_set(o, "current", json_boolean(!until));
		if (json_array_append_new(a, o) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	roles_clear(&h);
	*out = a;
	return 0;
}

int
pk_role_record(pk_store *s, int64_t peer_id, const char *role,
    const char *since)
{
	static const char last_sql[] = "SELECT max(since) FROM peer_roles "
	    "WHERE peer_id = ?";
	static const char sql[] = "INSERT INTO peer_roles (peer_id, role, "
	    "since, created_at) VALUES (?, ?, ?, ?)";
	char today[PK_DATE_BUFSZ], last[PK_DATE_BUFSZ] = "", now[21];
	pk_q *st = pk_stmt(s, last_sql);
	int rc;

	pk_date_fmt(pk_today(), today);
	if (!since)
		since = today;
	pk_bind_int64(st, 1, peer_id);
	if ((rc = pk_step(st)) == PK_ROW && pk_col_text(st, 0))
		snprintf(last, sizeof last, "%s", pk_col_text(st, 0));
	pk_reset(st);
	if (rc != PK_ROW)
		return pk_sql_fail(s, "read the role history");
	if (strcmp(since, today) > 0)
		return pk_fail(PK_EX_DATAERR, "field \"role_since\": %s is after "
		    "today (%s)", since, today);
	if (strcmp(since, last) < 0)
		return pk_fail(PK_EX_DATAERR, "field \"role_since\": %s is before "
		    "the peer's last change of role, on %s: a role history "
		    "goes forward", since, last);
	st = pk_stmt(s, sql);
	pk_now(now);
	pk_bind_int64(st, 1, peer_id);
	pk_bind_text(st, 2, role);
	pk_bind_text(st, 3, since);
	pk_bind_text(st, 4, now);
	return pk_stmt_done(s, st, "record the role");
}

const char *
pk_progression_next(const struct pk_config *cfg, const char *role,
    bool *on_path)
{
	const struct pk_strlist *l = cfg->progression.n ? &cfg->progression :
	    &cfg->roles;
	size_t i;

	*on_path = true;
	if (!role)
		return l->n ? l->v[0] : NULL;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], role) == 0)
			return i + 1 < l->n ? l->v[i + 1] : NULL;
	*on_path = false;
	return NULL;
}
