/*
 * cash.c - cash in Canada: the rounding of a cash payment, and the notes
 * and coins that make it up.
 *
 * The Royal Canadian Mint has distributed no cent coin since February 4,
 * 2013.  The Government of Canada's guideline for cash ("Phasing out the
 * penny", Canada Revenue Agency,
 * https://www.canada.ca/en/revenue-agency/programs/about-canada-revenue-agency-cra/phasing-penny.html;
 * Budget 2012,
 * https://www.budget.canada.ca/2012/themes/rounding-arrondissement-eng.html):
 * the total of a cash payment ending in 1 or 2 cents rounds down to 0, 3
 * or 4 up to 5, 6 or 7 down to 5, 8 or 9 up to 10; 0 and 5 stay.
 * Cheques and electronic payments are not rounded: here, every method
 * but cash is paid to the cent.
 *
 * A cash payment is rounded when it is paid (payment.c): the amount on
 * record is what was handed over, and its rounding (handed over minus
 * owed, -2 to +2 cents) is recorded with it, so the ledger allocates what
 * was owed and the rounding settles the rest (ledger.c): an engagement
 * due 12.53 is paid in full by 12.55 in cash, with no 0.02 of credit,
 * and one due 12.52 by 12.50, not left owing 0.02.  Totals, benefit
 * limits and the T4A count what the peer received.
 *
 * The envelope: Canadian notes (100, 50, 20, 10, 5) no larger than
 * cash.largest_note, then coins (2.00, 1.00, 0.25, 0.10, 0.05), each as
 * many times as it fits.  Taking the largest that fits is the fewest
 * pieces for this set (each denomination is at least twice the next,
 * and the 0.25 / 0.10 pair never needs a 0.10 more than twice), and it
 * always comes out exact for an amount that is a multiple of 0.05.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

const int64_t pk_cash_denoms[PK_CASH_NDENOMS] = {
	10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5
};
const char *const pk_cash_names[PK_CASH_NDENOMS] = {
	"100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00", "0.25",
	"0.10", "0.05"
};

int64_t
pk_cash_rounding(int64_t cents)
{
	int64_t r = cents % 5;

	if (r < 0)
		r += 5;
	return r == 0 ? 0 : r <= 2 ? -r : 5 - r;
}

bool
pk_cash_note(int64_t cents)
{
	size_t i;

	for (i = 0; i < PK_CASH_NDENOMS && pk_cash_denoms[i] >= 500; i++)
		if (pk_cash_denoms[i] == cents)
			return true;
	return false;
}

/* Denomination i goes in an envelope: a coin, or a note no larger than
 * the largest. */
static bool
in_set(size_t i, int64_t largest_note)
{
	return pk_cash_denoms[i] < 500 || pk_cash_denoms[i] <= largest_note;
}

static bool
used(const struct pk_cashplan *c, size_t i)
{
	return in_set(i, c->largest_note);
}

void
pk_cash_envelope(int64_t cents, int64_t largest_note,
    int64_t count[PK_CASH_NDENOMS])
{
	size_t i;

	for (i = 0; i < PK_CASH_NDENOMS; i++) {
		count[i] = 0;
		if (!in_set(i, largest_note))
			continue;
		count[i] = cents / pk_cash_denoms[i];
		cents %= pk_cash_denoms[i];
	}
}

void
pk_cashplan_init(struct pk_cashplan *c, const struct pk_config *cfg)
{
	size_t i, n = 0;

	memset(c, 0, sizeof *c);
	c->largest_note = cfg->cash_largest_note ? cfg->cash_largest_note :
	    2000;
	c->cols[n++] = (struct pk_col){"payment_id", "PAYMENT"};
	c->cols[n++] = (struct pk_col){"alias", "PEER"};
	c->cols[n++] = (struct pk_col){"owed", "OWED"};
	c->cols[n++] = (struct pk_col){"rounding", "ROUNDING"};
	c->cols[n++] = (struct pk_col){"amount", "CASH"};
	for (i = 0; i < PK_CASH_NDENOMS; i++)
		if (used(c, i))
			c->cols[n++] = (struct pk_col){pk_cash_names[i], NULL};
	c->cols[n] = (struct pk_col){NULL, NULL};
}

static json_t *
must(json_t *v)
{
	if (!v)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	return v;
}

/* A row: table and CSV a column per denomination; JSON an "envelope"
 * of the denominations used, each with its count. */
static json_t *
row(const struct pk_cashplan *c, json_t *o, const int64_t count[],
    bool flat)
{
	json_t *env = NULL, *d;
	size_t i;

	if (!flat)
		env = must(json_array());
	for (i = 0; i < PK_CASH_NDENOMS; i++) {
		if (!used(c, i))
			continue;
		if (flat) {
			pk_json_set(o, pk_cash_names[i],
			    must(json_integer(count[i])));
			continue;
		}
		if (count[i] == 0)
			continue;
		d = must(json_object());
		pk_json_set(d, "denomination", must(json_string(
		    pk_cash_names[i])));
		pk_json_set(d, "count", must(json_integer(count[i])));
		if (json_array_append_new(env, d) != 0)
			pk_die(PK_EX_SOFTWARE, "out of memory");
	}
	if (!flat)
		pk_json_set(o, "envelope", env);
	return o;
}

json_t *
pk_cashplan_add(struct pk_cashplan *c, const struct pk_payment *p, bool flat)
{
	json_t *o = must(json_object());
	int64_t count[PK_CASH_NDENOMS];
	size_t i;

	pk_cash_envelope(p->amount, c->largest_note, count);
	if (!pk_money_add(&c->amount, p->amount) ||
	    !pk_money_add(&c->rounding, p->rounding))
		pk_die(PK_EX_SOFTWARE, "the total is too large to add up");
	for (i = 0; i < PK_CASH_NDENOMS; i++)
		c->count[i] += count[i];
	pk_json_set(o, "record", must(json_string("envelope")));
	pk_json_set(o, "payment_id", must(json_integer(p->id)));
	pk_json_set(o, "payment_uuid", must(json_string(p->uuid)));
	pk_json_set(o, "alias", pk_json_strornull(p->alias));
	pk_json_set(o, "date", must(json_string(p->date)));
	pk_json_set(o, "owed", pk_money_json(p->amount - p->rounding));
	pk_json_set(o, "rounding", pk_money_json(p->rounding));
	pk_json_set(o, "amount", pk_money_json(p->amount));
	return row(c, o, count, flat);
}

json_t *
pk_cashplan_total(const struct pk_cashplan *c, bool flat)
{
	json_t *o = must(json_object());

	/* The fields of an envelope, so a CSV has one header. */
	pk_json_set(o, "record", must(json_string("withdraw")));
	pk_json_set(o, "payment_id", flat ? must(json_string("TOTAL")) :
	    json_null());
	pk_json_set(o, "payment_uuid", json_null());
	pk_json_set(o, "alias", flat ? must(json_string("(withdraw)")) :
	    json_null());
	pk_json_set(o, "date", json_null());
	pk_json_set(o, "owed", pk_money_json(c->amount - c->rounding));
	pk_json_set(o, "rounding", pk_money_json(c->rounding));
	pk_json_set(o, "amount", pk_money_json(c->amount));
	return row(c, o, c->count, flat);
}
