/*
 * date.c - calendar dates as day numbers, "today", and periods.
 *
 * Day numbers use the proleptic Gregorian calendar (days since
 * 1970-01-01; the conversion is Howard Hinnant's days_from_civil), so
 * ranges and month arithmetic are integer arithmetic with no time zone
 * in sight.  Hand-written because strptime/mktime bring time zones and
 * accept dates that do not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "peerkit.h"

static pk_day today_set = INT32_MIN;
static bool today_clock;	/* today_set was read from the clock */

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

pk_day
pk_date_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (pk_day)(era * 146097 + doe - 719468);
}

void
pk_date_split(pk_day days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* n decimal digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int
pk_date_parse(const char *s, pk_day *out)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0)
		return pk_fail(PK_EX_DATAERR, "date \"%s\": expected YYYY-MM-DD", s);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return pk_fail(PK_EX_DATAERR, "date \"%s\": no such date", s);
	*out = pk_date_ymd(y, m, d);
	return 0;
}

char *
pk_date_fmt(pk_day days, char *buf)
{
	int y, m, d, i;

	pk_date_split(days, &y, &m, &d);
	/* By hand: the values are known to fit, snprintf cannot know it. */
	for (i = 3; i >= 0; i--, y /= 10)
		buf[i] = (char)('0' + y % 10);
	buf[4] = buf[7] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

pk_day
pk_date_add_months(pk_day days, int n)
{
	int y, m, d, idx;

	pk_date_split(days, &y, &m, &d);
	idx = y * 12 + (m - 1) + n;
	y = idx / 12;
	m = idx % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return pk_date_ymd(y, m, d);
}

int
pk_set_today(const char *s)
{
	pk_day d;

	if (pk_date_parse(s, &d) != 0)
		return pk_fail(PK_EX_USAGE, "%s", pk_errmsg());
	today_set = d;
	today_clock = false;	/* --today after a period read the clock */
	return 0;
}

/* $PEERKIT_TODAY, if set: *d, and true; a malformed one ends the
 * process. */
static bool
env_today(pk_day *d)
{
	const char *env = getenv("PEERKIT_TODAY");

	if (!env || !*env)
		return false;
	if (pk_date_parse(env, d) != 0)
		pk_die(PK_EX_USAGE, "PEERKIT_TODAY: %s", pk_errmsg());
	return true;
}

void
pk_clock_check(void)
{
	char now[21];
	pk_day d;

	env_today(&d);
	pk_now(now);
}

/* The zone has changed: a today read from the clock is read again. */
void
pk_today_forget(void)
{
	if (today_clock)
		today_set = INT32_MIN;
	today_clock = false;
}

pk_day
pk_today(void)
{
	time_t t;
	struct tm tm;

	if (today_set != INT32_MIN || env_today(&today_set))
		return today_set;
	t = time(NULL);
	if (!localtime_r(&t, &tm))
		pk_die(PK_EX_SOFTWARE, "cannot read the clock");
	today_set = pk_date_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	today_clock = true;
	return today_set;
}

static void
set_period(struct pk_period *p, pk_day from, pk_day to)
{
	p->from = from;
	p->to = to;
	pk_date_fmt(from, p->from_s);
	pk_date_fmt(to, p->to_s);
}

static void
month_period(struct pk_period *p, int y, int m)
{
	set_period(p, pk_date_ymd(y, m, 1), pk_date_ymd(y, m, month_days(y, m)));
}

static int
bad_period(const char *s)
{
	return pk_fail(PK_EX_USAGE, "period \"%s\": expected YYYY, YYYY-MM, "
	    "YYYY-Qn, this-month, last-month, this-year, last-year, "
	    "a date or FROM..TO", s);
}

int
pk_period_parse(const char *s, struct pk_period *p)
{
	const char *dots = strstr(s, "..");
	int y, m, d;
	pk_day a, b;
	char from[PK_DATE_BUFSZ];

	pk_date_split(pk_today(), &y, &m, &d);
	if (strcmp(s, "this-month") == 0) {
		month_period(p, y, m);
	} else if (strcmp(s, "last-month") == 0) {
		month_period(p, m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	} else if (strcmp(s, "this-year") == 0 || strcmp(s, "last-year") == 0) {
		y -= s[0] == 'l';
		set_period(p, pk_date_ymd(y, 1, 1), pk_date_ymd(y, 12, 31));
	} else if (dots) {
		if (dots - s != 10 || strlen(dots + 2) != 10)
			return bad_period(s);
		memcpy(from, s, 10);
		from[10] = '\0';
		if (pk_date_parse(from, &a) != 0 || pk_date_parse(dots + 2, &b) != 0)
			return pk_fail(PK_EX_USAGE, "period \"%s\": %s", s, pk_errmsg());
		if (b < a)
			return pk_fail(PK_EX_USAGE, "period \"%s\": ends before it starts", s);
		set_period(p, a, b);
	} else if (strlen(s) == 4 && (y = digits(s, 4)) >= 1900) {
		set_period(p, pk_date_ymd(y, 1, 1), pk_date_ymd(y, 12, 31));
	} else if (strlen(s) == 7 && s[4] == '-' && s[5] == 'Q' &&
	    (y = digits(s, 4)) >= 1900 && s[6] >= '1' && s[6] <= '4') {
		m = (s[6] - '1') * 3 + 1;
		set_period(p, pk_date_ymd(y, m, 1),
		    pk_date_ymd(y, m + 2, month_days(y, m + 2)));
	} else if (strlen(s) == 7 && s[4] == '-' && (y = digits(s, 4)) >= 1900 &&
	    (m = digits(s + 5, 2)) >= 1 && m <= 12) {
		month_period(p, y, m);
	} else if (strlen(s) == 10 && pk_date_parse(s, &a) == 0) {
		set_period(p, a, a);
	} else {
		return bad_period(s);
	}
	return 0;
}

int
pk_year_parse(const char *s, int *year)
{
	int y;

	if (strlen(s) != 4 || (y = digits(s, 4)) < 1900)
		return pk_fail(PK_EX_USAGE, "year \"%s\": expected four digits, "
		    "1900 or later", s);
	*year = y;
	return 0;
}
