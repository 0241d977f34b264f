/*
 * out.c - records out, in the four shapes every tool offers: a table
 * for people, JSON Lines and JSON for programs, CSV for spreadsheets.
 *
 * Everything but the table streams: a record is written when it is
 * given.  A table has to be measured before its first row is printed, so
 * it keeps its cells, and each column's width as they come.  Past
 * pk_out_table_mem bytes the cells go on to a temporary file: a payroll
 * run's table of 10,000 payments, each listing its engagements, is
 * megabytes, and memory must not grow with the input.
 *
 * A table bound for a terminal fits it (see fit): the tool lists, per
 * table, the columns that give way and in what order.  Output that is
 * not a terminal (a pipe, a file, -o) and --wide get every column whole,
 * so what a script reads does not change with the window it ran in.
 *
 * Text meant for a terminal is defanged (see defang): the values are what
 * peers and staff typed, and an alias must not be able to move the
 * cursor, forge a row or reverse the text after it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

struct sbuf {
	char *s;
	size_t len, cap;
};

struct pk_out {
	FILE *fp;
	enum pk_format fmt;
	const struct pk_col *cols;
	size_t ncols;
	struct pk_col *owncols;	/* CSV without cols: the first record's keys */
	const struct pk_fit *fit;	/* table: what gives way on a terminal */
	size_t nrec;
	/* table: the cells of every row, each as a size_t (its length + 1,
	 * or 0 for no value) and its bytes; in memory (cells), then, past
	 * pk_out_table_mem, all of them in a temporary file (spool) */
	struct sbuf cells;
	FILE *spool;
	size_t *width;		/* table: each column's widest cell or title */
	unsigned char *seen;	/* table: SEEN_NUMBER | SEEN_TEXT per column */
	struct pk_jtext line;	/* JSON: the record being written */
};

/* How each format spells the values that are not plain text. */
struct style {
	const char *null, *yes, *no, *sep;
};
static const struct style csv_style = { "", "true", "false", ";" };
static const struct style table_style = { "-", "yes", "no", "," };
static const struct style card_style = { "-", "yes", "no", ", " };

bool pk_out_wide;
size_t pk_out_table_mem = 1 << 20;

#define SEEN_NUMBER 1
#define SEEN_TEXT 2

/* What a cell cut short ends with: U+2026, one column. */
#define ELLIPSIS "\xe2\x80\xa6"

/* Room in b for n more bytes and a NUL. */
static void
sb_room(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 64;
		b->s = pk_realloc(b->s, b->cap);
	}
}

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	sb_room(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Spaces a run at a time: a wide column (a list of engagement ids) pads
 * every row of a table by hundreds. */
static void
sb_pad(struct sbuf *b, size_t n)
{
	static const char spaces[] = "                                ";
	size_t k;

	for (; n > 0; n -= k) {
		k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		sb_add(b, spaces, k);
	}
}

int
pk_format_parse(const char *s, enum pk_format *fmt)
{
	static const struct {
		const char *name;
		enum pk_format fmt;
	} names[] = {
		{ "table", PK_FMT_TABLE }, { "json", PK_FMT_JSON },
		{ "jsonl", PK_FMT_JSONL }, { "csv", PK_FMT_CSV }
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	}
	return pk_fail(PK_EX_USAGE,
	    "unknown format \"%s\" (table, json, jsonl, csv)", s);
}

static const char *
title(const struct pk_col *c)
{
	return c->title ? c->title : c->key;
}

/* [+-]?[0-9]+(\.[0-9]+)? : a count, an id or an amount of money. */
static bool
plain_number(const char *s)
{
	size_t n;

	if (*s == '+' || *s == '-')
		s++;
	if ((n = strspn(s, "0123456789")) == 0)
		return false;
	s += n;
	if (*s == '.') {
		if ((n = strspn(++s, "0123456789")) == 0)
			return false;
		s += n;
	}
	return *s == '\0';
}

bool pk_csv_bom;

void
pk_csv_cell(FILE *fp, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p, *f = s + strspn(s, "'");

	if (quote)
		putc('"', fp);
	/* A spreadsheet runs =, +, -, @ (and, in some, tab or CR) as a
	 * formula; the apostrophe makes the cell text.  Text that already
	 * begins with apostrophes before one gets one more, so that the
	 * CSV reader, which takes one off, reads back what was written. */
	if (*f && strchr("=+-@\t\r", *f) && !plain_number(s))
		putc('\'', fp);
	for (p = s; *p; p++) {
		if (*p == '"')
			putc('"', fp);
		putc(*p, fp);
	}
	if (quote)
		putc('"', fp);
}

static char *
compact(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (!s)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return s;
}

static char *
scalar_text(json_t *v, const struct style *st)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return pk_strdup(json_string_value(v));
	case JSON_INTEGER:
		return pk_asprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	case JSON_TRUE:
		return pk_strdup(st->yes);
	case JSON_FALSE:
		return pk_strdup(st->no);
	case JSON_NULL:
		return pk_strdup(st->null);
	default:
		return compact(v);
	}
}

/* A list that reads as its items joined by sep: none nested, and in
 * CSV, where the reader splits it again, none holding sep or opening
 * like JSON text. */
static bool
flat_array(json_t *a, const struct style *st)
{
	const char *s;
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v) {
		if (json_is_object(v) || json_is_array(v))
			return false;
		if (st == &csv_style && (s = json_string_value(v)) &&
		    (strstr(s, st->sep) || (i == 0 && *s == '[')))
			return false;
	}
	return true;
}

/* A value as one line of text: a list of scalars joined, anything more
 * nested as compact JSON, which at least reads back. */
static char *
value_text(json_t *v, const struct style *st)
{
	struct sbuf b = { 0 };
	json_t *e;
	size_t i;
	char *s;

	if (!json_is_array(v) || !flat_array(v, st))
		return scalar_text(v, st);
	sb_str(&b, "");
	json_array_foreach(v, i, e) {
		if (i > 0)
			sb_str(&b, st->sep);
		s = scalar_text(e, st);
		sb_str(&b, s);
		free(s);
	}
	return b.s;
}

/*
 * Make text safe for a terminal, in place: C0 and C1 controls (ESC
 * sequences, newline, tab) and the bidirectional overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069) each become one '?'.
 */
static char *
defang(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	while (*r) {
		if (*r < 0x20 || *r == 0x7f) {
			r += 1;
		} else if (r[0] == 0xc2 && r[1] >= 0x80 && r[1] <= 0x9f) {
			r += 2;
		} else if (r[0] == 0xe2 &&
		    ((r[1] == 0x80 && r[2] >= 0xaa && r[2] <= 0xae) ||
		    (r[1] == 0x81 && r[2] >= 0xa6 && r[2] <= 0xa9))) {
			r += 3;
		} else {
			*w++ = *r++;
			continue;
		}
		*w++ = '?';
	}
	*w = '\0';
	return s;
}

/* Print a line without trailing blanks: a padded last cell is noise to
 * diff and to anyone selecting text in a terminal. */
static void
put_line(FILE *fp, struct sbuf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	fwrite(b->s, 1, b->len, fp);
	putc('\n', fp);
	b->len = 0;
}

pk_out *
pk_out_new(FILE *fp, enum pk_format fmt, const struct pk_col *cols)
{
	pk_out *o = pk_calloc(1, sizeof *o);

	o->fp = fp;
	o->fmt = fmt;
	o->cols = cols;
	while (cols && cols[o->ncols].key)
		o->ncols++;
	return o;
}

void
pk_out_fit(pk_out *o, const struct pk_fit *fit)
{
	o->fit = fit;
}

/*
 * The columns a table may take: 0 for no limit, when standard output
 * (where a batch's table ends up too) is not a terminal or --wide was
 * given.  $COLUMNS first, as a user sets it to ask for a width; then the
 * terminal's own (TIOCGWINSZ); 80 when neither says.
 */
static size_t
term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	int64_t n;

	if (pk_out_wide || !isatty(STDOUT_FILENO))
		return 0;
	if (env && pk_num_parse(env, 1, 100000, &n))
		return (size_t)n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void
csv_header(pk_out *o)
{
	size_t j;

	if (pk_csv_bom)
		fputs("\xef\xbb\xbf", o->fp);
	for (j = 0; j < o->ncols; j++) {
		if (j > 0)
			putc(',', o->fp);
		pk_csv_cell(o->fp, o->cols[j].key);
	}
	fputs("\r\n", o->fp);
}

/* Without cols, CSV takes its columns from the first record's keys. */
static void
csv_own_cols(pk_out *o, json_t *rec)
{
	const char *key;
	json_t *v;
	size_t j = 0;

	o->owncols = pk_calloc(json_object_size(rec) + 1, sizeof *o->owncols);
	json_object_foreach(rec, key, v)
		o->owncols[j++].key = pk_strdup(key);
	o->cols = o->owncols;
	o->ncols = j;
}

static void
csv_rec(pk_out *o, json_t *rec)
{
	json_t *v;
	char *s;
	size_t j;

	if (o->nrec == 0) {
		if (!o->cols)
			csv_own_cols(o, rec);
		csv_header(o);
	}
	for (j = 0; j < o->ncols; j++) {
		if (j > 0)
			putc(',', o->fp);
		if (!(v = json_object_get(rec, o->cols[j].key)))
			continue;
		s = value_text(v, &csv_style);
		pk_csv_cell(o->fp, s);
		free(s);
	}
	fputs("\r\n", o->fp);
}

static void
card_rec(pk_out *o, json_t *rec)
{
	struct sbuf b = { 0 };
	const char *key;
	json_t *v;
	size_t w, kw = 0;
	char *s;

	json_object_foreach(rec, key, v)
		if ((w = pk_utf8_width(key)) > kw)
			kw = w;
	if (o->nrec > 0)
		putc('\n', o->fp);
	json_object_foreach(rec, key, v) {
		s = defang(pk_strdup(key));
		sb_str(&b, s);
		sb_str(&b, ":");
		sb_pad(&b, kw - pk_utf8_width(s) + 1);
		free(s);
		/* An empty list is nothing on record: "-", as null is. */
		s = defang(json_is_array(v) && json_array_size(v) == 0 ?
		    pk_strdup(card_style.null) : value_text(v, &card_style));
		sb_str(&b, s);
		free(s);
		put_line(o->fp, &b);
	}
	free(b.s);
}

/* The cells so far, moved to a temporary file: from here on, every
 * cell is written there. */
static int
table_spill(pk_out *o)
{
	if (!(o->spool = tmpfile()))
		return pk_fail(PK_EX_CANTCREAT, "temporary file: %s",
		    strerror(errno));
	if (o->cells.len > 0 &&
	    fwrite(o->cells.s, 1, o->cells.len, o->spool) != o->cells.len)
		return pk_fail(PK_EX_IOERR, "temporary file: write error");
	free(o->cells.s);
	memset(&o->cells, 0, sizeof o->cells);
	return 0;
}

static void
table_cell(pk_out *o, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;

	if (o->spool) {
		fwrite(&n, sizeof n, 1, o->spool);
		if (n > 1)
			fwrite(s, 1, n - 1, o->spool);
		return;
	}
	sb_add(&o->cells, (const char *)&n, sizeof n);
	if (n > 1)
		sb_add(&o->cells, s, n - 1);
}

static int
table_rec(pk_out *o, json_t *rec)
{
	json_t *v;
	size_t j, w;
	char *s;

	if (!o->width) {
		o->width = pk_calloc(o->ncols, sizeof *o->width);
		o->seen = pk_calloc(o->ncols, sizeof *o->seen);
		for (j = 0; j < o->ncols; j++)
			o->width[j] = pk_utf8_width(title(&o->cols[j]));
	}
	for (j = 0; j < o->ncols; j++) {
		v = json_object_get(rec, o->cols[j].key);
		s = !v || json_is_null(v) ? NULL :
		    defang(value_text(v, &table_style));
		if ((w = pk_utf8_width(s ? s : "-")) > o->width[j])
			o->width[j] = w;
		/* A column is a number column if every value it has is one. */
		if (s && *s)
			o->seen[j] |= plain_number(s) ? SEEN_NUMBER : SEEN_TEXT;
		table_cell(o, s);
		free(s);
	}
	if (!o->spool && o->cells.len > pk_out_table_mem)
		return table_spill(o);
	return o->spool && ferror(o->spool) ?
	    pk_fail(PK_EX_IOERR, "temporary file: write error") : 0;
}

/*
 * A JSON record is made whole in memory and written with one fwrite:
 * json_dumpf makes a stdio call per token, which made peer-list --json
 * two thirds slower.  lead and tail go before and after it.
 */
static void
json_rec(pk_out *o, json_t *rec, const char *lead, const char *tail)
{
	struct pk_jtext *t = &o->line;

	t->len = 0;
	pk_jt_add(t, lead, strlen(lead));
	pk_jt_value(t, rec);
	pk_jt_add(t, tail, strlen(tail));
	fwrite(t->s, 1, t->len, o->fp);
}

bool
pk_out_is_json(const pk_out *o)
{
	return o->fmt == PK_FMT_JSONL || o->fmt == PK_FMT_JSON;
}

int
pk_out_text(pk_out *o, const char *text)
{
	if (!pk_out_is_json(o))
		return pk_fail(PK_EX_SOFTWARE, "record text for %s output",
		    "non-JSON");
	if (o->fmt == PK_FMT_JSON)
		fputs(o->nrec == 0 ? "[\n" : ",\n", o->fp);
	fputs(text, o->fp);
	if (o->fmt == PK_FMT_JSONL)
		fputc('\n', o->fp);
	o->nrec++;
	return ferror(o->fp) ? pk_fail_write() : 0;
}

int
pk_out_rec(pk_out *o, json_t *rec)
{
	int rc;

	switch (o->fmt) {
	case PK_FMT_JSONL:
		json_rec(o, rec, "", "\n");
		break;
	case PK_FMT_JSON:
		json_rec(o, rec, o->nrec == 0 ? "[\n" : ",\n", "");
		break;
	case PK_FMT_CSV:
		csv_rec(o, rec);
		break;
	case PK_FMT_TABLE:
		if (!o->cols)
			card_rec(o, rec);
		else if ((rc = table_rec(o, rec)) != 0)
			return rc;
		break;
	}
	o->nrec++;
	return ferror(o->fp) ? pk_fail_write() : 0;
}

/* Columns a row of the shown columns takes, with two between each. */
static size_t
row_width(const pk_out *o, const size_t *w, const bool *shown)
{
	size_t j, total = 0, n = 0;

	for (j = 0; j < o->ncols; j++)
		if (shown[j]) {
			total += w[j];
			n++;
		}
	return n ? total + 2 * (n - 1) : 0;
}

static size_t
col_index(const pk_out *o, const char *key)
{
	size_t j;

	for (j = 0; j < o->ncols && strcmp(o->cols[j].key, key) != 0; j++)
		;
	return j;
}

/*
 * Make the table fit width columns: down the tool's list, each column
 * is shortened (to no less than its min) or, min 0, dropped, until the
 * table fits.  What a later drop frees goes back to the columns cut
 * before it.  A table whose list runs out is left wider than width.
 */
static void
fit(const pk_out *o, size_t width, size_t *w, bool *shown)
{
	const struct pk_fit *f;
	size_t j, total, full, add;

	for (f = o->fit; f && f->key &&
	    (total = row_width(o, w, shown)) > width; f++) {
		if ((j = col_index(o, f->key)) == o->ncols || !shown[j])
			continue;
		if (f->min == 0)
			shown[j] = false;
		else if (w[j] > f->min)
			w[j] -= total - width < w[j] - f->min ? total - width :
			    w[j] - f->min;
	}
	total = row_width(o, w, shown);
	for (j = 0; j < o->ncols && total < width; j++) {
		if (!shown[j] || (full = o->width[j]) <= w[j])
			continue;
		add = full - w[j] < width - total ? full - w[j] : width - total;
		w[j] += add;
		total += add;
	}
}

/* s in w columns: cut short with an ellipsis if it is wider. */
static void
sb_cell(struct sbuf *b, const char *s, size_t w, bool right)
{
	size_t sw = pk_utf8_width(s), len = strlen(s);

	if (sw > w) {
		len = pk_utf8_fit(s, w - 1, &sw);
		sw++;
	}
	if (right)
		sb_pad(b, w - sw);
	sb_add(b, s, len);
	if (len < strlen(s))
		sb_str(b, ELLIPSIS);
	if (!right)
		sb_pad(b, w - sw);
}

static void
table_row(pk_out *o, struct sbuf *b, const char *const *row,
    const size_t *w, const bool *right, const bool *shown)
{
	size_t j;
	bool first = true;

	for (j = 0; j < o->ncols; j++) {
		if (!shown[j])
			continue;
		if (!first)
			sb_str(b, "  ");
		first = false;
		sb_cell(b, row[j] ? row[j] : "-", w[j], right[j]);
	}
	put_line(o->fp, b);
}

/* The next n bytes of the cells, from memory or the temporary file. */
static bool
table_take(pk_out *o, size_t *pos, void *dst, size_t n)
{
	if (o->spool)
		return fread(dst, 1, n, o->spool) == n;
	if (o->cells.len - *pos < n)
		return false;
	memcpy(dst, o->cells.s + *pos, n);
	*pos += n;
	return true;
}

/* The next row's cells into row (as text) and cell (pointers into it,
 * NULL for no value); at is room for ncols offsets. */
static bool
table_next(pk_out *o, size_t *pos, struct sbuf *row, size_t *at,
    const char **cell)
{
	size_t j, n;

	row->len = 0;
	for (j = 0; j < o->ncols; j++) {
		if (!table_take(o, pos, &n, sizeof n))
			return false;
		at[j] = n ? row->len : (size_t)-1;
		if (n == 0)
			continue;
		sb_room(row, n - 1);
		if (!table_take(o, pos, row->s + row->len, n - 1))
			return false;
		row->len += n;
		row->s[row->len - 1] = '\0';
	}
	/* Offsets to pointers, now the row's text no longer moves. */
	for (j = 0; j < o->ncols; j++)
		cell[j] = at[j] == (size_t)-1 ? NULL : row->s + at[j];
	return true;
}

static int
table_print(pk_out *o)
{
	struct sbuf b = { 0 }, row = { 0 };
	const char **head = pk_calloc(o->ncols, sizeof *head);
	const char **cell = pk_calloc(o->ncols, sizeof *cell);
	size_t *at = pk_calloc(o->ncols, sizeof *at);
	size_t *w = pk_calloc(o->ncols, sizeof *w);
	bool *right = pk_calloc(o->ncols, sizeof *right);
	bool *shown = pk_calloc(o->ncols, sizeof *shown);
	size_t i, j, pos = 0, width = term_width();
	int rc = 0;

	for (j = 0; j < o->ncols; j++) {
		head[j] = title(&o->cols[j]);
		w[j] = o->width[j];
		right[j] = o->seen[j] == SEEN_NUMBER;
		shown[j] = true;
	}
	if (width > 0)
		fit(o, width, w, shown);
	if (o->spool && (fflush(o->spool) != 0 || ferror(o->spool) ||
	    fseek(o->spool, 0, SEEK_SET) != 0))
		rc = pk_fail(PK_EX_IOERR, "temporary file: write error");
	if (rc == 0)
		table_row(o, &b, head, w, right, shown);
	for (i = 0; rc == 0 && i < o->nrec; i++) {
		if (!table_next(o, &pos, &row, at, cell))
			rc = pk_fail(PK_EX_IOERR, "temporary file: read error");
		else
			table_row(o, &b, cell, w, right, shown);
	}
	free(b.s);
	free(row.s);
	free(head);
	free(cell);
	free(at);
	free(w);
	free(right);
	free(shown);
	return rc;
}

static void
out_free(pk_out *o)
{
	size_t i;

	free(o->cells.s);
	if (o->spool)
		fclose(o->spool);
	free(o->width);
	free(o->seen);
	for (i = 0; o->owncols && o->owncols[i].key; i++)
		free((char *)o->owncols[i].key);
	free(o->owncols);
	free(o->line.s);
	free(o);
}

int
pk_out_end(pk_out *o)
{
	FILE *fp;
	int rc = 0;

	if (!o)
		return 0;
	fp = o->fp;
	if (o->fmt == PK_FMT_JSON)
		fputs(o->nrec == 0 ? "[]\n" : "\n]\n", fp);
	else if (o->fmt == PK_FMT_CSV && o->nrec == 0 && o->cols)
		csv_header(o);
	else if (o->fmt == PK_FMT_TABLE && o->cols && o->ncols > 0 &&
	    o->nrec > 0)
		rc = table_print(o);
	out_free(o);
	if (rc != 0)
		return rc;
	if (fflush(fp) != 0 || ferror(fp))
		return pk_fail_write();
	return 0;
}

int
pk_out_copy(FILE *tmp, bool stored)
{
	char buf[65536];
	size_t n;

	rewind(tmp);
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return pk_fail(PK_EX_IOERR, "<stdout>: write error%s", stored ?
			    PK_OUTPUT_LOST : "");
	if (ferror(tmp))
		return pk_fail(PK_EX_IOERR, "temporary file: read error%s", stored ?
		    PK_OUTPUT_LOST : "");
	return 0;
}
