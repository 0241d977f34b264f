/*
 * tap.h - Test Anything Protocol for the unit tests, read by prove.
 * Hand-written because it is thirty lines: a framework would be larger
 * than the tests need.  Every check prints "ok N" or "not ok N" with the
 * expression and, for mismatches, both values.
 */
#ifndef PK_TAP_H
#define PK_TAP_H
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int tap_n, tap_failed;

static int
tap_ok(int cond, const char *what, const char *file, int line)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++tap_n, what);
	if (!cond) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	return cond;
}

#define ok(c, what) tap_ok(!!(c), what, __FILE__, __LINE__)
#define is_int(got, want, what) do { \
	int64_t g_ = (got), w_ = (want); \
	if (!ok(g_ == w_, what)) \
		printf("#   got %" PRId64 ", want %" PRId64 "\n", g_, w_); \
} while (0)
#define is_str(got, want, what) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, what)) \
		printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
} while (0)
/* A fixed sequence of pseudo-random numbers (xorshift64): a test that
 * draws from it runs the same way every time, so a failure recurs. */
static inline uint64_t
tap_rand(void)
{
	static uint64_t x = 0x9e3779b97f4a7c15u;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/*
 * Every unit test runs on a fixed clock and calendar, the ones the CLI
 * tests use (tests/cli/lib.sh): what a test checks never depends on the
 * day, the time zone or the locale it runs in (make check-clock).
 */
static inline void
tap_fixed_clock(void)
{
	if (setenv("PEERKIT_TODAY", "2026-11-23", 1) != 0 ||
	    setenv("PEERKIT_NOW", "2026-11-23T12:00:00Z", 1) != 0) {
		perror("setenv");
		exit(2);
	}
}

/*
 * fn(arg, msg, size) run by a user who is not root: root reads any file,
 * and CI runs as root, so a permission case would otherwise test nothing.
 * As root, fn runs in a child that gives up root for nobody (uid and gid
 * 65534); otherwise in a child as it is.  fn's return value (0-255)
 * comes back, and the text it left in msg.  -1: the child failed.
 */
static inline int
tap_as_user(int (*fn)(void *, char *, size_t), void *arg, char *msg,
    size_t size)
{
	int fd[2], status;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	msg[0] = '\0';
	fflush(stdout);
	if (pipe(fd) != 0 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 ||
		    setgid(65534) != 0 || setuid(65534) != 0 || getuid() == 0))
			_exit(255);
		status = fn(arg, msg, size);
		if (write(fd[1], msg, strlen(msg)) < 0)
			_exit(255);
		_exit(status & 0xff);
	}
	close(fd[1]);
	while (len + 1 < size && (n = read(fd[0], msg + len,
	    size - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

#define done_testing() (printf("1..%d\n", tap_n), tap_failed != 0)

#endif
