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

/* scrub(text, loose): pk_sin_scrub's answer, in a buffer of text's size. */
static const char *
scrub(const char *text, bool loose)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s", text);
	return pk_sin_scrub(buf, sizeof buf, loose);
}

static void
test_scrub(void)
{
	char small[16];

	is_str(scrub("no peer with id 130692544", false),
	    "no peer with id ***-***-544", "nine digits masked");
	is_str(scrub("130 692 544 and 130-692-544.", false),
	    "***-***-544 and ***-***-544.", "in threes, by spaces or dashes");
	is_str(scrub("near '\"1306925440' and 130 692 54", true),
	    "near '\"***-***-440' and ***-***-254",
	    "loose: ten digits, threes cut short");
	is_str(scrub("near '\"1306925", true), "near '\"***-***-925",
	    "loose: seven digits");
	is_str(scrub("near '\"1306925 and 130 692 54", false),
	    "near '\"1306925 and 130 692 54", "only nine, unless loose");
	is_str(scrub("id 42, 12345678, 1234567890, 130692544123", false),
	    "id 42, 12345678, 1234567890, 130692544123",
	    "ids and runs other than nine digits kept");
	is_str(scrub("0f8fad5b-d9cb-469f-a165-708677289501 "
	    "12345678-1234-1234-1234-123456789012", true),
	    "0f8fad5b-d9cb-469f-a165-708677289501 "
	    "12345678-1234-1234-1234-123456789012", "uuids kept whole");
	is_str(scrub("on 2026-11-23 12:00:00, ZIP 98101-1234, "
	    "tel 604-555-1234, V6A 1N5", true),
	    "on 2026-11-23 12:00:00, ZIP 98101-1234, tel 604-555-1234, "
	    "V6A 1N5", "dates, times, postal codes, phone numbers kept");
	is_str(scrub("amount 130692544.00 is over", true),
	    "amount 130692544.00 is over", "an amount kept");
	is_str(scrub("x130692544 130692544y v1.130692544 130-692 544", false),
	    "x130692544 130692544y v1.130692544 130-692 544",
	    "digits inside a word, threes split two ways kept");
	is_str(scrub("130 692 544 1", false), "130 692 544 1",
	    "a fourth group: not a SIN");
	is_str(scrub("the slip carries 000000000", false),
	    "the slip carries 000000000", "no SIN (nine zeros) kept");
	snprintf(small, sizeof small, "ab 130692544");
	is_str(pk_sin_scrub(small, sizeof small, false), "ab ***-***-544",
	    "the mask fits a buffer just large enough");
	snprintf(small, sizeof small, "abcd 130692544");
	is_str(pk_sin_scrub(small, sizeof small, false), "abcd ",
	    "a mask that does not fit is left out, never cut");
}

int
main(void)
{
	tap_fixed_clock();
	test_parse();
	test_mask();
	test_scrub();
	return done_testing();
}
