/*
 * fuzz-config.c - config.yaml: the bytes go through the YAML reader
 * (pk_yaml_parse, from memory) and then through the whole config loader
 * as --config FILE.
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
 * tools rely on.
 */
#include <unistd.h>

#include "fuzz.h"

static char path[] = "/tmp/peerkit-fuzz-config.XXXXXX";
static int fd = -1;

static void
done(void)
{
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_isolate();
	if ((fd = mkstemp(path)) < 0)
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tree(data, size);
	config(data, size);
	return 0;
}
