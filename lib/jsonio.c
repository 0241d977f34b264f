/*
 * jsonio.c - records in: JSON Lines, or one JSON array, and typed access
 * to their fields; and JSON text out, the writer behind the stored JSON
 * columns, the audit trail and JSON Lines output.
 *
 * JSON Lines are read one line at a time into one reused buffer and each
 * line is parsed on its own.  A batch of a million records so runs in the
 * memory of its longest line, and every error can name the line it is
 * on.  A flat line (strings, integers, lists: nearly every record) is
 * read by jsonflat.c in a third of jansson's time; jansson reads the
 * rest and words every error.  Input whose first byte that is not white
 * space is '[' is one JSON array instead; that has to be parsed whole,
 * which suits the hand-made files that come in that shape.
 *
 * Duplicate keys are refused: which of two "amount"s a tool would use is
 * a guess nobody should have to make about money.
 *
 * CSV is read by csvin.c behind the same pk_input_next, chosen by
 * pk_input_format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

static bool
isblank_json(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
open_fail(const char *path, int e)
{
	return pk_fail(e == EACCES || e == EPERM ? PK_EX_NOPERM : PK_EX_NOINPUT,
	    "%s: %s", path, strerror(e));
}

int
pk_input_open(struct pk_input *in, const char *path)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	if (strcmp(path, "-") == 0) {
		in->fp = stdin;
		in->name = pk_strdup("<stdin>");
		return 0;
	}
	if (!(in->fp = fopen(path, "r")))
		return open_fail(path, errno);
	/* fopen reads a directory happily; the first read would fail. */
	if (fstat(fileno(in->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(in->fp);
		in->fp = NULL;
		return open_fail(path, EISDIR);
	}
	in->name = pk_strdup(path);
	in->owned = true;
	return 0;
}

static int
read_fail(struct pk_input *in)
{
	return pk_fail(PK_EX_IOERR, "%s: read error: %s", in->name,
	    strerror(errno));
}

static int
too_long(struct pk_input *in, size_t line)
{
	return pk_fail(PK_EX_DATAERR, "%s:%zu: line too long (a record is "
	    "at most %d MiB)", in->name, line, PK_LINE_MAX >> 20);
}

static int
parse_fail(struct pk_input *in, const json_error_t *err, size_t line,
    size_t shift)
{
	char text[JSON_ERROR_TEXT_LENGTH];

	/* jansson's lexer reports a failed allocation as a bad token, so
	 * errno, cleared before the parse, is what tells. */
	if (json_error_code(err) == json_error_out_of_memory || errno == ENOMEM)
		return too_long(in, line);
	pk_text_shown(text, sizeof text, err->text);
	/* jansson quotes the text near the fault: a SIN cut short, or
	 * with a tab after it, must not be shown. */
	pk_sin_scrub(text, sizeof text, true);
	return pk_fail(PK_EX_DATAERR, "%s:%zu: malformed JSON: %s (column %zu)",
	    in->name, line, text, (size_t)(err->column > 0 ? err->column : 0) +
	    shift);
}

/*
 * Text that is not UTF-8 (a file saved as Latin-1 or Windows-1252): its
 * own message, naming the line and the byte in it (from 1, as columns
 * are counted), and the byte, so that it can be found and the file
 * saved again as UTF-8.  text holds line `line` on, the first of them
 * after lead bytes read before; 0 if text is UTF-8 after all.
 */
static int
not_utf8(struct pk_input *in, const char *text, size_t len, size_t line,
    size_t lead)
{
	const char *nl;
	size_t bad, at;

	if (pk_utf8_valid(text, len, &bad))
		return 0;
	at = bad + lead;
	while ((nl = memchr(text, '\n', bad)) != NULL) {
		line++;
		bad -= (size_t)(nl + 1 - text);
		text = nl + 1;
		at = bad;
	}
	return pk_fail(PK_EX_DATAERR, "%s:%zu: invalid UTF-8 at byte %zu "
	    "(0x%02x): save the file as UTF-8", in->name, line, at + 1,
	    (unsigned char)text[bad]);
}

/* The rest of the input, whole: an array is parsed whole, and when
 * it is not UTF-8 the text says where. */
static char *
slurp(FILE *fp, size_t *len)
{
	size_t cap = 65536, n;
	char *text = pk_malloc(cap);

	*len = 0;
	while ((n = fread(text + *len, 1, cap - *len, fp)) > 0)
		if ((*len += n) == cap)
			text = pk_realloc(text, cap *= 2);
	return text;
}

static int
load_array(struct pk_input *in, size_t nl, size_t lead)
{
	json_error_t err;
	size_t len;
	char *text = slurp(in->fp, &len);
	int rc = 0;

	errno = 0;
	if (!ferror(in->fp))
		in->array = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!in->array) {
		/* An empty array: whatever happens next, the input has ended. */
		in->array = checked(json_array());
		if (ferror(in->fp))
			rc = read_fail(in);
		else if (json_error_code(&err) != json_error_invalid_utf8 ||
		    (rc = not_utf8(in, text, len, nl + 1, lead)) == 0)
			rc = parse_fail(in, &err, nl + (size_t)err.line,
			    err.line == 1 ? lead : 0);
	}
	free(text);
	return rc;
}

static void
line_put(struct pk_input *in, size_t len, int c)
{
	if (len + 1 >= in->cap) {
		in->cap = in->cap ? in->cap * 2 : 128;
		in->line = pk_realloc(in->line, in->cap);
	}
	in->line[len] = (char)c;
}

/*
 * Tell JSON Lines from one array by the first byte that is not white
 * space.  The white space read on the way still counts: its newlines
 * end blank lines to report (idx holds how many), and what follows the
 * last newline stays in the line buffer, since it belongs to the first
 * record's line and shifts the columns of an error there.
 */
static int
peek(struct pk_input *in)
{
	size_t len = 0, nl = 0;
	int c, c2, c3;

	line_put(in, 0, '\0');
	/* A UTF-8 byte order mark, as some editors save a file, is not
	 * part of the first record. */
	if ((c = getc(in->fp)) == 0xef) {
		c2 = getc(in->fp);
		c3 = c2 == 0xbb ? getc(in->fp) : EOF;
		if (c2 != 0xbb || c3 != 0xbf) {
			/* Not one: the first line's first bytes, for the
			 * parser to refuse with the rest of the line. */
			line_put(in, len++, c);
			if (c2 != EOF)
				line_put(in, len++, c2);
			if (c3 != EOF)
				line_put(in, len++, c3);
			line_put(in, len, '\0');
			return 0;
		}
	} else if (c != EOF) {
		ungetc(c, in->fp);
	}
	while ((c = getc(in->fp)) != EOF && isblank_json(c)) {
		if (c == '\n') {
			nl++;
			len = 0;
		} else {
			line_put(in, len++, c);
		}
	}
	line_put(in, len, '\0');
	if (c == EOF && ferror(in->fp))
		return read_fail(in);
	if (c == '[') {
		ungetc(c, in->fp);
		return load_array(in, nl, len);
	}
	if (c != EOF)
		ungetc(c, in->fp);
	else if (len > 0)
		nl++;	/* the last line holds only blanks */
	in->idx = nl;
	return 0;
}

static const char *
kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

static int
next_element(struct pk_input *in, json_t **rec)
{
	json_t *v;

	if (in->idx >= json_array_size(in->array))
		return 0;
	v = json_array_get(in->array, in->idx++);
	in->recno = in->idx;
	if (!json_is_object(v))
		return pk_fail(PK_EX_DATAERR,
		    "%s: record %zu: expected a JSON object, got %s",
		    in->name, in->recno, kind(v));
	*rec = json_incref(v);
	return 1;
}

/*
 * One line of the input into *buf, as getline(3) reads it, but never
 * more than PK_LINE_MAX bytes before its newline: a longer line is read
 * to its end and dropped (-2), so a file with no newlines (the wrong
 * file, or a spreadsheet's binary) costs time, not memory.  getline has
 * no such bound; fgets loses the length of a line with a NUL byte in it.
 * So lines are cut from a block read ahead (in->ahead), with memchr, as
 * getline cuts them from stdio's.  -1 at the end or on a read error.
 */
#define READ_AHEAD 65536

ssize_t
pk_getline(struct pk_input *in, char **buf, size_t *cap)
{
	size_t len = 0, take, text;
	const char *at, *nl = NULL;
	bool dropped = false;

	if (!in->ahead)
		in->ahead = pk_malloc(READ_AHEAD);
	while (!nl) {
		if (in->apos == in->alen) {
			in->apos = 0;
			if ((in->alen = fread(in->ahead, 1, READ_AHEAD,
			    in->fp)) == 0)
				break;
		}
		at = in->ahead + in->apos;
		nl = memchr(at, '\n', in->alen - in->apos);
		take = nl ? (size_t)(nl - at) + 1 : in->alen - in->apos;
		in->apos += take;
		text = len + take - (nl ? 1 : 0);
		if (dropped || (dropped = text > PK_LINE_MAX))
			continue;
		if (len + take + 1 > *cap || !*buf) {
			*cap = len + take + 1 < 128 ? 128 : len + take + 1;
			if (*cap < PK_LINE_MAX / 2)
				*cap = *cap * 2;
			*buf = pk_realloc(*buf, *cap);
		}
		memcpy(*buf + len, at, take);
		len += take;
	}
	if (ferror(in->fp))
		return -1;
	if (dropped)
		return -2;
	if (len == 0)
		return -1;
	(*buf)[len] = '\0';
	return (ssize_t)len;
}

static int
read_line(struct pk_input *in, size_t *len)
{
	ssize_t n = pk_getline(in, &in->line, &in->cap);

	if (n >= 0) {
		in->lineno++;
		*len = (size_t)n;
		return 1;
	}
	if (n == -2)
		return too_long(in, ++in->lineno);
	return ferror(in->fp) ? read_fail(in) : 0;
}

static bool
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isblank_json((unsigned char)s[i]))
			return false;
	return true;
}

static int
next_line(struct pk_input *in, json_t **rec)
{
	json_error_t err;
	json_t *v;
	size_t lead, len = 0;
	int rc;

	if (in->lineno < in->idx)
		return pk_fail(PK_EX_DATAERR, "%s:%zu: blank line", in->name,
		    ++in->lineno);
	lead = in->recno == 0 ? strlen(in->line) : 0;
	if ((rc = read_line(in, &len)) != 1)
		return rc;
	if (len > 0 && in->line[len - 1] == '\n')
		len--;
	if (len > 0 && in->line[len - 1] == '\r')
		len--;
	if (blank(in->line, len))
		return pk_fail(PK_EX_DATAERR, "%s:%zu: blank line", in->name,
		    in->lineno);
	in->recno++;
	if (memchr(in->line, '\0', len))
		return pk_fail(PK_EX_DATAERR, "%s:%zu: NUL byte in input",
		    in->name, in->lineno);
	/* Most records take jsonflat.c's quick road; the rest, and every
	 * error, are jansson's. */
	if ((v = pk_json_flat(in->line, len))) {
		*rec = v;
		return 1;
	}
	errno = 0;
	if (!(v = json_loadb(in->line, len,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err))) {
		if (json_error_code(&err) == json_error_invalid_utf8 &&
		    (rc = not_utf8(in, in->line, len, in->lineno, lead)) != 0)
			return rc;
		return parse_fail(in, &err, in->lineno, lead);
	}
	if (!json_is_object(v)) {
		rc = pk_fail(PK_EX_DATAERR,
		    "%s:%zu: expected a JSON object, got %s", in->name,
		    in->lineno, kind(v));
		json_decref(v);
		return rc;
	}
	*rec = v;
	return 1;
}

/* A name that ends ".csv", in any case. */
static bool
csv_named(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

void
pk_input_format(struct pk_input *in, enum pk_input_format fmt,
    const struct pk_field *const *fields)
{
	if (fmt == PK_INPUT_AUTO)
		fmt = in->owned && csv_named(in->name) ? PK_INPUT_CSV :
		    PK_INPUT_JSONL;
	in->format = fmt;
	in->fields = fields;
}

int
pk_input_next(struct pk_input *in, json_t **rec)
{
	int rc;

	*rec = NULL;
	if (in->format == PK_INPUT_CSV)
		return pk_csvin_next(in, rec);
	if (!in->line && (rc = peek(in)) != 0)
		return rc;
	return in->array ? next_element(in, rec) : next_line(in, rec);
}

/* FILE:LINE, put together by hand: the batch names every record it
 * reads, and snprintf's format parsing was a hundredth of an import. */
const char *
pk_input_where(const struct pk_input *in)
{
	static char buf[4200];
	char num[24];
	size_t len = strlen(in->name), i = sizeof num;
	size_t v = in->lineno;

	if (in->array || len > sizeof buf - sizeof num - 1) {
		if (in->array)
			snprintf(buf, sizeof buf, "%s: record %zu", in->name,
			    in->recno);
		else
			snprintf(buf, sizeof buf, "%s:%zu", in->name,
			    in->lineno);
		return buf;
	}
	num[--i] = '\0';
	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	memcpy(buf, in->name, len);
	buf[len] = ':';
	memcpy(buf + len + 1, num + i, sizeof num - i);
	return buf;
}

void
pk_input_close(struct pk_input *in)
{
	pk_csvin_free(in);
	if (in->owned && in->fp)
		fclose(in->fp);
	free(in->name);
	free(in->line);
	free(in->ahead);
	json_decref(in->array);
	memset(in, 0, sizeof *in);
}

int
pk_json_fields(json_t *obj, const struct pk_field allowed[])
{
	const char *key;
	json_t *v;
	char safe[80];
	size_t i;

	json_object_foreach(obj, key, v) {
		/* The first byte first: a peer may carry some thirty
		 * fields, and strcmp over them all was 3% of its import. */
		for (i = 0; allowed[i].name; i++)
			if (allowed[i].name[0] == key[0] &&
			    strcmp(key, allowed[i].name) == 0)
				break;
		if (!allowed[i].name) {
			pk_text_shown(safe, sizeof safe, key);
			return pk_fail(PK_EX_DATAERR, "unknown field \"%s\"",
			    safe);
		}
	}
	return 0;
}

/*
 * The value of key, or NULL when it is absent or null: to a caller both
 * mean "not given".
 */
static json_t *
field(json_t *obj, const char *key, bool *present)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_null(v))
		v = NULL;
	if (present)
		*present = v != NULL;
	return v;
}

static int
wrong_type(const char *key, const char *want)
{
	return pk_fail(PK_EX_DATAERR, "field \"%s\": expected %s", key, want);
}

int
pk_json_str(json_t *obj, const char *key, const char **out, bool *present)
{
	json_t *v = field(obj, key, present);

	if (!v)
		return 0;
	if (!json_is_string(v))
		return wrong_type(key, "a string");
	*out = json_string_value(v);
	return 0;
}

int
pk_json_int(json_t *obj, const char *key, int64_t *out, bool *present)
{
	json_t *v = field(obj, key, present);

	if (!v)
		return 0;
	if (!json_is_integer(v))
		return wrong_type(key, "an integer");
	*out = json_integer_value(v);
	return 0;
}

int
pk_json_bool(json_t *obj, const char *key, bool *out, bool *present)
{
	json_t *v = field(obj, key, present);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return wrong_type(key, "true or false");
	*out = json_is_true(v);
	return 0;
}

int
pk_json_money(json_t *obj, const char *key, int64_t *cents, int flags,
    bool *present)
{
	json_t *v = field(obj, key, present);
	char buf[32];
	const char *s;

	if (!v)
		return 0;
	if (json_is_real(v))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": money must be a "
		    "string like \"25.00\", not a number with a fraction", key);
	if (json_is_integer(v)) {
		/* Whole dollars: the text parser checks sign and overflow. */
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		s = buf;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
	} else {
		return wrong_type(key, "a money string like \"25.00\"");
	}
	if (pk_money_parse(s, cents, flags) != 0)
		return pk_fail_context("field \"%s\"", key);
	return 0;
}

/*
 * JSON text must be UTF-8, but a name typed on a Latin-1 terminal is
 * not.  Rather than fail deep inside an output routine, each bad byte
 * becomes U+FFFD, visibly wrong and fixable.
 */
static json_t *
string_fixed(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *buf = pk_malloc(strlen(s) * 3 + 1), *w = buf;
	json_t *v;
	size_t n;

	while (*p) {
		if ((n = pk_utf8_len(p)) == 0) {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			p++;
		} else {
			memcpy(w, p, n);
			w += n;
			p += n;
		}
	}
	*w = '\0';
	v = checked(json_string(buf));
	free(buf);
	return v;
}

json_t *
pk_json_strornull(const char *s)
{
	json_t *v;

	if (!s || !*s)
		return checked(json_null());
	if ((v = json_string(s)))
		return v;
	return string_fixed(s);
}

void
pk_json_set(json_t *obj, const char *key, json_t *val)
{
	if (!val)
		val = checked(json_null());
	if (json_object_set_new(obj, key, val) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/*
 * Compact JSON text, byte for byte what json_dumps(JSON_COMPACT |
 * JSON_ENCODE_ANY) writes, about three times faster: jansson calls back
 * for every token and decodes UTF-8 a code point at a time, which made
 * the audit trail's JSON a quarter of a batch import (make bench).  The
 * audit trail, the stored JSON columns and JSON Lines output all use it.
 */
void
pk_jt_init(struct pk_jtext *t)
{
	/* An engagement's, payment's or peer's audit row, in a block that
	 * malloc hands out from its per-thread cache: one of 2 KiB took its
	 * slow path, 2% of an import of peers.  A longer text grows it. */
	t->cap = 1024;
	t->s = pk_malloc(t->cap);
	t->len = 0;
	t->s[0] = '\0';
}

static void
jt_reserve(struct pk_jtext *t, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		while (t->len + n + 1 > t->cap)
			t->cap = t->cap ? t->cap * 2 : 512;
		t->s = pk_realloc(t->s, t->cap);
	}
}

void
pk_jt_add(struct pk_jtext *t, const char *s, size_t n)
{
	jt_reserve(t, n);
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static char *
jt_escape(char *w, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	*w++ = '\\';
	switch (c) {
	case '"':
	case '\\':
		*w++ = (char)c;
		break;
	case '\b':
		*w++ = 'b';
		break;
	case '\f':
		*w++ = 'f';
		break;
	case '\n':
		*w++ = 'n';
		break;
	case '\r':
		*w++ = 'r';
		break;
	case '\t':
		*w++ = 't';
		break;
	default:
		memcpy(w, "u00", 3);
		w[3] = hex[c >> 4];
		w[4] = hex[c & 15];
		w += 5;
		break;
	}
	return w;
}

/* Bytes that a JSON string holds as they are (UTF-8 is checked apart). */
static const unsigned char plain[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* not " */
	[0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* not \ */
	[0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * Room for the worst case (every byte \u00XX) first, then one pass.
 * utf8: check the encoding, each bad byte becoming U+FFFD as
 * pk_json_strornull does; a json_t string is valid already.
 */
static void
jt_string(struct pk_jtext *t, const char *s, size_t n, bool utf8)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k;
	char *w;

	jt_reserve(t, 6 * n + 2);
	w = t->s + t->len;
	*w++ = '"';
	while (p < end) {
		if (plain[*p]) {
			*w++ = (char)*p++;
		} else if (*p < 0x80) {
			w = jt_escape(w, *p++);
		} else if (!utf8) {
			*w++ = (char)*p++;
		} else if ((k = pk_utf8_len(p)) > 0) {
			memcpy(w, p, k);
			w += k;
			p += k;
		} else {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			p++;
		}
	}
	*w++ = '"';
	*w = '\0';
	t->len = (size_t)(w - t->s);
}

void
pk_jt_str(struct pk_jtext *t, const char *s)
{
	if (!s || !*s)
		pk_jt_add(t, "null", 4);
	else
		jt_string(t, s, strlen(s), true);
}

/* Digits by hand: snprintf was a tenth of an engagement's audit text. */
void
pk_jt_int(struct pk_jtext *t, int64_t v)
{
	char num[24], *p = num + sizeof num;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	pk_jt_add(t, p, (size_t)(num + sizeof num - p));
}

void
pk_jt_key(struct pk_jtext *t, const char *key)
{
	size_t n = strlen(key);
	char *w;

	jt_reserve(t, n + 4);
	w = t->s + t->len;
	if (t->len > 0 && w[-1] != '{')
		*w++ = ',';
	*w++ = '"';
	memcpy(w, key, n);
	w += n;
	*w++ = '"';
	*w++ = ':';
	*w = '\0';
	t->len = (size_t)(w - t->s);
}

/* A real is rare (peerkit writes none): jansson's text, its own rules. */
static void
jt_real(struct pk_jtext *t, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (!s)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_jt_add(t, s, strlen(s));
	free(s);
}

void
pk_jt_value(struct pk_jtext *t, json_t *v)
{
	const char *key;
	json_t *item;
	size_t i, n = 0;

	if (!v) {
		pk_jt_add(t, "null", 4);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		pk_jt_add(t, "{", 1);
		json_object_foreach(v, key, item) {
			if (n++)
				pk_jt_add(t, ",", 1);
			jt_string(t, key, strlen(key), false);
			pk_jt_add(t, ":", 1);
			pk_jt_value(t, item);
		}
		pk_jt_add(t, "}", 1);
		break;
	case JSON_ARRAY:
		pk_jt_add(t, "[", 1);
		json_array_foreach(v, i, item) {
			if (i)
				pk_jt_add(t, ",", 1);
			pk_jt_value(t, item);
		}
		pk_jt_add(t, "]", 1);
		break;
	case JSON_STRING:
		jt_string(t, json_string_value(v), json_string_length(v), false);
		break;
	case JSON_INTEGER:
		pk_jt_int(t, json_integer_value(v));
		break;
	case JSON_REAL:
		jt_real(t, v);
		break;
	case JSON_TRUE:
		pk_jt_add(t, "true", 4);
		break;
	case JSON_FALSE:
		pk_jt_add(t, "false", 5);
		break;
	default:
		pk_jt_add(t, "null", 4);
		break;
	}
}

char *
pk_json_text(json_t *v, size_t *len)
{
	struct pk_jtext t;

	pk_jt_init(&t);
	pk_jt_value(&t, v);
	if (len)
		*len = t.len;
	return t.s;
}
