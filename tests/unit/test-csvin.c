/*
 * test-csvin.c - records in as CSV: the header, the lines records are
 * named by (a record over several lines, a bare CR, blank rows), the
 * kinds of field a cell becomes, the apostrophe that guards a formula,
 * and the errors, reading on after a bad row as --keep-going does.
 *
 * Each input is written to a file named .csv and read to its end; the
 * transcript of every call (record, error or end) is compared whole.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"
#include "input.h"

#define IN "in.csv"

static const struct pk_field kinds[] = {
	{"alias", PK_KIND_TEXT}, {"notes", PK_KIND_TEXT}, {"id", PK_KIND_INT},
	{"tags", PK_KIND_LIST}, {"ids", PK_KIND_IDS}, {"obj", PK_KIND_JSON},
	{NULL, PK_KIND_TEXT}
};
static const struct pk_field *const tables[] = {kinds, NULL};

static char *
transcript(const char *data, size_t len)
{
	return input_transcript(IN, data, len, PK_INPUT_AUTO, tables);
}

static void
test_rows(void)
{
	is_read("alias,notes\nRaven,a\nMoss,\n",
	    IN ":2 {\"alias\":\"Raven\",\"notes\":\"a\"}\n"
	    IN ":3 {\"alias\":\"Moss\"}\n" "end\n",
	    "rows by their lines; an empty cell is a field left out");
	is_read("\xef\xbb\xbf" "alias\r\nZo\xc3\xab\r\n",
	    IN ":2 {\"alias\":\"Zo\xc3\xab\"}\n" "end\n", "BOM and CRLF");
	is_read("alias,notes\n\"a, b\",\"one\r\ntwo\nthree\"\nMoss,\"say \"\"hi\"\"\"",
	    IN ":2 {\"alias\":\"a, b\",\"notes\":\"one\\ntwo\\nthree\"}\n"
	    IN ":5 {\"alias\":\"Moss\",\"notes\":\"say \\\"hi\\\"\"}\n" "end\n",
	    "quoted cells over lines; the next record named by its own line; "
	    "no newline at the end");
	is_read("alias\n\nRaven\n\r\n\nMoss\n",
	    IN ":3 {\"alias\":\"Raven\"}\n" IN ":6 {\"alias\":\"Moss\"}\n"
	    "end\n", "empty lines skipped");
	is_read("alias,notes\nRaven,x\n,\nMoss,y\n",
	    IN ":2 {\"alias\":\"Raven\",\"notes\":\"x\"}\n"
	    IN ":4 {\"alias\":\"Moss\",\"notes\":\"y\"}\n" "end\n",
	    "a row of empty cells skipped");
	is_read(" alias , notes\n Raven ,\t\n",
	    IN ":2 {\"alias\":\" Raven \",\"notes\":\"\\t\"}\n" "end\n",
	    "blanks around a header name dropped, in a cell kept");
	is_read("alias\n", "end\n", "a header alone: no records");
	is_read("", "end\n", "empty input");
}

static void
test_kinds(void)
{
	is_read("id,tags,ids,obj\n-7,a; b ;;c,3;x-y; 4,\"{\"\"k\"\":[1]}\"\n",
	    IN ":2 {\"id\":-7,\"tags\":[\"a\",\"b\",\"c\"],"
	    "\"ids\":[3,\"x-y\",4],\"obj\":{\"k\":[1]}}\n" "end\n",
	    "a number, lists split on ;, ids as numbers, JSON text");
	is_read("tags,ids\n\"[\"\"a;b\"\"]\",[1]\n",
	    IN ":2 {\"tags\":[\"a;b\"],\"ids\":[1]}\n" "end\n",
	    "a list as JSON text");
	is_read("alias,notes\n'=cmd(),''+x\n'plain,-5\n",
	    IN ":2 {\"alias\":\"=cmd()\",\"notes\":\"'+x\"}\n"
	    IN ":3 {\"alias\":\"'plain\",\"notes\":\"-5\"}\n" "end\n",
	    "one guarding apostrophe taken off, only before a formula");
}

static void
test_errors(void)
{
	is_read("alias,id\nRaven,1\nMoss,x\nWren,2,3\nKite,2\n",
	    IN ":2 {\"alias\":\"Raven\",\"id\":1}\n"
	    "err 65 " IN ":3: column \"id\": expected a whole number, not "
	    "\"x\"\n"
	    "err 65 " IN ":4: 3 cells, but the header names 2 columns\n"
	    IN ":5 {\"alias\":\"Kite\",\"id\":2}\n" "end\n",
	    "a bad row named, reading goes on");
	is_read("alias,rank\nRaven,1\n",
	    "err 65 " IN ":1: unknown field \"rank\" in the header\n" "end\n",
	    "an unknown column ends the input");
	is_read("alias\nRaven\n\"Moss\nWren\n",
	    IN ":2 {\"alias\":\"Raven\"}\n"
	    "err 65 " IN ":3: malformed CSV: a quoted field opened here is "
	    "never closed\n" "end\n", "an open quote, named where it opens");
	is_read("alias\nRa\"ven\nMoss\n",
	    "err 65 " IN ":2: malformed CSV: a quote inside a field that is "
	    "not quoted, or text after a closing quote\n" "end\n",
	    "a stray quote ends the input");
	is_read("obj\n{x\n",
	    "err 65 " IN ":2: column \"obj\": malformed JSON: string or '}' "
	    "expected near 'x'\n" "end\n", "a JSON column that is not JSON");
	is_read("alias\nZo\xc3\n",
	    "err 65 " IN ":2: column \"alias\": not UTF-8 (byte 3 of the cell, "
	    "0xc3)\n" "end\n", "a cut UTF-8 sequence");
}

/* A line, or a row over lines, of more than 1 MiB ends the input: the
 * wrong file, or a quote left open, costs no more memory than that. */
static void
test_long(void)
{
	enum { MAX = 1024 * 1024 };
	char *in = malloc(2 * MAX + 64), *t;
	size_t n, i;

	n = (size_t)sprintf(in, "alias\n");
	memset(in + n, 'x', MAX + 1);
	n += MAX + 1;
	n += (size_t)sprintf(in + n, "\nRaven\n");
	t = transcript(in, n);
	is_str(t, "err 65 " IN ":2: line too long (a row is at most 1 MiB)\n"
	    "end\n", "a line over 1 MiB refused");
	free(t);
	n = (size_t)sprintf(in, "alias,notes\nRaven,\"");
	for (i = 0; i < 200000; i++)
		n += (size_t)sprintf(in + n, "xyz\n");
	n += (size_t)sprintf(in + n, "\"\nMoss,\n");
	t = transcript(in, n);
	ok(strncmp(t, IN ":2 {\"alias\":\"Raven\",\"notes\":\"xyz\\nxyz", 38)
	    == 0 && strstr(t, "\"}\n" IN ":200003 {\"alias\":\"Moss\"}\nend\n"),
	    "a cell of 200,000 lines (800 kB) reads");
	free(t);
	n = (size_t)sprintf(in, "alias,notes\nRaven,\"");
	for (i = 0; i < 300000; i++)
		n += (size_t)sprintf(in + n, "xyz\n");
	n += (size_t)sprintf(in + n, "\"\nMoss,\n");
	t = transcript(in, n);
	is_str(t, "err 65 " IN ":2: row too long (a row is at most 1 MiB): is "
	    "a quote left open?\n" "end\n",
	    "a row over 1 MiB (1.2 MB) refused, named where it opens");
	free(t);
	free(in);
}

int
main(void)
{
	char dir[] = "/tmp/test-csvin.XXXXXX";

	tap_fixed_clock();
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror(dir);
		return 2;
	}
	test_rows();
	test_kinds();
	test_errors();
	test_long();
	if (chdir("/") != 0 || rmdir(dir) != 0)
		perror(dir);
	return done_testing();
}
