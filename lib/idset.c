/*
 * idset.c - a set of record ids, each counted once, in memory that
 * grows with the ids and never with the input.
 *
 * A batch of a million payments pays some 1.4 million engagements, and
 * its summary says how many distinct ones.  A list of every id paid,
 * sorted at the end, took 11 MB at that size and twice that while it
 * grew, taking honorarium-pay past the 32 MiB every tool keeps to (make
 * bench).  Here an id is one bit: in a page of PAGE_IDS ids, the pages
 * found by their number in a small open-addressed table.  Ids given to
 * rows by the store are dense, so a million take some 125 KB; a stray
 * large id costs one page, not a bitmap up to it.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

#define PAGE_BYTES 4096
#define PAGE_IDS (PAGE_BYTES * 8)

struct pk_idpage {
	int64_t no;		/* id / PAGE_IDS */
	unsigned char bits[PAGE_BYTES];
};

static size_t
slot_of(const struct pk_idset *s, int64_t no)
{
	uint64_t h = (uint64_t)no * 0x9e3779b97f4a7c15u;
	size_t mask = s->nslots - 1, i = (size_t)(h >> 32) & mask;

	while (s->slots[i] && s->slots[i]->no != no)
		i = (i + 1) & mask;
	return i;
}

static void
grow(struct pk_idset *s)
{
	struct pk_idpage **old = s->slots;
	size_t i, n = s->nslots;

	s->nslots = n ? n * 2 : 16;
	s->slots = pk_calloc(s->nslots, sizeof *s->slots);
	for (i = 0; i < n; i++)
		if (old[i])
			s->slots[slot_of(s, old[i]->no)] = old[i];
	free(old);
}

bool
pk_idset_add(struct pk_idset *s, int64_t id)
{
	/* Floor division: a negative id has a page of its own too. */
	int64_t no = id >= 0 ? id / PAGE_IDS : -((-(id + 1)) / PAGE_IDS) - 1;
	size_t bit = (size_t)(id - no * PAGE_IDS), i;
	struct pk_idpage *p;
	unsigned char m = (unsigned char)(1u << (bit % 8));

	if (s->npages + 1 > s->nslots / 2)
		grow(s);
	i = slot_of(s, no);
	if (!(p = s->slots[i])) {
		p = s->slots[i] = pk_calloc(1, sizeof *p);
		p->no = no;
		s->npages++;
	}
	if (p->bits[bit / 8] & m)
		return false;
	p->bits[bit / 8] |= m;
	s->n++;
	return true;
}

void
pk_idset_free(struct pk_idset *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++)
		free(s->slots[i]);
	free(s->slots);
	memset(s, 0, sizeof *s);
}
