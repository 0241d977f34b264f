/*
 * hours.c - time as peers report it, and the honorarium it earns: hours
 * typed as "1.5" or "1:30" read into whole minutes, minutes shown as
 * hours, and the amount due at an activity's rate.
 *
 * Whole minutes, because they are exact: a value that is not a whole
 * number of minutes is refused, not rounded, so the time stored is the
 * time typed.  Apart from the records (engagement.c) because none of it
 * needs the store: payments, the summary and engage-log's --hours use it
 * without them.
 */
#include <string.h>

#include "peerkit.h"

static int
bad_hours(const char *s, const char *why)
{
	return pk_fail(PK_EX_DATAERR, "hours \"%.40s\": %s", s, why);
}

/* H:MM, after the hours. */
static int
clock_minutes(const char *s, const char *p, int64_t whole, int64_t *m)
{
	if (strlen(p) != 2 || strspn(p, "0123456789") != 2 || p[0] > '5')
		return bad_hours(s, "expected hours like 1.5 or 1:30");
	*m = whole * 60 + (p[0] - '0') * 10 + (p[1] - '0');
	return 0;
}

/*
 * The fraction after the point.  Without trailing zeros, a fraction of
 * more than two digits is never a whole number of minutes (60 has only
 * two factors of 2 and one of 5), so two digits bound the arithmetic.
 */
static int
frac_minutes(const char *s, const char *p, int64_t whole, int64_t *m)
{
	size_t n = strspn(p, "0123456789");
	int64_t num = 0, den = 1;

	if (n == 0 || p[n] != '\0')
		return bad_hours(s, "expected hours like 1.5 or 1:30");
	while (n > 0 && p[n - 1] == '0')
		n--;
	if (n > 2)
		return bad_hours(s, "not a whole number of minutes");
	for (; n > 0; n--, p++) {
		num = num * 10 + (*p - '0');
		den *= 10;
	}
	if (num * 60 % den != 0)
		return bad_hours(s, "not a whole number of minutes");
	*m = whole * 60 + num * 60 / den;
	return 0;
}

int
pk_hours_parse(const char *s, int *minutes)
{
	const char *p = s;
	int64_t whole = 0, m = 0;
	size_t n;
	int rc = 0;

	if (*p == '-')
		return bad_hours(s, "must be more than zero");
	n = strspn(p, "0123456789");
	for (; n > 0; n--, p++)
		if (whole < 100000)
			whole = whole * 10 + (*p - '0');
	if (p == s && *p != '.')
		return bad_hours(s, "expected hours like 1.5 or 1:30");
	if (*p == ':')
		rc = p == s ? bad_hours(s, "expected hours like 1.5 or 1:30") :
		    clock_minutes(s, p + 1, whole, &m);
	else if (*p == '.')
		rc = frac_minutes(s, p + 1, whole, &m);
	else if (*p != '\0')
		rc = bad_hours(s, "expected hours like 1.5 or 1:30");
	else
		m = whole * 60;
	if (rc != 0)
		return rc;
	if (m == 0)
		return bad_hours(s, "must be more than zero");
	if (m > 24 * 60)
		return bad_hours(s, "more than 24 hours");
	*minutes = (int)m;
	return 0;
}

char *
pk_hours_fmt(int64_t minutes, char *buf)
{
	int64_t h = (minutes * 100 + 30) / 60;	/* hundredths, half up */

	return pk_fmt_hundredths(h, buf);
}

int
pk_engagement_due(const struct pk_rate *r, int minutes, int64_t *due)
{
	int64_t d;

	if (__builtin_mul_overflow(r->hourly, (int64_t)minutes, &d) ||
	    __builtin_add_overflow(d, 30, &d))
		return pk_fail(PK_EX_DATAERR, "activity \"%s\": the amount due "
		    "is too large", r->activity);
	d /= 60;
	if (!pk_money_add(&d, r->flat))
		return pk_fail(PK_EX_DATAERR, "activity \"%s\": the amount due "
		    "is too large", r->activity);
	*due = d < r->minimum ? r->minimum : d;
	return 0;
}
