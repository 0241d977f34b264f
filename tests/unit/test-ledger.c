/*
 * test-ledger - what is owed, paid and in credit, through the library:
 * payments allocated to the engagements they name, then to the oldest
 * open balances, then to credit; credit taken by the next engagement;
 * voids of payments and of engagements giving back what they held;
 * balances; the migration of an old store's settlements is in
 * tests/cli/0208-ledger-upgrade.sh.
 *
 * Everything is made through the library, on a store in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"

static pk_store *s;
static struct pk_config cfg;
static pk_engage *g;

static int64_t
engagement(const char *peer, const char *date, const char *amount)
{
	char *text = pk_asprintf("{\"peer\": \"%s\", \"date\": \"%s\", "
	    "\"hours\": \"1\", \"activity\": \"meeting\", \"level\": "
	    "\"consult\", \"amount_due\": \"%s\"}", peer, date, amount);
	json_t *rec = json_loads(text, 0, NULL);
	struct pk_engagement e;
	int64_t id = 0;
	int outcome;

	if (rec && pk_engage_from_json(g, rec, &e) == 0) {
		if (pk_engage_save(g, &e, &outcome) == 0)
			id = e.id;
		pk_engagement_free(&e);
	}
	if (!id)
		printf("# engagement: %s\n", pk_errmsg());
	json_decref(rec);
	free(text);
	return id;
}

/* A payment made as honorarium-pay makes it; 0 if refused. */
static int64_t
pay(const char *json)
{
	json_t *rec = json_loads(json, 0, NULL);
	struct pk_payment p;
	int64_t id = 0;
	int outcome;

	if (rec && pk_payment_apply(s, &cfg, rec, &p) == 0) {
		if (pk_payment_pay(s, &cfg, &p, 0, &outcome) == 0)
			id = p.id;
		pk_payment_free(&p);
	}
	if (!id)
		printf("# pay: %s\n", pk_errmsg());
	json_decref(rec);
	return id;
}

static int64_t
paid_of(int64_t id)
{
	struct pk_engagement e;
	char ref[24];
	int64_t v = -1;

	snprintf(ref, sizeof ref, "%lld", (long long)id);
	if (pk_engagement_get(s, ref, &e) == 0) {
		v = e.amount_paid;
		pk_engagement_free(&e);
	}
	return v;
}

struct one {
	int64_t peer_id;
	struct pk_balance b;
	int n;
};

static int
keep(const struct pk_balance *b, void *arg)
{
	struct one *o = arg;

	if (b->peer_id == o->peer_id) {
		o->b = *b;
		o->n++;
	}
	return 0;
}

static struct pk_balance
balance(int64_t peer_id)
{
	struct one o = {0};

	o.peer_id = peer_id;
	if (pk_ledger_balances(s, NULL, peer_id, keep, &o) != 0 || o.n != 1)
		printf("# balance of %lld: %s\n", (long long)peer_id,
		    pk_errmsg());
	return o.b;
}

static void
add_peer(const char *alias)
{
	char *text = pk_asprintf("{\"alias\": \"%s\"}", alias);
	json_t *rec = json_loads(text, 0, NULL);
	struct pk_peer p;
	int outcome;

	if (pk_peer_upsert(s, &cfg, rec, NULL, NULL, &p, &outcome) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		exit(1);
	}
	pk_peer_free(&p);
	json_decref(rec);
	free(text);
}

/* Cash on the spot pays the oldest engagement still owed, so a payroll
 * run after it has nothing to pay. */
static void
test_oldest_first(void)
{
	int64_t e1, e2, e3;
	struct pk_balance b;

	e1 = engagement("Raven", "2026-11-02", "20.00");
	e2 = engagement("Raven", "2026-11-01", "30.00");
	e3 = engagement("Raven", "2026-11-03", "10.00");
	ok(pay("{\"peer\": \"Raven\", \"amount\": \"40.00\"}"), "40.00 paid, "
	    "naming nothing");
	is_int(paid_of(e2), 3000, "the oldest by date first: all its 30.00");
	is_int(paid_of(e1), 1000, "then 10.00 of the next");
	is_int(paid_of(e3), 0, "nothing of the newest");
	b = balance(1);
	is_int(b.due, 6000, "due 60.00");
	is_int(b.paid, 4000, "paid 40.00");
	is_int(b.owed, 2000, "owed 20.00");
	is_int(b.credit, 0, "no credit while owed");
	ok(pay("{\"peer\": \"Raven\", \"amount\": \"25.00\"}"), "25.00 more");
	is_int(paid_of(e1), 2000, "the rest of the second");
	is_int(paid_of(e3), 1000, "and the third");
	b = balance(1);
	is_int(b.owed, 0, "owed nothing");
	is_int(b.credit, 500, "5.00 in credit");
	e1 = engagement("Raven", "2026-11-04", "12.00");
	is_int(paid_of(e1), 500, "the next engagement takes the credit");
	b = balance(1);
	is_int(b.owed, 700, "owes the rest, 7.00");
	is_int(b.credit, 0, "and holds no credit");
}

/* Named engagements are paid first, in the order named; a payment
 * smaller than they owe leaves the rest owed, in a part-paid one. */
static void
test_named(void)
{
	int64_t a, b, id;
	char json[128];
	struct pk_engagement e;

	a = engagement("Moss", "2026-11-01", "20.00");
	b = engagement("Moss", "2026-11-05", "20.00");
	snprintf(json, sizeof json, "{\"engagements\": [%lld], \"amount\": "
	    "\"5.00\", \"note\": \"advance\"}", (long long)b);
	ok((id = pay(json)), "an advance of 5.00 for the second");
	is_int(paid_of(b), 500, "it goes to the one named");
	is_int(paid_of(a), 0, "not to the older one");
	snprintf(json, sizeof json, "%lld", (long long)b);
	is_int(pk_engagement_get(s, json, &e), 0, "read it");
	is_str(pk_engagement_status(&e), "part-paid", "part-paid");
	ok(e.payment_id == 0, "not settled in full by any payment");
	pk_engagement_free(&e);
	snprintf(json, sizeof json, "{\"engagements\": [%lld, %lld], "
	    "\"amount\": \"35.00\"}", (long long)b, (long long)a);
	ok(pay(json), "35.00 for what the two still owe, in that order");
	is_int(paid_of(b), 2000, "the second in full");
	is_int(paid_of(a), 2000, "the first in full");
	snprintf(json, sizeof json, "{\"engagements\": [%lld], \"amount\": "
	    "\"1.00\", \"note\": \"x\"}", (long long)a);
	ok(!pay(json), "an engagement paid in full is refused");
	ok(strstr(pk_errmsg(), "is already paid") != NULL, "as already paid");
}

/* A void undoes what the payment held; the peer's credit then pays
 * what is owed again. */
static void
test_void(void)
{
	struct pk_payment p;
	struct pk_balance b;
	int64_t e1, p1, p2;
	size_t released;
	char ref[24];

	e1 = engagement("Wren", "2026-11-01", "30.00");
	ok((p1 = pay("{\"peer\": \"Wren\", \"amount\": \"30.00\"}")),
	    "30.00 paid");
	ok((p2 = pay("{\"peer\": \"Wren\", \"amount\": \"50.00\"}")),
	    "then 50.00: credit");
	b = balance(3);
	is_int(b.credit, 5000, "50.00 in credit");
	snprintf(ref, sizeof ref, "%lld", (long long)p1);
	is_int(pk_payment_void(s, ref, "paid twice", &p, &released), 0,
	    "the first voided");
	is_int(released, 1, "it had paid one engagement");
	is_int(p.nengagements, 0, "and pays none now");
	pk_payment_free(&p);
	is_int(paid_of(e1), 3000, "the credit paid it again");
	b = balance(3);
	is_int(b.owed, 0, "nothing owed");
	is_int(b.credit, 2000, "20.00 left in credit");
	snprintf(ref, sizeof ref, "%lld", (long long)p2);
	is_int(pk_payment_void(s, ref, "wrong peer", &p, &released), 0,
	    "the second voided too");
	pk_payment_free(&p);
	b = balance(3);
	is_int(b.owed, 3000, "owed again");
	is_int(b.credit, 0, "no credit");
}

/* What a payment pays, as its record shows. */
static void
test_of_payment(void)
{
	struct pk_allocation *a;
	int64_t e1, p1, credit;
	size_t n;
	char json[128];

	e1 = engagement("Kestrel", "2026-11-01", "25.00");
	snprintf(json, sizeof json, "{\"engagements\": [%lld], \"amount\": "
	    "\"40.00\", \"note\": \"and the bus\"}", (long long)e1);
	ok((p1 = pay(json)), "40.00 for a 25.00 engagement");
	is_int(pk_ledger_of_payment(s, p1, &a, &n, &credit), 0, "its ledger");
	is_int(n, 1, "one engagement");
	is_int(n ? a[0].engagement_id : 0, e1, "the one named");
	is_int(n ? a[0].amount : 0, 2500, "25.00 of it");
	is_int(credit, 1500, "15.00 left in credit");
	free(a);
}

/* What pk_ledger_allocate says it allocated is what the journal reads
 * back: per engagement in the order first allocated, sums added up (an
 * engagement a merge gives less than it owes is allocated again from the
 * open balances), and the credit. */
static void
test_allocated(void)
{
	struct pk_allocated got = {0};
	struct pk_allocation *a;
	struct pk_payment p;
	sqlite3_stmt *st;
	int64_t e1, e2, amounts[1] = {400}, credit = -1;
	size_t n = 0, i;

	add_peer("Merlin");
	e1 = engagement("Merlin", "2026-10-01", "25.00");
	e2 = engagement("Merlin", "2026-10-02", "10.00");
	memset(&p, 0, sizeof p);
	if (sqlite3_exec(s->db, "INSERT INTO payments (uuid, peer_id, date, "
	    "amount, method, kind, created_at, updated_at) SELECT "
	    "'8d7d5b4e-2f0a-4c51-9a7e-3b1f0c2d4e5f', id, '2026-11-01', 5000, "
	    "'cash', 'honorarium', '2026-11-01T12:00:00Z', "
	    "'2026-11-01T12:00:00Z' FROM peers WHERE alias = 'Merlin'", NULL,
	    NULL, NULL) != SQLITE_OK || sqlite3_prepare_v2(s->db, "SELECT id, "
	    "peer_id FROM payments WHERE uuid = '8d7d5b4e-2f0a-4c51-9a7e-"
	    "3b1f0c2d4e5f'", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		printf("Bail out! %s\n", sqlite3_errmsg(s->db));
		exit(1);
	}
	p.id = sqlite3_column_int64(st, 0);
	p.peer_id = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	p.amount = 5000;
	p.engagements = &e2;
	p.nengagements = 1;
	is_int(pk_ledger_allocate(s, &p, amounts, &got), 0,
	    "50.00, 4.00 of it to the engagement named");
	is_int(got.n, 2, "two engagements");
	is_int(got.n > 1 ? got.v[0].engagement_id : 0, e2, "the one named first");
	is_int(got.n > 1 ? got.v[0].amount : 0, 1000, "all it owed, in two rows");
	is_int(got.n > 1 ? got.v[1].engagement_id : 0, e1, "then the older");
	is_int(got.n > 1 ? got.v[1].amount : 0, 2500, "all it owed");
	is_int(got.credit, 1500, "15.00 left in credit");
	is_int(pk_ledger_of_payment(s, p.id, &a, &n, &credit), 0, "its ledger");
	is_int(n, got.n, "as many engagements read back");
	for (i = 0; i < n && i < got.n; i++) {
		is_int(a[i].engagement_id, got.v[i].engagement_id, "the same one");
		is_str(a[i].engagement_uuid, got.v[i].engagement_uuid,
		    "its uuid");
		is_int(a[i].amount, got.v[i].amount, "the same amount");
	}
	is_int(credit, got.credit, "the same credit");
	free(a);
	free(got.v);
}

int
main(void)
{
	tap_fixed_clock();
	unsetenv("PEERKIT_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/nonexistent", 1);
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&s, ":memory:", PK_STORE_MEMORY) != 0 ||
	    pk_store_begin(s) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		return 1;
	}
	add_peer("Raven");
	add_peer("Moss");
	add_peer("Wren");
	add_peer("Kestrel");
	g = pk_engage_new(s, &cfg);
	test_oldest_first();
	test_named();
	test_void();
	test_of_payment();
	test_allocated();
	pk_engage_free(g);
	pk_store_rollback(s);
	pk_store_close(s);
	pk_config_free(&cfg);
	return done_testing();
}
