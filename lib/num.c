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
