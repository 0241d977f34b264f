/*
 * test-store: creation and modes, versions, transactions, savepoints;
 * the compact JSON writer against jansson's own bytes, the audit trail's
 * SIN masking, and uuids.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"

static char dir[] = "/tmp/pk-store-XXXXXX";

static char *
path(const char *name)
{
	return pk_asprintf("%s/%s", dir, name);
}

static int
mode_of(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static int64_t
add_peer(pk_store *s, const char *alias)
{
	struct pk_peer p = {0};
	int64_t id;

	p.alias = pk_strdup(alias);
	if (pk_peer_insert(s, &p) != 0)
		return -1;
	id = p.id;
	pk_peer_free(&p);
	return id;
}

static int
counter(const struct pk_peer *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static int
npeers(pk_store *s)
{
	struct pk_peer_filter f = {0};
	int n = 0;

	pk_peer_each(s, &f, counter, &n);
	return n;
}

static void
test_create(void)
{
	char *db = path("a/b/peerkit.db"), *ab = path("a/b");
	pk_store *s = NULL;

	is_int(pk_store_open(&s, db, PK_STORE_READ), PK_EX_NOINPUT,
	    "reading a store that does not exist");
	ok(strstr(pk_errmsg(), "peer-add creates one") != NULL,
	    "the message says how to make one");
	is_int(pk_store_open(&s, db, PK_STORE_WRITE), 0, "create a store");
	is_int(mode_of(db), 0600, "the file is 0600");
	is_int(mode_of(ab), 0700, "its new directory is 0700");
	is_int(pk_store_version(s), PK_SCHEMA_VERSION, "migrated to the latest");
	pk_store_close(s);
	is_int(pk_store_open(&s, db, PK_STORE_READ), 0, "then open it to read");
	pk_store_close(s);
	free(db);
	free(ab);
}

static void
test_dryrun(void)
{
	char *db = path("dry.db");
	pk_store *s = NULL;

	is_int(pk_store_open(&s, db, PK_STORE_DRYRUN), 0, "dry run, no store");
	ok(access(db, F_OK) != 0, "creates no file");
	ok(add_peer(s, "Ghost") > 0, "but works in memory");
	pk_store_close(s);
	free(db);
}

static void
test_transactions(void)
{
	char *db = path("tx.db");
	pk_store *s = NULL;

	pk_store_open(&s, db, PK_STORE_WRITE);
	is_int(pk_store_begin(s), 0, "begin");
	add_peer(s, "Kept");
	is_int(pk_store_commit(s), 0, "commit");
	pk_store_begin(s);
	add_peer(s, "Lost");
	pk_store_rollback(s);
	is_int(npeers(s), 1, "a rollback leaves nothing");
	pk_store_begin(s);
	pk_store_savepoint(s);
	add_peer(s, "Good");
	is_int(pk_store_release(s), 0, "release a savepoint");
	pk_store_savepoint(s);
	add_peer(s, "Bad");
	pk_store_rollback_to(s);
	pk_store_commit(s);
	is_int(npeers(s), 2, "rollback to a savepoint drops only that record");
	pk_store_close(s);
	free(db);
}

static char *
slurp(const char *p, long *len)
{
	FILE *fp = fopen(p, "rb");
	char *buf;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	*len = ftell(fp);
	rewind(fp);
	buf = pk_malloc((size_t)*len);
	if (fread(buf, 1, (size_t)*len, fp) != (size_t)*len)
		*len = -1;
	fclose(fp);
	return buf;
}

static void
test_refusals(void)
{
	char *db = path("junk.db"), *newer = path("newer.db"), *a, *b;
	pk_store *s = NULL;
	sqlite3 *raw;
	FILE *fp = fopen(db, "w");
	long la, lb;

	for (int i = 0; i < 200; i++)
		fputs("junk junk junk junk junk junk junk junk\n", fp);
	fclose(fp);
	is_int(pk_store_open(&s, db, PK_STORE_WRITE), PK_EX_DATAERR,
	    "a file that is not SQLite");
	ok(strstr(pk_errmsg(), "not a peerkit store") != NULL, "says so");

	pk_store_open(&s, newer, PK_STORE_WRITE);
	pk_store_close(s);
	sqlite3_open(newer, &raw);
	sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(raw);
	a = slurp(newer, &la);
	is_int(pk_store_open(&s, newer, PK_STORE_WRITE), PK_EX_DATAERR,
	    "a store from a newer peerkit");
	ok(strstr(pk_errmsg(), "schema version 99") != NULL, "names its version");
	b = slurp(newer, &lb);
	ok(la == lb && la > 0 && memcmp(a, b, (size_t)la) == 0,
	    "and leaves it byte for byte as it was");
	free(a);
	free(b);
	free(db);
	free(newer);
}

static char *
dumps(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (!s)
		pk_die(PK_EX_SOFTWARE, "json_dumps failed");
	return s;
}

/* Every kind of value: pk_json_text makes jansson's bytes. */
static void
test_jtext_values(void)
{
	static const char *const texts[] = {
		"null", "true", "false", "0", "-1", "9223372036854775807",
		"-9223372036854775808", "1.5", "-0.0", "1e300", "0.1",
		"\"\"", "\"plain\"", "\"quote \\\" back \\\\ slash /\"",
		"\"\\u0001\\u0008\\t\\n\\u000b\\f\\r\\u001f\\u007f end\"",
		"\"Zo\\u00eb \\u4e2d \\ud83d\\ude00 \\u2028 \\u202e\"",
		"[]", "{}", "[1,[2,[3,{}]],\"x\",null]",
		"{\"z\":1,\"a\":{\"b\":[true,false]},\"k\\\"ey\":\"v\",\"\\u00e9\":2}",
		"{\"id\":7,\"sin\":\"***-***-286\",\"tags\":[\"a\",\"b\"],"
		"\"amount\":\"25.00\",\"n\":-42}",
		NULL
	};
	json_error_t e;
	char *want, *got;
	json_t *v;
	size_t i, len;

	for (i = 0; texts[i]; i++) {
		v = json_loads(texts[i], JSON_DECODE_ANY, &e);
		if (!v) {
			printf("Bail out! bad test JSON %s: %s\n", texts[i], e.text);
			exit(1);
		}
		want = dumps(v);
		got = pk_json_text(v, &len);
		is_str(got, want, texts[i]);
		is_int(len, strlen(want), "and its length");
		free(want);
		free(got);
		json_decref(v);
	}
}

/* C strings, valid UTF-8 or not: pk_jt_str is pk_json_strornull's text. */
static void
test_jtext_strings(void)
{
	static const char *const strs[] = {
		"", "Raven", "a \"b\" \\c\\ /d", "\x01\x1f\x7f\t\n\r\b\f",
		"Zo\xc3\xab", "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x98\x80",
		"\xff", "bad \xc3 end", "\xc0\xaf overlong", "\xe0\x80\x80",
		"\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 too high",
		"\xf5\x80\x80\x80", "cut \xe4\xb8", "\xc2\x80\xc2\x9f C1",
		NULL
	};
	struct pk_jtext t;
	json_t *v;
	char *want;
	size_t i;

	for (i = 0; strs[i]; i++) {
		pk_jt_init(&t);
		pk_jt_str(&t, strs[i]);
		v = pk_json_strornull(strs[i]);
		want = dumps(v);
		is_str(t.s, want, "pk_jt_str is pk_json_strornull's text");
		free(want);
		json_decref(v);
		free(t.s);
	}
	pk_jt_init(&t);
	pk_jt_str(&t, NULL);
	is_str(t.s, "null", "NULL is null");
	free(t.s);
}

static void
test_jtext_build(void)
{
	static const int64_t ints[] = {
		0, 1, -1, 9, 10, -10, 1234567890123LL, INT64_MAX, INT64_MIN
	};
	struct pk_jtext t = {0};	/* unallocated: grows from nothing */
	char want[32];
	size_t i;

	for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		t.len = 0;
		pk_jt_int(&t, ints[i]);
		snprintf(want, sizeof want, "%lld", (long long)ints[i]);
		is_str(t.s, want, "pk_jt_int");
	}
	t.len = 0;
	pk_jt_add(&t, "{", 1);
	pk_jt_key(&t, "a");
	pk_jt_int(&t, 1);
	pk_jt_key(&t, "b");
	pk_jt_add(&t, "{", 1);
	pk_jt_key(&t, "c");
	pk_jt_value(&t, NULL);
	pk_jt_add(&t, "}", 1);
	pk_jt_key(&t, "d");
	pk_jt_str(&t, "");
	pk_jt_add(&t, "}", 1);
	is_str(t.s, "{\"a\":1,\"b\":{\"c\":null},\"d\":null}",
	    "keys: a comma between, none after an opening brace");
	t.len = 0;
	for (i = 0; i < 10000; i++)
		pk_jt_add(&t, "0123456789", 10);
	is_int(t.len, 100000, "grows as needed");
	ok(t.cap > t.len && t.s[t.len] == '\0', "NUL-terminated");
	free(t.s);
}

static char *
audit_after(pk_store *s, int64_t n)
{
	pk_q *st = pk_prepare(s, "SELECT after FROM audit ORDER BY id "
	    "LIMIT 1 OFFSET ?");
	char *v = NULL;

	if (!st)
		return NULL;
	pk_bind_int64(st, 1, n);
	if (pk_step(st) == PK_ROW)
		v = pk_col_strdup(st, 0);
	pk_finalize(st);
	return v;
}

/* The audit trail never holds a SIN in the clear, text or json_t. */
static void
test_audit(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "{\"id\":1,\"sin\":\"046454286\",\"x\":2}",
		  "{\"id\":1,\"sin\":\"***-***-286\",\"x\":2}", "a SIN is masked" },
		{ "{\"sin\":\"***-***-286\"}", "{\"sin\":\"***-***-286\"}",
		  "a masked SIN stays" },
		{ "{\"sin\":null,\"notes\":\"\\\"sin\\\":\\\"046454286\\\"\"}",
		  "{\"sin\":null,\"notes\":\"\\\"sin\\\":\\\"046454286\\\"\"}",
		  "null, and the same bytes inside a string, are not a SIN" },
		{ "{\"a\":{\"sin\":\"046454286\"},\"sin\":\"12\\\"34\"}",
		  "{\"a\":{\"sin\":\"***-***-286\"},\"sin\":\"\"}",
		  "at any depth; a value that is no SIN is dropped" },
		{ "{\"sin\":\"000000000\"}", "{\"sin\":\"\"}", "the zeros SIN" },
	};
	char *db = path("audit.db"), *got;
	pk_store *s = NULL;
	json_t *rec;
	size_t i, n = sizeof cases / sizeof cases[0];

	pk_store_open(&s, db, PK_STORE_WRITE);
	pk_store_begin(s);
	for (i = 0; i < n; i++) {
		is_int(pk_audit_text(s, "create", "test", (int64_t)i, NULL, NULL,
		    cases[i].in), 0, "pk_audit_text");
		got = audit_after(s, (int64_t)i);
		is_str(got, cases[i].want, cases[i].what);
		free(got);
	}
	rec = json_pack("{s:i, s:s}", "id", 9, "sin", "046454286");
	is_int(pk_audit(s, "create", "test", 9, NULL, NULL, rec), 0,
	    "pk_audit");
	got = audit_after(s, (int64_t)n);
	is_str(got, "{\"id\":9,\"sin\":\"***-***-286\"}", "masks a json_t too");
	is_str(json_string_value(json_object_get(rec, "sin")), "046454286",
	    "and leaves the caller's record alone");
	free(got);
	json_decref(rec);
	pk_store_commit(s);
	pk_store_close(s);
	free(db);
}

/* The audit row of a new peer is pk_peer_json's text, byte for byte. */
static void
test_audit_peer(void)
{
	static const char rec[] = "{\"alias\":\"Zo\\u00eb \\\"Z\\\"\","
	    "\"surname\":\"O'Brien\",\"given_name\":\"Chris\",\"sin\":"
	    "\"519 787 774\",\"city\":\"Vancouver\",\"province\":\"bc\","
	    "\"postal_code\":\"v6a1a1\",\"phone\":\"604-555-0100\","
	    "\"sin_requested\":[\"2026-01-05\"],\"demographics\":{\"age\":"
	    "\"25-34\",\"list\":[1,2]},\"notes\":\"line one\\nline two\\t\\u2028\"}";
	struct pk_config cfg;
	struct pk_peer p = {0};
	char *db = path("peer-audit.db"), *got, *want;
	pk_store *s = NULL;
	json_t *j = json_loads(rec, 0, NULL);

	pk_config_load(&cfg, NULL);
	pk_store_open(&s, db, PK_STORE_WRITE);
	pk_store_begin(s);
	is_int(pk_peer_apply(&cfg, &p, j), 0, "a peer with every kind of field");
	is_int(pk_peer_insert(s, &p), 0, "inserted");
	got = audit_after(s, 0);
	json_decref(j);
	j = pk_peer_json(&p, false);
	want = dumps(j);
	is_str(got, want, "its audit row is pk_peer_json's compact text");
	ok(got && !strstr(got, "519787774") && strstr(got, "***-***-774"),
	    "with the SIN masked");
	free(got);
	free(want);
	json_decref(j);
	pk_peer_free(&p);
	pk_store_commit(s);
	pk_store_close(s);
	pk_config_free(&cfg);
	free(db);
}

/* Version 4, RFC 4122 variant, lower case, and no repeats across the
 * refills of the random pool (255 uuids each). */
static void
test_uuid(void)
{
	enum { N = 2000 };
	static char u[N][37];
	size_t i, bad = 0, dup = 0;

	for (i = 0; i < N; i++) {
		pk_uuid(u[i]);
		if (!pk_is_uuid(u[i]) || u[i][14] != '4' ||
		    !strchr("89ab", u[i][19]) || strpbrk(u[i], "ABCDEF"))
			bad++;
	}
	qsort(u, N, sizeof u[0], (int (*)(const void *, const void *))strcmp);
	for (i = 1; i < N; i++)
		dup += strcmp(u[i - 1], u[i]) == 0;
	is_int(bad, 0, "2000 uuids: each a lower-case version 4 uuid");
	is_int(dup, 0, "all different");
}

int
main(void)
{
	tap_fixed_clock();
	if (!mkdtemp(dir))
		return 1;
	unsetenv("PEERKIT_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	test_create();
	test_dryrun();
	test_transactions();
	test_refusals();
	test_jtext_values();
	test_jtext_strings();
	test_jtext_build();
	test_audit();
	test_audit_peer();
	test_uuid();
	return done_testing();
}
