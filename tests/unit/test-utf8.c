/* test-utf8: UTF-8 checked, text made NFC, and the fold that references
 * and searches match by. */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"
#include "tap.h"

/* The fold of s, kept in a small ring so a test can compare two. */
static const char *
fold(const char *s)
{
	static char ring[4][256];
	static int i;
	char *f = pk_utf8_fold(s);

	if (!f)
		return NULL;
	i = (i + 1) % 4;
	snprintf(ring[i], sizeof ring[i], "%s", f);
	free(f);
	return ring[i];
}

static const char *
nfc(const char *s)
{
	static char buf[256];
	char *n = pk_utf8_nfc(s);

	if (!n)
		return NULL;
	snprintf(buf, sizeof buf, "%s", n);
	free(n);
	return buf;
}

static void
test_valid(void)
{
	size_t bad = 99;

	ok(pk_utf8_valid("", 0, &bad), "empty text");
	ok(pk_utf8_valid("Zo\xc3\xab", 4, &bad), "a two-byte letter");
	ok(!pk_utf8_valid("Zo\xeb", 3, &bad), "Latin-1 e-diaeresis refused");
	is_int((int)bad, 2, "at its offset");
	ok(!pk_utf8_valid("ab\xc3", 3, &bad), "a sequence cut short");
	is_int((int)bad, 2, "at its first byte");
	ok(!pk_utf8_valid("ab\xc3\xa9", 3, &bad), "cut short by len, not NUL");
	ok(!pk_utf8_valid("\xc0\xaf", 2, &bad), "an overlong form refused");
	ok(!pk_utf8_valid("\xed\xa0\x80", 3, &bad), "a surrogate refused");
	ok(!pk_utf8_valid("\xf4\x90\x80\x80", 4, &bad), "past U+10FFFF refused");
	ok(pk_utf8_valid("\xf0\x9f\x90\xa6", 4, NULL), "four bytes, no offset "
	    "asked");
	ok(pk_utf8_nfc("a\xff") == NULL, "NFC of bytes that are not UTF-8");
	ok(pk_utf8_fold("a\xff") == NULL, "nor a fold");
}

static void
test_nfc(void)
{
	is_str(nfc("Zoe\xcc\x88"), "Zo\xc3\xab", "e + combining diaeresis "
	    "composed");
	is_str(nfc("Zo\xc3\xab"), "Zo\xc3\xab", "composed stays");
	is_str(nfc("Raven"), "Raven", "ASCII as it is");
	is_str(nfc("E\xcc\x81milie"), "\xc3\x89milie", "capital E acute");
	is_str(nfc("Nak\xca\xbcwaxda\xca\xbcxw"), "Nak\xca\xbcwaxda\xca\xbcxw",
	    "the modifier apostrophe is kept as typed");
	is_str(nfc("\xef\xac\x81sh"), "\xef\xac\x81sh", "NFC keeps a ligature "
	    "(compatibility forms are the fold's)");
}

static void
test_fold(void)
{
	is_str(fold("\xc3\x89milie"), "emilie", "case and accent");
	is_str(fold("EMILIE"), fold("\xc3\xa9milie"), "EMILIE is Émilie");
	is_str(fold("E\xcc\x81milie"), "emilie", "decomposed, the same");
	is_str(fold("Nak\xca\xbcwaxda\xca\xbcxw"), "nak'waxda'xw",
	    "U+02BC is the ASCII apostrophe");
	is_str(fold("O\xe2\x80\x99" "Brien"), "o'brien", "U+2019 too");
	is_str(fold("O\xe2\x80\x98" "Brien"), "o'brien", "and U+2018");
	is_str(fold("O'Brien"), "o'brien", "ASCII stays");
	is_str(fold("Stra\xc3\x9f" "e"), "strasse", "sharp s folds to ss");
	is_str(fold("\xef\xbc\xb2\xef\xbd\x81ven"), "raven",
	    "full-width letters");
	is_str(fold("Ra\xe2\x80\x8bven"), "raven", "a zero-width space dropped");
	is_str(fold("Zo\xc3\xab"), fold("Zoe\xcc\x88"), "precomposed and "
	    "decomposed Zoë fold alike");
	is_str(fold("Zo\xc3\xab"), "zoe", "to zoe");
	is_str(fold("  Moss \t"), "moss", "the blanks around dropped");
	is_str(fold("\xc2\xa0Zo\xc3\xab\xc2\xa0"), "zoe",
	    "no-break spaces around dropped");
	is_str(fold("Moss  Green"), "moss  green", "blanks inside kept");
	is_str(fold("   "), "", "blanks alone fold to nothing");
	/* Vowel signs of Gurmukhi are marks to Unicode but part of the
	 * name: kept, so two names stay two. */
	ok(strcmp(fold("\xe0\xa8\x95\xe0\xa8\xbf\xe0\xa8\xb0\xe0\xa8\xa8"),
	    fold("\xe0\xa8\x95\xe0\xa8\xb0\xe0\xa8\xa8")) != 0,
	    "a Gurmukhi vowel sign is not an accent");
	is_str(fold("\xe1\x90\x83\xe1\x93\x84\xe1\x92\x83"),
	    "\xe1\x90\x83\xe1\x93\x84\xe1\x92\x83", "syllabics as they are");
	is_str(fold("Ra-ven 2"), "ra-ven 2", "punctuation and digits kept");
	is_str(fold(""), "", "empty");
}

/* An ASCII text is folded without utf8proc (its case only): the same
 * text with an é after it takes utf8proc's road, and é folds to e, so
 * the two folds differ by that e alone, for every ASCII character. */
static void
test_fold_ascii(void)
{
	char in[8], wide[16], want[24], *a, *b;
	int c, bad = 0;

	for (c = 1; c < 0x80; c++) {
		snprintf(in, sizeof in, "x%cY", c);
		snprintf(wide, sizeof wide, "%s\xc3\xa9", in);
		a = pk_utf8_fold(in);
		b = pk_utf8_fold(wide);
		snprintf(want, sizeof want, "%se", a ? a : "(null)");
		if (!a || !b || strcmp(want, b) != 0) {
			printf("#   0x%02x: \"%s\" then \"%s\"\n", c,
			    a ? a : "(null)", b ? b : "(null)");
			bad++;
		}
		free(a);
		free(b);
	}
	ok(bad == 0, "every ASCII character folds as utf8proc folds it");
	is_str(fold("Raven THE 2nd"), "raven the 2nd", "ASCII: the case only");
}

static void
test_json(void)
{
	json_t *rec = json_pack("{s:s, s:[s, s], s:{s:s}, s:i}", "alias",
	    "Zoe\xcc\x88", "supports", "cafe\xcc\x81", "meal", "demographics",
	    "note", "E\xcc\x81", "n", 3);

	ok(rec != NULL, "a record");
	pk_json_nfc(rec);
	is_str(json_string_value(json_object_get(rec, "alias")), "Zo\xc3\xab",
	    "a field made NFC");
	is_str(json_string_value(json_array_get(json_object_get(rec,
	    "supports"), 0)), "caf\xc3\xa9", "in a list");
	is_str(json_string_value(json_array_get(json_object_get(rec,
	    "supports"), 1)), "meal", "ASCII untouched");
	is_str(json_string_value(json_object_get(json_object_get(rec,
	    "demographics"), "note")), "\xc3\x89", "in an object");
	is_int((int)json_integer_value(json_object_get(rec, "n")), 3,
	    "numbers untouched");
	json_decref(rec);
}

int
main(void)
{
	tap_fixed_clock();
	test_valid();
	test_nfc();
	test_fold();
	test_fold_ascii();
	test_json();
	return done_testing();
}
