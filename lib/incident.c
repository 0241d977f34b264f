/*
 * incident.c - critical incidents a peer responded to, the follow-ups
 * the program offers after them (a debrief, check-ins), and the only
 * figures that leave a peer's record: counts by month, region and kind.
 *
 * An incident records the peer who responded, never the person they
 * responded to: its kind, date, region, site and at most a note.  The
 * follow-ups its kind asks for (config.yaml, incidents:) are fixed when
 * it is recorded, with the days they fall due.  A follow-up's state is
 * its latest step, as an onboarding item's is: done, declined, waive or
 * undo.  A peer who declines is not asked again: a declined follow-up is
 * closed, never overdue.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *const pk_follow_up_statuses[] = {
	"scheduled", "due", "overdue", "done", "declined", "waived", NULL
};

/* What an incident recorded on its own may hold. */
const struct pk_field pk_incident_input[] = {
	{"incident", PK_KIND_TEXT}, {"peer", PK_KIND_TEXT},
	{"peer_id", PK_KIND_INT}, {"peer_uuid", PK_KIND_TEXT},
	{"alias", PK_KIND_TEXT}, {"date", PK_KIND_TEXT},
	{"region", PK_KIND_TEXT}, {"site", PK_KIND_TEXT},
	{"note", PK_KIND_TEXT}, {NULL, PK_KIND_TEXT}
};

static bool
given(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return v && !json_is_null(v) && !(json_is_string(v) &&
	    *json_string_value(v) == '\0');
}

bool
pk_incident_given(json_t *rec)
{
	return given(rec, "incident");
}

bool
pk_incident_alone(json_t *rec)
{
	return given(rec, "incident") && !given(rec, "hours") &&
	    !given(rec, "minutes") && !given(rec, "activity") &&
	    !given(rec, "level");
}

static json_t *
day_json(pk_day d)
{
	char buf[PK_DATE_BUFSZ];

	return d == PK_NODAY ? json_null() : json_string(pk_date_fmt(d, buf));
}

void
pk_incident_free(struct pk_incident *inc)
{
	free(inc->alias);
	free(inc->kind);
	free(inc->region);
	free(inc->site);
	free(inc->note);
	free(inc->by);
	free(inc->created_at);
	json_decref(inc->follow_ups);
	memset(inc, 0, sizeof *inc);
}

json_t *
pk_incident_json(const struct pk_incident *inc)
{
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "id", json_integer(inc->id));
	pk_json_set(o, "uuid", json_string(inc->uuid));
	pk_json_set(o, "peer_id", json_integer(inc->peer_id));
	pk_json_set(o, "peer_uuid", json_string(inc->peer_uuid));
	pk_json_set(o, "alias", pk_json_strornull(inc->alias));
	pk_json_set(o, "kind", json_string(inc->kind));
	pk_json_set(o, "date", day_json(inc->date));
	pk_json_set(o, "region", pk_json_strornull(inc->region));
	pk_json_set(o, "site", pk_json_strornull(inc->site));
	pk_json_set(o, "engagement_id", inc->engagement_id ?
	    json_integer(inc->engagement_id) : json_null());
	pk_json_set(o, "note", pk_json_strornull(inc->note));
	pk_json_set(o, "follow_ups", inc->follow_ups ?
	    json_incref(inc->follow_ups) : json_array());
	pk_json_set(o, "by", pk_json_strornull(inc->by));
	pk_json_set(o, "created_at", pk_json_strornull(inc->created_at));
	return o;
}

int
pk_incident_put(struct pk_batch *b, const struct pk_incident *inc)
{
	json_t *j = pk_incident_json(inc);
	int rc = pk_batch_put(b, j);

	json_decref(j);
	return rc;
}

/* A text field of the record: absent, null or "" is none. */
static int
rec_text(json_t *rec, const char *key, size_t max, char **out)
{
	json_t *v = json_object_get(rec, key);
	int rc;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": expected a string",
		    key);
	if ((rc = pk_text_check(key, json_string_value(v), max,
	    PK_TEXT_EMPTY)) != 0)
		return rc;
	if (*json_string_value(v))
		*out = pk_strdup(json_string_value(v));
	return 0;
}

static int
check_kind(const struct pk_config *cfg, const char *kind)
{
	char list[512] = "";
	size_t i;

	if (pk_config_incident_kind(cfg, kind))
		return 0;
	for (i = 0; i < cfg->incidents.nkinds; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
		    i ? ", " : "", cfg->incidents.kinds[i].name);
	return pk_fail(PK_EX_DATAERR, "incident \"%s\": not a configured kind "
	    "(%s)", kind, list);
}

static int
check_listed(const char *what, const char *v, const struct pk_strlist *l)
{
	if (v && l->n > 0 && !pk_strlist_has(l, v))
		return pk_fail(PK_EX_DATAERR, "%s \"%s\": not in the configured "
		    "%ss", what, v, what);
	return 0;
}

int
pk_incident_from_json(pk_store *s, const struct pk_config *cfg, json_t *rec,
    const struct pk_engagement *e, struct pk_incident *inc)
{
	const struct pk_peer_ref *c = NULL;
	char *date = NULL;
	int rc;

	memset(inc, 0, sizeof *inc);
	inc->date = pk_today();
	if ((rc = rec_text(rec, "incident", 40, &inc->kind)) != 0)
		goto out;
	if (!inc->kind) {
		rc = pk_fail(PK_EX_DATAERR, "field \"incident\": the kind is "
		    "missing");
		goto out;
	}
	if ((rc = check_kind(cfg, inc->kind)) != 0)
		goto out;
	if (e) {	/* with an engagement: its peer, day and place */
		inc->engagement_id = e->id;
		inc->peer_id = e->peer_id;
		memcpy(inc->peer_uuid, e->peer_uuid, sizeof inc->peer_uuid);
		inc->alias = pk_strdup(e->alias);
		if (pk_date_parse(e->date, &inc->date) != 0)
			pk_die(PK_EX_SOFTWARE, "engagement date \"%s\"", e->date);
		inc->region = e->region ? pk_strdup(e->region) : NULL;
		inc->site = e->site ? pk_strdup(e->site) : NULL;
		return 0;
	}
	if ((rc = pk_json_fields(rec, pk_incident_input)) != 0 ||
	    (rc = pk_resolve_record(s, rec, &c)) != 0)
		goto out;
	if (!c) {
		rc = pk_fail(PK_EX_DATAERR, "no peer: give peer, peer_uuid, "
		    "peer_id or alias");
		goto out;
	}
	inc->peer_id = c->id;
	memcpy(inc->peer_uuid, c->uuid, sizeof inc->peer_uuid);
	inc->alias = pk_strdup(c->alias);
	if ((rc = rec_text(rec, "date", 10, &date)) != 0 ||
	    (rc = rec_text(rec, "region", 200, &inc->region)) != 0 ||
	    (rc = rec_text(rec, "site", 200, &inc->site)) != 0 ||
	    (rc = rec_text(rec, "note", 1000, &inc->note)) != 0)
		goto out;
	if (date && pk_date_parse(date, &inc->date) != 0)
		rc = pk_fail(PK_EX_DATAERR, "field \"date\": \"%s\" is not a "
		    "date (YYYY-MM-DD)", date);
	if (!inc->region && c->region)
		inc->region = pk_strdup(c->region);
	if (!inc->site && c->site)
		inc->site = pk_strdup(c->site);
out:
	free(date);
	if (rc != 0)
		pk_incident_free(inc);
	return rc;
}

static int
insert_follow_ups(pk_store *s, const struct pk_config *cfg,
    struct pk_incident *inc)
{
	static const char sql[] = "INSERT INTO follow_ups (incident_id, key, "
	    "due_on, due_by) VALUES (?, ?, ?, ?)";
	const struct pk_incident_kind *k = pk_config_incident_kind(cfg,
	    inc->kind);
	const struct pk_follow_up_def *d;
	char on[PK_DATE_BUFSZ], by[PK_DATE_BUFSZ];
	pk_q *st;
	json_t *f;
	size_t i;
	int rc;

	if (!(inc->follow_ups = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	for (i = 0; i < k->follow_ups.n; i++) {
		d = pk_config_follow_up(cfg, k->follow_ups.v[i]);
		pk_date_fmt(inc->date + d->due, on);
		pk_date_fmt(inc->date + d->due + d->within, by);
		st = pk_stmt(s, sql);
		pk_bind_int64(st, 1, inc->id);
		pk_bind_text(st, 2, d->key);
		pk_bind_text(st, 3, on);
		pk_bind_text(st, 4, by);
		if ((rc = pk_stmt_done(s, st, "record a follow-up")) != 0)
			return rc;
		if (!(f = json_pack("{s:s, s:s, s:s}", "key", d->key, "due_on",
		    on, "due_by", by)) || json_array_append_new(inc->follow_ups,
		    f) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	return 0;
}

static int
check_new(const struct pk_config *cfg, const struct pk_incident *inc)
{
	char day[PK_DATE_BUFSZ], today[PK_DATE_BUFSZ];
	int rc;

	if (inc->date > pk_today())
		return pk_fail(PK_EX_DATAERR, "incident: date %s is after today "
		    "(%s)", pk_date_fmt(inc->date, day),
		    pk_date_fmt(pk_today(), today));
	if ((rc = check_listed("region", inc->region, &cfg->regions)) != 0)
		return rc;
	return check_listed("site", inc->site, &cfg->sites);
}

static int
engagement_has_one(pk_store *s, int64_t engagement_id, bool *has)
{
	static const char sql[] = "SELECT 1 FROM incidents WHERE "
	    "engagement_id = ?";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, engagement_id);
	rc = pk_step(st);
	*has = rc == PK_ROW;
	pk_reset(st);
	if (rc != PK_ROW && rc != PK_DONE)
		return pk_sql_fail(s, "read incidents");
	return 0;
}

int
pk_incident_record(pk_store *s, const struct pk_config *cfg,
    struct pk_incident *inc, bool *added)
{
	static const char sql[] = "INSERT INTO incidents (uuid, peer_id, kind, "
	    "date, region, site, engagement_id, note, by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	pk_q *st;
	char date[PK_DATE_BUFSZ], now[21];
	json_t *after;
	bool has = false;
	int rc;

	*added = false;
	/* An engagement read in again (its uuid on record) brings its
	 * incident again: recorded once. */
	if (inc->engagement_id && ((rc = engagement_has_one(s,
	    inc->engagement_id, &has)) != 0 || has))
		return rc;
	if ((rc = check_new(cfg, inc)) != 0)
		return rc;
	pk_uuid(inc->uuid);
	pk_now(now);
	inc->by = pk_strdup(pk_user());
	inc->created_at = pk_strdup(now);
	st = pk_stmt(s, sql);
	pk_bind_text(st, 1, inc->uuid);
	pk_bind_int64(st, 2, inc->peer_id);
	pk_bind_text(st, 3, inc->kind);
	pk_bind_text(st, 4, pk_date_fmt(inc->date, date));
	pk_bind_text(st, 5, inc->region);
	pk_bind_text(st, 6, inc->site);
	if (inc->engagement_id)
		pk_bind_int64(st, 7, inc->engagement_id);
	pk_bind_text(st, 8, inc->note);
	pk_bind_text(st, 9, inc->by);
	pk_bind_text(st, 10, inc->created_at);
	if ((rc = pk_stmt_done(s, st, "record the incident")) != 0)
		return rc;
	inc->id = pk_last_id(s);
	if ((rc = insert_follow_ups(s, cfg, inc)) != 0)
		return rc;
	after = pk_incident_json(inc);
	rc = pk_audit(s, "create", "incident", inc->id, inc->uuid, NULL, after);
	json_decref(after);
	*added = rc == 0;
	return rc;
}

/*
 * Follow-ups
 */

#define FOLLOW_UPS "SELECT f.id, f.incident_id, i.peer_id, f.key, i.kind, " \
	"i.date, f.due_on, f.due_by, s.action, s.date, s.by, s.note, s.id, " \
	"s.uuid FROM follow_ups f JOIN incidents i ON i.id = f.incident_id " \
	"LEFT JOIN follow_up_steps s ON s.id = (SELECT max(id) FROM " \
	"follow_up_steps WHERE follow_up_id = f.id) "

void
pk_follow_up_free(struct pk_follow_up *f)
{
	free(f->key);
	free(f->kind);
	free(f->action);
	free(f->by);
	free(f->note);
	memset(f, 0, sizeof *f);
}

static pk_day
col_day(pk_q *st, int i)
{
	const char *t = pk_col_text(st, i);
	pk_day d;

	return t && pk_date_parse(t, &d) == 0 ? d : PK_NODAY;
}

/* The state a follow-up is in today: closed by its latest step, else by
 * the calendar. */
static enum pk_follow_up_status
status_of(const struct pk_follow_up *f, pk_day today)
{
	const char *a = f->action ? f->action : "";

	if (strcmp(a, "done") == 0)
		return PK_FU_DONE;
	if (strcmp(a, "declined") == 0)
		return PK_FU_DECLINED;
	if (strcmp(a, "waive") == 0)
		return PK_FU_WAIVED;
	if (today < f->due_on)
		return PK_FU_SCHEDULED;
	return today <= f->due_by ? PK_FU_DUE : PK_FU_OVERDUE;
}

static void
read_follow_up(pk_q *st, struct pk_follow_up *f)
{
	const char *u = pk_col_text(st, 13);

	memset(f, 0, sizeof *f);
	f->id = pk_col_int64(st, 0);
	f->incident_id = pk_col_int64(st, 1);
	f->peer_id = pk_col_int64(st, 2);
	f->key = pk_col_strdup(st, 3);
	f->kind = pk_col_strdup(st, 4);
	f->incident_date = col_day(st, 5);
	f->due_on = col_day(st, 6);
	f->due_by = col_day(st, 7);
	f->action = pk_col_strdup(st, 8);
	f->step_date = col_day(st, 9);
	f->by = pk_col_strdup(st, 10);
	f->note = pk_col_strdup(st, 11);
	f->step_id = pk_col_int64(st, 12);
	snprintf(f->step_uuid, sizeof f->step_uuid, "%s", u ? u : "");
	f->status = status_of(f, pk_today());
}

bool
pk_follow_up_is_no(const struct pk_follow_up *f)
{
	return f->status == PK_FU_DUE || f->status == PK_FU_OVERDUE;
}

/* As onboard.c's items, so one listing holds both: the item's fields
 * first, then the incident's. */
json_t *
pk_follow_up_json(const struct pk_peer *p, const struct pk_follow_up *f)
{
	json_t *o = json_object();
	char key[64], day[PK_DATE_BUFSZ], by[PK_DATE_BUFSZ], *title;
	enum pk_follow_up_status s = f->status;

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	snprintf(key, sizeof key, "%s@%lld", f->key, (long long)f->incident_id);
	title = pk_asprintf("%s after %s of %s, due by %s", f->key, f->kind,
	    pk_date_fmt(f->incident_date, day), pk_date_fmt(f->due_by, by));
	pk_json_set(o, "peer_id", json_integer(p->id));
	pk_json_set(o, "alias", pk_json_strornull(p->alias));
	pk_json_set(o, "role", pk_json_strornull(p->role));
	pk_json_set(o, "key", json_string(key));
	pk_json_set(o, "title", json_string(title));
	pk_json_set(o, "blocks", json_false());
	pk_json_set(o, "valid_for", json_null());
	pk_json_set(o, "status", json_string(pk_follow_up_statuses[s]));
	pk_json_set(o, "done_on", day_json(s == PK_FU_DONE ? f->step_date :
	    PK_NODAY));
	pk_json_set(o, "expires_on", json_null());
	pk_json_set(o, "waived_on", day_json(s == PK_FU_WAIVED ? f->step_date :
	    PK_NODAY));
	pk_json_set(o, "by", pk_json_strornull(s >= PK_FU_DONE ? f->by : NULL));
	pk_json_set(o, "note", pk_json_strornull(s >= PK_FU_DONE ? f->note :
	    NULL));
	pk_json_set(o, "incident_id", json_integer(f->incident_id));
	pk_json_set(o, "kind", json_string(f->kind));
	pk_json_set(o, "incident_date", day_json(f->incident_date));
	pk_json_set(o, "due_on", day_json(f->due_on));
	pk_json_set(o, "due_by", day_json(f->due_by));
	pk_json_set(o, "declined_on", day_json(s == PK_FU_DECLINED ?
	    f->step_date : PK_NODAY));
	free(title);
	return o;
}

/* Walk the rows of st, calling fn(p, follow-up) for each. */
static int
each_row(pk_store *s, pk_q *st, const struct pk_peer *p,
    pk_follow_up_fn *fn, void *arg)
{
	struct pk_follow_up f;
	int rc;

	while ((rc = pk_step(st)) == PK_ROW) {
		read_follow_up(st, &f);
		rc = fn(p, &f, arg);
		pk_follow_up_free(&f);
		if (rc != 0) {
			pk_reset(st);
			return rc;
		}
	}
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "read follow-ups");
	pk_reset(st);
	return rc;
}

int
pk_follow_up_check(pk_store *s, const struct pk_peer *p, pk_follow_up_fn *fn,
    void *arg)
{
	static const char sql[] = FOLLOW_UPS "WHERE i.peer_id = ? "
	    "ORDER BY i.date, i.id, f.due_on, f.id";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_int64(st, 1, p->id);
	return each_row(s, st, p, fn, arg);
}

static int
check_one(pk_store *s, const struct pk_peer *p, int64_t id,
    pk_follow_up_fn *fn, void *arg)
{
	static const char sql[] = FOLLOW_UPS "WHERE f.id = ?";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_int64(st, 1, id);
	return each_row(s, st, p, fn, arg);
}

/* --all: the open follow-ups due by today, in peer order, walked with
 * the peers of the filter like a merge join (as onboard.c's). */
struct walk {
	pk_store *s;
	pk_q *st;
	int last;
	pk_follow_up_fn *fn;
	void *arg;
};

static int
walk_peer(const struct pk_peer *p, void *arg)
{
	struct walk *w = arg;
	struct pk_follow_up f;
	int rc = 0;

	while (rc == 0 && w->last == PK_ROW &&
	    pk_col_int64(w->st, 2) <= p->id) {
		if (pk_col_int64(w->st, 2) == p->id) {
			read_follow_up(w->st, &f);
			rc = w->fn(p, &f, w->arg);
			pk_follow_up_free(&f);
		}
		w->last = pk_step(w->st);
	}
	if (rc == 0 && w->last != PK_ROW && w->last != PK_DONE)
		rc = pk_sql_fail(w->s, "read follow-ups");
	return rc;
}

int
pk_follow_up_each(pk_store *s, const struct pk_peer_filter *flt,
    pk_follow_up_fn *fn, void *arg)
{
	static const char sql[] = FOLLOW_UPS "WHERE (s.action IS NULL OR "
	    "s.action = 'undo') AND f.due_on <= ? "
	    "ORDER BY i.peer_id, f.due_on, f.id";
	struct walk w = { s, NULL, 0, fn, arg };
	char today[PK_DATE_BUFSZ];
	int rc;

	w.st = pk_stmt(s, sql);
	pk_bind_text(w.st, 1, pk_date_fmt(pk_today(), today));
	w.last = pk_step(w.st);
	rc = pk_peer_each(s, flt, walk_peer, &w);
	if (rc == 0 && w.last != PK_ROW && w.last != PK_DONE)
		rc = pk_sql_fail(s, "read follow-ups");
	pk_reset(w.st);
	return rc;
}

bool
pk_follow_up_named(const struct pk_config *cfg, const char *key)
{
	return strchr(key, '@') || pk_config_follow_up(cfg, key);
}

/* The follow-up ref names for peer p: KEY@INCIDENT, or KEY alone for the
 * peer's latest incident that asks for it. */
static int
find_follow_up(pk_store *s, const struct pk_peer *p, const char *ref,
    struct pk_follow_up *f)
{
	static const char by_incident[] = FOLLOW_UPS "WHERE i.peer_id = ?1 "
	    "AND f.key = ?2 AND i.id = ?3";
	static const char latest[] = FOLLOW_UPS "WHERE i.peer_id = ?1 "
	    "AND f.key = ?2 ORDER BY i.date DESC, i.id DESC LIMIT 1";
	const char *at = strchr(ref, '@');
	char *key = pk_strdup(ref);
	pk_q *st = pk_stmt(s, at ? by_incident : latest);
	int64_t id = 0;
	int rc;

	if (at)
		key[at - ref] = '\0';
	if (at && !pk_num_parse(at + 1, 1, INT64_MAX, &id)) {
		free(key);
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": expected "
		    "KEY@INCIDENT, an incident's id after the @", ref);
	}
	pk_bind_int64(st, 1, p->id);
	pk_bind_text(st, 2, key);
	if (at)
		pk_bind_int64(st, 3, id);
	free(key);
	rc = pk_step(st);
	if (rc == PK_ROW)
		read_follow_up(st, f);
	pk_reset(st);
	if (rc == PK_DONE)
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": %s has no "
		    "incident that asks for it", ref, p->alias);
	return rc == PK_ROW ? 0 : pk_sql_fail(s, "read follow-ups");
}

static json_t *
step_json(int64_t id, const char *uuid, int64_t follow_up_id,
    const char *action, pk_day date, const char *note, const char *by)
{
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "id", json_integer(id));
	pk_json_set(o, "uuid", json_string(uuid));
	pk_json_set(o, "follow_up_id", json_integer(follow_up_id));
	pk_json_set(o, "action", json_string(action));
	pk_json_set(o, "date", day_json(date));
	pk_json_set(o, "note", pk_json_strornull(note));
	pk_json_set(o, "by", pk_json_strornull(by));
	return o;
}

static int
check_step(const struct pk_follow_up *f, const char *ref, const char *action,
    pk_day date, const char *note)
{
	char day[PK_DATE_BUFSZ], other[PK_DATE_BUFSZ];
	int rc;

	if (date > pk_today())
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": date %s is "
		    "after today (%s)", ref, pk_date_fmt(date, day),
		    pk_date_fmt(pk_today(), other));
	if (date < f->incident_date)
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": date %s is "
		    "before the incident (%s)", ref, pk_date_fmt(date, day),
		    pk_date_fmt(f->incident_date, other));
	if (strcmp(action, "waive") == 0 && pk_text_blank(note))
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": a waiver needs "
		    "a reason", ref);
	if (strcmp(action, "undo") == 0 && (!f->action ||
	    strcmp(f->action, "undo") == 0))
		return pk_fail(PK_EX_DATAERR, "follow-up \"%s\": neither done, "
		    "declined nor waived: nothing to undo", ref);
	if (note && (rc = pk_text_check("note", note, 1000, 0)) != 0)
		return rc;
	return 0;
}

static int
follow_up_step(pk_store *s, const struct pk_peer *p, const char *action,
    const char *ref, pk_day date, const char *note, int64_t *id)
{
	static const char sql[] = "INSERT INTO follow_up_steps (uuid, "
	    "follow_up_id, action, date, note, by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct pk_follow_up f;
	char uuid[37], day[PK_DATE_BUFSZ], now[21];
	json_t *before = NULL, *after;
	pk_q *st;
	int rc;

	if ((rc = find_follow_up(s, p, ref, &f)) != 0)
		return rc;
	if ((rc = check_step(&f, ref, action, date, note)) != 0)
		goto out;
	*id = f.id;
	if (f.action)
		before = step_json(f.step_id, f.step_uuid, f.id, f.action,
		    f.step_date, f.note, f.by);
	pk_uuid(uuid);
	pk_now(now);
	st = pk_stmt(s, sql);
	pk_bind_text(st, 1, uuid);
	pk_bind_int64(st, 2, f.id);
	pk_bind_text(st, 3, action);
	pk_bind_text(st, 4, pk_date_fmt(date, day));
	pk_bind_text(st, 5, note && *note ? note : NULL);
	pk_bind_text(st, 6, pk_user());
	pk_bind_text(st, 7, now);
	if ((rc = pk_stmt_done(s, st, "record the follow-up step")) == 0) {
		after = step_json(pk_last_id(s), uuid, f.id,
		    action, date, note && *note ? note : NULL, pk_user());
		rc = pk_audit(s, action, "follow-up", json_integer_value(
		    json_object_get(after, "id")), uuid, before, after);
		json_decref(after);
	}
	json_decref(before);
out:
	pk_follow_up_free(&f);
	return rc;
}

int
pk_item_step(pk_store *s, const struct pk_config *cfg,
    const struct pk_checklist *cl, const struct pk_peer *p,
    const char *action, const char *key, pk_day date, const char *note,
    int64_t *follow_up)
{
	*follow_up = 0;
	if (pk_checklist_item(cl, key) || !pk_follow_up_named(cfg, key)) {
		if (strcmp(action, "declined") == 0 && !pk_checklist_item(cl,
		    key))
			return pk_fail(PK_EX_DATAERR, "item \"%s\": not in the "
			    "onboarding checklist (%s) nor a follow-up after an "
			    "incident", key, cl->name);
		if (strcmp(action, "declined") == 0)
			return pk_fail(PK_EX_DATAERR, "item \"%s\": only a "
			    "follow-up after an incident can be declined "
			    "(a checklist item is waived)", key);
		return pk_onboard_record(s, cl, p, action, key, date, note);
	}
	return follow_up_step(s, p, action, key, date, note, follow_up);
}

int
pk_follow_up_check_one(pk_store *s, const struct pk_peer *p, int64_t id,
    pk_follow_up_fn *fn, void *arg)
{
	return check_one(s, p, id, fn, arg);
}

/*
 * The summary: incidents by month, region or kind, the distinct peers
 * who responded, and the debriefs offered in time (done or declined by
 * the day the debrief follow-up was due by).  Groups standing for fewer
 * peers than the threshold are hidden (pk_suppress), with the groups
 * that would give them away.
 */

const char *const pk_incident_summary_keys[] = {"month", "region", "kind",
	NULL};

static int
cmp_id(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;

	return *a < *b ? -1 : *a > *b;
}

/* Distinct ids among v[0..n), sorting v. */
static int64_t
distinct(int64_t *v, size_t n)
{
	int64_t count = 0;
	size_t i;

	if (n == 0)		/* v may be NULL: no qsort of nothing */
		return 0;
	qsort(v, n, sizeof *v, cmp_id);
	for (i = 0; i < n; i++)
		count += i == 0 || v[i] != v[i - 1];
	return count;
}

static void
add_peer(struct pk_incident_row *r, int64_t id)
{
	r->peer_ids = pk_realloc(r->peer_ids, (r->npeer_ids + 1) *
	    sizeof *r->peer_ids);
	r->peer_ids[r->npeer_ids++] = id;
}

static struct pk_incident_row *
row_for(struct pk_incident_summary *sum, const char *group)
{
	struct pk_incident_row *r;

	if (sum->n > 0 && pk_streq(sum->rows[sum->n - 1].group, group))
		return &sum->rows[sum->n - 1];
	sum->rows = pk_realloc(sum->rows, (sum->n + 1) * sizeof *sum->rows);
	r = &sum->rows[sum->n++];
	memset(r, 0, sizeof *r);
	r->group = group ? pk_strdup(group) : NULL;
	return r;
}

static void
add_row(struct pk_incident_summary *sum, pk_q *st, bool grouped)
{
	struct pk_incident_row *r = grouped ? row_for(sum,
	    pk_col_text(st, 3)) : NULL;
	struct pk_incident_row *rows[2] = { r, &sum->total };
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!rows[i])
			continue;
		rows[i]->incidents++;
		rows[i]->debriefs += pk_col_int(st, 1);
		rows[i]->in_time += pk_col_int(st, 2);
		add_peer(rows[i], pk_col_int64(st, 0));
	}
}

static int64_t
pool_peers(const struct pk_cell *c, size_t n, void *arg)
{
	const struct pk_incident_summary *sum = arg;
	int64_t *v = NULL, count;
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		if (c[i].hide == PK_SHOWN || sum->rows[i].npeer_ids == 0)
			continue;
		v = pk_realloc(v, (m + sum->rows[i].npeer_ids + 1) * sizeof *v);
		memcpy(v + m, sum->rows[i].peer_ids, sum->rows[i].npeer_ids *
		    sizeof *v);
		m += sum->rows[i].npeer_ids;
	}
	count = distinct(v, m);
	free(v);
	return count;
}

static void
suppress(struct pk_incident_summary *sum)
{
	struct pk_cell *c = pk_calloc(sum->n + 1, sizeof *c);
	size_t i;

	for (i = 0; i < sum->n; i++)
		c[i].people = sum->rows[i].peers;
	pk_suppress(c, sum->n, sum->suppress, true, pool_peers, sum);
	for (i = 0; i < sum->n; i++) {
		sum->rows[i].suppressed = c[i].hide != PK_SHOWN;
		sum->rows[i].protects = c[i].hide == PK_HIDDEN_OTHER;
	}
	c[0].people = sum->total.peers;
	c[0].hide = PK_SHOWN;
	pk_suppress(c, 1, sum->suppress, false, NULL, NULL);
	sum->total.suppressed = c[0].hide != PK_SHOWN;
	free(c);
}

int
pk_incident_summary(pk_store *s, const struct pk_period *p, const char *by,
    int suppress_n, struct pk_incident_summary *sum)
{
	static const char *const cols[] = {"substr(i.date, 1, 7)", "i.region",
		"i.kind"};
	const char *g;
	pk_q *st;
	size_t k;
	char *sql;
	int rc;

	memset(sum, 0, sizeof *sum);
	for (k = 0; by && pk_incident_summary_keys[k] &&
	    strcmp(pk_incident_summary_keys[k], by) != 0; k++)
		;
	if (by && !pk_incident_summary_keys[k])
		return pk_fail(PK_EX_USAGE, "cannot summarise incidents by "
		    "\"%s\" (month, region, kind)", by);
	sum->by = by ? pk_incident_summary_keys[k] : NULL;
	memcpy(sum->from, p->from_s, sizeof sum->from);
	memcpy(sum->to, p->to_s, sizeof sum->to);
	sum->suppress = suppress_n > 1 ? suppress_n : 0;
	/* The group without one (no region) first, as SQLite sorts a NULL
	 * and PostgreSQL does not; the debrief in time a 1 or a 0 on both. */
	g = by ? cols[k] : "NULL";
	sql = pk_asprintf("SELECT i.peer_id, f.id IS NOT NULL, CASE WHEN "
	    "s.action IN ('done', 'declined') AND s.date <= f.due_by THEN 1 "
	    "ELSE 0 END, %s AS g FROM incidents i "
	    "LEFT JOIN follow_ups f ON f.incident_id = i.id AND "
	    "f.key = 'debrief' LEFT JOIN follow_up_steps s ON s.id = "
	    "(SELECT max(id) FROM follow_up_steps WHERE follow_up_id = f.id) "
	    "WHERE i.date BETWEEN ?1 AND ?2 ORDER BY %s IS NOT NULL, g, "
	    "i.peer_id", g, g);
	st = pk_prepare(s, sql);
	free(sql);
	if (!st)
		return pk_sql_fail(s, "summarise incidents");
	pk_bind_text(st, 1, sum->from);
	pk_bind_text(st, 2, sum->to);
	while ((rc = pk_step(st)) == PK_ROW)
		add_row(sum, st, by != NULL);
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "summarise incidents");
	pk_finalize(st);
	for (k = 0; k < sum->n; k++)
		sum->rows[k].peers = distinct(sum->rows[k].peer_ids,
		    sum->rows[k].npeer_ids);
	sum->total.peers = distinct(sum->total.peer_ids, sum->total.npeer_ids);
	sum->total.total = true;
	if (rc == 0 && sum->suppress)
		suppress(sum);
	if (rc != 0)
		pk_incident_summary_free(sum);
	return rc;
}

void
pk_incident_summary_free(struct pk_incident_summary *sum)
{
	size_t i;

	for (i = 0; i < sum->n; i++) {
		free(sum->rows[i].group);
		free(sum->rows[i].peer_ids);
	}
	free(sum->rows);
	free(sum->total.peer_ids);
	memset(sum, 0, sizeof *sum);
}

/* A count, null when hidden; in a table (text) a hidden group's peers
 * read "<N" or "hidden", as engage-log's other summaries show them. */
static json_t *
figure(const struct pk_incident_row *r, int64_t v)
{
	return r->suppressed ? json_null() : json_integer(v);
}

static json_t *
peers_figure(const struct pk_incident_summary *sum,
    const struct pk_incident_row *r, bool text)
{
	struct pk_cell c = {r->peers, r->protects ? PK_HIDDEN_OTHER :
	    PK_HIDDEN_SMALL};
	char buf[PK_CELL_BUFSZ];

	if (!text || !r->suppressed)
		return figure(r, r->peers);
	return json_string(pk_cell_text(&c, sum->suppress, 0, buf));
}

json_t *
pk_incident_summary_json(const struct pk_incident_summary *sum,
    const struct pk_incident_row *r, bool text)
{
	json_t *o = json_object();
	char share[PK_SHARE_BUFSZ];

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set_str(o, "from", sum->from);
	pk_json_set_str(o, "to", sum->to);
	pk_json_set_str(o, "by", sum->by);
	pk_json_set_str(o, "group", r->total ? (text ? "total" : NULL) :
	    r->group ? r->group : text ? "(none)" : NULL);
	pk_json_set(o, "total", json_boolean(r->total));
	pk_json_set(o, "suppressed", json_boolean(r->suppressed));
	pk_json_set(o, "incidents", figure(r, r->incidents));
	pk_json_set(o, "peers", peers_figure(sum, r, text));
	pk_json_set(o, "debriefs", figure(r, r->debriefs));
	pk_json_set(o, "debriefs_in_time", figure(r, r->in_time));
	pk_json_set(o, "debrief_share", r->suppressed || r->debriefs == 0 ?
	    json_null() : json_string(pk_share_fmt(r->in_time, r->debriefs,
	    share)));
	return o;
}
