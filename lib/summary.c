/*
 * summary.c - the summary of a period: the engagements added up by peer,
 * role, region, site, activity, level, project or month, with the levels
 * of the spectrum, the supports given, and groups too small to show
 * suppressed so that no peer can be picked out.
 *
 * SQLite streams the engagements of the period once, over the date
 * index, and they are added up here: a statement per figure would read a
 * million rows four or five times.  Several summaries (by several keys,
 * over several periods: a report's) are made in the same one pass.  Distinct peers are counted with a
 * bitset of peer ids per group, which also answers how many peers the
 * suppressed groups hold between them.
 *
 * Apart from the records (engagement.c) because it only reads them, and
 * its arithmetic is most of a report: the records need none of it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *const pk_summary_keys[] = {
	"peer", "role", "region", "site", "activity", "level", "project",
	"month", NULL
};

/*
 * The statement of a pass: the figures, the date where the summaries'
 * periods differ, then the column of each key a summary asks for (the
 * peer's alias costs a join, and every column costs: the months of a
 * report read ten times the rows of its period).  By role, the column
 * is the date: the group is the role the peer held on it (role.c).
 */
static const char *const key_cols[] = {
	"p.alias", "e.date", "e.region", "e.site", "e.activity", "e.level",
	"e.project", "substr(e.date, 1, 7)"
};
enum { COL_PEER, COL_MINUTES, COL_DUE, COL_PAID, COL_LEVEL, COL_SUPPORTS,
	COL_DATE };

struct group {
	struct pk_summary_row row;
	uint64_t *peers;		/* bitset by peer id; NULL by peer */
	size_t nwords;
};

struct agg {
	struct pk_summary *sum;
	bool counts;			/* engagements, peers, levels only */
	const struct pk_config *cfg;
	int col;			/* the key's column; -1: no grouping */
	bool by_peer;
	struct group *g, total;		/* the groups, unsorted; the total */
	size_t n, cap;
	size_t *slots, nslots;		/* hash of groups: index + 1 */
	char **enc;			/* the supports as JSON strings */
	const pk_roles *roles;		/* by role: every peer's history */
	bool overflow;			/* a sum too large to add up */
};

static uint64_t
hash_key(bool by_peer, int64_t peer_id, const char *key)
{
	uint64_t h = 1469598103934665603u;

	if (by_peer)
		return (uint64_t)peer_id * 11400714819323198485u;
	for (; key && *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return h;
}

static bool
same_group(const struct agg *a, const struct group *g, int64_t peer_id,
    const char *key)
{
	if (a->by_peer)
		return g->row.peer_id == peer_id;
	return pk_streq(g->row.group, key);
}

static void
rehash(struct agg *a)
{
	size_t i, j;

	free(a->slots);
	a->nslots = a->nslots ? a->nslots * 2 : 64;
	a->slots = pk_calloc(a->nslots, sizeof *a->slots);
	for (i = 0; i < a->n; i++) {
		j = hash_key(a->by_peer, a->g[i].row.peer_id, a->g[i].row.group) &
		    (a->nslots - 1);
		while (a->slots[j])
			j = (j + 1) & (a->nslots - 1);
		a->slots[j] = i + 1;
	}
}

static void
group_init(struct agg *a, struct group *g)
{
	memset(g, 0, sizeof *g);
	g->row.supports = pk_calloc(a->sum->supports.n, sizeof *g->row.supports);
}

static struct group *
find_group(struct agg *a, int64_t peer_id, const char *key)
{
	struct group *g;
	size_t j;

	if (2 * (a->n + 1) > a->nslots)
		rehash(a);
	j = hash_key(a->by_peer, peer_id, key) & (a->nslots - 1);
	for (; a->slots[j]; j = (j + 1) & (a->nslots - 1))
		if (same_group(a, &a->g[a->slots[j] - 1], peer_id, key))
			return &a->g[a->slots[j] - 1];
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->g = pk_realloc(a->g, a->cap * sizeof *a->g);
	}
	g = &a->g[a->n];
	group_init(a, g);
	g->row.peer_id = a->by_peer ? peer_id : 0;
	g->row.group = key ? pk_strdup(key) : NULL;
	a->slots[j] = ++a->n;
	return g;
}

/* Mark a peer in a group's set; true if it is new there. */
static bool
add_peer(struct group *g, int64_t id)
{
	size_t w = (size_t)id / 64, n;
	uint64_t bit = (uint64_t)1 << (id % 64);

	if (w >= g->nwords) {
		n = w + 1 > 2 * g->nwords ? w + 1 : 2 * g->nwords;
		g->peers = pk_realloc(g->peers, n * sizeof *g->peers);
		memset(g->peers + g->nwords, 0, (n - g->nwords) *
		    sizeof *g->peers);
		g->nwords = n;
	}
	if (g->peers[w] & bit)
		return false;
	g->peers[w] |= bit;
	return true;
}

/* A name as JSON text, as the store writes it inside an array. */
static char *
encoded(const char *name)
{
	json_t *v = json_string(name);
	char *enc = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;

	if (!enc)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	json_decref(v);
	return enc;
}

/* A support no longer configured still counts, in a column of its own. */
static size_t
new_support(struct agg *a, const char *name)
{
	struct pk_strlist *l = &a->sum->supports;
	size_t i, n = l->n + 1;

	l->v = pk_realloc(l->v, n * sizeof *l->v);
	l->v[l->n] = pk_strdup(name);
	a->enc = pk_realloc(a->enc, n * sizeof *a->enc);
	a->enc[l->n] = encoded(name);
	l->n = n;
	for (i = 0; i <= a->n; i++) {
		struct group *g = i < a->n ? &a->g[i] : &a->total;

		g->row.supports = pk_realloc(g->row.supports, n *
		    sizeof *g->row.supports);
		g->row.supports[n - 1] = 0;
	}
	return n - 1;
}

/* The index of the support spelled (JSON-encoded) as tok[0..len). */
static size_t
support_of(struct agg *a, const char *tok, size_t len)
{
	json_t *v;
	size_t i;

	for (i = 0; i < a->sum->supports.n; i++)
		if (strlen(a->enc[i]) == len && memcmp(a->enc[i], tok, len) == 0)
			return i;
	if (!(v = json_loadb(tok, len, JSON_DECODE_ANY, NULL)) ||
	    !json_is_string(v))
		pk_die(PK_EX_SOFTWARE, "corrupt supports in the store");
	i = new_support(a, json_string_value(v));
	json_decref(v);
	return i;
}

/*
 * Count the supports of one engagement into g and the total.  The text
 * is what the store holds, an array of strings written compact, so the
 * tokens are compared as written rather than parsed.
 */
static void
count_supports(struct agg *a, struct group *g, const char *t)
{
	const char *p, *q;
	size_t i;

	if (!t || t[0] != '[' || t[1] == ']')
		return;
	for (p = t + 1; *p == '"'; p = q + 1 + (q[1] == ',')) {
		for (q = p + 1; *q && *q != '"'; q++)
			if (*q == '\\' && q[1])
				q++;
		if (!*q)
			break;
		i = support_of(a, p, (size_t)(q - p + 1));
		if (g)
			g->row.supports[i]++;
		a->total.row.supports[i]++;
	}
}

static int
level_index(const char *level)
{
	int i;

	for (i = 0; i < PK_LEVELS; i++)
		if (level && strcmp(level, pk_levels[i]) == 0)
			return i;
	return -1;
}

/* An engagement's figures, read from the statement once for every
 * summary of the pass (each sqlite3_column call has its cost). */
struct eng {
	int64_t peer, minutes, due, paid;
	int level;
	const char *supports;
	int64_t hourly;			/* the activity's rate; -1: none known */
};

static void
read_eng(pk_q *st, bool counts, struct eng *e,
    const struct pk_config *cfg, int activity_col)
{
	const struct pk_rate *r;

	e->peer = pk_col_int64(st, COL_PEER);
	e->level = level_index(pk_col_text(st,
	    COL_LEVEL));
	e->hourly = -1;
	if (counts) {
		e->minutes = e->due = e->paid = 0;
		e->supports = NULL;
		return;
	}
	e->minutes = pk_col_int64(st, COL_MINUTES);
	e->due = pk_col_int64(st, COL_DUE);
	e->paid = pk_col_int64(st, COL_PAID);
	e->supports = pk_col_text(st, COL_SUPPORTS);
	if (activity_col >= 0 && (r = pk_config_rate(cfg, (const char *)
	    pk_col_text(st, activity_col))))
		e->hourly = r->hourly;
}

/* Sums are checked: a total that would wrap is refused, never shown. */
static void
add_to(struct agg *a, struct group *g, const struct eng *e, bool new_peer)
{
	g->row.engagements++;
	g->row.peers += new_peer;
	g->row.minutes += e->minutes;
	if (!pk_money_add(&g->row.due, e->due) ||
	    !pk_money_add(&g->row.paid, e->paid))
		a->overflow = true;
	if (e->level >= 0)
		g->row.levels[e->level]++;
	if (e->hourly >= 0) {
		g->row.rated_minutes += e->minutes;
		if (!pk_money_add(&g->row.rate_weight, e->hourly * e->minutes))
			a->overflow = true;
	}
}

static void
add_engagement(struct agg *a, pk_q *st, const struct eng *e)
{
	struct group *g = NULL;

	if (a->col >= 0) {
		const char *key = pk_col_text(st, a->col);

		if (a->roles)
			key = pk_role_on(a->roles, e->peer, key);
		g = find_group(a, e->peer, key);
		add_to(a, g, e, a->by_peer ? g->row.engagements == 0 :
		    add_peer(g, e->peer));
	}
	add_to(a, &a->total, e, add_peer(&a->total, e->peer));
	count_supports(a, g, e->supports);
}

/* The order of the report: by alias, by the spectrum, else by name with
 * no value last. */
static int
cmp_peer(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	int c = strcasecmp(a->row.group ? a->row.group : "",
	    b->row.group ? b->row.group : "");

	if (c)
		return c;
	return a->row.peer_id < b->row.peer_id ? -1 : a->row.peer_id > b->row.peer_id;
}

static int
cmp_level(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	return level_index(a->row.group) - level_index(b->row.group);
}

static int
cmp_name(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	if (!a->row.group || !b->row.group)
		return !a->row.group - !b->row.group;
	return strcmp(a->row.group, b->row.group);
}

/*
 * Small cells, for every table of a summary or a report.  A cell standing
 * for 1 to n - 1 people is hidden as small; a count of none names no one
 * and is shown.  Where a total is shown beside the cells, the total less
 * the cells shown gives away what the hidden ones hold together, so while
 * they stand for fewer than n people between them, the smallest cell
 * shown (the last of equals) is hidden too: hidden to protect another,
 * and labelled so, never with a count it does not have.
 */
void
pk_suppress(struct pk_cell *c, size_t n, int threshold, bool complement,
    pk_pool_fn *pool, void *arg)
{
	bool any = false;
	ssize_t pick;
	size_t i;
	int64_t held;

	if (threshold <= 1)
		return;
	for (i = 0; i < n; i++)
		if (c[i].people > 0 && c[i].people < threshold) {
			c[i].hide = PK_HIDDEN_SMALL;
			any = true;
		}
	while (any && complement) {
		held = 0;
		for (i = 0; !pool && i < n; i++)
			held += c[i].hide != PK_SHOWN ? c[i].people : 0;
		if ((pool ? pool(c, n, arg) : held) >= threshold)
			break;
		for (pick = -1, i = 0; i < n; i++)
			if (c[i].hide == PK_SHOWN && c[i].people > 0 &&
			    (pick < 0 || c[i].people <= c[pick].people))
				pick = (ssize_t)i;
		if (pick < 0)
			break;
		c[pick].hide = PK_HIDDEN_OTHER;
	}
}

const char *
pk_cell_text(const struct pk_cell *c, int threshold, int64_t v, char *buf)
{
	if (c->hide == PK_HIDDEN_SMALL)
		snprintf(buf, PK_CELL_BUFSZ, "<%d", threshold);
	else if (c->hide == PK_HIDDEN_OTHER)
		snprintf(buf, PK_CELL_BUFSZ, "hidden");
	else
		snprintf(buf, PK_CELL_BUFSZ, "%lld", (long long)v);
	return buf;
}

const char *const pk_hide_names[] = {"shown", "small", "complementary"};

/* Distinct peers in the hidden groups, taken together. */
static int64_t
pool_peers(const struct pk_cell *c, size_t ncells, void *arg)
{
	const struct agg *a = arg;
	uint64_t *u;
	size_t i, w, n = 0;
	int64_t count = 0;

	for (i = 0; i < ncells; i++)
		if (c[i].hide != PK_SHOWN && a->g[i].nwords > n)
			n = a->g[i].nwords;
	u = pk_calloc(n + 1, sizeof *u);
	for (i = 0; i < ncells; i++) {
		if (c[i].hide == PK_SHOWN)
			continue;
		if (a->by_peer)
			count++;
		for (w = 0; w < a->g[i].nwords; w++)
			u[w] |= a->g[i].peers[w];
	}
	for (w = 0; w < n; w++)
		count += __builtin_popcountll(u[w]);
	free(u);
	return count;
}

static void
suppress(struct agg *a, int n)
{
	struct pk_cell *c = pk_calloc(a->n + 1, sizeof *c);
	size_t i;

	for (i = 0; i < a->n; i++)
		c[i].people = a->g[i].row.peers;
	pk_suppress(c, a->n, n, true, pool_peers, a);
	for (i = 0; i < a->n; i++) {
		a->g[i].row.suppressed = c[i].hide != PK_SHOWN;
		a->g[i].row.protects = c[i].hide == PK_HIDDEN_OTHER;
	}
	/* The total alone: nothing beside it to protect. */
	c[0].people = a->total.row.peers;
	c[0].hide = PK_SHOWN;
	pk_suppress(c, 1, n, false, NULL, NULL);
	a->total.row.suppressed = c[0].hide != PK_SHOWN;
	free(c);
}

/*
 * The statement for the aggs' keys; their columns set in a->col.  A pass
 * of counts alone (the months of a report) reads no minutes, money or
 * supports: constants stand in their places.  The level, a figure, is
 * the key by level too.  The activity (rated) follows the date, for the
 * rates.
 */
static char *
rows_sql(struct agg *a, size_t n, bool dated, bool counts, bool rated)
{
	int col[sizeof key_cols / sizeof key_cols[0]];
	int next = COL_DATE + dated + rated;
	char *sql = pk_asprintf("SELECT e.peer_id, %s, e.level, %s%s%s", counts ?
	    "0, 0, 0" : "e.minutes, e.amount_due, e.amount_paid", counts ?
	    "NULL" : "e.supports", dated ? ", e.date" : "", rated ?
	    ", e.activity" : ""), *t;
	bool join = false;
	size_t i;

	memset(col, -1, sizeof col);
	col[5] = COL_LEVEL;	/* key_cols[5], e.level */
	for (i = 0; i < n; i++) {
		if (a[i].col < 0)
			continue;
		if (col[a[i].col] < 0) {
			t = pk_asprintf("%s, %s", sql, key_cols[a[i].col]);
			free(sql);
			sql = t;
			join |= a[i].col == 0;
			col[a[i].col] = next++;
		}
		a[i].col = col[a[i].col];
	}
	t = pk_asprintf("%s FROM engagements e %sWHERE e.date BETWEEN ?1 AND "
	    "?2 AND e.status = 'logged'", sql, join ?
	    "JOIN peers p ON p.id = e.peer_id " : "");
	free(sql);
	return t;
}

/*
 * One pass over the engagements from the earliest start to the latest
 * end of the summaries, each row added to every summary whose period
 * holds its date (as BETWEEN compares: the dates are ISO text).
 */
static int
scan(pk_store *s, struct agg *a, size_t n)
{
	const char *from = a[0].sum->from, *to = a[0].sum->to, *date;
	char last[PK_DATE_BUFSZ] = "";
	bool dated = false, counts = true, rated = false;
	bool *in = pk_calloc(n, sizeof *in);
	pk_q *st;
	struct eng e;
	char *sql;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		dated |= strcmp(a[i].sum->from, from) || strcmp(a[i].sum->to, to);
		counts &= a[i].counts;
		rated |= a[i].sum->rates;
		if (strcmp(a[i].sum->from, from) < 0)
			from = a[i].sum->from;
		if (strcmp(a[i].sum->to, to) > 0)
			to = a[i].sum->to;
	}
	/* Rates need the minutes and money a pass of counts leaves out. */
	counts &= !rated;
	sql = rows_sql(a, n, dated, counts, rated);
	st = pk_prepare(s, sql);
	free(sql);
	if (!st) {
		free(in);
		return pk_sql_fail(s, "summarise engagements");
	}
	for (i = 0; i < n; i++)
		in[i] = !dated;
	pk_bind_text(st, 1, from);
	pk_bind_text(st, 2, to);
	while ((rc = pk_step(st)) == PK_ROW) {
		/* Which periods hold the date: asked again when it changes
		 * (rows of one day come together, over the date index). */
		date = dated ? pk_col_text(st,
		    COL_DATE) : NULL;
		if (date && strcmp(date, last) != 0) {
			for (i = 0; i < n; i++)
				in[i] = strcmp(date, a[i].sum->from) >= 0 &&
				    strcmp(date, a[i].sum->to) <= 0;
			snprintf(last, sizeof last, "%s", date);
		}
		read_eng(st, counts, &e, a[0].cfg, rated ? COL_DATE + dated :
		    -1);
		for (i = 0; i < n; i++)
			if (in[i])
				add_engagement(&a[i], st, &e);
	}
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "summarise engagements");
	pk_finalize(st);
	free(in);
	for (i = 0; rc == 0 && i < n; i++)
		if (a[i].overflow)
			rc = pk_fail(PK_EX_DATAERR, "the amounts due are too "
			    "large to add up");
	return rc;
}

/* Hand the rows over to the summary, in order, the total last. */
static void
finish_rows(struct agg *a)
{
	struct pk_summary *sum = a->sum;
	size_t i;

	sum->n = a->n + 1;
	sum->rows = pk_calloc(sum->n, sizeof *sum->rows);
	for (i = 0; i < a->n; i++) {
		sum->rows[i] = a->g[i].row;
		free(a->g[i].peers);
	}
	sum->rows[a->n] = a->total.row;
	sum->rows[a->n].total = true;
	free(a->total.peers);
	free(a->g);
	free(a->slots);
	for (i = 0; i < sum->supports.n; i++)
		free(a->enc[i]);
	free(a->enc);
}

static void
agg_init(struct agg *a, const struct pk_config *cfg, struct pk_summary *sum)
{
	size_t i;

	memset(a, 0, sizeof *a);
	a->sum = sum;
	a->cfg = cfg;
	a->by_peer = sum->by && strcmp(sum->by, "peer") == 0;
	sum->supports.v = pk_calloc(cfg->supports.n, sizeof *sum->supports.v);
	a->enc = pk_calloc(cfg->supports.n, sizeof *a->enc);
	for (i = 0; i < cfg->supports.n; i++) {
		sum->supports.v[i] = pk_strdup(cfg->supports.v[i]);
		a->enc[i] = encoded(cfg->supports.v[i]);
	}
	sum->supports.n = cfg->supports.n;
	group_init(a, &a->total);
}

/* Every summary by role has the history it needs. */
static bool
roles_ok(const struct agg *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].sum->by && strcmp(a[i].sum->by, "role") == 0 &&
		    !a[i].roles)
			return false;
	return true;
}

static int
summaries(pk_store *s, const struct pk_config *cfg,
    struct pk_summary_ask *ask, size_t n, int suppress_n, bool rates)
{
	struct agg *a;
	pk_roles *roles = NULL;
	size_t i, k;
	int rc;

	for (i = 0; i < n; i++) {
		for (k = 0; pk_summary_keys[k] && (!ask[i].by ||
		    strcmp(pk_summary_keys[k], ask[i].by)); k++)
			;
		if (ask[i].by && !pk_summary_keys[k])
			return pk_fail(PK_EX_USAGE, "cannot summarise by \"%s\" "
			    "(peer, role, region, site, activity, level, "
			    "project, month)", ask[i].by);
	}
	if (n == 0)
		return 0;
	a = pk_calloc(n, sizeof *a);
	for (i = 0; i < n; i++) {
		struct pk_summary *sum = ask[i].sum;

		for (k = 0; ask[i].by && strcmp(pk_summary_keys[k], ask[i].by);
		    k++)
			;
		memset(sum, 0, sizeof *sum);
		sum->by = ask[i].by ? pk_summary_keys[k] : NULL;
		memcpy(sum->from, ask[i].p->from_s, sizeof sum->from);
		memcpy(sum->to, ask[i].p->to_s, sizeof sum->to);
		sum->suppress = suppress_n > 1 ? suppress_n : 0;
		sum->rates = rates;
		agg_init(&a[i], cfg, sum);
		a[i].col = sum->by ? (int)k : -1;
		a[i].counts = ask[i].counts;
		if (sum->by && strcmp(sum->by, "role") == 0)
			a[i].roles = roles ? roles : (rc = pk_roles_load(s,
			    &roles)) == 0 ? roles : NULL;
	}
	rc = roles_ok(a, n) ? scan(s, a, n) : pk_errcode();
	pk_roles_free(roles);
	for (i = 0; i < n; i++) {
		struct pk_summary *sum = ask[i].sum;

		if (a[i].n > 1)
			qsort(a[i].g, a[i].n, sizeof *a[i].g, a[i].by_peer ?
			    cmp_peer : strcmp(sum->by, "level") == 0 ? cmp_level :
			    cmp_name);
		if (rc == 0 && sum->suppress)
			suppress(&a[i], sum->suppress);
		finish_rows(&a[i]);
		if (rc != 0)
			pk_summary_free(sum);
	}
	free(a);
	return rc;
}

int
pk_engagement_summary(pk_store *s, const struct pk_config *cfg,
    const struct pk_period *p, const char *by, int suppress_n,
    struct pk_summary *sum)
{
	struct pk_summary_ask ask = {p, by, sum, false};

	return summaries(s, cfg, &ask, 1, suppress_n, false);
}

int
pk_engagement_summaries(pk_store *s, const struct pk_config *cfg,
    struct pk_summary_ask *ask, size_t n, int suppress_n)
{
	return summaries(s, cfg, ask, n, suppress_n, false);
}

int
pk_engagement_rates(pk_store *s, const struct pk_config *cfg,
    const struct pk_period *p, const char *by, int suppress_n,
    struct pk_summary *sum)
{
	struct pk_summary_ask ask = {.p = p, .by = by, .sum = sum};

	return summaries(s, cfg, &ask, 1, suppress_n, true);
}

void
pk_summary_free(struct pk_summary *sum)
{
	size_t i;

	for (i = 0; i < sum->n; i++) {
		free(sum->rows[i].group);
		free(sum->rows[i].supports);
	}
	free(sum->rows);
	for (i = 0; i < sum->supports.n; i++)
		free(sum->supports.v[i]);
	free(sum->supports.v);
	memset(sum, 0, sizeof *sum);
}

char *
pk_share_fmt(int64_t part, int64_t whole, char *buf)
{
	int64_t tenths = (part * 2000 + whole) / (2 * whole);

	snprintf(buf, PK_SHARE_BUFSZ, "%lld.%lld", (long long)(tenths / 10),
	    (long long)(tenths % 10));
	return buf;
}

static json_t *
count_json(const struct pk_summary_row *r, int64_t n)
{
	return r->suppressed ? json_null() : json_integer(n);
}

static json_t *
money_json(const struct pk_summary_row *r, int64_t cents)
{
	return r->suppressed ? json_null() : pk_money_json(cents);
}

static void
levels_json(json_t *o, const struct pk_summary_row *r)
{
	char key[32], share[PK_SHARE_BUFSZ];
	int i;

	for (i = 0; i < PK_LEVELS; i++)
		pk_json_set(o, pk_levels[i], count_json(r, r->levels[i]));
	for (i = 0; i < PK_LEVELS; i++) {
		snprintf(key, sizeof key, "%s_share", pk_levels[i]);
		pk_json_set(o, key, r->suppressed || r->engagements == 0 ?
		    json_null() : json_string(pk_share_fmt(r->levels[i],
		    r->engagements, share)));
	}
}

/* a / b rounded half up, for a >= 0 and b > 0; false on overflow. */
static bool
per_hour(int64_t a, int64_t b, int64_t *out)
{
	int64_t q = a / b, r = a % b, whole;

	/* a * 60 / b is 60q + 60r / b: 60r stays small. */
	if (__builtin_mul_overflow(q, 60, &whole))
		return false;
	*out = whole + (2 * (r * 60 % b) >= b) + r * 60 / b;
	return true;
}

bool
pk_summary_rate(const struct pk_summary_row *r, int64_t *rate,
    int64_t *configured)
{
	*rate = *configured = -1;
	if (r->minutes > 0 && !per_hour(r->due, r->minutes, rate))
		*rate = -1;
	/* The weight is already per hour (cents an hour x minutes): the
	 * hours-weighted rate is its mean over the minutes. */
	if (r->rated_minutes > 0)
		*configured = r->rate_weight / r->rated_minutes +
		    (2 * (r->rate_weight % r->rated_minutes) >= r->rated_minutes);
	return *rate >= 0 && *configured >= 0 && *rate < *configured;
}

static void
rates_json(json_t *o, const struct pk_summary_row *r)
{
	int64_t rate, configured;
	bool below = pk_summary_rate(r, &rate, &configured);

	pk_json_set(o, "rate", r->suppressed || rate < 0 ? json_null() :
	    pk_money_json(rate));
	pk_json_set(o, "configured_rate", r->suppressed || configured < 0 ?
	    json_null() : pk_money_json(configured));
	pk_json_set(o, "below", r->suppressed ? json_null() :
	    json_boolean(below));
}

json_t *
pk_summary_json(const struct pk_summary *sum, const struct pk_summary_row *r)
{
	json_t *o = json_object();
	char hours[PK_HOURS_BUFSZ], *key;
	size_t i;

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set_str(o, "from", sum->from);
	pk_json_set_str(o, "to", sum->to);
	pk_json_set_str(o, "by", sum->by);
	pk_json_set_str(o, "group", r->total ? NULL : r->group);
	if (sum->by && strcmp(sum->by, "peer") == 0)
		pk_json_set(o, "peer_id", r->total ? json_null() :
		    json_integer(r->peer_id));
	pk_json_set(o, "total", json_boolean(r->total));
	pk_json_set(o, "suppressed", json_boolean(r->suppressed));
	pk_json_set(o, "engagements", count_json(r, r->engagements));
	pk_json_set(o, "peers", count_json(r, r->peers));
	pk_json_set(o, "minutes", count_json(r, r->minutes));
	pk_json_set(o, "hours", r->suppressed ? json_null() :
	    json_string(pk_hours_fmt(r->minutes, hours)));
	pk_json_set(o, "due", money_json(r, r->due));
	pk_json_set(o, "paid", money_json(r, r->paid));
	pk_json_set(o, "outstanding", money_json(r, r->due - r->paid));
	if (sum->rates)
		rates_json(o, r);
	levels_json(o, r);
	for (i = 0; i < sum->supports.n; i++) {
		key = pk_asprintf("support_%s", sum->supports.v[i]);
		pk_json_set(o, key, count_json(r, r->supports[i]));
		free(key);
	}
	return o;
}
