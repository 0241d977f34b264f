/*
 * flat.h - the property of lib/jsonflat.c, shared by its fuzz harness
 * (fuzz-flat.c) and its unit test (tests/unit/test-jsonflat.c).
 *
 * jsonflat.c may decline any text (NULL: jansson decides), but what it
 * accepts jansson must accept too, as the same object: equal values of
 * the same types (json_equal tells an integer from a real) with the keys
 * in the same order (the compact texts agree byte for byte).
 */
#ifndef PK_FLAT_H
#define PK_FLAT_H

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* -1: the property broke (what says how); 0: declined; 1: accepted and
 * the same as jansson's. */
static inline int
flat_check(const char *text, size_t len, const char **what)
{
	json_t *fast, *ref;
	json_error_t err;
	char *a, *b;
	int rc = 1;

	*what = NULL;
	if (!(fast = pk_json_flat(text, len)))
		return 0;
	ref = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &err);
	if (!ref) {
		json_decref(fast);
		*what = "accepted what jansson refuses";
		return -1;
	}
	a = json_dumps(fast, JSON_COMPACT | JSON_ENCODE_ANY);
	b = json_dumps(ref, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!json_is_object(fast) || !json_equal(fast, ref)) {
		*what = "a value unlike jansson's";
		rc = -1;
	} else if (!a || !b || strcmp(a, b) != 0) {
		*what = "keys in another order than jansson's";
		rc = -1;
	}
	free(a);
	free(b);
	json_decref(fast);
	json_decref(ref);
	return rc;
}

#endif
