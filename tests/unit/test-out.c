/*
 * test-out.c - records out: every format's exact bytes, CSV quoting and
 * formula guard, table alignment by terminal columns, defanged control text.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"
#include "tap.h"

static json_t *
parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v) {
		fprintf(stderr, "bad test JSON: %s: %s\n", s, err.text);
		exit(2);
	}
	return v;
}

/* Write the records (JSON texts, NULL-terminated) and return the output. */
static char *
render(enum pk_format fmt, const struct pk_col *cols, const char *const recs[],
    int *rc)
{
	char *out;
	size_t len, i;
	FILE *fp = open_memstream(&out, &len);
	pk_out *o = pk_out_new(fp, fmt, cols);
	json_t *rec;

	*rc = 0;
	for (i = 0; recs[i]; i++) {
		rec = parse(recs[i]);
		*rc |= pk_out_rec(o, rec);
		json_decref(rec);
	}
	*rc |= pk_out_end(o);
	fclose(fp);
	return out;
}

#define is_out(fmt, cols, recs, want, what) do { \
	int rc_; \
	char *t_ = render(fmt, cols, recs, &rc_); \
	is_str(t_, want, what); \
	is_int(rc_, 0, what); \
	free(t_); \
} while (0)

static const char *const none[] = { NULL };

/* Columns on a terminal: wcwidth's, the same in any locale. */
static void
test_width(void)
{
	size_t w;

	is_int((int)pk_utf8_width("Raven"), 5, "ASCII: a column each");
	is_int((int)pk_utf8_width("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d"), 6,
	    "three CJK characters: two columns each");
	is_int((int)pk_utf8_width("Zoe\xcc\x88"), 3,
	    "a combining diaeresis: no column");
	is_int((int)pk_utf8_width("Nak\xca\xbcwaxda\xca\xbcxw"), 12,
	    "a modifier letter apostrophe: one column");
	is_int((int)pk_utf8_fit("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d", 5, &w),
	    6, "fit 5 columns of CJK: two characters, never half of one");
	is_int((int)w, 4, "fit: the columns taken");
	is_int((int)pk_utf8_fit("Zoe\xcc\x88s", 3, &w), 5,
	    "fit: a combining mark stays with its letter");
	is_int((int)pk_utf8_fit("abc", 10, &w), 3, "fit: all of a short text");
}

static void
test_format_parse(void)
{
	enum pk_format f = PK_FMT_JSON;

	is_int(pk_format_parse("table", &f), 0, "table");
	is_int(f, PK_FMT_TABLE, "table value");
	is_int(pk_format_parse("jsonl", &f), 0, "jsonl");
	is_int(f, PK_FMT_JSONL, "jsonl value");
	is_int(pk_format_parse("json", &f), 0, "json");
	is_int(f, PK_FMT_JSON, "json value");
	is_int(pk_format_parse("csv", &f), 0, "csv");
	is_int(f, PK_FMT_CSV, "csv value");
	is_int(pk_format_parse("xml", &f), PK_EX_USAGE, "unknown format");
	is_str(pk_errmsg(), "unknown format \"xml\" (table, json, jsonl, csv)",
	    "unknown format message");
	is_int(f, PK_FMT_CSV, "unknown format: value untouched");
}

static const char *const two[] = {
	"{\"id\":1,\"alias\":\"Zo\xc3\xab\",\"amount\":\"25.00\"}",
	"{\"id\":2,\"tags\":[1,2],\"x\":null,\"r\":{\"a\":true}}",
	NULL
};

static void
test_json(void)
{
	static const char *const one[] = { "{\"z\":1,\"a\":2}", NULL };

	is_out(PK_FMT_JSONL, NULL, two,
	    "{\"id\":1,\"alias\":\"Zo\xc3\xab\",\"amount\":\"25.00\"}\n"
	    "{\"id\":2,\"tags\":[1,2],\"x\":null,\"r\":{\"a\":true}}\n",
	    "JSON Lines: one compact record per line");
	is_out(PK_FMT_JSONL, NULL, none, "", "JSON Lines: empty");
	is_out(PK_FMT_JSON, NULL, two,
	    "[\n"
	    "{\"id\":1,\"alias\":\"Zo\xc3\xab\",\"amount\":\"25.00\"},\n"
	    "{\"id\":2,\"tags\":[1,2],\"x\":null,\"r\":{\"a\":true}}\n"
	    "]\n", "JSON: one array, a record a line");
	is_out(PK_FMT_JSON, NULL, one, "[\n{\"z\":1,\"a\":2}\n]\n",
	    "JSON: one record, keys in insertion order");
	is_out(PK_FMT_JSON, NULL, none, "[]\n", "JSON: empty array");
}

static char *
cell(const char *s)
{
	char *out;
	size_t len;
	FILE *fp = open_memstream(&out, &len);

	pk_csv_cell(fp, s);
	fclose(fp);
	return out;
}

#define is_cell(in, want, what) do { \
	char *c_ = cell(in); \
	is_str(c_, want, what); \
	free(c_); \
} while (0)

static void
test_csv_cell(void)
{
	is_cell("plain", "plain", "plain cell");
	is_cell("", "", "empty cell");
	is_cell("a,b", "\"a,b\"", "comma quoted");
	is_cell("say \"hi\"", "\"say \"\"hi\"\"\"", "quotes doubled");
	is_cell("two\nlines", "\"two\nlines\"", "newline quoted");
	is_cell("cr\rhere", "\"cr\rhere\"", "CR quoted");
	is_cell("=1+1", "'=1+1", "= guarded");
	is_cell("@SUM(A1)", "'@SUM(A1)", "@ guarded");
	is_cell("-cmd", "'-cmd", "- guarded");
	is_cell("+cmd", "'+cmd", "+ guarded");
	is_cell("\tx", "'\tx", "tab guarded");
	is_cell("\rx", "\"'\rx\"", "CR guarded and quoted");
	is_cell("=SUM(A1,B1)", "\"'=SUM(A1,B1)\"", "guard inside the quotes");
	is_cell("-12.50", "-12.50", "negative amount not guarded");
	is_cell("+3", "+3", "signed integer not guarded");
	is_cell("-", "'-", "lone minus guarded");
	is_cell("-12.", "'-12.", "not quite a number guarded");
	is_cell("-1e5", "'-1e5", "exponent is not a plain number");
	is_cell("1+1", "1+1", "formula character later is harmless");
}

static void
test_csv(void)
{
	static const struct pk_col cols[] = {
		{ "id", "ID" }, { "alias", NULL }, { "amount", NULL },
		{ "roles", NULL }, { "active", NULL }, { "meta", NULL },
		{ "note", NULL }, { "missing", NULL }, { NULL, NULL }
	};
	static const char *const recs[] = {
		"{\"id\":1,\"alias\":\"Zo\xc3\xab, \\\"Z\\\"\",\"amount\":"
		"\"-12.50\",\"roles\":[\"peer\",\"nav\"],\"active\":true,"
		"\"meta\":{\"a\":1},\"note\":null}",
		"{\"id\":2,\"alias\":\"=1+1\",\"amount\":\"+3\",\"roles\":"
		"[[1],2],\"active\":false,\"meta\":[],"
		"\"note\":\"line1\\nline2\"}",
		"{\"id\":3,\"alias\":\"@SUM(A1)\",\"amount\":\"-cmd\","
		"\"roles\":\"-\",\"note\":\"=SUM(A1,B1)\"}",
		NULL
	};
	static const char *const ragged[] = {
		"{\"b\":1,\"a\":\"x\"}", "{\"a\":\"y\",\"c\":2}", NULL
	};

	is_out(PK_FMT_CSV, cols, recs,
	    "id,alias,amount,roles,active,meta,note,missing\r\n"
	    "1,\"Zo\xc3\xab, \"\"Z\"\"\",-12.50,peer;nav,true,"
	    "\"{\"\"a\"\":1}\",,\r\n"
	    "2,'=1+1,+3,\"[[1],2]\",false,,\"line1\nline2\",\r\n"
	    "3,'@SUM(A1),'-cmd,'-,,,\"'=SUM(A1,B1)\",\r\n",
	    "CSV: header of keys, RFC 4180 quoting, formula guard");
	is_out(PK_FMT_CSV, NULL, ragged, "b,a\r\n1,x\r\n,y\r\n",
	    "CSV without cols: the first record's keys");
	is_out(PK_FMT_CSV, cols + 5, none, "meta,note,missing\r\n",
	    "CSV with cols and no records: the header");
	is_out(PK_FMT_CSV, NULL, none, "", "CSV without cols or records");
}

static void
test_table(void)
{
	static const struct pk_col cols[] = {
		{ "id", NULL }, { "alias", "Alias" }, { "amount", NULL },
		{ "active", NULL }, { "roles", NULL }, { "note", NULL },
		{ NULL, NULL }
	};
	static const char *const recs[] = {
		"{\"id\":1,\"alias\":\"Zo\xc3\xab\",\"amount\":\"5.00\","
		"\"active\":true,\"roles\":[\"peer\",\"navigator\"],"
		"\"note\":null}",
		"{\"id\":10,\"alias\":\"Bad\\u001b[2Jx\\ny\","
		"\"amount\":\"125.50\","
		"\"active\":false,\"roles\":[],\"note\":\"hi\"}",
		"{\"id\":7,\"alias\":\"Al\",\"amount\":\"-3.00\","
		"\"active\":true,"
		"\"roles\":[\"peer\"]}",
		NULL
	};
	static const struct pk_col one[] = { { "v", NULL }, { NULL, NULL } };
	static const char *const hostile[] = {
		"{\"v\":\"a\\u009bb\"}", "{\"v\":\"\\u202eevil\"}",
		"{\"v\":\"tab\\there\\u007f\"}", "{\"v\":{\"k\":\"\\u001b\"}}",
		NULL
	};
	static const char *const numbers[] = {
		"{\"v\":5}", "{\"v\":null}", "{\"v\":120}", "{\"v\":\"\"}",
		"{}", NULL
	};

	is_out(PK_FMT_TABLE, cols, recs,
	    "id  Alias       amount  active  roles           note\n"
	    " 1  Zo\xc3\xab           5.00  yes     peer,navigator  -\n"
	    "10  Bad?[2Jx?y  125.50  no                      hi\n"
	    " 7  Al           -3.00  yes     peer            -\n",
	    "table: titles, UTF-8 widths, numbers right, control chars ?");
	is_out(PK_FMT_TABLE, cols, none, "", "table with no records: nothing");
	is_out(PK_FMT_TABLE, one, hostile,
	    "v\na?b\n?evil\ntab?here?\n{\"k\":\"\\u001B\"}\n",
	    "table: C1 controls and bidi overrides defanged");
	is_out(PK_FMT_TABLE, one, numbers, "  v\n  5\n  -\n120\n\n  -\n",
	    "table: empty and null cells do not spoil a number column; "
	    "no trailing blanks");
}

static void
test_card(void)
{
	static const char *const recs[] = {
		"{\"id\":1,\"alias\":\"Zo\xc3\xab\",\"roles\":[\"peer\","
		"\"navigator\"],\"demographics\":{\"age\":\"25-34\"},"
		"\"sin\":null,\"active\":true,\"notes\":\"\"}",
		"{\"id\":2,\"alias\":\"Ann\\tB\",\"r\\u00e9gion\":\"north\"}",
		NULL
	};

	is_out(PK_FMT_TABLE, NULL, recs,
	    "id:           1\n"
	    "alias:        Zo\xc3\xab\n"
	    "roles:        peer, navigator\n"
	    "demographics: {\"age\":\"25-34\"}\n"
	    "sin:          -\n"
	    "active:       yes\n"
	    "notes:\n"
	    "\n"
	    "id:     2\n"
	    "alias:  Ann?B\n"
	    "r\xc3\xa9gion: north\n",
	    "card: one field a line, names padded, blank line between");
	is_out(PK_FMT_TABLE, NULL, none, "", "card with no records: nothing");
}

static void
test_write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	json_t *rec = parse("{\"a\":1}");
	pk_out *o;

	if (!fp) {
		ok(1, "write error # SKIP no /dev/full");
		ok(1, "write error message # SKIP no /dev/full");
		json_decref(rec);
		return;
	}
	o = pk_out_new(fp, PK_FMT_JSONL, NULL);
	pk_out_rec(o, rec);
	is_int(pk_out_end(o), PK_EX_IOERR, "full disk: I/O error");
	is_str(pk_errmsg(), "write error", "full disk message");
	fclose(fp);
	json_decref(rec);
}

int
main(void)
{
	tap_fixed_clock();
	test_width();
	test_format_parse();
	test_json();
	test_csv_cell();
	test_csv();
	test_table();
	test_card();
	test_write_error();
	return done_testing();
}
