/*
 * err.c - the error buffer, messages on stderr, checked allocation, and
 * the small facts every record needs (uuid, clock, user).
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "peerkit.h"

const char *pk_progname = "peerkit";
int pk_quiet;

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
	memcpy(errbuf, buf, sizeof errbuf);
	errcode = code;
	return code;
}

int
pk_fail_context(const char *fmt, ...)
{
	char ctx[512], old[sizeof errbuf];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
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

	fprintf(stderr, "%s: ", pk_progname);
	vfprintf(stderr, fmt, ap);
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
pk_note(const char *fmt, ...)
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
	fprintf(stderr, "%s: %s\n", pk_progname, errbuf);
	exit(pk_errcode());
}

int
pk_fshut(FILE *fp, const char *name)
{
	int bad = fflush(fp) != 0 || ferror(fp);

	if (bad) {
		pk_fail(PK_EX_IOERR, "%s: write error: %s", name, strerror(errno));
		return PK_EX_IOERR;
	}
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

void
pk_uuid(char buf[37])
{
	unsigned char b[16];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof b) {
		n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0 && errno != EINTR)
			pk_die(PK_EX_SOFTWARE, "getrandom:");
		if (n > 0)
			got += (size_t)n;
	}
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(buf, 37,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
	    b[10], b[11], b[12], b[13], b[14], b[15]);
}

bool
pk_is_uuid(const char *s)
{
	size_t i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!strchr("0123456789abcdefABCDEF", s[i])) {
			return false;
		}
	}
	return true;
}

void
pk_now(char buf[21])
{
	const char *fixed = getenv("PEERKIT_NOW");
	time_t t;
	struct tm tm;

	if (fixed && strlen(fixed) == 20) {
		memcpy(buf, fixed, 21);
		return;
	}
	t = time(NULL);
	if (!gmtime_r(&t, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		pk_die(PK_EX_SOFTWARE, "cannot read the clock");
}

const char *
pk_user(void)
{
	static char name[64];
	struct passwd *pw;

	if (name[0])
		return name;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid %ld", (long)getuid());
	return name;
}
