/*
 * test-idset.c - a set of ids (lib/idset.c): each id counted once,
 * dense or far apart, negative or at the ends of int64_t, against a
 * sorted list of the same ids.
 */
#include "peerkit.h"
#include "tap.h"

static void
test_basics(void)
{
	struct pk_idset s = {0};
	int64_t i;
	size_t fresh = 0;

	ok(pk_idset_add(&s, 1), "1 is new");
	ok(!pk_idset_add(&s, 1), "1 again is not");
	is_int((int64_t)s.n, 1, "one id");
	for (i = 1; i <= 100000; i++)
		fresh += pk_idset_add(&s, i);
	is_int((int64_t)fresh, 99999, "1 to 100,000: all new but 1");
	is_int((int64_t)s.n, 100000, "100,000 ids");
	ok(s.npages <= 4, "dense ids: a few pages (32,768 ids a page)");
	ok(pk_idset_add(&s, 0) && pk_idset_add(&s, -1) &&
	    pk_idset_add(&s, -32768) && pk_idset_add(&s, -32769),
	    "0 and negative ids, either side of a page's edge");
	ok(pk_idset_add(&s, INT64_MAX) && pk_idset_add(&s, INT64_MIN) &&
	    !pk_idset_add(&s, INT64_MAX) && !pk_idset_add(&s, INT64_MIN),
	    "the ends of int64_t, once each");
	ok(pk_idset_add(&s, 32767) == false && pk_idset_add(&s, 32768) ==
	    false && pk_idset_add(&s, 100001), "a page's edge");
	is_int((int64_t)s.n, 100007, "every id counted once");
	pk_idset_free(&s);
	is_int((int64_t)s.n, 0, "freed: empty");
	ok(pk_idset_add(&s, 5) && s.n == 1, "and usable again");
	pk_idset_free(&s);
}

/* Random ids, some close, some far, many repeated: the count is the
 * number of distinct ones. */
static void
test_random(void)
{
	enum { N = 200000 };
	struct pk_idset s = {0};
	int64_t *v = malloc(N * sizeof *v);
	size_t i, distinct = 0, fresh = 0;

	if (!v)
		abort();
	for (i = 0; i < N; i++) {
		switch (tap_rand() % 4) {
		case 0:
			v[i] = (int64_t)(tap_rand() % 5000);
			break;
		case 1:
			v[i] = (int64_t)(tap_rand() % 3000000);
			break;
		case 2:
			v[i] = -(int64_t)(tap_rand() % 70000);
			break;
		default:
			v[i] = (int64_t)tap_rand();
			break;
		}
		fresh += pk_idset_add(&s, v[i]);
	}
	qsort(v, N, sizeof *v, pk_cmp_id);
	for (i = 0; i < N; i++)
		distinct += i == 0 || v[i] != v[i - 1];
	is_int((int64_t)s.n, (int64_t)distinct, "random ids: the distinct ones");
	is_int((int64_t)fresh, (int64_t)distinct, "each new once");
	pk_idset_free(&s);
	free(v);
}

int
main(void)
{
	tap_fixed_clock();
	test_basics();
	test_random();
	return done_testing();
}
