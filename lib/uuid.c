/*
 * uuid.c - random (version 4) uuids: every record carries one, so a
 * record keeps its name when it moves between stores.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "peerkit.h"

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
