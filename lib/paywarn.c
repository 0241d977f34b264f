/*
 * paywarn.c - what a payment raises: a gift card, a T4A slip that would
 * lack something, a benefit limit passed.
 *
 * The T4A threshold and the benefit limits are measured against the
 * peer's taxable earnings (pk_payment_taxable, the one rule of what is
 * taxable) in the year and the month of the payment date, the date the
 * money is received.  A run of payments keeps those totals as it pays,
 * so a batch asks the store once per peer and period.  Under --strict a
 * limit passed refuses the payment; every other warning is only said.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LIMIT_TAG "benefit limit: "

static json_t *
checked(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

/* What the warnings need to know of the peer, copied from what
 * resolve.c keeps (good only until the next lookup). */
struct facts {
	char missing[PK_T4A_MISSING_BUFSZ];	/* what a T4A slip would lack */
	char *program;		/* benefit program, or NULL */
};

/*
 * A run of payments: what a batch has learnt inside its transaction,
 * each peer's running taxable totals for a year and a month, read once
 * from the store and then kept by every payment it makes.  Without it,
 * each payment summed its peer's whole year from the store, a cost that
 * grew with the store (make bench).  Every payment of the batch goes
 * through the run, so what it holds is what the store would answer.
 * The slots are mapped directly: a slot taken by another key is asked of
 * the store again, so memory stays the same whatever the size of the
 * batch.  (The peers themselves are resolve.c's to keep.)
 */
#define TOTAL_SLOTS 65536	/* a year and a month of each */

struct total_slot {
	int64_t peer_id;	/* 0: an empty slot */
	int period;		/* YYYY00: a year; YYYYMM: a month */
	int64_t cents;		/* taxable: honoraria paid */
};

pk_payrun *
pk_payrun_new(pk_store *s, const struct pk_config *cfg)
{
	pk_payrun *pr = pk_calloc(1, sizeof *pr);

	pr->s = s;
	pr->cfg = cfg;
	pr->totals = pk_calloc(TOTAL_SLOTS, sizeof *pr->totals);
	return pr;
}

void
pk_payrun_free(pk_payrun *pr)
{
	if (!pr)
		return;
	free(pr->totals);
	free(pr->known);
	free(pr);
}

static uint64_t
hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static void
add_warning(json_t *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_warning(json_t *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (json_array_append_new(w, checked(pk_json_strornull(buf))) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

static struct total_slot *
total_slot(pk_payrun *pr, int64_t peer_id, int period)
{
	uint64_t h = hash_mix((uint64_t)peer_id * 1000003 + (uint64_t)period);

	return pr->totals ? &pr->totals[h & (TOTAL_SLOTS - 1)] : NULL;
}

/* YYYY00 for the year of a date, YYYYMM for its month. */
static int
period_of(const char *date, bool month)
{
	return atoi(date) * 100 + (month ? atoi(date + 5) : 0);
}

/* The peer's taxable total for the year or the month of date, before
 * the payment being made: the run's running total when it holds it,
 * else the store's. */
static int
taxable(pk_payrun *pr, int64_t peer_id, const char *date, bool month,
    int64_t *cents)
{
	int period = period_of(date, month);
	struct total_slot *c = total_slot(pr, peer_id, period);
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	int rc;

	if (c && c->peer_id == peer_id && c->period == period) {
		*cents = c->cents;
		return 0;
	}
	/* YYYY-MM-01..YYYY-MM-31 or YYYY-01-01..YYYY-12-31: dates sort */
	memcpy(from, date, 8);
	memcpy(to, date, 8);
	memcpy(from + (month ? 8 : 5), month ? "01" : "01-01", month ? 3 : 6);
	memcpy(to + (month ? 8 : 5), month ? "31" : "12-31", month ? 3 : 6);
	if ((rc = pk_payment_taxable(pr->s, peer_id, from, to, cents)) != 0)
		return rc;
	if (c) {
		c->peer_id = peer_id;
		c->period = period;
		c->cents = *cents;
	}
	return 0;
}

/* A payment made: the running totals it belongs to grow with it.  One
 * that would overflow is dropped, to be asked of the store again. */
void
pk_pay_count(pk_payrun *pr, const struct pk_payment *p)
{
	struct total_slot *c;
	int i, period;

	if (!pk_payment_is_taxable(p))
		return;
	for (i = 0; i < 2; i++) {
		period = period_of(p->date, i == 1);
		c = total_slot(pr, p->peer_id, period);
		if (c && c->peer_id == p->peer_id && c->period == period &&
		    !pk_money_add(&c->cents, p->amount))
			c->peer_id = 0;
	}
}

/* The warning when a payment takes the year over the threshold and the
 * slip would lack something.  Nothing lacking, nothing to add up. */
static int
warn_t4a(pk_payrun *pr, const struct facts *f, const struct pk_payment *p,
    json_t *w)
{
	const struct pk_config *cfg = pr->cfg;
	char a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	int64_t before, after;
	int rc;

	if (!f->missing[0])
		return 0;
	if ((rc = taxable(pr, p->peer_id, p->date, false, &before)) != 0)
		return rc;
	after = before;
	if (!pk_money_add(&after, p->amount))
		return pk_fail(PK_EX_DATAERR, "the year's total is too large");
	if (before <= cfg->t4a_threshold && after > cfg->t4a_threshold &&
	    f->missing[0])
		add_warning(w, "T4A: the taxable total for %.4s becomes %s, over "
		    "the %s threshold; missing for the slip: %s", p->date,
		    pk_money_fmt(after, a), pk_money_fmt(cfg->t4a_threshold, b),
		    f->missing);
	return 0;
}

/* Earnings (taxable, paid) in the month or the year of the payment,
 * before it and with it. */
static int
earnings(pk_payrun *pr, const struct pk_payment *p, bool month,
    int64_t *before, int64_t *after)
{
	int rc;

	if ((rc = taxable(pr, p->peer_id, p->date, month, before)) != 0)
		return rc;
	*after = *before;
	if (!pk_money_add(after, p->amount))
		return pk_fail(PK_EX_DATAERR, "earnings are too large");
	return 0;
}

int
pk_benefit_annual(const struct pk_benefit *b, int64_t earnings)
{
	int64_t reach;

	if (!b || b->annual_limit <= 0)
		return PK_LIMIT_UNDER;
	/* BC writes to a peer who has "reached 75 per cent" of the limit:
	 * 4a >= 3L, so a >= ceil(3L/4), worked out without overflow. */
	reach = b->annual_limit / 4 * 3 + (b->annual_limit % 4 * 3 + 3) / 4;
	if (earnings > b->annual_limit)
		return PK_LIMIT_OVER;
	return earnings >= reach ? PK_LIMIT_NEAR : PK_LIMIT_UNDER;
}

/* Earnings count in the month the money is received: the payment date. */
static int
warn_limits(pk_payrun *pr, const struct facts *f, const struct pk_payment *p,
    json_t *w)
{
	const struct pk_benefit *b;
	char x[PK_MONEY_BUFSZ], y[PK_MONEY_BUFSZ];
	int64_t before, after;
	int rc, now;

	if (!f->program ||
	    !(b = pk_config_benefit(pr->cfg, f->program, atoi(p->date))))
		return 0;
	if (b->monthly_limit > 0) {
		if ((rc = earnings(pr, p, true, &before, &after)) != 0)
			return rc;
		if (after > b->monthly_limit)
			add_warning(w, LIMIT_TAG "earnings for %.7s become %s, over "
			    "the %s monthly limit of %s", p->date,
			    pk_money_fmt(after, x), pk_money_fmt(b->monthly_limit,
			    y), b->name);
	}
	if (b->annual_limit <= 0)
		return 0;
	if ((rc = earnings(pr, p, false, &before, &after)) != 0)
		return rc;
	if ((now = pk_benefit_annual(b, after)) == PK_LIMIT_OVER)
		add_warning(w, LIMIT_TAG "earnings for %.4s become %s, over the "
		    "%s annual limit of %s", p->date, pk_money_fmt(after, x),
		    pk_money_fmt(b->annual_limit, y), b->name);
	else if (now == PK_LIMIT_NEAR &&
	    pk_benefit_annual(b, before) == PK_LIMIT_UNDER)
		add_warning(w, LIMIT_TAG "earnings for %.4s become %s, reaching "
		    "75%% of the %s annual limit of %s", p->date,
		    pk_money_fmt(after, x), pk_money_fmt(b->annual_limit, y),
		    b->name);
	return 0;
}

bool
pk_payment_limit_warning(const char *w)
{
	return strncmp(w, LIMIT_TAG, strlen(LIMIT_TAG)) == 0;
}

/* Under --strict, a limit warning refuses; the message has them all. */
static int
strict_refusal(const struct pk_payment *p)
{
	char buf[1500] = "";
	const char *w;
	json_t *v;
	size_t i;

	json_array_foreach(p->warnings, i, v) {
		w = json_string_value(v);
		if (pk_payment_limit_warning(w))
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			    "%s%s", buf[0] ? "; " : "", w + strlen(LIMIT_TAG));
	}
	if (!buf[0])
		return 0;
	return pk_fail(PK_EX_NO, "%s: refused under --strict: benefit limit: %s",
	    p->alias, buf);
}

int
pk_pay_warn(pk_payrun *pr, struct pk_payment *p, int flags)
{
	const struct pk_peer_ref *r;
	struct facts f = {0};
	json_t *w;
	int rc;

	if ((rc = pk_resolve_id(pr->s, p->peer_id, &r)) != 0)
		return rc;
	pk_t4a_missing_text(r->missing, f.missing, sizeof f.missing);
	f.program = r->benefit_program ? pk_strdup(r->benefit_program) : NULL;
	w = checked(json_array());

	if (strcmp(p->method, "gift-card") == 0)
		add_warning(w, "gift card: not adequate compensation; cash or a "
		    "transfer is better");
	if (strcmp(p->kind, "honorarium") == 0 &&
	    (rc = warn_t4a(pr, &f, p, w)) == 0)
		rc = warn_limits(pr, &f, p, w);
	free(f.program);
	json_decref(p->warnings);
	p->warnings = w;
	if (rc == 0 && (flags & PK_PAY_STRICT))
		rc = strict_refusal(p);
	return rc;
}
