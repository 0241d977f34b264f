/*
 * err.c - the error buffer, messages on stderr, checked allocation.
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "peerkit.h"

const char *pk_progname = "peerkit";
int pk_quiet;
void (*pk_before_message)(void);

static char errbuf[2048];
static int errcode;

void
pk_setprogname(const char *argv0)
{
	const char *p = strrchr(argv0, '/');

	pk_progname = p ? p + 1 : argv0;
}

int
pk_fail(int code, const char *fmt, ...)
{
	char buf[sizeof errbuf];
	va_list ap;

	/* Through a copy: callers may pass pk_errmsg() to wrap it. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	pk_sin_scrub(buf, sizeof buf, false);
	memcpy(errbuf, buf, sizeof errbuf);
	errcode = code;
	return code;
}

int
pk_fail_write(void)
{
	return pk_fail(PK_EX_IOERR, "write error: %s", strerror(errno ?
	    errno : EIO));
}

int
pk_fail_context(const char *fmt, ...)
{
	char ctx[512], old[sizeof errbuf];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	pk_sin_scrub(ctx, sizeof ctx, false);
	memcpy(old, errbuf, sizeof old);
	snprintf(errbuf, sizeof errbuf, "%.500s: %.1500s", ctx, old);
	return errcode;
}

const char *
pk_errmsg(void)
{
	return errbuf;
}

int
pk_errcode(void)
{
	return errcode ? errcode : PK_EX_SOFTWARE;
}

static void
vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);
	char buf[sizeof errbuf];

	vsnprintf(buf, sizeof buf, fmt, ap);
	pk_sin_scrub(buf, sizeof buf, false);
	if (pk_before_message)
		pk_before_message();
	fprintf(stderr, "%s: %s", pk_progname, buf);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
pk_warn(const char *fmt, ...)
{
	va_list ap;

	if (pk_quiet)
		return;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
pk_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void
pk_exit_error(void)
{
	if (pk_before_message)
		pk_before_message();
	fprintf(stderr, "%s: %s\n", pk_progname, errbuf);
	exit(pk_errcode());
}

int
pk_fshut(FILE *fp, const char *name)
{
	/* A write that failed before left its mark (ferror), not its
	 * errno: by now errno is whatever came since. */
	if (fflush(fp) != 0)
		return pk_fail(PK_EX_IOERR, "%s: write error: %s", name,
		    strerror(errno));
	if (ferror(fp))
		return pk_fail(PK_EX_IOERR, "%s: write error", name);
	return 0;
}

static void *
checked(void *p)
{
	if (!p)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return p;
}

void *
pk_malloc(size_t n)
{
	return checked(malloc(n ? n : 1));
}

void *
pk_calloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *
pk_realloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

char *
pk_strdup(const char *s)
{
	return checked(strdup(s));
}

char *
pk_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		pk_die(PK_EX_SOFTWARE, "bad format");
	s = pk_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
