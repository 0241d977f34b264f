/*
 * fuzz-ref.c - peer references (REF: an id, a uuid or a unique alias)
 * resolved against a store in memory that holds a few awkward peers.
 *
 * Properties: a REF that resolves names that peer (its id, its uuid in
 * any case, or its alias as the fold of both says: case, accents and
 * apostrophes aside); anything else is refused with 65 and a message,
 * and the store is never written.
 */
#include <strings.h>

#include "fuzz.h"
/* For sqlite3_total_changes: proof that resolving wrote nothing. */
#include "internal.h"

static pk_store *store;
static struct pk_config cfg;

/* Two that differ only in case (ambiguous), digits that are not an id,
 * a formula, SQL, a uuid-shaped alias, non-ASCII and a LIKE pattern. */
static const char *const aliases[] = {
	"Raven", "raven", "Moss", "=SUM(A1:A9)", "x'); DROP TABLE peers; --",
	"12a", "00000000-0000-4000-8000-00000000000z", "Zoë", "ZOË", "%",
	"_", "-rf", NULL
};

static void
done(void)
{
	pk_store_close(store);
	pk_config_free(&cfg);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct pk_peer p;
	size_t i;

	(void)argc;
	(void)argv;
	fz_isolate();
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&store, ":memory:", PK_STORE_MEMORY) != 0 ||
	    pk_store_begin(store) != 0)
		fz_fail(pk_errmsg(), __FILE__, __LINE__);
	for (i = 0; aliases[i]; i++) {
		memset(&p, 0, sizeof p);
		p.alias = pk_strdup(aliases[i]);
		if (pk_peer_insert(store, &p) != 0)
			fz_fail(pk_errmsg(), __FILE__, __LINE__);
		pk_peer_free(&p);
	}
	if (pk_store_commit(store) != 0)
		fz_fail(pk_errmsg(), __FILE__, __LINE__);
	atexit(done);
	return 0;
}

static bool
all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool
folded_alike(const char *a, const char *b)
{
	char *fa = pk_utf8_fold(a), *fb = pk_utf8_fold(b);
	bool same = fa && fb && strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return same;
}

static void
resolved(const char *ref, const struct pk_peer *p)
{
	fz_assert(p->id >= 1 && p->alias != NULL);
	if (all_digits(ref))
		fz_assert(strtoll(ref, NULL, 10) == p->id);
	else if (pk_is_uuid(ref))
		fz_assert(strcasecmp(ref, p->uuid) == 0);
	else
		fz_assert(folded_alike(ref, p->alias));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_peer p;
	char *ref = fz_cstr(data, size);
	int rc, writes = sqlite3_total_changes(store->db);

	memset(&p, 0, sizeof p);
	rc = pk_peer_resolve(store, ref, &p);
	if (rc == 0)
		resolved(ref, &p);
	else
		fz_refused(rc, PK_EX_DATAERR, ref);
	pk_peer_free(&p);
	fz_assert(sqlite3_total_changes(store->db) == writes);
	free(ref);
	return 0;
}
