/*
 * sin.c - Social Insurance Numbers: validated with the Luhn checksum,
 * stored as nine digits, shown masked.  No message repeats the number:
 * a typo in a SIN is still most of a SIN.
 */
#include <ctype.h>
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

/*
 * A SIN as a user may type it, in any text: nine digits in one run or
 * in threes split by a space or a dash (130 692 544, 130-692-544), not
 * part of a longer word or number.  loose, for text that quotes a line
 * typed (JSON near a fault), also takes 7 to 11 digits in a run and the
 * threes cut short (130 692 54): a typo or a cut SIN is still most of
 * one.  Dates (2026-11-23), times, postal codes, uuids (groups of 4, 8
 * and 12), amounts (130692544.00) and ids of 8 digits or fewer are not.
 * The length of the one starting at s, its last three digits in tail;
 * 0 if none starts there.
 */
static size_t
sin_like(const char *s, bool loose, char tail[3])
{
	const char *p = s;
	size_t nd = 0, group = 0, groups = 1;
	char sep = 0;
	bool zeros = true;	/* 000000000 is the slip's "no SIN" */

	while (isdigit((unsigned char)*p)) {
		zeros = zeros && *p == '0';
		tail[0] = tail[1];
		tail[1] = tail[2];
		tail[2] = *p++;
		nd++;
		group++;
		if ((*p == ' ' || *p == '-') && isdigit((unsigned char)p[1]) &&
		    group == 3 && groups < 3 && (!sep || *p == sep)) {
			sep = *p++;
			group = 0;
			groups++;
		}
	}
	if (zeros || isalnum((unsigned char)*p) || (*p == '.' &&
	    isdigit((unsigned char)p[1])) || ((*p == ' ' || *p == '-') &&
	    isdigit((unsigned char)p[1])))
		return 0;
	if (groups == 1 ? !(nd == 9 || (loose && nd >= 7 && nd <= 11)) :
	    !(groups == 3 && (group == 3 || (loose && group < 3))))
		return 0;
	return (size_t)(p - s);
}

char *
pk_sin_scrub(char *text, size_t size, bool loose)
{
	char out[4096], *w = out, tail[3];
	const char *r = text;
	size_t n;
	bool start = true;

	if (size > sizeof out)
		size = sizeof out;
	while (*r && w < out + size - 1) {
		if (start && (n = sin_like(r, loose, tail)) > 0) {
			/* No room for the mask: the text ends here. */
			if (w + 11 >= out + size)
				break;
			memcpy(w, "***-***-", 8);
			memcpy(w + 8, tail, 3);
			w += 11;
			r += n;
			start = false;
			continue;
		}
		start = !isalnum((unsigned char)*r) && *r != '.';
		*w++ = *r++;
	}
	*w = '\0';
	memcpy(text, out, (size_t)(w - out) + 1);
	return text;
}
