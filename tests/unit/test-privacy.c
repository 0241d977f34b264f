/* test-privacy: SINs sealed and opened, tokens, keys and their files. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"

static char dir[] = "/tmp/pk-privacy-XXXXXX";

static mode_t
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void
test_tokens(pk_store *s)
{
	char *a = NULL, *b = NULL, *c = NULL, out[10], mask[12];

	is_int(pk_sin_seal(s, "130692544", &a), 0, "a SIN sealed");
	ok(a && pk_sin_is_token(a), "into a token");
	ok(a && strlen(a) == PK_SIN_TOKEN_LEN, "of the token's length");
	ok(a && strncmp(a, "544:", 4) == 0, "the last three digits first");
	ok(a && !strstr(a, "130692544") && !strstr(a, "130692"),
	    "the SIN is not in it");
	is_str(pk_sin_mask(a, mask), "***-***-544", "a token masks");
	is_int(pk_sin_seal(s, "130692544", &b), 0, "the same SIN again");
	ok(a && b && strcmp(a, b) != 0, "another box");
	ok(pk_sin_same(a, b), "the same SIN");
	is_int(pk_sin_seal(s, "527194831", &c), 0, "another SIN");
	ok(!pk_sin_same(a, c), "not the same");
	ok(pk_sin_same(NULL, NULL) && !pk_sin_same(a, NULL),
	    "NULL is only NULL");
	is_int(pk_sin_reveal(s, a, out), 0, "opened with the secret key");
	is_str(out, "130692544", "the SIN back");
	is_int(pk_sin_reveal(s, c, out), 0, "the other");
	is_str(out, "527194831", "its SIN back");
	ok(!pk_sin_is_token("130692544"), "nine digits are not a token");
	if (a) {
		/* One byte wrong in each of the three runs, or a colon
		 * moved: not a token. */
		static const size_t at[] = { 0, 2, 4, 40, PK_SIN_KEY_LEN - 1,
		    PK_SIN_KEY_LEN + 1, PK_SIN_TOKEN_LEN - 1 };
		static const char bad[] = "gG:x ";
		char t[PK_SIN_TOKEN_LEN + 2];
		size_t i, j, wrong = 0;

		for (i = 0; i < sizeof at / sizeof *at; i++)
			for (j = 0; bad[j]; j++) {
				memcpy(t, a, PK_SIN_TOKEN_LEN + 1);
				t[at[i]] = bad[j];
				wrong += pk_sin_is_token(t);
			}
		memcpy(t, a, PK_SIN_TOKEN_LEN + 1);
		t[3] = 'a';
		wrong += pk_sin_is_token(t);
		memcpy(t, a, PK_SIN_TOKEN_LEN + 1);
		t[PK_SIN_KEY_LEN] = 'a';
		wrong += pk_sin_is_token(t);
		memcpy(t, a, PK_SIN_TOKEN_LEN + 1);
		t[PK_SIN_TOKEN_LEN] = 'a';
		t[PK_SIN_TOKEN_LEN + 1] = '\0';
		wrong += pk_sin_is_token(t);
		is_int((int)wrong, 0, "a byte not hex, a colon moved or a "
		    "byte more: not a token");
	}
	if (a) {
		a[PK_SIN_TOKEN_LEN - 1] = a[PK_SIN_TOKEN_LEN - 1] == '0' ? '1' :
		    '0';
		is_int(pk_sin_reveal(s, a, out), PK_EX_NOPERM,
		    "a box changed does not open");
	}
	free(a);
	free(b);
	free(c);
}

static void
test_keys(pk_store *s)
{
	char *path, *t = NULL, out[10];
	struct pk_keys_status ks;

	path = pk_asprintf("%s/peerkit/keys", dir);
	is_int((int)mode_of(path), 0700, "the key directory is 0700");
	free(path);
	is_int((int)mode_of(pk_privacy_path(PK_KEY_SECRET)), 0600,
	    "the secret key is 0600");
	is_int((int)mode_of(pk_privacy_path(PK_KEY_PUBLIC)), 0600,
	    "the public key is 0600");
	is_int(pk_keys_status(s, &ks), 0, "the status");
	is_int((int)ks.have, 7, "all three keys");
	ok(ks.secret_fits, "the secret key fits the public key");
	is_str(ks.public_fp, ks.store_public_fp, "the store has the public key");
	is_str(ks.index_fp, ks.store_index_fp, "and the index key");
	is_int(pk_keys_make(), PK_EX_CANTCREAT, "no keys made over keys");

	/* The secret key readable by others: refused. */
	chmod(pk_privacy_path(PK_KEY_SECRET), 0644);
	pk_privacy_use(NULL);
	is_int(pk_privacy_can_reveal(s), PK_EX_NOPERM,
	    "a secret key others can read is refused");
	ok(strstr(pk_errmsg(), "chmod 600"), "saying what to do");
	chmod(pk_privacy_path(PK_KEY_SECRET), 0600);

	/* Another set of keys: refused by this store. */
	path = pk_asprintf("%s/other", dir);
	setenv("XDG_CONFIG_HOME", path, 1);
	pk_privacy_use(NULL);
	is_int(pk_keys_make(), 0, "another set of keys");
	is_int(pk_sin_seal(s, "130692544", &t), PK_EX_NOPERM,
	    "sealing with another store's keys is refused");
	ok(strstr(pk_errmsg(), "is not the key of this store"), "so it says");
	is_int(pk_privacy_can_reveal(s), PK_EX_NOPERM,
	    "and opening with them");
	free(t);
	free(path);
	setenv("XDG_CONFIG_HOME", dir, 1);
	pk_privacy_use(NULL);
	is_int(pk_sin_seal(s, "130692544", &t), 0, "the store's keys again");
	is_int(pk_sin_reveal(s, t, out), 0, "open");
	free(t);
}

int
main(void)
{
	pk_store *s;
	char *db;

	tap_fixed_clock();
	if (!mkdtemp(dir))
		return 1;
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("PEERKIT_CONFIG");
	pk_privacy_use(NULL);
	db = pk_asprintf("%s/peerkit.db", dir);
	if (pk_store_open(&s, db, PK_STORE_WRITE) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		return 1;
	}
	ok(!pk_keys_any(), "no keys yet");
	test_tokens(s);
	test_keys(s);
	pk_store_close(s);
	pk_privacy_forget();
	free(db);
	return done_testing();
}
