/*
 * test-out.c - records out: every format's exact bytes, CSV quoting and
 * formula guard, table alignment by terminal columns, defanged control
 * text, a long table's cells on disk and not in memory.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
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

/* Rows of every kind of cell: numbers, text, nulls, empty strings,
 * lists, and a column that turns from numbers to text on its last row. */
static char *
long_table(size_t nrows, size_t mem, int *rc)
{
	static const struct pk_col cols[] = {
		{ "id", NULL }, { "alias", "Alias" }, { "amount", NULL },
		{ "engagements", NULL }, { "note", NULL }, { "late", NULL },
		{ NULL, NULL }
	};
	size_t saved = pk_out_table_mem, i;
	char *out, buf[256];
	size_t len;
	FILE *fp = open_memstream(&out, &len);
	pk_out *o;
	json_t *rec;

	if (!fp)
		{ perror("open_memstream"); exit(2); }
	pk_out_table_mem = mem;
	o = pk_out_new(fp, PK_FMT_TABLE, cols);
	*rc = 0;
	for (i = 0; i < nrows; i++) {
		snprintf(buf, sizeof buf, "{\"id\":%zu,\"alias\":\"Zo\u00eb %zu\","
		    "\"amount\":\"%zu.%02zu\",\"engagements\":[%zu,%zu],"
		    "\"note\":%s,\"late\":%s}", i + 1, i % 7, i * 3, i % 100,
		    i, i * 11, i % 3 == 0 ? "null" : i % 3 == 1 ? "\"\"" :
		    "\"a\\u001bb\"", i + 1 == nrows ? "\"x\"" : "5");
		rec = parse(buf);
		*rc |= pk_out_rec(o, rec);
		json_decref(rec);
	}
	*rc |= pk_out_end(o);
	fclose(fp);
	pk_out_table_mem = saved;
	return out;
}

static void
test_table_spool(void)
{
	char *mem, *disk, what[96];
	int rc1, rc2;
	size_t n;

	/* The same table, its cells kept in memory and sent to a file
	 * after the first (0 bytes) or every few rows. */
	for (n = 1; n <= 300; n = n * 3 + 1) {
		mem = long_table(n, (size_t)1 << 30, &rc1);
		disk = long_table(n, 0, &rc2);
		snprintf(what, sizeof what, "a table of %zu rows: the same "
		    "from disk", n);
		is_str(disk, mem, what);
		is_int(rc1 | rc2, 0, what);
		free(disk);
		disk = long_table(n, 1000, &rc2);
		snprintf(what, sizeof what, "a table of %zu rows: the same "
		    "after a move to disk midway", n);
		is_str(disk, mem, what);
		is_int(rc2, 0, what);
		free(disk);
		free(mem);
	}
	mem = long_table(4, (size_t)1 << 30, &rc1);
	is_str(mem,
	    "id  Alias  amount  engagements  note  late\n"
	    " 1  Zo\xc3\xab 0    0.00  0,0          -     5\n"
	    " 2  Zo\xc3\xab 1    3.01  1,11               5\n"
	    " 3  Zo\xc3\xab 2    6.02  2,22         a?b   5\n"
	    " 4  Zo\xc3\xab 3    9.03  3,33         -     x\n",
	    "a long table's layout: numbers right until a text comes");
	is_int(rc1, 0, "a long table: written");
	free(mem);
}

/*
 * A table's memory does not grow with its rows: 200,000 rows, 20 MB of
 * cells, and the heap in use grows by little more than the 1 MiB kept.
 * mallinfo2 counts glibc's heap (mmap'd blocks too); under a sanitizer or valgrind another
 * allocator answers, and the check is skipped.
 */
static void
test_table_memory(void)
{
	static const struct pk_col cols[] = {
		{ "id", NULL }, { "engagements", NULL }, { NULL, NULL }
	};
	FILE *fp = fopen("/dev/null", "w");
	struct mallinfo2 m0, m1;
	size_t i, grown = 0, most = 0;
	pk_out *o;
	json_t *rec, *ids;
	int rc = 0;

	if (!fp)
		{ perror("/dev/null"); exit(2); }
	ids = json_array();
	for (i = 0; i < 12; i++)
		json_array_append_new(ids, json_integer(100000 + (json_int_t)i));
	rec = json_object();
	json_object_set_new(rec, "engagements", ids);
	m0 = mallinfo2();
	o = pk_out_new(fp, PK_FMT_TABLE, cols);
	for (i = 0; i < 200000; i++) {
		json_object_set_new(rec, "id", json_integer((json_int_t)i));
		rc |= pk_out_rec(o, rec);
		m1 = mallinfo2();
		/* Blocks past the mmap threshold count in hblkhd. */
		grown = m1.uordblks + m1.hblkhd > m0.uordblks + m0.hblkhd ?
		    m1.uordblks + m1.hblkhd - m0.uordblks - m0.hblkhd : 0;
		if (grown > most)
			most = grown;
	}
	rc |= pk_out_end(o);
	is_int(rc, 0, "a table of 200,000 rows: written");
	if (m0.uordblks == 0 || getenv("PK_UNDER_VALGRIND"))
		ok(1, "memory of a long table # SKIP no glibc heap figures");
	else if (!ok(most < ((size_t)3 << 20), "a table of 200,000 rows "
	    "holds at most 3 MiB"))
		printf("#   held %zu bytes\n", most);
	json_decref(rec);
	fclose(fp);
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
	is_str(pk_errmsg(), "write error: No space left on device",
	    "full disk message, with its cause");
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
	test_table_spool();
	test_table_memory();
	test_card();
	test_write_error();
	return done_testing();
}
