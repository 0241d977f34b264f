/*
 * fuzz.h - what the harnesses share.
 *
 * A harness turns the bytes it is given into the call a tool would make
 * and then checks properties of the answer: a parser must not crash,
 * leak or read out of bounds (the sanitizers see to that), and what it
 * accepts must round-trip, what it refuses must carry a status from
 * DESIGN.md and a message a terminal can print.  A broken property
 * aborts, which libFuzzer and replay.c both report as a failure.
 */
#ifndef PK_FUZZ_H
#define PK_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

#define fz_assert(c) ((c) ? (void)0 : fz_fail(#c, __FILE__, __LINE__))

static inline _Noreturn void
fz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: property broken: %s\n(last message: %s)\n",
	    file, line, what, pk_errmsg());
	abort();
}

/* The input as a C string, the way argv or a JSON value reaches a
 * parser: an embedded NUL ends it. */
static inline char *
fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* No control characters: an input could otherwise move the cursor or
 * forge a line of output on the terminal that shows a message. */
static inline int
fz_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * A refusal: the exit status the parser documents and a message that
 * says something.  The library adds no control character of its own to
 * a message; it may still echo one that was in the input (see README:
 * "what was found").
 */
static inline void
fz_refused(int rc, int want, const char *input)
{
	fz_assert(rc == want);
	fz_assert(pk_errmsg()[0] != '\0');
	if (fz_printable(input))
		fz_assert(fz_printable(pk_errmsg()));
}

/* Built-in config only, a fixed today and clock, whatever the
 * environment of the fuzzing run. */
static inline void
fz_isolate(void)
{
	unsetenv("PEERKIT_CONFIG");
	unsetenv("PEERKIT_DB");
	setenv("XDG_CONFIG_HOME", "/nonexistent/peerkit-fuzz", 1);
	setenv("PEERKIT_NOW", "2026-11-23T12:00:00Z", 1);
	pk_quiet = 1;
	if (pk_set_today("2026-11-23") != 0)
		abort();
}

#endif
