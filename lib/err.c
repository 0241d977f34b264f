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
#include <sys/mman.h>
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

/*
 * The random bytes of uuids are drawn from the kernel 4 KiB at a time:
 * a getrandom call per uuid was an eighth of a batch import's CPU.  Each
 * byte serves once.  The pool lives in a page that the kernel wipes in a
 * child (MADV_WIPEONFORK), so two processes never hand out the same
 * uuids; where the kernel cannot do that, each uuid asks it for 16 bytes.
 */
struct uuid_pool {
	size_t left;
	unsigned char b[4096 - sizeof(size_t)];
};

static void
random_bytes(unsigned char *b, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = getrandom(b + got, len - got, 0);
		if (n < 0 && errno != EINTR)
			pk_die(PK_EX_SOFTWARE, "getrandom:");
		if (n > 0)
			got += (size_t)n;
	}
}

static struct uuid_pool *
uuid_pool(void)
{
	static struct uuid_pool *pool;
	static bool tried;
	void *p;

	if (tried)
		return pool;
	tried = true;
	p = mmap(NULL, sizeof *pool, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, sizeof *pool, MADV_WIPEONFORK) != 0) {
		munmap(p, sizeof *pool);
		return NULL;
	}
	return pool = p;
}

static void
uuid_bytes(unsigned char b[16])
{
	struct uuid_pool *pool = uuid_pool();

	if (!pool) {
		random_bytes(b, 16);
		return;
	}
	if (pool->left < 16) {
		random_bytes(pool->b, sizeof pool->b);
		pool->left = sizeof pool->b / 16 * 16;
	}
	pool->left -= 16;
	memcpy(b, pool->b + pool->left, 16);
}

void
pk_uuid(char buf[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i;
	char *w = buf;

	uuid_bytes(b);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*w++ = '-';
		*w++ = hex[b[i] >> 4];
		*w++ = hex[b[i] & 15];
	}
	*w = '\0';
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

/* "2026-11-23T12:00:00Z": a real day, a real time, UTC. */
static bool
now_ok(const char *s)
{
	pk_day d;
	char day[PK_DATE_BUFSZ];
	int i;

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return false;
	for (i = 11; i < 19; i++)
		if ((i == 13 || i == 16) != !(s[i] >= '0' && s[i] <= '9'))
			return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	return pk_date_parse(day, &d) == 0 && strncmp(s + 11, "24", 2) < 0 &&
	    s[14] < '6' && s[17] < '6';
}

void
pk_now(char buf[21])
{
	const char *fixed = getenv("PEERKIT_NOW");
	time_t t;
	struct tm tm;

	if (fixed && *fixed) {
		if (!now_ok(fixed))
			pk_die(PK_EX_USAGE, "PEERKIT_NOW: \"%.40s\" is not a UTC "
			    "time YYYY-MM-DDTHH:MM:SSZ", fixed);
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
