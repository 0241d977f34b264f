/*
 * money.c - money is int64 cents everywhere.  Text in and out is parsed
 * and printed digit by digit: no float ever holds an amount.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

int
pk_money_parse(const char *s, int64_t *cents, int flags)
{
	const char *p = s;
	int64_t v = 0;
	int neg = 0, ndec = -1, ndig = 0;

	if (*p == '-' || *p == '+') {
		if (!(flags & PK_MONEY_SIGNED))
			return pk_fail(PK_EX_DATAERR,
			    "amount \"%s\": a sign is not allowed here", s);
		neg = *p == '-';
		p++;
	}
	for (; *p; p++) {
		if (*p == '.' && ndec < 0) {
			ndec = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return pk_fail(PK_EX_DATAERR,
			    "amount \"%s\": not a number like 25.00", s);
		if (ndec >= 0 && ++ndec > 2)
			return pk_fail(PK_EX_DATAERR,
			    "amount \"%s\": more than two decimals", s);
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return pk_fail(PK_EX_DATAERR, "amount \"%s\": too large", s);
		v = v * 10 + (*p - '0');
		ndig++;
	}
	if (ndig == 0 || ndec == 0)
		return pk_fail(PK_EX_DATAERR, "amount \"%s\": not a number like 25.00", s);
	for (ndec = ndec < 0 ? 0 : ndec; ndec < 2; ndec++) {
		if (v > INT64_MAX / 10)
			return pk_fail(PK_EX_DATAERR, "amount \"%s\": too large", s);
		v *= 10;
	}
	*cents = neg ? -v : v;
	return 0;
}

char *
pk_money_fmt(int64_t cents, char *buf)
{
	return pk_fmt_hundredths(cents, buf);
}

json_t *
pk_money_json(int64_t cents)
{
	char buf[PK_MONEY_BUFSZ];
	json_t *j = json_string(pk_money_fmt(cents, buf));

	if (!j)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return j;
}

bool
pk_money_add(int64_t *sum, int64_t add)
{
	int64_t r;

	if (__builtin_add_overflow(*sum, add, &r))
		return false;
	*sum = r;
	return true;
}

static const char *const ones[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen"
};
static const char *const tens[] = {
	"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
	"eighty", "ninety"
};

/* Words for 1..999, appended to buf. */
static void
words999(char *buf, size_t sz, unsigned n)
{
	size_t len = strlen(buf);

	if (n >= 100) {
		snprintf(buf + len, sz - len, "%s hundred%s", ones[n / 100],
		    n % 100 ? " " : "");
		len = strlen(buf);
		n %= 100;
	}
	if (n >= 20)
		snprintf(buf + len, sz - len, "%s%s%s", tens[n / 10],
		    n % 10 ? "-" : "", n % 10 ? ones[n % 10] : "");
	else if (n > 0)
		snprintf(buf + len, sz - len, "%s", ones[n]);
}

char *
pk_money_words(int64_t cents)
{
	static const char *const scale[] = {
		"", " thousand", " million", " billion", " trillion",
		" quadrillion", " quintillion"
	};
	char buf[512] = "", part[128];
	uint64_t u = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	uint64_t d = u / 100, div = 1;
	int s = 0;

	if (d == 0)
		strcpy(buf, "zero");
	while (d / div >= 1000) {
		div *= 1000;
		s++;
	}
	for (; div > 0; div /= 1000, s--) {
		unsigned chunk = (unsigned)(d / div % 1000);

		if (chunk == 0)
			continue;
		part[0] = '\0';
		words999(part, sizeof part, chunk);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s%s",
		    buf[0] ? " " : "", part, scale[s]);
	}
	return pk_asprintf("%s%s dollar%s and %02u/100", cents < 0 ? "minus " : "",
	    buf, d == 1 ? "" : "s", (unsigned)(u % 100));
}
