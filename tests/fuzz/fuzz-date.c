/*
 * fuzz-date.c - dates, periods and years as --today, --period, --year
 * and JSON date fields give them.
 *
 * Input: "TODAY\nTEXT", or just TEXT (today is then 2026-11-23); a
 * TODAY that is not a date is ignored, so relative periods (this-month,
 * last-year...) are tried against many todays.
 *
 * Properties: a date that parses prints back as the same text and its
 * day number survives split and join; a period that parses runs forward
 * and its bounds print and parse back; month arithmetic lands in the
 * right month on a day that exists; refusals are 65 for a date and 64
 * for a period or year (both are command-line arguments).
 */
#include "fuzz.h"

static const pk_day default_today = 20780;	/* 2026-11-23 */

static void
date(const char *s)
{
	char buf[PK_DATE_BUFSZ];
	pk_day d = 0;
	int y, m, dd, rc;

	if ((rc = pk_date_parse(s, &d)) != 0) {
		fz_refused(rc, PK_EX_DATAERR, s);
		return;
	}
	fz_assert(strcmp(pk_date_fmt(d, buf), s) == 0);
	pk_date_split(d, &y, &m, &dd);
	fz_assert(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && dd >= 1 &&
	    dd <= 31);
	fz_assert(pk_date_ymd(y, m, dd) == d);
}

static void
months(pk_day d, int n)
{
	int y, m, dd, y2, m2, d2;
	pk_day next;

	pk_date_split(d, &y, &m, &dd);
	next = pk_date_add_months(d, n);
	pk_date_split(next, &y2, &m2, &d2);
	fz_assert((y2 * 12 + m2 - 1) - (y * 12 + m - 1) == n);
	fz_assert(d2 <= dd && (d2 == dd || d2 >= 28));
	/* The day after a clamped day is in the next month. */
	if (d2 != dd) {
		pk_date_split(next + 1, &y, &m, &dd);
		fz_assert(dd == 1);
	}
}

static void
period(const char *s)
{
	struct pk_period p;
	pk_day a = 0, b = 0;
	int rc;

	if ((rc = pk_period_parse(s, &p)) != 0) {
		fz_refused(rc, PK_EX_USAGE, s);
		return;
	}
	fz_assert(p.from <= p.to);
	fz_assert(pk_date_parse(p.from_s, &a) == 0 && a == p.from);
	fz_assert(pk_date_parse(p.to_s, &b) == 0 && b == p.to);
	months(p.from, 1);
	months(p.to, -13);
}

static void
year(const char *s)
{
	int y = 0, rc;

	if ((rc = pk_year_parse(s, &y)) != 0) {
		fz_refused(rc, PK_EX_USAGE, s);
		return;
	}
	fz_assert(y >= 1900 && y <= 9999);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_isolate();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *all = fz_cstr(data, size), *text = all, *nl;
	pk_day today;

	if ((nl = strchr(all, '\n'))) {
		*nl = '\0';
		text = nl + 1;
		if (pk_date_parse(all, &today) != 0 || pk_set_today(all) != 0)
			pk_set_today("2026-11-23");
	} else {
		pk_set_today("2026-11-23");
	}
	date(text);
	period(text);
	year(text);
	fz_assert(nl || pk_today() == default_today);
	free(all);
	return 0;
}
