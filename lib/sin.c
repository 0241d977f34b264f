/*
 * sin.c - Social Insurance Numbers: validated with the Luhn checksum,
 * stored as nine digits, shown masked.  No message repeats the number:
 * a typo in a SIN is still most of a SIN.
 */
#include <string.h>

#include "peerkit.h"

static bool
luhn(const char d[9])
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

int
pk_sin_parse(const char *in, char out[10], int *kind)
{
	size_t n = 0;
	const char *p;

	for (p = in; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n == 9)
			return pk_fail(PK_EX_DATAERR,
			    "SIN: expected nine digits (spaces and dashes allowed)");
		out[n++] = *p;
	}
	out[n] = '\0';
	if (n != 9)
		return pk_fail(PK_EX_DATAERR,
		    "SIN: expected nine digits (spaces and dashes allowed)");
	if (strcmp(out, "000000000") == 0) {
		*kind = PK_SIN_NONE;
		return 0;
	}
	if (out[0] == '0' || out[0] == '8')
		return pk_fail(PK_EX_DATAERR, "SIN: no SIN begins with %c", out[0]);
	if (!luhn(out))
		return pk_fail(PK_EX_DATAERR, "SIN: the check digit is wrong "
		    "(a digit mistyped?)");
	*kind = out[0] == '9' ? PK_SIN_TEMPORARY : PK_SIN_VALID;
	return 0;
}

char *
pk_sin_mask(const char *sin, char buf[12])
{
	if (pk_sin_is_token(sin)) {
		memcpy(buf, "***-***-", 8);
		memcpy(buf + 8, sin, 3);
		buf[11] = '\0';
		return buf;
	}
	if (!sin || strlen(sin) != 9 || strcmp(sin, "000000000") == 0) {
		buf[0] = '\0';
		return buf;
	}
	memcpy(buf, "***-***-", 8);
	memcpy(buf + 8, sin + 6, 3);
	buf[11] = '\0';
	return buf;
}
