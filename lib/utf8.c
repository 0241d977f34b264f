/*
 * utf8.c - text as people type it: UTF-8 sequences, characters, cuts at
 * a character boundary, the checks every text field gets, text from
 * input made safe to quote in a message, and text in the characters the
 * CRA accepts (pk_cra_text).
 *
 * Hand-written because it is small and exact: a sequence's length by the
 * rules jansson applies (so what was read is what is checked), a count of
 * lead bytes, a cut that never splits a character.  Normalisation (NFC)
 * and the fold that names are matched by (case, accents, apostrophes)
 * are utf8proc's: Unicode's tables are not ours to copy.
 *
 * The width of text on a terminal is the C library's: wcwidth(3) in
 * glibc's built-in C.UTF-8 locale (glibc 2.35 and later), which carries
 * the Unicode tables (East Asian wide and fullwidth characters 2,
 * combining marks and other zero-width characters 0) and is the same
 * whatever locale the user runs under.  A table here would have to
 * follow every Unicode release; glibc's does.  Where that locale is
 * missing, every character counts 1, as it did before.
 */
#define _XOPEN_SOURCE 700	/* wcwidth */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

#include "peerkit.h"

size_t
pk_utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

size_t
pk_utf8_chars_n(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

size_t
pk_utf8_chars(const char *s)
{
	return pk_utf8_chars_n(s, strlen(s));
}

static unsigned
code_point(const unsigned char *s, size_t n)
{
	static const unsigned lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned cp = s[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3fu);
	return cp;
}

/* Columns of the character at s, whose valid sequence is n bytes long
 * (0: not UTF-8, shown as one replacement character). */
static size_t
char_width(const unsigned char *s, size_t n)
{
	static locale_t utf8;
	static bool tried;
	locale_t old;
	int w;

	if (n <= 1)
		return 1;
	if (!tried) {
		tried = true;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (!utf8)
		return 1;
	old = uselocale(utf8);
	w = wcwidth((wchar_t)code_point(s, n));
	uselocale(old);
	/* A control or unassigned character: defanged or shown as one. */
	return w < 0 ? 1 : (size_t)w;
}

size_t
pk_utf8_fit(const char *s, size_t max, size_t *width)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, cw, w = 0;

	while (u[i]) {
		n = pk_utf8_len(u + i);
		cw = char_width(u + i, n);
		if (w + cw > max)
			break;
		w += cw;
		i += n ? n : 1;
	}
	if (width)
		*width = w;
	return i;
}

size_t
pk_utf8_width(const char *s)
{
	size_t w;

	pk_utf8_fit(s, (size_t)-1, &w);
	return w;
}

size_t
pk_utf8_prefix(const char *s, size_t max)
{
	size_t i, n = 0;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			break;
	return i;
}

size_t
pk_utf8_cut(char *dst, size_t size, const char *src, size_t max)
{
	size_t len = 0, n = 0, clen;
	const unsigned char *s = (const unsigned char *)src;

	if (size == 0)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s && n < max) {
		for (clen = 1; (s[clen] & 0xc0) == 0x80; clen++)
			;
		if (len + clen >= size)
			break;
		memcpy(dst + len, s, clen);
		len += clen;
		s += clen;
		n++;
	}
	while (len > 0 && (dst[len - 1] == ' ' || dst[len - 1] == '\t'))
		len--;
	dst[len] = '\0';
	return len;
}

/* White space, as pk_text_blank and pk_text_unpad take it. */
static const char blanks[] = " \t\n\r\v\f";

bool
pk_text_blank(const char *s)
{
	return !s || s[strspn(s, blanks)] == '\0';
}

bool
pk_text_has_control(const char *s, bool lines)
{
	const unsigned char *c;

	for (c = (const unsigned char *)s; *c; c++)
		if ((*c < 0x20 && !(lines && (*c == '\n' || *c == '\t'))) ||
		    *c == 0x7f)
			return true;
	return false;
}

int
pk_text_check(const char *field, const char *v, size_t max, int flags)
{
	/* Blanks alone say nothing: a reason of "   " is none. */
	if (pk_text_blank(v) && !(flags & PK_TEXT_EMPTY))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": empty", field);
	if (pk_utf8_chars(v) > max)
		return pk_fail(PK_EX_DATAERR, "field \"%s\": longer than %zu "
		    "characters", field, max);
	if (pk_text_has_control(v, flags & PK_TEXT_LINES))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": control characters "
		    "are not allowed", field);
	return 0;
}

char *
pk_text_shown(char *dst, size_t size, const char *src)
{
	size_t n = 0, max = size - 4;

	for (; *src && n < max; src++)
		dst[n++] = (unsigned char)*src < 0x20 || *src == 0x7f ?
		    '?' : *src;
	if (*src) {
		while (n > 0 && ((unsigned char)*src & 0xc0) == 0x80) {
			n--;
			src--;
		}
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}

/*
 * Text for the CRA.  The T619 specifications (2026) publish tables of
 * acceptable characters, and the CRA replaces any other character with
 * a space.  The CRA's own tables could not be retrieved (issue 16's
 * reference notes, "Acceptable characters"): UNVERIFIED, this is the
 * common subset of two published readings of them (AvanTax's eForms
 * guide, 2025, and ArgoBooks' CraFormat.cs, for 2026; u-diaeresis is in
 * the second only, the comma in the first's addresses only):
 *
 *   names      A-Z a-z 0-9 space ' & . -  and  a-grave a-circumflex
 *              c-cedilla e-acute e-grave e-circumflex e-diaeresis
 *              i-circumflex i-diaeresis o-circumflex u-grave
 *              u-circumflex, and their capitals
 *   addresses  the same and  / #
 *
 * Everything else is mapped by a hand table, small enough to read: a
 * Latin letter with another accent or a stroke to its base letter
 * (L-stroke L, o-slash o, n-tilde n, sharp s ss, ae ae), quotes and
 * apostrophes (" ` and the typographic ones) to ', dashes to -,
 * anything else (< > , ; and the rest) to a space; then runs of spaces
 * become one and the ends none.
 * Combining accents are dropped.  A library (utf8proc) would decompose
 * more letters, but the CRA's set is closed and small: the table covers
 * Latin-1 and Latin Extended-A, which is where a Canadian or European
 * name's letters are, and the rest becomes a space as the CRA would
 * make it.
 */

/* Latin-1 U+00C0..U+00FF: '*' kept, '?' two letters (cra_pair). */
static const char latin1[] =
    "*A*AAA?*****II**" "DNOO*OO O*U*UY??"
    "*a*aaa?*****ii**" "dnoo*oo o*u*uy?y";
/* Latin Extended-A U+0100..U+017F: '?' two letters. */
static const char latin_a[] =
    "AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi" "Ii??JjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo" "Oo??RrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

static bool
isalnum_ascii(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static const char *
cra_pair(unsigned cp)
{
	switch (cp) {
	case 0xc6: return "AE";
	case 0xde: return "TH";
	case 0xdf: return "ss";
	case 0xe6: return "ae";
	case 0xfe: return "th";
	case 0x132: return "IJ";
	case 0x133: return "ij";
	case 0x152: return "OE";
	default: return "oe";	/* 0x153 */
	}
}

char *
pk_cra_text(const char *s, int kind, bool *mapped)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *rep;
	char *out, *o, one[2] = {0, 0};
	size_t n;
	unsigned cp;

	if (mapped)
		*mapped = false;
	if (!s)
		return NULL;
	/* At most two bytes out for each byte in (ss, ae from 2 bytes). */
	o = out = pk_malloc(2 * strlen(s) + 1);
	while (*u) {
		n = pk_utf8_len(u);
		cp = n == 0 ? 0x10000 : n == 1 ? u[0] : n == 2 ? (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu) :
		    n == 3 ? (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 |
		    (u[2] & 0x3fu) : 0x10000;
		if (n == 0)	/* not UTF-8: the store holds none */
			n = 1;
		rep = one;
		if (cp < 0x80 && (isalnum_ascii(cp) || strchr(" '&.-", (int)cp) ||
		    (kind == PK_CRA_ADDRESS && (cp == '/' || cp == '#'))))
			one[0] = (char)cp;
		else if (cp == '"' || cp == '`' || cp == 0xb4 || cp == 0xab ||
		    cp == 0xbb || (cp >= 0x2018 && cp <= 0x201f) ||
		    cp == 0x2032 || cp == 0x2033 || cp == 0x2039 || cp == 0x203a)
			one[0] = '\'';
		else if (cp >= 0x2010 && cp <= 0x2015)
			one[0] = '-';
		else if (cp >= 0x300 && cp <= 0x36f)	/* combining accents */
			rep = "";
		else if (cp >= 0xc0 && cp <= 0xff && latin1[cp - 0xc0] == '*')
			rep = NULL;
		else if (cp >= 0xc0 && cp <= 0xff)
			one[0] = latin1[cp - 0xc0];
		else if (cp >= 0x100 && cp <= 0x17f)
			one[0] = latin_a[cp - 0x100];
		else
			one[0] = ' ';
		if (rep == one && one[0] == '?')
			rep = cra_pair(cp);
		if (rep && mapped && !(rep == one && one[0] == (char)cp))
			*mapped = true;
		if (!rep) {
			memcpy(o, u, n);
			o += n;
		} else {
			for (; *rep; rep++)
				if (*rep != ' ' || (o > out && o[-1] != ' '))
					*o++ = *rep;
		}
		u += n;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

/*
 * Text as it is kept and compared.
 *
 * Input is kept in NFC, so that "Zoë" typed with a precomposed ë and
 * the same name typed as e and a combining diaeresis are one string.
 *
 * References are matched by a fold: Unicode's compatibility
 * decomposition and case folding (utf8proc), default-ignorable
 * characters (a zero-width space) dropped, accents dropped, and the
 * three apostrophes people type in names (U+2019, U+2018 and the
 * modifier letter U+02BC of many Indigenous orthographies) made the
 * ASCII one.  "Accents" are the combining diacritical marks of the
 * Latin, Greek and Cyrillic scripts only (the blocks below): the vowel
 * signs of scripts such as Gurmukhi or Devanagari are marks to Unicode
 * too, but dropping them would make different names one.
 */

static utf8proc_int32_t
apostrophe(utf8proc_int32_t c, void *data)
{
	(void)data;
	return c == 0x2019 || c == 0x2018 || c == 0x02bc ? '\'' : c;
}

static bool
accent(utf8proc_int32_t c)
{
	return (c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f);
}

bool
pk_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char seq[4];
	size_t i = 0, n, k;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* pk_utf8_len reads up to four bytes: never past len. */
		memset(seq, 0, sizeof seq);
		for (k = 0; k < 4 && i + k < len; k++)
			seq[k] = u[i + k];
		if ((n = pk_utf8_len(seq)) == 0 || i + n > len) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

static bool
beyond_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

char *
pk_utf8_nfc(const char *s)
{
	char *t;

	if (!pk_utf8_valid(s, strlen(s), NULL))
		return NULL;
	if (!beyond_ascii(s))
		return pk_strdup(s);
	if (!(t = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s)))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return t;
}

char *
pk_text_unpad(char *s)
{
	size_t n = strlen(s), lead;

	while (n > 0 && strchr(blanks, s[n - 1]))
		n--;
	lead = strspn(s, blanks);
	if (lead > n)
		lead = n;
	memmove(s, s + lead, n - lead);
	s[n - lead] = '\0';
	return s;
}

char *
pk_utf8_fold(const char *s)
{
	const utf8proc_option_t opt = UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_IGNORE;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t *buf;
	utf8proc_ssize_t n, i, k = 0;
	char *f, *t;

	if (!pk_utf8_valid(s, strlen(s), NULL))
		return NULL;
	/* ASCII has no accent, apostrophe to map, compatibility form or
	 * ignorable character: its fold is its case, A-Z to a-z (utf8proc
	 * was a twentieth of a batch of peers; test-utf8.c holds the two
	 * roads equal). */
	if (!beyond_ascii(s)) {
		f = pk_strdup(s);
		for (t = f; *t; t++)
			if (*t >= 'A' && *t <= 'Z')
				*t = (char)(*t - 'A' + 'a');
		return pk_text_unpad(f);
	}
	if ((n = utf8proc_decompose_custom(u, 0, NULL, 0, opt, apostrophe,
	    NULL)) < 0)
		return NULL;
	/* Room for the UTF-8 too: reencode writes it in place. */
	buf = pk_malloc(((size_t)n + 1) * sizeof *buf);
	if (utf8proc_decompose_custom(u, 0, buf, n, opt, apostrophe,
	    NULL) != n) {
		free(buf);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (!accent(buf[i]))
			buf[k++] = buf[i];
	if (utf8proc_reencode(buf, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0) {
		free(buf);
		return NULL;
	}
	/* A no-break space folds to a space, and goes with the rest. */
	return pk_text_unpad((char *)buf);
}

void
pk_json_nfc(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	char *t;

	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			pk_json_nfc(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			pk_json_nfc(x);
	} else if (json_is_string(v) && beyond_ascii(json_string_value(v)) &&
	    strlen(json_string_value(v)) == json_string_length(v)) {
		t = pk_utf8_nfc(json_string_value(v));
		if (t && strcmp(t, json_string_value(v)) != 0 &&
		    json_string_set(v, t) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
		free(t);
	}
}
