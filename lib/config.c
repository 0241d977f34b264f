/*
 * config.c - config.yaml: the built-in defaults, then the user's file
 * laid over them, every value checked.
 *
 * Both documents go through the same field tables, so the overlay needs
 * no code of its own: a key that is given replaces what the defaults
 * set, a key left out is never visited, and a nested map (payment,
 * payer.address) is applied key by key.  Lists and the activities map
 * are replaced whole: a site that lists its own roles means exactly
 * those, not the defaults plus those.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

/* What is being applied: the file name matters for relative paths. */
struct load {
	struct pk_config *cfg;
	const char *file;	/* the user's file; NULL for the built-in */
	char *where;		/* progression's items: "FILE:LINE:COL" each,
				 * NUL-separated, for check_progression */
};

struct field;
/* Check v and store it at f->off in base; key is the dotted path, for
 * messages. */
typedef int setter(const struct load *, const struct field *, void *base,
    const struct pk_ynode *v, const char *key);

struct field {
	const char *key;
	setter *set;
	size_t off;
	const struct field *sub;	/* set_map: the nested table */
	int flags;
};
enum { F_NONEMPTY = 1, F_POSITIVE = 2 };

#define AT(base, f, type) ((type *)((char *)(base) + (f)->off))
#define CFG(member) offsetof(struct pk_config, member)

const char *const pk_pay_methods[] = {
	"cash", "etransfer", "cheque", "direct-deposit", "gift-card", NULL
};
const char *const pk_provinces[] = {
	"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC",
	"SK", "YT", NULL
};

bool
pk_oneof(const char *s, const char *const words[])
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

static int apply_map(const struct load *, const struct field *, void *,
    const struct pk_ynode *, const char *);

static int
need_scalar(const struct pk_ynode *v, const char *key)
{
	if (v->type != PK_Y_SCALAR)
		return pk_yaml_fail(v, "%s: must be a single value, not a %s",
		    key, v->type == PK_Y_MAP ? "map" : "list");
	return 0;
}

static int
set_str(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	char **p = AT(base, f, char *);
	int rc;

	(void)ld;
	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	if ((f->flags & F_NONEMPTY) && v->value[0] == '\0')
		return pk_yaml_fail(v, "%s: must not be empty", key);
	free(*p);
	*p = pk_strdup(v->value);
	return 0;
}

static int
set_method(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	if (v->type == PK_Y_SCALAR && !pk_oneof(v->value, pk_pay_methods))
		return pk_yaml_fail(v, "%s: must be one of cash, etransfer, "
		    "cheque, direct-deposit, gift-card", key);
	return set_str(ld, f, base, v, key);
}

static int
set_province(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	if (v->type == PK_Y_SCALAR && v->value[0] != '\0' &&
	    !pk_oneof(v->value, pk_provinces))
		return pk_yaml_fail(v, "%s: must be empty or a province or "
		    "territory code: AB BC MB NB NL NS NT NU ON PE QC SK YT",
		    key);
	return set_str(ld, f, base, v, key);
}

static int
set_money(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	char why[512];
	int64_t cents;
	int rc;

	(void)ld;
	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	if (pk_money_parse(v->value, &cents, 0) != 0) {
		/* pk_yaml_fail overwrites the message it would print. */
		snprintf(why, sizeof why, "%s", pk_errmsg());
		return pk_yaml_fail(v, "%s: %s", key, why);
	}
	if ((f->flags & F_POSITIVE) && cents == 0)
		return pk_yaml_fail(v, "%s: must be more than 0.00", key);
	*AT(base, f, int64_t) = cents;
	return 0;
}

/* cash.largest_note: the value of a Canadian note. */
static int
set_note(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	int rc;

	if ((rc = set_money(ld, f, base, v, key)) != 0)
		return rc;
	if (!pk_cash_note(*AT(base, f, int64_t)))
		return pk_yaml_fail(v, "%s: \"%s\" is not a Canadian note: "
		    "\"5.00\", \"10.00\", \"20.00\", \"50.00\" or \"100.00\"",
		    key, v->value);
	return 0;
}

static int
set_box(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	int rc;

	(void)ld;
	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	/* Unquoted, YAML reads 048 as the number 48: insist on the text. */
	if (strcmp(v->value, "048") != 0 && strcmp(v->value, "028") != 0)
		return pk_yaml_fail(v, "%s: must be \"048\" or \"028\"", key);
	if (v->plain)
		return pk_yaml_fail(v, "%s: must be quoted, \"%s\": unquoted, "
		    "YAML reads %s as the number %d", key, v->value, v->value,
		    atoi(v->value));
	memcpy(AT(base, f, char), v->value, 4);
	return 0;
}

/* An IANA zone name; empty: the machine's zone. */
static int
set_zone(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	char **p = AT(base, f, char *);
	int rc;

	(void)ld;
	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	if (v->value[0] != '\0' && !pk_zone_known(v->value))
		return pk_yaml_fail(v, "%s: \"%.80s\" is not a time zone this "
		    "machine knows (a name such as America/Vancouver, from "
		    "/usr/share/zoneinfo)", key, v->value);
	free(*p);
	*p = v->value[0] ? pk_strdup(v->value) : NULL;
	return 0;
}

static int
set_year(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	const char *s = v->value;
	int rc;

	(void)ld;
	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4 || atoi(s) < 1900)
		return pk_yaml_fail(v, "%s: must be a year, 1900 to 9999", key);
	*AT(base, f, int) = atoi(s);
	return 0;
}

/* A whole number from 0 to max of what (the message says; note adds to
 * it) into the int at f. */
static int
set_whole(const struct field *f, void *base, const struct pk_ynode *v,
    const char *key, int64_t max, const char *what, const char *note)
{
	int64_t n;
	int rc;

	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	if (!pk_num_parse(v->value, 0, max, &n))
		return pk_yaml_fail(v, "%s: must be a whole number of %s, 0 "
		    "to %lld%s", key, what, (long long)max, note);
	*AT(base, f, int) = (int)n;
	return 0;
}

static int
set_suppress(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	(void)ld;
	return set_whole(f, base, v, key, 1000000, "peers",
	    " (0: none hidden)");
}

static int
set_map(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	return apply_map(ld, f->sub, base, v, key);
}

static void
strlist_free(struct pk_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
strlist_item(const struct pk_strlist *l, const struct pk_ynode *v,
    const char *key)
{
	if (v->type != PK_Y_SCALAR || v->value[0] == '\0')
		return pk_yaml_fail(v, "%s: each item must be a non-empty name",
		    key);
	if (pk_strlist_has(l, v->value))
		return pk_yaml_fail(v, "%s: \"%s\" is listed twice", key,
		    v->value);
	return 0;
}

static int
set_strlist(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	struct pk_strlist new = { NULL, 0 };
	size_t i;
	int rc;

	(void)ld;
	if (v->type != PK_Y_SEQ)
		return pk_yaml_fail(v, "%s: must be a list (use [] for none)",
		    key);
	if ((f->flags & F_NONEMPTY) && v->n == 0)
		return pk_yaml_fail(v, "%s: must name at least one", key);
	new.v = pk_calloc(v->n, sizeof *new.v);
	for (i = 0; i < v->n; i++) {
		if ((rc = strlist_item(&new, v->items[i], key)) != 0) {
			strlist_free(&new);
			return rc;
		}
		new.v[new.n++] = pk_strdup(v->items[i]->value);
	}
	strlist_free(AT(base, f, struct pk_strlist));
	*AT(base, f, struct pk_strlist) = new;
	return 0;
}

/* progression: roles, each once, in the order peers take them.  Each
 * must be a role, which check_progression asks once the whole file is
 * read (roles may come after it); where each item was is kept for its
 * message. */
static int
set_progression(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	struct load *l = (struct load *)ld;
	size_t i, len = 0;
	char *w;
	int rc;

	if ((rc = set_strlist(ld, f, base, v, key)) != 0)
		return rc;
	free(l->where);
	l->where = pk_strdup("");
	for (i = 0; i < v->n; i++) {
		w = pk_asprintf("%s:%zu:%zu", v->items[i]->file,
		    v->items[i]->line, v->items[i]->col);
		l->where = pk_realloc(l->where, len + strlen(w) + 2);
		memcpy(l->where + len, w, strlen(w) + 1);
		len += strlen(w) + 1;
		free(w);
	}
	return 0;
}

static int
check_progression(struct load *ld)
{
	const struct pk_config *cfg = ld->cfg;
	const char *w = ld->where;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < cfg->progression.n; i++, w += strlen(w) + 1)
		if (!pk_strlist_has(&cfg->roles, cfg->progression.v[i]))
			rc = pk_fail(PK_EX_CONFIG, "%s: progression: \"%s\" is "
			    "not one of the configured roles", w,
			    cfg->progression.v[i]);
	free(ld->where);
	return rc;
}

static int
set_days(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	(void)ld;
	return set_whole(f, base, v, key, 3650, "days", "");
}

static const struct field rate_fields[] = {
	{ "hourly", set_money, offsetof(struct pk_rate, hourly), NULL, 0 },
	{ "flat", set_money, offsetof(struct pk_rate, flat), NULL, 0 },
	{ "minimum", set_money, offsetof(struct pk_rate, minimum), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static void
rates_free(struct pk_rate *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(r[i].activity);
	free(r);
}

static int
rate_apply(const struct load *ld, struct pk_rate *r,
    const struct pk_ynode *name, const struct pk_ynode *v)
{
	char *key;
	int rc;

	if (name->value[0] == '\0')
		return pk_yaml_fail(name, "activities: a name must not be empty");
	r->activity = pk_strdup(name->value);
	key = pk_asprintf("activities.%s", name->value);
	rc = apply_map(ld, rate_fields, r, v, key);
	free(key);
	return rc;
}

/* Absent hourly, flat or minimum are 0.00: an event paid a flat amount
 * need not spell out that it has no hourly rate. */
static int
set_rates(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	struct pk_config *cfg = base;
	struct pk_rate *new;
	size_t i, n;
	int rc;

	(void)f;
	if (v->type != PK_Y_MAP)
		return pk_yaml_fail(v, "%s: must be a map of activity names",
		    key);
	/* No activity, no engagement could be logged. */
	if (v->n == 0)
		return pk_yaml_fail(v, "%s: must name at least one activity",
		    key);
	n = v->n / 2;
	new = pk_calloc(n, sizeof *new);
	for (i = 0; i < n; i++) {
		rc = rate_apply(ld, &new[i], v->items[2 * i],
		    v->items[2 * i + 1]);
		if (rc != 0) {
			rates_free(new, i + 1);
			return rc;
		}
	}
	rates_free(cfg->rates, cfg->nrates);
	cfg->rates = new;
	cfg->nrates = n;
	return 0;
}

static const struct field benefit_fields[] = {
	{ "name", set_str, offsetof(struct pk_benefit, name), NULL,
	    F_NONEMPTY },
	{ "year", set_year, offsetof(struct pk_benefit, year), NULL, 0 },
	{ "monthly_limit", set_money,
	    offsetof(struct pk_benefit, monthly_limit), NULL, 0 },
	{ "annual_limit", set_money,
	    offsetof(struct pk_benefit, annual_limit), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static void
benefits_free(struct pk_benefit *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(b[i].name);
	free(b);
}

/* Entry i of b, read from v: complete, and not a repeat of one before. */
static int
benefit_apply(const struct load *ld, struct pk_benefit *b, size_t i,
    const struct pk_ynode *v, const char *key)
{
	size_t j;
	int rc;

	if ((rc = apply_map(ld, benefit_fields, &b[i], v, key)) != 0)
		return rc;
	if (!b[i].name)
		return pk_yaml_fail(v, "%s: each program needs a name", key);
	for (j = 0; j < i; j++) {
		if (strcmp(b[j].name, b[i].name) != 0 || b[j].year != b[i].year)
			continue;
		if (b[i].year == 0)
			return pk_yaml_fail(v, "%s: \"%s\" is listed twice "
			    "without a year", key, b[i].name);
		return pk_yaml_fail(v, "%s: \"%s\" is listed twice for %d",
		    key, b[i].name, b[i].year);
	}
	return 0;
}

static int
set_benefits(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	struct pk_config *cfg = base;
	struct pk_benefit *new;
	size_t i;
	int rc;

	(void)f;
	if (v->type != PK_Y_SEQ)
		return pk_yaml_fail(v, "%s: must be a list (use [] for none)",
		    key);
	new = pk_calloc(v->n, sizeof *new);
	for (i = 0; i < v->n; i++) {
		if ((rc = benefit_apply(ld, new, i, v->items[i], key)) != 0) {
			benefits_free(new, i + 1);
			return rc;
		}
	}
	benefits_free(cfg->benefits, cfg->nbenefits);
	cfg->benefits = new;
	cfg->nbenefits = v->n;
	return 0;
}

/* A relative path names a file next to the config that set it, so a
 * site can keep both in one directory and run from anywhere. */
static char *
resolve(const char *file, const char *path)
{
	const char *slash;

	if (path[0] == '/' || !file || !(slash = strrchr(file, '/')))
		return pk_strdup(path);
	return pk_asprintf("%.*s/%s", (int)(slash - file), file, path);
}

/* A file's path (onboarding, a key): relative to the config's own. */
static int
set_path(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	char **p = AT(base, f, char *);
	int rc;

	if ((rc = need_scalar(v, key)) != 0)
		return rc;
	free(*p);
	*p = NULL;
	if (v->value[0] != '\0')
		*p = resolve(ld->file, v->value);
	return 0;
}

/*
 * incidents: kinds (each with the follow-ups it asks for) and
 * follow_ups (when each falls due).  The names are keys onboard-check
 * takes (ITEM@INCIDENT), so they are spelt as checklist keys are.
 */
static int
incident_name(const struct pk_ynode *k, const char *key)
{
	if (k->value[0] == '\0' || strlen(k->value) > 40 ||
	    strspn(k->value, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(k->value))
		return pk_yaml_fail(k, "%s: \"%s\": a name of 1 to 40 lower-case "
		    "letters, digits and -", key, k->value);
	return 0;
}

static void
kinds_free(struct pk_incident_kind *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(k[i].name);
		strlist_free(&k[i].follow_ups);
	}
	free(k);
}

static int
set_kinds(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	static const struct field list = { "", set_strlist,
	    offsetof(struct pk_incident_kind, follow_ups), NULL, 0 };
	struct pk_config *cfg = base;
	struct pk_incident_kind *new;
	size_t i, j, n;
	char *sub;
	int rc = 0;

	(void)f;
	if (v->type != PK_Y_MAP || v->n == 0)
		return pk_yaml_fail(v, "%s: must be a map of kinds, each with "
		    "a list of follow-ups", key);
	n = v->n / 2;
	new = pk_calloc(n, sizeof *new);
	for (i = 0; rc == 0 && i < n; i++) {
		sub = pk_asprintf("%s.%s", key, v->items[2 * i]->value);
		if ((rc = incident_name(v->items[2 * i], key)) == 0)
			rc = set_strlist(ld, &list, &new[i], v->items[2 * i + 1],
			    sub);
		for (j = 0; rc == 0 && j < new[i].follow_ups.n; j++)
			rc = incident_name(v->items[2 * i + 1]->items[j], sub);
		new[i].name = pk_strdup(v->items[2 * i]->value);
		free(sub);
	}
	if (rc != 0) {
		kinds_free(new, i);
		return rc;
	}
	kinds_free(cfg->incidents.kinds, cfg->incidents.nkinds);
	cfg->incidents.kinds = new;
	cfg->incidents.nkinds = n;
	return 0;
}

static const struct field follow_up_fields[] = {
	{ "due", set_days, offsetof(struct pk_follow_up_def, due), NULL, 0 },
	{ "within", set_days, offsetof(struct pk_follow_up_def, within), NULL,
	    0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static void
follow_ups_free(struct pk_follow_up_def *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(d[i].key);
	free(d);
}

static int
set_follow_ups(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	struct pk_config *cfg = base;
	struct pk_follow_up_def *new;
	size_t i, n;
	char *sub;
	int rc = 0;

	(void)f;
	if (v->type != PK_Y_MAP)
		return pk_yaml_fail(v, "%s: must be a map of follow-ups "
		    "({due: DAYS, within: DAYS})", key);
	n = v->n / 2;
	new = pk_calloc(n ? n : 1, sizeof *new);
	for (i = 0; rc == 0 && i < n; i++) {
		sub = pk_asprintf("%s.%s", key, v->items[2 * i]->value);
		new[i].key = pk_strdup(v->items[2 * i]->value);
		if ((rc = incident_name(v->items[2 * i], key)) == 0)
			rc = apply_map(ld, follow_up_fields, &new[i],
			    v->items[2 * i + 1], sub);
		free(sub);
	}
	if (rc != 0) {
		follow_ups_free(new, i);
		return rc;
	}
	follow_ups_free(cfg->incidents.follow_ups, cfg->incidents.nfollow_ups);
	cfg->incidents.follow_ups = new;
	cfg->incidents.nfollow_ups = n;
	return 0;
}

static const struct field incident_fields[] = {
	{ "kinds", set_kinds, 0, NULL, 0 },
	{ "follow_ups", set_follow_ups, 0, NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

/* Each follow-up a kind asks for must say when it falls due: checked
 * once both lists are in (the user may replace either). */
static int
set_incidents(const struct load *ld, const struct field *f, void *base,
    const struct pk_ynode *v, const char *key)
{
	const struct pk_config *cfg = base;
	const struct pk_incident_kind *k;
	const struct pk_ynode *at;
	size_t i, j;
	int rc;

	(void)f;
	if ((rc = apply_map(ld, incident_fields, base, v, key)) != 0)
		return rc;
	for (i = 0; i < cfg->incidents.nkinds; i++) {
		k = &cfg->incidents.kinds[i];
		for (j = 0; j < k->follow_ups.n; j++) {
			if (pk_config_follow_up(cfg, k->follow_ups.v[j]))
				continue;
			at = pk_yaml_get(v, "kinds");
			return pk_yaml_fail(at ? at : v, "%s.kinds.%s: follow-up "
			    "\"%s\" is not in %s.follow_ups", key, k->name,
			    k->follow_ups.v[j], key);
		}
	}
	return 0;
}

const struct pk_follow_up_def *
pk_config_follow_up(const struct pk_config *cfg, const char *key)
{
	size_t i;

	for (i = 0; i < cfg->incidents.nfollow_ups; i++)
		if (strcmp(cfg->incidents.follow_ups[i].key, key) == 0)
			return &cfg->incidents.follow_ups[i];
	return NULL;
}

const struct pk_incident_kind *
pk_config_incident_kind(const struct pk_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->incidents.nkinds; i++)
		if (strcmp(cfg->incidents.kinds[i].name, name) == 0)
			return &cfg->incidents.kinds[i];
	return NULL;
}

static const struct field privacy_fields[] = {
	{ "public_key", set_path, CFG(privacy.public_key), NULL, 0 },
	{ "secret_key", set_path, CFG(privacy.secret_key), NULL, 0 },
	{ "index_key", set_path, CFG(privacy.index_key), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field payment_fields[] = {
	{ "default_method", set_method, CFG(default_method), NULL, 0 },
	{ "max_amount", set_money, CFG(max_payment), NULL, F_POSITIVE },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field cash_fields[] = {
	{ "largest_note", set_note, CFG(cash_largest_note), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field engagement_fields[] = {
	{ "max_amount", set_money, CFG(max_engagement), NULL, F_POSITIVE },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field t4a_fields[] = {
	{ "threshold", set_money, CFG(t4a_threshold), NULL, 0 },
	{ "box", set_box, CFG(t4a_box), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field report_fields[] = {
	{ "suppress", set_suppress, CFG(report_suppress), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field address_fields[] = {
	{ "line1", set_str, CFG(payer.line1), NULL, 0 },
	{ "line2", set_str, CFG(payer.line2), NULL, 0 },
	{ "city", set_str, CFG(payer.city), NULL, 0 },
	{ "province", set_province, CFG(payer.province), NULL, 0 },
	{ "postal_code", set_str, CFG(payer.postal_code), NULL, 0 },
	{ "country", set_str, CFG(payer.country), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field contact_fields[] = {
	{ "name", set_str, CFG(payer.contact_name), NULL, 0 },
	{ "phone", set_str, CFG(payer.contact_phone), NULL, 0 },
	{ "email", set_str, CFG(payer.contact_email), NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field payer_fields[] = {
	{ "name", set_str, CFG(payer.name), NULL, 0 },
	{ "account_number", set_str, CFG(payer.account_number), NULL, 0 },
	{ "address", set_map, 0, address_fields, 0 },
	{ "contact", set_map, 0, contact_fields, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field top_fields[] = {
	{ "roles", set_strlist, CFG(roles), NULL, F_NONEMPTY },
	{ "progression", set_progression, CFG(progression), NULL, 0 },
	{ "term_end_notice_days", set_days, CFG(term_end_notice_days), NULL,
	    0 },
	{ "regions", set_strlist, CFG(regions), NULL, 0 },
	{ "sites", set_strlist, CFG(sites), NULL, 0 },
	{ "activities", set_rates, 0, NULL, 0 },
	{ "supports", set_strlist, CFG(supports), NULL, 0 },
	{ "payment", set_map, 0, payment_fields, 0 },
	{ "cash", set_map, 0, cash_fields, 0 },
	{ "engagement", set_map, 0, engagement_fields, 0 },
	{ "t4a", set_map, 0, t4a_fields, 0 },
	{ "report", set_map, 0, report_fields, 0 },
	{ "payer", set_map, 0, payer_fields, 0 },
	{ "benefit_programs", set_benefits, 0, NULL, 0 },
	{ "onboarding", set_path, CFG(onboarding), NULL, 0 },
	{ "privacy", set_map, 0, privacy_fields, 0 },
	{ "timezone", set_zone, CFG(timezone), NULL, 0 },
	{ "store", set_str, CFG(store), NULL, 0 },
	{ "incidents", set_incidents, 0, NULL, 0 },
	{ NULL, NULL, 0, NULL, 0 }
};

static const struct field *
find_field(const struct field *table, const char *key)
{
	for (; table->key; table++)
		if (strcmp(table->key, key) == 0)
			return table;
	return NULL;
}

/* prefix: the dotted path of map, NULL at the top of the file. */
static int
apply_map(const struct load *ld, const struct field *table, void *base,
    const struct pk_ynode *map, const char *prefix)
{
	const struct pk_ynode *k;
	const struct field *f;
	char *key;
	size_t i;
	int rc = 0;

	if (map->type != PK_Y_MAP)
		return prefix ? pk_yaml_fail(map, "%s: must be a map", prefix) :
		    pk_yaml_fail(map, "the configuration must be a map of "
		    "settings (key: value)");
	for (i = 0; rc == 0 && i + 1 < map->n; i += 2) {
		k = map->items[i];
		key = prefix ? pk_asprintf("%s.%s", prefix, k->value) :
		    pk_strdup(k->value);
		if ((f = find_field(table, k->value)) != NULL)
			rc = f->set(ld, f, base, map->items[i + 1], key);
		else
			rc = pk_yaml_fail(k, "%s: unknown key", key);
		free(key);
	}
	return rc;
}

static int
apply_builtin(struct load *ld)
{
	struct pk_ynode *root;
	int rc;

	rc = pk_yaml_parse("<built-in config.yaml>", pk_default_config,
	    strlen(pk_default_config), &root);
	if (rc == 0)
		rc = apply_map(ld, top_fields, ld->cfg, root, NULL);
	pk_yaml_free(root);
	return rc;
}

/* The user's file, or NULL for none; *named says it was asked for by
 * name, so it must exist. */
static char *
user_path(const char *opt, bool *named)
{
	const char *env;

	*named = true;
	if (opt)
		return pk_strdup(opt);
	if ((env = getenv("PEERKIT_CONFIG")) && *env)
		return pk_strdup(env);
	*named = false;
	if ((env = getenv("XDG_CONFIG_HOME")) && *env)
		return pk_asprintf("%s/peerkit/config.yaml", env);
	if ((env = getenv("HOME")) && *env)
		return pk_asprintf("%s/.config/peerkit/config.yaml", env);
	return NULL;
}

static int
apply_user(struct load *ld, char *path, bool named)
{
	struct pk_ynode *root;
	int rc;

	rc = pk_yaml_load(path, &root);
	if (rc == PK_EX_NOINPUT && !named) {
		free(path);
		return 0;
	}
	ld->file = path;
	if (rc == 0)
		rc = apply_map(ld, top_fields, ld->cfg, root, NULL);
	pk_yaml_free(root);
	ld->cfg->path = path;
	return rc;
}

int
pk_config_load(struct pk_config *cfg, const char *opt)
{
	struct load ld = { cfg, NULL, NULL };
	char *path;
	bool named;
	int rc;

	memset(cfg, 0, sizeof *cfg);
	rc = apply_builtin(&ld);
	if (rc == 0 && (path = user_path(opt, &named)) != NULL)
		rc = apply_user(&ld, path, named);
	if (rc == 0)
		rc = check_progression(&ld);
	else
		free(ld.where);
	if (rc != 0)
		pk_config_free(cfg);
	/* Unless set, an engagement may be due what one payment may pay. */
	else if (cfg->max_engagement == 0)
		cfg->max_engagement = cfg->max_payment;
	/* The program's day is decided here, for every tool that reads the
	 * config, before it reads or writes a date. */
	if (rc == 0)
		pk_zone_use(cfg->timezone);
	return rc;
}

static void
payer_free(struct pk_payer *p)
{
	free(p->name);
	free(p->account_number);
	free(p->line1);
	free(p->line2);
	free(p->city);
	free(p->province);
	free(p->postal_code);
	free(p->country);
	free(p->contact_name);
	free(p->contact_phone);
	free(p->contact_email);
}

void
pk_config_free(struct pk_config *cfg)
{
	free(cfg->path);
	strlist_free(&cfg->roles);
	strlist_free(&cfg->progression);
	strlist_free(&cfg->regions);
	strlist_free(&cfg->sites);
	strlist_free(&cfg->supports);
	rates_free(cfg->rates, cfg->nrates);
	free(cfg->default_method);
	payer_free(&cfg->payer);
	benefits_free(cfg->benefits, cfg->nbenefits);
	free(cfg->onboarding);
	free(cfg->timezone);
	free(cfg->store);
	free(cfg->privacy.public_key);
	free(cfg->privacy.secret_key);
	free(cfg->privacy.index_key);
	kinds_free(cfg->incidents.kinds, cfg->incidents.nkinds);
	follow_ups_free(cfg->incidents.follow_ups, cfg->incidents.nfollow_ups);
	memset(cfg, 0, sizeof *cfg);
}

bool
pk_strlist_has(const struct pk_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

const struct pk_rate *
pk_config_rate(const struct pk_config *cfg, const char *activity)
{
	size_t i;

	for (i = 0; i < cfg->nrates; i++)
		if (strcmp(cfg->rates[i].activity, activity) == 0)
			return &cfg->rates[i];
	return NULL;
}

/* Year 0 asks for no particular year: any entry of that name answers,
 * so "is this a configured program?" is pk_config_benefit(cfg, p, 0). */
const struct pk_benefit *
pk_config_benefit(const struct pk_config *cfg, const char *name, int year)
{
	const struct pk_benefit *every = NULL, *any = NULL;
	size_t i;

	for (i = 0; i < cfg->nbenefits; i++) {
		if (strcmp(cfg->benefits[i].name, name) != 0)
			continue;
		if (cfg->benefits[i].year == year)
			return &cfg->benefits[i];
		if (cfg->benefits[i].year == 0)
			every = &cfg->benefits[i];
		if (!any)
			any = &cfg->benefits[i];
	}
	return every ? every : year == 0 ? any : NULL;
}
