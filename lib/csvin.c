/*
 * csvin.c - records in as CSV, behind pk_input_next: RFC 4180 (fields
 * in double quotes, a quote doubled inside one, commas and line breaks
 * inside quoted fields), lines ended by CRLF or LF, UTF-8 with or
 * without a byte order mark, and a header row that names the JSON
 * fields.  Debian's libcsv splits the fields, in strict mode; this file
 * numbers the lines, checks the header and makes each row the JSON
 * object the same record would be in JSON Lines, so that every rule
 * after it is the JSON one:
 *
 *   - an empty cell is a field left out, as null is in JSON;
 *   - a whole-number field (PK_KIND_INT: id, peer_id, minutes...) takes
 *     digits, with a sign or none;
 *   - a list (PK_KIND_LIST, PK_KIND_IDS) is its items joined by ";",
 *     blanks around them dropped, or its JSON text "[...]"; an item of
 *     a list of ids that is all digits is an id, any other a uuid;
 *   - a JSON field (demographics, allocations) is its JSON text;
 *   - any other cell is the string as it stands, blanks kept: money
 *     ("25.00"), hours and dates are strings in JSON too; a line break
 *     inside a quoted cell is LF, whether the file wrote CRLF or LF;
 *   - an apostrophe before = + - @ (how CSV output keeps a spreadsheet
 *     from running a cell as a formula) is taken off again.
 *
 * A header naming a field the tool does not take is refused, as an
 * unknown JSON field is; so are a row with more or fewer cells than the
 * header, a quote left open, text after a closing quote, a NUL byte and
 * bytes that are not UTF-8.  An empty line and a row whose every cell is
 * empty (a spreadsheet's blank row) are skipped.
 *
 * Lines are read one at a time and fed to the parser, so a record is
 * named by the line it begins on and memory holds a line and a record;
 * a line or a row of more than PK_LINE_MAX bytes is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "internal.h"

struct cell {
	char *s;		/* NUL-terminated; may hold a NUL */
	size_t len;
};

struct row {
	struct cell *cells;
	size_t n, cap;
	size_t line;		/* the line it begins on */
};

struct pk_csvin {
	struct csv_parser p;
	struct row cur;		/* the row being parsed */
	struct row *queue;	/* rows parsed, not yet read */
	size_t head, nq, capq;
	char **names;		/* the header's */
	enum pk_kind *kinds;
	size_t ncols;
	bool header, in_row, ended;
	size_t line;		/* lines read */
	size_t rowbytes;	/* bytes read since the row began, about */
	char *buf;
	size_t cap;
};

/* Blanks are data: " Raven" stays as it is typed. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* A cell's text, each CRLF in it an LF: a file saved with CRLF line
 * ends may have them inside quoted fields too, and a CR is no text. */
static size_t
copy_cell(char *dst, const char *src, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (src[i] != '\r' || i + 1 == len || src[i + 1] != '\n')
			dst[n++] = src[i];
	dst[n] = '\0';
	return n;
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct pk_csvin *c = arg;
	struct row *r = &c->cur;

	if (!c->in_row) {
		c->in_row = true;
		r->line = c->line;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cells = pk_realloc(r->cells, r->cap * sizeof *r->cells);
	}
	r->cells[r->n].s = pk_malloc(len + 1);
	r->cells[r->n].len = copy_cell(r->cells[r->n].s, s, len);
	r->n++;
}

static void
on_row(int term, void *arg)
{
	struct pk_csvin *c = arg;

	(void)term;
	if (c->nq == c->capq) {
		c->capq = c->capq ? c->capq * 2 : 4;
		c->queue = pk_realloc(c->queue, c->capq * sizeof *c->queue);
	}
	c->queue[c->nq++] = c->cur;
	memset(&c->cur, 0, sizeof c->cur);
	c->in_row = false;
	c->rowbytes = 0;
}

static void
row_free(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->cells[i].s);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

static struct pk_csvin *
csvin_new(void)
{
	struct pk_csvin *c = pk_calloc(1, sizeof *c);

	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	csv_set_space_func(&c->p, no_space);
	return c;
}

void
pk_csvin_free(struct pk_input *in)
{
	struct pk_csvin *c = in->csv;
	size_t i;

	if (!c)
		return;
	for (i = c->head; i < c->nq; i++)
		row_free(&c->queue[i]);
	row_free(&c->cur);
	free(c->queue);
	for (i = 0; i < c->ncols; i++)
		free(c->names[i]);
	free(c->names);
	free(c->kinds);
	free(c->buf);
	csv_free(&c->p);
	free(c);
	in->csv = NULL;
}

/* After an error the reader has nothing more to give. */
static int
stop(struct pk_csvin *c, int rc)
{
	size_t i;

	for (i = c->head; i < c->nq; i++)
		row_free(&c->queue[i]);
	c->head = c->nq = 0;
	c->ended = true;
	return rc;
}

static int
parse_fail(struct pk_input *in, struct pk_csvin *c)
{
	if (csv_error(&c->p) == CSV_ENOMEM || csv_error(&c->p) == CSV_ETOOBIG)
		return stop(c, pk_fail(PK_EX_DATAERR, "%s:%zu: field too long: "
		    "%s", in->name, c->line, strerror(ENOMEM)));
	return stop(c, pk_fail(PK_EX_DATAERR, "%s:%zu: malformed CSV: a "
	    "quote inside a field that is not quoted, or text after a "
	    "closing quote", in->name, c->line));
}

static int
at_end(struct pk_input *in, struct pk_csvin *c)
{
	c->ended = true;
	if (csv_fini(&c->p, on_field, on_row, c) == 0)
		return 0;
	return stop(c, pk_fail(PK_EX_DATAERR, "%s:%zu: malformed CSV: a "
	    "quoted field opened here is never closed", in->name,
	    c->cur.line ? c->cur.line : c->line));
}

/* Parse lines until a row is whole (or the input ends). */
static int
fill(struct pk_input *in, struct pk_csvin *c)
{
	const char *s;
	ssize_t n;
	size_t len, i;

	while (c->head == c->nq && !c->ended) {
		if ((n = pk_getline(in, &c->buf, &c->cap)) < 0) {
			if (ferror(in->fp))
				return stop(c, pk_fail(PK_EX_IOERR, "%s: read "
				    "error: %s", in->name, strerror(errno)));
			if (n == -2)
				return stop(c, pk_fail(PK_EX_DATAERR, "%s:%zu: "
				    "line too long (a row is at most %d MiB)",
				    in->name, c->line + 1, PK_LINE_MAX >> 20));
			return at_end(in, c);
		}
		s = c->buf;
		len = (size_t)n;
		/* The byte order mark a spreadsheet may write first. */
		if (c->line++ == 0 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3)
		    == 0) {
			s += 3;
			len -= 3;
		}
		/* A row that begins on this line (one that began on an earlier
		 * line goes on here, inside quotes). */
		for (i = 0; !c->in_row && i < len; i++)
			if (s[i] != '\r' && s[i] != '\n') {
				c->in_row = true;
				c->cur.line = c->line;
			}
		/* A quote left open runs on to the end of the file: a row,
		 * like a line, is held to PK_LINE_MAX bytes. */
		if ((c->rowbytes += len) > PK_LINE_MAX)
			return stop(c, pk_fail(PK_EX_DATAERR, "%s:%zu: row too "
			    "long (a row is at most %d MiB): is a quote left "
			    "open?", in->name, c->cur.line ? c->cur.line :
			    c->line, PK_LINE_MAX >> 20));
		if (csv_parse(&c->p, s, len, on_field, on_row, c) != len)
			return parse_fail(in, c);
	}
	return 0;
}

static int
cell_fail(struct pk_input *in, const char *col, const char *msg)
{
	return pk_fail(PK_EX_DATAERR, "%s:%zu: column \"%s\": %s", in->name,
	    in->lineno, col, msg);
}

static const struct pk_field *
find_field(const struct pk_field *const *tables, const char *name)
{
	const struct pk_field *f;

	for (; *tables; tables++)
		for (f = *tables; f->name; f++)
			if (strcmp(f->name, name) == 0)
				return f;
	return NULL;
}

/* 1 + the offset of a cell's first byte that is not UTF-8 text (a NUL
 * included), or 0. */
static size_t
bad_byte(const struct cell *cl)
{
	const char *nul = memchr(cl->s, '\0', cl->len);
	size_t bad, len = nul ? (size_t)(nul - cl->s) : cl->len;

	if (!pk_utf8_valid(cl->s, len, &bad))
		return bad + 1;
	return nul ? len + 1 : 0;
}

/* The header: a field name per column, each once, each one the tool
 * takes. */
static int
header(struct pk_input *in, struct pk_csvin *c, struct row *r)
{
	const struct pk_field *f;
	char shown[80], *name;
	size_t j, k;

	c->header = true;
	c->names = pk_calloc(r->n, sizeof *c->names);
	c->kinds = pk_calloc(r->n, sizeof *c->kinds);
	for (j = 0; j < r->n; j++) {
		/* UTF-16, as some spreadsheets save "Unicode text", is not. */
		if (bad_byte(&r->cells[j]))
			return pk_fail(PK_EX_DATAERR, "%s:%zu: the header is not "
			    "UTF-8 text: save the file as CSV in UTF-8", in->name,
			    r->line);
		c->names[c->ncols++] = name = pk_strdup(pk_text_unpad(r->cells[j].s));
		pk_text_shown(shown, sizeof shown, name);
		if (!*name)
			return pk_fail(PK_EX_DATAERR, "%s:%zu: the header's "
			    "column %zu has no name", in->name, r->line, j + 1);
		for (k = 0; k < j; k++)
			if (strcmp(c->names[k], name) == 0)
				return pk_fail(PK_EX_DATAERR, "%s:%zu: the header "
				    "names \"%s\" twice", in->name, r->line, shown);
		if (in->fields && !(f = find_field(in->fields, name)))
			return pk_fail(PK_EX_DATAERR, "%s:%zu: unknown field "
			    "\"%s\" in the header", in->name, r->line, shown);
		c->kinds[j] = in->fields ? f->kind : PK_KIND_TEXT;
	}
	return 0;
}

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

/* A whole number, with a sign or none. */
static json_t *
int_value(const char *s)
{
	int64_t n;

	if (*s == '-' && pk_num_parse(s + 1, 0, INT64_MAX, &n))
		return checked(json_integer(-n));
	if (pk_num_parse(*s == '+' ? s + 1 : s, 0, INT64_MAX, &n))
		return checked(json_integer(n));
	return NULL;
}

/* "a;b;c": the items, blanks around them dropped, empty ones skipped. */
static json_t *
split_list(char *s, bool ids)
{
	json_t *a = checked(json_array()), *v;
	char *item, *end;

	for (item = s; item; item = end) {
		if ((end = strchr(item, ';')))
			*end++ = '\0';
		if (!*(item = pk_text_unpad(item)))
			continue;
		if (!ids || !(v = int_value(item)))
			v = checked(json_string(item));
		if (json_array_append_new(a, v) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	return a;
}

/* A cell as the JSON value its field takes; NULL (an error recorded)
 * when it is not one. */
static json_t *
cell_value(struct pk_input *in, const char *col, enum pk_kind kind,
    char *s, size_t len)
{
	json_error_t err;
	char msg[256], shown[64];
	json_t *v;

	switch (kind) {
	case PK_KIND_INT:
		if (!(v = int_value(s))) {
			snprintf(msg, sizeof msg, "expected a whole number, not "
			    "\"%s\"", pk_text_shown(shown, sizeof shown, s));
			cell_fail(in, col, msg);
		}
		return v;
	case PK_KIND_LIST:
	case PK_KIND_IDS:
		if (*s != '[')
			return split_list(s, kind == PK_KIND_IDS);
		/* FALLTHROUGH */
	case PK_KIND_JSON:
		if (!(v = json_loadb(s, len, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_ANY, &err))) {
			snprintf(msg, sizeof msg, "malformed JSON: %s", err.text);
			cell_fail(in, col, msg);
		}
		return v;
	default:
		return checked(json_stringn(s, len));
	}
}

/* The apostrophe CSV output puts before a cell a spreadsheet would run
 * as a formula (pk_csv_cell): one, before = + - @ tab or CR, or before
 * more apostrophes and one of those. */
static size_t
guard_len(const char *s)
{
	size_t n = strspn(s, "'");

	return n > 0 && s[n] && strchr("=+-@\t\r", s[n]) ? 1 : 0;
}

static int
cell_check(struct pk_input *in, const char *col, const struct cell *cl)
{
	size_t at = bad_byte(cl);
	char what[64];

	if (at == 0)
		return 0;
	if (cl->s[at - 1] == '\0')
		return cell_fail(in, col, "a NUL byte");
	snprintf(what, sizeof what, "not UTF-8 (byte %zu of the cell, 0x%02x)",
	    at, (unsigned char)cl->s[at - 1]);
	return cell_fail(in, col, what);
}

/* 1: *rec is the row's record; 0: a blank row, skipped; else an error. */
static int
record(struct pk_input *in, struct pk_csvin *c, struct row *r, json_t **rec)
{
	json_t *o, *v;
	size_t j, g;
	int rc;

	if (r->n != c->ncols)
		return pk_fail(PK_EX_DATAERR, "%s:%zu: %zu cell%s, but the header "
		    "names %zu column%s", in->name, r->line, r->n,
		    r->n == 1 ? "" : "s", c->ncols, c->ncols == 1 ? "" : "s");
	o = checked(json_object());
	for (j = 0; j < r->n; j++) {
		if (r->cells[j].len == 0)
			continue;
		if ((rc = cell_check(in, c->names[j], &r->cells[j])) != 0) {
			json_decref(o);
			return rc;
		}
		g = guard_len(r->cells[j].s);
		if (!(v = cell_value(in, c->names[j], c->kinds[j],
		    r->cells[j].s + g, r->cells[j].len - g))) {
			json_decref(o);
			return PK_EX_DATAERR;
		}
		if (json_object_set_new(o, c->names[j], v) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	if (json_object_size(o) == 0) {
		json_decref(o);
		return 0;
	}
	*rec = o;
	return 1;
}

int
pk_csvin_next(struct pk_input *in, json_t **rec)
{
	struct pk_csvin *c;
	struct row r;
	int rc;

	*rec = NULL;
	if (!in->csv)
		in->csv = csvin_new();
	c = in->csv;
	for (;;) {
		if ((rc = fill(in, c)) != 0)
			return rc;
		if (c->head == c->nq)
			return 0;
		r = c->queue[c->head++];
		if (c->head == c->nq)
			c->head = c->nq = 0;
		in->lineno = r.line;
		if (!c->header) {
			rc = header(in, c, &r);
			row_free(&r);
			if (rc != 0)
				return stop(c, rc);
			continue;
		}
		rc = record(in, c, &r, rec);
		row_free(&r);
		if (rc != 0) {
			in->recno++;
			return rc;
		}
	}
}
