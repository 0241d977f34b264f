/*
 * utf8.c - text as people type it: UTF-8 sequences, characters, cuts at
 * a character boundary, the checks every text field gets, and text from
 * input made safe to quote in a message.
 *
 * Hand-written because it is small and exact: a sequence's length by the
 * rules jansson applies (so what was read is what is checked), a count of
 * lead bytes, a cut that never splits a character.  Case and accents are
 * not handled here: comparisons are exact.
 */
#include <stdbool.h>
#include <string.h>

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

size_t
pk_utf8_width(const char *s)
{
	return pk_utf8_chars(s);
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

bool
pk_text_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
		    *s != '\v' && *s != '\f')
			return false;
	return true;
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
	if (!*v && !(flags & PK_TEXT_EMPTY))
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
