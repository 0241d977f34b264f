/*
 * test-payment - payments through the library: reading a record, every
 * refusal, duplicates by ref and uuid, voids, warnings and --strict,
 * settling engagements, payroll plans, totals, exact money and receipts,
 * on a store in memory with a small config of its own.
 *
 * Engagements come from engagement.c's own API: nothing here writes to
 * the store but the library.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"

static pk_store *s;
static struct pk_config cfg;
static char dir[] = "/tmp/test-payment.XXXXXX";

static const char config[] =
    "payment:\n"
    "  max_amount: \"1000.00\"\n"
    "payer:\n"
    "  name: \"Harm <Reduction> & Co\"\n"
    "benefit_programs:\n"
    "  - name: monthly\n"
    "    monthly_limit: \"100.00\"\n"
    "  - name: annual\n"
    "    annual_limit: \"400.00\"\n";

static void
setup(void)
{
	char path[64];
	FILE *fp;

	unsetenv("PEERKIT_CONFIG");
	if (!mkdtemp(dir))
		exit(2);
	/* The keys that seal SINs go in the scratch directory. */
	setenv("XDG_CONFIG_HOME", dir, 1);
	pk_privacy_use(NULL);
	snprintf(path, sizeof path, "%s/config.yaml", dir);
	if (!(fp = fopen(path, "w")) || fputs(config, fp) == EOF ||
	    fclose(fp) != 0)
		exit(2);
	if (pk_config_load(&cfg, path) != 0 ||
	    pk_store_open(&s, ":memory:", PK_STORE_MEMORY) != 0 ||
	    pk_store_begin(s) != 0) {
		fprintf(stderr, "setup: %s\n", pk_errmsg());
		exit(2);
	}
	unlink(path);
	rmdir(dir);
}

/* The keys made in the scratch directory, and the directory. */
static void
cleanup_keys(void)
{
	char *p;

	unlink(pk_privacy_path(PK_KEY_PUBLIC));
	unlink(pk_privacy_path(PK_KEY_SECRET));
	unlink(pk_privacy_path(PK_KEY_INDEX));
	p = pk_asprintf("%s/peerkit/keys", dir);
	rmdir(p);
	free(p);
	p = pk_asprintf("%s/peerkit", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

static int64_t
add_peer(const char *json)
{
	struct pk_peer p = {0};
	json_t *rec = json_loads(json, 0, NULL);
	int64_t id = 0;

	if (rec && pk_peer_apply(&cfg, &p, rec) == 0 &&
	    pk_peer_insert(s, &p) == 0)
		id = p.id;
	else
		printf("# add_peer %s: %s\n", json, pk_errmsg());
	json_decref(rec);
	pk_peer_free(&p);
	return id;
}

static int64_t
add_engagement(const char *json)
{
	struct pk_engagement e;
	pk_engage *g = pk_engage_new(s, &cfg);
	json_t *rec = json_loads(json, 0, NULL);
	int64_t id = 0;
	int outcome;

	memset(&e, 0, sizeof e);
	if (rec && pk_engage_from_json(g, rec, &e) == 0 &&
	    pk_engage_save(g, &e, &outcome) == 0)
		id = e.id;
	else
		printf("# add_engagement %s: %s\n", json, pk_errmsg());
	json_decref(rec);
	pk_engagement_free(&e);
	pk_engage_free(g);
	return id;
}

/* Apply and pay one record; p keeps the result (freed by the caller). */
static int
pay(const char *json, int flags, struct pk_payment *p, int *outcome)
{
	json_t *rec = json_loads(json, 0, NULL);
	int rc, out = -1;

	if (!rec) {
		printf("# bad test JSON: %s\n", json);
		exit(2);
	}
	rc = pk_payment_apply(s, &cfg, rec, p);
	if (rc == 0)
		rc = pk_payment_pay(s, &cfg, p, flags, &out);
	if (outcome)
		*outcome = out;
	json_decref(rec);
	return rc;
}

/* Pay and forget: the status (the message stays in pk_errmsg). */
static int
pay_rc(const char *json, int flags)
{
	struct pk_payment p;
	int rc = pay(json, flags, &p, NULL);

	pk_payment_free(&p);
	return rc;
}

static bool
err_has(const char *what)
{
	if (strstr(pk_errmsg(), what))
		return true;
	printf("#   message: %s\n#   wanted:  %s\n", pk_errmsg(), what);
	return false;
}

static void
refused(const char *json, int code, const char *msg, const char *what)
{
	char desc[200];

	is_int(pay_rc(json, 0), code, what);
	snprintf(desc, sizeof desc, "%s: message", what);
	ok(err_has(msg), desc);
}

static int
count(const struct pk_payment *p, void *arg)
{
	(void)p;
	(*(int64_t *)arg)++;
	return 0;
}

static int64_t
count_payments(void)
{
	struct pk_payment_filter f = {0};
	int64_t n = 0;

	pk_payment_each(s, &f, count, &n);
	return n;
}

static int64_t
taxable(int64_t peer, const char *from, const char *to)
{
	int64_t c = -1;

	if (pk_payment_taxable(s, peer, from, to, &c) != 0)
		printf("# taxable: %s\n", pk_errmsg());
	return c;
}

static void
test_basic(void)
{
	struct pk_payment p;
	json_t *j;
	char *text;

	is_int(pay("{\"peer\": \"Raven\", \"amount\": \"25.00\"}", 0, &p, NULL),
	    0, "pay 25.00");
	is_int(p.id, 1, "the first payment is id 1");
	is_int(p.amount, 2500, "amount in cents");
	is_str(p.method, "cash", "method: config's default");
	is_str(p.kind, "honorarium", "kind: honorarium by default");
	is_str(p.date, "2026-11-23", "date: today");
	is_str(p.status, "paid", "status paid");
	ok(strlen(p.uuid) == 36, "a uuid was given");
	j = pk_payment_json(&p);
	text = json_dumps(j, JSON_COMPACT);
	ok(strstr(text, "\"amount\":\"25.00\"") != NULL, "JSON money is a "
	    "string with two decimals");
	ok(strstr(text, "\"engagements\":[]") &&
	    strstr(text, "\"warnings\":[]"), "JSON lists are there, empty");
	free(text);
	json_decref(j);
	pk_payment_free(&p);

	is_int(pay("{\"peer\": \"Moss\", \"amount\": 30}", 0, &p, NULL), 0,
	    "whole dollars as a JSON integer");
	is_str(p.method, "etransfer", "method: the peer's preference");
	is_int(p.amount, 3000, "30 is 30.00");
	pk_payment_free(&p);
}

static void
test_exact(void)
{
	is_int(pay_rc("{\"peer\": \"Wren\", \"amount\": \"0.10\"}", 0), 0,
	    "pay 0.10");
	is_int(pay_rc("{\"peer\": \"Wren\", \"amount\": \"0.20\"}", 0), 0,
	    "pay 0.20");
	is_int(taxable(3, "2026-01-01", "2026-12-31"), 30,
	    "0.10 + 0.20 is exactly 0.30");
}

static void
test_refusals(void)
{
	int64_t before = count_payments();

	refused("{\"peer\": \"Raven\", \"amount\": \"0\"}", PK_EX_DATAERR,
	    "must be more than 0.00", "a zero amount");
	refused("{\"peer\": \"Raven\", \"amount\": \"-5.00\"}", PK_EX_DATAERR,
	    "a sign is not allowed", "a negative amount");
	refused("{\"peer\": \"Raven\", \"amount\": \"1.234\"}", PK_EX_DATAERR,
	    "more than two decimals", "three decimals");
	refused("{\"peer\": \"Raven\", \"amount\": 2.5}", PK_EX_DATAERR,
	    "not a number with a fraction", "a JSON real");
	refused("{\"peer\": \"Raven\", \"amount\": \"1000.01\"}", PK_EX_DATAERR,
	    "1000.01 is more than 1000.00", "over the maximum");
	refused("{\"peer\": \"Raven\"}", PK_EX_DATAERR,
	    "field \"amount\": required", "no amount");
	refused("{\"amount\": \"5.00\"}", PK_EX_DATAERR,
	    "field \"peer\": required", "no peer");
	refused("{\"peer\": \"Nobody\", \"amount\": \"5.00\"}", PK_EX_DATAERR,
	    "no peer \"Nobody\"", "an unknown peer");
	refused("{\"peer\": \"Gone\", \"amount\": \"5.00\"}", PK_EX_DATAERR,
	    "peer Gone (id 4) is inactive", "an inactive peer");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"method\": "
	    "\"bitcoin\"}", PK_EX_DATAERR, "\"bitcoin\" is not a payment method",
	    "an unknown method");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"kind\": "
	    "\"salary\"}", PK_EX_DATAERR, "\"salary\" is not honorarium or "
	    "reimbursement", "an unknown kind");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"kind\": "
	    "\"reimbursement\", \"category\": \"rent\"}", PK_EX_DATAERR,
	    "\"rent\" is not transit", "an unknown category");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"kind\": "
	    "\"reimbursement\"}", PK_EX_DATAERR, "required for a reimbursement",
	    "a reimbursement without a category");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"category\": "
	    "\"meal\"}", PK_EX_DATAERR, "only a reimbursement has a category",
	    "a category on an honorarium");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"date\": "
	    "\"2026-11-24\"}", PK_EX_DATAERR, "2026-11-24 is after today",
	    "a date after today");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"date\": "
	    "\"2026-02-30\"}", PK_EX_DATAERR, "no such date", "no such date");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"tip\": 1}",
	    PK_EX_DATAERR, "unknown field \"tip\"", "an unknown field");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"ref\": \"\"}",
	    PK_EX_DATAERR, "field \"ref\": empty", "an empty ref");
	refused("{\"peer_id\": 1, \"alias\": \"Moss\", \"amount\": \"5.00\"}",
	    PK_EX_DATAERR, "field \"alias\": \"Moss\" is peer 2, not peer 1 "
	    "(Raven) that field \"peer_id\" names",
	    "an alias that contradicts the peer_id");
	refused("{\"peer\": \"Raven\", \"amount\": \"5.00\", \"note\": "
	    "\"a\\u001b[31m\"}", PK_EX_DATAERR, "control characters",
	    "control characters in a note");
	is_int(count_payments(), before, "no refusal stored anything");
}

static void
test_duplicates(void)
{
	struct pk_payment p;
	size_t released;
	int outcome;
	int64_t id;
	char json[256];

	is_int(pay("{\"peer\": \"Raven\", \"amount\": \"12.00\", \"ref\": "
	    "\"march-1\"}", 0, &p, &outcome), 0, "pay with a ref");
	is_int(outcome, PK_PAY_PAID, "paid");
	id = p.id;
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Raven\", \"amount\": \"12.00\", \"ref\": "
	    "\"march-1\"}", 0, &p, &outcome), 0, "the same ref again");
	is_int(outcome, PK_PAY_DUPLICATE, "is a duplicate");
	is_int(p.id, id, "naming the payment on record");
	pk_payment_free(&p);
	refused("{\"peer\": \"Raven\", \"amount\": \"13.00\", \"ref\": "
	    "\"march-1\"}", PK_EX_DATAERR, "ref \"march-1\" is already payment",
	    "the ref for another amount");
	ok(err_has("its amount differs"), "says what differs");
	refused("{\"peer\": \"Moss\", \"amount\": \"12.00\", \"ref\": "
	    "\"march-1\"}", PK_EX_DATAERR, "its peer differs",
	    "the ref for another peer");

	is_int(pay("{\"peer\": \"Raven\", \"amount\": \"14.00\", \"uuid\": "
	    "\"0AC3E9C6-4C38-4F0E-9A5B-2F1D1B3B0F9A\"}", 0, &p, &outcome), 0,
	    "pay with a given uuid");
	is_str(p.uuid, "0ac3e9c6-4c38-4f0e-9a5b-2f1d1b3b0f9a",
	    "kept, in lower case");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Raven\", \"amount\": \"14.00\", \"uuid\": "
	    "\"0ac3e9c6-4c38-4f0e-9a5b-2f1d1b3b0f9a\"}", 0, &p, &outcome), 0,
	    "the same uuid again");
	is_int(outcome, PK_PAY_DUPLICATE, "is a duplicate");
	pk_payment_free(&p);
	refused("{\"peer\": \"Raven\", \"amount\": \"15.00\", \"uuid\": "
	    "\"0ac3e9c6-4c38-4f0e-9a5b-2f1d1b3b0f9a\"}", PK_EX_DATAERR,
	    "uuid \"0ac3e9c6-4c38-4f0e-9a5b-2f1d1b3b0f9a\" is already payment",
	    "a uuid for another payment");

	/* A record printed by the tool pipes back in as a duplicate. */
	is_int(pk_payment_get(s, "march-1", &p), PK_EX_DATAERR,
	    "a ref is not a payment id");
	is_int(pk_payment_get(s, "1", &p), 0, "get by id");
	{
		json_t *j = pk_payment_json(&p);
		char *text = json_dumps(j, JSON_COMPACT);

		pk_payment_free(&p);
		is_int(pay(text, 0, &p, &outcome), 0, "a printed record again");
		is_int(outcome, PK_PAY_DUPLICATE, "is a duplicate by uuid");
		free(text);
		json_decref(j);
		pk_payment_free(&p);
	}

	is_int(pk_payment_void(s, "march-1", "typo", &p, &released), PK_EX_DATAERR,
	    "void takes an id or uuid");
	pk_payment_free(&p);
	snprintf(json, sizeof json, "%lld", (long long)id);
	is_int(pk_payment_void(s, json, "wrong month", &p, &released), 0, "void it");
	pk_payment_free(&p);
	refused("{\"peer\": \"Raven\", \"amount\": \"12.00\", \"ref\": "
	    "\"march-1\"}", PK_EX_DATAERR, "which is void (wrong month); pay "
	    "again under a new ref", "a void payment's ref");
}

static void
test_void(void)
{
	struct pk_payment p;
	size_t released;
	int64_t before = taxable(1, "2026-01-01", "2026-12-31");

	is_int(pay_rc("{\"peer\": \"Raven\", \"amount\": \"40.00\"}", 0), 0,
	    "pay 40.00");
	is_int(taxable(1, "2026-01-01", "2026-12-31"), before + 4000,
	    "counts in the total");
	is_int(pk_payment_get(s, "1", &p), 0, "get");
	pk_payment_free(&p);
	is_int(pk_payment_void(s, "1", "", &p, &released), PK_EX_DATAERR,
	    "an empty reason");
	pk_payment_free(&p);
	is_int(pk_payment_void(s, "999", "x", &p, &released), PK_EX_DATAERR,
	    "an unknown payment");
	ok(err_has("no payment 999"), "named");
	pk_payment_free(&p);
	is_int(pk_payment_void(s, "1", "paid in error", &p, &released), 0, "void 1");
	is_str(p.status, "void", "status void");
	is_str(p.void_reason, "paid in error", "the reason kept");
	is_str(p.voided_at, "2026-11-23T12:00:00Z", "when");
	pk_payment_free(&p);
	is_int(taxable(1, "2026-01-01", "2026-12-31"), before + 4000 - 2500,
	    "a void payment leaves the total");
	is_int(pk_payment_void(s, "1", "again", &p, &released), PK_EX_DATAERR,
	    "voiding twice");
	ok(err_has("payment 1 is already void"), "says so");
	pk_payment_free(&p);
	is_int(pk_payment_get(s, "1", &p), 0, "still on record");
	is_str(p.status, "void", "as void");
	pk_payment_free(&p);
}

static bool
has_warning(const struct pk_payment *p, const char *text)
{
	json_t *w;
	size_t i;

	json_array_foreach(p->warnings, i, w)
		if (strstr(json_string_value(w), text))
			return true;
	return false;
}

static void
test_warnings(void)
{
	struct pk_payment p;
	int64_t n;

	is_int(pay("{\"peer\": \"Wren\", \"amount\": \"5.00\", \"method\": "
	    "\"gift-card\"}", 0, &p, NULL), 0, "a gift card is paid");
	ok(has_warning(&p, "gift card: not adequate compensation"),
	    "with a warning");
	pk_payment_free(&p);

	/* Kestrel has nothing a T4A slip needs: the crossing warns, once. */
	is_int(pay("{\"peer\": \"Kestrel\", \"amount\": \"500.00\"}", 0, &p,
	    NULL), 0, "500.00: at the threshold");
	is_int(json_array_size(p.warnings), 0, "no warning at 500.00 exactly");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Kestrel\", \"amount\": \"0.01\", \"method\": "
	    "\"etransfer\"}", 0, &p, NULL),
	    0, "0.01 more");
	ok(has_warning(&p, "T4A: the taxable total for 2026 becomes 500.01, "
	    "over the 500.00 threshold; missing for the slip: legal surname, "
	    "SIN, address"), "crossing the threshold warns");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Kestrel\", \"amount\": \"1.00\"}", 0, &p, NULL),
	    0, "more");
	is_int(json_array_size(p.warnings), 0, "only the crossing warns");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Sage\", \"amount\": \"600.00\"}", 0, &p, NULL),
	    0, "a peer with surname, SIN and address");
	is_int(json_array_size(p.warnings), 0, "crosses without a warning");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Kestrel\", \"amount\": \"600.00\", \"kind\": "
	    "\"reimbursement\", \"category\": \"transit\"}", 0, &p, NULL), 0,
	    "a reimbursement");
	is_int(json_array_size(p.warnings), 0, "is not income: no warning");
	pk_payment_free(&p);

	/* Monthly limit 100.00; earnings count in the month paid.  Amounts
	 * to the cent go by e-transfer: cash is paid to 0.05 (cash.c). */
	is_int(pay_rc("{\"peer\": \"Fern\", \"amount\": \"90.00\", \"date\": "
	    "\"2026-10-31\"}", 0), 0, "90.00 in October");
	is_int(pay("{\"peer\": \"Fern\", \"amount\": \"60.00\"}", 0, &p, NULL),
	    0, "60.00 in November");
	is_int(json_array_size(p.warnings), 0, "a new month, no warning");
	pk_payment_free(&p);
	is_int(pay_rc("{\"peer\": \"Fern\", \"amount\": \"50.00\", \"kind\": "
	    "\"reimbursement\", \"category\": \"meal\"}", 0), 0,
	    "a reimbursement does not count");
	n = count_payments();
	is_int(pay_rc("{\"peer\": \"Fern\", \"amount\": \"40.01\", \"method\": "
	    "\"etransfer\"}",
	    PK_PAY_STRICT), PK_EX_NO, "--strict refuses going over the month");
	ok(err_has("Fern: refused under --strict: benefit limit: earnings for "
	    "2026-11 become 100.01, over the 100.00 monthly limit of monthly"),
	    "saying why");
	is_int(count_payments(), n, "nothing stored");
	is_int(pay_rc("{\"peer\": \"Fern\", \"amount\": \"40.00\"}",
	    PK_PAY_STRICT), 0, "--strict pays up to the limit");
	is_int(pay("{\"peer\": \"Fern\", \"amount\": \"0.01\", \"method\": "
	    "\"etransfer\"}", 0, &p, NULL),
	    0, "without --strict, over the limit is paid");
	ok(has_warning(&p, "benefit limit: earnings for 2026-11 become 100.01, "
	    "over the 100.00 monthly limit of monthly"), "with a warning");
	ok(pk_payment_limit_warning(json_string_value(json_array_get(
	    p.warnings, 0))), "a limit warning");
	pk_payment_free(&p);

	/* Annual limit 400.00: reaching 300.00 warns once, over 400.00
	 * always. */
	is_int(pay("{\"peer\": \"Ash\", \"amount\": \"299.99\", \"method\": "
	    "\"etransfer\", \"date\": "
	    "\"2026-01-15\"}", 0, &p, NULL), 0, "299.99: a cent short of 75%");
	is_int(json_array_size(p.warnings), 0, "no warning");
	pk_payment_free(&p);
	n = count_payments();
	is_int(pay_rc("{\"peer\": \"Ash\", \"amount\": \"0.01\", \"method\": "
	    "\"etransfer\"}", PK_PAY_STRICT), PK_EX_NO,
	    "--strict refuses reaching 75%");
	is_int(count_payments(), n, "nothing stored");
	is_int(pay("{\"peer\": \"Ash\", \"amount\": \"0.01\", \"method\": "
	    "\"etransfer\"}", 0, &p, NULL), 0,
	    "300.00: 75% exactly");
	ok(has_warning(&p, "become 300.00, reaching 75% of the 400.00 annual "
	    "limit of annual"), "reaching 75% warns");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Ash\", \"amount\": \"50.00\"}", 0, &p, NULL), 0,
	    "350.00");
	is_int(json_array_size(p.warnings), 0, "only the crossing warns");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Ash\", \"amount\": \"50.01\", \"method\": "
	    "\"etransfer\"}", 0, &p, NULL), 0,
	    "400.01");
	ok(has_warning(&p, "earnings for 2026 become 400.01, over the 400.00 "
	    "annual limit of annual"), "over the year's limit warns");
	ok(!has_warning(&p, "T4A"), "a T4A warning only without the data");
	pk_payment_free(&p);
	is_int(pay("{\"peer\": \"Ash\", \"amount\": \"100.00\", \"date\": "
	    "\"2025-12-31\"}", 0, &p, NULL), 0, "last year");
	is_int(json_array_size(p.warnings), 0, "counts in its own year");
	pk_payment_free(&p);
}

/* The benefit rule alone: 75% reached means 4 x earnings >= 3 x limit,
 * for limits that are and are not a multiple of four cents. */
static void
test_benefit_rule(void)
{
	static const struct {
		int64_t limit, under, reach;	/* last cent under, first at */
	} c[] = {
		{ 40000, 29999, 30000 },	/* 300.00 is 75% exactly */
		{ 1620000, 1214999, 1215000 },
		{ 1, 0, 1 }, { 2, 1, 2 }, { 3, 2, 3 }, { 5, 3, 4 },
		{ 10001, 7500, 7501 },		/* 75% of 100.01 is 75.0075 */
		{ INT64_MAX, INT64_MAX / 4 * 3 + 2, INT64_MAX / 4 * 3 + 3 },
	};
	struct pk_benefit b = { .name = "rule" };
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		b.annual_limit = c[i].limit;
		is_int(pk_benefit_annual(&b, c[i].under), PK_LIMIT_UNDER,
		    "a cent short of 75%: under");
		is_int(pk_benefit_annual(&b, c[i].reach), PK_LIMIT_NEAR,
		    "75% reached: near");
		is_int(pk_benefit_annual(&b, c[i].limit), PK_LIMIT_NEAR,
		    "the limit itself: near");
		if (c[i].limit < INT64_MAX)
			is_int(pk_benefit_annual(&b, c[i].limit + 1),
			    PK_LIMIT_OVER, "a cent over: over");
	}
	b.annual_limit = 0;
	is_int(pk_benefit_annual(&b, 100), PK_LIMIT_UNDER, "no limit: under");
	is_int(pk_benefit_annual(NULL, 100), PK_LIMIT_UNDER, "no program");
}

static int64_t paid_for_two;	/* the payment for two engagements */

static void
test_engagements(void)
{
	struct pk_engagement e;
	struct pk_payment p;
	size_t released;
	int64_t e1, e2, e3, e4, e5;
	int outcome;
	char json[256];

	e1 = add_engagement("{\"peer\": \"Plover\", \"date\": \"2026-11-02\", "
	    "\"minutes\": 120, \"activity\": \"meeting\", \"level\": "
	    "\"consult\"}");
	e2 = add_engagement("{\"peer\": \"Plover\", \"date\": \"2026-11-09\", "
	    "\"minutes\": 90, \"activity\": \"shift\", \"level\": \"involve\"}");
	e3 = add_engagement("{\"peer\": \"Finch\", \"date\": \"2026-11-09\", "
	    "\"minutes\": 60, \"activity\": \"shift\", \"level\": \"involve\"}");
	e4 = add_engagement("{\"peer\": \"Plover\", \"date\": \"2026-11-10\", "
	    "\"minutes\": 60, \"activity\": \"shift\", \"level\": \"involve\"}");
	e5 = add_engagement("{\"peer\": \"Plover\", \"date\": \"2026-11-11\", "
	    "\"minutes\": 60, \"activity\": \"shift\", \"level\": \"involve\"}");
	ok(e1 && e2 && e3 && e4 && e5, "five engagements");

	snprintf(json, sizeof json, "{\"engagements\": [%lld, %lld], "
	    "\"amount\": \"80.00\"}", (long long)e1, (long long)e2);
	refused(json, PK_EX_DATAERR, "80.00 is not the 87.50 due for those "
	    "engagements; give a note", "an amount that is not what is due");
	snprintf(json, sizeof json, "{\"engagements\": [%lld, %lld]}",
	    (long long)e1, (long long)e1);
	refused(json, PK_EX_DATAERR, "is listed twice", "an engagement twice");
	refused("{\"engagements\": [9999]}", PK_EX_DATAERR,
	    "no engagement with id 9999", "an unknown engagement");
	snprintf(json, sizeof json, "{\"peer\": \"Plover\", \"engagements\": "
	    "[%lld]}", (long long)e3);
	refused(json, PK_EX_DATAERR, "is another peer's", "another peer's");
	snprintf(json, sizeof json, "{\"peer\": \"Plover\", \"amount\": \"5.00\", "
	    "\"kind\": \"reimbursement\", \"category\": \"meal\", "
	    "\"engagements\": [%lld]}", (long long)e1);
	refused(json, PK_EX_DATAERR, "a reimbursement settles no engagement",
	    "a reimbursement for engagements");

	snprintf(json, sizeof json, "{\"engagements\": [%lld, %lld]}",
	    (long long)e1, (long long)e2);
	is_int(pay(json, 0, &p, NULL), 0, "pay engagements, peer and amount "
	    "from them");
	is_int(p.peer_id, 10, "Plover's");
	is_int(p.amount, 8750, "at what they are due");
	is_int(p.nengagements, 2, "settling two");
	paid_for_two = p.id;
	pk_payment_free(&p);
	is_int(pk_engagement_get(s, "1", &e), 0, "read engagement 1");
	is_str(pk_engagement_status(&e), "paid", "it is paid");
	pk_engagement_free(&e);
	refused(json, PK_EX_DATAERR, "engagement 1 is already paid (payment",
	    "an engagement already paid");

	snprintf(json, sizeof json, "{\"engagements\": [%lld], \"amount\": "
	    "\"30.00\", \"note\": \"a bus ticket on top\"}", (long long)e4);
	is_int(pay(json, 0, &p, &outcome), 0, "a different amount with a note");
	is_int(p.amount, 3000, "paid as given");
	pk_payment_free(&p);

	is_int(pk_engagement_void(s, "5", "did not happen", &e), 0,
	    "void engagement 5");
	pk_engagement_free(&e);
	snprintf(json, sizeof json, "{\"engagements\": [%lld]}", (long long)e5);
	refused(json, PK_EX_DATAERR, "engagement 5 is void",
	    "a void engagement");

	/* Voiding the payment makes its engagements unpaid again. */
	snprintf(json, sizeof json, "%lld", (long long)paid_for_two);
	is_int(pk_payment_void(s, json, "wrong peer", &p, &released), 0,
	    "void the payment for 1 and 2");
	is_int(released, 2, "two engagements owe again");
	is_int(p.nengagements, 0, "and the payment pays nothing now");
	pk_payment_free(&p);
	is_int(pk_engagement_get(s, "2", &e), 0, "read engagement 2");
	is_str(pk_engagement_status(&e), "unpaid", "unpaid again");
	pk_engagement_free(&e);
}

struct seen {
	int n;
	int64_t amount[4], peer[4];
	int rc[4];
};

static int
plan_seen(struct pk_payment *p, int rc, void *arg)
{
	struct seen *v = arg;

	if (v->n < 4) {
		v->amount[v->n] = p->amount;
		v->peer[v->n] = p->peer_id;
		v->rc[v->n] = rc;
	}
	v->n++;
	return 0;
}

static void
test_plan(void)
{
	struct pk_payplan_opts o = {NULL, NULL, 0, NULL};
	struct pk_period per;
	struct pk_plan_add a;
	struct seen v = {0};
	size_t inactive = 9;
	json_t *rec;

	pk_period_parse("2026-11", &per);
	is_int(pk_payplan_start(s), 0, "begin a plan");
	is_int(pk_payplan_period(s, &per, 0, &inactive), 0,
	    "plan November: 1 and 2 (unpaid again) and 3 are unpaid");
	is_int(inactive, 0, "none of inactive peers");
	is_int(pk_payplan_pay(s, &cfg, &o, plan_seen, &v), 0, "pay the plan");
	is_int(v.n, 2, "two peers");
	is_int(v.peer[0], 9, "Finch first");
	is_int(v.amount[0], 2500, "25.00 for an hour's shift");
	is_int(v.peer[1], 10, "then Plover");
	/* 87.50, less the 5.00 credit the 30.00 paid for engagement 4 (due
	 * 25.00) left, which went to engagement 1 when it owed again. */
	is_int(v.amount[1], 8250, "82.50");
	is_int(pk_payplan_start(s), 0, "a second plan");
	is_int(pk_payplan_period(s, &per, 0, &inactive), 0,
	    "plan November again");
	o.flags = PK_PAY_DRYRUN;
	is_int(pk_payplan_pay(s, &cfg, &o, plan_seen, &v), 0, "a dry run");
	is_int(v.n, 2, "nothing left to pay");
	o.flags = 0;

	rec = json_loads("{\"id\": 1, \"amount_due\": \"99.00\"}", 0, NULL);
	ok(pk_payplan_is_engagement(rec), "amount_due and no amount: an "
	    "engagement record");
	is_int(pk_payplan_add(s, rec, &a), 0, "add a paid engagement");
	is_int(a.outcome, PK_PLAN_ALREADY_PAID, "already paid");
	json_decref(rec);
	rec = json_loads("{\"id\": 5}", 0, NULL);
	is_int(pk_payplan_add(s, rec, &a), PK_EX_DATAERR, "a void engagement");
	json_decref(rec);
	rec = json_loads("{\"uuid\": \"00000000-0000-4000-8000-000000000000\"}",
	    0, NULL);
	is_int(pk_payplan_add(s, rec, &a), PK_EX_DATAERR, "an unknown uuid");
	json_decref(rec);
	add_engagement("{\"peer\": \"Finch\", \"date\": \"2026-11-20\", "
	    "\"minutes\": 60, \"activity\": \"meeting\", \"level\": "
	    "\"inform\"}");
	rec = json_loads("{\"id\": 6, \"amount_due\": \"99.00\"}", 0, NULL);
	is_int(pk_payplan_add(s, rec, &a), 0, "an unpaid engagement");
	is_int(a.outcome, PK_PLAN_ADDED, "added");
	is_int(a.due, 2500, "due as on record");
	is_int(a.stated, 9900, "not as stated");
	is_int(pk_payplan_add(s, rec, &a), 0, "again");
	is_int(a.outcome, PK_PLAN_REPEATED, "repeated");
	json_decref(rec);
	rec = json_loads("{\"amount\": \"1.00\", \"amount_due\": \"1.00\"}", 0,
	    NULL);
	ok(!pk_payplan_is_engagement(rec), "with an amount: a payment");
	json_decref(rec);
	memset(&v, 0, sizeof v);
	o.method = "cheque";
	is_int(pk_payplan_pay(s, &cfg, &o, plan_seen, &v), 0, "pay it");
	is_int(v.n, 1, "one payment");
	is_int(v.amount[0], 2500, "at 25.00");
}

struct tot {
	int n;
	int64_t taxable, reimb, mtd, count;
};

static int
tot_one(const struct pk_payment_totals *t, void *arg)
{
	struct tot *v = arg;

	if (t->peer_id == 5) {
		v->taxable = t->taxable;
		v->reimb = t->reimbursements;
		v->mtd = t->month_to_date;
		v->count = t->count;
	}
	v->n++;
	return 0;
}

static void
test_totals(void)
{
	struct tot v = {0};
	json_t *j;
	char *text;
	struct pk_payment_totals t = {7, "u", "A", 2026, 12345, 10, 5, 3};

	is_int(pk_payment_totals(s, 2026, 0, tot_one, &v), 0, "totals");
	is_int(v.taxable, 50001 + 100, "Kestrel: taxable");
	is_int(v.reimb, 60000, "reimbursements apart");
	is_int(v.mtd, 50101, "month to date");
	is_int(v.count, 4, "four payments");
	memset(&v, 0, sizeof v);
	is_int(pk_payment_totals(s, 2026, 5, tot_one, &v), 0, "one peer");
	is_int(v.n, 1, "just that one");
	memset(&v, 0, sizeof v);
	is_int(pk_payment_totals(s, 2024, 0, tot_one, &v), 0, "an empty year");
	is_int(v.n, 0, "no rows");
	j = pk_payment_totals_json(&t);
	text = json_dumps(j, JSON_COMPACT);
	is_str(text, "{\"peer_id\":7,\"peer_uuid\":\"u\",\"alias\":\"A\","
	    "\"year\":2026,\"taxable\":\"123.45\",\"reimbursements\":\"0.10\","
	    "\"month_to_date\":\"0.05\",\"count\":3}", "totals as JSON");
	free(text);
	json_decref(j);
}

static char *
receipt(const char *ref, bool html)
{
	struct pk_payment p;
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	if (pk_payment_get(s, ref, &p) != 0 ||
	    pk_payment_receipt(s, &cfg, &p, fp, html) != 0)
		printf("# receipt: %s\n", pk_errmsg());
	fclose(fp);
	pk_payment_free(&p);
	return buf;
}

static void
test_receipts(void)
{
	char ref[32], *r = receipt("1", false);

	ok(strstr(r, "PAYMENT RECEIPT") && strstr(r, "Receipt number  1\n"),
	    "text: the receipt number");
	ok(strstr(r, "Amount          $25.00\n") &&
	    strstr(r, "In words        twenty-five dollars and 00/100\n"),
	    "text: amount in figures and words");
	ok(strstr(r, "Harm <Reduction> & Co"), "text: the payer");
	ok(strstr(r, "*** VOID ***"), "text: a void receipt says VOID");
	ok(strstr(r, "Peer signature") && strstr(r, "Witness signature"),
	    "text: signature lines");
	free(r);
	r = receipt("2", true);
	ok(strncmp(r, "<!DOCTYPE html>", 15) == 0 && strstr(r, "</html>\n"),
	    "html: a whole page");
	ok(strstr(r, "Harm &lt;Reduction&gt; &amp; Co") &&
	    !strstr(r, "<Reduction>"), "html: text escaped");
	ok(!strstr(r, "VOID"), "html: a paid receipt is not void");
	free(r);
	/* The payment for engagements 1 and 2 (voided): its receipt keeps
	 * them. */
	snprintf(ref, sizeof ref, "%lld", (long long)paid_for_two);
	r = receipt(ref, false);
	ok(strstr(r, "2026-11-02  meeting         2.00 hours\n") &&
	    strstr(r, "2026-11-09  shift           1.50 hours\n"),
	    "text: the engagements, with hours");
	free(r);
}

/* A record naming the peer by id (%lld) or uuid (%s), or by alias. */
static char *
fill(const char *fmt, const struct pk_peer *peer)
{
	if (strstr(fmt, "%lld"))
		return pk_asprintf(fmt, (long long)peer->id);
	if (strstr(fmt, "%s"))
		return pk_asprintf(fmt, peer->uuid);
	return pk_strdup(fmt);
}

/*
 * A run of payments (a batch) keeps each peer's totals as it pays: the
 * warnings must be those of the same payments made one at a time, whose
 * totals come from the store.  The peer is named three ways, so the run
 * looks it up by each.
 */
static void
test_payrun(void)
{
	static const char *const recs[] = {
		"{\"peer\": \"Lark\", \"date\": \"2026-01-10\", \"amount\": "
		"\"60.00\"}",
		"{\"peer\": \"lark\", \"date\": \"2026-01-20\", \"amount\": "
		"\"50.00\"}",
		"{\"peer_id\": %lld, \"date\": \"2026-02-01\", \"amount\": "
		"\"200.00\"}",
		"{\"peer\": \"Lark\", \"date\": \"2025-12-31\", \"amount\": "
		"\"30.00\"}",
		"{\"peer\": \"Lark\", \"date\": \"2026-03-01\", \"amount\": "
		"\"195.00\"}",
		"{\"peer_uuid\": \"%s\", \"date\": \"2026-03-02\", \"amount\": "
		"\"10.00\"}",
		"{\"peer\": \"Lark\", \"date\": \"2026-03-03\", \"amount\": "
		"\"5.00\", \"kind\": \"reimbursement\", \"category\": \"meal\"}",
	};
	enum { N = sizeof recs / sizeof recs[0] };
	struct pk_peer lark;
	struct pk_payment p;
	char *one[N], *text;
	pk_payrun *pr;
	json_t *rec;
	size_t i;
	int rc, out;

	add_peer("{\"alias\": \"Lark\", \"benefit_program\": \"monthly\"}");
	if (pk_peer_resolve(s, "Lark", &lark) != 0)
		exit(2);
	is_int(pk_store_savepoint(s), 0, "a savepoint");
	for (i = 0; i < N; i++) {
		text = fill(recs[i], &lark);
		rc = pay(text, 0, &p, NULL);
		one[i] = rc == 0 ? json_dumps(p.warnings, JSON_COMPACT) : NULL;
		pk_payment_free(&p);
		free(text);
	}
	ok(one[1] && strstr(one[1], "become 110.00, over the 100.00 monthly"),
	    "one at a time: January over the monthly limit");
	ok(one[4] && strstr(one[4], "T4A: the taxable total for 2026 becomes "
	    "505.00"), "one at a time: over the T4A threshold in March");
	pk_store_rollback_to(s);
	is_int(taxable(lark.id, "2025-01-01", "2026-12-31"), 0, "undone");
	pr = pk_payrun_new(s, &cfg);
	for (i = 0; i < N; i++) {
		text = fill(recs[i], &lark);
		rec = json_loads(text, 0, NULL);
		if ((rc = pk_payrun_apply(pr, rec, &p)) == 0)
			rc = pk_payrun_pay(pr, &p, 0, &out);
		is_int(rc, 0, "paid in a run");
		json_decref(rec);
		free(text);
		text = rc == 0 ? json_dumps(p.warnings, JSON_COMPACT) : NULL;
		is_str(text, one[i], "the same warnings as one at a time");
		free(text);
		free(one[i]);
		pk_payment_free(&p);
	}
	pk_payrun_free(pr);
	is_int(taxable(lark.id, "2026-01-01", "2026-12-31"), 51500,
	    "the store holds the year's honoraria");
	pk_peer_free(&lark);
}

struct planned {
	size_t n;
	char *json[8];
};

/* Each payment of a plan as JSON without its uuid, which is random. */
static int
plan_kept(struct pk_payment *p, int rc, void *arg)
{
	struct planned *v = arg;
	json_t *j;

	if (rc != 0 || v->n == 8)
		return 0;
	j = pk_payment_json(p);
	json_object_del(j, "uuid");
	v->json[v->n++] = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return 0;
}

/* A dry run of a plan writes nothing and makes the payments a real run
 * makes: the same ids, amounts, engagements and warnings. */
static void
test_plan_dryrun(void)
{
	struct pk_payplan_opts o = {"2026-10-01", NULL, PK_PAY_DRYRUN, NULL};
	struct planned dry = {0}, real = {0};
	struct pk_period per;
	int64_t before = count_payments();
	size_t inactive, i;

	/* Peers in credit would have their engagements paid as logged. */
	add_peer("{\"alias\": \"Egret\", \"benefit_program\": \"monthly\"}");
	add_peer("{\"alias\": \"Stilt\"}");
	add_engagement("{\"peer\": \"Egret\", \"date\": \"2026-09-03\", "
	    "\"minutes\": 300, \"activity\": \"meeting\", \"level\": "
	    "\"inform\"}");
	add_engagement("{\"peer\": \"Stilt\", \"date\": \"2026-09-04\", "
	    "\"minutes\": 60, \"activity\": \"meeting\", \"level\": "
	    "\"inform\"}");
	add_engagement("{\"peer\": \"Egret\", \"date\": \"2026-09-01\", "
	    "\"minutes\": 60, \"activity\": \"meeting\", \"level\": "
	    "\"inform\"}");
	pk_period_parse("2026-09", &per);
	is_int(pk_payplan_start(s), 0, "a plan for September");
	is_int(pk_payplan_period(s, &per, 0, &inactive), 0, "the period");
	is_int(pk_payplan_pay(s, &cfg, &o, plan_kept, &dry), 0, "a dry run");
	is_int(count_payments(), before, "a dry run writes no payment");
	is_int(pk_payplan_start(s), 0, "again");
	is_int(pk_payplan_period(s, &per, 0, &inactive), 0, "the period");
	o.flags = 0;
	is_int(pk_payplan_pay(s, &cfg, &o, plan_kept, &real), 0, "a real run");
	is_int(count_payments(), before + 2, "a real run writes them");
	is_int(dry.n, 2, "two peers");
	is_int(real.n, dry.n, "the same payments");
	for (i = 0; i < real.n; i++) {
		is_str(dry.json[i], real.json[i], "as the dry run said");
		free(dry.json[i]);
		free(real.json[i]);
	}
}

static int
missing_of_peer(const struct pk_t4a *t, void *arg)
{
	if (t->peer.id == *(int64_t *)arg)
		*(int64_t *)arg = -(int64_t)t->missing;
	return 0;
}

/* A surname of spaces is no legal surname, for the payment's warning as
 * for t4a-report: one rule (pk_t4a_missing) decides both. */
static void
test_blank_surname(void)
{
	struct pk_payment p;
	struct pk_peer peer;
	int64_t id, seen;
	char *warning;

	id = add_peer("{\"alias\": \"Heron\", \"surname\": \"   \", \"sin\": "
	    "\"193456787\", \"address_line1\": \"1 Main St\", \"city\": "
	    "\"Kelowna\", \"province\": \"BC\", \"postal_code\": \"V1Y 1A1\"}");
	ok(id > 0, "a peer whose surname is spaces");
	is_int(pk_peer_get(s, id, &peer), 0, "read back");
	is_int(pk_t4a_missing(&peer), PK_T4A_NO_SURNAME, "pk_t4a_missing: "
	    "no legal surname, nothing else");
	pk_peer_free(&peer);
	is_int(pay("{\"peer\": \"Heron\", \"amount\": \"500.01\", \"method\": "
	    "\"etransfer\"}", 0, &p,
	    NULL), 0, "paid over the threshold");
	warning = json_dumps(p.warnings, JSON_COMPACT);
	is_str(warning, "[\"T4A: the taxable total for 2026 becomes 500.01, "
	    "over the 500.00 threshold; missing for the slip: legal "
	    "surname\"]", "the payment warns: missing legal surname");
	free(warning);
	pk_payment_free(&p);
	seen = id;
	is_int(pk_t4a_each(s, &cfg, 2026, false, missing_of_peer, &seen), 0,
	    "the year's totals");
	is_int(seen, -PK_T4A_NO_SURNAME, "t4a-report's view: the same");
}

/* Payments name their engagements by uuid too, and a record from
 * another store is read by those uuids. */
static void
test_merge_records(void)
{
	struct pk_engagement e;
	struct pk_payment p;
	char id[24], *text;
	int64_t a, b;
	int out;

	add_peer("{\"alias\": \"Tern\"}");
	a = add_engagement("{\"peer\": \"Tern\", \"date\": \"2026-11-02\", "
	    "\"minutes\": 60, \"activity\": \"shift\", \"level\": \"inform\"}");
	b = add_engagement("{\"peer\": \"Tern\", \"date\": \"2026-11-03\", "
	    "\"minutes\": 60, \"activity\": \"shift\", \"level\": \"inform\"}");
	text = pk_asprintf("{\"engagements\": [%lld, %lld]}", (long long)a,
	    (long long)b);
	is_int(pay(text, 0, &p, NULL), 0, "Tern's two engagements paid");
	free(text);
	snprintf(id, sizeof id, "%lld", (long long)p.id);
	pk_payment_free(&p);
	is_int(pk_payment_get(s, id, &p), 0, "a payment for two engagements");
	is_int(p.nengagements, 2, "it pays two");
	ok(p.engagement_uuids != NULL, "with their uuids");
	snprintf(id, sizeof id, "%lld", (long long)p.engagements[1]);
	if (pk_engagement_get(s, id, &e) == 0) {
		is_str(p.engagement_uuids[1], e.uuid, "in the same order");
		pk_engagement_free(&e);
	}
	text = pk_asprintf("{\"peer\": \"Raven\", \"engagements\": [1], "
	    "\"engagement_uuids\": [\"%s\", \"%s\"]}", p.engagement_uuids[0],
	    p.engagement_uuids[1]);
	refused(text, PK_EX_DATAERR, "field \"engagements\": 1, but 2 "
	    "engagement_uuids", "ids and uuids disagree");
	free(text);
	pk_payment_free(&p);
	refused("{\"peer\": \"Raven\", \"engagement_uuids\": "
	    "[\"00000000-0000-4000-8000-00000000abcd\"]}", PK_EX_DATAERR,
	    "no engagement with uuid 00000000-0000-4000-8000-00000000abcd in "
	    "this store (a merge imports the engagements first",
	    "an engagement this store has not got");
	refused("{\"uuid\": \"00000000-0000-4000-8000-0000000000e1\", "
	    "\"peer\": \"Raven\", \"engagements\": [1], \"created_at\": "
	    "\"2026-11-01T00:00:00Z\"}", PK_EX_DATAERR, "names its engagements "
	    "by another store's ids", "an export with ids alone");
	refused("{\"uuid\": \"00000000-0000-4000-8000-0000000000e2\", "
	    "\"peer\": \"Raven\", \"amount\": \"5.00\", \"status\": \"void\", "
	    "\"void_reason\": \"x\"}", PK_EX_DATAERR, "a void payment that is "
	    "not on record cannot be paid", "a void payment made here");
	is_int(pay("{\"uuid\": \"00000000-0000-4000-8000-0000000000e3\", "
	    "\"peer\": \"Raven\", \"date\": \"2026-11-02\", \"amount\": "
	    "\"5.00\", \"status\": \"void\", \"void_reason\": \"lost\", "
	    "\"voided_at\": \"2026-11-03T10:00:00Z\", \"created_at\": "
	    "\"2026-11-02T10:00:00Z\"}", 0, &p, &out), 0,
	    "a void payment from another store");
	is_int(out, PK_PAY_KEPT_VOID, "kept void");
	is_str(p.status, "void", "void");
	is_str(p.voided_at, "2026-11-03T10:00:00Z", "when it was voided there");
	pk_payment_free(&p);
	is_int(taxable(1, "2026-11-02", "2026-11-02"), 0, "counted nowhere");
}

int
main(void)
{
	tap_fixed_clock();
	setup();
	add_peer("{\"alias\": \"Raven\"}");
	add_peer("{\"alias\": \"Moss\", \"payment_method\": \"etransfer\"}");
	add_peer("{\"alias\": \"Wren\"}");
	add_peer("{\"alias\": \"Gone\", \"status\": \"inactive\"}");
	add_peer("{\"alias\": \"Kestrel\"}");
	add_peer("{\"alias\": \"Sage\", \"surname\": \"Lee\", \"sin\": "
	    "\"130692544\", \"address_line1\": \"1 Main St\", \"city\": "
	    "\"Kelowna\", \"province\": \"BC\", \"postal_code\": \"V1Y 1A1\"}");
	add_peer("{\"alias\": \"Fern\", \"benefit_program\": \"monthly\"}");
	add_peer("{\"alias\": \"Ash\", \"benefit_program\": \"annual\", "
	    "\"surname\": \"Ash\", \"sin\": \"527194831\", \"address_line1\": "
	    "\"1 Main St\", \"city\": \"Kelowna\", \"province\": \"BC\", "
	    "\"postal_code\": \"V1Y 1A1\"}");
	/* Two peers no payment has touched, for the engagements: a peer
	 * paid before holds credit, which their engagements would take. */
	add_peer("{\"alias\": \"Finch\"}");
	add_peer("{\"alias\": \"Plover\", \"payment_method\": \"etransfer\"}");
	test_basic();
	test_exact();
	test_refusals();
	test_duplicates();
	test_void();
	test_warnings();
	test_benefit_rule();
	test_engagements();
	test_plan();
	test_totals();
	test_receipts();
	test_payrun();
	test_plan_dryrun();
	test_merge_records();
	test_blank_surname();
	pk_store_rollback(s);
	pk_store_close(s);
	pk_config_free(&cfg);
	cleanup_keys();
	return done_testing();
}
