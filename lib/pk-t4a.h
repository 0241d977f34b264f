/*
 * t4a.c: yearly T4A totals, readiness, the CRA XML return, statements
 *
 * Taxable payments are those with status paid and kind honorarium,
 * counted in the calendar year of their date (the day the money was
 * received).  Reimbursements and void payments never count.  A peer
 * needs a slip when the year's total is strictly more than
 * cfg->t4a_threshold.
 */
enum {
	PK_T4A_NO_SURNAME = 1,	/* legal surname */
	PK_T4A_NO_SIN = 2,
	PK_T4A_NO_ADDRESS = 4	/* line 1, city, province and postal code */
};
struct pk_t4a {
	struct pk_peer peer;
	int year;
	int64_t payments;	/* taxable payments counted */
	int64_t total;		/* their sum, cents */
	bool required;		/* total > t4a.threshold */
	unsigned missing;	/* PK_T4A_NO_*: what a slip would lack */
};
/* Calls fn for each peer with taxable payments in year, in id order:
 * only those who need a slip, or every one of them with all.  One
 * aggregate query over the payments_peer index; the peer is read for
 * each row.  fn's non-zero return stops the walk and is returned. */
int pk_t4a_each(pk_store *, const struct pk_config *, int year, bool all,
    int (*fn)(const struct pk_t4a *, void *), void *arg);
/* Nothing stands in the way of filing: no slip is needed, or the slip
 * has surname, SIN and address. */
bool pk_t4a_ready(const struct pk_t4a *);
/* peer_id, peer_uuid, alias, year, payments, total ("612.50"),
 * slip_required, ready, missing (list of "surname", "sin", "address"),
 * sin_requested (list of dates).  No SIN, masked or not. */
json_t *pk_t4a_json(const struct pk_t4a *);

/* What a return needs of the payer section: name, account_number (nine
 * digits, RP, four digits), address (line1, city, province,
 * postal_code; country CAN if empty), contact name, phone and email.
 * for_xml false checks only what a statement prints (the name).
 * PK_EX_CONFIG with the config file and the dotted key. */
int pk_t4a_payer_check(const struct pk_config *, bool for_xml);

struct pk_t4a_return {
	int year;		/* 1966..2099, the CRA's tax years */
	bool amend;		/* report type code A, else O (original) */
	const char *ref;	/* sbmt_ref_id, 1-8 letters and digits; NULL:
				 * derived from the year and the content */
	/* Filled in: */
	char ref_used[9];
	size_t slips;
	int64_t total;		/* cents, the sum of the slips */
};
/* Write the CRA T619 submission for ret->year to fp: the transmittal,
 * one T4ASlip per required slip (in peer id order) and the T4ASummary
 * whose total is the sum of the slips.  The amount goes in box
 * cfg->t4a_box (048 T4A_AMT/fee_or_oth_srvc_amt, 028
 * OTH_INFO/oth_incamt).  Recipient text is cut to the CRA's lengths
 * and escaped; a peer without a SIN gets 000000000 (with a warning).
 * Checks the payer first (PK_EX_CONFIG).  A required slip without a
 * surname cannot be filed: PK_EX_DATAERR listing the peers, and
 * nothing is written.  With no slip required nothing is written and
 * ret->slips is 0 (a T4A return holds at least one slip).  The slips
 * pass through a temporary file, so memory does not grow with them. */
int pk_t4a_xml(pk_store *, const struct pk_config *, struct pk_t4a_return *,
    FILE *fp);
/* A plain-text statement of one slip for the recipient: payer, year,
 * box, amount, the details on file (SIN masked), what to do if they
 * are wrong.  Statements end with a form feed line. */
int pk_t4a_statement(FILE *, const struct pk_config *, const struct pk_t4a *);

/* Text helpers, exported for the tests. */
/* Copy at most max characters (code points, never half a multi-byte
 * one) of src into dst (size bytes), without leading or trailing
 * blanks.  Returns the length in bytes. */
size_t pk_utf8_cut(char *dst, size_t size, const char *src, size_t max);
/* s as XML character data: & < > " ' escaped; the control characters
 * XML 1.0 cannot carry become spaces. */
void pk_xml_text(FILE *, const char *s);
/* "604-555-1234", "(604) 555 1234 x12", "+1 604 555 1234": area code
 * "604", number "555-1234", extension "12" or "".  false if it is not
 * a ten-digit North American number (an extension up to 7 digits). */
bool pk_phone_split(const char *s, char area[4], char number[9], char ext[8]);
/* A sbmt_ref_id: 1 to 8 ASCII letters and digits. */
bool pk_t4a_ref_ok(const char *);
