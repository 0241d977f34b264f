/* test-hours: hours read and shown, the amount due at a rate. */
#include <stdlib.h>

#include "peerkit.h"
#include "tap.h"

static int
minutes(const char *h)
{
	int m = -1;

	return pk_hours_parse(h, &m) == 0 ? m : -1;
}

static void
test_hours(void)
{
	char buf[PK_HOURS_BUFSZ];

	is_int(minutes("1.5"), 90, "1.5 hours");
	is_int(minutes("1.50"), 90, "1.50 hours");
	is_int(minutes("1.5000000000"), 90, "trailing zeros");
	is_int(minutes("2"), 120, "whole hours");
	is_int(minutes(".25"), 15, "leading point");
	is_int(minutes("0.05"), 3, "three minutes");
	is_int(minutes("1:30"), 90, "H:MM");
	is_int(minutes("0:20"), 20, "twenty minutes as H:MM");
	is_int(minutes("24"), 1440, "24 hours");
	is_int(minutes("24:00"), 1440, "24:00");
	is_int(pk_hours_parse("0", &(int){0}), PK_EX_DATAERR, "zero refused");
	ok(strstr(pk_errmsg(), "more than zero") != NULL, "zero: message");
	is_int(minutes("0.0"), -1, "0.0 refused");
	is_int(minutes("0:00"), -1, "0:00 refused");
	is_int(pk_hours_parse("-1", &(int){0}), PK_EX_DATAERR,
	    "negative refused");
	is_int(minutes("24.05"), -1, "over 24 hours refused");
	ok(strstr(pk_errmsg(), "more than 24 hours") != NULL, "24: message");
	is_int(minutes("99999999999999999999"), -1, "huge refused");
	is_int(minutes("0.01"), -1, "0.6 minutes refused");
	ok(strstr(pk_errmsg(), "whole number of minutes") != NULL,
	    "fraction: message");
	is_int(minutes("0.125"), -1, "7.5 minutes refused");
	is_int(minutes("1:60"), -1, "1:60 refused");
	is_int(minutes("1:5"), -1, "1:5 refused");
	is_int(minutes(":30"), -1, ":30 refused");
	is_int(minutes("1."), -1, "trailing point refused");
	is_int(minutes("1.2.3"), -1, "two points refused");
	is_int(minutes("1e2"), -1, "exponent refused");
	is_int(minutes(""), -1, "empty refused");
	is_int(minutes("+1"), -1, "plus refused");
	is_str(pk_hours_fmt(90, buf), "1.50", "90 minutes");
	is_str(pk_hours_fmt(20, buf), "0.33", "20 minutes rounded");
	is_str(pk_hours_fmt(40, buf), "0.67", "40 minutes rounded");
	is_str(pk_hours_fmt(1, buf), "0.02", "1 minute rounds up");
	is_str(pk_hours_fmt(1440, buf), "24.00", "24 hours");
	is_str(pk_hours_fmt(3000000, buf), "50000.00", "a large sum");
}

static int64_t
due(int64_t hourly, int64_t flat, int64_t min, int m)
{
	struct pk_rate r = {"test", hourly, flat, min};
	int64_t d = -1;

	return pk_engagement_due(&r, m, &d) == 0 ? d : -1;
}

static void
test_due(void)
{
	is_int(due(2500, 0, 0, 90), 3750, "1.5 h at 25.00");
	is_int(due(2500, 0, 5000, 90), 5000, "minimum applies");
	is_int(due(0, 4000, 0, 120), 4000, "flat only");
	is_int(due(2000, 1000, 0, 60), 3000, "flat plus hourly");
	is_int(due(2500, 0, 0, 20), 833, "20 min: 833.33 cents down");
	is_int(due(2500, 0, 0, 2), 83, "2 min: 83.33 cents down");
	is_int(due(1, 0, 0, 30), 1, "half a cent rounds up");
	is_int(due(3, 0, 0, 10), 1, "0.5 cent rounds up");
	is_int(due(INT64_MAX / 2, 0, 0, 60), -1, "overflow refused");
	is_int(due(0, INT64_MAX, 0, 60), INT64_MAX, "flat at the limit");
	is_int(due(1, INT64_MAX, 0, 60), -1, "flat overflow refused");
}

int
main(void)
{
	tap_fixed_clock();
	test_hours();
	test_due();
	return done_testing();
}
