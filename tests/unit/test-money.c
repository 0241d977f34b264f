/* test-money: parsing, formatting, overflow, words. */
#include <stdlib.h>

#include "peerkit.h"
#include "tap.h"

static int64_t
parse(const char *s, int flags)
{
	int64_t c = -999;

	return pk_money_parse(s, &c, flags) == 0 ? c : -999;
}

static void
test_parse(void)
{
	is_int(parse("25", 0), 2500, "whole dollars");
	is_int(parse("25.5", 0), 2550, "one decimal");
	is_int(parse("25.50", 0), 2550, "two decimals");
	is_int(parse("0.10", 0), 10, "ten cents");
	is_int(parse(".5", 0), 50, "leading point");
	is_int(parse("0", 0), 0, "zero");
	is_int(parse("-3.25", PK_MONEY_SIGNED), -325, "signed when allowed");
	is_int(parse("92233720368547758.07", 0), INT64_MAX, "INT64_MAX cents");
	is_int(pk_money_parse("25.001", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "three decimals refused");
	ok(strstr(pk_errmsg(), "more than two decimals") != NULL,
	    "message says why");
	is_int(pk_money_parse("-1", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "sign refused by default");
	is_int(pk_money_parse("+1", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "plus sign refused by default");
	is_int(pk_money_parse("92233720368547758.08", &(int64_t){0}, 0),
	    PK_EX_DATAERR, "one cent over INT64_MAX refused");
	is_int(pk_money_parse("99999999999999999999", &(int64_t){0}, 0),
	    PK_EX_DATAERR, "overflow refused");
	is_int(pk_money_parse("", &(int64_t){0}, 0), PK_EX_DATAERR, "empty refused");
	is_int(pk_money_parse("5.", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "trailing point refused");
	is_int(pk_money_parse("1,000.00", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "thousands separator refused");
	is_int(pk_money_parse("1e3", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "exponent refused");
	is_int(pk_money_parse("1.2.3", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "two points refused");
	is_int(pk_money_parse(" 1", &(int64_t){0}, 0), PK_EX_DATAERR,
	    "space refused");
}

static void
test_fmt(void)
{
	char buf[PK_MONEY_BUFSZ];

	is_str(pk_money_fmt(2550, buf), "25.50", "format");
	is_str(pk_money_fmt(5, buf), "0.05", "format cents");
	is_str(pk_money_fmt(-5, buf), "-0.05", "format negative cents");
	is_str(pk_money_fmt(INT64_MIN, buf), "-92233720368547758.08",
	    "format INT64_MIN");
}

static void
test_add(void)
{
	int64_t sum = 0, a, b;

	pk_money_parse("0.10", &a, 0);
	pk_money_parse("0.20", &b, 0);
	ok(pk_money_add(&sum, a) && pk_money_add(&sum, b), "0.10 + 0.20");
	is_int(sum, 30, "0.10 + 0.20 is exactly 0.30");
	sum = INT64_MAX;
	ok(!pk_money_add(&sum, 1), "overflow detected");
	is_int(sum, INT64_MAX, "sum left as it was");
}

static void
test_words(void)
{
	char *w;

	w = pk_money_words(2550);
	is_str(w, "twenty-five dollars and 50/100", "words");
	free(w);
	w = pk_money_words(100);
	is_str(w, "one dollar and 00/100", "one dollar");
	free(w);
	w = pk_money_words(123456789);
	is_str(w, "one million two hundred thirty-four thousand five hundred "
	    "sixty-seven dollars and 89/100", "large amount");
	free(w);
	w = pk_money_words(7);
	is_str(w, "zero dollars and 07/100", "cents only");
	free(w);
}

/* Cash (cash.c): the Government of Canada's rounding, ending by ending,
 * and envelopes that add up exactly for every amount to 200.00. */
static void
test_cash(void)
{
	static const int64_t want[10] = {0, -1, -2, 2, 1, 0, -1, -2, 2, 1};
	int64_t c, sum, count[PK_CASH_NDENOMS], largest[] = {500, 2000, 10000};
	size_t i, k;
	bool exact = true, capped = true;

	for (c = 1250; c < 1260; c++)
		is_int(pk_cash_rounding(c), want[c % 10], "cash rounding by "
		    "the last digit");
	is_int(pk_cash_rounding(1253) + 1253, 1255, "12.53 is 12.55");
	is_int(pk_cash_rounding(1252) + 1252, 1250, "12.52 is 12.50");
	is_int(pk_cash_rounding(1), -1, "0.01 rounds to nothing");
	ok(pk_cash_note(2000) && pk_cash_note(500) && pk_cash_note(10000),
	    "5, 20 and 100 are notes");
	ok(!pk_cash_note(200) && !pk_cash_note(2500) && !pk_cash_note(0),
	    "a toonie, 25.00 and 0.00 are not");
	for (k = 0; k < 3; k++) {
		for (c = 5; c <= 20000; c += 5) {
			pk_cash_envelope(c, largest[k], count);
			for (sum = 0, i = 0; i < PK_CASH_NDENOMS; i++) {
				sum += count[i] * pk_cash_denoms[i];
				if (pk_cash_denoms[i] >= 500 &&
				    pk_cash_denoms[i] > largest[k] && count[i])
					capped = false;
			}
			exact = exact && sum == c;
		}
	}
	ok(exact, "every envelope adds up to its amount");
	ok(capped, "and holds no note over the largest");
	pk_cash_envelope(3750, 2000, count);
	is_int(count[2] * 1000 + count[3] * 100 + count[4] * 10 + count[5],
	    1111, "37.50: a 20, a 10, a 5, a 2");
	is_int(count[7], 2, "and two quarters");
}

int
main(void)
{
	tap_fixed_clock();
	test_parse();
	test_fmt();
	test_add();
	test_words();
	test_cash();
	return done_testing();
}
