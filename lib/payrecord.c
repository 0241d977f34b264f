/*
 * payrecord.c - a payment record read from JSON and checked.
 *
 * A record names its peer (REF, id, uuid, alias, as every tool reads
 * them: pk_resolve_record), its engagements by id or by uuid, the money
 * (integer cents, within payment.max_amount), the kind, method and
 * category from fixed lists, and text a person typed, bounded and
 * without control characters.  A record printed by honorarium-pay or
 * exported by peer-list --export reads back as the same payment, so a
 * replay finds it on record instead of paying it again.  Nothing here
 * writes: paying is payment.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define TEXT_MAX 200		/* a ref */
#define NOTE_MAX 10000

/* A record may carry everything printed (so output pipes back in, as a
 * duplicate), and "peer" for a REF. */
const struct pk_field pk_payment_input[] = {
	{"id", PK_KIND_INT}, {"uuid", PK_KIND_TEXT}, {"peer", PK_KIND_TEXT},
	{"peer_id", PK_KIND_INT}, {"peer_uuid", PK_KIND_TEXT},
	{"alias", PK_KIND_TEXT}, {"date", PK_KIND_TEXT},
	{"amount", PK_KIND_TEXT}, {"method", PK_KIND_TEXT},
	{"kind", PK_KIND_TEXT}, {"category", PK_KIND_TEXT},
	{"ref", PK_KIND_TEXT}, {"note", PK_KIND_TEXT},
	{"engagements", PK_KIND_IDS}, {"engagement_uuids", PK_KIND_LIST},
	{"status", PK_KIND_TEXT}, {"warnings", PK_KIND_LIST},
	{"void_reason", PK_KIND_TEXT}, {"voided_at", PK_KIND_TEXT},
	{"created_at", PK_KIND_TEXT}, {"updated_at", PK_KIND_TEXT},
	{"allocations", PK_KIND_JSON}, {"credit", PK_KIND_TEXT},
	{"rounding", PK_KIND_TEXT}, {NULL, PK_KIND_TEXT}
};
static const char *const statuses[] = {"paid", "void", NULL};

/* Text from input, for a message: control characters become '?' and a
 * long text is cut, so a message cannot drive the terminal. */
static const char *
shown(const char *s)
{
	static char buf[64];

	return pk_text_shown(buf, sizeof buf, s);
}

/*
 * Reading a record
 */

/* Text a person typed: bounded, and without control characters (but
 * newlines and tabs in a note), which would reach a terminal. */
static int
check_text(const char *key, const char *v, size_t max, bool lines)
{
	return pk_text_check(key, v, max, lines ? PK_TEXT_LINES : 0);
}

static int
text_field(json_t *rec, const char *key, size_t max, bool lines, char **out)
{
	const char *v = NULL;
	int rc;

	if ((rc = pk_json_str(rec, key, &v, NULL)) != 0 || !v)
		return rc;
	if (lines && pk_text_blank(v))
		return 0;		/* a blank note is no note */
	if ((rc = check_text(key, v, max, lines)) != 0)
		return rc;
	*out = pk_strdup(v);
	return 0;
}

/* A field with a fixed set of values; *given says it was there. */
static int
word_field(json_t *rec, const char *key, const char *const words[],
    const char *want, char **out, bool *given)
{
	const char *v = NULL;
	int rc;

	if ((rc = pk_json_str(rec, key, &v, given)) != 0 || !v)
		return rc;
	if (!pk_oneof(v, words))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": \"%s\" is not %s",
		    key, shown(v), want);
	*out = pk_strdup(v);
	return 0;
}

static int
apply_uuid(json_t *rec, struct pk_payment *p)
{
	const char *v = NULL;
	char *c;
	int rc;

	if ((rc = pk_json_str(rec, "uuid", &v, NULL)) != 0 || !v)
		return rc;
	if (!pk_is_uuid(v))
		return pk_fail(PK_EX_DATAERR, "field \"uuid\": \"%s\" is not a "
		    "uuid", shown(v));
	snprintf(p->uuid, sizeof p->uuid, "%s", v);
	for (c = p->uuid; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
	return 0;
}

/* The id of the engagement with this uuid; 0 when there is none. */
static int
engagement_by_uuid(pk_store *s, const char *uuid, int64_t *id)
{
	static const char sql[] =
	    "SELECT id FROM engagements WHERE uuid = lower(?)";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_text(st, 1, uuid);
	*id = 0;
	if ((rc = pk_step(st)) == PK_ROW)
		*id = pk_col_int64(st, 0);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "find the engagement");
	pk_reset(st);
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

/* Engagement v of a record: an id (this store's) or a uuid.  key: the
 * field it is in. */
static int
engagement_id(pk_store *s, const char *key, json_t *v, bool uuid_only,
    int64_t *id, char uuid[37])
{
	const char *u = json_string_value(v);
	int rc;

	if (!uuid_only && json_is_integer(v) && json_integer_value(v) > 0) {
		*id = json_integer_value(v);
		return 0;
	}
	if (!u || !pk_is_uuid(u))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": expected a list of "
		    "engagement %s", key, uuid_only ? "uuids" : "ids or uuids");
	if ((rc = engagement_by_uuid(s, u, id)) != 0)
		return rc;
	if (!*id)
		return pk_fail(PK_EX_DATAERR, "field \"%s\": no engagement with "
		    "uuid %s in this store%s", key, u, uuid_only ? " (a merge "
		    "imports the engagements first: engage-log FILE)" : "");
	snprintf(uuid, 37, "%s", u);
	for (; *uuid; uuid++)
		if (*uuid >= 'A' && *uuid <= 'F')
			*uuid = (char)(*uuid - 'A' + 'a');
	return 0;
}

/* Engagements listed twice are refused: sorted, twins are neighbours. */
static int
check_twins(const int64_t *ids, size_t n)
{
	int64_t *v = pk_calloc(n, sizeof *v);
	int rc = 0;
	size_t i;

	memcpy(v, ids, n * sizeof *v);
	qsort(v, n, sizeof *v, pk_cmp_id);
	for (i = 1; i < n && rc == 0; i++)
		if (v[i] == v[i - 1])
			rc = pk_fail(PK_EX_DATAERR, "field \"engagements\": "
			    "engagement %lld is listed twice", (long long)v[i]);
	free(v);
	return rc;
}

/*
 * Another store's payment, as exported: its allocations, each an
 * engagement by uuid and what it got, replayed here as they were there.
 */
static int
apply_allocations(pk_store *s, json_t *a, struct pk_payment *p)
{
	const char *bad = "field \"allocations\": expected a list of "
	    "{\"engagement_uuid\", \"amount\"}";
	json_t *v, *u;
	size_t i, n = json_array_size(a);
	int rc;

	if (!json_is_array(a))
		return pk_fail(PK_EX_DATAERR, "%s", bad);
	free(p->engagements);
	free(p->engagement_uuids);
	p->engagements = pk_calloc(n, sizeof *p->engagements);
	p->engagement_uuids = pk_calloc(n, sizeof *p->engagement_uuids);
	p->amounts = pk_calloc(n, sizeof *p->amounts);
	p->nengagements = 0;
	json_array_foreach(a, i, v) {
		if (!json_is_object(v) || !(u = json_object_get(v,
		    "engagement_uuid")))
			return pk_fail(PK_EX_DATAERR, "%s", bad);
		if ((rc = engagement_id(s, "allocations", u, true,
		    &p->engagements[i], p->engagement_uuids[i])) != 0 ||
		    (rc = pk_json_money(v, "amount", &p->amounts[i], 0, NULL))
		    != 0)
			return rc == PK_EX_DATAERR ? pk_fail_context("field "
			    "\"allocations\"") : rc;
		if (p->amounts[i] == 0)
			return pk_fail(PK_EX_DATAERR, "field \"allocations\": an "
			    "amount of 0.00");
		p->nengagements++;
	}
	p->given |= PK_PAYF_ENGAGEMENTS | PK_PAYF_BY_UUID;
	return check_twins(p->engagements, p->nengagements);
}

/*
 * The engagements to settle: engagement_uuids, which mean the same in
 * every store, else engagements (ids, or uuids).  Beside uuids, the ids
 * are the store's the record came from: only their number must agree.
 * An export's allocations say what each got, and replay it.
 */
static int
apply_engagements(pk_store *s, json_t *rec, struct pk_payment *p)
{
	json_t *a = json_object_get(rec, "engagements"), *v;
	json_t *u = json_object_get(rec, "engagement_uuids");
	const char *key = "engagements";
	size_t i;
	int rc;

	if (a && !json_is_null(a) && !json_is_array(a))
		return pk_fail(PK_EX_DATAERR, "field \"engagements\": expected "
		    "a list of engagement ids or uuids");
	if (u && !json_is_null(u)) {
		if (!json_is_array(u))
			return pk_fail(PK_EX_DATAERR, "field "
			    "\"engagement_uuids\": expected a list of "
			    "engagement uuids");
		if (a && !json_is_null(a) && json_array_size(a) !=
		    json_array_size(u))
			return pk_fail(PK_EX_DATAERR, "field \"engagements\": "
			    "%zu, but %zu engagement_uuids", json_array_size(a),
			    json_array_size(u));
		key = "engagement_uuids";
		a = u;
	}
	if (!a || json_is_null(a)) {
		a = json_object_get(rec, "allocations");
		return a && !json_is_null(a) && json_array_size(a) > 0 ?
		    apply_allocations(s, a, p) : 0;
	}
	p->given |= PK_PAYF_ENGAGEMENTS;
	p->engagements = pk_calloc(json_array_size(a), sizeof *p->engagements);
	p->engagement_uuids = pk_calloc(json_array_size(a),
	    sizeof *p->engagement_uuids);
	json_array_foreach(a, i, v) {
		if ((rc = engagement_id(s, key, v, a == u, &p->engagements[i],
		    p->engagement_uuids[i])) != 0)
			return rc;
		p->given |= json_is_integer(v) ? PK_PAYF_BY_ID : PK_PAYF_BY_UUID;
		p->nengagements++;
	}
	if ((rc = check_twins(p->engagements, p->nengagements)) != 0)
		return rc;
	a = json_object_get(rec, "allocations");
	return a && json_array_size(a) > 0 ? apply_allocations(s, a, p) : 0;
}

/* The peer of engagement id, for a record that names no peer. */
static int
peer_of_engagement(pk_store *s, int64_t id, const struct pk_peer_ref **r)
{
	static const char sql[] = "SELECT peer_id FROM engagements WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	int64_t peer_id = 0;
	int rc;

	pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) == PK_ROW)
		peer_id = pk_col_int64(st, 0);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "find the engagement");
	pk_reset(st);
	if (rc != PK_ROW && rc != PK_DONE)
		return rc;
	if (!peer_id)
		return pk_fail(PK_EX_DATAERR, "no engagement with id %lld",
		    (long long)id);
	return pk_resolve_id(s, peer_id, r);
}

/* The peer: as every tool finds it (resolve.c), else the engagements'. */
static int
apply_peer(pk_payrun *pr, json_t *rec, struct pk_payment *p,
    const struct pk_peer_ref **r)
{
	int rc;

	if ((rc = pk_resolve_record(pr->s, rec, r)) != 0)
		return rc;
	if (!*r && p->nengagements > 0)
		rc = peer_of_engagement(pr->s, p->engagements[0], r);
	else if (!*r)
		return pk_fail(PK_EX_DATAERR, "field \"peer\": required (a peer "
		    "id, uuid or alias)");
	if (rc != 0)
		return rc;
	p->peer_id = (*r)->id;
	snprintf(p->peer_uuid, sizeof p->peer_uuid, "%s", (*r)->uuid);
	p->alias = pk_strdup((*r)->alias);
	return 0;
}

static int
apply_date(json_t *rec, struct pk_payment *p)
{
	const char *v = NULL;
	pk_day d;
	int rc;

	if ((rc = pk_json_str(rec, "date", &v, NULL)) != 0)
		return rc;
	if (!v) {
		pk_date_fmt(pk_today(), p->date);
		return 0;
	}
	p->given |= PK_PAYF_DATE;
	if (pk_date_parse(v, &d) != 0)
		return pk_fail_context("field \"date\"");
	if (d > pk_today())
		return pk_fail(PK_EX_DATAERR, "field \"date\": %s is after today",
		    v);
	pk_date_fmt(d, p->date);
	return 0;
}

static int
apply_amount(json_t *rec, struct pk_payment *p)
{
	bool present;
	int rc;

	if ((rc = pk_json_money(rec, "amount", &p->amount, 0, &present)) != 0)
		return rc;
	if (!present)
		return p->nengagements > 0 ? 0 : pk_fail(PK_EX_DATAERR,
		    "field \"amount\": required (or engagements to pay)");
	p->given |= PK_PAYF_AMOUNT;
	if (p->amount == 0)
		return pk_fail(PK_EX_DATAERR, "field \"amount\": must be more "
		    "than 0.00");
	return 0;
}

/*
 * A typed amount this large is more likely a slip of the finger.  A
 * stored payment's export (created_at) was typed, or worked out by a
 * run, where it was made: played back, or merged into another store,
 * it is paid as it was, or a payment of 1,200.00 a run made could
 * never be merged, and its T4A income would be missing there.
 */
static int
apply_limit(const struct pk_config *cfg, const struct pk_payment *p)
{
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];

	if (!(p->given & PK_PAYF_AMOUNT) || (p->given & PK_PAYF_EXPORT) ||
	    cfg->max_payment <= 0 || p->amount <= cfg->max_payment)
		return 0;
	return pk_fail(PK_EX_DATAERR, "field \"amount\": %s is more than "
	    "%s, the most one payment may be (payment.max_amount)",
	    pk_money_fmt(p->amount, a), pk_money_fmt(cfg->max_payment, b));
}

static int
apply_kind(json_t *rec, struct pk_payment *p)
{
	int rc;

	if ((rc = word_field(rec, "kind", pk_pay_kinds, "honorarium or "
	    "reimbursement", &p->kind, NULL)) != 0 ||
	    (rc = word_field(rec, "category", pk_pay_categories, "transit, "
	    "childcare, meal or other", &p->category, NULL)) != 0)
		return rc;
	if (!p->kind)
		p->kind = pk_strdup("honorarium");
	if (strcmp(p->kind, "honorarium") == 0)
		return p->category ? pk_fail(PK_EX_DATAERR, "field \"category\": "
		    "only a reimbursement has a category") : 0;
	if (!p->category)
		return pk_fail(PK_EX_DATAERR, "field \"category\": required for a "
		    "reimbursement (transit, childcare, meal or other)");
	return p->nengagements ? pk_fail(PK_EX_DATAERR, "field \"engagements\": "
	    "a reimbursement settles no engagement (their honoraria are paid "
	    "as an honorarium)") : 0;
}

static int
apply_method(const struct pk_config *cfg, json_t *rec, struct pk_payment *p,
    const struct pk_peer_ref *peer)
{
	bool given = false;
	int rc;

	if ((rc = word_field(rec, "method", pk_pay_methods, "a payment method "
	    "(cash, etransfer, cheque, direct-deposit, gift-card)", &p->method,
	    &given)) != 0)
		return rc;
	if (given)
		p->given |= PK_PAYF_METHOD;
	else
		p->method = pk_strdup(peer->payment_method ? peer->payment_method :
		    cfg->default_method ? cfg->default_method : "cash");
	return 0;
}

/* Cash rounding is made when a payment is paid (cash.c); a stored
 * payment's export says what it was, and is paid as it was there. */
static int
apply_rounding(json_t *rec, struct pk_payment *p)
{
	bool present;
	int rc;

	if ((rc = pk_json_money(rec, "rounding", &p->rounding,
	    PK_MONEY_SIGNED, &present)) != 0 || !present || p->rounding == 0)
		return rc;
	if (!(p->given & PK_PAYF_EXPORT))
		return pk_fail(PK_EX_DATAERR, "field \"rounding\": made when a "
		    "cash payment is paid, not given (only a stored payment's "
		    "export, with created_at, carries it)");
	if (p->rounding < -2 || p->rounding > 2 || strcmp(p->method,
	    "cash") != 0 || p->amount - p->rounding <= 0)
		return pk_fail(PK_EX_DATAERR, "field \"rounding\": a cash "
		    "payment's rounding is -0.02 to 0.02; other methods have "
		    "none");
	return 0;
}

/* A record with created_at is a stored payment's export (of this store
 * or another): a void one may carry its void_reason and voided_at. */
static int
apply_rest(json_t *rec, struct pk_payment *p)
{
	const char *made = NULL;
	int rc;

	if ((rc = text_field(rec, "ref", TEXT_MAX, false, &p->ref)) != 0 ||
	    (rc = text_field(rec, "note", NOTE_MAX, true, &p->note)) != 0 ||
	    (rc = word_field(rec, "status", statuses, "paid or void",
	    &p->status, NULL)) != 0 ||
	    (rc = pk_json_str(rec, "created_at", &made, NULL)) != 0 ||
	    (rc = text_field(rec, "void_reason", TEXT_MAX, false,
	    &p->void_reason)) != 0 ||
	    (rc = text_field(rec, "voided_at", TEXT_MAX, false,
	    &p->voided_at)) != 0)
		return rc;
	if (made)
		p->given |= PK_PAYF_EXPORT;
	if ((rc = apply_rounding(rec, p)) != 0)
		return rc;
	if (!p->status)
		p->status = pk_strdup("paid");
	if (strcmp(p->status, "void") != 0 && (p->void_reason || p->voided_at))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": only for a void "
		    "payment", p->void_reason ? "void_reason" : "voided_at");
	return 0;
}

int
pk_payrun_apply(pk_payrun *pr, json_t *rec, struct pk_payment *p)
{
	const struct pk_peer_ref *peer = NULL;
	int rc;

	memset(p, 0, sizeof *p);
	/* The peer found is good until the next lookup: the method is read
	 * from it before any other. */
	if ((rc = pk_json_fields(rec, pk_payment_input)) == 0 &&
	    (rc = apply_uuid(rec, p)) == 0 &&
	    (rc = apply_engagements(pr->s, rec, p)) == 0 &&
	    (rc = apply_peer(pr, rec, p, &peer)) == 0 &&
	    (rc = apply_method(pr->cfg, rec, p, peer)) == 0 &&
	    (rc = apply_date(rec, p)) == 0 &&
	    (rc = apply_amount(rec, p)) == 0 &&
	    (rc = apply_kind(rec, p)) == 0 &&
	    (rc = apply_rest(rec, p)) == 0)
		rc = apply_limit(pr->cfg, p);
	return rc;
}

int
pk_payment_apply(pk_store *s, const struct pk_config *cfg, json_t *rec,
    struct pk_payment *p)
{
	pk_payrun pr = {.s = s, .cfg = cfg};

	return pk_payrun_apply(&pr, rec, p);
}

/*
 * Reading payments from the store
 */
