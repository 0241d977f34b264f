/*
 * onboard.c - onboarding checklists, the log of steps taken on them, and
 * the status of each item for a peer.
 *
 * The checklist is configuration (which items, for which roles, which
 * block work, which need renewal); the store holds only steps: done,
 * undo, waive, with a date and who recorded them.  Nothing is deleted,
 * so a role change or a mistake never loses what was done: an item's
 * state is its latest step, and whether the item applies is decided by
 * the checklist and the peer's role on the day of the check.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *const pk_onboard_statuses[] = {
	"done", "due", "expiring", "expired", "waived", "optional", NULL
};

#define BUILTIN_NAME "<built-in onboarding.yaml>"

static void
item_free(struct pk_onboard_item *it)
{
	size_t i;

	free(it->key);
	free(it->title);
	for (i = 0; i < it->roles.n; i++)
		free(it->roles.v[i]);
	free(it->roles.v);
	free(it->valid_for);
}

void
pk_checklist_free(struct pk_checklist *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		item_free(&cl->items[i]);
	free(cl->items);
	free(cl->name);
	memset(cl, 0, sizeof *cl);
}

int
pk_onboard_parse_valid_for(const char *s, int *n, char *unit)
{
	static const struct {
		const char *one, *many;
		char unit;
		long max;
	} units[] = {
		{ "day", "days", 'd', 36500 }, { "month", "months", 'm', 1200 },
		{ "year", "years", 'y', 100 }
	};
	char *end;
	size_t i;
	long v;

	if (!isdigit((unsigned char)*s))
		goto bad;
	v = strtol(s, &end, 10);
	if (*end != ' ')
		goto bad;
	while (*end == ' ')
		end++;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(end, units[i].one) != 0 &&
		    strcmp(end, units[i].many) != 0)
			continue;
		if (v < 1 || v > units[i].max)
			return pk_fail(PK_EX_CONFIG, "\"%s\": from 1 to %ld %s",
			    s, units[i].max, units[i].many);
		*n = (int)v;
		*unit = units[i].unit;
		return 0;
	}
bad:
	return pk_fail(PK_EX_CONFIG, "\"%s\": expected N days, N months or "
	    "N years", s);
}

pk_day
pk_onboard_expiry(const struct pk_onboard_item *it, pk_day done)
{
	switch (it->valid_n > 0 ? it->valid_unit : 0) {
	case 'd':
		return done + it->valid_n;
	case 'm':
		return pk_date_add_months(done, it->valid_n);
	case 'y':
		return pk_date_add_months(done, 12 * it->valid_n);
	default:
		return PK_NODAY;
	}
}

bool
pk_onboard_applies(const struct pk_onboard_item *it, const char *role)
{
	if (it->roles.n == 0)
		return true;
	return role && pk_strlist_has(&it->roles, role);
}

const struct pk_onboard_item *
pk_checklist_item(const struct pk_checklist *cl, const char *key)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		if (strcmp(cl->items[i].key, key) == 0)
			return &cl->items[i];
	return NULL;
}

/*
 * Reading the file.  pk_yaml_parse has already refused syntax errors,
 * anchors and duplicate map keys; what is left is the shape and values.
 */

static int
need_text(const struct pk_ynode *v, const char *key, size_t max)
{
	if (v->type != PK_Y_SCALAR)
		return pk_yaml_fail(v, "%s: must be a single value, not a %s",
		    key, v->type == PK_Y_MAP ? "map" : "list");
	if (v->value[0] == '\0')
		return pk_yaml_fail(v, "%s: must not be empty", key);
	if (strlen(v->value) > max)
		return pk_yaml_fail(v, "%s: longer than %zu characters", key,
		    max);
	return 0;
}

static int
set_key(const struct pk_checklist *cl, struct pk_onboard_item *it,
    const struct pk_ynode *v)
{
	const struct pk_onboard_item *dup;
	int rc;

	if ((rc = need_text(v, "key", PK_ONBOARD_KEY_MAX)) != 0)
		return rc;
	if (strspn(v->value, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(v->value))
		return pk_yaml_fail(v, "key \"%s\": use lower-case letters, "
		    "digits and - only", v->value);
	if ((dup = pk_checklist_item(cl, v->value)) != NULL)
		return pk_yaml_fail(v, "key \"%s\": already the key of the "
		    "item at line %zu", v->value, dup->line);
	it->key = pk_strdup(v->value);
	return 0;
}

static int
set_title(struct pk_onboard_item *it, const struct pk_ynode *v)
{
	int rc;

	if ((rc = need_text(v, "title", 200)) != 0)
		return rc;
	it->title = pk_strdup(v->value);
	return 0;
}

static int
add_role(const struct pk_checklist *cl, const struct pk_config *cfg,
    struct pk_onboard_item *it, const struct pk_ynode *v)
{
	int rc;

	if ((rc = need_text(v, "roles", 200)) != 0)
		return rc;
	if (strcmp(v->value, "all") == 0)
		return pk_yaml_fail(v, "roles: \"all\" stands alone "
		    "(roles: all), not in a list");
	if (!pk_strlist_has(&cfg->roles, v->value))
		return pk_yaml_fail(v, "roles: \"%s\" is not in the configured "
		    "roles%s", v->value, strcmp(cl->name, BUILTIN_NAME) == 0 ?
		    " (the built-in checklist is written for the default "
		    "roles: name a checklist for yours in config.yaml, "
		    "onboarding:)" : "");
	if (pk_strlist_has(&it->roles, v->value))
		return pk_yaml_fail(v, "roles: \"%s\" is listed twice",
		    v->value);
	it->roles.v[it->roles.n++] = pk_strdup(v->value);
	return 0;
}

/* roles: all, one role, or a list of roles. */
static int
set_roles(const struct pk_checklist *cl, const struct pk_config *cfg,
    struct pk_onboard_item *it, const struct pk_ynode *v)
{
	size_t i;
	int rc;

	if (v->type == PK_Y_MAP)
		return pk_yaml_fail(v, "roles: must be all, or a list of roles");
	if (v->type == PK_Y_SCALAR && strcmp(v->value, "all") == 0)
		return 0;
	if (v->type == PK_Y_SEQ && v->n == 0)
		return pk_yaml_fail(v, "roles: must name at least one role "
		    "(or all)");
	it->roles.v = pk_calloc(v->type == PK_Y_SEQ ? v->n : 1,
	    sizeof *it->roles.v);
	if (v->type == PK_Y_SCALAR)
		return add_role(cl, cfg, it, v);
	for (i = 0; i < v->n; i++)
		if ((rc = add_role(cl, cfg, it, v->items[i])) != 0)
			return rc;
	return 0;
}

static int
set_blocks(struct pk_onboard_item *it, const struct pk_ynode *v)
{
	static const char *const yes[] = {"true", "yes", NULL};
	static const char *const no[] = {"false", "no", NULL};

	if (v->type == PK_Y_SCALAR && pk_oneof(v->value, yes))
		it->blocks = true;
	else if (v->type == PK_Y_SCALAR && pk_oneof(v->value, no))
		it->blocks = false;
	else
		return pk_yaml_fail(v, "blocks: must be true or false");
	return 0;
}

static int
set_valid_for(struct pk_onboard_item *it, const struct pk_ynode *v)
{
	char why[512];
	int rc;

	if ((rc = need_text(v, "valid_for", 40)) != 0)
		return rc;
	if (pk_onboard_parse_valid_for(v->value, &it->valid_n,
	    &it->valid_unit) != 0) {
		snprintf(why, sizeof why, "%s", pk_errmsg());
		return pk_yaml_fail(v, "valid_for: %s", why);
	}
	it->valid_for = pk_strdup(v->value);
	return 0;
}

static int
set_field(const struct pk_checklist *cl, const struct pk_config *cfg,
    struct pk_onboard_item *it, const struct pk_ynode *k,
    const struct pk_ynode *v)
{
	if (strcmp(k->value, "key") == 0)
		return set_key(cl, it, v);
	if (strcmp(k->value, "title") == 0)
		return set_title(it, v);
	if (strcmp(k->value, "roles") == 0)
		return set_roles(cl, cfg, it, v);
	if (strcmp(k->value, "blocks") == 0)
		return set_blocks(it, v);
	if (strcmp(k->value, "valid_for") == 0)
		return set_valid_for(it, v);
	return pk_yaml_fail(k, "%s: unknown key (an item has key, title, "
	    "roles, blocks and valid_for)", k->value);
}

/* A criminal record check must never keep anyone from work: a record
 * excludes no one (DESIGN.md, rule 8).  Known by its key or its title. */
static bool
is_record_check(const struct pk_onboard_item *it)
{
	const char *t;

	if (strcmp(it->key, "criminal-record-check") == 0)
		return true;
	for (t = it->title; *t; t++)
		if (strncasecmp(t, "criminal record", 15) == 0)
			return true;
	return false;
}

static int
check_item(const struct pk_onboard_item *it, const struct pk_ynode *v)
{
	const struct pk_ynode *b;

	if (!it->key)
		return pk_yaml_fail(v, "each item needs a key");
	if (!it->title)
		return pk_yaml_fail(v, "item \"%s\": needs a title", it->key);
	if (!pk_yaml_get(v, "roles"))
		return pk_yaml_fail(v, "item \"%s\": needs roles (a list of "
		    "roles, or all)", it->key);
	if (it->blocks && is_record_check(it)) {
		b = pk_yaml_get(v, "blocks");
		return pk_yaml_fail(b ? b : v, "item \"%s\": a criminal record "
		    "check never blocks work (a record excludes no one); say "
		    "blocks: false", it->key);
	}
	return 0;
}

static int
read_item(struct pk_checklist *cl, const struct pk_config *cfg,
    const struct pk_ynode *v)
{
	struct pk_onboard_item *it = &cl->items[cl->n];
	size_t i;
	int rc;

	if (v->type != PK_Y_MAP)
		return pk_yaml_fail(v, "items: each item must be a map (key: "
		    "..., title: ...)");
	memset(it, 0, sizeof *it);
	it->blocks = true;
	it->line = v->line;
	it->col = v->col;
	for (i = 0, rc = 0; rc == 0 && i + 1 < v->n; i += 2)
		rc = set_field(cl, cfg, it, v->items[i], v->items[i + 1]);
	if (rc == 0)
		rc = check_item(it, v);
	if (rc != 0) {
		item_free(it);
		return rc;
	}
	cl->n++;
	return 0;
}

static int
read_root(struct pk_checklist *cl, const struct pk_config *cfg,
    const struct pk_ynode *root)
{
	const struct pk_ynode *items;
	size_t i;
	int rc;

	cl->term_notice = cfg->term_end_notice_days;
	if (root->type != PK_Y_MAP)
		return pk_yaml_fail(root, "the checklist must be a map with "
		    "an items: list");
	for (i = 0; i + 1 < root->n; i += 2)
		if (strcmp(root->items[i]->value, "items") != 0)
			return pk_yaml_fail(root->items[i], "%s: unknown key "
			    "(the checklist has only items:)",
			    root->items[i]->value);
	if (!(items = pk_yaml_get(root, "items")))
		return pk_yaml_fail(root, "items: missing (use items: [] for "
		    "an empty checklist)");
	if (items->type != PK_Y_SEQ)
		return pk_yaml_fail(items, "items: must be a list");
	cl->items = pk_calloc(items->n ? items->n : 1, sizeof *cl->items);
	for (i = 0; i < items->n; i++)
		if ((rc = read_item(cl, cfg, items->items[i])) != 0)
			return rc;
	return 0;
}

int
pk_checklist_parse(struct pk_checklist *cl, const struct pk_config *cfg,
    const char *name, const char *text, size_t len)
{
	struct pk_ynode *root;
	int rc;

	memset(cl, 0, sizeof *cl);
	cl->name = pk_strdup(name);
	if ((rc = pk_yaml_parse(name, text, len, &root)) == 0)
		rc = read_root(cl, cfg, root);
	pk_yaml_free(root);
	if (rc != 0)
		pk_checklist_free(cl);
	return rc;
}

int
pk_checklist_load(struct pk_checklist *cl, const struct pk_config *cfg)
{
	struct pk_ynode *root;
	int rc;

	if (!cfg->onboarding)
		return pk_checklist_parse(cl, cfg, BUILTIN_NAME,
		    pk_default_onboarding, strlen(pk_default_onboarding));
	memset(cl, 0, sizeof *cl);
	cl->name = pk_strdup(cfg->onboarding);
	if ((rc = pk_yaml_load(cfg->onboarding, &root)) == 0)
		rc = read_root(cl, cfg, root);
	else if (rc != PK_EX_CONFIG)	/* cannot read it: say what it is */
		pk_fail_context("onboarding checklist");
	pk_yaml_free(root);
	if (rc != 0)
		pk_checklist_free(cl);
	return rc;
}

/*
 * Status.
 */

/* The renewal window: an item lapsing this soon is expiring. */
static bool
lapses_within(pk_day expires, pk_day today, int within)
{
	return (int64_t)expires - today <= within;
}

void
pk_onboard_state(const struct pk_onboard_item *it,
    const struct pk_onboard_step *step, pk_day today, int within,
    struct pk_onboard_state *st)
{
	const char *action = step ? step->action : "";

	memset(st, 0, sizeof *st);
	st->item = it;
	st->done_on = st->expires_on = st->waived_on = PK_NODAY;
	st->status = it->blocks ? PK_OB_DUE : PK_OB_OPTIONAL;
	if (strcmp(action, "waive") == 0) {
		st->status = PK_OB_WAIVED;
		st->waived_on = step->date;
	} else if (strcmp(action, "done") == 0) {
		st->done_on = step->date;
		st->expires_on = pk_onboard_expiry(it, step->date);
		if (st->expires_on == PK_NODAY ||
		    !lapses_within(st->expires_on, today, within))
			st->status = PK_OB_DONE;
		else if (st->expires_on > today)
			st->status = PK_OB_EXPIRING;
		else
			st->status = it->blocks ? PK_OB_EXPIRED : PK_OB_OPTIONAL;
	} else {
		return;
	}
	st->by = step->by;
	st->note = step->note;
}

bool
pk_onboard_is_no(enum pk_onboard_status s)
{
	return s == PK_OB_DUE || s == PK_OB_EXPIRED;
}

bool
pk_onboard_needs_action(enum pk_onboard_status s)
{
	return pk_onboard_is_no(s) || s == PK_OB_EXPIRING;
}

bool
pk_onboard_action_within(const struct pk_onboard_state *st, pk_day today,
    int within)
{
	if (st->status == PK_OB_EXPIRING)
		return lapses_within(st->expires_on, today, within);
	return pk_onboard_needs_action(st->status);
}

static json_t *
day_json(pk_day d)
{
	char buf[PK_DATE_BUFSZ];

	return d == PK_NODAY ? json_null() : json_string(pk_date_fmt(d, buf));
}

json_t *
pk_onboard_json(const struct pk_peer *p, const struct pk_onboard_state *st)
{
	const struct pk_onboard_item *it = st->item;
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "peer_id", json_integer(p->id));
	pk_json_set(o, "alias", pk_json_strornull(p->alias));
	pk_json_set(o, "role", pk_json_strornull(p->role));
	pk_json_set(o, "key", json_string(it->key));
	pk_json_set(o, "title", pk_json_strornull(it->title));
	pk_json_set(o, "blocks", json_boolean(it->blocks));
	pk_json_set(o, "valid_for", pk_json_strornull(it->valid_for));
	pk_json_set(o, "status", json_string(pk_onboard_statuses[st->status]));
	pk_json_set(o, "done_on", day_json(st->done_on));
	pk_json_set(o, "expires_on", day_json(st->expires_on));
	pk_json_set(o, "waived_on", day_json(st->waived_on));
	pk_json_set(o, "by", pk_json_strornull(st->by));
	pk_json_set(o, "note", pk_json_strornull(st->note));
	return o;
}

/*
 * The store.
 */

void
pk_onboard_step_free(struct pk_onboard_step *s)
{
	free(s->item);
	free(s->action);
	free(s->note);
	free(s->by);
	free(s->created_at);
	memset(s, 0, sizeof *s);
}

json_t *
pk_onboard_step_json(const struct pk_onboard_step *s)
{
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "id", json_integer(s->id));
	pk_json_set(o, "uuid", json_string(s->uuid));
	pk_json_set(o, "peer_id", json_integer(s->peer_id));
	pk_json_set(o, "item", json_string(s->item));
	pk_json_set(o, "action", json_string(s->action));
	pk_json_set(o, "date", day_json(s->date));
	pk_json_set(o, "note", pk_json_strornull(s->note));
	pk_json_set(o, "by", json_string(s->by));
	pk_json_set(o, "created_at", json_string(s->created_at));
	return o;
}

/* The latest step of each item (of the steps WHERE picks), in order of
 * peer and item: the max(id) of each group, which the index
 * onboarding_peer (peer_id, item, id) gives, then those rows by id.
 * (Not SQLite's bare columns beside max(), which PostgreSQL refuses.) */
#define LATEST_STEPS(where) "SELECT peer_id, item, id, uuid, action, " \
	"date, note, by, created_at FROM onboarding WHERE id IN (SELECT " \
	"max(id) FROM onboarding " where "GROUP BY peer_id, item) " \
	"ORDER BY peer_id, item"

static int
read_step(pk_q *st, struct pk_onboard_step *s)
{
	const char *date = pk_col_text(st, 5);

	memset(s, 0, sizeof *s);
	s->peer_id = pk_col_int64(st, 0);
	s->item = pk_col_strdup(st, 1);
	s->id = pk_col_int64(st, 2);
	snprintf(s->uuid, sizeof s->uuid, "%s",
	    pk_col_text(st, 3));
	s->action = pk_col_strdup(st, 4);
	s->note = pk_col_strdup(st, 6);
	s->by = pk_col_strdup(st, 7);
	s->created_at = pk_col_strdup(st, 8);
	if (!s->item || !s->action || !date || pk_date_parse(date, &s->date))
		return pk_fail(PK_EX_DATAERR, "onboarding step %lld: not a "
		    "valid step (item, action or date)", (long long)s->id);
	return 0;
}

/* A peer's latest steps, at most one per item. */
struct steps {
	struct pk_onboard_step *v;
	size_t n, cap;
};

static void
steps_clear(struct steps *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		pk_onboard_step_free(&ss->v[i]);
	ss->n = 0;
}

static struct pk_onboard_step *
steps_add(struct steps *ss)
{
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? 2 * ss->cap : 16;
		ss->v = pk_realloc(ss->v, ss->cap * sizeof *ss->v);
	}
	return &ss->v[ss->n++];
}

static const struct pk_onboard_step *
steps_find(const struct steps *ss, const char *key)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (strcmp(ss->v[i].item, key) == 0)
			return &ss->v[i];
	return NULL;
}

/* The end of the peer's term, within the notice the config gives: an
 * item due (expired from the day it ends), so that the program talks
 * with the peer about extending it, or supports them as it ends. */
static int
term_end(const struct pk_checklist *cl, const struct pk_peer *p,
    pk_day today, pk_onboard_fn *fn, void *arg)
{
	struct pk_onboard_item it = {.key = (char *)"term-end", .blocks = true};
	struct pk_onboard_state st = {.item = &it, .done_on = PK_NODAY,
	    .waived_on = PK_NODAY};
	pk_day end;
	int rc;

	if (!p->term_end || pk_date_parse(p->term_end, &end) != 0 ||
	    (int64_t)end - today > cl->term_notice)
		return 0;
	it.title = pk_asprintf("The term as %s ends on %s: extend it, or "
	    "support the peer as it ends", p->role ? p->role : "a peer",
	    p->term_end);
	st.expires_on = end;
	st.status = end > today ? PK_OB_DUE : PK_OB_EXPIRED;
	rc = fn(p, &st, arg);
	free(it.title);
	return rc;
}

static int
report(const struct pk_checklist *cl, const struct pk_peer *p,
    const struct steps *ss, int within, pk_onboard_fn *fn, void *arg)
{
	struct pk_onboard_state state;
	pk_day today = pk_today();
	size_t i;
	int rc;

	for (i = 0; i < cl->n; i++) {
		if (!pk_onboard_applies(&cl->items[i], p->role))
			continue;
		pk_onboard_state(&cl->items[i], steps_find(ss, cl->items[i].key),
		    today, within, &state);
		if ((rc = fn(p, &state, arg)) != 0)
			return rc;
	}
	return term_end(cl, p, today, fn, arg);
}

static int
peer_steps(pk_store *s, int64_t peer_id, struct steps *ss)
{
	static const char sql[] = LATEST_STEPS("WHERE peer_id = ? ");
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, peer_id);
	while ((rc = pk_step(st)) == PK_ROW)
		if ((rc = read_step(st, steps_add(ss))) != 0) {
			pk_reset(st);
			return rc;
		}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read onboarding steps");
	else
		rc = 0;
	pk_reset(st);
	return rc;
}

int
pk_onboard_check(pk_store *s, const struct pk_checklist *cl,
    const struct pk_peer *p, int within, pk_onboard_fn *fn, void *arg)
{
	struct steps ss = { NULL, 0, 0 };
	int rc;

	if ((rc = peer_steps(s, p->id, &ss)) == 0)
		rc = report(cl, p, &ss, within, fn, arg);
	steps_clear(&ss);
	free(ss.v);
	return rc;
}

int
pk_onboard_next(pk_store *s, const struct pk_checklist *cl,
    const struct pk_config *cfg, const struct pk_peer *p, int within,
    const char **next, bool *on_path, pk_onboard_fn *fn, void *arg)
{
	struct pk_peer q = *p;

	if (!(*next = pk_progression_next(cfg, p->role, on_path)))
		return 0;
	q.role = (char *)*next;
	q.term_end = NULL;	/* the next role has no term yet */
	return pk_onboard_check(s, cl, &q, within, fn, arg);
}

static int
latest_step(pk_store *s, int64_t peer_id, const char *key,
    struct pk_onboard_step *step, bool *found)
{
	static const char sql[] = LATEST_STEPS("WHERE peer_id = ? AND "
	    "item = ? ");
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, peer_id);
	pk_bind_text(st, 2, key);
	*found = false;
	rc = pk_step(st);
	if (rc == PK_ROW) {
		if ((rc = read_step(st, step)) != 0)
			pk_onboard_step_free(step);
		*found = rc == 0;
	} else if (rc == PK_DONE) {
		rc = 0;
	} else {
		rc = pk_sql_fail(s, "read onboarding steps");
	}
	pk_reset(st);
	return rc;
}

int
pk_onboard_check_item(pk_store *s, const struct pk_checklist *cl,
    const struct pk_peer *p, const char *key, int within, pk_onboard_fn *fn,
    void *arg)
{
	const struct pk_onboard_item *it = pk_checklist_item(cl, key);
	struct pk_onboard_state state;
	struct pk_onboard_step step;
	bool found;
	int rc;

	if (!it)
		return pk_fail(PK_EX_DATAERR, "item \"%s\": not in the "
		    "onboarding checklist (%s)", key, cl->name);
	if ((rc = latest_step(s, p->id, key, &step, &found)) != 0)
		return rc;
	pk_onboard_state(it, found ? &step : NULL, pk_today(), within, &state);
	rc = fn(p, &state, arg);
	if (found)
		pk_onboard_step_free(&step);
	return rc;
}

int
pk_onboard_collect(const struct pk_peer *p, const struct pk_onboard_state *st,
    void *arg)
{
	if (json_array_append_new(arg, pk_onboard_json(p, st)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return 0;
}

/* --all: the peers and the steps of all peers, both in peer id order,
 * are walked together like a merge join. */
struct walk {
	pk_store *s;
	pk_q *st;	/* latest steps of all peers */
	int last;		/* its last pk_step result */
	struct steps ss;
	const struct pk_checklist *cl;
	int within;
	pk_onboard_fn *fn;
	void *arg;
};

static int
walk_peer(const struct pk_peer *p, void *arg)
{
	struct walk *w = arg;
	int rc;

	steps_clear(&w->ss);
	while (w->last == PK_ROW &&
	    pk_col_int64(w->st, 0) <= p->id) {
		if (pk_col_int64(w->st, 0) == p->id &&
		    (rc = read_step(w->st, steps_add(&w->ss))) != 0)
			return rc;
		w->last = pk_step(w->st);
	}
	if (w->last != PK_ROW && w->last != PK_DONE)
		return pk_sql_fail(w->s, "read onboarding steps");
	return report(w->cl, p, &w->ss, w->within, w->fn, w->arg);
}

int
pk_onboard_each(pk_store *s, const struct pk_checklist *cl,
    const struct pk_peer_filter *f, int within, pk_onboard_fn *fn, void *arg)
{
	static const char sql[] = LATEST_STEPS("");
	struct walk w = { s, NULL, 0, { NULL, 0, 0 }, cl, within, fn, arg };
	int rc;

	/* Stepped first, so both statements read the same snapshot. */
	w.st = pk_stmt(s, sql);
	w.last = pk_step(w.st);
	rc = pk_peer_each(s, f, walk_peer, &w);
	if (rc == 0 && w.last != PK_ROW && w.last != PK_DONE)
		rc = pk_sql_fail(s, "read onboarding steps");
	pk_reset(w.st);
	steps_clear(&w.ss);
	free(w.ss.v);
	return rc;
}

static int
insert_step(pk_store *s, struct pk_onboard_step *step)
{
	static const char sql[] = "INSERT INTO onboarding (uuid, peer_id, "
	    "item, action, date, note, by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	pk_q *st = pk_stmt(s, sql);
	char date[PK_DATE_BUFSZ], now[21];
	int rc;

	pk_uuid(step->uuid);
	pk_now(now);
	step->by = pk_strdup(pk_user());
	step->created_at = pk_strdup(now);
	pk_bind_text(st, 1, step->uuid);
	pk_bind_int64(st, 2, step->peer_id);
	pk_bind_text(st, 3, step->item);
	pk_bind_text(st, 4, step->action);
	pk_bind_text(st, 5, pk_date_fmt(step->date, date));
	pk_bind_text(st, 6, step->note);
	pk_bind_text(st, 7, step->by);
	pk_bind_text(st, 8, step->created_at);
	if ((rc = pk_stmt_done(s, st, "record the onboarding step")) != 0)
		return rc;
	step->id = pk_last_id(s);
	return 0;
}

/* Notes are printed on terminals and in CSV: one paragraph of text. */
static int
check_note(const char *key, const char *note)
{
	const unsigned char *c;

	if (!note)
		return 0;
	if (strlen(note) > 1000)
		return pk_fail(PK_EX_DATAERR, "item \"%s\": the note is longer "
		    "than 1000 bytes", key);
	for (c = (const unsigned char *)note; *c; c++)
		if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
			return pk_fail(PK_EX_DATAERR, "item \"%s\": control "
			    "characters are not allowed in a note", key);
	return 0;
}

static int
check_step(const struct pk_checklist *cl, const struct pk_peer *p,
    const char *action, const char *key, pk_day date, const char *note)
{
	const struct pk_onboard_item *it = pk_checklist_item(cl, key);
	char day[PK_DATE_BUFSZ], today[PK_DATE_BUFSZ];

	if (!pk_oneof(action, (const char *const[]){"done", "undo", "waive",
	    NULL}))
		return pk_fail(PK_EX_SOFTWARE, "onboarding: no action \"%s\"",
		    action);
	if (!it)
		return pk_fail(PK_EX_DATAERR, "item \"%s\": not in the "
		    "onboarding checklist (%s)", key, cl->name);
	if (strcmp(action, "undo") != 0 && !pk_onboard_applies(it, p->role))
		return pk_fail(PK_EX_DATAERR, "item \"%s\": not needed for %s%s%s",
		    key, p->role ? "role \"" : "a peer with no role",
		    p->role ? p->role : "", p->role ? "\"" : "");
	if (date > pk_today())
		return pk_fail(PK_EX_DATAERR, "item \"%s\": date %s is after "
		    "today (%s)", key, pk_date_fmt(date, day),
		    pk_date_fmt(pk_today(), today));
	if (strcmp(action, "waive") == 0 && pk_text_blank(note))
		return pk_fail(PK_EX_DATAERR, "item \"%s\": a waiver needs a "
		    "reason", key);
	return check_note(key, note);
}

int
pk_onboard_record(pk_store *s, const struct pk_checklist *cl,
    const struct pk_peer *p, const char *action, const char *key,
    pk_day date, const char *note)
{
	struct pk_onboard_step old, step;
	json_t *before, *after;
	bool found;
	int rc;

	if ((rc = check_step(cl, p, action, key, date, note)) != 0)
		return rc;
	if ((rc = latest_step(s, p->id, key, &old, &found)) != 0)
		return rc;
	if (strcmp(action, "undo") == 0 && (!found ||
	    strcmp(old.action, "undo") == 0)) {
		if (found)
			pk_onboard_step_free(&old);
		return pk_fail(PK_EX_DATAERR, "item \"%s\": neither done nor "
		    "waived: nothing to undo", key);
	}
	memset(&step, 0, sizeof step);
	step.peer_id = p->id;
	step.item = pk_strdup(key);
	step.action = pk_strdup(action);
	step.note = note && *note ? pk_strdup(note) : NULL;
	step.date = date;
	before = found ? pk_onboard_step_json(&old) : NULL;
	if ((rc = insert_step(s, &step)) == 0) {
		after = pk_onboard_step_json(&step);
		rc = pk_audit(s, action, "onboarding", step.id, step.uuid,
		    before, after);
		json_decref(after);
	}
	json_decref(before);
	if (found)
		pk_onboard_step_free(&old);
	pk_onboard_step_free(&step);
	return rc;
}
