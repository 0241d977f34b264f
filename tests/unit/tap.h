/*
 * tap.h - Test Anything Protocol for the unit tests, read by prove.
 * Hand-written because it is thirty lines: a framework would be larger
 * than the tests need.  Every check prints "ok N" or "not ok N" with the
 * expression and, for mismatches, both values.
 */
#ifndef PK_TAP_H
#define PK_TAP_H
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int
tap_ok(int cond, const char *what, const char *file, int line)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++tap_n, what);
	if (!cond) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	return cond;
}

#define ok(c, what) tap_ok(!!(c), what, __FILE__, __LINE__)
#define is_int(got, want, what) do { \
	int64_t g_ = (got), w_ = (want); \
	if (!ok(g_ == w_, what)) \
		printf("#   got %" PRId64 ", want %" PRId64 "\n", g_, w_); \
} while (0)
#define is_str(got, want, what) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, what)) \
		printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
} while (0)
#define done_testing() (printf("1..%d\n", tap_n), tap_failed != 0)

#endif
