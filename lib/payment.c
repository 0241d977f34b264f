/*
 * payment.c - payments: the one place money leaves the program.
 *
 * A payment record is read and checked (payrecord.c), then paid
 * (pk_payment_pay): a ref or uuid already on record is a duplicate, never
 * a second payment; the engagements it names must be the peer's and owe
 * something; warnings are raised (paywarn.c); the payment is stored and
 * the ledger allocates it (ledger.c), all in the caller's transaction and
 * all audited.  A stored payment is never edited (the schema's triggers
 * see to that): a mistake is voided, which keeps it on record, takes it
 * out of every total and gives back what it paid, so those engagements
 * are owed again (or paid from the peer's credit).
 *
 * A payroll run is a plan (payrun.c): what each peer is owed, paid one
 * payment per peer through the same functions, so a run follows exactly
 * the rules of a payment made by hand.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define TEXT_MAX 200		/* a ref, a void reason */
#define DATE_MIN "0000-01-01"
#define DATE_MAX "9999-12-31"

const char *const pk_pay_kinds[] = {"honorarium", "reimbursement", NULL};
const char *const pk_pay_categories[] = {
	"transit", "childcare", "meal", "other", NULL
};
const char *const pk_payment_fields[] = {
	"id", "uuid", "peer_id", "peer_uuid", "alias", "date", "amount",
	"method", "kind", "category", "ref", "note", "engagements", "status",
	"warnings", "void_reason", "voided_at", "created_at", "updated_at",
	"engagement_uuids", "allocations", "credit", "rounding", NULL
};

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	pk_json_set(o, key, pk_json_strornull(v));
}

static void
append(json_t *a, json_t *v)
{
	if (json_array_append_new(a, checked(v)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/* Text from input, for a message: control characters become '?' and a
 * long text is cut, so a message cannot drive the terminal. */
static const char *
shown(const char *s)
{
	static char buf[64];

	return pk_text_shown(buf, sizeof buf, s);
}

static bool
streq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

void
pk_payment_free(struct pk_payment *p)
{
	free(p->alias);
	free(p->method);
	free(p->kind);
	free(p->category);
	free(p->ref);
	free(p->note);
	free(p->engagements);
	free(p->engagement_uuids);
	free(p->amounts);
	free(p->named);
	json_decref(p->warnings);
	free(p->status);
	free(p->void_reason);
	free(p->voided_at);
	free(p->created_at);
	free(p->updated_at);
	memset(p, 0, sizeof *p);
}

static json_t *
ids_json(const int64_t *ids, size_t n)
{
	json_t *a = checked(json_array());
	size_t i;

	for (i = 0; i < n; i++)
		append(a, json_integer(ids[i]));
	return a;
}

/* "[1,5]": ids as the compact JSON text of their array. */
static char *
ids_text(const int64_t *ids, size_t n)
{
	struct pk_jtext t;
	size_t i;

	pk_jt_init(&t);
	pk_jt_add(&t, "[", 1);
	for (i = 0; i < n; i++) {
		if (i)
			pk_jt_add(&t, ",", 1);
		pk_jt_int(&t, ids[i]);
	}
	pk_jt_add(&t, "]", 1);
	return t.s;
}

/* The engagements' uuids; null for one not known (none should be). */
static json_t *
uuids_json(const struct pk_payment *p)
{
	json_t *a = checked(json_array());
	size_t i;

	for (i = 0; i < p->nengagements; i++)
		append(a, pk_json_strornull(p->engagement_uuids ?
		    p->engagement_uuids[i] : NULL));
	return a;
}

/* [{"engagement_uuid": ..., "amount": "12.50"}, ...]: what it pays. */
static json_t *
allocations_json(const struct pk_payment *p)
{
	json_t *a = checked(json_array()), *o;
	size_t i;

	for (i = 0; p->amounts && i < p->nengagements; i++) {
		o = checked(json_object());
		pk_json_set(o, "engagement_id", checked(json_integer(
		    p->engagements[i])));
		set_str(o, "engagement_uuid", p->engagement_uuids ?
		    p->engagement_uuids[i] : NULL);
		pk_json_set(o, "amount", pk_money_json(p->amounts[i]));
		append(a, o);
	}
	return a;
}

json_t *
pk_payment_json(const struct pk_payment *p)
{
	json_t *o = checked(json_object());

	pk_json_set(o, "id", checked(json_integer(p->id)));
	set_str(o, "uuid", p->uuid);
	pk_json_set(o, "peer_id", checked(json_integer(p->peer_id)));
	set_str(o, "peer_uuid", p->peer_uuid);
	set_str(o, "alias", p->alias);
	set_str(o, "date", p->date);
	pk_json_set(o, "amount", pk_money_json(p->amount));
	set_str(o, "method", p->method);
	set_str(o, "kind", p->kind);
	set_str(o, "category", p->category);
	set_str(o, "ref", p->ref);
	set_str(o, "note", p->note);
	pk_json_set(o, "engagements", ids_json(p->engagements,
	    p->nengagements));
	set_str(o, "status", p->status);
	pk_json_set(o, "warnings", p->warnings ? json_incref(p->warnings) :
	    checked(json_array()));
	set_str(o, "void_reason", p->void_reason);
	set_str(o, "voided_at", p->voided_at);
	set_str(o, "created_at", p->created_at);
	set_str(o, "updated_at", p->updated_at);
	/* Last, so the columns before them stay where scripts expect them. */
	pk_json_set(o, "engagement_uuids", uuids_json(p));
	pk_json_set(o, "allocations", allocations_json(p));
	pk_json_set(o, "credit", pk_money_json(p->credit));
	pk_json_set(o, "rounding", pk_money_json(p->rounding));
	return o;
}

/*
 * Reading the store
 */

#define SELECT_PAYMENT "SELECT pa.id, pa.uuid, pa.peer_id, pe.uuid, " \
	"pe.alias, pa.date, pa.amount, pa.method, pa.kind, pa.category, " \
	"pa.ref, pa.note, pa.engagements, pa.warnings, pa.status, " \
	"pa.void_reason, pa.voided_at, pa.created_at, pa.updated_at, " \
	"pa.rounding FROM payments pa JOIN peers pe ON pe.id = pa.peer_id "

/* What the payment was asked to pay, as the engagements column keeps. */
static void
read_named(pk_q *st, int col, struct pk_payment *p)
{
	json_t *a = pk_col_json(st, col), *v;
	size_t i;

	p->named = pk_calloc(json_array_size(a), sizeof *p->named);
	json_array_foreach(a, i, v)
		p->named[p->nnamed++] = json_integer_value(v);
	json_decref(a);
}

static void
read_row(pk_q *st, struct pk_payment *p)
{
	memset(p, 0, sizeof *p);
	p->id = pk_col_int64(st, 0);
	snprintf(p->uuid, sizeof p->uuid, "%s", pk_col_text(st, 1));
	p->peer_id = pk_col_int64(st, 2);
	snprintf(p->peer_uuid, sizeof p->peer_uuid, "%s",
	    pk_col_text(st, 3));
	p->alias = pk_col_strdup(st, 4);
	snprintf(p->date, sizeof p->date, "%s", pk_col_text(st, 5));
	p->amount = pk_col_int64(st, 6);
	p->method = pk_col_strdup(st, 7);
	p->kind = pk_col_strdup(st, 8);
	p->category = pk_col_strdup(st, 9);
	p->ref = pk_col_strdup(st, 10);
	p->note = pk_col_strdup(st, 11);
	read_named(st, 12, p);
	p->warnings = pk_col_json(st, 13);
	p->status = pk_col_strdup(st, 14);
	p->void_reason = pk_col_strdup(st, 15);
	p->voided_at = pk_col_strdup(st, 16);
	p->created_at = pk_col_strdup(st, 17);
	p->updated_at = pk_col_strdup(st, 18);
	p->rounding = pk_col_int64(st, 19);
}

/* The engagements a payment pays, their uuids, what each got, and the
 * credit it leaves, as its record shows them: from n allocations a. */
static void
set_allocations(struct pk_payment *p, const struct pk_allocation *a,
    size_t n, int64_t credit)
{
	size_t i;

	free(p->engagements);
	free(p->engagement_uuids);
	free(p->amounts);
	p->engagements = pk_calloc(n, sizeof *p->engagements);
	p->engagement_uuids = pk_calloc(n, sizeof *p->engagement_uuids);
	p->amounts = pk_calloc(n, sizeof *p->amounts);
	for (i = 0; i < n; i++) {
		p->engagements[i] = a[i].engagement_id;
		memcpy(p->engagement_uuids[i], a[i].engagement_uuid, 37);
		p->amounts[i] = a[i].amount;
	}
	p->nengagements = n;
	p->credit = credit;
}

/* What a payment on record pays now, from the ledger: the engagements,
 * their uuids (a store merging this one's export knows them by), what
 * each got, and the credit left. */
static int
read_uuids(pk_store *s, struct pk_payment *p)
{
	struct pk_allocation *a;
	size_t n;
	int64_t credit;
	int rc;

	if ((rc = pk_ledger_of_payment(s, p->id, &a, &n, &credit)) != 0)
		return rc;
	set_allocations(p, a, n, credit);
	free(a);
	return 0;
}

/* One row or none: *found says which. */
static int
get_one(pk_store *s, pk_q *st, struct pk_payment *p, bool *found)
{
	int rc = pk_step(st);

	*found = rc == PK_ROW;
	if (rc == PK_ROW)
		read_row(st, p);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read a payment");
	pk_reset(st);
	if (rc == PK_ROW && (rc = read_uuids(s, p)) != 0) {
		pk_payment_free(p);
		*found = false;
		return rc;
	}
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

static int
get_by_id(pk_store *s, int64_t id, struct pk_payment *p, bool *found)
{
	static const char sql[] = SELECT_PAYMENT "WHERE pa.id = ?";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_int64(st, 1, id);
	return get_one(s, st, p, found);
}

static int
get_by_uuid(pk_store *s, const char *uuid, struct pk_payment *p,
    bool *found)
{
	static const char sql[] = SELECT_PAYMENT "WHERE pa.uuid = lower(?)";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_text(st, 1, uuid);
	return get_one(s, st, p, found);
}

static int
get_by_ref(pk_store *s, const char *ref, struct pk_payment *p, bool *found)
{
	static const char sql[] = SELECT_PAYMENT "WHERE pa.ref = ?";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_text(st, 1, ref);
	return get_one(s, st, p, found);
}

int
pk_payment_get(pk_store *s, const char *ref, struct pk_payment *p)
{
	bool found = false;
	int64_t id;
	int rc;

	memset(p, 0, sizeof *p);
	if (pk_num_parse(ref, 1, INT64_MAX, &id))
		rc = get_by_id(s, id, p, &found);
	else if (pk_is_uuid(ref))
		rc = get_by_uuid(s, ref, p, &found);
	else
		return pk_fail(PK_EX_DATAERR, "\"%s\" is not a payment id or "
		    "uuid", shown(ref));
	if (rc == 0 && !found)
		rc = pk_fail(PK_EX_DATAERR, "no payment %s", shown(ref));
	return rc;
}

/*
 * Paying
 */

/* The same ids, in any order. */
static bool
same_ids(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	int64_t *x, *y;
	bool same;

	if (na != nb)
		return false;
	if (na == 0)
		return true;
	x = pk_calloc(na, sizeof *x);
	y = pk_calloc(na, sizeof *y);
	memcpy(x, a, na * sizeof *x);
	memcpy(y, b, na * sizeof *y);
	qsort(x, na, sizeof *x, pk_cmp_id);
	qsort(y, na, sizeof *y, pk_cmp_id);
	same = memcmp(x, y, na * sizeof *x) == 0;
	free(x);
	free(y);
	return same;
}

/*
 * A request names the engagements it asked to pay, by id or by uuid:
 * the same request again names the same ones.  An export (a stored
 * payment's record, with created_at: another store's, or this one's
 * read back) lists what its allocations paid when it was read, and
 * that moves with the ledger: the credit a payment left pays the next
 * engagements.  A payment is never edited, so for an export its uuid,
 * peer, amount, kind, date and method say it is the same payment.
 */
static bool
same_engagements(const struct pk_payment *p, const struct pk_payment *o)
{
	if (p->given & PK_PAYF_EXPORT)
		return true;
	return same_ids(p->engagements, p->nengagements, o->named, o->nnamed);
}

/* The first field in which request p and the payment on record o
 * differ; NULL when p is o again.  What p left to defaults (date,
 * method) is not compared: a retry tomorrow is the same payment. */
static const char *
differs(const struct pk_payment *p, const struct pk_payment *o)
{
	if (p->peer_id != o->peer_id)
		return "peer";
	/* What was owed: a request is not rounded yet. */
	if ((p->given & PK_PAYF_AMOUNT) && p->amount - p->rounding !=
	    o->amount - o->rounding)
		return "amount";
	if (strcmp(p->kind, o->kind) != 0)
		return "kind";
	if (!streq(p->category, o->category))
		return "category";
	if ((p->given & PK_PAYF_DATE) && strcmp(p->date, o->date) != 0)
		return "date";
	if ((p->given & PK_PAYF_METHOD) && strcmp(p->method, o->method) != 0)
		return "method";
	if ((p->given & PK_PAYF_ENGAGEMENTS) && !same_engagements(p, o))
		return "engagements";
	if (p->ref && !streq(p->ref, o->ref))
		return "ref";
	if (p->uuid[0] && strcmp(p->uuid, o->uuid) != 0)
		return "uuid";
	if (strcmp(p->status, o->status) != 0)
		return "status";
	return NULL;
}

/* The payment on record under p's ref or uuid, if any. */
static int
on_record(pk_store *s, const struct pk_payment *p, struct pk_payment *o,
    bool *found)
{
	struct pk_payment other;
	bool also = false;
	int rc = 0;

	*found = false;
	if (p->ref && (rc = get_by_ref(s, p->ref, o, found)) != 0)
		return rc;
	if (!p->uuid[0])
		return 0;
	if (!*found)
		return get_by_uuid(s, p->uuid, o, found);
	if ((rc = get_by_uuid(s, p->uuid, &other, &also)) != 0 || !also)
		return rc;
	if (other.id != o->id)
		rc = pk_fail(PK_EX_DATAERR, "ref \"%s\" is payment %lld but uuid "
		    "%s is payment %lld", shown(p->ref), (long long)o->id,
		    p->uuid, (long long)other.id);
	pk_payment_free(&other);
	return rc;
}

/* A ref or uuid seen before never pays twice: the same payment again is
 * a duplicate (nothing to do), a different one an error. */
static int
find_duplicate(pk_store *s, struct pk_payment *p, int *outcome)
{
	struct pk_payment o;
	const char *what, *key = p->ref ? "ref" : "uuid";
	char keyval[80];
	int64_t kept;
	bool found;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = on_record(s, p, &o, &found)) != 0 || !found) {
		pk_payment_free(&o);
		return rc;
	}
	snprintf(keyval, sizeof keyval, "%s", p->ref ? shown(p->ref) : p->uuid);
	/* Made for a record merged since: the payment went with it to the
	 * one kept, and a retry naming the old record is the same. */
	kept = p->peer_id;
	if (p->peer_id != o.peer_id &&
	    (rc = pk_peer_kept(s, p->peer_id, &kept)) != 0) {
		pk_payment_free(&o);
		return rc;
	}
	if (kept == o.peer_id)
		p->peer_id = o.peer_id;
	if (strcmp(o.status, "void") == 0 && strcmp(p->status, "paid") == 0)
		rc = pk_fail(PK_EX_DATAERR, "%s \"%s\" is payment %lld, which is "
		    "void (%s); pay again under a new ref", key, keyval,
		    (long long)o.id, o.void_reason ? shown(o.void_reason) : "");
	else if ((what = differs(p, &o)))
		rc = pk_fail(PK_EX_DATAERR, "%s \"%s\" is already payment %lld, "
		    "a different payment (its %s differs)", key, keyval,
		    (long long)o.id, what);
	if (rc != 0) {
		pk_payment_free(&o);
		return rc;
	}
	pk_payment_free(p);
	*p = o;
	*outcome = PK_PAY_DUPLICATE;
	return 0;
}

static int
read_engagement(pk_store *s, int64_t id, struct pk_pay_engagement *e)
{
	static const char sql[] = "SELECT uuid, peer_id, amount_due - "
	    "amount_paid, status = 'void', coalesce(payment_id, 0), "
	    "paid_elsewhere, amount_due > 0 AND amount_paid = amount_due "
	    "FROM engagements WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) == PK_ROW) {
		e->id = id;
		snprintf(e->uuid, sizeof e->uuid, "%s",
		    pk_col_text(st, 0));
		e->peer_id = pk_col_int64(st, 1);
		e->due = pk_col_int64(st, 2);
		e->is_void = pk_col_int(st, 3);
		e->payment_id = pk_col_int64(st, 4);
		e->held = pk_col_int64(st, 5);
		e->paid_off = pk_col_int(st, 6);
	} else if (rc != PK_DONE) {
		rc = pk_sql_fail(s, "read an engagement");
	}
	pk_reset(st);
	if (rc == PK_DONE)
		return pk_fail(PK_EX_DATAERR, "no engagement with id %lld",
		    (long long)id);
	return rc == PK_ROW ? 0 : rc;
}

/* A conflict: the engagement is paid by another payment.  Named by uuid
 * (a merge), the message gives the uuids that tell the two apart. */
static int
already_paid(pk_store *s, const struct pk_payment *p,
    const struct pk_pay_engagement *e)
{
	static const char sql[] = "SELECT uuid FROM payments WHERE id = ?";
	pk_q *st;
	char uuid[37] = "?";

	if (e->held)
		return pk_fail(PK_EX_DATAERR, "engagement %lld is already paid, "
		    "in the store it came from: import that store's payment "
		    "(honorarium-pay FILE)", (long long)e->id);
	if (!e->payment_id)
		return pk_fail(PK_EX_DATAERR, "engagement %lld is already paid, "
		    "by more than one payment (honorarium-pay --list)",
		    (long long)e->id);
	if (!(p->given & PK_PAYF_BY_UUID))
		return pk_fail(PK_EX_DATAERR, "engagement %lld is already paid "
		    "(payment %lld)", (long long)e->id,
		    (long long)e->payment_id);
	st = pk_stmt(s, sql);
	pk_bind_int64(st, 1, e->payment_id);
	if (pk_step(st) == PK_ROW)
		snprintf(uuid, sizeof uuid, "%s", pk_col_text(st, 0));
	pk_reset(st);
	return pk_fail(PK_EX_DATAERR, "engagement %s is already paid here, by "
	    "payment %lld (%s)", e->uuid, (long long)e->payment_id, uuid);
}

/* Engagement i of p, as the plan read it a moment ago, or from the
 * store. */
static int
engagement_of(pk_payrun *pr, const struct pk_payment *p, size_t i,
    struct pk_pay_engagement *e)
{
	if (i < pr->nknown && pr->known[i].id == p->engagements[i]) {
		*e = pr->known[i];
		return 0;
	}
	return read_engagement(pr->s, p->engagements[i], e);
}

/* Each engagement still owed, not void, the peer's; *due what they owe
 * between them (what a replay gives each, if that is less).  Their uuids
 * are kept for the audit trail. */
static int
check_engagements(pk_payrun *pr, const struct pk_payment *p,
    char (**uuids)[37], int64_t *due)
{
	struct pk_pay_engagement e;
	char x[PK_MONEY_BUFSZ], y[PK_MONEY_BUFSZ];
	size_t i;
	int rc;
	long long id;

	*due = 0;
	*uuids = pk_calloc(p->nengagements, sizeof **uuids);
	for (i = 0; i < p->nengagements; i++) {
		id = (long long)p->engagements[i];
		if ((rc = engagement_of(pr, p, i, &e)) != 0)
			return rc;
		if (e.is_void)
			return pk_fail(PK_EX_DATAERR, "engagement %lld is void", id);
		/* Another store's payment may take over what the engagement
		 * arrived paid there. */
		if ((p->given & PK_PAYF_EXPORT) && !pk_money_add(&e.due,
		    e.held))
			return pk_fail(PK_EX_SOFTWARE, "engagement %lld: its sums "
			    "are too large", id);
		if (e.paid_off && e.due == 0)
			return already_paid(pr->s, p, &e);
		if (e.peer_id != p->peer_id)
			return pk_fail(PK_EX_DATAERR, "engagement %lld is another "
			    "peer's (peer %lld, not %lld)", id,
			    (long long)e.peer_id, (long long)p->peer_id);
		if (p->amounts && p->amounts[i] > e.due)
			return pk_fail(PK_EX_DATAERR, "engagement %s owes %s here, "
			    "less than the %s the payment gave it where it comes "
			    "from", e.uuid, pk_money_fmt(e.due, x),
			    pk_money_fmt(p->amounts[i], y));
		if (!pk_money_add(due, p->amounts ? p->amounts[i] : e.due))
			return pk_fail(PK_EX_DATAERR, "engagements: the sum due "
			    "is too large");
		memcpy((*uuids)[i], e.uuid, sizeof e.uuid);
	}
	return 0;
}

/* Paying engagements, the amount is what they are due, or a note says
 * why not (a split payment, an advance). */
static int
check_amount(struct pk_payment *p, int64_t due)
{
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];

	if (p->nengagements == 0)
		return 0;
	if (!(p->given & PK_PAYF_AMOUNT)) {
		p->amount = due;
		return due > 0 ? 0 : pk_fail(PK_EX_DATAERR, "field \"amount\": "
		    "no honorarium is due for those engagements; give an "
		    "amount and a note to pay one");
	}
	/* Another store's payment is replayed as it was made there. */
	if (p->amount != due && !p->note && !p->amounts &&
	    !(p->given & PK_PAYF_EXPORT))
		return pk_fail(PK_EX_DATAERR, "field \"amount\": %s is not the %s "
		    "due for %s; give a note to pay a different amount",
		    pk_money_fmt(p->amount, a), pk_money_fmt(due, b),
		    p->nengagements == 1 ? "that engagement" :
		    "those engagements");
	return 0;
}

static int
insert(pk_store *s, struct pk_payment *p)
{
	static const char sql[] = "INSERT INTO payments (uuid, peer_id, date, "
	    "amount, method, kind, category, ref, note, engagements, warnings, "
	    "status, void_reason, voided_at, created_at, updated_at, rounding) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, "
	    "?15, ?12, ?12, ?16)";
	pk_q *st = pk_stmt(s, sql);
	char now[21], *ids = ids_text(p->engagements, p->nengagements);
	int rc;

	if (!p->uuid[0])
		pk_uuid(p->uuid);
	pk_now(now);
	pk_bind_text(st, 1, p->uuid);
	pk_bind_int64(st, 2, p->peer_id);
	pk_bind_text(st, 3, p->date);
	pk_bind_int64(st, 4, p->amount);
	pk_bind_text(st, 5, p->method);
	pk_bind_text(st, 6, p->kind);
	pk_bind_text(st, 7, p->category);
	pk_bind_text(st, 8, p->ref);
	pk_bind_text(st, 9, p->note);
	pk_bind_text(st, 10, ids);
	pk_bind_json(st, 11, p->warnings);
	pk_bind_text(st, 12, now);
	pk_bind_text(st, 13, p->status);
	pk_bind_text(st, 14, p->void_reason);
	pk_bind_text(st, 15, p->voided_at);
	pk_bind_int64(st, 16, p->rounding);
	free(ids);
	if ((rc = pk_stmt_done(s, st, "store the payment")) != 0)
		return rc;
	p->id = pk_last_id(s);
	free(p->created_at);
	free(p->updated_at);
	p->created_at = pk_strdup(now);
	p->updated_at = pk_strdup(now);
	return 0;
}

/* What the payment pays, allocated in the ledger: the engagements and
 * the credit it leaves, as its record shows (the ledger says what it
 * allocated; reading it back cost a tenth of a batch). */
static int
allocate(pk_store *s, struct pk_payment *p)
{
	struct pk_allocated got = {0};
	int rc;

	if (!pk_payment_is_taxable(p))
		return 0;
	if ((rc = pk_ledger_allocate(s, p, p->amounts, &got)) == 0)
		set_allocations(p, got.v, got.n, got.credit);
	free(got.v);
	return rc;
}

static void
jt_text(struct pk_jtext *t, const char *key, const char *v)
{
	pk_jt_key(t, key);
	pk_jt_str(t, v);
}

/* The compact text of pk_payment_json(p), byte for byte, written without
 * building the json_t: the audit trail keeps one for every payment, and
 * the object and its text were a fifth of a batch's instructions. */
static char *
payment_text(const struct pk_payment *p)
{
	char money[PK_MONEY_BUFSZ];
	struct pk_jtext t;
	size_t i;

	pk_jt_init(&t);
	pk_jt_add(&t, "{", 1);
	pk_jt_key(&t, "id");
	pk_jt_int(&t, p->id);
	jt_text(&t, "uuid", p->uuid);
	pk_jt_key(&t, "peer_id");
	pk_jt_int(&t, p->peer_id);
	jt_text(&t, "peer_uuid", p->peer_uuid);
	jt_text(&t, "alias", p->alias);
	jt_text(&t, "date", p->date);
	jt_text(&t, "amount", pk_money_fmt(p->amount, money));
	jt_text(&t, "method", p->method);
	jt_text(&t, "kind", p->kind);
	jt_text(&t, "category", p->category);
	jt_text(&t, "ref", p->ref);
	jt_text(&t, "note", p->note);
	pk_jt_key(&t, "engagements");
	pk_jt_add(&t, "[", 1);
	for (i = 0; i < p->nengagements; i++) {
		if (i)
			pk_jt_add(&t, ",", 1);
		pk_jt_int(&t, p->engagements[i]);
	}
	pk_jt_add(&t, "]", 1);
	jt_text(&t, "status", p->status);
	pk_jt_key(&t, "warnings");
	if (p->warnings)
		pk_jt_value(&t, p->warnings);
	else
		pk_jt_add(&t, "[]", 2);
	jt_text(&t, "void_reason", p->void_reason);
	jt_text(&t, "voided_at", p->voided_at);
	jt_text(&t, "created_at", p->created_at);
	jt_text(&t, "updated_at", p->updated_at);
	pk_jt_key(&t, "engagement_uuids");
	pk_jt_add(&t, "[", 1);
	for (i = 0; i < p->nengagements; i++) {
		if (i)
			pk_jt_add(&t, ",", 1);
		pk_jt_str(&t, p->engagement_uuids ? p->engagement_uuids[i] :
		    NULL);
	}
	pk_jt_add(&t, "]", 1);
	pk_jt_key(&t, "allocations");
	pk_jt_add(&t, "[", 1);
	for (i = 0; p->amounts && i < p->nengagements; i++) {
		pk_jt_add(&t, i ? ",{" : "{", i ? 2 : 1);
		pk_jt_key(&t, "engagement_id");
		pk_jt_int(&t, p->engagements[i]);
		jt_text(&t, "engagement_uuid", p->engagement_uuids ?
		    p->engagement_uuids[i] : NULL);
		jt_text(&t, "amount", pk_money_fmt(p->amounts[i], money));
		pk_jt_add(&t, "}", 1);
	}
	pk_jt_add(&t, "]", 1);
	jt_text(&t, "credit", pk_money_fmt(p->credit, money));
	jt_text(&t, "rounding", pk_money_fmt(p->rounding, money));
	pk_jt_add(&t, "}", 1);
	return t.s;
}

static json_t *
payment_json_of(const void *p)
{
	return pk_payment_json(p);
}

static char *
payment_text_of(const void *p)
{
	return payment_text(p);
}

int
pk_payment_put(struct pk_batch *b, const struct pk_payment *p)
{
	return pk_batch_put_as(b, p, payment_json_of, payment_text_of);
}

static int
audit_payment(pk_store *s, const char *action, const struct pk_payment *p,
    json_t *before)
{
	char *after = payment_text(p), *was = NULL;
	int rc;

	if (before)
		was = pk_json_text(before, NULL);
	rc = pk_audit_text(s, action, "payment", p->id, p->uuid, was, after);
	free(was);
	free(after);
	return rc;
}

/* The peer must be active to be paid.  A stored payment's export (a
 * merge of another store's) was paid when it was made, and comes
 * whatever became of the peer since. */
static int
check_peer(pk_payrun *pr, const struct pk_payment *p)
{
	const struct pk_peer_ref *r;
	int rc;

	if ((rc = pk_resolve_id(pr->s, p->peer_id, &r)) != 0)
		return rc;
	if (!r->active && !(p->given & PK_PAYF_EXPORT))
		return pk_fail(PK_EX_DATAERR, "peer %s (id %lld) is inactive",
		    p->alias, (long long)p->peer_id);
	return 0;
}

/* A dry run of a plan: the payment as insert would have made it (ids
 * are the next rowids, as SQLite gives them), nothing written. */
static int
pretend(pk_payrun *pr, struct pk_payment *p)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM payments";
	struct pk_pay_engagement e;
	pk_q *st;
	char now[21];
	int64_t left;
	size_t i;
	int rc;

	if (!pr->next_id) {
		st = pk_stmt(pr->s, sql);
		if ((rc = pk_step(st)) == PK_ROW)
			pr->next_id = pk_col_int64(st, 0) + 1;
		else
			rc = pk_sql_fail(pr->s, "number the payments");
		pk_reset(st);
		if (rc != PK_ROW)
			return rc;
	}
	p->id = pr->next_id++;
	if (!p->uuid[0])
		pk_uuid(p->uuid);
	/* What the ledger would allocate: each engagement what it owes,
	 * as far as the payment goes; a plan's payment is their sum. */
	if (pk_payment_is_taxable(p) && !p->amounts && p->nengagements) {
		p->amounts = pk_calloc(p->nengagements, sizeof *p->amounts);
		left = p->amount - p->rounding;
		for (i = 0; i < p->nengagements && left > 0; i++) {
			if ((rc = engagement_of(pr, p, i, &e)) != 0)
				return rc;
			p->amounts[i] = e.due < left ? e.due : left;
			left -= p->amounts[i];
		}
		p->credit = left;
	}
	pk_now(now);
	free(p->created_at);
	free(p->updated_at);
	p->created_at = pk_strdup(now);
	p->updated_at = pk_strdup(now);
	return 0;
}

/*
 * A void payment from another store's export: kept on record as it is
 * there, void, settling nothing and counted in no total.  It needs its
 * reason, its time and its amount; its engagements must be here (a
 * merge imports them first) and the peer's.  Warnings are this store's
 * to raise, and a void payment raises none.
 */
static int
keep_void(pk_payrun *pr, struct pk_payment *p)
{
	struct pk_pay_engagement e;
	size_t i;
	int rc;

	if (!p->void_reason || !p->voided_at)
		return pk_fail(PK_EX_DATAERR, "field \"%s\": required for a "
		    "void payment", p->void_reason ? "voided_at" : "void_reason");
	if (!(p->given & PK_PAYF_AMOUNT))
		return pk_fail(PK_EX_DATAERR, "field \"amount\": required for a "
		    "void payment");
	for (i = 0; i < p->nengagements; i++) {
		if ((rc = read_engagement(pr->s, p->engagements[i], &e)) != 0)
			return rc;
		if (e.peer_id != p->peer_id)
			return pk_fail(PK_EX_DATAERR, "engagement %lld is another "
			    "peer's (peer %lld, not %lld)",
			    (long long)p->engagements[i], (long long)e.peer_id,
			    (long long)p->peer_id);
		memcpy(p->engagement_uuids[i], e.uuid, sizeof e.uuid);
	}
	json_decref(p->warnings);
	p->warnings = checked(json_array());
	if ((rc = insert(pr->s, p)) != 0 ||
	    (rc = audit_payment(pr->s, "create", p, NULL)) != 0)
		return rc == PK_EX_DATAERR ? PK_EX_SOFTWARE : rc;
	return 0;
}

/* Cash is handed over to 0.05 (cash.c): a payment made here is rounded,
 * or refused under PK_PAY_STRICT; another store's was rounded there, as
 * its record says.  Before the warnings: a limit counts what is handed
 * over. */
static int
round_cash(struct pk_payment *p, int flags)
{
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	int64_t r;

	if (strcmp(p->method, "cash") != 0 || (p->given & PK_PAYF_EXPORT) ||
	    (r = pk_cash_rounding(p->amount)) == 0)
		return 0;
	pk_money_fmt(p->amount, a);
	pk_money_fmt(p->amount + r, b);
	if (p->amount + r <= 0)
		return pk_fail(PK_EX_DATAERR, "field \"amount\": %s in cash "
		    "rounds to 0.00 (no cent coin since 2013); pay it by "
		    "another method", a);
	if (flags & PK_PAY_STRICT)
		return pk_fail(PK_EX_NO, "%s: refused under --strict: %s in cash "
		    "is not a multiple of 0.05 (no cent coin since 2013); it "
		    "would be paid as %s", p->alias, a, b);
	p->rounding = r;
	p->amount += r;
	return 0;
}

int
pk_pay(pk_payrun *pr, struct pk_payment *p, int flags, int *outcome)
{
	pk_store *s = pr->s;
	char (*uuids)[37] = NULL;
	int64_t due = 0;
	int rc;

	*outcome = PK_PAY_PAID;
	if ((rc = find_duplicate(s, p, outcome)) != 0 ||
	    *outcome == PK_PAY_DUPLICATE)
		return rc;
	/* Ids are this store's alone: another's would settle the wrong
	 * engagements.  Its export names them by uuid as well. */
	if ((p->given & PK_PAYF_EXPORT) && (p->given & PK_PAYF_BY_ID))
		return pk_fail(PK_EX_DATAERR, "field \"engagements\": payment "
		    "%s is not on record here, and names its engagements by "
		    "another store's ids; export it with engagement_uuids",
		    p->uuid[0] ? p->uuid : "of the record");
	if (strcmp(p->status, "paid") != 0) {
		if (!(p->given & PK_PAYF_EXPORT))
			return pk_fail(PK_EX_DATAERR, "field \"status\": a void "
			    "payment that is not on record cannot be paid");
		if ((rc = keep_void(pr, p)) == 0)
			*outcome = PK_PAY_KEPT_VOID;
		return rc;
	}
	if ((rc = check_peer(pr, p)) == 0 &&
	    (rc = check_engagements(pr, p, &uuids, &due)) == 0 &&
	    (rc = check_amount(p, due)) == 0 &&
	    (rc = round_cash(p, flags)) == 0)
		rc = pk_pay_warn(pr, p, flags);
	if (rc == 0) {
		free(p->engagement_uuids);
		p->engagement_uuids = uuids;
		uuids = NULL;
	}
	if (rc == 0 && (flags & PK_PAY_DRYRUN)) {
		if ((rc = pretend(pr, p)) == 0)
			pk_pay_count(pr, p);
		pr->nknown = 0;
		return rc;
	}
	pr->nknown = 0;
	/* Every refusal comes before the first write, so a refused payment
	 * leaves nothing behind and a batch needs no savepoint to go on.
	 * A failure from here on leaves a half-made payment: never a
	 * refusal to step over, always the end of the transaction. */
	if (rc == 0 && ((rc = insert(s, p)) != 0 ||
	    (rc = allocate(s, p)) != 0 ||
	    (rc = audit_payment(s, "create", p, NULL)) != 0) &&
	    (rc == PK_EX_DATAERR || rc == PK_EX_NO))
		rc = PK_EX_SOFTWARE;
	if (rc == 0)
		pk_pay_count(pr, p);
	free(uuids);
	return rc;
}

int
pk_payrun_pay(pk_payrun *pr, struct pk_payment *p, int flags, int *outcome)
{
	/* A dry run without writes is for a plan, whose payments do not
	 * depend on one another: a batch's may (a ref, an engagement). */
	return pk_pay(pr, p, flags & ~PK_PAY_DRYRUN, outcome);
}

int
pk_payment_pay(pk_store *s, const struct pk_config *cfg,
    struct pk_payment *p, int flags, int *outcome)
{
	pk_payrun pr = {.s = s, .cfg = cfg};

	return pk_pay(&pr, p, flags & ~PK_PAY_DRYRUN, outcome);
}

/*
 * Voiding
 */

static int
mark_void(pk_store *s, struct pk_payment *p, const char *reason)
{
	static const char sql[] = "UPDATE payments SET status = 'void', "
	    "void_reason = ?1, voided_at = ?2, updated_at = ?2 "
	    "WHERE id = ?3 AND status = 'paid'";
	pk_q *st = pk_stmt(s, sql);
	char now[21];
	int rc;

	pk_now(now);
	pk_bind_text(st, 1, reason);
	pk_bind_text(st, 2, now);
	pk_bind_int64(st, 3, p->id);
	if ((rc = pk_stmt_done(s, st, "void the payment")) != 0)
		return rc;
	free(p->status);
	free(p->void_reason);
	free(p->voided_at);
	free(p->updated_at);
	p->status = pk_strdup("void");
	p->void_reason = pk_strdup(reason);
	p->voided_at = pk_strdup(now);
	p->updated_at = pk_strdup(now);
	return 0;
}

int
pk_payment_void(pk_store *s, const char *ref, const char *reason,
    struct pk_payment *p, size_t *released)
{
	json_t *before;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = pk_text_check("reason", reason, TEXT_MAX, 0)) != 0 ||
	    (rc = pk_payment_get(s, ref, p)) != 0)
		return rc;
	if (strcmp(p->status, "void") == 0) {
		rc = pk_fail(PK_EX_DATAERR, "payment %lld is already void "
		    "(since %s: %s)", (long long)p->id, p->voided_at,
		    p->void_reason ? shown(p->void_reason) : "");
		pk_payment_free(p);
		return rc;
	}
	before = pk_payment_json(p);
	*released = p->nengagements;
	if ((rc = mark_void(s, p, reason)) == 0 &&
	    (rc = pk_ledger_unallocate(s, p->id, p->peer_id)) == 0 &&
	    (rc = read_uuids(s, p)) == 0)
		rc = audit_payment(s, "void", p, before);
	json_decref(before);
	if (rc != 0)
		pk_payment_free(p);
	return rc;
}

/*
 * Lists and totals
 */

struct payment_walk {
	pk_store *s;
	int (*fn)(const struct pk_payment *, void *);
	void *arg;
};

static int
payment_row(pk_q *st, void *arg)
{
	struct payment_walk *w = arg;
	struct pk_payment p;
	int rc;

	read_row(st, &p);
	if ((rc = read_uuids(w->s, &p)) == 0)
		rc = w->fn(&p, w->arg);
	pk_payment_free(&p);
	return rc;
}

int
pk_payment_each(pk_store *s, const struct pk_payment_filter *f,
    int (*fn)(const struct pk_payment *, void *), void *arg)
{
	/* Two statements, so that each can use its index: payments_peer
	 * for one peer, payments_date for everyone. */
#define FILTER "AND (?4 IS NULL OR pa.method = ?4) " \
	"AND (?5 IS NULL OR pa.kind = ?5) AND (?6 IS NULL OR pa.status = ?6) " \
	"ORDER BY pa.date, pa.id"
	static const char by_peer[] = SELECT_PAYMENT "WHERE pa.peer_id = ?1 "
	    "AND pa.date BETWEEN ?2 AND ?3 " FILTER;
	static const char by_date[] = SELECT_PAYMENT "WHERE pa.date BETWEEN "
	    "?2 AND ?3 " FILTER;
#undef FILTER
	pk_q *st = pk_stmt(s, f->peer_id ? by_peer : by_date);
	struct payment_walk w = {s, fn, arg};

	if (f->peer_id)
		pk_bind_int64(st, 1, f->peer_id);
	pk_bind_text(st, 2, f->from ? f->from : DATE_MIN);
	pk_bind_text(st, 3, f->to ? f->to : DATE_MAX);
	pk_bind_text(st, 4, f->method);
	pk_bind_text(st, 5, f->kind);
	pk_bind_text(st, 6, f->status);
	return pk_rows(s, st, "list payments", payment_row, &w);
}

int
pk_payment_taxable(pk_store *s, int64_t peer_id, const char *from,
    const char *to, int64_t *cents)
{
	/* A person's: with the records that hold the same SIN (a store
	 * from before one SIN per record), as t4a.c totals a slip.  Only
	 * such a store asks the second sum (pk_sin_twice): it is a third
	 * of the work of a batch's warnings. */
	static const char one[] = "SELECT coalesce(sum(amount), 0), 0 "
	    "FROM payments WHERE peer_id = ?1 AND date BETWEEN ?2 AND ?3 AND "
	    PK_SQL_TAXABLE("");
	static const char person[] = "SELECT (SELECT coalesce(sum(amount), 0) "
	    "FROM payments WHERE peer_id = ?1 AND date BETWEEN ?2 AND ?3 AND "
	    PK_SQL_TAXABLE("") "), (SELECT coalesce(sum(pa.amount), 0) FROM "
	    "peers pe JOIN peers o ON o.sin_key = pe.sin_key AND o.id <> pe.id "
	    "AND o.merged_into IS NULL JOIN payments pa ON pa.peer_id = o.id "
	    "AND pa.date BETWEEN ?2 AND ?3 AND " PK_SQL_TAXABLE("pa.")
	    " WHERE pe.id = ?1)";
	pk_q *st = pk_stmt(s, pk_sin_twice(s) ? person : one);
	int rc;

	pk_bind_int64(st, 1, peer_id);
	pk_bind_text(st, 2, from);
	pk_bind_text(st, 3, to);
	if ((rc = pk_step(st)) == PK_ROW) {
		*cents = pk_col_int64(st, 0);
		if (!pk_money_add(cents, pk_col_int64(st, 1)))
			rc = pk_fail(PK_EX_DATAERR, "the year's total is too "
			    "large");
	} else {
		rc = pk_sql_fail(s, "add up payments");
	}
	pk_reset(st);
	return rc == PK_ROW ? 0 : rc;
}

bool
pk_payment_is_taxable(const struct pk_payment *p)
{
	return strcmp(p->status, "paid") == 0 &&
	    strcmp(p->kind, "honorarium") == 0;
}

int
pk_payment_totals(pk_store *s, int year, int64_t peer_id,
    int (*fn)(const struct pk_payment_totals *, void *), void *arg)
{
	/* Peers drive the loop and each one's payments are a range of the
	 * covering index payments_peer: no table row is read. */
	static const char sql[] = "SELECT pe.id, pe.uuid, pe.alias, "
	    "sum(CASE WHEN " PK_SQL_TAXABLE("pa.") " THEN pa.amount ELSE 0 "
	    "END), sum(CASE WHEN pa.kind = 'reimbursement' THEN pa.amount "
	    "ELSE 0 END), sum(CASE WHEN " PK_SQL_TAXABLE("pa.") " AND "
	    "pa.date >= ?3 AND pa.date <= ?4 THEN pa.amount ELSE 0 END), "
	    "count(*) "
	    "FROM peers pe JOIN payments pa INDEXED BY payments_peer "
	    "ON pa.peer_id = pe.id "
	    "WHERE pa.date BETWEEN ?1 AND ?2 AND pa.status = 'paid' "
	    "AND (?5 = 0 OR pe.id = ?5) GROUP BY pe.id ORDER BY pe.id";
	pk_q *st = pk_stmt(s, sql);
	struct pk_payment_totals t;
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ], today[PK_DATE_BUFSZ];
	char month[PK_DATE_BUFSZ];
	int rc;

	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	pk_date_fmt(pk_today(), today);
	snprintf(month, sizeof month, "%.7s-01", today);
	pk_bind_text(st, 1, from);
	pk_bind_text(st, 2, to);
	pk_bind_text(st, 3, month);
	pk_bind_text(st, 4, today);
	pk_bind_int64(st, 5, peer_id);
	while ((rc = pk_step(st)) == PK_ROW) {
		t.peer_id = pk_col_int64(st, 0);
		t.peer_uuid = pk_col_text(st, 1);
		t.alias = pk_col_text(st, 2);
		t.year = year;
		t.taxable = pk_col_int64(st, 3);
		t.reimbursements = pk_col_int64(st, 4);
		t.month_to_date = pk_col_int64(st, 5);
		t.count = pk_col_int64(st, 6);
		if ((rc = fn(&t, arg)) != 0) {
			pk_reset(st);
			return rc;
		}
	}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "add up payments");
	pk_reset(st);
	return rc == PK_DONE ? 0 : rc;
}

/* The taxable rule (PK_SQL_TAXABLE) over the payments of a period, read
 * over the payments_date index: honoraria, of them in cash, the peers
 * paid; then reimbursements (paid) by category. */
int
pk_payment_period(pk_store *s, const struct pk_period *per,
    struct pk_payment_period *out)
{
	static const char honoraria[] = "SELECT coalesce(sum(CASE WHEN "
	    PK_SQL_TAXABLE("") " THEN amount END), 0), coalesce(sum(CASE WHEN "
	    PK_SQL_TAXABLE("") " AND method = 'cash' THEN amount END), 0), "
	    "count(DISTINCT CASE WHEN " PK_SQL_TAXABLE("") " THEN peer_id END) "
	    "FROM payments WHERE date BETWEEN ?1 AND ?2";
	static const char refunds[] = "SELECT coalesce(category, ''), "
	    "sum(amount), count(DISTINCT peer_id) FROM payments "
	    "WHERE date BETWEEN ?1 AND ?2 AND status = 'paid' "
	    "AND kind = 'reimbursement' GROUP BY 1";
	pk_q *st = pk_stmt(s, honoraria);
	const char *cat;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	pk_bind_text(st, 1, per->from_s);
	pk_bind_text(st, 2, per->to_s);
	if ((rc = pk_step(st)) == PK_ROW) {
		out->honoraria = pk_col_int64(st, 0);
		out->cash = pk_col_int64(st, 1);
		out->peers_paid = pk_col_int64(st, 2);
	}
	pk_reset(st);
	if (rc != PK_ROW)
		return pk_sql_fail(s, "add up payments");
	st = pk_stmt(s, refunds);
	pk_bind_text(st, 1, per->from_s);
	pk_bind_text(st, 2, per->to_s);
	while ((rc = pk_step(st)) == PK_ROW) {
		cat = pk_col_text(st, 0);
		for (i = 0; pk_pay_categories[i] && strcmp(cat,
		    pk_pay_categories[i]) != 0; i++)
			;
		out->reimbursed[i] = pk_col_int64(st, 1);
		out->reimbursed_peers[i] = pk_col_int64(st, 2);
	}
	pk_reset(st);
	return rc == PK_DONE ? 0 : pk_sql_fail(s, "add up reimbursements");
}

json_t *
pk_payment_totals_json(const struct pk_payment_totals *t)
{
	json_t *o = checked(json_object());

	pk_json_set(o, "peer_id", checked(json_integer(t->peer_id)));
	set_str(o, "peer_uuid", t->peer_uuid);
	set_str(o, "alias", t->alias);
	pk_json_set(o, "year", checked(json_integer(t->year)));
	pk_json_set(o, "taxable", pk_money_json(t->taxable));
	pk_json_set(o, "reimbursements", pk_money_json(t->reimbursements));
	pk_json_set(o, "month_to_date", pk_money_json(t->month_to_date));
	pk_json_set(o, "count", checked(json_integer(t->count)));
	return o;
}
