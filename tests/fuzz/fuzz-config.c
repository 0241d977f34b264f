/*
 * fuzz-config.c - config.yaml and onboarding.yaml: the bytes go through
 * the YAML reader (pk_yaml_parse, from memory), then through the whole
 * config loader as --config FILE, then through the onboarding checklist
 * reader (pk_checklist_parse, from memory) against the built-in config.
 *
 * pk_config_load only reads a path, so the input is written to one
 * scratch file, made once and rewritten for each input; an entry point
 * that takes the text (like pk_yaml_parse) would spare the file.
 *
 * Properties: nothing crashes, leaks or takes time out of proportion to
 * the input (anchors and aliases, the "billion laughs", are refused, not
 * expanded); a tree that parses is well formed (maps hold key, value
 * pairs of scalar keys, every node has a position); a refusal is 78 with
 * "FILE:LINE:COL: problem"; a config that loads keeps the invariants the
 * tools rely on; so does a checklist that loads (keys unique and well
 * formed, roles configured, expiry dates after the day done).
 */
#include <unistd.h>

#include "fuzz.h"

static char path[] = "/tmp/peerkit-fuzz-config.XXXXXX";
static int fd = -1;
static struct pk_config builtin;

static void
done(void)
{
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	pk_config_free(&builtin);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_isolate();
	if ((fd = mkstemp(path)) < 0 || pk_config_load(&builtin, NULL) != 0)
		abort();
	atexit(done);
	return 0;
}

static void
well_formed(const struct pk_ynode *n, int depth)
{
	size_t i;

	fz_assert(depth <= 64);
	fz_assert(n->line >= 1 && n->col >= 1 && n->file != NULL);
	switch (n->type) {
	case PK_Y_SCALAR:
		fz_assert(n->value != NULL && n->n == 0);
		return;
	case PK_Y_MAP:
		fz_assert(n->n % 2 == 0);
		for (i = 0; i < n->n; i += 2)
			fz_assert(n->items[i]->type == PK_Y_SCALAR);
		for (i = 0; i + 1 < n->n; i += 2)
			fz_assert(pk_yaml_get(n, n->items[i]->value) != NULL);
		break;
	case PK_Y_SEQ:
		break;
	}
	for (i = 0; i < n->n; i++)
		well_formed(n->items[i], depth + 1);
}

static void
tree(const uint8_t *data, size_t size)
{
	struct pk_ynode *root = NULL;
	int rc = pk_yaml_parse("<fuzz>", (const char *)data, size, &root);

	if (rc == 0) {
		fz_assert(root && (root->type != PK_Y_SCALAR ||
		    root->value[0] != '\0'));
		well_formed(root, 0);
	} else {
		fz_assert(rc == PK_EX_CONFIG && root == NULL);
		fz_assert(strncmp(pk_errmsg(), "<fuzz>:", 7) == 0);
	}
	pk_yaml_free(root);
}

static void
config(const uint8_t *data, size_t size)
{
	struct pk_config cfg;
	int rc;

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	rc = pk_config_load(&cfg, path);
	if (rc != 0) {
		fz_assert(rc == PK_EX_CONFIG);
		fz_assert(strncmp(pk_errmsg(), path, strlen(path)) == 0);
		return;
	}
	fz_assert(cfg.roles.n >= 1);
	fz_assert(strcmp(cfg.t4a_box, "048") == 0 ||
	    strcmp(cfg.t4a_box, "028") == 0);
	fz_assert(cfg.max_payment > 0 && cfg.t4a_threshold >= 0);
	fz_assert(cfg.default_method && pk_oneof(cfg.default_method,
	    pk_pay_methods));
	pk_config_free(&cfg);
}

static void
checklist(const uint8_t *data, size_t size)
{
	static const pk_day done_on = 20780;	/* 2026-11-23 */
	const struct pk_onboard_item *it;
	struct pk_checklist cl;
	size_t i, j;
	int rc;

	rc = pk_checklist_parse(&cl, &builtin, "<fuzz>", (const char *)data,
	    size);
	if (rc != 0) {
		fz_assert(rc == PK_EX_CONFIG);
		fz_assert(strncmp(pk_errmsg(), "<fuzz>", 6) == 0);
		return;
	}
	for (i = 0; i < cl.n; i++) {
		it = &cl.items[i];
		fz_assert(it->key && *it->key && it->title);
		fz_assert(strlen(it->key) <= PK_ONBOARD_KEY_MAX);
		fz_assert(strspn(it->key, "abcdefghijklmnopqrstuvwxyz0123456789-")
		    == strlen(it->key));
		fz_assert(pk_checklist_item(&cl, it->key) == it);
		for (j = 0; j < it->roles.n; j++)
			fz_assert(pk_strlist_has(&builtin.roles, it->roles.v[j]));
		if (it->valid_n == 0) {
			fz_assert(pk_onboard_expiry(it, done_on) == PK_NODAY);
		} else {
			fz_assert(strchr("dmy", it->valid_unit) != NULL);
			fz_assert(pk_onboard_expiry(it, done_on) > done_on);
		}
		(void)pk_onboard_applies(it, NULL);
		(void)pk_onboard_applies(it, "peer-worker");
	}
	pk_checklist_free(&cl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tree(data, size);
	config(data, size);
	checklist(data, size);
	return 0;
}
