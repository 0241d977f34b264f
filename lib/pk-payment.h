/*
 * payment.c: payments, voids, payroll runs, totals and receipts
 *
 * Everything here runs inside the caller's transaction (pk_store_begin),
 * so a batch or a payroll run is all or nothing.  A payment, once stored,
 * is never edited: it is voided.  The engagements a payment settles get
 * its id (engagements.payment_id) in the same transaction, audited.
 */
extern const char *const pk_pay_kinds[];	/* honorarium reimbursement */
extern const char *const pk_pay_categories[];	/* transit childcare meal other */
extern const char *const pk_payment_fields[];	/* JSON fields, in order */

/* What a payment record stated, as opposed to what was defaulted: a
 * duplicate (same ref or uuid) must agree on what was stated. */
enum {
	PK_PAYF_AMOUNT = 1, PK_PAYF_DATE = 2, PK_PAYF_METHOD = 4,
	PK_PAYF_ENGAGEMENTS = 8
};

struct pk_payment {
	int64_t id;
	char uuid[37];			/* "" until stored, unless given */
	int64_t peer_id;
	char peer_uuid[37];
	char *alias;
	char date[PK_DATE_BUFSZ];	/* the day the money was received */
	int64_t amount;			/* cents */
	char *method, *kind, *category, *ref, *note;
	int64_t *engagements;		/* ids of the engagements it settles */
	size_t nengagements;
	json_t *warnings;		/* array of strings, or NULL */
	char *status;			/* "paid" / "void" */
	char *void_reason, *voided_at, *created_at, *updated_at;
	unsigned given;			/* PK_PAYF_* */
};

void pk_payment_free(struct pk_payment *);
json_t *pk_payment_json(const struct pk_payment *);
/*
 * Read a payment record into p (which it initialises): the fields of
 * pk_payment_json, where "peer" (a REF), "peer_uuid", "peer_id" or
 * "alias" name the peer, in that order of precedence (an "alias" given
 * with another must match), and "engagements" holds ids or uuids of
 * engagements to settle (without a peer, the peer is theirs).  Defaults:
 * kind honorarium, date today, method the peer's, else config's.  An
 * amount left out is what the engagements are due.  Checks each field
 * (PK_EX_DATAERR naming it); does not look at what is paid already and
 * writes nothing.
 */
int pk_payment_apply(pk_store *, const struct pk_config *, json_t *rec,
    struct pk_payment *p);

enum { PK_PAY_STRICT = 1 };		/* flags: limit warnings refuse */
enum { PK_PAY_PAID, PK_PAY_DUPLICATE };	/* outcomes */
/*
 * Pay p (from pk_payment_apply); p is freed with pk_payment_free either
 * way.  A ref or uuid already on record for
 * the same payment is PK_PAY_DUPLICATE: nothing is written and p becomes
 * the payment on record.  For a different payment, or one that is void,
 * it is PK_EX_DATAERR.  Then the peer must be active, each engagement
 * unpaid, not void and the peer's, and the amount what they are due
 * unless a note says why not.  Warnings (gift card, T4A threshold,
 * benefit limits) land in p->warnings; under PK_PAY_STRICT a benefit
 * limit warning is a refusal, PK_EX_NO, with nothing written.  On
 * success p holds the stored payment, and it and every engagement it
 * settles are audited.
 */
int pk_payment_pay(pk_store *, const struct pk_config *, struct pk_payment *p,
    int flags, int *outcome);
/* Is warning w (from p->warnings) one a benefit limit raised? */
bool pk_payment_limit_warning(const char *w);
/* REF: a payment id or uuid.  Unknown: PK_EX_DATAERR. */
int pk_payment_get(pk_store *, const char *ref, struct pk_payment *p);
/* Void the payment REF: it stays on record with the reason, leaves every
 * total, and its engagements become unpaid again; audited.  A void
 * payment is PK_EX_DATAERR.  p gets the voided payment. */
int pk_payment_void(pk_store *, const char *ref, const char *reason,
    struct pk_payment *p);

struct pk_payment_filter {
	int64_t peer_id;		/* 0: every peer */
	const char *from, *to;		/* dates, inclusive; NULL: open */
	const char *method, *kind, *status;	/* NULL: any */
};
/* Calls fn for each payment by date, then id; stops on a non-zero
 * return.  Indexed by peer or by date. */
int pk_payment_each(pk_store *, const struct pk_payment_filter *,
    int (*fn)(const struct pk_payment *, void *), void *arg);

/* A peer's taxable (honoraria paid, not void) total from..to inclusive,
 * read from the covering index payments_peer. */
int pk_payment_taxable(pk_store *, int64_t peer_id, const char *from,
    const char *to, int64_t *cents);

struct pk_payment_totals {
	int64_t peer_id;
	const char *peer_uuid, *alias;
	int year;
	int64_t taxable;		/* honoraria paid in the year */
	int64_t reimbursements;		/* not income */
	int64_t month_to_date;		/* honoraria from the 1st of today's month to today */
	int64_t count;			/* payments (not void) in the year */
};
/* Per peer with a payment in the year (peer_id 0: every peer), in peer
 * id order; "today" is pk_today(). */
int pk_payment_totals(pk_store *, int year, int64_t peer_id,
    int (*fn)(const struct pk_payment_totals *, void *), void *arg);
json_t *pk_payment_totals_json(const struct pk_payment_totals *);

/*
 * Payroll: a plan of engagements, paid one payment per peer at the sum
 * they are due.  The plan lives in a temporary table of the store, so a
 * run over 100,000 engagements holds one peer's engagements in memory at
 * a time.  Call inside a transaction: pk_payplan_begin first.
 */
int pk_payplan_begin(pk_store *);
/* Add every unpaid engagement in the period with an amount due, of an
 * active peer (peer_id 0: every peer).  *added: how many; *inactive:
 * unpaid engagements of inactive peers, left out. */
int pk_payplan_period(pk_store *, const struct pk_period *, int64_t peer_id,
    size_t *added, size_t *inactive);
/* Is this input record an engagement (amount_due, no amount)? */
bool pk_payplan_is_engagement(json_t *rec);
enum {
	PK_PLAN_ADDED, PK_PLAN_REPEATED, PK_PLAN_ALREADY_PAID,
	PK_PLAN_NOTHING_DUE, PK_PLAN_INACTIVE
};
struct pk_plan_add {
	int outcome;			/* PK_PLAN_* */
	int64_t engagement_id;
	int64_t payment_id;		/* PK_PLAN_ALREADY_PAID: by which */
	int64_t peer_id;		/* the engagement's peer */
	char alias[PK_ALIAS_MAX * 4 + 1];	/* and alias (UTF-8) */
	int64_t due;			/* the amount due on record */
	int64_t stated;			/* amount_due in the record; -1: none */
};
/* Add the engagement of an input record (engage-log --json), found by
 * uuid, else id; its amount_due is read from the store, never from the
 * record.  Paid already, nothing due, an inactive peer's (left out, as
 * in a run over a period) or listed again: res->outcome says so.  Void
 * or unknown: PK_EX_DATAERR. */
int pk_payplan_add(pk_store *, json_t *rec, struct pk_plan_add *res);
struct pk_payplan_opts {
	const char *date;		/* NULL: today */
	const char *method;		/* NULL: the peer's, else config's */
	int flags;			/* PK_PAY_STRICT */
};
/* Pay the plan in peer id order.  fn gets each payment with its status:
 * 0, or a refusal (PK_EX_DATAERR, PK_EX_NO), its message recorded and
 * nothing of it written; fn returns 0 to go on, else the run stops with
 * that status.  Any other failure stops the run: roll back. */
int pk_payplan_pay(pk_store *, const struct pk_config *,
    const struct pk_payplan_opts *, int (*fn)(struct pk_payment *, int rc,
    void *), void *arg);

/* A printable receipt for p: plain text, or a self-contained HTML page
 * (all text escaped).  Amount in figures and words, engagements, and
 * signature lines for the peer and a witness; VOID when it is. */
int pk_payment_receipt(pk_store *, const struct pk_config *,
    const struct pk_payment *p, FILE *, bool html);
