/*
 * fuzz-sin.c - Social Insurance Numbers as --sin and the JSON field give
 * them.
 *
 * Properties: an accepted SIN is nine digits that are the input's digits
 * in order, passes the Luhn check (or is 000000000, "none"), and is
 * temporary exactly when it begins with 9; its mask shows the last three
 * digits and no other; a refusal is 65 and its message holds at most
 * one digit, so no part of a mistyped SIN reaches a terminal or a log.
 * Masking any text at all shows at most three of its characters.
 */
#include <ctype.h>

#include "fuzz.h"

static int
ndigits(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += isdigit((unsigned char)*s) != 0;
	return n;
}

static int
luhn(const char *d)
{
	int sum = 0, i, v;

	for (i = 0; i < 9; i++) {
		v = d[i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

static void
accepted(const char *in, const char *sin, int kind)
{
	char digits[10], mask[12];
	size_t n = 0;
	const char *p;

	for (p = in; *p; p++) {
		fz_assert(*p == ' ' || *p == '-' || isdigit((unsigned char)*p));
		if (isdigit((unsigned char)*p))
			digits[n++] = *p;
		fz_assert(n <= 9);
	}
	digits[n] = '\0';
	fz_assert(n == 9 && strcmp(digits, sin) == 0);
	pk_sin_mask(sin, mask);
	if (strcmp(sin, "000000000") == 0) {
		fz_assert(kind == PK_SIN_NONE && mask[0] == '\0');
		return;
	}
	fz_assert(luhn(sin));
	fz_assert(sin[0] != '0' && sin[0] != '8');
	fz_assert(kind == (sin[0] == '9' ? PK_SIN_TEMPORARY : PK_SIN_VALID));
	fz_assert(strlen(mask) == 11 && strncmp(mask, "***-***-", 8) == 0);
	fz_assert(strcmp(mask + 8, sin + 6) == 0 && ndigits(mask) == 3);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size), out[10], mask[12];
	int kind = -1, rc;

	memset(out, 'x', sizeof out);
	rc = pk_sin_parse(s, out, &kind);
	if (rc == 0) {
		accepted(s, out, kind);
	} else {
		fz_refused(rc, PK_EX_DATAERR, s);
		fz_assert(ndigits(pk_errmsg()) <= 1);
	}
	/* Whatever text reaches the mask, at most three characters show. */
	pk_sin_mask(s, mask);
	fz_assert(mask[0] == '\0' || (strlen(mask) == 11 &&
	    strncmp(mask, "***-***-", 8) == 0 && strcmp(mask + 8, s + 6) == 0));
	free(s);
	return 0;
}
