/*
 * fuzz-money.c - pk_money_parse against a reference written the slow,
 * obvious way, and the round trip through pk_money_fmt.
 *
 * Properties: the parser accepts exactly [+-]?D*(.D{0,2})? with at least
 * one digit, no bare trailing point, a sign only when allowed, and a
 * value that fits in int64 cents; the cents are the reference's; the
 * text pk_money_fmt prints parses back to the same cents; words for any
 * amount come back; overflow-checked sums agree with 128-bit arithmetic.
 */
#include "fuzz.h"

/* 1 and *cents when s is money, 0 when it is not. */
static int
reference(const char *s, int signed_ok, int64_t *cents)
{
	__int128 v = 0;
	int neg = 0, ndig = 0, ndec = -1;

	if (*s == '+' || *s == '-') {
		if (!signed_ok)
			return 0;
		neg = *s++ == '-';
	}
	for (; *s; s++) {
		if (*s == '.') {
			if (ndec >= 0)
				return 0;
			ndec = 0;
		} else if (*s >= '0' && *s <= '9') {
			if (ndec >= 0 && ++ndec > 2)
				return 0;
			if (v <= INT64_MAX)	/* past it, it stays past it */
				v = v * 10 + (*s - '0');
			ndig++;
		} else {
			return 0;
		}
	}
	if (ndig == 0 || ndec == 0)
		return 0;
	for (ndec = ndec < 0 ? 0 : ndec; ndec < 2; ndec++)
		if (v <= INT64_MAX)
			v *= 10;
	if (v > INT64_MAX)
		return 0;
	*cents = (int64_t)(neg ? -v : v);
	return 1;
}

static void
round_trip(int64_t cents)
{
	char buf[PK_MONEY_BUFSZ], *words;
	int64_t back = 0;
	json_t *j;

	pk_money_fmt(cents, buf);
	fz_assert(pk_money_parse(buf, &back, PK_MONEY_SIGNED) == 0);
	fz_assert(back == cents);
	fz_assert(strlen(buf) >= 4 && buf[strlen(buf) - 3] == '.');
	j = pk_money_json(cents);
	fz_assert(strcmp(json_string_value(j), buf) == 0);
	json_decref(j);
	words = pk_money_words(cents);
	fz_assert(strstr(words, "/100") != NULL);
	free(words);
}

static void
sums(int64_t a, int64_t b)
{
	__int128 want = (__int128)a + b;
	int64_t sum = a;
	bool ok = pk_money_add(&sum, b);

	fz_assert(ok == (want >= INT64_MIN && want <= INT64_MAX));
	fz_assert(ok ? sum == (int64_t)want : sum == a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int flags[] = { 0, PK_MONEY_SIGNED };
	char *s = fz_cstr(data, size);
	int64_t got = 0, want = 0, first = 0;
	size_t i;
	int rc, acc;

	for (i = 0; i < 2; i++) {
		rc = pk_money_parse(s, &got, flags[i]);
		acc = reference(s, flags[i] != 0, &want);
		fz_assert((rc == 0) == acc);
		if (rc != 0) {
			fz_refused(rc, PK_EX_DATAERR, s);
			continue;
		}
		fz_assert(got == want);
		fz_assert(flags[i] != 0 || got >= 0);
		round_trip(got);
		sums(got, first);
		sums(got, got);
		sums(got, -got);
		first = got;
	}
	free(s);
	return 0;
}
