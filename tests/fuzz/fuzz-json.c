/*
 * fuzz-json.c - input records: the bytes are a whole input file (JSON
 * Lines, or one JSON array; then the same bytes as CSV, with the
 * columns the three tools take) read by pk_input the way a batch reads it,
 * and each record is taken as each kind a tool reads (a peer for
 * peer-add, an engagement for engage-log, a payment for honorarium-pay:
 * parsed, checked, stored in a store in memory and printed in every
 * format), its fields read with the typed getters, and the record
 * itself printed in every format.  The store holds two peers (Raven,
 * Moss) and an engagement for the records to name.
 *
 * The input reaches pk_input through fmemopen: struct pk_input is
 * public, and an input is a FILE, its name and whether it is ours to
 * close, so no file is written per input.
 *
 * Properties: nothing crashes or leaks; every refusal is 65 (bad data)
 * with a message (one that names the input and prints safely when the
 * input itself is at fault); a peer stored reads back the same; an
 * engagement or payment stored has an id and prints; each input
 * leaves the store as it found it (its transaction is rolled back).
 */
#include "fuzz.h"
/* To count rows: proof that each input is rolled back. */
#include "internal.h"

#define MAX_RECORDS 256	/* libFuzzer inputs are small; bound the work */

static struct pk_config cfg;
static pk_store *store;
static FILE *devnull;
static int64_t base_rows;

static const char *const money_keys[] = {
	"amount", "amount_due", "hourly", "flat", NULL
};

static void
done(void)
{
	pk_store_close(store);
	pk_config_free(&cfg);
	if (devnull)
		fclose(devnull);
}

/* Rows in the store, to show that each input is rolled back. */
static int64_t
rows(void)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM peers) + "
	    "(SELECT count(*) FROM engagements) + "
	    "(SELECT count(*) FROM payments) + (SELECT count(*) FROM audit)";
	pk_q *st = pk_stmt(store, sql);
	int64_t n;

	fz_assert(pk_step(st) == PK_ROW);
	n = pk_col_int64(st, 0);
	pk_reset(st);
	return n;
}

/* Two peers and an unpaid engagement of Raven's, for records to name. */
static void
seed(void)
{
	static const char *const recs[] = {
		"{\"alias\": \"Raven\", \"role\": \"peer-worker\"}",
		"{\"alias\": \"Moss\", \"sin\": \"130692544\"}",
		NULL
	};
	struct pk_peer p;
	struct pk_engagement e;
	pk_engage *g;
	json_t *rec;
	int outcome;
	size_t i;

	if (pk_store_begin(store) != 0)
		fz_fail(pk_errmsg(), __FILE__, __LINE__);
	for (i = 0; recs[i]; i++) {
		memset(&p, 0, sizeof p);
		if (!(rec = json_loads(recs[i], 0, NULL)) ||
		    pk_peer_apply(&cfg, &p, rec) != 0 ||
		    pk_peer_insert(store, &p) != 0)
			fz_fail(pk_errmsg(), __FILE__, __LINE__);
		json_decref(rec);
		pk_peer_free(&p);
	}
	g = pk_engage_new(store, &cfg);
	rec = json_loads("{\"peer\": \"Raven\", \"date\": \"2026-11-20\", "
	    "\"hours\": \"1.5\", \"activity\": \"meeting\", "
	    "\"level\": \"consult\"}", 0, NULL);
	if (!rec || pk_engage_from_json(g, rec, &e) != 0 ||
	    pk_engage_save(g, &e, &outcome) != 0 || pk_store_commit(store) != 0)
		fz_fail(pk_errmsg(), __FILE__, __LINE__);
	json_decref(rec);
	pk_engagement_free(&e);
	pk_engage_free(g);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_isolate();
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&store, ":memory:", PK_STORE_MEMORY) != 0)
		fz_fail(pk_errmsg(), __FILE__, __LINE__);
	if (!(devnull = fopen("/dev/null", "w")))
		abort();
	atexit(done);
	seed();
	base_rows = rows();
	return 0;
}

/* A record in all four shapes, as a tool prints it. */
static void
print_all(json_t *rec, const struct pk_col *cols)
{
	static const enum pk_format fmts[] = {
		PK_FMT_TABLE, PK_FMT_JSONL, PK_FMT_JSON, PK_FMT_CSV
	};
	pk_out *o;
	size_t i;

	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		o = pk_out_new(devnull, fmts[i], cols);
		fz_assert(pk_out_rec(o, rec) == 0);
		fz_assert(pk_out_end(o) == 0);
	}
	/* The card view of table output, for a record shown in full. */
	o = pk_out_new(devnull, PK_FMT_TABLE, NULL);
	fz_assert(pk_out_rec(o, rec) == 0);
	fz_assert(pk_out_end(o) == 0);
}

/* The getters a tool uses on fields it knows: right type or 65. */
static void
getters(json_t *rec)
{
	const char *s;
	int64_t i, cents = 0;
	bool b;
	size_t k;
	int rc;

	rc = pk_json_str(rec, "alias", &s, NULL);
	fz_assert(rc == 0 || rc == PK_EX_DATAERR);
	rc = pk_json_int(rec, "minutes", &i, NULL);
	fz_assert(rc == 0 || rc == PK_EX_DATAERR);
	rc = pk_json_bool(rec, "paid", &b, NULL);
	fz_assert(rc == 0 || rc == PK_EX_DATAERR);
	for (k = 0; money_keys[k]; k++) {
		cents = 0;
		rc = pk_json_money(rec, money_keys[k], &cents, k % 2 ?
		    PK_MONEY_SIGNED : 0, NULL);
		fz_assert(rc == 0 || rc == PK_EX_DATAERR);
		fz_assert(rc != 0 || k % 2 || cents >= 0);
	}
}

static void
as_peer(json_t *rec)
{
	static const struct pk_col cols[] = {
		{"id", "ID"}, {"alias", "ALIAS"}, {"sin", "SIN"}, {NULL, NULL}
	};
	struct pk_peer p, back;
	json_t *j, *k;
	int rc;

	memset(&p, 0, sizeof p);
	if ((rc = pk_peer_apply(&cfg, &p, rec)) == 0)
		rc = pk_peer_validate(&cfg, &p);
	if (rc == 0) {
		/* A uuid given twice in one input is a constraint: 65. */
		if ((rc = pk_peer_insert(store, &p)) != 0) {
			fz_assert(rc == PK_EX_DATAERR);
			pk_peer_free(&p);
			return;
		}
		fz_assert(pk_peer_get(store, p.id, &back) == 0);
		j = pk_peer_json(&p, true);
		k = pk_peer_json(&back, true);
		fz_assert(json_equal(j, k));
		json_decref(k);
		pk_peer_free(&back);
		print_all(j, cols);
		json_decref(j);
	} else {
		fz_assert(rc == PK_EX_DATAERR);
		fz_assert(pk_errmsg()[0] != '\0');
	}
	pk_peer_free(&p);
}

static void
as_engagement(pk_engage *g, json_t *rec)
{
	struct pk_engagement e;
	json_t *j;
	int rc, outcome = 0;

	if ((rc = pk_engage_from_json(g, rec, &e)) != 0) {
		fz_assert(rc == PK_EX_DATAERR && pk_errmsg()[0] != '\0');
		return;
	}
	if ((rc = pk_engage_save(g, &e, &outcome)) == 0) {
		fz_assert(e.id > 0 && (outcome == PK_ENGAGE_ADDED ||
		    outcome == PK_ENGAGE_UNCHANGED));
		j = pk_engagement_json(&e);
		print_all(j, NULL);
		json_decref(j);
	} else {
		fz_assert(rc == PK_EX_DATAERR && pk_errmsg()[0] != '\0');
	}
	pk_engagement_free(&e);
}

static void
as_payment(json_t *rec)
{
	struct pk_payment p;
	json_t *j;
	int rc, outcome = 0;

	if ((rc = pk_payment_apply(store, &cfg, rec, &p)) == 0 &&
	    (rc = pk_payment_pay(store, &cfg, &p, 0, &outcome)) == 0) {
		fz_assert(p.id > 0 && p.amount > 0);
		fz_assert(p.amount <= cfg.max_payment || p.nengagements > 0);
		j = pk_payment_json(&p);
		print_all(j, NULL);
		json_decref(j);
	} else {
		/* 1: over a benefit limit under --strict only. */
		fz_assert(rc == PK_EX_DATAERR && pk_errmsg()[0] != '\0');
	}
	pk_payment_free(&p);
}

/* The input read to its end as fmt, each record taken as every kind. */
static void
read_all(const uint8_t *data, size_t size, enum pk_input_format fmt)
{
	static const struct pk_field *const fields[] = {
		pk_peer_fields, pk_engagement_input, pk_payment_input, NULL
	};
	struct pk_input in;
	pk_engage *g;
	json_t *rec;
	size_t n;
	int rc;

	memset(&in, 0, sizeof in);
	/* fmemopen refuses an empty buffer: read nothing from /dev/null. */
	in.fp = size ? fmemopen((void *)data, size, "r") :
	    fopen("/dev/null", "r");
	if (!in.fp)
		abort();
	in.name = pk_strdup("<fuzz>");
	in.owned = true;
	pk_input_format(&in, fmt, fields);
	fz_assert(pk_store_begin(store) == 0);
	g = pk_engage_new(store, &cfg);
	for (n = 0; n < MAX_RECORDS && (rc = pk_input_next(&in, &rec)) != 0;
	    n++) {
		if (rc != 1) {
			fz_assert(rc == PK_EX_DATAERR);
			fz_assert(strncmp(pk_errmsg(), "<fuzz>", 6) == 0);
			fz_assert(fz_printable(pk_errmsg()));
			continue;
		}
		fz_assert(json_is_object(rec));
		fz_assert(strncmp(pk_input_where(&in), "<fuzz>", 6) == 0);
		getters(rec);
		as_peer(rec);
		as_engagement(g, rec);
		as_payment(rec);
		print_all(rec, NULL);
		json_decref(rec);
	}
	pk_engage_free(g);
	pk_store_rollback(store);
	fz_assert(rows() == base_rows);
	pk_input_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size, PK_INPUT_JSONL);
	read_all(data, size, PK_INPUT_CSV);
	return 0;
}
