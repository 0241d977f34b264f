/*
 * test-jsonio.c - records in: JSON Lines and arrays, their errors, and
 * the typed field helpers.
 *
 * Each input is written to a file in a scratch directory and read to the
 * end the way a tool run with --keep-going reads it; the transcript of
 * every call (record, error or end) is compared whole.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"
#include "input.h"

#define IN "in.jsonl"

/* Read IN to its end: one transcript line per call of pk_input_next. */
static char *
transcript(const char *data, size_t len)
{
	return input_transcript(IN, data, len, PK_INPUT_AUTO, NULL);
}

static void
test_lines(void)
{
	is_read("{\"id\":1}\n{\"alias\":\"Zo\xc3\xab\"}\n{\"n\":[1,2]}\n",
	    IN ":1 {\"id\":1}\n"
	    IN ":2 {\"alias\":\"Zo\xc3\xab\"}\n"
	    IN ":3 {\"n\":[1,2]}\n"
	    "end\n", "JSON Lines: three records with their lines");
	is_read("", "end\n", "empty input: no records");
	is_read("{\"a\":1}\r\n{\"b\":2}\r\n",
	    IN ":1 {\"a\":1}\n" IN ":2 {\"b\":2}\n" "end\n",
	    "CRLF line ends");
	is_read("{\"a\":1}\n{\"b\":2}",
	    IN ":1 {\"a\":1}\n" IN ":2 {\"b\":2}\n" "end\n",
	    "last line without a newline");
	is_read("  {\"a\":1}  \n\t{\"b\":2}\n",
	    IN ":1 {\"a\":1}\n" IN ":2 {\"b\":2}\n" "end\n",
	    "white space around a record");
	is_read("{\"k\":\"a\\u0000b\"}\n",
	    "err 65 " IN ":1: malformed JSON: \\u0000 is not allowed without "
	    "JSON_ALLOW_NUL near '\"a\\u0000b\"' (column 15)\n" "end\n",
	    "escaped NUL in a string refused");
}

static void
test_line_errors(void)
{
	is_read("{\"a\":1}\n\n{\"b\":2}\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: blank line\n"
	    IN ":3 {\"b\":2}\n" "end\n", "blank line named, reading goes on");
	is_read("{\"a\":1}\n \r\n",
	    IN ":1 {\"a\":1}\n" "err 65 " IN ":2: blank line\n" "end\n",
	    "a line of blanks and CR is blank");
	is_read("\n\n  {\"a\":tru}\n",
	    "err 65 " IN ":1: blank line\n"
	    "err 65 " IN ":2: blank line\n"
	    "err 65 " IN ":3: malformed JSON: invalid token near 'tru' "
	    "(column 10)\n" "end\n",
	    "leading blank lines, then the column counts the indent");
	is_read("\n \n", "err 65 " IN ":1: blank line\n"
	    "err 65 " IN ":2: blank line\n" "end\n",
	    "input of blank lines only");
	is_read("{\"a\":1}\n{\"a\":tru}\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: malformed JSON: invalid token near 'tru' "
	    "(column 8)\n" "end\n", "malformed JSON names line and column");
	is_read("{\"a\":1}\n[1]\n\"x\"\n3\n2.5\ntrue\nfalse\nnull\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: expected a JSON object, got an array\n"
	    "err 65 " IN ":3: expected a JSON object, got a string\n"
	    "err 65 " IN ":4: expected a JSON object, got a number\n"
	    "err 65 " IN ":5: expected a JSON object, got a number\n"
	    "err 65 " IN ":6: expected a JSON object, got true\n"
	    "err 65 " IN ":7: expected a JSON object, got false\n"
	    "err 65 " IN ":8: expected a JSON object, got null\n" "end\n",
	    "values that are not objects");
	is_read("{\"a\":1}\n{\"amount\":\"5.00\",\"amount\":\"500.00\"}\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: malformed JSON: duplicate object key near "
	    "'\"amount\"' (column 25)\n" "end\n", "duplicate key named");
	is_read("{\"a\":1}\n{\"a\":\0}\n{\"b\":2}\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: NUL byte in input\n"
	    IN ":3 {\"b\":2}\n" "end\n", "NUL byte named");
	is_read("{\"a\":\"\xff\"}\n",
	    "err 65 " IN ":1: invalid UTF-8 at byte 7 (0xff): save the file "
	    "as UTF-8\n" "end\n", "invalid UTF-8 named, with its byte");
	is_read("{\"a\":\"\xed\xa0\x80\"}\n",
	    "err 65 " IN ":1: invalid UTF-8 at byte 7 (0xed): save the file "
	    "as UTF-8\n" "end\n", "UTF-8 surrogate refused");
	is_read("{\"a\":1}\n{\"alias\":\"\xc3\xa9t\xe9\"}\n",
	    IN ":1 {\"a\":1}\n"
	    "err 65 " IN ":2: invalid UTF-8 at byte 14 (0xe9): save the file "
	    "as UTF-8\n" "end\n", "the byte counted in bytes, on its line");
	is_read("[{\"a\":1},\n {\"alias\":\"\xc3\xa9t\xe9\"}]\n",
	    "err 65 " IN ":2: invalid UTF-8 at byte 15 (0xe9): save the file "
	    "as UTF-8\n" "end\n", "in an array: the line and its byte");
	is_read("\x1b[2J\n",
	    "err 65 " IN ":1: malformed JSON: invalid token near '?' "
	    "(column 1)\n" "end\n", "control bytes in a message defanged");
}

static void
test_deep(void)
{
	enum { DEPTH = 3000 };
	char *buf = malloc(2 * DEPTH + 16), *t;
	size_t n = 0;
	int i;

	n += (size_t)sprintf(buf, "{\"a\":");
	for (i = 0; i < DEPTH; i++)
		buf[n++] = '[';
	for (i = 0; i < DEPTH; i++)
		buf[n++] = ']';
	n += (size_t)sprintf(buf + n, "}\n");
	t = transcript(buf, n);
	is_str(t, "err 65 " IN ":1: malformed JSON: maximum parsing depth "
	    "reached near '[' (column 2053)\n" "end\n",
	    "3000 levels of nesting: an error, not a crash");
	free(t);
	free(buf);
}

/* {"notes":"xxx..."}: a record line of exactly len bytes. */
static size_t
notes_line(char *buf, size_t len)
{
	size_t n = (size_t)sprintf(buf, "{\"notes\":\"");

	memset(buf + n, 'x', len - n - 2);
	memcpy(buf + len - 2, "\"}", 2);
	return len;
}

/* A line is at most 1 MiB before its newline (PK_LINE_MAX): one a byte
 * longer is read to its end and refused, and the next line reads.  The
 * wrong file (no newlines in it) costs no more memory than that. */
static void
test_long_line(void)
{
	enum { MAX = 1024 * 1024 };
	char *in = malloc(3 * MAX + 64), *want = malloc(MAX + 256), *t;
	size_t n = 0, w;

	n += notes_line(in, MAX);
	in[n++] = '\n';
	n += notes_line(in + n, MAX + 1);
	n += (size_t)sprintf(in + n, "\r\n{\"a\":1}\n");
	n += notes_line(in + n, MAX + 7);
	w = (size_t)sprintf(want, IN ":1 ");
	memcpy(want + w, in, MAX);
	w += MAX;
	strcpy(want + w, "\nerr 65 " IN ":2: line too long (a record is at "
	    "most 1 MiB)\n" IN ":3 {\"a\":1}\n" "err 65 " IN ":4: line "
	    "too long (a record is at most 1 MiB)\n" "end\n");
	t = transcript(in, n);
	ok(strcmp(t, want) == 0, "a line of 1 MiB reads whole; one a byte "
	    "longer is refused, and the next line reads");
	if (strcmp(t, want) != 0)
		printf("#   got \"%.200s\" ... \"%s\"\n", t,
		    strlen(t) > MAX ? t + MAX : "");
	free(t);
	free(want);
	free(in);
}

static void
test_array(void)
{
	is_read("[{\"a\":1},\n {\"b\":2}, 3, {\"c\":[]}]\n",
	    IN ": record 1 {\"a\":1}\n"
	    IN ": record 2 {\"b\":2}\n"
	    "err 65 " IN ": record 3: expected a JSON object, got a number\n"
	    IN ": record 4 {\"c\":[]}\n" "end\n",
	    "one JSON array: records numbered");
	is_read("\n\n  [{\"a\":1}]", IN ": record 1 {\"a\":1}\n" "end\n",
	    "array after blank lines");
	is_read("[]", "end\n", "empty array");
	is_read("\n[\n{\"a\":1},\n{\"a\":}\n]\n",
	    "err 65 " IN ":4: malformed JSON: unexpected token near '}' "
	    "(column 6)\n" "end\n", "malformed array names the line");
	is_read("[{\"a\":1}] {}",
	    "err 65 " IN ":1: malformed JSON: end of file expected near '{' "
	    "(column 11)\n" "end\n", "text after the array refused");
	is_read(" [{\"a\":1,\"a\":2}]",
	    "err 65 " IN ":1: malformed JSON: duplicate object key near "
	    "'\"a\"' (column 12)\n" "end\n",
	    "duplicate key inside an array, column counts the indent");
}

/* Run as a user who is not root (tap_as_user). */
static int
open_secret(void *arg, char *msg, size_t size)
{
	struct pk_input in;
	int rc = pk_input_open(&in, "secret");

	(void)arg;
	snprintf(msg, size, "%s", rc ? pk_errmsg() : "");
	if (rc == 0)
		pk_input_close(&in);
	return rc;
}

static void
test_open(void)
{
	struct pk_input in;
	json_t *rec;
	char msg[256];

	is_int(pk_input_open(&in, "nope.jsonl"), PK_EX_NOINPUT, "missing file");
	is_str(pk_errmsg(), "nope.jsonl: No such file or directory",
	    "missing file message");
	mkdir("sub", 0700);
	is_int(pk_input_open(&in, "sub"), PK_EX_NOINPUT, "directory");
	is_str(pk_errmsg(), "sub: Is a directory", "directory message");
	rmdir("sub");
	put_file("secret", "{}\n", 3);
	/* The scratch directory open to the user who cannot read the file. */
	ok(chmod("secret", 0) == 0 && chmod(".", 0711) == 0, "a file no one "
	    "may read");
	is_int(tap_as_user(open_secret, NULL, msg, sizeof msg), PK_EX_NOPERM,
	    "unreadable file");
	is_str(msg, "secret: Permission denied", "unreadable file message");
	unlink("secret");

	put_file(IN, "{\"a\":1}\n", 8);
	if (!freopen(IN, "r", stdin))
		exit(2);
	is_int(pk_input_open(&in, "-"), 0, "- opens stdin");
	is_int(pk_input_next(&in, &rec), 1, "stdin record");
	is_str(pk_input_where(&in), "<stdin>:1", "stdin is named <stdin>");
	json_decref(rec);
	is_int(pk_input_next(&in, &rec), 0, "stdin end");
	ok(rec == NULL, "no record at the end");
	pk_input_close(&in);
	unlink(IN);
}

static json_t *
parse(const char *s)
{
	json_t *v = json_loads(s, 0, NULL);

	if (!v)
		exit(2);
	return v;
}

static void
test_fields(void)
{
	static const struct pk_field allowed[] = {
		{"alias", PK_KIND_TEXT}, {"role", PK_KIND_TEXT},
		{NULL, PK_KIND_TEXT}
	};
	json_t *o = parse("{\"alias\":\"Zo\",\"role\":\"peer\"}");
	json_t *bad = parse("{\"alias\":\"Zo\",\"r\\u001bole\":1}");

	is_int(pk_json_fields(o, allowed), 0, "known fields");
	json_object_set_new(o, "sin", json_string("x"));
	is_int(pk_json_fields(o, allowed), PK_EX_DATAERR, "unknown field");
	is_str(pk_errmsg(), "unknown field \"sin\"", "unknown field named");
	is_int(pk_json_fields(bad, allowed), PK_EX_DATAERR,
	    "unknown odd field");
	is_str(pk_errmsg(), "unknown field \"r?ole\"",
	    "control character in a field name defanged");
	json_decref(o);
	json_decref(bad);
}

static void
test_getters(void)
{
	json_t *o = parse("{\"s\":\"text\",\"i\":42,\"b\":true,\"n\":null,"
	    "\"r\":1.5,\"a\":[],\"big\":9223372036854775807}");
	const char *s = "untouched";
	int64_t i = -1;
	bool b = false, present = true;

	is_int(pk_json_str(o, "s", &s, &present), 0, "str");
	ok(present, "str present");
	is_str(s, "text", "str value");
	s = "untouched";
	is_int(pk_json_str(o, "missing", &s, &present), 0, "str absent");
	ok(!present, "str absent: not present");
	is_str(s, "untouched", "str absent: out untouched");
	present = true;
	is_int(pk_json_str(o, "n", &s, &present), 0, "str null");
	ok(!present && strcmp(s, "untouched") == 0, "str null: not present");
	is_int(pk_json_str(o, "missing", &s, NULL), 0, "present may be NULL");
	is_int(pk_json_str(o, "i", &s, NULL), PK_EX_DATAERR, "str wrong type");
	is_str(pk_errmsg(), "field \"i\": expected a string", "str message");

	is_int(pk_json_int(o, "i", &i, &present), 0, "int");
	ok(present && i == 42, "int value");
	is_int(pk_json_int(o, "big", &i, NULL), 0, "int64 max");
	ok(i == INT64_MAX, "int64 max value");
	i = 7;
	is_int(pk_json_int(o, "n", &i, &present), 0, "int null");
	ok(!present && i == 7, "int null: untouched");
	is_int(pk_json_int(o, "s", &i, NULL), PK_EX_DATAERR, "int from string");
	is_str(pk_errmsg(), "field \"s\": expected an integer", "int message");
	is_int(pk_json_int(o, "r", &i, NULL), PK_EX_DATAERR, "int from real");
	is_str(pk_errmsg(), "field \"r\": expected an integer",
	    "int from real message");

	is_int(pk_json_bool(o, "b", &b, &present), 0, "bool");
	ok(present && b, "bool value");
	is_int(pk_json_bool(o, "i", &b, NULL), PK_EX_DATAERR,
	    "bool wrong type");
	is_str(pk_errmsg(), "field \"i\": expected true or false",
	    "bool message");
	json_decref(o);
}

/*
 * A money error is money.c's own message for the same text, prefixed
 * with the field: jsonio adds the field, and only that is tested here.
 */
static void
is_money_err(json_t *o, const char *key, const char *text, int flags,
    const char *what)
{
	char want[512];
	int64_t c;
	int rc;

	rc = pk_money_parse(text, &c, flags);
	snprintf(want, sizeof want, "field \"%s\": %s", key, pk_errmsg());
	is_int(pk_json_money(o, key, &c, flags, NULL), rc, what);
	ok(rc == PK_EX_DATAERR, "money.c refuses it too");
	is_str(pk_errmsg(), want, what);
}

static void
test_money(void)
{
	json_t *o = parse("{\"s\":\"25.50\",\"i\":25,\"r\":25.5,"
	    "\"bad\":\"abc\","
	    "\"neg\":-5,\"t\":true,\"huge\":92233720368547759,\"n\":null,"
	    "\"a\":[\"1\"]}");
	int64_t c = 0;
	bool present = false;

	is_int(pk_json_money(o, "s", &c, 0, &present), 0, "money string");
	ok(present && c == 2550, "money string: 2550 cents");
	is_int(pk_json_money(o, "i", &c, 0, NULL), 0, "money integer");
	is_int(c, 2500, "money integer is whole dollars");
	c = 1;
	is_int(pk_json_money(o, "r", &c, 0, NULL), PK_EX_DATAERR, "money real");
	is_str(pk_errmsg(), "field \"r\": money must be a string like "
	    "\"25.00\", not a number with a fraction", "money real message");
	is_int(c, 1, "money real: untouched");
	is_money_err(o, "bad", "abc", 0, "money bad string: field prefixed");
	is_money_err(o, "neg", "-5", 0, "money negative, unsigned");
	is_int(pk_json_money(o, "neg", &c, PK_MONEY_SIGNED, NULL), 0,
	    "money negative signed");
	is_int(c, -500, "money negative value");
	is_money_err(o, "huge", "92233720368547759", 0,
	    "money integer overflow");
	is_int(pk_json_money(o, "t", &c, 0, NULL), PK_EX_DATAERR, "money bool");
	is_str(pk_errmsg(), "field \"t\": expected a money string like "
	    "\"25.00\"", "money wrong type message");
	is_int(pk_json_money(o, "a", &c, 0, NULL), PK_EX_DATAERR,
	    "money array");
	present = true;
	is_int(pk_json_money(o, "n", &c, 0, &present), 0, "money null");
	ok(!present, "money null: not present");
	json_decref(o);
}

static void
test_build(void)
{
	json_t *o = json_object(), *v;
	char *s;

	v = pk_json_strornull(NULL);
	ok(json_is_null(v), "strornull NULL");
	json_decref(v);
	v = pk_json_strornull("");
	ok(json_is_null(v), "strornull empty");
	json_decref(v);
	pk_json_set(o, "alias", pk_json_strornull("Zo\xc3\xab"));
	pk_json_set(o, "latin1", pk_json_strornull("Zo\xeb"));
	pk_json_set(o, "none", NULL);
	s = json_dumps(o, JSON_COMPACT);
	is_str(s, "{\"alias\":\"Zo\xc3\xab\",\"latin1\":\"Zo\xef\xbf\xbd\","
	    "\"none\":null}", "set, strornull, bad UTF-8 becomes U+FFFD");
	free(s);
	json_decref(o);
}

int
main(void)
{
	char dir[] = "/tmp/test-jsonio.XXXXXX";

	tap_fixed_clock();
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror(dir);
		return 2;
	}
	test_lines();
	test_line_errors();
	test_deep();
	test_long_line();
	test_array();
	test_open();
	test_fields();
	test_getters();
	test_money();
	test_build();
	if (chdir("/") != 0 || rmdir(dir) != 0)
		perror(dir);
	return done_testing();
}
