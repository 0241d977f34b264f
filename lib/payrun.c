/*
 * payrun.c - payroll: a plan of engagements, paid one payment per peer
 * at the sum they are due.
 *
 * The plan lives in temporary tables of the store: the period of a run
 * (read when it is paid, once, in the order the store holds the rows),
 * and the engagements a batch lists.  Each peer's engagements are read,
 * kept in the run (pr->known) and paid through pk_pay as one payment
 * record, so a run follows exactly the rules of a payment made by hand
 * and holds one peer's engagements in memory at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

int
pk_payplan_start(pk_store *s)
{
	static const char create[] = "CREATE TEMP TABLE IF NOT EXISTS "
	    "pk_pay_plan (engagement_id INTEGER PRIMARY KEY, "
	    "peer_id INTEGER NOT NULL)";
	static const char index[] = "CREATE INDEX IF NOT EXISTS "
	    "temp.pk_pay_plan_peer ON pk_pay_plan (peer_id)";
	static const char span[] = "CREATE TEMP TABLE IF NOT EXISTS "
	    "pk_pay_span (from_date TEXT NOT NULL, to_date TEXT NOT NULL, "
	    "peer_id INTEGER NOT NULL)";
	static const char clear[] = "DELETE FROM temp.pk_pay_plan";
	static const char clear_span[] = "DELETE FROM temp.pk_pay_span";
	const char *const sql[] = {create, index, span, clear, clear_span};
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof sql / sizeof sql[0] && rc == 0; i++)
		rc = pk_stmt_done(s, pk_stmt(s, sql[i]), "plan the payments");
	return rc;
}

static int
count_rows(pk_store *s, pk_q *st, size_t *n)
{
	int rc;

	if ((rc = pk_step(st)) == PK_ROW)
		*n = (size_t)pk_col_int64(st, 0);
	else
		rc = pk_sql_fail(s, "plan the payments");
	pk_reset(st);
	return rc == PK_ROW ? 0 : rc;
}

/* An engagement a run pays, e being its row. */
#define UNPAID "e.status = 'logged' AND e.amount_paid < e.amount_due "
/* The engagements of the period ?1..?2 (of peer ?3, or 0: everyone's)
 * that a run pays, of active peers: few peers are inactive, so they are
 * looked up once, not for each row. */
#define IN_SPAN "FROM engagements e WHERE e.date BETWEEN ?1 AND ?2 AND " \
	UNPAID "AND (?3 = 0 OR e.peer_id = ?3) AND e.peer_id " \
	"NOT IN (SELECT id FROM peers WHERE status <> 'active') "

/*
 * The period is kept, not the list of its engagements: they are read
 * when the plan is paid, once, in the order the store holds them (by
 * date).  Listing their ids first, then reading each row again by id to
 * pay it and to check it, was most of a dry run (make bench: 1.3 s for
 * a month of a province).
 */
int
pk_payplan_period(pk_store *s, const struct pk_period *per, int64_t peer_id,
    size_t *inactive)
{
	static const char clear[] = "DELETE FROM temp.pk_pay_span";
	static const char add[] = "INSERT INTO temp.pk_pay_span "
	    "(from_date, to_date, peer_id) VALUES (?1, ?2, ?3)";
	/* Few peers are inactive: they drive the count. */
	static const char left[] = "SELECT count(*) FROM peers pe CROSS JOIN "
	    "engagements e WHERE e.peer_id = pe.id AND pe.status <> 'active' "
	    "AND (?3 = 0 OR pe.id = ?3) AND e.date BETWEEN ?1 AND ?2 AND "
	    UNPAID;
	pk_q *st;
	int rc;

	if ((rc = pk_stmt_done(s, pk_stmt(s, clear), "plan the payments")))
		return rc;
	st = pk_stmt(s, add);
	pk_bind_text(st, 1, per->from_s);
	pk_bind_text(st, 2, per->to_s);
	pk_bind_int64(st, 3, peer_id);
	if ((rc = pk_stmt_done(s, st, "plan the payments")) != 0)
		return rc;
	st = pk_stmt(s, left);
	pk_bind_text(st, 1, per->from_s);
	pk_bind_text(st, 2, per->to_s);
	pk_bind_int64(st, 3, peer_id);
	return count_rows(s, st, inactive);
}

bool
pk_payplan_is_engagement(json_t *rec)
{
	return json_object_get(rec, "amount_due") &&
	    !json_object_get(rec, "amount");
}

struct plan_row {
	int64_t id, peer_id, due, payment_id, owed;
	bool is_void, active;
	char alias[PK_ALIAS_MAX * 4 + 1];
};

static int
plan_find(pk_store *s, json_t *rec, struct plan_row *r)
{
#define PLAN_ROW "SELECT e.id, e.peer_id, e.amount_due, e.status = 'void', " \
	"coalesce(e.payment_id, 0), pe.status = 'active', pe.alias, " \
	"e.amount_due - e.amount_paid " \
	"FROM engagements e JOIN peers pe ON pe.id = e.peer_id "
	static const char by_uuid[] = PLAN_ROW "WHERE e.uuid = lower(?)";
	static const char by_id[] = PLAN_ROW "WHERE e.id = ?";
#undef PLAN_ROW
	const char *uuid = NULL;
	char buf[64];
	pk_q *st;
	int64_t id = 0;
	bool has_id = false;
	int rc;

	if ((rc = pk_json_str(rec, "uuid", &uuid, NULL)) != 0 ||
	    (rc = pk_json_int(rec, "id", &id, &has_id)) != 0)
		return rc;
	if (uuid && !pk_is_uuid(uuid))
		return pk_fail(PK_EX_DATAERR, "field \"uuid\": \"%s\" is not a "
		    "uuid", pk_text_shown(buf, sizeof buf, uuid));
	if (!uuid && !has_id)
		return pk_fail(PK_EX_DATAERR, "an engagement record needs its "
		    "\"uuid\" or \"id\"");
	/* The uuid is the same in every store; the id is only this one's. */
	st = pk_stmt(s, uuid ? by_uuid : by_id);
	if (uuid)
		pk_bind_text(st, 1, uuid);
	else
		pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) == PK_ROW) {
		r->id = pk_col_int64(st, 0);
		r->peer_id = pk_col_int64(st, 1);
		r->due = pk_col_int64(st, 2);
		r->is_void = pk_col_int(st, 3);
		r->payment_id = pk_col_int64(st, 4);
		r->owed = pk_col_int64(st, 7);
		r->active = pk_col_int(st, 5);
		snprintf(r->alias, sizeof r->alias, "%s",
		    pk_col_text(st, 6));
	} else if (rc != PK_DONE) {
		rc = pk_sql_fail(s, "find the engagement");
	}
	pk_reset(st);
	if (rc == PK_DONE)
		return uuid ? pk_fail(PK_EX_DATAERR, "no engagement with uuid "
		    "%s", uuid) : pk_fail(PK_EX_DATAERR, "no engagement with id "
		    "%lld", (long long)id);
	return rc == PK_ROW ? 0 : rc;
}

int
pk_payplan_add(pk_store *s, json_t *rec, struct pk_plan_add *res)
{
	static const char sql[] = "INSERT INTO temp.pk_pay_plan "
	    "(engagement_id, peer_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
	struct plan_row r;
	pk_q *st;
	bool present;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = pk_json_money(rec, "amount_due", &res->stated, 0,
	    &present)) != 0 || (rc = plan_find(s, rec, &r)) != 0)
		return rc;
	if (!present)
		res->stated = -1;
	res->engagement_id = r.id;
	res->peer_id = r.peer_id;
	memcpy(res->alias, r.alias, sizeof res->alias);
	res->due = r.due;
	res->owed = r.owed;
	res->payment_id = r.payment_id;
	if (r.is_void)
		return pk_fail(PK_EX_DATAERR, "engagement %lld is void",
		    (long long)r.id);
	if (r.due > 0 && r.owed == 0) {
		res->outcome = PK_PLAN_ALREADY_PAID;
		return 0;
	}
	if (r.due == 0) {
		res->outcome = PK_PLAN_NOTHING_DUE;
		return 0;
	}
	if (!r.active) {
		/* As in a run over a period: left unpaid, and said. */
		res->outcome = PK_PLAN_INACTIVE;
		return 0;
	}
	st = pk_stmt(s, sql);
	pk_bind_int64(st, 1, r.id);
	pk_bind_int64(st, 2, r.peer_id);
	if ((rc = pk_stmt_done(s, st, "plan the payments")) != 0)
		return rc;
	res->outcome = pk_changes(s) ? PK_PLAN_ADDED : PK_PLAN_REPEATED;
	return 0;
}

/* The peers of the plan, read whole before any is paid: paying writes
 * to the engagements a pending read would be walking. */
static int
plan_peers(pk_store *s, int64_t **peers, size_t *n)
{
	static const char sql[] = "SELECT DISTINCT peer_id FROM "
	    "temp.pk_pay_plan ORDER BY peer_id";
	pk_q *st = pk_stmt(s, sql);
	size_t cap = 0;
	int rc;

	*peers = NULL;
	*n = 0;
	while ((rc = pk_step(st)) == PK_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*peers = pk_realloc(*peers, cap * sizeof **peers);
		}
		(*peers)[(*n)++] = pk_col_int64(st, 0);
	}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "plan the payments");
	pk_reset(st);
	return rc == PK_DONE ? 0 : rc;
}

/* Keep an engagement of the payment about to be made, as just read:
 * columns id, uuid (may be NULL), peer_id, what it owes, void. */
static void
plan_known(pk_payrun *pr, pk_q *st)
{
	const char *uuid = pk_col_text(st, 1);
	struct pk_pay_engagement *e;

	if (pr->nknown == pr->known_cap) {
		pr->known_cap = pr->known_cap ? pr->known_cap * 2 : 64;
		pr->known = pk_realloc(pr->known, pr->known_cap *
		    sizeof *pr->known);
	}
	e = &pr->known[pr->nknown++];
	e->id = pk_col_int64(st, 0);
	e->uuid[0] = '\0';
	if (uuid)
		strncat(e->uuid, (const char *)uuid, sizeof e->uuid - 1);
	e->peer_id = pk_col_int64(st, 2);
	e->due = pk_col_int64(st, 3);
	e->is_void = pk_col_int(st, 4);
	e->payment_id = 0;
	e->held = 0;		/* a run's payments are this store's */
	e->paid_off = false;	/* the plan has only what is owed */
}

/* A peer's engagements in the plan, unpaid still (a payment record of
 * the batch may have paid one since it was planned), into pr->known. */
static int
plan_engagements(pk_payrun *pr, int64_t peer_id)
{
	static const char sql[] = "SELECT e.id, e.uuid, e.peer_id, "
	    "e.amount_due - e.amount_paid, e.status = 'void' "
	    "FROM temp.pk_pay_plan t "
	    "JOIN engagements e ON e.id = t.engagement_id "
	    "WHERE t.peer_id = ? AND e.amount_paid < e.amount_due "
	    "ORDER BY e.date, e.id";
	pk_q *st = pk_stmt(pr->s, sql);
	int rc;

	pr->nknown = 0;
	pk_bind_int64(st, 1, peer_id);
	while ((rc = pk_step(st)) == PK_ROW)
		plan_known(pr, st);
	if (rc != PK_DONE)
		rc = pk_sql_fail(pr->s, "plan the payments");
	pk_reset(st);
	return rc == PK_DONE ? 0 : rc;
}

/* The payment of a peer's engagements (pr->known) as a record, so a run
 * is paid like any payment. */
static json_t *
plan_record(pk_payrun *pr, const struct pk_payplan_opts *o, int64_t peer_id)
{
	json_t *rec = checked(json_object()), *ids = checked(json_array());
	size_t i;

	for (i = 0; i < pr->nknown; i++)
		if (json_array_append_new(ids, checked(json_integer(
		    pr->known[i].id))) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(rec, "peer_id", checked(json_integer(peer_id)));
	pk_json_set(rec, "engagements", ids);
	if (o->date)
		pk_json_set(rec, "date", checked(json_string(o->date)));
	if (o->method)
		pk_json_set(rec, "method", checked(json_string(o->method)));
	return rec;
}

/* Pay a peer the engagements in pr->known; none left, nothing to do. */
static int
pay_known(pk_payrun *pr, const struct pk_payplan_opts *o, int64_t peer_id,
    int (*fn)(struct pk_payment *, int, void *), void *arg)
{
	struct pk_payment p;
	json_t *rec;
	int rc, outcome;

	if (pr->nknown == 0)
		return 0;
	memset(&p, 0, sizeof p);
	rec = plan_record(pr, o, peer_id);
	/* No savepoint: a refusal comes before anything is written. */
	if ((rc = pk_payrun_apply(pr, rec, &p)) == 0)
		rc = pk_pay(pr, &p, o->flags, &outcome);
	pr->nknown = 0;
	json_decref(rec);
	if (rc != 0 && !p.peer_id)
		p.peer_id = peer_id;
	rc = fn(&p, rc, arg);
	pk_payment_free(&p);
	return rc;
}

/* The period planned, as ?1 ?2 ?3 of st: constants, for the planner to
 * use the index on dates. */
static int
bind_span(pk_store *s, pk_q *st)
{
	static const char sql[] = "SELECT from_date, to_date, peer_id "
	    "FROM temp.pk_pay_span";
	pk_q *sp = pk_stmt(s, sql);
	int rc, i;

	if ((rc = pk_step(sp)) == PK_ROW) {
		for (i = 0; i < 3 && rc == PK_ROW; i++)
			if (pk_bind_col(st, i + 1, sp, i) != 0)
				pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	if (rc != PK_ROW && rc != PK_DONE)
		rc = pk_sql_fail(s, "plan the payments");
	pk_reset(sp);
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

/* Is there a period in the plan, and are there engagements listed? */
static int
planned(pk_store *s, bool *span, bool *listed)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM "
	    "temp.pk_pay_span), EXISTS (SELECT 1 FROM temp.pk_pay_plan)";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	if ((rc = pk_step(st)) == PK_ROW) {
		*span = pk_col_int(st, 0);
		*listed = pk_col_int(st, 1);
	}
	else
		rc = pk_sql_fail(s, "plan the payments");
	pk_reset(st);
	return rc == PK_ROW ? 0 : rc;
}

/*
 * A dry run of a period alone writes nothing, so it can pay as it reads:
 * the period's engagements in one pass, sorted by peer, each peer paid
 * when the next one's rows begin.  (A real run lists them first in the
 * plan: it writes to the rows a pass would be reading.)
 */
static int
stream_span(pk_payrun *pr, const struct pk_payplan_opts *o,
    int (*fn)(struct pk_payment *, int, void *), void *arg)
{
	static const char sql[] = "SELECT e.id, e.uuid, e.peer_id, "
	    "e.amount_due - e.amount_paid, 0 " IN_SPAN
	    "ORDER BY e.peer_id, e.date, e.id";
	pk_q *st = pk_stmt(pr->s, sql);
	int64_t peer = 0;
	int rc, r;

	if ((r = bind_span(pr->s, st)) != 0)
		return r;
	pr->nknown = 0;
	while (r == 0 && (rc = pk_step(st)) == PK_ROW) {
		if (pk_col_int64(st, 2) != peer) {
			r = pay_known(pr, o, peer, fn, arg);
			peer = pk_col_int64(st, 2);
		}
		plan_known(pr, st);
	}
	if (r == 0 && rc != PK_DONE)
		r = pk_sql_fail(pr->s, "plan the payments");
	pk_reset(st);
	return r == 0 ? pay_known(pr, o, peer, fn, arg) : r;
}

/* The period's engagements into the plan, with the batch's: one payment
 * per peer for both. */
static int
list_span(pk_store *s)
{
	static const char add[] = "INSERT INTO temp.pk_pay_plan "
	    "(engagement_id, peer_id) SELECT e.id, e.peer_id " IN_SPAN
	    " ON CONFLICT DO NOTHING";
	static const char clear[] = "DELETE FROM temp.pk_pay_span";
	pk_q *st = pk_stmt(s, add);
	bool span = false, listed;
	int rc;

	if ((rc = planned(s, &span, &listed)) != 0 || !span)
		return rc;
	if ((rc = bind_span(s, st)) != 0 ||
	    (rc = pk_stmt_done(s, st, "plan the payments")) != 0)
		return rc;
	return pk_stmt_done(s, pk_stmt(s, clear), "plan the payments");
}

static int
pay_listed(pk_payrun *pr, const struct pk_payplan_opts *o,
    int (*fn)(struct pk_payment *, int, void *), void *arg)
{
	int64_t *peers;
	size_t n, i;
	int rc;

	if ((rc = list_span(pr->s)) != 0 ||
	    (rc = plan_peers(pr->s, &peers, &n)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = plan_engagements(pr, peers[i])) == 0)
			rc = pay_known(pr, o, peers[i], fn, arg);
	free(peers);
	return rc;
}

int
pk_payplan_pay(pk_store *s, const struct pk_config *cfg,
    const struct pk_payplan_opts *o,
    int (*fn)(struct pk_payment *, int, void *), void *arg)
{
	pk_payrun *pr = o->run ? o->run : pk_payrun_new(s, cfg);
	bool span = false, listed = true;
	int rc;

	/* Numbered afresh: payments may have been written since. */
	pr->next_id = 0;
	if ((rc = planned(s, &span, &listed)) == 0)
		rc = span && !listed && (o->flags & PK_PAY_DRYRUN) ?
		    stream_span(pr, o, fn, arg) : pay_listed(pr, o, fn, arg);
	pr->nknown = 0;
	if (!o->run)
		pk_payrun_free(pr);
	return rc;
}
