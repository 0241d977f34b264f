/* test-date: calendar, today, periods. */
#include <stdlib.h>

#include "peerkit.h"
#include "tap.h"

static const char *
fmt(pk_day d)
{
	static char buf[PK_DATE_BUFSZ];

	return pk_date_fmt(d, buf);
}

static void
test_parse(void)
{
	pk_day d;

	is_int(pk_date_parse("1970-01-01", &d), 0, "epoch parses");
	is_int(d, 0, "epoch is day 0");
	is_int(pk_date_parse("2024-02-29", &d), 0, "leap day 2024");
	is_str(fmt(d), "2024-02-29", "round trip");
	is_int(pk_date_parse("2026-02-29", &d), PK_EX_DATAERR, "no 2026-02-29");
	is_int(pk_date_parse("2026-02-30", &d), PK_EX_DATAERR, "no 2026-02-30");
	is_int(pk_date_parse("1900-02-29", &d), PK_EX_DATAERR, "1900 not leap");
	is_int(pk_date_parse("2000-02-29", &d), 0, "2000 is leap");
	is_int(pk_date_parse("2026-13-01", &d), PK_EX_DATAERR, "month 13");
	is_int(pk_date_parse("2026-04-31", &d), PK_EX_DATAERR, "April 31");
	is_int(pk_date_parse("2026-4-1", &d), PK_EX_DATAERR, "short form");
	is_int(pk_date_parse("2026-04-01x", &d), PK_EX_DATAERR, "trailing text");
	is_int(pk_date_parse("", &d), PK_EX_DATAERR, "empty");
	ok(pk_date_parse("2026-02-30", &d) && strstr(pk_errmsg(), "2026-02-30"),
	    "message names the date");
}

static void
test_months(void)
{
	pk_day d;

	pk_date_parse("2026-01-31", &d);
	is_str(fmt(pk_date_add_months(d, 1)), "2026-02-28", "Jan 31 + 1 month");
	is_str(fmt(pk_date_add_months(d, 12)), "2027-01-31", "+12 months");
	is_str(fmt(pk_date_add_months(d, -2)), "2025-11-30", "-2 months");
}

static void
period(const char *s, const char *from, const char *to)
{
	struct pk_period p;
	char what[128];

	snprintf(what, sizeof what, "period %s", s);
	if (!ok(pk_period_parse(s, &p) == 0, what))
		return;
	is_str(p.from_s, from, "  from");
	is_str(p.to_s, to, "  to");
}

static void
test_periods(void)
{
	struct pk_period p;

	is_int(pk_set_today("2026-03-15"), 0, "set today");
	is_str(fmt(pk_today()), "2026-03-15", "today is what was set");
	period("2026", "2026-01-01", "2026-12-31");
	period("2024-02", "2024-02-01", "2024-02-29");
	period("2026-Q1", "2026-01-01", "2026-03-31");
	period("2026-Q4", "2026-10-01", "2026-12-31");
	period("this-month", "2026-03-01", "2026-03-31");
	period("last-month", "2026-02-01", "2026-02-28");
	period("this-year", "2026-01-01", "2026-12-31");
	period("last-year", "2025-01-01", "2025-12-31");
	period("2026-01-10..2026-02-05", "2026-01-10", "2026-02-05");
	period("2026-03-01", "2026-03-01", "2026-03-01");
	pk_set_today("2026-01-05");
	period("last-month", "2025-12-01", "2025-12-31");
	is_int(pk_period_parse("2026-Q5", &p), PK_EX_USAGE, "no Q5");
	is_int(pk_period_parse("next-month", &p), PK_EX_USAGE, "unknown word");
	is_int(pk_period_parse("2026-02-05..2026-01-10", &p), PK_EX_USAGE,
	    "backwards range");
	is_int(pk_period_parse("2026-02-30..2026-03-01", &p), PK_EX_USAGE,
	    "range with no such date");
	is_int(pk_set_today("2026-02-30"), PK_EX_USAGE, "bad --today");
}

static void
test_year(void)
{
	int y = 0;

	is_int(pk_year_parse("2026", &y), 0, "year");
	is_int(y, 2026, "year value");
	is_int(pk_year_parse("26", &y), PK_EX_USAGE, "two digits refused");
	is_int(pk_year_parse("20x6", &y), PK_EX_USAGE, "letters refused");
	is_int(pk_year_parse("1899", &y), PK_EX_USAGE, "before 1900 refused");
}

/* A zone is a file of the zone database, named as IANA names them. */
static void
test_zones(void)
{
	ok(pk_zone_known("America/Vancouver"), "America/Vancouver is a zone");
	ok(pk_zone_known("UTC"), "UTC is a zone");
	ok(pk_zone_known("America/Argentina/Buenos_Aires"), "three parts");
	ok(pk_zone_known("Etc/GMT+8"), "Etc/GMT+8 is a zone");
	ok(!pk_zone_known(""), "empty is not a zone");
	ok(!pk_zone_known("Mars/Olympus"), "no such file");
	ok(!pk_zone_known("America"), "a directory is not a zone");
	ok(!pk_zone_known("/usr/share/zoneinfo/UTC"), "no absolute path");
	ok(!pk_zone_known("America/../UTC"), "no ..");
	ok(!pk_zone_known("America//Vancouver"), "no empty part");
	ok(!pk_zone_known("America/Vancouver/"), "no trailing slash");
	ok(!pk_zone_known("EST5EDT,M3.2.0,M11.1.0"), "no POSIX rule");
	ok(!pk_zone_known("UTC "), "no space");
}

int
main(void)
{
	tap_fixed_clock();
	test_parse();
	test_months();
	test_periods();
	test_year();
	test_zones();
	return done_testing();
}
