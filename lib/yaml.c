/*
 * yaml.c - YAML read into a small tree in which every node knows its
 * file, line and column.
 *
 * libyaml offers events (yaml_parser_parse) or a document graph
 * (yaml_parser_load).  The graph resolves an alias to a shared node, so
 * a few lines of anchors make a structure that is exponentially large
 * to walk (the "billion laughs"), and it neither reports duplicate keys
 * nor bounds nesting.  Building the tree from events lets us refuse
 * each of those at the event where it appears, with its position, and
 * hands config.c a tree it can walk without libyaml's types.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "peerkit.h"

/* Deep enough for any configuration, shallow enough for the stack. */
#define MAX_DEPTH 64

struct reader {
	yaml_parser_t parser;
	const char *buf;
	size_t len;
	char *file;		/* the root owns it once there is a root */
};

static struct pk_ynode *
node_new(const struct reader *r, enum pk_ytype type, yaml_mark_t mark)
{
	struct pk_ynode *n = pk_calloc(1, sizeof *n);

	n->type = type;
	n->line = mark.line + 1;
	n->col = mark.column + 1;
	n->file = r->file;
	return n;
}

static void
node_free(struct pk_ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
}

static void
node_append(struct pk_ynode *n, struct pk_ynode *item)
{
	/* Capacity is implicit: 4, then doubled at each power of two. */
	if (n->n == 0 || (n->n >= 4 && (n->n & (n->n - 1)) == 0))
		n->items = pk_realloc(n->items,
		    (n->n ? 2 * n->n : 4) * sizeof *n->items);
	n->items[n->n++] = item;
}

static int
mark_fail(const struct reader *r, yaml_mark_t m, const char *msg)
{
	return pk_fail(PK_EX_CONFIG, "%s:%zu:%zu: %s", r->file, m.line + 1,
	    m.column + 1, msg);
}

/* A reader error (bad encoding) has only a byte offset: count lines. */
static int
reader_fail(const struct reader *r)
{
	size_t i, end = r->parser.problem_offset, line = 1, col = 1;

	for (i = 0; i < end && i < r->len; i++) {
		if (r->buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return pk_fail(PK_EX_CONFIG, "%s:%zu:%zu: %s", r->file, line, col,
	    r->parser.problem);
}

static int
syntax_fail(const struct reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_MEMORY_ERROR)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	if (p->error == YAML_READER_ERROR && r->buf)
		return reader_fail(r);
	if (p->context)
		return pk_fail(PK_EX_CONFIG, "%s:%zu:%zu: %s (%s at %zu:%zu)",
		    r->file, p->problem_mark.line + 1,
		    p->problem_mark.column + 1, problem, p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	return mark_fail(r, p->problem_mark, problem);
}

static int
next_event(struct reader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev))
		return syntax_fail(r);
	return 0;
}

static const yaml_char_t *
anchor_of(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Everything refused about a node is decided by its first event. */
static int
check_event(const struct reader *r, const yaml_event_t *ev, int depth)
{
	if (ev->type == YAML_ALIAS_EVENT || anchor_of(ev))
		return mark_fail(r, ev->start_mark,
		    "anchors and aliases are not allowed");
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		/* A C string would silently cut the value at the NUL. */
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
			return mark_fail(r, ev->start_mark,
			    "a NUL character is not allowed in a value");
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= MAX_DEPTH)
			return pk_fail(PK_EX_CONFIG,
			    "%s:%zu:%zu: nesting deeper than %d levels",
			    r->file, ev->start_mark.line + 1,
			    ev->start_mark.column + 1, MAX_DEPTH);
		return 0;
	default:
		return mark_fail(r, ev->start_mark, "unexpected YAML event");
	}
}

static struct pk_ynode *
start_node(const struct reader *r, const yaml_event_t *ev)
{
	struct pk_ynode *n;
	size_t len;

	if (ev->type == YAML_SEQUENCE_START_EVENT)
		return node_new(r, PK_Y_SEQ, ev->start_mark);
	if (ev->type == YAML_MAPPING_START_EVENT)
		return node_new(r, PK_Y_MAP, ev->start_mark);
	n = node_new(r, PK_Y_SCALAR, ev->start_mark);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	len = ev->data.scalar.length;
	n->value = pk_malloc(len + 1);
	memcpy(n->value, ev->data.scalar.value, len);
	n->value[len] = '\0';
	return n;
}

static int parse_node(struct reader *, yaml_event_t *, int,
    struct pk_ynode **);

static int
fill_seq(struct reader *r, struct pk_ynode *seq, int depth)
{
	struct pk_ynode *item;
	yaml_event_t ev;
	int rc;

	for (;;) {
		if ((rc = next_event(r, &ev)) != 0)
			return rc;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if ((rc = parse_node(r, &ev, depth, &item)) != 0)
			return rc;
		node_append(seq, item);
	}
}

static bool
before(const struct pk_ynode *a, const struct pk_ynode *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

/* By text, then by position: of two equal keys the later sorts second. */
static int
key_cmp(const void *a, const void *b)
{
	const struct pk_ynode *x = *(struct pk_ynode *const *)a;
	const struct pk_ynode *y = *(struct pk_ynode *const *)b;
	int c = strcmp(x->value, y->value);

	if (c != 0)
		return c;
	return before(x, y) ? -1 : before(y, x);
}

/* Sorting rather than comparing every pair keeps a hostile file with a
 * huge map from costing quadratic time. */
static int
check_dups(const struct reader *r, const struct pk_ynode *map)
{
	const struct pk_ynode **keys, *dup = NULL;
	size_t i, nk = map->n / 2;
	int rc = 0;

	if (nk < 2)
		return 0;
	keys = pk_malloc(nk * sizeof *keys);
	for (i = 0; i < nk; i++)
		keys[i] = map->items[2 * i];
	qsort(keys, nk, sizeof *keys, key_cmp);
	for (i = 1; i < nk; i++)
		if (strcmp(keys[i - 1]->value, keys[i]->value) == 0 &&
		    (!dup || before(keys[i], dup)))
			dup = keys[i];	/* the first repeat in the file */
	if (dup)
		rc = pk_fail(PK_EX_CONFIG, "%s:%zu:%zu: duplicate key \"%s\"",
		    r->file, dup->line, dup->col, dup->value);
	free(keys);
	return rc;
}

static int
fill_map(struct reader *r, struct pk_ynode *map, int depth)
{
	struct pk_ynode *item;
	yaml_event_t ev;
	int rc;

	for (;;) {
		if ((rc = next_event(r, &ev)) != 0)
			return rc;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return check_dups(r, map);
		}
		if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT) {
			rc = mark_fail(r, ev.start_mark,
			    "a key must be a plain value, not a list or map");
			yaml_event_delete(&ev);
			return rc;
		}
		if ((rc = parse_node(r, &ev, depth, &item)) != 0)
			return rc;
		node_append(map, item);
		if ((rc = next_event(r, &ev)) != 0 ||
		    (rc = parse_node(r, &ev, depth, &item)) != 0)
			return rc;
		node_append(map, item);
	}
}

/* Takes ev (the node's first event) and deletes it. */
static int
parse_node(struct reader *r, yaml_event_t *ev, int depth,
    struct pk_ynode **out)
{
	struct pk_ynode *n = NULL;
	int rc;

	if ((rc = check_event(r, ev, depth)) == 0)
		n = start_node(r, ev);
	yaml_event_delete(ev);
	if (rc == 0 && n->type == PK_Y_SEQ)
		rc = fill_seq(r, n, depth + 1);
	else if (rc == 0 && n->type == PK_Y_MAP)
		rc = fill_map(r, n, depth + 1);
	if (rc != 0) {
		node_free(n);
		n = NULL;
	}
	*out = n;
	return rc;
}

/* Reads the event that must follow and discards it. */
static int
skip_event(struct reader *r)
{
	yaml_event_t ev;
	int rc;

	if ((rc = next_event(r, &ev)) == 0)
		yaml_event_delete(&ev);
	return rc;
}

static int
parse_end(struct reader *r)
{
	yaml_event_t ev;
	int rc;

	if ((rc = skip_event(r)) != 0 || (rc = next_event(r, &ev)) != 0)
		return rc;
	if (ev.type == YAML_DOCUMENT_START_EVENT)
		rc = mark_fail(r, ev.start_mark,
		    "more than one document (---) in the file");
	yaml_event_delete(&ev);
	return rc;
}

/* An empty file, or one with only comments or "---", is an empty map:
 * "no settings" rather than an error. */
static struct pk_ynode *
empty_map(const struct reader *r, struct pk_ynode *doc)
{
	yaml_mark_t top = { 0 };

	if (doc && (doc->type != PK_Y_SCALAR || doc->value[0] != '\0'))
		return doc;
	node_free(doc);
	return node_new(r, PK_Y_MAP, top);
}

static int
parse_stream(struct reader *r, struct pk_ynode **root)
{
	yaml_event_t ev;
	int rc;

	*root = NULL;
	if ((rc = skip_event(r)) != 0 || (rc = next_event(r, &ev)) != 0)
		return rc;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		*root = empty_map(r, NULL);
		return 0;
	}
	yaml_event_delete(&ev);
	if ((rc = next_event(r, &ev)) != 0 ||
	    (rc = parse_node(r, &ev, 0, root)) != 0)
		return rc;
	if ((rc = parse_end(r)) != 0) {
		node_free(*root);
		*root = NULL;
		return rc;
	}
	*root = empty_map(r, *root);
	return 0;
}

int
pk_yaml_parse(const char *name, const char *buf, size_t len,
    struct pk_ynode **out)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof r);
	if (!yaml_parser_initialize(&r.parser))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)buf,
	    len);
	r.buf = buf;
	r.len = len;
	r.file = pk_strdup(name);
	rc = parse_stream(&r, out);
	yaml_parser_delete(&r.parser);
	if (rc != 0)
		free(r.file);
	return rc;
}

static int
open_fail(const char *path, int err)
{
	int code = PK_EX_CONFIG;

	if (err == ENOENT || err == ENOTDIR)
		code = PK_EX_NOINPUT;
	else if (err == EACCES || err == EPERM)
		code = PK_EX_NOPERM;
	return pk_fail(code, "%s: %s", path, strerror(err));
}

static int
read_all(const char *path, char **buf, size_t *len)
{
	FILE *fp;
	size_t cap = 4096, n;
	int rc = 0;

	if (!(fp = fopen(path, "r")))
		return open_fail(path, errno);
	*buf = pk_malloc(cap);
	*len = 0;
	while ((n = fread(*buf + *len, 1, cap - *len, fp)) > 0) {
		*len += n;
		if (*len == cap)
			*buf = pk_realloc(*buf, cap *= 2);
	}
	if (ferror(fp))
		rc = open_fail(path, errno);
	fclose(fp);
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

int
pk_yaml_load(const char *path, struct pk_ynode **out)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = read_all(path, &buf, &len)) != 0)
		return rc;
	rc = pk_yaml_parse(path, buf, len, out);
	free(buf);
	return rc;
}

void
pk_yaml_free(struct pk_ynode *root)
{
	char *file;

	if (!root)
		return;
	file = (char *)root->file;	/* the root owns the name */
	node_free(root);
	free(file);
}

const struct pk_ynode *
pk_yaml_get(const struct pk_ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != PK_Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->items[i]->value, key) == 0)
			return map->items[i + 1];
	return NULL;
}

int
pk_yaml_fail(const struct pk_ynode *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!n)
		return pk_fail(PK_EX_CONFIG, "%s", msg);
	return pk_fail(PK_EX_CONFIG, "%s:%zu:%zu: %s", n->file, n->line,
	    n->col, msg);
}
