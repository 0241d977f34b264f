/*
 * privacy.c - sealed SINs.
 *
 * A SIN is stored as two things: its key, "LLL:HHHH..." (the last three
 * digits, kept for the mask, and a keyed BLAKE2b hash of the nine digits
 * under the index key, for "one person, one SIN"), and its box, a
 * libsodium sealed box to the program's public key.  Anyone with the
 * public and index keys can store a SIN (intake); only the holder of the
 * secret key can read one back (--reveal-sin, the CRA return).
 *
 * In memory a stored SIN travels as one string, its token,
 * "LLL:HHHH...:BBBB..." (key, then the box in hex), so the record code
 * that copies, compares and moves a peer's fields moves the SIN whole.
 * Two tokens are the same SIN when their keys are equal (pk_sin_same):
 * each sealing of the same SIN makes a different box.
 *
 * The keys are three files of one line of hex each, named by the config
 * (privacy.public_key, privacy.secret_key, privacy.index_key) and by
 * default $XDG_CONFIG_HOME/peerkit/keys/{public,secret,index}.key, made
 * 0600 in a 0700 directory the first time a SIN is stored and none of
 * them exists.  The store remembers which public and index key its SINs
 * use (table privacy), so a machine with the wrong keys is refused
 * rather than sealing SINs nobody can read or missing a duplicate.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "internal.h"

#define KEYBYTES 32
#define HEXKEY (KEYBYTES * 2)

struct key {
	const char *name;	/* config key */
	const char *file;	/* default file name under keys/ */
	char *path;
	unsigned char v[KEYBYTES];
	bool loaded;
};

static struct key pub = {"privacy.public_key", "public.key", NULL, {0}, false};
static struct key sec = {"privacy.secret_key", "secret.key", NULL, {0}, false};
static struct key idx = {"privacy.index_key", "index.key", NULL, {0}, false};
static bool ready;
/* The store the keys loaded were last found to fit (check_store). */
static pk_store *matched_seal, *matched_open;
static struct {
	bool ready;
	unsigned char to[KEYBYTES];		/* the public key sealed to */
	unsigned char epk[KEYBYTES];
	unsigned char k[crypto_box_BEFORENMBYTES];
} seal_state, open_state;

static void
sodium_ready(void)
{
	if (!ready && sodium_init() < 0)
		pk_die(PK_EX_SOFTWARE, "libsodium would not start");
	ready = true;
}

static char *
default_dir(void)
{
	const char *env;

	if ((env = getenv("XDG_CONFIG_HOME")) && *env)
		return pk_asprintf("%s/peerkit/keys", env);
	if ((env = getenv("HOME")) && *env)
		return pk_asprintf("%s/.config/peerkit/keys", env);
	return NULL;
}

static void
set_path(struct key *k, const char *configured, const char *dir)
{
	free(k->path);
	if (configured)
		k->path = pk_strdup(configured);
	else
		k->path = dir ? pk_asprintf("%s/%s", dir, k->file) : NULL;
	sodium_memzero(k->v, sizeof k->v);
	k->loaded = false;
}

void
pk_privacy_use(const struct pk_config *cfg)
{
	char *dir = default_dir();

	matched_seal = matched_open = NULL;
	set_path(&pub, cfg ? cfg->privacy.public_key : NULL, dir);
	set_path(&sec, cfg ? cfg->privacy.secret_key : NULL, dir);
	set_path(&idx, cfg ? cfg->privacy.index_key : NULL, dir);
	free(dir);
}

void
pk_privacy_store_closed(const pk_store *s)
{
	if (matched_seal == s)
		matched_seal = NULL;
	if (matched_open == s)
		matched_open = NULL;
}

void
pk_privacy_forget(void)
{
	struct key *k[] = {&pub, &sec, &idx};
	size_t i;

	matched_seal = matched_open = NULL;
	sodium_memzero(&seal_state, sizeof seal_state);
	sodium_memzero(&open_state, sizeof open_state);
	for (i = 0; i < 3; i++) {
		sodium_memzero(k[i]->v, sizeof k[i]->v);
		k[i]->loaded = false;
		free(k[i]->path);
		k[i]->path = NULL;
	}
}

const char *
pk_privacy_path(int which)
{
	const struct key *k = which == PK_KEY_PUBLIC ? &pub :
	    which == PK_KEY_SECRET ? &sec : &idx;

	if (!k->path && !pub.path && !sec.path && !idx.path)
		pk_privacy_use(NULL);
	return k->path ? k->path : "(no HOME: set privacy keys in the config)";
}

static bool
exists(const struct key *k)
{
	struct stat st;

	return k->path && stat(k->path, &st) == 0;
}

/* One line of 64 hex digits.  A secret or index key that group or
 * others can read is refused, as ssh refuses such a private key. */
static int
load_file(const char *name, const char *path, bool private,
    unsigned char out[KEYBYTES])
{
	char buf[HEXKEY + 8];
	struct stat st;
	size_t len, bin;
	ssize_t n;
	int fd;

	if (!path)
		return pk_fail(PK_EX_NOPERM, "%s: no key file (set it in the "
		    "config: no HOME to look in)", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s: %s", name, path,
		    errno == ENOENT ? "no such key (peerkit-keys(1) makes and "
		    "shares keys)" : strerror(errno));
	if (fstat(fd, &st) != 0 || (private && (st.st_mode & 077))) {
		close(fd);
		return pk_fail(PK_EX_NOPERM, "%s: %s: this key is open to "
		    "group or others (mode %04o): chmod 600 it", name, path,
		    (unsigned)(st.st_mode & 07777));
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s: %s", name, path,
		    strerror(errno));
	buf[n] = '\0';
	len = strcspn(buf, "\n");
	if (len != HEXKEY || (buf[len] && strcmp(buf + len, "\n") != 0) ||
	    sodium_hex2bin(out, KEYBYTES, buf, len, NULL, &bin, NULL) != 0 ||
	    bin != KEYBYTES) {
		sodium_memzero(buf, sizeof buf);
		return pk_fail(PK_EX_NOPERM, "%s: %s: not a key (one line of "
		    "64 hex digits)", name, path);
	}
	sodium_memzero(buf, sizeof buf);
	return 0;
}

static int
load(struct key *k)
{
	int rc;

	if (k->loaded)
		return 0;
	sodium_ready();
	if ((rc = load_file(k->name, k->path, k != &pub, k->v)) == 0)
		k->loaded = true;
	return rc;
}

static int
make_dir(const char *path)
{
	char *d = pk_strdup(path), *p;
	int rc = 0;

	for (p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", d, strerror(errno));
		*p = '/';
		if (rc)
			break;
	}
	free(d);
	return rc;
}

/* path gets the key, 0600, made new (O_EXCL: a key is never
 * overwritten in place) and synced before it is used. */
static int
write_key(const char *name, const char *path, const unsigned char v[KEYBYTES])
{
	char hex[HEXKEY + 2];
	int fd, rc = 0;

	if ((rc = make_dir(path)) != 0)
		return rc;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return pk_fail(PK_EX_CANTCREAT, "%s: %s: %s", name, path,
		    strerror(errno));
	sodium_bin2hex(hex, sizeof hex, v, KEYBYTES);
	hex[HEXKEY] = '\n';
	if (fchmod(fd, 0600) != 0 || write(fd, hex, HEXKEY + 1) != HEXKEY + 1 ||
	    fsync(fd) != 0)
		rc = pk_fail(PK_EX_IOERR, "%s: %s: %s", name, path,
		    strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = pk_fail(PK_EX_IOERR, "%s: %s: %s", name, path,
		    strerror(errno));
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int
pk_keys_write(const struct pk_keyset *ks, const char *suffix)
{
	const char *names[] = {pub.name, sec.name, idx.name};
	const unsigned char *vals[] = {ks->pk, ks->sk, ks->ik};
	struct key *k[] = {&pub, &sec, &idx};
	char *path;
	size_t i;
	int rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		if (!k[i]->path)
			return pk_fail(PK_EX_CANTCREAT, "%s: no key file (set it "
			    "in the config: no HOME to put it in)", names[i]);
		path = pk_asprintf("%s%s", k[i]->path, suffix);
		rc = write_key(names[i], path, vals[i]);
		free(path);
	}
	return rc;
}

void
pk_keys_new(struct pk_keyset *ks)
{
	sodium_ready();
	crypto_box_keypair(ks->pk, ks->sk);
	crypto_generichash_keygen(ks->ik);
}

bool
pk_keys_any(void)
{
	pk_privacy_path(PK_KEY_PUBLIC);
	return exists(&pub) || exists(&sec) || exists(&idx);
}

int
pk_keys_make(void)
{
	struct pk_keyset ks;
	int rc;

	if ((rc = pk_keys_make_check()) != 0)
		return rc;
	pk_keys_new(&ks);
	rc = pk_keys_write(&ks, "");
	sodium_memzero(&ks, sizeof ks);
	return rc;
}

/* The store's record of its keys: which public key its SINs are sealed
 * to, which index key hashed them. */
static void
fingerprint(const unsigned char v[KEYBYTES], const char *what, char out[17])
{
	unsigned char h[8];

	crypto_generichash(h, sizeof h, (const unsigned char *)what,
	    strlen(what), v, KEYBYTES);
	sodium_bin2hex(out, 17, h, sizeof h);
}

void
pk_keys_fingerprints(const struct pk_keyset *ks, char pkfp[17], char ikfp[17])
{
	sodium_ready();
	fingerprint(ks->pk, "peerkit public key", pkfp);
	fingerprint(ks->ik, "peerkit index key", ikfp);
}

static int
store_keys(pk_store *s, char pkfp[17], char ikfp[17], bool *found)
{
	static const char sql[] = "SELECT name, value FROM privacy WHERE name "
	    "IN ('public_key', 'index_key')";
	pk_q *st = pk_stmt(s, sql);
	const char *n, *v;
	int rc;

	pkfp[0] = ikfp[0] = '\0';
	while ((rc = pk_step(st)) == PK_ROW) {
		n = pk_col_text(st, 0);
		v = pk_col_text(st, 1);
		snprintf(strcmp(n, "public_key") == 0 ? pkfp : ikfp, 17, "%s",
		    v ? v : "");
	}
	pk_reset(st);
	if (rc != PK_DONE)
		return pk_sql_fail(s, "read the store's keys");
	*found = pkfp[0] || ikfp[0];
	return 0;
}

int
pk_keys_record(pk_store *s, const struct pk_keyset *ks)
{
	static const char sql[] = "INSERT INTO privacy (name, value) VALUES "
	    "('public_key', ?1), ('index_key', ?2) ON CONFLICT (name) DO "
	    "UPDATE SET value = excluded.value";
	pk_q *st = pk_stmt(s, sql);
	char pkfp[17], ikfp[17];

	pk_keys_fingerprints(ks, pkfp, ikfp);
	pk_bind_text(st, 1, pkfp);
	pk_bind_text(st, 2, ikfp);
	return pk_stmt_done(s, st, "record the store's keys");
}

int
pk_keys_of_store(pk_store *s, char pkfp[17], char ikfp[17])
{
	bool found;

	return store_keys(s, pkfp, ikfp, &found);
}

/* The keys loaded match the store's; a store with no SIN sealed yet
 * takes the public and index keys of the first that is. */
static int
check_store(pk_store *s, bool sealing)
{
	struct pk_keyset ks;
	char pkfp[17], ikfp[17], want_pk[17], want_ik[17];
	bool found;
	int rc;

	if ((sealing ? matched_seal : matched_open) == s)
		return 0;
	if ((rc = store_keys(s, want_pk, want_ik, &found)) != 0)
		return rc;
	memset(&ks, 0, sizeof ks);
	if (sealing) {
		memcpy(ks.pk, pub.v, KEYBYTES);
		memcpy(ks.ik, idx.v, KEYBYTES);
	} else {
		crypto_scalarmult_base(ks.pk, sec.v);
	}
	if (!found) {
		rc = sealing ? pk_keys_record(s, &ks) : 0;
		sodium_memzero(&ks, sizeof ks);
		return rc;
	}
	pk_keys_fingerprints(&ks, pkfp, ikfp);
	sodium_memzero(&ks, sizeof ks);
	if (strcmp(pkfp, want_pk) != 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s is not the key of this "
		    "store's SINs (%s is %s, the store's %s): use the keys "
		    "made for this store", sealing ? pub.name : sec.name,
		    sealing ? pub.path : sec.path, sealing ? "its fingerprint" :
		    "its public key's fingerprint", pkfp, want_pk);
	if (sealing && strcmp(ikfp, want_ik) != 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s is not the index key of "
		    "this store (fingerprint %s, the store's %s): use the keys "
		    "made for this store", idx.name, idx.path, ikfp, want_ik);
	if (sealing)
		matched_seal = s;
	else
		matched_open = s;
	return 0;
}

/* The public and index keys; all three made if none exists yet. */
static int
sealing_keys(pk_store *s)
{
	int rc;

	char pkfp[17], ikfp[17];
	bool known;

	sodium_ready();
	pk_privacy_path(PK_KEY_PUBLIC);
	/* Keys are made for a store with none yet: a store whose SINs
	 * are sealed already needs its own keys, copied here. */
	if (!pub.loaded && !idx.loaded && !pk_keys_any()) {
		if ((rc = store_keys(s, pkfp, ikfp, &known)) != 0)
			return rc;
		if (known)
			return pk_fail(PK_EX_NOPERM, "%s: %s: no such key: this "
			    "store's SINs are sealed to key %s; copy its public "
			    "and index keys here (peerkit-keys(1))", pub.name,
			    pub.path, pkfp);
		if ((rc = pk_keys_make()) != 0)
			return rc;
		pk_warn("made the keys that seal SINs: %s, %s and %s "
		    "(keep a copy of the secret key somewhere safe: without it "
		    "no SIN can be read back)", pub.path, sec.path, idx.path);
	}
	if ((rc = load(&pub)) != 0 || (rc = load(&idx)) != 0)
		return rc;
	return check_store(s, true);
}

int
pk_privacy_can_reveal(pk_store *s)
{
	int rc;

	sodium_ready();
	pk_privacy_path(PK_KEY_SECRET);
	if ((rc = load(&sec)) != 0)
		return pk_fail(rc, "full SINs need the secret key: %s",
		    pk_errmsg());
	return check_store(s, false);
}

static void
key_hash(const char sin[10], const unsigned char ik[KEYBYTES],
    char out[PK_SIN_KEY_LEN + 1])
{
	unsigned char h[KEYBYTES];

	crypto_generichash(h, sizeof h, (const unsigned char *)sin, 9, ik,
	    KEYBYTES);
	memcpy(out, sin + 6, 3);
	out[3] = ':';
	sodium_bin2hex(out + 4, HEXKEY + 1, h, sizeof h);
}

/*
 * The box: libsodium's crypto_box from an ephemeral key pair to the
 * public key, as crypto_box_seal makes it, but with the ephemeral key
 * shared by the SINs of one run and a random nonce for each: epk (32),
 * nonce (24), MAC and ciphertext (16 + 9).  crypto_box_seal makes a key
 * pair and a key exchange per SIN, two X25519 operations that doubled
 * the time of an intake import of 10,000 peers (make bench); shared,
 * the exchange is made once.  The ephemeral secret key is wiped at
 * once: the run can seal, never open.  Opening caches the shared key of
 * the last ephemeral key met, so a run's SINs open with one exchange.
 */
/* seal_state, open_state: see seal_with. */

static void
ephemeral(const unsigned char pk[KEYBYTES])
{
	unsigned char esk[crypto_box_SECRETKEYBYTES];

	if (seal_state.ready && sodium_memcmp(seal_state.to, pk, KEYBYTES) == 0)
		return;
	if (crypto_box_keypair(seal_state.epk, esk) != 0 ||
	    crypto_box_beforenm(seal_state.k, pk, esk) != 0)
		pk_die(PK_EX_SOFTWARE, "libsodium could not make a key");
	sodium_memzero(esk, sizeof esk);
	memcpy(seal_state.to, pk, KEYBYTES);
	seal_state.ready = true;
}

static char *
seal_with(const char sin[10], const unsigned char pk[KEYBYTES],
    const unsigned char ik[KEYBYTES])
{
	unsigned char box[PK_SIN_BOX_LEN], *nonce = box + KEYBYTES;
	char *t = pk_malloc(PK_SIN_TOKEN_LEN + 1);

	ephemeral(pk);
	memcpy(box, seal_state.epk, KEYBYTES);
	randombytes_buf(nonce, crypto_box_NONCEBYTES);
	if (crypto_box_easy_afternm(nonce + crypto_box_NONCEBYTES,
	    (const unsigned char *)sin, 9, nonce, seal_state.k) != 0)
		pk_die(PK_EX_SOFTWARE, "libsodium could not seal a SIN");
	key_hash(sin, ik, t);
	t[PK_SIN_KEY_LEN] = ':';
	sodium_bin2hex(t + PK_SIN_KEY_LEN + 1, PK_SIN_BOX_LEN * 2 + 1, box,
	    sizeof box);
	return t;
}

int
pk_sin_seal(pk_store *s, const char sin[10], char **token)
{
	int rc;

	*token = NULL;
	if ((rc = sealing_keys(s)) != 0)
		return rc;
	*token = seal_with(sin, pub.v, idx.v);
	return 0;
}

bool
pk_sin_is_token(const char *t)
{
	static const char hex[] = "0123456789abcdef";

	if (!t || strlen(t) != PK_SIN_TOKEN_LEN || t[3] != ':' ||
	    t[PK_SIN_KEY_LEN] != ':')
		return false;
	/* strspn over the three runs of hex: every SIN stored is checked
	 * four times on its way in, and a test per byte was 3% of an
	 * import of peers (a strchr per byte, a twentieth). */
	return strspn(t, hex) == 3 &&
	    strspn(t + 4, hex) == PK_SIN_KEY_LEN - 4 &&
	    strspn(t + PK_SIN_KEY_LEN + 1, hex) ==
	    PK_SIN_TOKEN_LEN - PK_SIN_KEY_LEN - 1;
}

bool
pk_sin_same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	if (pk_sin_is_token(a) && pk_sin_is_token(b))
		return strncmp(a, b, PK_SIN_KEY_LEN) == 0;
	return strcmp(a, b) == 0;
}

static int
open_box(const char *token, char out[10])
{
	unsigned char box[PK_SIN_BOX_LEN], m[9], *nonce = box + KEYBYTES;
	size_t bin;

	if (!pk_sin_is_token(token) ||
	    sodium_hex2bin(box, sizeof box, token + PK_SIN_KEY_LEN + 1,
	    PK_SIN_BOX_LEN * 2, NULL, &bin, NULL) != 0 || bin != sizeof box)
		return pk_fail(PK_EX_SOFTWARE, "a sealed SIN is damaged");
	if (!open_state.ready ||
	    sodium_memcmp(open_state.epk, box, KEYBYTES) != 0) {
		open_state.ready = false;
		if (crypto_box_beforenm(open_state.k, box, sec.v) != 0)
			return pk_fail(PK_EX_SOFTWARE, "a sealed SIN is damaged");
		memcpy(open_state.epk, box, KEYBYTES);
		open_state.ready = true;
	}
	if (crypto_box_open_easy_afternm(m, nonce + crypto_box_NONCEBYTES,
	    PK_SIN_BOX_LEN - KEYBYTES - crypto_box_NONCEBYTES, nonce,
	    open_state.k) != 0)
		return pk_fail(PK_EX_NOPERM, "%s: %s does not open this SIN "
		    "(sealed to another key)", sec.name, sec.path);
	memcpy(out, m, 9);
	out[9] = '\0';
	sodium_memzero(m, sizeof m);
	return 0;
}

int
pk_sin_reveal(pk_store *s, const char *token, char out[10])
{
	int rc;

	out[0] = '\0';
	if ((rc = pk_privacy_can_reveal(s)) != 0)
		return rc;
	return open_box(token, out);
}

/* Each SIN of the store's peers and filed slips: fn(s, table, id,
 * value) with the stored text of the column read (sin or token). */
static int
each_sin(pk_store *s, const char *sql, int (*fn)(pk_store *, const char *,
    int64_t, const char *, void *), const char *table, void *arg)
{
	struct row { int64_t id; char *v; } *rows = NULL;
	pk_q *st = pk_stmt(s, sql);
	size_t n = 0, cap = 0, i;
	int rc;

	/* Read whole before any is written: the rows change under it. */
	while ((rc = pk_step(st)) == PK_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = pk_realloc(rows, cap * sizeof *rows);
		}
		rows[n].id = pk_col_int64(st, 0);
		rows[n++].v = pk_col_strdup(st, 1);
	}
	pk_reset(st);
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "read the SINs");
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = fn(s, table, rows[i].id, rows[i].v, arg);
		if (rows[i].v)
			sodium_memzero(rows[i].v, strlen(rows[i].v));
		free(rows[i].v);
	}
	free(rows);
	return rc;
}

/* Write a token into table's row id: key and box, the plain column
 * cleared (peers: NULL; t4a_filed, whose CHECK asks for nine
 * characters, "*********"). */
static int
put_token(pk_store *s, const char *table, int64_t id, const char *token)
{
	static const char peers[] = "UPDATE peers SET sin = NULL, sin_key = "
	    "?1, sin_box = ?2 WHERE id = ?3";
	static const char filed[] = "UPDATE t4a_filed SET sin = '*********', "
	    "sin_key = ?1, sin_box = ?2 WHERE id = ?3";
	pk_q *st = pk_stmt(s, strcmp(table, "peers") == 0 ? peers :
	    filed);

	pk_bind_sin(st, 1, 2, token);
	pk_bind_int64(st, 3, id);
	return pk_stmt_done(s, st, "seal a SIN");
}

static int
seal_plain(pk_store *s, const char *table, int64_t id, const char *v,
    void *arg)
{
	char *token;
	int rc;

	(void)arg;
	if ((rc = pk_sin_seal(s, v, &token)) != 0)
		return rc;
	rc = put_token(s, table, id, token);
	free(token);
	return rc;
}

int
pk_privacy_seal_plain(pk_store *s)
{
	int rc;

	if ((rc = each_sin(s, "SELECT id, sin FROM peers WHERE sin IS NOT "
	    "NULL AND sin <> '000000000'", seal_plain, "peers", NULL)) != 0)
		return rc;
	return each_sin(s, "SELECT id, sin FROM t4a_filed WHERE sin <> "
	    "'000000000' AND sin <> '*********'", seal_plain, "t4a_filed",
	    NULL);
}

static int
reseal(pk_store *s, const char *table, int64_t id, const char *token,
    void *arg)
{
	const struct pk_keyset *ks = arg;
	char sin[10], *t;
	int rc;

	if ((rc = open_box(token, sin)) != 0)
		return rc;
	t = seal_with(sin, ks->pk, ks->ik);
	sodium_memzero(sin, sizeof sin);
	rc = put_token(s, table, id, t);
	free(t);
	return rc;
}

int
pk_keys_reseal(pk_store *s, const struct pk_keyset *ks)
{
	int rc;

	if ((rc = pk_privacy_can_reveal(s)) != 0)
		return rc;
	if ((rc = each_sin(s, "SELECT id, " PK_SIN_TOKEN_SQL " FROM peers "
	    "WHERE sin_key IS NOT NULL", reseal, "peers", (void *)ks)) != 0 ||
	    (rc = each_sin(s, "SELECT id, " PK_SIN_TOKEN_SQL " FROM t4a_filed "
	    "WHERE sin_key IS NOT NULL", reseal, "t4a_filed", (void *)ks)) != 0)
		return rc;
	return pk_keys_record(s, ks);
}

void
pk_bind_sin(pk_q *st, int key_col, int box_col, const char *token)
{
	unsigned char box[PK_SIN_BOX_LEN];
	size_t bin;

	if (!token) {
		pk_bind_null(st, key_col);
		pk_bind_null(st, box_col);
		return;
	}
	/* Nothing but a sealed SIN ever reaches the store. */
	if (!pk_sin_is_token(token) ||
	    sodium_hex2bin(box, sizeof box, token + PK_SIN_KEY_LEN + 1,
	    PK_SIN_BOX_LEN * 2, NULL, &bin, NULL) != 0 || bin != sizeof box)
		pk_die(PK_EX_SOFTWARE, "a SIN reached the store unsealed");
	if (pk_bind_textn(st, key_col, token, PK_SIN_KEY_LEN) != 0 ||
	    pk_bind_blob(st, box_col, box, sizeof box) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

/* The three keys of suffix ("" or ".new") that exist: have gets
 * 1 << PK_KEY_* for each.  The public key of a secret key alone is
 * derived from it. */
static int
read_set(const char *suffix, struct pk_keyset *ks, unsigned *have)
{
	struct key *k[] = {&pub, &sec, &idx};
	unsigned char *v[] = {ks->pk, ks->sk, ks->ik};
	struct stat st;
	char *path;
	size_t i;
	int rc = 0;

	sodium_ready();
	pk_privacy_path(PK_KEY_PUBLIC);
	memset(ks, 0, sizeof *ks);
	*have = 0;
	for (i = 0; i < 3 && rc == 0; i++) {
		if (!k[i]->path)
			continue;
		path = pk_asprintf("%s%s", k[i]->path, suffix);
		if (stat(path, &st) == 0 && (rc = load_file(k[i]->name, path,
		    i != 0, v[i])) == 0)
			*have |= 1u << i;
		free(path);
	}
	if (rc == 0 && (*have & (1u << PK_KEY_SECRET)) &&
	    !(*have & (1u << PK_KEY_PUBLIC))) {
		crypto_scalarmult_base(ks->pk, ks->sk);
		*have |= 1u << PK_KEY_PUBLIC;
	}
	return rc;
}

int
pk_keys_status(pk_store *s, struct pk_keys_status *ks)
{
	struct pk_keyset set;
	unsigned char derived[KEYBYTES];
	unsigned have;
	int rc;

	memset(ks, 0, sizeof *ks);
	if ((rc = read_set("", &set, &have)) != 0)
		return rc;
	ks->have = have;
	pk_keys_fingerprints(&set, ks->public_fp, ks->index_fp);
	if (!(have & (1u << PK_KEY_PUBLIC)))
		ks->public_fp[0] = '\0';
	if (!(have & (1u << PK_KEY_INDEX)))
		ks->index_fp[0] = '\0';
	if (have & (1u << PK_KEY_SECRET)) {
		crypto_scalarmult_base(derived, set.sk);
		ks->secret_fits = sodium_memcmp(derived, set.pk, KEYBYTES) == 0;
	}
	sodium_memzero(&set, sizeof set);
	if (s && (rc = pk_keys_of_store(s, ks->store_public_fp,
	    ks->store_index_fp)) != 0)
		return rc;
	return 0;
}

/* path.new over path, path kept as path.old. */
static int
swap_in(const struct key *k)
{
	char *new = pk_asprintf("%s.new", k->path);
	char *old = pk_asprintf("%s.old", k->path);
	int rc = 0;

	if (rename(k->path, old) != 0 && errno != ENOENT)
		rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", old, strerror(errno));
	else if (rename(new, k->path) != 0)
		rc = pk_fail(PK_EX_CANTCREAT, "%s: %s", k->path,
		    strerror(errno));
	free(new);
	free(old);
	return rc;
}

static void
drop_new(void)
{
	struct key *k[] = {&pub, &sec, &idx};
	char *path;
	size_t i;

	for (i = 0; i < 3; i++) {
		path = pk_asprintf("%s.new", k[i]->path);
		unlink(path);
		free(path);
	}
}

/* The three .new keys are the store's: a rotation that committed and
 * stopped before they were put in place. */
static int
pending(pk_store *s, bool *yes)
{
	struct pk_keyset ks;
	char pkfp[17], ikfp[17], spk[17], sik[17];
	unsigned have;
	int rc;

	*yes = false;
	if ((rc = read_set(".new", &ks, &have)) != 0)
		return rc;
	if (have != 7) {
		sodium_memzero(&ks, sizeof ks);
		return 0;
	}
	pk_keys_fingerprints(&ks, pkfp, ikfp);
	sodium_memzero(&ks, sizeof ks);
	if ((rc = pk_keys_of_store(s, spk, sik)) != 0)
		return rc;
	*yes = strcmp(pkfp, spk) == 0 && strcmp(ikfp, sik) == 0;
	return 0;
}

static int
swap_all(void)
{
	struct key *k[] = {&pub, &sec, &idx};
	size_t i;
	int rc = 0;

	for (i = 0; i < 3 && rc == 0; i++)
		rc = swap_in(k[i]);
	for (i = 0; i < 3; i++) {
		sodium_memzero(k[i]->v, sizeof k[i]->v);
		k[i]->loaded = false;
	}
	return rc;
}

int
pk_keys_make_check(void)
{
	pk_privacy_path(PK_KEY_PUBLIC);
	if (pk_keys_any())
		return pk_fail(PK_EX_CANTCREAT, "keys exist already (%s): "
		    "peerkit-keys --rotate replaces them", exists(&pub) ?
		    pub.path : exists(&sec) ? sec.path : idx.path);
	return 0;
}

int
pk_keys_rotate(pk_store *s, bool dry_run, bool *finished)
{
	struct pk_keyset ks;
	char pkfp[17], ikfp[17], after[80];
	bool was_pending;
	int rc;

	*finished = false;
	sodium_ready();
	pk_privacy_path(PK_KEY_PUBLIC);
	if ((rc = pending(s, &was_pending)) != 0)
		return rc;
	if (was_pending) {
		*finished = true;
		return dry_run ? 0 : swap_all();
	}
	if (!dry_run)
		drop_new();
	pk_keys_new(&ks);
	/* The new keys are on disk, synced, before any SIN is sealed to
	 * them; the old ones are kept until the store has committed.  A
	 * dry run keeps them in memory, re-seals every SIN to them (so
	 * every SIN is opened with the secret key) and rolls back. */
	if (!dry_run && (rc = pk_keys_write(&ks, ".new")) != 0)
		goto out;
	if ((rc = pk_store_begin(s)) != 0)
		goto out;
	pk_keys_fingerprints(&ks, pkfp, ikfp);
	snprintf(after, sizeof after, "{\"public_key\":\"%s\",\"index_key\":"
	    "\"%s\"}", pkfp, ikfp);
	if ((rc = pk_keys_reseal(s, &ks)) != 0 ||
	    (rc = pk_audit_text(s, "rotate", "keys", 0, NULL, NULL, after)) != 0) {
		pk_store_rollback(s);
		goto out;
	}
	if (dry_run) {
		pk_store_rollback(s);
		sodium_memzero(&ks, sizeof ks);
		return 0;
	}
	if ((rc = pk_store_commit(s)) != 0)
		goto out;
	rc = swap_all();
	sodium_memzero(&ks, sizeof ks);
	return rc;
out:
	sodium_memzero(&ks, sizeof ks);
	/* A dry run wrote no .new file: any there is a rotation's own. */
	if (!dry_run)
		drop_new();
	return rc;
}
