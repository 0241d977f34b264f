/* test-sin: Luhn, refusals, masking. */
#include "peerkit.h"
#include "tap.h"

static void
test_parse(void)
{
	char out[10];
	int kind = -1;

	is_int(pk_sin_parse("046 454 286", out, &kind), PK_EX_DATAERR,
	    "leading 0 refused");
	is_int(pk_sin_parse("130 692 544", out, &kind), 0, "valid SIN");
	is_str(out, "130692544", "spaces dropped");
	is_int(kind, PK_SIN_VALID, "valid kind");
	is_int(pk_sin_parse("130-692-544", out, &kind), 0, "dashes accepted");
	is_int(pk_sin_parse("130692545", out, &kind), PK_EX_DATAERR,
	    "bad check digit refused");
	ok(!strstr(pk_errmsg(), "13069"), "message does not repeat the number");
	is_int(pk_sin_parse("800000002", out, &kind), PK_EX_DATAERR,
	    "leading 8 refused");
	is_int(pk_sin_parse("000000000", out, &kind), 0, "zeros accepted");
	is_int(kind, PK_SIN_NONE, "zeros mean no SIN");
	is_int(pk_sin_parse("925 444 440", out, &kind), 0, "leading 9 accepted");
	is_int(kind, PK_SIN_TEMPORARY, "leading 9 is temporary");
	is_int(pk_sin_parse("13069254", out, &kind), PK_EX_DATAERR, "8 digits");
	is_int(pk_sin_parse("1306925440", out, &kind), PK_EX_DATAERR, "10 digits");
	is_int(pk_sin_parse("13069254a", out, &kind), PK_EX_DATAERR, "a letter");
	is_int(pk_sin_parse("", out, &kind), PK_EX_DATAERR, "empty");
}

static void
test_mask(void)
{
	char buf[12];

	is_str(pk_sin_mask("130692544", buf), "***-***-544", "masked");
	is_str(pk_sin_mask("000000000", buf), "", "no SIN shows nothing");
	is_str(pk_sin_mask(NULL, buf), "", "NULL shows nothing");
}

int
main(void)
{
	tap_fixed_clock();
	test_parse();
	test_mask();
	return done_testing();
}
