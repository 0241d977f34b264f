/*
 * test-yaml.c - the YAML tree: shapes and positions, and every input
 * that is refused, with the exact place named.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"

static int
parse(const char *text, struct pk_ynode **root)
{
	return pk_yaml_parse("t.yaml", text, strlen(text), root);
}

/* Parse text that must be refused; check the status and message. */
static void
refused(const char *text, const char *want, const char *what)
{
	struct pk_ynode *root = NULL;

	is_int(parse(text, &root), PK_EX_CONFIG, what);
	is_str(pk_errmsg(), want, what);
	ok(root == NULL, "no tree is returned on error");
}

static void
is_node(const struct pk_ynode *n, enum pk_ytype type, const char *value,
    size_t line, size_t col, const char *what)
{
	char buf[256];

	if (!ok(n != NULL, what))
		return;
	snprintf(buf, sizeof buf, "%s: type", what);
	is_int(n->type, type, buf);
	snprintf(buf, sizeof buf, "%s: value", what);
	is_str(n->value, value, buf);
	snprintf(buf, sizeof buf, "%s: line", what);
	is_int(n->line, line, buf);
	snprintf(buf, sizeof buf, "%s: column", what);
	is_int(n->col, col, buf);
}

static void
test_shapes(void)
{
	const char *text =
	    "name: peerkit\n"
	    "list:\n"
	    "  - a\n"
	    "  - \"b c\"\n"
	    "nested: {x: 1, y: [2, 3]}\n"
	    "box: 048\n";
	const struct pk_ynode *list, *nested, *y;
	struct pk_ynode *root;

	is_int(parse(text, &root), 0, "a map, a list and scalars parse");
	is_node(root, PK_Y_MAP, NULL, 1, 1, "root");
	is_int(root->n, 8, "four keys and four values alternate");
	is_node(root->items[0], PK_Y_SCALAR, "name", 1, 1, "first key");
	is_node(root->items[1], PK_Y_SCALAR, "peerkit", 1, 7, "first value");
	is_str(root->file, "t.yaml", "the root names its file");
	list = pk_yaml_get(root, "list");
	is_node(list, PK_Y_SEQ, NULL, 3, 3, "block list");
	is_int(list->n, 2, "two items");
	is_node(list->items[0], PK_Y_SCALAR, "a", 3, 5, "first item");
	is_node(list->items[1], PK_Y_SCALAR, "b c", 4, 5, "quoted item");
	ok(list->items[1]->file == root->file, "nodes share the root's name");
	nested = pk_yaml_get(root, "nested");
	is_node(nested, PK_Y_MAP, NULL, 5, 9, "flow map");
	is_node(pk_yaml_get(nested, "x"), PK_Y_SCALAR, "1", 5, 13, "x");
	y = pk_yaml_get(nested, "y");
	is_node(y, PK_Y_SEQ, NULL, 5, 19, "flow list");
	is_node(y->items[1], PK_Y_SCALAR, "3", 5, 23, "flow item");
	is_str(pk_yaml_get(root, "box")->value, "048",
	    "a scalar keeps its text: 048 is not the number 48");
	ok(pk_yaml_get(root, "nope") == NULL, "absent key: NULL");
	ok(pk_yaml_get(list, "a") == NULL, "get on a list: NULL");
	ok(pk_yaml_get(NULL, "a") == NULL, "get on NULL: NULL");
	pk_yaml_free(root);
	pk_yaml_free(NULL);
}

static void
test_empty(void)
{
	const char *docs[] = { "", "# only a comment\n", "---\n", "\n\n" };
	struct pk_ynode *root;
	size_t i;

	for (i = 0; i < sizeof docs / sizeof *docs; i++) {
		is_int(parse(docs[i], &root), 0, "an empty document parses");
		ok(root && root->type == PK_Y_MAP && root->n == 0,
		    "and is an empty map");
		is_str(root ? root->file : NULL, "t.yaml", "with its file");
		pk_yaml_free(root);
	}
}

static void
test_refused(void)
{
	refused("a: &x 1\nb: *x\n",
	    "t.yaml:1:4: anchors and aliases are not allowed", "an anchor");
	refused("a: 1\nb: *x\n",
	    "t.yaml:2:4: anchors and aliases are not allowed", "an alias");
	refused("a: &l [1, 2]\n",
	    "t.yaml:1:4: anchors and aliases are not allowed",
	    "an anchor on a list");
	refused("&m {a: 1}\n",
	    "t.yaml:1:1: anchors and aliases are not allowed",
	    "an anchor on a map");
	refused("? *k\n: 1\n",
	    "t.yaml:1:3: anchors and aliases are not allowed",
	    "an alias as a key");
	refused("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key \"a\"",
	    "a duplicate key");
	refused("a: 1\nb: 2\nb: 3\na: 4\n", "t.yaml:3:1: duplicate key \"b\"",
	    "the first repeat in the file is named");
	refused("top:\n  x: 1\n  y: 2\n  x: 3\n",
	    "t.yaml:4:3: duplicate key \"x\"", "a duplicate key, nested");
	refused("? [a]\n: 1\n",
	    "t.yaml:1:3: a key must be a plain value, not a list or map",
	    "a list as a key");
	refused("{? {a: 1} : 1}\n",
	    "t.yaml:1:4: a key must be a plain value, not a list or map",
	    "a map as a key");
	refused("a: 1\n---\nb: 2\n",
	    "t.yaml:2:1: more than one document (---) in the file",
	    "two documents");
	refused("key: value: x\n",
	    "t.yaml:1:11: mapping values are not allowed in this context",
	    "a syntax error: libyaml's problem and mark");
	refused("a: [1, 2\n",
	    "t.yaml:2:1: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at 1:4)",
	    "a syntax error with its context");
	refused("a: \xff\n", "t.yaml:1:4: invalid leading UTF-8 octet",
	    "bad UTF-8 is placed by line and column");
	refused("a: 1\nb: \"x\\0y\"\n",
	    "t.yaml:2:4: a NUL character is not allowed in a value",
	    "an escaped NUL would cut the value short");
}

/* n nested flow lists, "[[[...]]]" */
static char *
nest(int n)
{
	char *s = pk_malloc(2 * (size_t)n + 1);

	memset(s, '[', (size_t)n);
	memset(s + n, ']', (size_t)n);
	s[2 * n] = '\0';
	return s;
}

static void
test_depth(void)
{
	struct pk_ynode *root, *n;
	char *s;
	int depth = 0;

	s = nest(64);
	is_int(parse(s, &root), 0, "64 levels of nesting are allowed");
	for (n = root; n && n->type == PK_Y_SEQ; n = n->n ? n->items[0] : NULL)
		depth++;
	is_int(depth, 64, "and all 64 are in the tree");
	pk_yaml_free(root);
	free(s);
	s = nest(65);
	refused(s, "t.yaml:1:65: nesting deeper than 64 levels",
	    "65 levels are refused at the 65th");
	free(s);
	s = nest(100000);
	refused(s, "t.yaml:1:65: nesting deeper than 64 levels",
	    "deep nesting is refused before it is read");
	free(s);
}

static void
test_many_keys(void)
{
	struct pk_ynode *root;
	size_t i, n = 20000, len = 0;
	char *s = pk_malloc(n * 16 + 32);

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "k%zu: %zu\n", i, i);
	is_int(parse(s, &root), 0, "a map of 20000 keys parses");
	is_int(root->n, 2 * n, "with every key and value");
	is_str(pk_yaml_get(root, "k19999")->value, "19999", "the last one");
	pk_yaml_free(root);
	sprintf(s + len, "k7: again\n");
	refused(s, "t.yaml:20001:1: duplicate key \"k7\"",
	    "a repeat at the end of a big map");
	free(s);
}

static char *
write_file(const char *dir, const char *name, const char *text)
{
	char *path = pk_asprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

/* Run as a user who is not root (tap_as_user). */
static int
load_secret(void *path, char *msg, size_t size)
{
	struct pk_ynode *root = NULL;
	int rc = pk_yaml_load(path, &root);

	snprintf(msg, size, "%s", rc ? pk_errmsg() : "");
	pk_yaml_free(root);
	return rc;
}

static void
test_load(void)
{
	char tmpl[] = "/tmp/pk-yaml.XXXXXX", *dir, *good, *bad, *secret, *want;
	char msg[512];
	struct pk_ynode *root = NULL;

	if (!(dir = mkdtemp(tmpl))) {
		perror("mkdtemp");
		exit(1);
	}
	good = write_file(dir, "good.yaml", "a:\n  - 1\n");
	is_int(pk_yaml_load(good, &root), 0, "a file loads");
	is_str(root->file, good, "the tree names the path");
	is_str(pk_yaml_get(root, "a")->file, good, "so does every node");
	is_int(pk_yaml_get(root, "a")->items[0]->line, 2, "with its line");
	pk_yaml_free(root);

	bad = write_file(dir, "bad.yaml", "a: 1\na: 2\n");
	is_int(pk_yaml_load(bad, &root), PK_EX_CONFIG, "a bad file");
	want = pk_asprintf("%s:2:1: duplicate key \"a\"", bad);
	is_str(pk_errmsg(), want, "is named in the message");
	free(want);

	want = pk_asprintf("%s/missing.yaml", dir);
	is_int(pk_yaml_load(want, &root), PK_EX_NOINPUT, "a missing file");
	ok(root == NULL, "gives no tree");
	free(want);
	want = pk_asprintf("%s/missing.yaml: No such file or directory", dir);
	is_str(pk_errmsg(), want, "and says so");
	free(want);

	is_int(pk_yaml_load(dir, &root), PK_EX_CONFIG, "a directory");
	want = pk_asprintf("%s: Is a directory", dir);
	is_str(pk_errmsg(), want, "is not a config file");
	free(want);

	secret = write_file(dir, "secret.yaml", "a: 1\n");
	/* The directory open to the user who cannot read the file. */
	ok(chmod(secret, 0) == 0 && chmod(dir, 0711) == 0, "a file no one "
	    "may read");
	is_int(tap_as_user(load_secret, secret, msg, sizeof msg), PK_EX_NOPERM,
	    "an unreadable file");
	want = pk_asprintf("%s: Permission denied", secret);
	is_str(msg, want, "says so");
	free(want);

	remove(good);
	remove(bad);
	remove(secret);
	rmdir(dir);
	free(good);
	free(bad);
	free(secret);
}

static void
test_fail(void)
{
	struct pk_ynode *root;

	parse("x:\n  y: 1\n", &root);
	is_int(pk_yaml_fail(pk_yaml_get(pk_yaml_get(root, "x"), "y"),
	    "x.y: must be %s", "two"), PK_EX_CONFIG,
	    "pk_yaml_fail returns PK_EX_CONFIG");
	is_str(pk_errmsg(), "t.yaml:2:6: x.y: must be two",
	    "and places the message");
	is_int(pk_errcode(), PK_EX_CONFIG, "and records the status");
	pk_yaml_fail(NULL, "no place");
	is_str(pk_errmsg(), "no place", "a NULL node gives the bare message");
	pk_yaml_free(root);
}

int
main(void)
{
	tap_fixed_clock();
	test_shapes();
	test_empty();
	test_refused();
	test_depth();
	test_many_keys();
	test_load();
	test_fail();
	return done_testing();
}
