/*
 * num.c - whole numbers as people write them on a command line, in an
 * environment variable or as a record id: plain decimal digits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

bool
pk_num_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long long v;
	char *end;

	/* strtoll would take a sign, leading blanks and "0x". */
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int
pk_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

char *
pk_fmt_hundredths(int64_t v, char *buf)
{
	/* By hand, not snprintf: money and hours are written for every
	 * field of every audit row, and printf's parsing was a tenth of a
	 * batch import's instructions (make bench). */
	char tmp[24], *w = buf;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0;

	if (v < 0)
		*w++ = '-';
	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = (char)('0' + u % 10);
	u /= 10;
	tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*w++ = tmp[--n];
	*w = '\0';
	return buf;
}
