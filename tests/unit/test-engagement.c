/*
 * test-engagement - records from JSON and their uuids, voiding, listing,
 * and the summary with its suppression (summary.c: it adds up the
 * records stored here), on a store in memory with the built-in config.
 * Hours and the amount due are in test-hours.
 *
 * It reaches into the store (internal.h) only to stand in for payment.c:
 * settling an engagement is that file's job, not this one's.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"

static pk_store *s;
static struct pk_config cfg;

static int64_t
add_peer(const char *alias, const char *region, const char *site)
{
	struct pk_peer p = {0};
	int64_t id;

	p.alias = pk_strdup(alias);
	p.region = region ? pk_strdup(region) : NULL;
	p.site = site ? pk_strdup(site) : NULL;
	if (pk_peer_insert(s, &p) != 0) {
		printf("Bail out! peer: %s\n", pk_errmsg());
		exit(1);
	}
	id = p.id;
	pk_peer_free(&p);
	return id;
}

/* Store one record given as JSON text; returns the status, *id the id. */
static int
put(const char *text, int64_t *id, int *outcome)
{
	json_t *rec = json_loads(text, 0, NULL);
	pk_engage *g = pk_engage_new(s, &cfg);
	struct pk_engagement e;
	int rc, out = 0;

	if (!rec) {
		printf("Bail out! bad JSON in test: %s\n", text);
		exit(1);
	}
	rc = pk_engage_from_json(g, rec, &e);
	if (rc == 0)
		rc = pk_engage_save(g, &e, &out);
	if (rc == 0 && id)
		*id = e.id;
	if (outcome)
		*outcome = out;
	pk_engagement_free(&e);
	pk_engage_free(g);
	json_decref(rec);
	return rc;
}

static struct pk_engagement
get(int64_t id)
{
	struct pk_engagement e;
	char ref[24];

	snprintf(ref, sizeof ref, "%lld", (long long)id);
	if (pk_engagement_get(s, ref, &e) != 0) {
		printf("Bail out! get %s: %s\n", ref, pk_errmsg());
		exit(1);
	}
	return e;
}

static void
test_records(void)
{
	struct pk_engagement e;
	int64_t id = 0, id2 = 0;
	int outcome;
	json_t *j;
	char *text;

	is_int(put("{\"peer\":\"Raven\",\"date\":\"2026-11-20\",\"hours\":\"1.5\","
	    "\"activity\":\"meeting\",\"level\":\"consult\","
	    "\"supports\":[\"meal\",\"transit\",\"meal\"]}", &id, &outcome), 0,
	    "a record");
	is_int(outcome, PK_ENGAGE_ADDED, "added");
	e = get(id);
	is_int(e.minutes, 90, "minutes stored");
	is_int(e.amount_due, 3750, "due from the meeting rate");
	is_str(e.region, "Vancouver Coastal", "region from the peer");
	is_str(e.site, "Downtown Eastside", "site from the peer");
	text = json_dumps(e.supports, JSON_COMPACT);
	is_str(text, "[\"transit\",\"meal\"]", "supports once each, config order");
	free(text);
	is_str(pk_engagement_status(&e), "unpaid", "status unpaid");
	j = pk_engagement_json(&e);
	is_str(json_string_value(json_object_get(j, "hours")), "1.50",
	    "JSON hours");
	is_str(json_string_value(json_object_get(j, "amount_due")), "37.50",
	    "JSON amount_due");
	ok(json_is_null(json_object_get(j, "payment_id")), "JSON payment_id null");
	json_decref(j);

	/* The same uuid, the same content: nothing changes. */
	text = pk_asprintf("{\"uuid\":\"%s\",\"peer_id\":%lld,\"alias\":\"raven\","
	    "\"date\":\"2026-11-20\",\"hours\":\"1.50\",\"minutes\":90,"
	    "\"activity\":\"meeting\",\"level\":\"consult\","
	    "\"region\":\"Vancouver Coastal\",\"site\":\"Downtown Eastside\","
	    "\"supports\":[\"meal\",\"transit\"],\"amount_due\":\"37.50\","
	    "\"status\":\"unpaid\",\"payment_id\":null,\"id\":1}", e.uuid,
	    (long long)e.peer_id);
	is_int(put(text, &id2, &outcome), 0, "same uuid, same content");
	is_int(outcome, PK_ENGAGE_UNCHANGED, "unchanged");
	is_int(id2, id, "the stored record");
	free(text);
	text = pk_asprintf("{\"uuid\":\"%s\",\"peer\":\"Raven\","
	    "\"date\":\"2026-11-20\",\"hours\":\"1.5\",\"activity\":\"meeting\","
	    "\"level\":\"involve\",\"supports\":[\"transit\",\"meal\"]}", e.uuid);
	is_int(put(text, NULL, NULL), PK_EX_DATAERR, "same uuid, other level");
	ok(strstr(pk_errmsg(), "level is \"consult\" there, \"involve\" here") !=
	    NULL, "conflict names the field");
	free(text);
	pk_engagement_free(&e);

	is_int(put("{\"peer\":\"Moss\",\"hours\":\"0:20\",\"activity\":"
	    "\"consultation\",\"level\":\"empower\",\"region\":null}", &id,
	    NULL), 0, "minimum, no region");
	e = get(id);
	is_int(e.amount_due, 5000, "consultation minimum");
	ok(e.region == NULL, "region null: none");
	is_str(e.date, "2026-11-23", "date defaults to today");
	pk_engagement_free(&e);
	is_int(put("{\"peer\":\"Moss\",\"hours\":2,\"activity\":\"event\","
	    "\"level\":\"inform\",\"status\":\"no-honorarium\"}", &id, NULL), 0,
	    "no honorarium");
	e = get(id);
	is_int(e.amount_due, 0, "nothing due");
	is_str(pk_engagement_status(&e), "no-honorarium", "status no-honorarium");
	pk_engagement_free(&e);
	is_int(put("{\"peer\":\"Moss\",\"hours\":\"1\",\"activity\":\"shift\","
	    "\"level\":\"involve\",\"amount_due\":\"12.34\"}", &id, NULL), 0,
	    "amount given");
	e = get(id);
	is_int(e.amount_due, 1234, "amount kept");
	pk_engagement_free(&e);
}

/* The audit row of each new record is pk_engagement_json's compact
 * text, byte for byte (those changed since, voided or paid, apart). */
static void
test_audit(void)
{
	static const char sql[] = "SELECT record_id, after FROM audit WHERE "
	    "kind = 'engagement' AND action = 'create' AND record_id NOT IN "
	    "(SELECT record_id FROM audit WHERE kind = 'engagement' AND "
	    "action != 'create') AND record_id IN (SELECT id FROM engagements "
	    "WHERE payment_id IS NULL) ORDER BY id";
	sqlite3_stmt *st;
	struct pk_engagement e;
	int n = 0, same = 0;
	char *want;
	json_t *j;

	is_int(put("{\"peer\":\"Raven\",\"hours\":\"2:15\",\"activity\":"
	    "\"meeting\",\"level\":\"collaborate\",\"project\":\"Zo\u00eb's "
	    "\\\"plan\\\"\",\"note\":\"line one\\nline\\ttwo \\u2028 \\\\\","
	    "\"supports\":[\"childcare\"]}", NULL, NULL), 0,
	    "a record with text to escape");
	sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		e = get(sqlite3_column_int64(st, 0));
		j = pk_engagement_json(&e);
		want = json_dumps(j, JSON_COMPACT);
		n++;
		if (strcmp(want, (const char *)sqlite3_column_text(st, 1)) == 0)
			same++;
		else
			printf("#   got %s\n#  want %s\n",
			    sqlite3_column_text(st, 1), want);
		free(want);
		json_decref(j);
		pk_engagement_free(&e);
	}
	sqlite3_finalize(st);
	ok(n >= 5, "records audited");
	is_int(same, n, "each audit row is the record's JSON");
}

/* One run naming 300 peers three ways, twice: the run's table of peers
 * grows, and every record finds its own peer, looked up or kept. */
static void
test_peer_cache(void)
{
	enum { N = 300 };
	static const char *const keys[] = { "peer", "peer_id", "peer_uuid" };
	static int64_t ids[N];
	static char uuids[N][37];
	pk_engage *g = pk_engage_new(s, &cfg);
	struct pk_engagement e;
	struct pk_peer p;
	char alias[32], *text, *val;
	int i, round, way, right = 0, total = 0;
	json_t *rec;

	for (i = 0; i < N; i++) {
		snprintf(alias, sizeof alias, "Cache %d", i);
		ids[i] = add_peer(alias, NULL, NULL);
		pk_peer_get(s, ids[i], &p);
		memcpy(uuids[i], p.uuid, sizeof uuids[i]);
		pk_peer_free(&p);
	}
	for (round = 0; round < 2; round++)
		for (way = 0; way < 3; way++)
			for (i = 0; i < N; i++) {
				val = way == 0 ? pk_asprintf("\"cache %d\"", i) :
				    way == 1 ? pk_asprintf("%lld", (long long)ids[i]) :
				    pk_asprintf("\"%s\"", uuids[i]);
				text = pk_asprintf("{\"%s\":%s,\"hours\":\"1\","
				    "\"activity\":\"meeting\",\"level\":\"inform\"}",
				    keys[way], val);
				rec = json_loads(text, 0, NULL);
				total++;
				if (pk_engage_from_json(g, rec, &e) == 0) {
					right += e.peer_id == ids[i];
					pk_engagement_free(&e);
				}
				json_decref(rec);
				free(text);
				free(val);
			}
	is_int(right, total, "300 peers by alias, id and uuid, twice: each "
	    "record its own peer");
	pk_engage_free(g);
}

static void
refused(const char *text, const char *want, const char *what)
{
	int rc = put(text, NULL, NULL);

	is_int(rc, PK_EX_DATAERR, what);
	if (!ok(strstr(pk_errmsg(), want) != NULL, "message"))
		printf("#   got \"%s\", want \"%s\"\n", pk_errmsg(), want);
}

#define REC(extra) "{\"peer\":\"Raven\",\"hours\":\"1\",\"activity\":" \
	"\"meeting\",\"level\":\"inform\"" extra "}"

static void
test_refused(void)
{
	refused("{\"peer\":\"Nobody\",\"hours\":\"1\",\"activity\":\"meeting\","
	    "\"level\":\"inform\"}", "no peer \"Nobody\"", "unknown peer");
	refused("{\"peer\":\"Gone\",\"hours\":\"1\",\"activity\":\"meeting\","
	    "\"level\":\"inform\"}", "is inactive", "inactive peer");
	refused("{\"hours\":\"1\",\"activity\":\"meeting\",\"level\":\"inform\"}",
	    "no peer", "no peer at all");
	refused(REC(",\"date\":\"2026-02-30\""), "no such date", "no such date");
	refused(REC(",\"date\":\"2026-11-24\""), "after today", "future date");
	refused(REC(",\"hours\":\"25\""), "more than 24 hours", "25 hours");
	refused(REC(",\"hours\":1.5"), "expected a string", "hours as a real");
	refused(REC(",\"minutes\":90"), "disagree", "hours and minutes disagree");
	refused(REC(",\"amount_due\":\"1.234\""), "more than two decimals",
	    "three decimals");
	refused(REC(",\"amount_due\":\"-1\""), "sign", "negative amount");
	refused("{\"peer\":\"Raven\",\"hours\":\"1\",\"activity\":\"dance\","
	    "\"level\":\"inform\"}", "activity \"dance\" is not", "activity");
	refused("{\"peer\":\"Raven\",\"hours\":\"1\",\"activity\":\"meeting\","
	    "\"level\":\"shout\"}", "level \"shout\" is not", "level");
	refused(REC(",\"supports\":[\"pony\"]"), "support \"pony\" is not",
	    "support");
	refused(REC(",\"supports\":\"meal\""), "list", "supports not a list");
	refused(REC(",\"colour\":\"red\""), "unknown field \"colour\"",
	    "unknown field");
	refused(REC(",\"uuid\":\"nope\""), "not a uuid", "bad uuid");
	refused(REC(",\"status\":\"paid\",\"payment_id\":7"), "cannot arrive paid",
	    "new record already paid");
	refused(REC(",\"status\":\"void\""), "void_reason", "void without reason");
	refused(REC(",\"status\":\"no-honorarium\",\"amount_due\":\"5.00\""),
	    "status \"no-honorarium\"", "status and amount disagree");
	refused(REC(",\"note\":\"a\\u0007b\""), "control characters",
	    "control character in note");
}

/* Stand in for payment.c: settle an engagement with a payment. */
static void
settle(int64_t id)
{
	char *sql = pk_asprintf("INSERT INTO payments (uuid, peer_id, date, "
	    "amount, method, kind, created_at, updated_at) SELECT "
	    "'00000000-0000-4000-8000-%012lld', peer_id, date, amount_due, "
	    "'cash', 'honorarium', 'x', 'x' FROM engagements WHERE id = %lld",
	    (long long)id, (long long)id);
	struct pk_payment p = {0};
	sqlite3_stmt *st;

	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		printf("Bail out! settle: %s\n", sqlite3_errmsg(s->db));
		exit(1);
	}
	free(sql);
	/* The payment allocated in the ledger, as honorarium-pay --for does. */
	p.id = sqlite3_last_insert_rowid(s->db);
	if (sqlite3_prepare_v2(s->db, "SELECT peer_id, amount FROM payments "
	    "WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		exit(1);
	sqlite3_bind_int64(st, 1, p.id);
	if (sqlite3_step(st) != SQLITE_ROW)
		exit(1);
	p.peer_id = sqlite3_column_int64(st, 0);
	p.amount = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	p.engagements = &id;
	p.nengagements = 1;
	if (pk_ledger_allocate(s, &p, NULL, NULL) != 0) {
		printf("Bail out! settle: %s\n", pk_errmsg());
		exit(1);
	}
}

/* A peer's credit, as the ledger keeps it. */
static int64_t
credit_of(int64_t peer_id)
{
	sqlite3_stmt *st;
	int64_t c = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT credit FROM peers WHERE id = ?",
	    -1, &st, NULL) != SQLITE_OK)
		exit(1);
	sqlite3_bind_int64(st, 1, peer_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		c = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return c;
}

static const char *
ref(int64_t id)
{
	static char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return buf;
}

static void
test_void(void)
{
	struct pk_engagement e;
	int64_t id = 0, paid = 0;

	put(REC(""), &id, NULL);
	put(REC(""), &paid, NULL);
	settle(paid);
	is_int(pk_engagement_void(s, "999", "x", &e), PK_EX_DATAERR,
	    "unknown engagement");
	is_int(pk_engagement_void(s, "x1", "x", &e), PK_EX_DATAERR,
	    "not an id or uuid");
	is_int(pk_engagement_void(s, "1", "", &e), PK_EX_DATAERR, "no reason");
	e = get(paid);
	is_str(pk_engagement_status(&e), "paid", "settled: paid");
	is_int(e.amount_paid, e.amount_due, "paid in full");
	pk_engagement_free(&e);
	is_int(pk_engagement_void(s, ref(id),
	    "logged twice", &e), 0, "void");
	is_str(pk_engagement_status(&e), "void", "status void");
	is_str(e.void_reason, "logged twice", "reason kept");
	pk_engagement_free(&e);
	is_int(pk_engagement_void(s, ref(id),
	    "again", &e), PK_EX_DATAERR, "void twice refused");
	ok(strstr(pk_errmsg(), "void already (logged twice)") != NULL,
	    "message gives the first reason");
}

/* A paid engagement voided: what was paid of it is the peer's credit
 * again, which pays what else the peer is owed, oldest first. */
static void
test_void_paid(void)
{
	struct pk_engagement e;
	int64_t first = 0, second = 0, third = 0;

	put("{\"peer\":\"Lark\",\"hours\":\"1\",\"activity\":\"meeting\","
	    "\"level\":\"inform\",\"date\":\"2026-10-01\"}", &first, NULL);
	settle(first);
	put("{\"peer\":\"Lark\",\"hours\":\"1\",\"activity\":\"meeting\","
	    "\"level\":\"inform\",\"date\":\"2026-10-02\"}", &second, NULL);
	put("{\"peer\":\"Lark\",\"hours\":\"2\",\"activity\":\"meeting\","
	    "\"level\":\"inform\",\"date\":\"2026-10-03\"}", &third, NULL);
	is_int(credit_of(4), 0, "no credit yet");
	is_int(pk_engagement_void(s, ref(first), "typo", &e), 0,
	    "a paid engagement voided");
	is_str(pk_engagement_status(&e), "void", "void");
	is_int(e.amount_paid, 0, "nothing paid of it now");
	pk_engagement_free(&e);
	e = get(second);
	is_str(pk_engagement_status(&e), "paid", "its 25.00 paid the oldest "
	    "owed");
	pk_engagement_free(&e);
	e = get(third);
	is_str(pk_engagement_status(&e), "unpaid", "and no more");
	pk_engagement_free(&e);
	is_int(credit_of(4), 0, "nothing is left in credit");
	is_int(pk_engagement_void(s, ref(second), "typo too", &e), 0,
	    "that one voided too");
	pk_engagement_free(&e);
	e = get(third);
	is_str(pk_engagement_status(&e), "part-paid", "the 25.00 moves on to "
	    "the next");
	is_int(e.amount_paid, 2500, "25.00 of 50.00");
	pk_engagement_free(&e);
}

static int
count(const struct pk_engagement *e, void *arg)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

static int
listed(struct pk_engagement_filter f)
{
	int n = 0;

	if (pk_engagement_each(s, &f, count, &n) != 0)
		return -1;
	return n;
}

static void
test_list(void)
{
	struct pk_engagement_filter f = {0};

	is_int(listed(f), 6, "all, void included");
	f.status = "void";
	is_int(listed(f), 1, "void");
	f.status = "paid";
	is_int(listed(f), 1, "paid");
	f.status = "unpaid";
	is_int(listed(f), 3, "unpaid");
	f.status = "no-honorarium";
	is_int(listed(f), 1, "no-honorarium");
	f.status = NULL;
	f.peer_id = 2;
	is_int(listed(f), 3, "by peer");
	f.peer_id = 0;
	f.from = f.to = "2026-11-20";
	is_int(listed(f), 1, "by period");
	f.from = f.to = NULL;
	f.level = "empower";
	is_int(listed(f), 1, "by level");
	f.level = NULL;
	f.region = "Interior";
	is_int(listed(f), 0, "by region");
}

/* The share of a level in the summary. */
static void
test_share(void)
{
	char buf[PK_SHARE_BUFSZ];

	is_str(pk_share_fmt(1, 3, buf), "33.3", "a third");
	is_str(pk_share_fmt(2, 3, buf), "66.7", "two thirds");
	is_str(pk_share_fmt(1, 16, buf), "6.3", "6.25 half up");
	is_str(pk_share_fmt(0, 5, buf), "0.0", "none");
	is_str(pk_share_fmt(5, 5, buf), "100.0", "all");
}

/* A support taken out of the config still counts, after the others. */
/* The one rule for small cells, on its own. */
static void
test_suppress(void)
{
	struct pk_cell c[4] = {{1, 0}, {20, 0}, {30, 0}, {0, 0}};
	char buf[PK_CELL_BUFSZ];

	pk_suppress(c, 4, 5, false, NULL, NULL);
	ok(c[0].hide == PK_HIDDEN_SMALL && c[1].hide == PK_SHOWN &&
	    c[2].hide == PK_SHOWN && c[3].hide == PK_SHOWN,
	    "no total beside: only the small cell hidden; none is shown");
	c[0].hide = PK_SHOWN;
	pk_suppress(c, 4, 5, true, NULL, NULL);
	ok(c[0].hide == PK_HIDDEN_SMALL && c[1].hide == PK_HIDDEN_OTHER &&
	    c[2].hide == PK_SHOWN && c[3].hide == PK_SHOWN,
	    "a total beside: the next smallest hidden to protect it");
	is_str(pk_cell_text(&c[0], 5, 1, buf), "<5", "a small cell: <5");
	is_str(pk_cell_text(&c[1], 5, 20, buf), "hidden",
	    "a cell hidden to protect another: hidden, not <5");
	is_str(pk_cell_text(&c[2], 5, 30, buf), "30", "a cell shown");
	c[0].hide = c[1].hide = PK_SHOWN;
	pk_suppress(c, 4, 0, true, NULL, NULL);
	ok(c[0].hide == PK_SHOWN, "a threshold of 0 hides nothing");
}

static void
test_old_supports(const struct pk_period *p)
{
	struct pk_config c = cfg;
	struct pk_summary sum;

	c.supports.n = 1;	/* childcare only */
	is_int(pk_engagement_summary(s, &c, p, "region", 0, &sum), 0,
	    "summary with fewer supports configured");
	is_int(sum.supports.n, 3, "the others found in the store are added");
	is_str(sum.supports.v[1], "transit", "in the order found");
	is_int(sum.rows[sum.n - 1].supports[1], 1, "and counted");
	is_int(sum.rows[sum.n - 1].supports[2], 1, "meal counted");
	pk_summary_free(&sum);
}

/* Several summaries in one pass are each what a pass of its own makes. */
static void
test_summaries(const struct pk_period *p)
{
	struct pk_period half = *p;
	struct pk_summary one[3], many[3];
	struct pk_summary_ask ask[3] = {
		{p, "peer", &many[0], false}, {&half, "level", &many[1], false},
		{p, NULL, &many[2], false}
	};
	size_t i, r;
	int same;

	snprintf(half.to_s, sizeof half.to_s, "2026-11-15");
	is_int(pk_engagement_summaries(s, &cfg, ask, 3, 2), 0,
	    "three summaries, two periods, one pass");
	for (i = 0; i < 3; i++) {
		is_int(pk_engagement_summary(s, &cfg, ask[i].p, ask[i].by, 2,
		    &one[i]), 0, "and each alone");
		same = one[i].n == many[i].n && pk_streq(one[i].by, many[i].by) &&
		    strcmp(one[i].to, many[i].to) == 0;
		for (r = 0; same && r < one[i].n; r++)
			same = pk_streq(one[i].rows[r].group, many[i].rows[r].group) &&
			    one[i].rows[r].engagements == many[i].rows[r].engagements &&
			    one[i].rows[r].peers == many[i].rows[r].peers &&
			    one[i].rows[r].due == many[i].rows[r].due &&
			    one[i].rows[r].suppressed == many[i].rows[r].suppressed;
		ok(same, "the same rows");
		pk_summary_free(&one[i]);
		pk_summary_free(&many[i]);
	}
	ok(strcmp(half.to_s, p->to_s) != 0, "the periods differ");
	ask[1].by = "colour";
	is_int(pk_engagement_summaries(s, &cfg, ask, 3, 0), PK_EX_USAGE,
	    "an unknown key fails before any summary");
}

static void
test_summary(void)
{
	struct pk_period p;
	struct pk_summary sum;
	struct pk_summary_row *t;
	json_t *j;

	pk_period_parse("2026-11", &p);
	is_int(pk_engagement_summary(s, &cfg, &p, NULL, 0, &sum), 0, "summary");
	is_int(sum.n, 1, "the total only");
	t = &sum.rows[0];
	is_int(t->engagements, 5, "void left out");
	is_int(t->peers, 2, "distinct peers");
	is_int(t->minutes, 90 + 20 + 120 + 60 + 60, "minutes");
	is_int(t->due, 3750 + 5000 + 0 + 1234 + 2500, "due");
	is_int(t->paid, 2500, "paid");
	is_int(t->levels[0], 2, "inform");
	is_int(t->supports[1], 1, "transit");
	j = pk_summary_json(&sum, t);
	is_str(json_string_value(json_object_get(j, "outstanding")), "99.84",
	    "outstanding");
	is_str(json_string_value(json_object_get(j, "inform_share")), "40.0",
	    "share");
	is_int(json_integer_value(json_object_get(j, "support_meal")), 1,
	    "support count");
	json_decref(j);
	pk_summary_free(&sum);

	is_int(pk_engagement_summary(s, &cfg, &p, "peer", 0, &sum), 0, "by peer");
	is_int(sum.n, 3, "two peers and the total");
	is_str(sum.rows[0].group, "Moss", "sorted by alias");
	is_int(sum.rows[0].engagements, 3, "Moss");
	pk_summary_free(&sum);

	/* Groups of 1 peer each, suppress 2: both hidden, the pair holds 2. */
	is_int(pk_engagement_summary(s, &cfg, &p, "peer", 2, &sum), 0,
	    "suppressed");
	ok(sum.rows[0].suppressed && sum.rows[1].suppressed, "groups hidden");
	ok(!sum.rows[2].suppressed, "total shown: 2 peers");
	j = pk_summary_json(&sum, &sum.rows[0]);
	ok(json_is_null(json_object_get(j, "due")), "hidden figures null");
	json_decref(j);
	pk_summary_free(&sum);
	is_int(pk_engagement_summary(s, &cfg, &p, "peer", 3, &sum), 0,
	    "suppress 3");
	ok(sum.rows[2].suppressed, "total of 2 peers hidden too");
	pk_summary_free(&sum);

	/* Regions: Vancouver Coastal has both peers, (none) has Moss alone:
	 * hiding (none) alone would let the total give it away, so Vancouver
	 * Coastal goes too. */
	put("{\"peer\":\"Moss\",\"date\":\"2026-11-21\",\"hours\":\"1\","
	    "\"activity\":\"shift\",\"level\":\"involve\","
	    "\"region\":\"Vancouver Coastal\"}", NULL, NULL);
	is_int(pk_engagement_summary(s, &cfg, &p, "region", 2, &sum), 0,
	    "by region, suppress 2");
	is_int(sum.n, 3, "two groups and the total");
	ok(sum.rows[1].group == NULL && sum.rows[1].suppressed,
	    "the small group hidden");
	ok(sum.rows[0].suppressed, "the next smallest hidden with it");
	ok(sum.rows[0].protects && !sum.rows[1].protects,
	    "and marked as hidden to protect the other, not as small");
	ok(!sum.rows[2].suppressed, "total shown");
	pk_summary_free(&sum);
	test_suppress();
	is_int(pk_engagement_summary(s, &cfg, &p, "colour", 0, &sum),
	    PK_EX_USAGE, "unknown key");
	test_old_supports(&p);
	test_summaries(&p);
}

int
main(void)
{
	tap_fixed_clock();
	unsetenv("PEERKIT_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/nonexistent", 1);
	pk_set_today("2026-11-23");
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&s, ":memory:", PK_STORE_MEMORY) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		return 1;
	}
	add_peer("Raven", "Vancouver Coastal", "Downtown Eastside");
	add_peer("Moss", NULL, NULL);
	add_peer("Gone", NULL, NULL);
	add_peer("Lark", NULL, NULL);
	{
		struct pk_peer p;

		pk_peer_get(s, 3, &p);
		free(p.status);
		p.status = pk_strdup("inactive");
		pk_peer_update(s, &p, NULL);
		pk_peer_free(&p);
	}
	test_records();
	test_refused();
	test_void();
	test_list();
	test_share();
	test_summary();
	test_audit();
	test_peer_cache();
	test_void_paid();
	pk_store_close(s);
	pk_config_free(&cfg);
	return done_testing();
}
