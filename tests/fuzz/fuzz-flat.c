/*
 * fuzz-flat.c - lib/jsonflat.c, the quick road for a flat JSON Lines
 * record, against jansson: the bytes are one line as next_line hands it
 * over.
 *
 * Property (flat.h): whatever jsonflat.c accepts, jansson accepts as the
 * same object, its keys in the same order.  Declining is always allowed;
 * tests/unit/test-jsonflat.c checks that the common records are taken.
 */
#include "fuzz.h"
#include "flat.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *what;

	if (flat_check((const char *)data, size, &what) < 0)
		fz_fail(what, __FILE__, __LINE__);
	return 0;
}
