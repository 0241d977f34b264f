/*
 * jsonflat.c - the quick road for a flat JSON Lines record; jansson
 * takes everything else.
 *
 * Why a hand-written parser beside jansson: in a batch import of
 * engagements or peers, json_loadb was a fifth to a quarter of all the
 * instructions (callgrind, 10,000 records): some 21,000 for an
 * engagement of six fields, a third of what the sqlite3 shell spends on
 * a whole record of its .import.  Nearly every record a tool reads has
 * one shape: one object of strings, integers, true, false, null and
 * arrays of those.  This file reads that shape and builds the very
 * values jansson would (same types, same key order), in about a third
 * of the instructions.
 *
 * It answers only when it is sure.  Anything else it does not decide
 * but hands back (NULL), and the caller asks jansson, which then gives
 * the value, or the error and its message, as before: an escape in a
 * string, a number with a fraction or an exponent or of more than 18
 * digits, a nested object, an array inside an array, a control
 * character, bytes that are not UTF-8, a key given twice, anything after
 * the object, any syntax error at all.  So the only way it can be wrong
 * is by accepting text jansson would read differently or refuse, and
 * tests/unit/test-jsonflat.c compares the two on every seed of
 * tests/fuzz/corpus/flat (the lines of the JSON corpus, records shaped
 * as the bench's, edge cases) and on a million mutations of them;
 * fuzz-flat.c does the same under libFuzzer (make fuzz).
 */
#include <string.h>

#include "internal.h"

/* Digits an integer may have here: any 18 fit an int64_t (json_int_t). */
#define MAX_DIGITS 18

struct cur {
	const char *p, *end;
};

static void
ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

/* A string without escapes or control characters, its bytes UTF-8: its
 * text (between the quotes) in *s and *len; false for anything else. */
static bool
str(struct cur *c, const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)c->p + 1;
	const unsigned char *end = (const unsigned char *)c->end;
	bool wide = false;

	for (; p < end && *p != '"'; p++) {
		if (*p < 0x20 || *p == '\\')
			return false;
		wide |= *p >= 0x80;
	}
	if (p == end)
		return false;
	*s = c->p + 1;
	*len = (size_t)((const char *)p - *s);
	if (wide && !pk_utf8_valid(*s, *len, NULL))
		return false;
	c->p = (const char *)p + 1;
	return true;
}

/* Where a value may end: white space, a comma, a closing bracket or
 * brace, or the end of the text. */
static bool
delim(const struct cur *c)
{
	if (c->p == c->end)
		return true;
	switch (*c->p) {
	case ' ': case '\t': case '\r': case '\n': case ',': case ']': case '}':
		return true;
	default:
		return false;
	}
}

static bool
word(struct cur *c, const char *w, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return false;
	c->p += n;
	return delim(c);
}

/* An integer: -?(0|[1-9][0-9]*), at most MAX_DIGITS digits, not the
 * start of a fraction or an exponent. */
static bool
integer(struct cur *c, json_int_t *v)
{
	const char *p = c->p;
	bool neg = false;
	json_int_t n = 0;
	int digits = 0;

	if (p < c->end && *p == '-') {
		neg = true;
		p++;
	}
	if (p == c->end || *p < '0' || *p > '9')
		return false;
	if (*p == '0') {
		p++;
		digits = 1;
	} else {
		for (; p < c->end && *p >= '0' && *p <= '9'; p++) {
			if (++digits > MAX_DIGITS)
				return false;
			n = n * 10 + (*p - '0');
		}
	}
	c->p = p;
	if (!delim(c))
		return false;	/* a fraction, an exponent, 01, 1x */
	*v = neg ? -n : n;
	return true;
}

/* A value that is not an object; arrays only where arrays is true (an
 * array's elements are scalars). */
static json_t *
value(struct cur *c, bool arrays)
{
	const char *s;
	size_t len;
	json_int_t n;
	json_t *a, *v;

	if (c->p == c->end)
		return NULL;
	switch (*c->p) {
	case '"':
		return str(c, &s, &len) ? json_stringn_nocheck(s, len) : NULL;
	case 't':
		return word(c, "true", 4) ? json_true() : NULL;
	case 'f':
		return word(c, "false", 5) ? json_false() : NULL;
	case 'n':
		return word(c, "null", 4) ? json_null() : NULL;
	case '[':
		if (!arrays || !(a = json_array()))
			return NULL;
		c->p++;
		ws(c);
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return a;
		}
		for (;;) {
			ws(c);
			if (!(v = value(c, false)) ||
			    json_array_append_new(a, v) != 0)
				break;
			ws(c);
			if (c->p == c->end)
				break;
			if (*c->p == ']') {
				c->p++;
				return a;
			}
			if (*c->p++ != ',')
				break;
		}
		json_decref(a);
		return NULL;
	default:
		return integer(c, &n) ? json_integer(n) : NULL;
	}
}

json_t *
pk_json_flat(const char *text, size_t len)
{
	struct cur c = { text, text + len };
	const char *key;
	size_t klen;
	json_t *obj, *v;

	ws(&c);
	if (c.p == c.end || *c.p != '{' || !(obj = json_object()))
		return NULL;
	c.p++;
	ws(&c);
	if (c.p < c.end && *c.p == '}') {
		c.p++;
		goto end;
	}
	for (;;) {
		ws(&c);
		if (c.p == c.end || *c.p != '"' || !str(&c, &key, &klen))
			break;
		ws(&c);
		if (c.p == c.end || *c.p++ != ':')
			break;
		ws(&c);
		/* A key given twice is jansson's to refuse, in its words. */
		if (json_object_getn(obj, key, klen) ||
		    !(v = value(&c, true)))
			break;
		if (json_object_setn_new_nocheck(obj, key, klen, v) != 0)
			break;
		ws(&c);
		if (c.p == c.end)
			break;
		if (*c.p == '}') {
			c.p++;
			goto end;
		}
		if (*c.p++ != ',')
			break;
	}
	json_decref(obj);
	return NULL;
end:
	ws(&c);
	if (c.p != c.end) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}
