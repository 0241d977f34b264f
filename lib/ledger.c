/*
 * ledger.c - what a peer is owed, what was paid for what, and credit.
 *
 * Every honorarium paid is allocated: to the engagements it names, in
 * their order, then to the peer's oldest open balances; what is left is
 * the peer's credit, which the next engagements consume.  A peer is never
 * both owed money and in credit: whenever both would exist (an engagement
 * logged, a payment voided, an engagement voided) the credit goes to the
 * open balances, oldest first (pk_ledger_settle).
 *
 * The allocations are a journal (schema 003): rows are added, never
 * edited; what changes is a row with a negative amount.  Each row moves
 * an engagement's amount_paid or the peer's credit with it, in the same
 * transaction, and is audited: an engagement's amount paid, a peer's
 * credit, before and after, and the payment that moved it.
 *
 * An engagement that arrived from another store paid there is paid here
 * too, that part "paid elsewhere" (no allocation): it is not owed, so
 * neither credit nor a run pays it again.  The other store's payment,
 * when it is imported, takes that part over (claim), and the engagement
 * is then paid by a payment on record.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An open balance, or a payment's credit: what a move is made from. */
struct pot {
	int64_t id;		/* engagement, or payment */
	char uuid[37];
	int64_t amount;		/* owed, or in credit */
	int64_t paid;		/* an open balance: its amount_paid now */
};

struct pots {
	struct pot *v;
	size_t n, cap;
};

static struct pot *
pots_add(struct pots *p, int64_t id, const char *uuid, int64_t amount)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = pk_realloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n].id = id;
	snprintf(p->v[p->n].uuid, sizeof p->v[p->n].uuid, "%s",
	    uuid ? (const char *)uuid : "");
	p->v[p->n].amount = amount;
	p->v[p->n].paid = 0;
	return &p->v[p->n++];
}

/* v appended to buf (size bytes, *n used), cut short if it had to be.
 * The audit texts of a journal row are put together piece by piece:
 * snprintf's format parsing was 2% of a batch of payments. */
static void
cat(char *buf, size_t size, size_t *n, const char *v)
{
	size_t len = strlen(v);

	if (len > size - 1 - *n)
		len = size - 1 - *n;
	memcpy(buf + *n, v, len);
	*n += len;
	buf[*n] = '\0';
}

/* {"amount_paid":"12.50","payment_id":7} and the like, for the audit;
 * a claim adds what was taken over: ,"claimed_elsewhere":"25.00". */
static char *
money_text(char *buf, size_t size, const char *key, int64_t cents,
    int64_t payment_id, int64_t claim)
{
	char m[PK_MONEY_BUFSZ], id[24];
	size_t n = 0, i = sizeof id - 1;
	uint64_t v = (uint64_t)payment_id;

	cat(buf, size, &n, "{\"");
	cat(buf, size, &n, key);
	cat(buf, size, &n, "\":\"");
	cat(buf, size, &n, pk_money_fmt(cents, m));
	cat(buf, size, &n, "\"");
	if (payment_id) {
		id[i] = '\0';
		do
			id[--i] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		cat(buf, size, &n, ",\"payment_id\":");
		cat(buf, size, &n, id + i);
	}
	if (claim) {
		cat(buf, size, &n, ",\"claimed_elsewhere\":\"");
		cat(buf, size, &n, pk_money_fmt(claim, m));
		cat(buf, size, &n, "\"");
	}
	cat(buf, size, &n, "}");
	return buf;
}

/* A row of the journal, as pk_ledger_of_payment reads it back: per
 * engagement in the order first allocated (an engagement a merge names
 * may be allocated again from the open balances: the sums add up), and
 * the credit. */
static void
got_add(struct pk_allocated *g, int64_t engagement_id, const char *uuid,
    int64_t amount)
{
	size_t i;

	if (!engagement_id) {
		g->credit += amount;
		return;
	}
	for (i = 0; i < g->n; i++) {
		if (g->v[i].engagement_id == engagement_id) {
			g->v[i].amount += amount;
			return;
		}
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4;
		g->v = pk_realloc(g->v, g->cap * sizeof *g->v);
	}
	g->v[g->n].engagement_id = engagement_id;
	snprintf(g->v[g->n].engagement_uuid, sizeof g->v[g->n].engagement_uuid,
	    "%s", uuid);
	g->v[g->n++].amount = amount;
}

/* The uuid and the sum a row has just moved (an engagement's
 * amount_paid, or the peer's credit), read back. */
static int
sum_now(pk_store *s, int64_t engagement_id, int64_t peer_id,
    char uuid[37], int64_t *now_sum)
{
	static const char paid_now[] = "SELECT uuid, amount_paid FROM "
	    "engagements WHERE id = ?";
	static const char credit_now[] = "SELECT uuid, credit FROM peers "
	    "WHERE id = ?";
	pk_q *st = pk_stmt(s, engagement_id ? paid_now : credit_now);
	const char *text;
	size_t n = 0;

	pk_bind_int64(st, 1, engagement_id ? engagement_id : peer_id);
	if (pk_step(st) != PK_ROW) {
		pk_reset(st);
		return pk_sql_fail(s, "keep the ledger");
	}
	uuid[0] = '\0';
	if ((text = pk_col_text(st, 0)))
		cat(uuid, 37, &n, text);
	*now_sum = pk_col_int64(st, 1);
	pk_reset(st);
	return 0;
}

/* Where the sum a row moves is kept: an engagement's amount_paid (and
 * payment_id, the payment that settled it in full), less what of it the
 * payment claims of what was paid elsewhere; or the credit.  The audit
 * says what it was and is: read back after the update, unless the
 * caller has just read the engagement (known: its uuid and amount_paid
 * before), which spares a query per allocation. */
static int
move_sum(pk_store *s, int64_t payment_id, int64_t engagement_id,
    int64_t peer_id, int64_t amount, int64_t claim, const char *now,
    struct pk_allocated *got, const struct pot *known)
{
	/* Not RETURNING: SQLite buffers its rows in a temporary table,
	 * which made it three times the cost of the update and a read. */
	static const char paid[] = "UPDATE engagements SET amount_paid = "
	    "amount_paid + ?1 - ?5, paid_elsewhere = paid_elsewhere - ?5, "
	    "payment_id = CASE WHEN amount_paid + ?1 - ?5 = "
	    "amount_due THEN ?2 ELSE NULL END, updated_at = ?3 WHERE id = ?4";
	static const char credit[] = "UPDATE peers SET credit = credit + ?1 "
	    "WHERE id = ?2";
	pk_q *st = pk_stmt(s, engagement_id ? paid : credit);
	char before[96], after[128], uuid[37];
	int64_t now_sum = 0;
	size_t n = 0;
	int rc;

	pk_bind_int64(st, 1, amount);
	if (engagement_id) {
		pk_bind_int64(st, 2, payment_id);
		pk_bind_static(st, 3, now);
		pk_bind_int64(st, 4, engagement_id);
		pk_bind_int64(st, 5, claim);
	} else {
		pk_bind_int64(st, 2, peer_id);
	}
	if ((rc = pk_stmt_done(s, st, "keep the ledger")) != 0)
		return rc;
	if (pk_changes(s) != 1)
		return pk_fail(PK_EX_SOFTWARE, "the ledger lost a %s",
		    engagement_id ? "engagement" : "peer");
	if (known && engagement_id) {
		uuid[0] = '\0';
		cat(uuid, sizeof uuid, &n, known->uuid);
		now_sum = known->paid + amount - claim;
	} else if ((rc = sum_now(s, engagement_id, peer_id, uuid,
	    &now_sum)) != 0) {
		return rc;
	}
	if (got)
		got_add(got, engagement_id, uuid, amount);
	money_text(before, sizeof before, engagement_id ? "amount_paid" :
	    "credit", now_sum - amount + claim, 0, 0);
	money_text(after, sizeof after, engagement_id ? "amount_paid" :
	    "credit", now_sum, payment_id, claim);
	return pk_audit_text(s, amount > 0 ? "allocate" : "unallocate",
	    engagement_id ? "engagement" : "credit", engagement_id ?
	    engagement_id : peer_id, uuid, before, after);
}

/* One row of the journal: amount of payment_id goes to engagement_id
 * (0: the peer's credit), claim of it taking over what the engagement
 * was paid elsewhere; added to got, if not NULL.  known: see move_sum. */
static int
journal_claim(pk_store *s, int64_t payment_id, int64_t engagement_id,
    int64_t peer_id, int64_t amount, int64_t claim, struct pk_allocated *got,
    const struct pot *known)
{
	static const char sql[] = "INSERT INTO allocations (payment_id, "
	    "engagement_id, amount, created_at) VALUES (?, ?, ?, ?)";
	pk_q *st = pk_stmt(s, sql);
	char now[21];
	int rc;

	if (amount == 0)
		return 0;
	pk_now(now);
	pk_bind_int64(st, 1, payment_id);
	if (engagement_id)
		pk_bind_int64(st, 2, engagement_id);
	pk_bind_int64(st, 3, amount);
	pk_bind_static(st, 4, now);
	if ((rc = pk_stmt_done(s, st, "keep the ledger")) != 0)
		return rc;
	return move_sum(s, payment_id, engagement_id, peer_id, amount, claim,
	    now, got, known);
}

static int
journal(pk_store *s, int64_t payment_id, int64_t engagement_id,
    int64_t peer_id, int64_t amount)
{
	return journal_claim(s, payment_id, engagement_id, peer_id, amount, 0,
	    NULL, NULL);
}

/* The peer's open balances, oldest first, until they add up to want (or
 * all of them: want < 0), each with what was paid of it.  Read whole
 * before any is paid: paying takes a row out of the index being read. */
static int
open_balances(pk_store *s, int64_t peer_id, int64_t want, struct pots *out)
{
	static const char sql[] = "SELECT id, uuid, amount_due - amount_paid, "
	    "amount_paid FROM engagements INDEXED BY engagements_open "
	    "WHERE peer_id = ? AND status = 'logged' "
	    "AND amount_paid < amount_due ORDER BY date, id";
	pk_q *st = pk_stmt(s, sql);
	int64_t got = 0;
	int rc;

	pk_bind_int64(st, 1, peer_id);
	while ((want < 0 || got < want) &&
	    (rc = pk_step(st)) == PK_ROW) {
		pots_add(out, pk_col_int64(st, 0),
		    pk_col_text(st, 1), pk_col_int64(st, 2))->
		    paid = pk_col_int64(st, 3);
		if (!pk_money_add(&got, pk_col_int64(st, 2)))
			got = INT64_MAX;
	}
	if ((want < 0 || got < want) && rc != PK_DONE)
		rc = pk_sql_fail(s, "read what is owed");
	else
		rc = 0;
	pk_reset(st);
	return rc;
}

/* The payments whose credit the peer holds, oldest first. */
static int
credits(pk_store *s, int64_t peer_id, struct pots *out)
{
	static const char sql[] = "SELECT p.id, p.uuid, sum(a.amount) "
	    "FROM payments p JOIN allocations a ON a.payment_id = p.id "
	    "WHERE p.peer_id = ? AND a.engagement_id IS NULL GROUP BY p.id "
	    "HAVING sum(a.amount) > 0 ORDER BY p.date, p.id";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, peer_id);
	while ((rc = pk_step(st)) == PK_ROW)
		pots_add(out, pk_col_int64(st, 0),
		    pk_col_text(st, 1), pk_col_int64(st, 2));
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read the credit");
	else
		rc = 0;
	pk_reset(st);
	return rc;
}

static int
credit_of(pk_store *s, int64_t peer_id, int64_t *credit)
{
	static const char sql[] = "SELECT credit FROM peers WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, peer_id);
	*credit = 0;
	if ((rc = pk_step(st)) == PK_ROW)
		*credit = pk_col_int64(st, 0);
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read the credit");
	pk_reset(st);
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

int
pk_ledger_settle(pk_store *s, int64_t peer_id, bool *moved)
{
	struct pots owed = {0}, cr = {0};
	int64_t credit, x;
	size_t i = 0, j = 0;
	int rc;

	if (moved)
		*moved = false;
	if ((rc = credit_of(s, peer_id, &credit)) != 0 || credit == 0)
		return rc;
	if ((rc = open_balances(s, peer_id, credit, &owed)) == 0 &&
	    owed.n > 0)
		rc = credits(s, peer_id, &cr);
	while (rc == 0 && i < owed.n && j < cr.n) {
		x = owed.v[i].amount < cr.v[j].amount ? owed.v[i].amount :
		    cr.v[j].amount;
		if ((rc = journal(s, cr.v[j].id, 0, peer_id, -x)) == 0)
			rc = journal(s, cr.v[j].id, owed.v[i].id, peer_id, x);
		owed.v[i].amount -= x;
		cr.v[j].amount -= x;
		if (moved)
			*moved = true;
		i += owed.v[i].amount == 0;
		j += cr.v[j].amount == 0;
	}
	free(owed.v);
	free(cr.v);
	return rc;
}

/*
 * An engagement that arrived paid elsewhere (an export) by a payment
 * this store holds already: the payment came first, and left here as
 * credit what it went on to pay of the engagement there.  That credit
 * takes over what the engagement arrived paid, as the payment would on
 * its import, up to want.  Only the payment the export names: the
 * peer's other credit may be an advance made here, and the payment
 * that did pay it, imported later, would then find it paid already.
 * (An export names one payment, the one that settled it: credit of two
 * payments that paid one engagement is taken over as far as the named
 * one's goes, the rest stays paid elsewhere.)  *taken: how much was.
 */
int
pk_ledger_take_over(pk_store *s, int64_t engagement_id, int64_t peer_id,
    const char *named_uuid, int64_t want, int64_t *taken)
{
	struct pots cr = {0};
	int64_t x;
	size_t i;
	int rc;

	*taken = 0;
	if (want <= 0 || !named_uuid || !*named_uuid)
		return 0;
	if ((rc = credits(s, peer_id, &cr)) != 0) {
		free(cr.v);
		return rc;
	}
	for (i = 0; i < cr.n && rc == 0; i++) {
		if (strcmp(cr.v[i].uuid, named_uuid) != 0)
			continue;
		x = cr.v[i].amount < want ? cr.v[i].amount : want;
		if (x > 0 && (rc = journal(s, cr.v[i].id, 0, peer_id,
		    -x)) == 0 && (rc = journal_claim(s, cr.v[i].id,
		    engagement_id, peer_id, x, x, NULL, NULL)) == 0)
			*taken = x;
		break;
	}
	free(cr.v);
	return rc;
}

int
pk_ledger_allocate(pk_store *s, const struct pk_payment *p,
    const int64_t *amounts, struct pk_allocated *got)
{
	struct pots owed = {0};
	/* What was owed: cash rounding settles the rest (cash.c). */
	int64_t left = p->amount - p->rounding, x, held, claim;
	bool export = p->given & PK_PAYF_EXPORT;
	size_t i;
	int rc = 0;

	/* The engagements it names, in their order: the amounts given (a
	 * merge replays another store's), else what each still owes; a
	 * payment from another store also what it paid there. */
	for (i = 0; i < p->nengagements && rc == 0 && left > 0; i++) {
		if ((rc = pk_ledger_owed(s, p->engagements[i], &x, &held)) != 0)
			break;
		if (!export)
			held = 0;
		if (amounts)
			x = amounts[i];
		else
			x += held;
		x = x < left ? x : left;
		claim = held < x ? held : x;
		rc = journal_claim(s, p->id, p->engagements[i], p->peer_id, x,
		    claim, got, NULL);
		left -= x;
	}
	/* Then the oldest open balances (each a different engagement, read
	 * after the ones named were paid: what was read is what is), then
	 * credit. */
	if (rc == 0 && left > 0)
		rc = open_balances(s, p->peer_id, left, &owed);
	for (i = 0; rc == 0 && i < owed.n && left > 0; i++) {
		x = owed.v[i].amount < left ? owed.v[i].amount : left;
		rc = journal_claim(s, p->id, owed.v[i].id, p->peer_id, x, 0,
		    got, &owed.v[i]);
		left -= x;
	}
	free(owed.v);
	if (rc == 0 && left > 0)
		rc = journal_claim(s, p->id, 0, p->peer_id, left, 0, got,
		    NULL);
	return rc;
}

/* What sql (one parameter, id) reads as rows of an id and a sum of
 * allocations: a payment's per engagement, or an engagement's per
 * payment. */
static int
held_by(pk_store *s, const char *sql, int64_t id, struct pots *out)
{
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, id);
	while ((rc = pk_step(st)) == PK_ROW)
		pots_add(out, pk_col_int64(st, 0), NULL,
		    pk_col_int64(st, 1));
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "read the allocations");
	pk_reset(st);
	return rc;
}

int
pk_ledger_unallocate(pk_store *s, int64_t payment_id, int64_t peer_id)
{
	static const char sql[] = "SELECT coalesce(engagement_id, 0), "
	    "sum(amount) FROM allocations WHERE payment_id = ? "
	    "GROUP BY engagement_id HAVING sum(amount) <> 0 ORDER BY min(id)";
	struct pots held = {0};
	size_t i;
	int rc;

	rc = held_by(s, sql, payment_id, &held);
	for (i = 0; rc == 0 && i < held.n; i++)
		rc = journal(s, payment_id, held.v[i].id, peer_id,
		    -held.v[i].amount);
	free(held.v);
	return rc == 0 ? pk_ledger_settle(s, peer_id, NULL) : rc;
}

int
pk_ledger_release(pk_store *s, int64_t engagement_id, int64_t peer_id)
{
	static const char sql[] = "SELECT payment_id, sum(amount) FROM "
	    "allocations WHERE engagement_id = ? GROUP BY payment_id "
	    "HAVING sum(amount) > 0 ORDER BY min(id)";
	struct pots held = {0};
	size_t i;
	int rc;

	rc = held_by(s, sql, engagement_id, &held);
	for (i = 0; rc == 0 && i < held.n; i++)
		if ((rc = journal(s, held.v[i].id, engagement_id, peer_id,
		    -held.v[i].amount)) == 0)
			rc = journal(s, held.v[i].id, 0, peer_id,
			    held.v[i].amount);
	free(held.v);
	return rc == 0 ? pk_ledger_settle(s, peer_id, NULL) : rc;
}

int
pk_ledger_owed(pk_store *s, int64_t engagement_id, int64_t *owed,
    int64_t *held)
{
	static const char sql[] = "SELECT amount_due - amount_paid, "
	    "paid_elsewhere FROM engagements WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, engagement_id);
	*owed = 0;
	if (held)
		*held = 0;
	if ((rc = pk_step(st)) == PK_ROW) {
		*owed = pk_col_int64(st, 0);
		if (held)
			*held = pk_col_int64(st, 1);
	}
	else if (rc != PK_DONE)
		rc = pk_sql_fail(s, "read what is owed");
	pk_reset(st);
	return rc == PK_ROW || rc == PK_DONE ? 0 : rc;
}

int
pk_ledger_of_payment(pk_store *s, int64_t payment_id,
    struct pk_allocation **out, size_t *n, int64_t *credit)
{
	static const char sql[] = "SELECT a.engagement_id, e.uuid, "
	    "sum(a.amount) FROM allocations a LEFT JOIN engagements e "
	    "ON e.id = a.engagement_id WHERE a.payment_id = ? "
	    "GROUP BY a.engagement_id, e.uuid HAVING sum(a.amount) <> 0 "
	    "ORDER BY min(a.id)";
	pk_q *st = pk_stmt(s, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*credit = 0;
	pk_bind_int64(st, 1, payment_id);
	while ((rc = pk_step(st)) == PK_ROW) {
		if (pk_col_null(st, 0)) {
			*credit = pk_col_int64(st, 2);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = pk_realloc(*out, cap * sizeof **out);
		}
		(*out)[*n].engagement_id = pk_col_int64(st, 0);
		snprintf((*out)[*n].engagement_uuid, 37, "%s",
		    pk_col_text(st, 1));
		(*out)[(*n)++].amount = pk_col_int64(st, 2);
	}
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "read the allocations");
	pk_reset(st);
	return rc;
}

/*
 * Balances: per peer, what their engagements in the period are due, what
 * was paid of it, what is still owed, and the credit they hold now.
 */
int
pk_ledger_balances(pk_store *s, const struct pk_period *per,
    int64_t peer_id, int (*fn)(const struct pk_balance *, void *), void *arg)
{
	/* Peers drive the walk, so a peer in credit with nothing logged in
	 * the period still shows; sums are checked, not trusted. */
	static const char sql[] = "SELECT pe.id, pe.uuid, pe.alias, "
	    "coalesce(sum(e.amount_due), 0), coalesce(sum(e.amount_paid), 0), "
	    "pe.credit FROM peers pe LEFT JOIN engagements e "
	    "ON e.peer_id = pe.id AND e.status = 'logged' "
	    "AND e.date BETWEEN ?1 AND ?2 WHERE (?3 = 0 OR pe.id = ?3) "
	    "AND pe.merged_into IS NULL GROUP BY pe.id "
	    "HAVING ?3 <> 0 OR count(e.id) > 0 OR pe.credit > 0 ORDER BY pe.id";
	pk_q *st = pk_stmt(s, sql);
	struct pk_balance b;
	int rc;

	pk_bind_text(st, 1, per ? per->from_s : "0000-01-01");
	pk_bind_text(st, 2, per ? per->to_s : "9999-12-31");
	pk_bind_int64(st, 3, peer_id);
	while ((rc = pk_step(st)) == PK_ROW) {
		memset(&b, 0, sizeof b);
		b.peer_id = pk_col_int64(st, 0);
		b.peer_uuid = pk_col_text(st, 1);
		b.alias = pk_col_text(st, 2);
		b.due = pk_col_int64(st, 3);
		b.paid = pk_col_int64(st, 4);
		b.credit = pk_col_int64(st, 5);
		b.owed = b.due - b.paid;
		if ((rc = fn(&b, arg)) != 0) {
			pk_reset(st);
			return rc;
		}
	}
	if (rc != PK_DONE)
		rc = pk_sql_fail(s, "add up what is owed");
	pk_reset(st);
	return rc == PK_DONE ? 0 : rc;
}

json_t *
pk_balance_json(const struct pk_balance *b)
{
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "peer_id", json_integer(b->peer_id));
	if (!json_object_get(o, "peer_id") || json_is_null(json_object_get(o,
	    "peer_id")))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "peer_uuid", pk_json_strornull(b->peer_uuid));
	pk_json_set(o, "alias", pk_json_strornull(b->alias));
	pk_json_set(o, "due", pk_money_json(b->due));
	pk_json_set(o, "paid", pk_money_json(b->paid));
	pk_json_set(o, "owed", pk_money_json(b->owed));
	pk_json_set(o, "credit", pk_money_json(b->credit));
	return o;
}
