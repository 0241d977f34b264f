/*
 * engagement.c - engagements, the records: from JSON and back, the
 * store, voiding and listing.  Hours and the amount due are in hours.c,
 * the summary of a period in summary.c.
 *
 * A record from the command line and a line of a batch take the same
 * path: JSON, then pk_engage_from_json, then pk_engage_save.  The checks
 * that depend on the config or on the store's state (an active peer, a
 * configured activity, a date not after today) apply to new records
 * only, so that an export of last year reads back unchanged after the
 * config has moved on.
 *
 * payment_id is written by payment.c alone: an engagement is settled and
 * unsettled there, never here.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define ONE_LINE_MAX 200
#define TEXT_MAX 10000

const char *const pk_levels[] = {
	"inform", "consult", "involve", "collaborate", "empower", NULL
};

/* What a record read in may hold: the fields written, and a peer REF. */
const struct pk_field pk_engagement_input[] = {
	{"id", PK_KIND_INT}, {"uuid", PK_KIND_TEXT}, {"peer", PK_KIND_TEXT},
	{"peer_id", PK_KIND_INT}, {"peer_uuid", PK_KIND_TEXT},
	{"alias", PK_KIND_TEXT}, {"date", PK_KIND_TEXT},
	{"hours", PK_KIND_TEXT}, {"minutes", PK_KIND_INT},
	{"activity", PK_KIND_TEXT}, {"level", PK_KIND_TEXT},
	{"project", PK_KIND_TEXT}, {"region", PK_KIND_TEXT},
	{"site", PK_KIND_TEXT}, {"supports", PK_KIND_LIST},
	{"note", PK_KIND_TEXT}, {"amount_due", PK_KIND_TEXT},
	{"payment_id", PK_KIND_INT}, {"status", PK_KIND_TEXT},
	{"void_reason", PK_KIND_TEXT}, {"created_at", PK_KIND_TEXT},
	{"updated_at", PK_KIND_TEXT}, {"payment_uuid", PK_KIND_TEXT},
	{"amount_paid", PK_KIND_TEXT}, {"balance", PK_KIND_TEXT},
	{"paid_elsewhere", PK_KIND_TEXT}, {"incident", PK_KIND_TEXT},
	{NULL, PK_KIND_TEXT}
};

const char *const pk_engagement_statuses[] = {
	"unpaid", "part-paid", "paid", "no-honorarium", "void", NULL
};

/*
 * The record
 */

void
pk_engagement_free(struct pk_engagement *e)
{
	free(e->alias);
	free(e->activity);
	free(e->level);
	free(e->project);
	free(e->region);
	free(e->site);
	free(e->note);
	json_decref(e->supports);
	free(e->void_reason);
	free(e->created_at);
	free(e->updated_at);
	memset(e, 0, sizeof *e);
}

const char *
pk_engagement_status(const struct pk_engagement *e)
{
	if (e->voided)
		return "void";
	if (e->amount_due == 0)
		return "no-honorarium";
	if (e->amount_paid == e->amount_due)
		return "paid";
	return e->amount_paid > 0 ? "part-paid" : "unpaid";
}

/* What is still owed: nothing for a void engagement. */
int64_t
pk_engagement_balance(const struct pk_engagement *e)
{
	return e->voided ? 0 : e->amount_due - e->amount_paid;
}

void
pk_json_set_str(json_t *o, const char *key, const char *v)
{
	pk_json_set(o, key, pk_json_strornull(v));
}

json_t *
pk_engagement_json(const struct pk_engagement *e)
{
	json_t *o = json_object();
	char hours[PK_HOURS_BUFSZ];

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "id", e->id ? json_integer(e->id) : json_null());
	pk_json_set_str(o, "uuid", e->uuid);
	pk_json_set(o, "peer_id", json_integer(e->peer_id));
	pk_json_set_str(o, "peer_uuid", e->peer_uuid);
	pk_json_set_str(o, "alias", e->alias);
	pk_json_set_str(o, "date", e->date);
	pk_json_set_str(o, "hours", pk_hours_fmt(e->minutes, hours));
	pk_json_set(o, "minutes", json_integer(e->minutes));
	pk_json_set_str(o, "activity", e->activity);
	pk_json_set_str(o, "level", e->level);
	pk_json_set_str(o, "project", e->project);
	pk_json_set_str(o, "region", e->region);
	pk_json_set_str(o, "site", e->site);
	pk_json_set(o, "supports", e->supports ? json_incref(e->supports) :
	    json_array());
	pk_json_set_str(o, "note", e->note);
	pk_json_set(o, "amount_due", pk_money_json(e->amount_due));
	pk_json_set(o, "payment_id", e->payment_id ?
	    json_integer(e->payment_id) : json_null());
	pk_json_set_str(o, "status", pk_engagement_status(e));
	pk_json_set_str(o, "void_reason", e->void_reason);
	pk_json_set_str(o, "created_at", e->created_at);
	pk_json_set_str(o, "updated_at", e->updated_at);
	/* Last, so the columns before them stay where scripts expect them. */
	pk_json_set_str(o, "payment_uuid", e->payment_uuid);
	pk_json_set(o, "amount_paid", pk_money_json(e->amount_paid));
	pk_json_set(o, "balance", pk_money_json(pk_engagement_balance(e)));
	pk_json_set(o, "paid_elsewhere", pk_money_json(e->paid_elsewhere));
	return o;
}

/*
 * The record as compact JSON text, the bytes json_dumps would make of
 * pk_engagement_json (test-engagement checks): the audit row of every
 * record of a batch, made without building and freeing a json_t.
 */
static char *
engagement_text(const struct pk_engagement *e)
{
	char hours[PK_HOURS_BUFSZ], money[PK_MONEY_BUFSZ];
	struct pk_jtext t;

	pk_jt_init(&t);
	pk_jt_add(&t, "{", 1);
	pk_jt_key(&t, "id");
	if (e->id)
		pk_jt_int(&t, e->id);
	else
		pk_jt_add(&t, "null", 4);
	pk_jt_key(&t, "uuid");
	pk_jt_str(&t, e->uuid);
	pk_jt_key(&t, "peer_id");
	pk_jt_int(&t, e->peer_id);
	pk_jt_key(&t, "peer_uuid");
	pk_jt_str(&t, e->peer_uuid);
	pk_jt_key(&t, "alias");
	pk_jt_str(&t, e->alias);
	pk_jt_key(&t, "date");
	pk_jt_str(&t, e->date);
	pk_jt_key(&t, "hours");
	pk_jt_str(&t, pk_hours_fmt(e->minutes, hours));
	pk_jt_key(&t, "minutes");
	pk_jt_int(&t, e->minutes);
	pk_jt_key(&t, "activity");
	pk_jt_str(&t, e->activity);
	pk_jt_key(&t, "level");
	pk_jt_str(&t, e->level);
	pk_jt_key(&t, "project");
	pk_jt_str(&t, e->project);
	pk_jt_key(&t, "region");
	pk_jt_str(&t, e->region);
	pk_jt_key(&t, "site");
	pk_jt_str(&t, e->site);
	pk_jt_key(&t, "supports");
	if (e->supports)
		pk_jt_value(&t, e->supports);
	else
		pk_jt_add(&t, "[]", 2);
	pk_jt_key(&t, "note");
	pk_jt_str(&t, e->note);
	pk_jt_key(&t, "amount_due");
	pk_jt_str(&t, pk_money_fmt(e->amount_due, money));
	pk_jt_key(&t, "payment_id");
	if (e->payment_id)
		pk_jt_int(&t, e->payment_id);
	else
		pk_jt_add(&t, "null", 4);
	pk_jt_key(&t, "status");
	pk_jt_str(&t, pk_engagement_status(e));
	pk_jt_key(&t, "void_reason");
	pk_jt_str(&t, e->void_reason);
	pk_jt_key(&t, "created_at");
	pk_jt_str(&t, e->created_at);
	pk_jt_key(&t, "updated_at");
	pk_jt_str(&t, e->updated_at);
	pk_jt_key(&t, "payment_uuid");
	pk_jt_str(&t, e->payment_uuid);
	pk_jt_key(&t, "amount_paid");
	pk_jt_str(&t, pk_money_fmt(e->amount_paid, money));
	pk_jt_key(&t, "balance");
	pk_jt_str(&t, pk_money_fmt(pk_engagement_balance(e), money));
	pk_jt_key(&t, "paid_elsewhere");
	pk_jt_str(&t, pk_money_fmt(e->paid_elsewhere, money));
	pk_jt_add(&t, "}", 1);
	return t.s;
}

static json_t *
engagement_json_of(const void *e)
{
	return pk_engagement_json(e);
}

static char *
engagement_text_of(const void *e)
{
	return engagement_text(e);
}

int
pk_engagement_put(struct pk_batch *b, const struct pk_engagement *e)
{
	return pk_batch_put_as(b, e, engagement_json_of, engagement_text_of);
}

static const char *
col(pk_q *st, int i)
{
	const char *t = pk_col_text(st, i);

	return t ? t : "";
}

struct pk_engage {
	pk_store *s;
	const struct pk_config *cfg;
	char today[PK_DATE_BUFSZ];	/* the run's today, for check_new */
	/* A group (pk_engage_group): the peers of the records saved. */
	bool group;
	int64_t *saved;
	size_t nsaved;
};

void
pk_engage_group(pk_engage *g)
{
	g->group = true;
}

/* In a group, each peer once: a peer named twice is a mistake. */
static int
check_group(pk_engage *g, const struct pk_engagement *e)
{
	size_t i;

	if (!g->group)
		return 0;
	for (i = 0; i < g->nsaved; i++)
		if (g->saved[i] == e->peer_id)
			return pk_fail(PK_EX_DATAERR, "peer \"%s\" (id %lld) is "
			    "named twice", e->alias, (long long)e->peer_id);
	g->saved = pk_realloc(g->saved, (g->nsaved + 1) * sizeof *g->saved);
	g->saved[g->nsaved++] = e->peer_id;
	return 0;
}

pk_engage *
pk_engage_new(pk_store *s, const struct pk_config *cfg)
{
	pk_engage *g = pk_calloc(1, sizeof *g);

	g->s = s;
	g->cfg = cfg;
	pk_date_fmt(pk_today(), g->today);
	return g;
}

void
pk_engage_free(pk_engage *g)
{
	if (!g)
		return;
	free(g->saved);
	free(g);
}

/* The peer, as every tool finds it (resolve.c). */
static int
read_peer(pk_engage *g, json_t *rec, struct pk_engagement *e,
    const struct pk_peer_ref **c)
{
	int rc;

	if ((rc = pk_resolve_record(g->s, rec, c)) != 0)
		return rc;
	if (!*c)
		return pk_fail(PK_EX_DATAERR, "no peer: give peer, peer_uuid, "
		    "peer_id or alias");
	e->peer_id = (*c)->id;
	memcpy(e->peer_uuid, (*c)->uuid, sizeof e->peer_uuid);
	e->alias = pk_strdup((*c)->alias);
	e->peer_active = (*c)->active;
	return 0;
}

/* A text field: absent leaves *out (and *given false); null or "" is
 * given as none. */
static int
read_text(json_t *rec, const char *key, char **out, size_t max,
    bool multiline, bool *given)
{
	json_t *v = json_object_get(rec, key);
	int rc;

	if (given)
		*given = v != NULL;
	if (!v)
		return 0;
	free(*out);
	*out = NULL;
	if (json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": expected a string",
		    key);
	if ((rc = pk_text_check(key, json_string_value(v), max,
	    PK_TEXT_EMPTY | (multiline ? PK_TEXT_LINES : 0))) != 0)
		return rc;
	if (*json_string_value(v))
		*out = pk_strdup(json_string_value(v));
	return 0;
}

static int
read_uuid(json_t *rec, struct pk_engagement *e)
{
	const char *u = NULL;
	size_t i;
	int rc;

	if ((rc = pk_json_str(rec, "uuid", &u, NULL)) != 0 || !u)
		return rc;
	if (!pk_is_uuid(u))
		return pk_fail(PK_EX_DATAERR, "field \"uuid\": \"%.40s\" is not "
		    "a uuid", u);
	for (i = 0; i < 36; i++)
		e->uuid[i] = (char)(u[i] >= 'A' && u[i] <= 'F' ? u[i] + 32 : u[i]);
	e->uuid[36] = '\0';
	return 0;
}

static int
read_date(json_t *rec, struct pk_engagement *e)
{
	const char *s = NULL;
	pk_day d;
	int rc;

	if ((rc = pk_json_str(rec, "date", &s, NULL)) != 0)
		return rc;
	if (!s) {
		pk_date_fmt(pk_today(), e->date);
		return 0;
	}
	if ((rc = pk_date_parse(s, &d)) != 0)
		return rc;
	pk_date_fmt(d, e->date);
	return 0;
}

/* hours and minutes: either; both must agree (an export has both). */
static int
read_time(json_t *rec, struct pk_engagement *e)
{
	json_t *h = json_object_get(rec, "hours");
	char buf[PK_HOURS_BUFSZ];
	const char *hs = NULL;
	int64_t m = 0;
	bool has_m;
	int hm = 0, rc;

	if ((rc = pk_json_int(rec, "minutes", &m, &has_m)) != 0)
		return rc;
	if (has_m && (m < 1 || m > 24 * 60))
		return pk_fail(PK_EX_DATAERR, "field \"minutes\": %lld is not "
		    "1 to 1440", (long long)m);
	if (json_is_integer(h)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(h));
		hs = buf;
	} else if (h && !json_is_null(h) && !json_is_string(h)) {
		return pk_fail(PK_EX_DATAERR, "field \"hours\": expected a string "
		    "like \"1.5\" or \"1:30\"");
	} else {
		hs = json_string_value(h);
	}
	if (!hs && !has_m)
		return pk_fail(PK_EX_DATAERR, "field \"hours\": required");
	if (hs && (!has_m || strcmp(hs, pk_hours_fmt(m, buf)) != 0)) {
		if ((rc = pk_hours_parse(hs, &hm)) != 0)
			return rc;
		if (has_m && hm != m)
			return pk_fail(PK_EX_DATAERR, "hours \"%s\" and minutes "
			    "%lld disagree", hs, (long long)m);
		m = hm;
	}
	e->minutes = (int)m;
	return 0;
}

static int
read_level(json_t *rec, struct pk_engagement *e)
{
	int rc;

	if ((rc = read_text(rec, "level", &e->level, ONE_LINE_MAX, false,
	    NULL)) != 0)
		return rc;
	if (!e->level)
		return pk_fail(PK_EX_DATAERR, "field \"level\": required (inform, "
		    "consult, involve, collaborate, empower)");
	if (!pk_oneof(e->level, pk_levels))
		return pk_fail(PK_EX_DATAERR, "level \"%s\" is not one of inform, "
		    "consult, involve, collaborate, empower", e->level);
	return 0;
}

static bool
array_has(json_t *a, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

static void
append(json_t *a, const char *s)
{
	if (json_array_append_new(a, json_string(s)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/* A list of supports: each once, the configured ones in config order
 * (so two records that list the same supports compare equal), then any
 * others as given (refused for a new record). */
static int
read_supports(const struct pk_config *cfg, json_t *rec, struct pk_engagement *e)
{
	json_t *a = json_object_get(rec, "supports"), *v;
	size_t i;
	int rc;

	if (!(e->supports = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return pk_fail(PK_EX_DATAERR, "field \"supports\": expected a "
		    "list of strings");
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || !*json_string_value(v))
			return pk_fail(PK_EX_DATAERR, "field \"supports\": expected "
			    "a list of names");
		if ((rc = pk_text_check("supports", json_string_value(v),
		    ONE_LINE_MAX, PK_TEXT_EMPTY)) != 0)
			return rc;
	}
	for (i = 0; i < cfg->supports.n; i++)
		if (array_has(a, cfg->supports.v[i]))
			append(e->supports, cfg->supports.v[i]);
	json_array_foreach(a, i, v)
		if (!array_has(e->supports, json_string_value(v)))
			append(e->supports, json_string_value(v));
	return 0;
}

static int
read_texts(json_t *rec, struct pk_engagement *e, const char *region,
    const char *site)
{
	bool given;
	int rc;

	if ((rc = read_text(rec, "activity", &e->activity, ONE_LINE_MAX,
	    false, NULL)) != 0)
		return rc;
	if (!e->activity)
		return pk_fail(PK_EX_DATAERR, "field \"activity\": required");
	if ((rc = read_text(rec, "project", &e->project, ONE_LINE_MAX, false,
	    NULL)) != 0 || (rc = read_text(rec, "note", &e->note, TEXT_MAX,
	    true, NULL)) != 0)
		return rc;
	if ((rc = read_text(rec, "region", &e->region, ONE_LINE_MAX, false,
	    &given)) != 0)
		return rc;
	if (!given && region)
		e->region = pk_strdup(region);
	if ((rc = read_text(rec, "site", &e->site, ONE_LINE_MAX, false,
	    &given)) != 0)
		return rc;
	if (!given && site)
		e->site = pk_strdup(site);
	return 0;
}

static void
list_text(const struct pk_strlist *l, char *buf, size_t size)
{
	size_t i, len;

	buf[0] = '\0';
	for (i = 0; i < l->n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? ", " : "", l->v[i]);
	}
}

static int
unknown_activity(const struct pk_config *cfg, const char *a)
{
	char list[512];
	size_t i, len;

	list[0] = '\0';
	for (i = 0; i < cfg->nrates; i++) {
		len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
		    cfg->rates[i].activity);
	}
	return pk_fail(PK_EX_DATAERR, "activity \"%s\" is not one of the "
	    "configured activities: %s", a, list);
}

/* The uuid of the payment that settled it (in the store it comes
 * from): how another store finds that payment.  *v: as given, or NULL. */
static int
read_payment_uuid(json_t *rec, struct pk_engagement *e, const char **v)
{
	char *c;
	int rc;

	if ((rc = pk_json_str(rec, "payment_uuid", v, NULL)) != 0 || !*v)
		return rc;
	if (!pk_is_uuid(*v))
		return pk_fail(PK_EX_DATAERR, "field \"payment_uuid\": \"%.40s\" "
		    "is not a uuid", *v);
	snprintf(e->payment_uuid, sizeof e->payment_uuid, "%s", *v);
	for (c = e->payment_uuid; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
	return 0;
}

/* The status, payment and void fields: what a record says of its state. */
static int
read_state(json_t *rec, struct pk_engagement *e, const char **status)
{
	json_t *id = json_object_get(rec, "id");
	const char *ts = NULL, *made = NULL, *pu = NULL;
	int64_t pay = 0, pay_left;
	int rc;

	*status = NULL;
	if (id && !json_is_null(id) && !json_is_integer(id))
		return pk_fail(PK_EX_DATAERR, "field \"id\": expected an integer");
	if ((rc = pk_json_str(rec, "created_at", &made, NULL)) != 0 ||
	    (rc = pk_json_str(rec, "updated_at", &ts, NULL)) != 0 ||
	    (rc = pk_json_str(rec, "status", status, NULL)) != 0 ||
	    (rc = pk_json_int(rec, "payment_id", &pay, NULL)) != 0 ||
	    (rc = read_payment_uuid(rec, e, &pu)) != 0 ||
	    (rc = pk_json_money(rec, "amount_paid", &e->amount_paid, 0,
	    NULL)) != 0 ||
	    (rc = pk_json_money(rec, "balance", &pay_left, 0, NULL)) != 0 ||
	    (rc = pk_json_money(rec, "paid_elsewhere", &pay_left, 0,
	    NULL)) != 0 ||
	    (rc = read_text(rec, "void_reason", &e->void_reason, TEXT_MAX,
	    true, NULL)) != 0)
		return rc;
	if (*status && !pk_oneof(*status, pk_engagement_statuses))
		return pk_fail(PK_EX_DATAERR, "status \"%.40s\" is not one of "
		    "unpaid, part-paid, paid, no-honorarium, void", *status);
	if (pay < 0)
		return pk_fail(PK_EX_DATAERR, "field \"payment_id\": expected a "
		    "payment id");
	e->payment_id = pay;
	e->exported = made != NULL;
	e->voided = *status && strcmp(*status, "void") == 0;
	if (*status && strcmp(*status, "paid") == 0 && !pay && !pu &&
	    !json_object_get(rec, "amount_paid"))
		return pk_fail(PK_EX_DATAERR, "status \"paid\" without a "
		    "payment_id");
	if (pay && *status && strcmp(*status, "paid") != 0)
		return pk_fail(PK_EX_DATAERR, "status \"%s\" with payment_id %lld",
		    *status, (long long)pay);
	if (pu && *status && strcmp(*status, "paid") != 0)
		return pk_fail(PK_EX_DATAERR, "status \"%s\" with payment_uuid "
		    "%s", *status, e->payment_uuid);
	if (e->voided && !e->void_reason)
		return pk_fail(PK_EX_DATAERR, "field \"void_reason\": required "
		    "for a void engagement");
	if (!e->voided && e->void_reason)
		return pk_fail(PK_EX_DATAERR, "field \"void_reason\": only for a "
		    "void engagement");
	return 0;
}

static int
read_amount(const struct pk_config *cfg, json_t *rec, struct pk_engagement *e,
    const char *status)
{
	const struct pk_rate *r;
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	bool given;
	int rc;

	if ((rc = pk_json_money(rec, "amount_due", &e->amount_due, 0,
	    &given)) != 0)
		return rc;
	if (!given && status && strcmp(status, "no-honorarium") == 0)
		return 0;
	if (!given) {
		if (!(r = pk_config_rate(cfg, e->activity)))
			return unknown_activity(cfg, e->activity);
		if ((rc = pk_engagement_due(r, e->minutes, &e->amount_due)) != 0)
			return rc;
	}
	/* An export from before the ledger: paid, by its payment_uuid. */
	if (!json_object_get(rec, "amount_paid") && status &&
	    strcmp(status, "paid") == 0)
		e->amount_paid = e->amount_due;
	if (e->amount_paid > e->amount_due)
		return pk_fail(PK_EX_DATAERR, "field \"amount_paid\": %s, more "
		    "than the %s due", pk_money_fmt(e->amount_paid, a),
		    pk_money_fmt(e->amount_due, b));
	if (status && strcmp(status, "void") != 0 &&
	    strcmp(status, pk_engagement_status(e)) != 0)
		return pk_fail(PK_EX_DATAERR, "status \"%s\" with amount_due "
		    "\"%s\" and amount_paid \"%s\"", status, pk_money_fmt(
		    e->amount_due, a), pk_money_fmt(e->amount_paid, b));
	return 0;
}

static int
from_json(pk_engage *g, json_t *rec, struct pk_engagement *e)
{
	const struct pk_peer_ref *c = NULL;
	const char *status;
	int rc;

	if ((rc = pk_json_fields(rec, pk_engagement_input)) != 0 ||
	    (rc = read_uuid(rec, e)) != 0 ||
	    (rc = read_peer(g, rec, e, &c)) != 0 ||
	    (rc = read_date(rec, e)) != 0 || (rc = read_time(rec, e)) != 0 ||
	    (rc = read_level(rec, e)) != 0)
		return rc;
	/* The peer's region and site are the defaults. */
	if ((rc = read_texts(rec, e, c->region, c->site)) != 0 ||
	    (rc = read_supports(g->cfg, rec, e)) != 0 ||
	    (rc = read_state(rec, e, &status)) != 0)
		return rc;
	return read_amount(g->cfg, rec, e, status);
}

int
pk_engage_from_json(pk_engage *g, json_t *rec, struct pk_engagement *e)
{
	int rc;

	memset(e, 0, sizeof *e);
	if ((rc = from_json(g, rec, e)) != 0)
		pk_engagement_free(e);
	return rc;
}

/*
 * The store
 */

#define SELECT_ENG "SELECT e.id, e.uuid, e.peer_id, p.uuid, p.alias, " \
	"p.status, e.date, e.minutes, e.activity, e.level, e.project, " \
	"e.region, e.site, e.supports, e.note, e.amount_due, e.payment_id, " \
	"e.status, e.void_reason, e.created_at, e.updated_at, pa.uuid, " \
	"e.amount_paid, e.paid_elsewhere " \
	"FROM engagements e JOIN peers p ON p.id = e.peer_id " \
	"LEFT JOIN payments pa ON pa.id = e.payment_id "

/* The derived status in SQL, the same rule as pk_engagement_status. */
#define STATUS_SQL "CASE WHEN e.status = 'void' THEN 'void' " \
	"WHEN e.amount_due = 0 THEN 'no-honorarium' " \
	"WHEN e.amount_paid = e.amount_due THEN 'paid' " \
	"WHEN e.amount_paid > 0 THEN 'part-paid' ELSE 'unpaid' END"

static void
read_row(pk_q *st, struct pk_engagement *e)
{
	memset(e, 0, sizeof *e);
	e->id = pk_col_int64(st, 0);
	snprintf(e->uuid, sizeof e->uuid, "%s", col(st, 1));
	e->peer_id = pk_col_int64(st, 2);
	snprintf(e->peer_uuid, sizeof e->peer_uuid, "%s", col(st, 3));
	e->alias = pk_col_strdup(st, 4);
	e->peer_active = strcmp(col(st, 5), "active") == 0;
	snprintf(e->date, sizeof e->date, "%s", col(st, 6));
	e->minutes = pk_col_int(st, 7);
	e->activity = pk_col_strdup(st, 8);
	e->level = pk_col_strdup(st, 9);
	e->project = pk_col_strdup(st, 10);
	e->region = pk_col_strdup(st, 11);
	e->site = pk_col_strdup(st, 12);
	/* Most engagements have no supports: skip the parser for them. */
	e->supports = strcmp(col(st, 13), "[]") == 0 ? json_array() :
	    pk_col_json(st, 13);
	if (!e->supports)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	e->note = pk_col_strdup(st, 14);
	e->amount_due = pk_col_int64(st, 15);
	e->payment_id = pk_col_int64(st, 16);
	e->voided = strcmp(col(st, 17), "void") == 0;
	e->void_reason = pk_col_strdup(st, 18);
	e->created_at = pk_col_strdup(st, 19);
	e->updated_at = pk_col_strdup(st, 20);
	snprintf(e->payment_uuid, sizeof e->payment_uuid, "%s", col(st, 21));
	e->amount_paid = pk_col_int64(st, 22);
	e->paid_elsewhere = pk_col_int64(st, 23);
}

static int
get_one(pk_store *s, pk_q *st, struct pk_engagement *e, bool *found)
{
	int rc = pk_step(st);

	*found = rc == PK_ROW;
	if (rc == PK_ROW)
		read_row(st, e);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read an engagement");
	pk_reset(st);
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

static int
by_uuid(pk_store *s, const char *uuid, struct pk_engagement *e, bool *found)
{
	static const char sql[] = SELECT_ENG "WHERE e.uuid = lower(?)";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_text(st, 1, uuid);
	return get_one(s, st, e, found);
}

static int
by_id(pk_store *s, int64_t id, struct pk_engagement *e, bool *found)
{
	static const char sql[] = SELECT_ENG "WHERE e.id = ?";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_int64(st, 1, id);
	return get_one(s, st, e, found);
}

int
pk_engagement_get(pk_store *s, const char *ref, struct pk_engagement *e)
{
	bool found = false;
	int64_t id;
	int rc;

	memset(e, 0, sizeof *e);
	if (pk_num_parse(ref, 1, INT64_MAX, &id))
		rc = by_id(s, id, e, &found);
	else if (pk_is_uuid(ref))
		rc = by_uuid(s, ref, e, &found);
	else
		return pk_fail(PK_EX_DATAERR, "engagement \"%.40s\": give an id "
		    "or a uuid", ref);
	if (rc != 0)
		return rc;
	return found ? 0 : pk_fail(PK_EX_DATAERR, "no engagement %s", ref);
}

/* Text for a value in a message: quoted, cut short, or "none". */
static const char *
shown(const char *v, char *buf, size_t size)
{
	char cut[64];

	if (!v)
		return "none";
	snprintf(buf, size, "\"%s\"", pk_text_shown(cut, sizeof cut, v));
	return buf;
}

static int
differs(const struct pk_engagement *old, const char *what, const char *there,
    const char *here)
{
	char a[80], b[80];

	return pk_fail(PK_EX_DATAERR, "uuid %s is stored already (engagement "
	    "%lld) with other content: %s is %s there, %s here", old->uuid,
	    (long long)old->id, what, shown(there, a, sizeof a),
	    shown(here, b, sizeof b));
}

bool
pk_streq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static int
differs_json(const struct pk_engagement *old, const char *what, json_t *there,
    json_t *here)
{
	char *a = json_dumps(there, JSON_COMPACT | JSON_ENCODE_ANY);
	char *b = json_dumps(here, JSON_COMPACT | JSON_ENCODE_ANY);
	int rc;

	if (!a || !b)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	rc = differs(old, what, a, b);
	free(a);
	free(b);
	return rc;
}

/*
 * A record whose uuid is stored: the same content, or a conflict.  What
 * the store manages (id, status, payment_id, times) tells how things
 * stood when it was exported and is not compared, but a record that says
 * void where the store does not is news the store must not drop.
 */
static int
compare(const struct pk_engagement *e, const struct pk_engagement *old)
{
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	char ha[PK_HOURS_BUFSZ], hb[PK_HOURS_BUFSZ];

	if (e->peer_id != old->peer_id)
		return differs(old, "the peer", old->alias, e->alias);
	if (strcmp(e->date, old->date) != 0)
		return differs(old, "the date", old->date, e->date);
	if (e->minutes != old->minutes)
		return differs(old, "hours", pk_hours_fmt(old->minutes, ha),
		    pk_hours_fmt(e->minutes, hb));
	if (!pk_streq(e->activity, old->activity))
		return differs(old, "activity", old->activity, e->activity);
	if (!pk_streq(e->level, old->level))
		return differs(old, "level", old->level, e->level);
	if (!pk_streq(e->project, old->project))
		return differs(old, "project", old->project, e->project);
	if (!pk_streq(e->region, old->region))
		return differs(old, "region", old->region, e->region);
	if (!pk_streq(e->site, old->site))
		return differs(old, "site", old->site, e->site);
	if (!json_equal(e->supports, old->supports))
		return differs_json(old, "supports", old->supports, e->supports);
	if (!pk_streq(e->note, old->note))
		return differs(old, "note", old->note, e->note);
	if (e->amount_due != old->amount_due)
		return differs(old, "amount_due", pk_money_fmt(old->amount_due, a),
		    pk_money_fmt(e->amount_due, b));
	if (e->voided && !old->voided)
		return differs(old, "status", pk_engagement_status(old), "void");
	return 0;
}

static int
not_listed(const char *what, const char *v, const struct pk_strlist *l)
{
	char list[512];

	list_text(l, list, sizeof list);
	return pk_fail(PK_EX_DATAERR, "%s \"%s\" is not one of the configured "
	    "%ss: %s", what, v, what, list);
}

/* What a new record must satisfy, beyond its own fields. */
static int
check_new(const struct pk_config *cfg, const struct pk_engagement *e,
    const char *today)
{
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	json_t *v;
	size_t i;

	if (e->payment_id && !e->payment_uuid[0])
		return pk_fail(PK_EX_DATAERR, "payment_id %lld: a new engagement "
		    "cannot arrive paid (this store does not hold its payment)",
		    (long long)e->payment_id);
	/* An inactive peer takes no new work.  A stored engagement's
	 * export (another store's, merged here) is their history, and
	 * comes whatever became of them since. */
	if (!e->peer_active && !e->exported)
		return pk_fail(PK_EX_DATAERR, "peer \"%s\" (id %lld) is inactive",
		    e->alias, (long long)e->peer_id);
	if (strcmp(e->date, today) > 0)
		return pk_fail(PK_EX_DATAERR, "date %s is after today (%s)",
		    e->date, today);
	if (!pk_config_rate(cfg, e->activity))
		return unknown_activity(cfg, e->activity);
	/* A typed amount this large is more likely a slip of the finger. */
	if (cfg->max_engagement > 0 && e->amount_due > cfg->max_engagement)
		return pk_fail(PK_EX_DATAERR, "field \"amount_due\": %s is more "
		    "than %s, the most one engagement may be due "
		    "(engagement.max_amount)", pk_money_fmt(e->amount_due, a),
		    pk_money_fmt(cfg->max_engagement, b));
	if (e->region && cfg->regions.n && !pk_strlist_has(&cfg->regions,
	    e->region))
		return not_listed("region", e->region, &cfg->regions);
	if (e->site && cfg->sites.n && !pk_strlist_has(&cfg->sites, e->site))
		return not_listed("site", e->site, &cfg->sites);
	json_array_foreach(e->supports, i, v)
		if (!pk_strlist_has(&cfg->supports, json_string_value(v)))
			return not_listed("support", json_string_value(v),
			    &cfg->supports);
	return 0;
}

static int
insert(pk_store *s, struct pk_engagement *e)
{
	static const char sql[] = "INSERT INTO engagements (uuid, peer_id, "
	    "date, minutes, activity, level, project, region, site, supports, "
	    "note, amount_due, status, void_reason, created_at, updated_at, "
	    "amount_paid, paid_elsewhere) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	pk_q *st = pk_stmt(s, sql);
	char now[21], *after;
	int rc;

	if (!e->uuid[0])
		pk_uuid(e->uuid);
	pk_now(now);
	pk_bind_static(st, 1, e->uuid);
	pk_bind_int64(st, 2, e->peer_id);
	pk_bind_static(st, 3, e->date);
	pk_bind_int64(st, 4, e->minutes);
	pk_bind_static(st, 5, e->activity);
	pk_bind_static(st, 6, e->level);
	pk_bind_static(st, 7, e->project);
	pk_bind_static(st, 8, e->region);
	pk_bind_static(st, 9, e->site);
	if (json_array_size(e->supports) == 0)
		pk_bind_static(st, 10, "[]");
	else
		pk_bind_json(st, 10, e->supports);
	pk_bind_static(st, 11, e->note);
	pk_bind_int64(st, 12, e->amount_due);
	pk_bind_static(st, 13, e->voided ? "void" : "logged");
	pk_bind_static(st, 14, e->void_reason);
	pk_bind_static(st, 15, now);
	pk_bind_static(st, 16, now);
	pk_bind_int64(st, 17, e->amount_paid);
	pk_bind_int64(st, 18, e->paid_elsewhere);
	if ((rc = pk_stmt_done(s, st, "add the engagement")) != 0)
		return rc;
	e->id = pk_last_id(s);
	free(e->created_at);
	free(e->updated_at);
	e->created_at = pk_strdup(now);
	e->updated_at = pk_strdup(now);
	after = engagement_text(e);
	rc = pk_audit_text(s, "create", "engagement", e->id, e->uuid, NULL,
	    after);
	free(after);
	return rc;
}

/* What the ledger has paid of e, read back for the record printed. */
static int
read_paid(pk_store *s, struct pk_engagement *e)
{
	static const char sql[] = "SELECT e.amount_paid, coalesce(e.payment_id, "
	    "0), pa.uuid, e.paid_elsewhere FROM engagements e LEFT JOIN "
	    "payments pa ON pa.id = e.payment_id WHERE e.id = ?";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, e->id);
	if ((rc = pk_step(st)) == PK_ROW) {
		e->amount_paid = pk_col_int64(st, 0);
		e->payment_id = pk_col_int64(st, 1);
		snprintf(e->payment_uuid, sizeof e->payment_uuid, "%s",
		    col(st, 2));
		e->paid_elsewhere = pk_col_int64(st, 3);
	} else {
		rc = pk_sql_fail(s, "read the engagement");
	}
	pk_reset(st);
	return rc == PK_ROW ? 0 : rc;
}

/* The peer's credit applied (pk_ledger_settle), and what it paid of e
 * read back. */
static int
settled(pk_store *s, struct pk_engagement *e)
{
	bool moved;
	int rc;

	if ((rc = pk_ledger_settle(s, e->peer_id, &moved)) != 0 || !moved)
		return rc;
	return read_paid(s, e);
}

int
pk_engage_save(pk_engage *g, struct pk_engagement *e, int *outcome)
{
	struct pk_engagement old;
	bool found = false;
	int64_t taken;
	char pay_uuid[sizeof e->payment_uuid];
	int rc;

	if (e->uuid[0]) {
		if ((rc = by_uuid(g->s, e->uuid, &old, &found)) != 0)
			return rc;
		if (found && (rc = compare(e, &old)) != 0) {
			pk_engagement_free(&old);
			return rc;
		}
		if (found) {
			pk_engagement_free(e);
			*e = old;
			*outcome = PK_ENGAGE_UNCHANGED;
			return 0;
		}
	}
	if ((rc = check_new(g->cfg, e, g->today)) != 0 ||
	    (rc = check_group(g, e)) != 0)
		return rc;
	/* Paid where it comes from, by payments this store has not got
	 * (yet): paid here as far as it was there, that part paid
	 * elsewhere, which its payments take over when they come.  It is
	 * not owed meanwhile: neither a run nor credit pays it again.
	 * Paid there by the payment it names (payment_uuid), which this
	 * store holds already: it came here before the engagement did,
	 * and what it paid of it is credit it left here, which takes it
	 * over at once (else that credit would pay the peer's next
	 * engagement a second time; pk_ledger_take_over). */
	if (e->voided)
		e->amount_paid = 0;
	memcpy(pay_uuid, e->payment_uuid, sizeof pay_uuid);
	e->payment_id = 0;
	e->payment_uuid[0] = '\0';
	e->paid_elsewhere = e->amount_paid;
	if ((rc = insert(g->s, e)) != 0)
		return rc;
	*outcome = PK_ENGAGE_ADDED;
	if (e->amount_paid > 0 && ((rc = pk_ledger_take_over(g->s, e->id,
	    e->peer_id, pay_uuid, e->amount_paid, &taken)) != 0 ||
	    (taken > 0 && (rc = read_paid(g->s, e)) != 0)))
		return rc;
	e->arrived_paid = e->paid_elsewhere > 0;
	/* A peer in credit: what the new engagement owes consumes it. */
	if (pk_engagement_balance(e) > 0)
		return settled(g->s, e);
	return 0;
}

static int
void_checks(const struct pk_engagement *e, const char *reason)
{
	int rc;

	if (pk_text_blank(reason))
		return pk_fail(PK_EX_DATAERR, "a reason is required to void an "
		    "engagement");
	if ((rc = pk_text_check("void_reason", reason, TEXT_MAX,
	    PK_TEXT_LINES)) != 0)
		return rc;
	if (e->voided)
		return pk_fail(PK_EX_DATAERR, "engagement %lld is void already "
		    "(%s)", (long long)e->id, e->void_reason);
	return 0;
}

int
pk_engagement_void(pk_store *s, const char *ref, const char *reason,
    struct pk_engagement *e)
{
	/* What it arrived paid elsewhere goes with it: no money here. */
	static const char sql[] = "UPDATE engagements SET status = 'void', "
	    "void_reason = ?, updated_at = ?, amount_paid = amount_paid - "
	    "paid_elsewhere, paid_elsewhere = 0 WHERE id = ? "
	    "AND status = 'logged'";
	pk_q *st;
	json_t *before, *after;
	char now[21];
	int rc;

	if ((rc = pk_engagement_get(s, ref, e)) != 0)
		return rc;
	if ((rc = void_checks(e, reason)) != 0)
		goto fail;
	st = pk_stmt(s, sql);
	pk_now(now);
	pk_bind_text(st, 1, reason);
	pk_bind_text(st, 2, now);
	pk_bind_int64(st, 3, e->id);
	if ((rc = pk_stmt_done(s, st, "void the engagement")) != 0)
		goto fail;
	if (pk_changes(s) != 1) {
		rc = pk_fail(PK_EX_SOFTWARE, "engagement %lld changed while it "
		    "was voided", (long long)e->id);
		goto fail;
	}
	/* What was paid of it goes back to the peer's credit, which then
	 * pays what else is owed. */
	before = pk_engagement_json(e);
	if (e->amount_paid > e->paid_elsewhere &&
	    (rc = pk_ledger_release(s, e->id, e->peer_id)) != 0) {
		json_decref(before);
		goto fail;
	}
	e->voided = true;
	e->void_reason = pk_strdup(reason);
	e->amount_paid = 0;
	e->paid_elsewhere = 0;
	e->payment_id = 0;
	e->payment_uuid[0] = '\0';
	free(e->updated_at);
	e->updated_at = pk_strdup(now);
	after = pk_engagement_json(e);
	rc = pk_audit(s, "void", "engagement", e->id, e->uuid, before, after);
	json_decref(before);
	json_decref(after);
	if (rc == 0)
		return 0;
fail:
	pk_engagement_free(e);
	return rc;
}

#define LIST_WHERE "e.date BETWEEN ?2 AND ?3 " \
	"AND (?4 IS NULL OR e.activity = ?4) AND (?5 IS NULL OR e.level = ?5) " \
	"AND (?6 IS NULL OR e.project = ?6) AND (?7 IS NULL OR e.region = ?7) " \
	"AND (?8 IS NULL OR e.site = ?8) " \
	"AND (?9 IS NULL OR " STATUS_SQL " = ?9 OR (?9 = 'owed' AND " \
	"e.status = 'logged' AND e.amount_paid < e.amount_due)) " \
	"ORDER BY e.date, e.id"

struct engagement_walk {
	int (*fn)(const struct pk_engagement *, void *);
	void *arg;
};

static int
engagement_row(pk_q *st, void *arg)
{
	struct engagement_walk *w = arg;
	struct pk_engagement e;
	int rc;

	read_row(st, &e);
	rc = w->fn(&e, w->arg);
	pk_engagement_free(&e);
	return rc;
}

int
pk_engagement_each(pk_store *s, const struct pk_engagement_filter *f,
    int (*fn)(const struct pk_engagement *, void *), void *arg)
{
	/* Two statements, so that each can use its index. */
	static const char peer_sql[] = SELECT_ENG "WHERE e.peer_id = ?1 AND "
	    LIST_WHERE;
	static const char all_sql[] = SELECT_ENG "WHERE ?1 IS NULL AND "
	    LIST_WHERE;
	pk_q *st = pk_stmt(s, f->peer_id ? peer_sql : all_sql);
	struct engagement_walk w = {fn, arg};

	if (f->peer_id)
		pk_bind_int64(st, 1, f->peer_id);
	pk_bind_text(st, 2, f->from ? f->from : "0000-00-00");
	pk_bind_text(st, 3, f->to ? f->to : "9999-99-99");
	pk_bind_text(st, 4, f->activity);
	pk_bind_text(st, 5, f->level);
	pk_bind_text(st, 6, f->project);
	pk_bind_text(st, 7, f->region);
	pk_bind_text(st, 8, f->site);
	pk_bind_text(st, 9, f->status);
	return pk_rows(s, st, "list engagements", engagement_row, &w);
}
