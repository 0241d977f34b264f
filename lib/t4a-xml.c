/*
 * t4a-xml.c - the CRA XML return of a year's T4A slips (T619 layout
 * 1.26), original or amended, and the record of what was filed.
 *
 * What was filed is kept (table t4a_filed, one row per slip sent), so
 * that an amended return carries exactly the slips that changed (A) and
 * those no longer due (C), as the CRA asks, and an original return
 * after a filing only the slips never sent.  Who needs a slip, and what
 * it would lack, is t4a.c's to say (pk_t4a_each); so is the payer.
 *
 * The XML is written by hand: the return is flat, and a dozen lines of
 * escaping are easier to audit than a dependency.  The schema copy in
 * tests/data/cra-xsd/ checks every file the tests produce.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"

/* A recipient who is an individual has no business number: the CRA
 * asks for this placeholder in rcpnt_bn. */
#define NO_BN "000000000RP0000"
#define NO_SIN "000000000"
#define SIN_SEALED "*********"	/* t4a_filed.sin of a sealed SIN */
/* decimal11Type: at most nine digits before the point. */
#define SLIP_MAX INT64_C(99999999999)

bool
pk_t4a_ref_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n != 8)
		return false;
	for (i = 0; i < n; i++)
		if (!isascii((unsigned char)s[i]) || !isalnum((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * The XML return
 */

struct xw {
	FILE *fp;
	int depth;
};

static void
indent(struct xw *w)
{
	int i;

	for (i = 0; i < w->depth; i++)
		fputs("  ", w->fp);
}

static void
xopen(struct xw *w, const char *tag)
{
	indent(w);
	fprintf(w->fp, "<%s>\n", tag);
	w->depth++;
}

static void
xclose(struct xw *w, const char *tag)
{
	w->depth--;
	indent(w);
	fprintf(w->fp, "</%s>\n", tag);
}

/* An element with text; left out entirely when there is none, as the
 * CRA asks of optional elements. */
static void
xelem(struct xw *w, const char *tag, const char *text)
{
	if (pk_text_blank(text))
		return;
	indent(w);
	fprintf(w->fp, "<%s>", tag);
	pk_markup_text(w->fp, text, PK_MARKUP_XML);
	fprintf(w->fp, "</%s>\n", tag);
}

/* The schema's char1Type is one letter (\p{L}): ASCII, or the Latin
 * letters of U+00C0..U+024F a French or Indigenous name may start with. */
static bool
initial_letter(const char *s, char out[3])
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;

	while (u && (*u == ' ' || *u == '\t'))
		u++;
	if (!u || !*u)
		return false;
	if (isalpha(*u)) {
		out[0] = (char)*u;
		out[1] = '\0';
		return true;
	}
	if ((u[0] & 0xe0) != 0xc0 || (u[1] & 0xc0) != 0x80)
		return false;
	cp = (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
	if (cp < 0xc0 || cp > 0x24f || cp == 0xd7 || cp == 0xf7)
		return false;
	memcpy(out, u, 2);
	out[2] = '\0';
	return true;
}

static void
amount_box(struct xw *w, const char *box, bool summary, int64_t cents)
{
	char buf[PK_MONEY_BUFSZ];
	bool fees = strcmp(box, "028") != 0;

	pk_money_fmt(cents, buf);
	xopen(w, summary ? "T4A_TAMT" : fees ? "T4A_AMT" : "OTH_INFO");
	/* Box 028 is in "other information"; the summary totals it on
	 * line 101 with every other-information amount. */
	xelem(w, summary ? fees ? "rpt_tot_fee_srvc_amt" :
	    "rpt_tot_oth_info_amt" : fees ? "fee_or_oth_srvc_amt" :
	    "oth_incamt", buf);
	xclose(w, summary ? "T4A_TAMT" : fees ? "T4A_AMT" : "OTH_INFO");
}

/* Append to a NUL-terminated buffer, cutting at its end. */
static void
addf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
addf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/*
 * A slip as written
 */

/* Bytes for n characters of UTF-8, and the NUL. */
#define U8(n) (4 * (n) + 1)

/* The recipient's text is cut to the CRA's lengths here, once: what is
 * compared with a filed slip, and stored when it is filed, is what the
 * CRA holds. */
struct slip {
	int64_t peer_id;
	int64_t amount;		/* cents */
	char box[4];
	char bn[16];
	char surname[U8(20)], given[U8(12)], init[3];
	char sin[PK_SIN_TOKEN_LEN + 1];	/* a sealed SIN's token, or NO_SIN */
	char line1[U8(30)], line2[U8(30)], city[U8(28)];
	char province[U8(2)], country[U8(3)], postal[U8(10)];
};

static void
cut(char *dst, size_t size, const char *src, size_t max)
{
	dst[0] = '\0';
	if (src)
		pk_utf8_cut(dst, size, src, max);
}

static bool
has_address(const struct slip *sl)
{
	return sl->line1[0] || sl->line2[0] || sl->city[0] || sl->province[0] ||
	    sl->postal[0];
}

/* Recipient text in the CRA's characters (pk_cra_text), cut to its
 * length; with warn, a warning naming the peer when a character had to
 * change. */
static void
cra_cut(char *dst, size_t size, const struct pk_peer *p, const char *what,
    const char *src, int kind, size_t max, bool warn)
{
	bool mapped;
	char *v = pk_cra_text(src, kind, &mapped);

	cut(dst, size, v, max);
	if (warn && mapped)
		pk_warn("warning: %s (peer %" PRId64 "): %s \"%s\" sent as "
		    "\"%s\"", p->alias, p->id, what, src, dst);
	free(v);
}

static void
slip_of(struct slip *sl, const struct pk_config *cfg,
    const struct pk_t4a_payer *pp, const struct pk_t4a *t, bool warn)
{
	const struct pk_peer *p = &t->peer;
	char *init;

	memset(sl, 0, sizeof *sl);
	sl->peer_id = p->id;
	sl->amount = t->total;
	snprintf(sl->box, sizeof sl->box, "%s", cfg->t4a_box);
	memcpy(sl->bn, pp->bn, sizeof sl->bn);
	cra_cut(sl->surname, sizeof sl->surname, p, "surname", p->surname,
	    PK_CRA_NAME, 20, warn);
	cra_cut(sl->given, sizeof sl->given, p, "given name", p->given_name,
	    PK_CRA_NAME, 12, warn);
	init = pk_cra_text(p->initial, PK_CRA_NAME, NULL);
	if (!initial_letter(init, sl->init))
		sl->init[0] = '\0';
	free(init);
	snprintf(sl->sin, sizeof sl->sin, "%s", pk_text_blank(p->sin) ? NO_SIN : p->sin);
	cra_cut(sl->line1, sizeof sl->line1, p, "address line 1",
	    p->address_line1, PK_CRA_ADDRESS, 30, warn);
	cra_cut(sl->line2, sizeof sl->line2, p, "address line 2",
	    p->address_line2, PK_CRA_ADDRESS, 30, warn);
	cra_cut(sl->city, sizeof sl->city, p, "city", p->city, PK_CRA_ADDRESS,
	    28, warn);
	cut(sl->province, sizeof sl->province, p->province, 2);
	cut(sl->country, sizeof sl->country, pk_text_blank(p->country) ? "CAN" :
	    p->country, 3);
	cut(sl->postal, sizeof sl->postal, p->postal_code, 10);
	if (!has_address(sl))
		sl->country[0] = '\0';
	/* Outside Canada and the USA the CRA asks for province code ZZ. */
	else if (!pk_t4a_domestic(sl->country))
		snprintf(sl->province, sizeof sl->province, "ZZ");
}

/* The same slip as far as the CRA is concerned.  The address is left
 * out: the CRA asks for no amended slip when only it changed. */
static bool
slip_same(const struct slip *a, const struct slip *b)
{
	return a->amount == b->amount && strcmp(a->box, b->box) == 0 &&
	    strcmp(a->surname, b->surname) == 0 &&
	    strcmp(a->given, b->given) == 0 && strcmp(a->init, b->init) == 0 &&
	    pk_sin_same(a->sin, b->sin);
}

/* "amount 612.50 to 700.00; SIN added" */
static void
slip_changes(char *buf, size_t size, const struct slip *was,
    const struct slip *now)
{
	char m1[PK_MONEY_BUFSZ], m2[PK_MONEY_BUFSZ];

	buf[0] = '\0';
	if (was->amount != now->amount)
		addf(buf, size, "amount %s to %s", pk_money_fmt(was->amount, m1),
		    pk_money_fmt(now->amount, m2));
	if (!pk_sin_same(was->sin, now->sin))
		addf(buf, size, "%sSIN %s", buf[0] ? "; " : "",
		    strcmp(was->sin, NO_SIN) == 0 ? "added" :
		    strcmp(now->sin, NO_SIN) == 0 ? "removed" : "corrected");
	if (strcmp(was->surname, now->surname) != 0 ||
	    strcmp(was->given, now->given) != 0 ||
	    strcmp(was->init, now->init) != 0)
		addf(buf, size, "%sname corrected", buf[0] ? "; " : "");
}

static json_t *
slip_json(const struct slip *sl, int year, const char *code, const char *ref,
    const char *filed_at)
{
	json_t *o = json_object();

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "year", json_integer(year));
	pk_json_set(o, "peer_id", json_integer(sl->peer_id));
	pk_json_set(o, "code", pk_json_strornull(code));
	if (ref)
		pk_json_set(o, "ref", json_string(ref));
	pk_json_set(o, "bn", json_string(sl->bn));
	pk_json_set(o, "box", json_string(sl->box));
	pk_json_set(o, "amount", pk_money_json(sl->amount));
	pk_json_set(o, "surname", pk_json_strornull(sl->surname));
	pk_json_set(o, "given_name", pk_json_strornull(sl->given));
	pk_json_set(o, "initial", pk_json_strornull(sl->init));
	/* pk_audit masks it; zeros say there was none */
	pk_json_set(o, "sin", strcmp(sl->sin, NO_SIN) == 0 ? json_null() :
	    json_string(sl->sin));
	pk_json_set(o, "address_line1", pk_json_strornull(sl->line1));
	pk_json_set(o, "address_line2", pk_json_strornull(sl->line2));
	pk_json_set(o, "city", pk_json_strornull(sl->city));
	pk_json_set(o, "province", pk_json_strornull(sl->province));
	pk_json_set(o, "country", pk_json_strornull(sl->country));
	pk_json_set(o, "postal_code", pk_json_strornull(sl->postal));
	if (filed_at)
		pk_json_set(o, "filed_at", json_string(filed_at));
	return o;
}

/*
 * Slips, summaries and the transmittal
 */

/* sin: the slip's SIN in full (the return is the one place it goes). */
static void
write_slip(struct xw *w, const struct slip *sl, const char *sin,
    const char *code)
{
	char id[24];

	xopen(w, "T4ASlip");
	xopen(w, "RCPNT_NM");
	xelem(w, "snm", sl->surname);
	xelem(w, "gvn_nm", sl->given);
	xelem(w, "init", sl->init);
	xclose(w, "RCPNT_NM");
	xelem(w, "sin", sin);
	xelem(w, "rcpnt_bn", NO_BN);
	if (has_address(sl)) {
		xopen(w, "RCPNT_ADDR");
		xelem(w, "addr_l1_txt", sl->line1);
		xelem(w, "addr_l2_txt", sl->line2);
		xelem(w, "cty_nm", sl->city);
		xelem(w, "prov_cd", sl->province);
		xelem(w, "cntry_cd", sl->country);
		xelem(w, "pstl_cd", sl->postal);
		xclose(w, "RCPNT_ADDR");
	}
	/* The payer's own number for the recipient: ties an amended slip
	 * to the peer it replaces. */
	snprintf(id, sizeof id, "%" PRId64, sl->peer_id);
	xelem(w, "rcpnt_nbr", id);
	xelem(w, "bn", sl->bn);
	xelem(w, "rpt_tcd", code);
	amount_box(w, sl->box, false, sl->amount);
	xclose(w, "T4ASlip");
}

static void
write_summary(struct xw *w, const struct pk_config *cfg,
    const struct pk_t4a_payer *pp, int year, size_t slips, int64_t total,
    const char *code, const char *note)
{
	static const char *const lines[] = { "l1_nm", "l2_nm", "l3_nm" };
	const struct pk_payer *p = &cfg->payer;
	char buf[32];
	int i;

	xopen(w, "T4ASummary");
	xelem(w, "bn", pp->bn);
	xopen(w, "PAYR_NM");
	for (i = 0; i < pp->nname; i++)
		xelem(w, lines[i], pp->name[i]);
	xclose(w, "PAYR_NM");
	xopen(w, "PAYR_ADDR");
	xelem(w, "addr_l1_txt", p->line1);
	xelem(w, "addr_l2_txt", p->line2);
	xelem(w, "cty_nm", p->city);
	xelem(w, "prov_cd", p->province);
	xelem(w, "cntry_cd", pp->country);
	xelem(w, "pstl_cd", pp->postal);
	xclose(w, "PAYR_ADDR");
	xopen(w, "CNTC");
	xelem(w, "cntc_nm", p->contact_name);
	xelem(w, "cntc_area_cd", pp->area);
	xelem(w, "cntc_phn_nbr", pp->number);
	xelem(w, "cntc_extn_nbr", pp->ext);
	xclose(w, "CNTC");
	snprintf(buf, sizeof buf, "%d", year);
	xelem(w, "tx_yr", buf);
	snprintf(buf, sizeof buf, "%zu", slips);
	xelem(w, "slp_cnt", buf);
	xelem(w, "rpt_tcd", code);
	if (note)
		xelem(w, "fileramendmentnote", note);
	amount_box(w, cfg->t4a_box, true, total);
	xclose(w, "T4ASummary");
}

static void
write_t619(FILE *fp, const struct pk_config *cfg,
    const struct pk_t4a_payer *pp, const char *ref, int returns)
{
	struct xw w = { fp, 1 };
	char buf[16];

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Submission xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:noNamespaceSchemaLocation=\"layout-topologie.xsd\">\n", fp);
	xopen(&w, "T619");
	xelem(&w, "sbmt_ref_id", ref);
	/*
	 * The payer files its own return.  The T619 specification (2025)
	 * takes bn9 only from a file sent through My Business Account, and
	 * bn15 from My Business Account or with a web access code: the
	 * payer's RP account serves either way.
	 */
	xopen(&w, "TransmitterAccountNumber");
	xelem(&w, "bn15", pp->bn);
	xclose(&w, "TransmitterAccountNumber");
	snprintf(buf, sizeof buf, "%d", returns);
	xelem(&w, "summ_cnt", buf);
	xelem(&w, "lang_cd", "E");
	xopen(&w, "TransmitterName");
	xelem(&w, "l1_nm", pp->transmitter);
	xclose(&w, "TransmitterName");
	xelem(&w, "TransmitterCountryCode", pp->country);
	xopen(&w, "CNTC");
	xelem(&w, "cntc_nm", cfg->payer.contact_name);
	xelem(&w, "cntc_area_cd", pp->area);
	xelem(&w, "cntc_phn_nbr", pp->number);
	xelem(&w, "cntc_extn_nbr", pp->ext);
	xelem(&w, "cntc_email_area", cfg->payer.contact_email);
	xclose(&w, "CNTC");
	xclose(&w, "T619");
}

/*
 * One pass over the required slips and the slips on file
 */

/* The slip on file for a peer and a year: its latest row.  Code C
 * means none is (it was cancelled). */
struct filed {
	pk_q *st;
	bool have;
	char code[2];
	struct slip slip;
	char alias[U8(PK_ALIAS_MAX)];
};

/* A slip written, kept until the return is recorded as filed. */
struct change {
	char code[2];
	bool was_filed;
	char was_code[2];
	struct slip now;	/* as written */
	struct slip was;	/* on file until now (A, C) */
};

enum { RET_MAIN, RET_CANCEL };	/* the O or A return, the C return */

struct pass {
	pk_store *s;
	const struct pk_config *cfg;
	const struct pk_t4a_payer *pp;
	struct pk_t4a_return *ret;
	struct filed f;
	int64_t nfiled;		/* rows recorded for the year */
	int64_t onfile;		/* of those, not of a rejected submission */
	struct xw w[2];
	size_t n[2];
	int64_t total[2];	/* cents */
	/* The amendment notes: room for the CRA's characters and one entry
	 * more, so that no entry is cut inside a character. */
	char note[2][U8(PK_T4A_NOTE_MAX) + 1024];
	size_t noted[2];	/* recipients the note would name */
	size_t named[2];	/* of those, how many fit before NOTE_TAIL */
	size_t named_end[2];	/* and where they end, in bytes */
	bool note_full[2];	/* over the CRA's 2000: nothing more added */
	FILE *changes;		/* struct change, when recording */
	size_t nosurname;
	char list[512];		/* the first of those, for the message */
};

static void
col_copy(pk_q *st, int col, char *dst, size_t size)
{
	const char *v = pk_col_text(st, col);

	if (!v && !pk_col_null(st, col))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	snprintf(dst, size, "%s", v ? v : "");
}

static int
filed_next(struct pass *x)
{
	struct filed *f = &x->f;
	struct slip *sl = &f->slip;
	pk_q *st = f->st;
	int rc;

	f->have = false;
	if ((rc = pk_step(st)) == PK_DONE)
		return 0;
	if (rc != PK_ROW)
		return pk_sql_fail(x->s, "read the slips on file");
	memset(sl, 0, sizeof *sl);
	sl->peer_id = pk_col_int64(st, 0);
	col_copy(st, 1, f->code, sizeof f->code);
	col_copy(st, 2, sl->bn, sizeof sl->bn);
	col_copy(st, 3, sl->box, sizeof sl->box);
	sl->amount = pk_col_int64(st, 4);
	col_copy(st, 5, sl->surname, sizeof sl->surname);
	col_copy(st, 6, sl->given, sizeof sl->given);
	col_copy(st, 7, sl->init, sizeof sl->init);
	col_copy(st, 8, sl->sin, sizeof sl->sin);
	col_copy(st, 9, sl->line1, sizeof sl->line1);
	col_copy(st, 10, sl->line2, sizeof sl->line2);
	col_copy(st, 11, sl->city, sizeof sl->city);
	col_copy(st, 12, sl->province, sizeof sl->province);
	col_copy(st, 13, sl->country, sizeof sl->country);
	col_copy(st, 14, sl->postal, sizeof sl->postal);
	col_copy(st, 15, f->alias, sizeof f->alias);
	f->have = true;
	if (strcmp(f->code, "C") == 0)
		return 0;
	/* The summary carries today's account and box: a slip on file
	 * under others cannot be amended or cancelled in this return. */
	if (strcmp(sl->bn, x->pp->bn) != 0)
		return pk_t4a_cfg_fail(x->cfg, "payer.account_number", "%s, but "
		    "the %d slips on file were filed under %s: a return amends "
		    "the slips of its own account only", x->pp->bn,
		    x->ret->year, sl->bn);
	if (strcmp(sl->box, x->cfg->t4a_box) != 0)
		return pk_t4a_cfg_fail(x->cfg, "t4a.box", "%s, but the %d slips "
		    "on file were filed in box %s: the CRA takes no amendment "
		    "that changes the kind of income (see t4a-report(1))",
		    x->cfg->t4a_box, x->ret->year, sl->box);
	return 0;
}

/* A row of t4a_filed (table or alias t) whose submission the CRA did
 * not reject (t4a-report --unfile). */
#define NOT_REJECTED(t) "NOT EXISTS (SELECT 1 FROM t4a_rejected r WHERE " \
    "r.ref = " t ".ref)"

static int
filed_open(struct pass *x)
{
	static const char sql[] = "SELECT f.peer_id, f.code, f.bn, f.box, "
	    "f.amount, f.surname, f.given_name, f.initial, CASE WHEN "
	    "f.sin_key IS NOT NULL THEN f.sin_key || ':' || lower(hex("
	    "f.sin_box)) WHEN f.sin = '" SIN_SEALED "' THEN '" NO_SIN "' "
	    "ELSE f.sin END, "
	    "f.address_line1, f.address_line2, f.city, f.province, f.country, "
	    "f.postal_code, p.alias FROM t4a_filed f JOIN peers p ON "
	    "p.id = f.peer_id WHERE f.year = ?1 AND f.id = (SELECT max(g.id) "
	    "FROM t4a_filed g WHERE g.year = ?1 AND g.peer_id = f.peer_id "
	    "AND " NOT_REJECTED("g") ") ORDER BY f.peer_id";
	/* Every row makes the derived reference another one; those of
	 * submissions not rejected are what is on file. */
	static const char count_sql[] = "SELECT count(*), count(CASE WHEN "
	    NOT_REJECTED("t4a_filed") " THEN 1 END) FROM t4a_filed WHERE "
	    "year = ?";
	pk_q *st = pk_stmt(x->s, count_sql);

	pk_bind_int64(st, 1, x->ret->year);
	if (pk_step(st) != PK_ROW) {
		pk_reset(st);
		return pk_sql_fail(x->s, "read the slips on file");
	}
	x->nfiled = pk_col_int64(st, 0);
	x->onfile = pk_col_int64(st, 1);
	pk_reset(st);
	x->f.st = pk_stmt(x->s, sql);
	pk_bind_int64(x->f.st, 1, x->ret->year);
	return filed_next(x);
}

/* A peer's taxable payments in the year, for the note of a slip
 * cancelled (the peer is no longer among those who need one). */
static int
peer_total(struct pass *x, int64_t peer_id, int64_t *total)
{
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];

	snprintf(from, sizeof from, "%04d-01-01", x->ret->year);
	snprintf(to, sizeof to, "%04d-12-31", x->ret->year);
	return pk_payment_taxable(x->s, peer_id, from, to, total);
}

/* "2026-01-15, 2026-02-01" */
static void
dates_text(const json_t *a, char *buf, size_t size)
{
	const char *d;
	size_t i, len;

	buf[0] = '\0';
	for (i = 0; i < json_array_size(a); i++) {
		if (!(d = json_string_value(json_array_get(a, i))))
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", len ? ", " : "", d);
	}
}

static void
warn_missing(const struct pk_t4a *t)
{
	const struct pk_peer *p = &t->peer;
	char dates[256];

	if (t->missing & PK_T4A_NO_SIN) {
		dates_text(p->sin_requested, dates, sizeof dates);
		if (dates[0])
			pk_warn("peer %" PRId64 " (%s): no SIN on file: the slip "
			    "carries %s (SIN requested on %s)", p->id, p->alias,
			    NO_SIN, dates);
		else
			pk_warn("peer %" PRId64 " (%s): no SIN on file: the slip "
			    "carries %s, and no request for it is recorded "
			    "(keep the dates you ask: --sin-requested)", p->id,
			    p->alias, NO_SIN);
	}
	if (t->missing & PK_T4A_NO_ADDRESS)
		pk_warn("peer %" PRId64 " (%s): no full address on file: the "
		    "slip carries what there is", p->id, p->alias);
}

/* A note too long for the CRA ends in this, and the recipients it
 * names are as many as leave room for it. */
#define NOTE_TAIL " And %zu more recipients, not named here (the CRA takes " \
    "2000 characters)."
#define NOTE_TAIL_MAX 100	/* characters, with any count */

/* One entry of the amendment note: the CRA asks for the reason, and
 * for the recipient's name when it concerns one slip.  Whole entries
 * only: once the note is over the CRA's 2000 characters, the rest are
 * counted, not written. */
static void
note_add(struct pass *x, int which, const struct slip *sl, const char *what)
{
	char *note = x->note[which];
	size_t size = sizeof x->note[which], chars;

	if (!note[0]) {
		if (x->ret->note)
			addf(note, size, "%s ", x->ret->note);
		addf(note, size, "%s", which == RET_CANCEL ? "Cancelled slips:" :
		    "Amended slips:");
	}
	x->noted[which]++;
	if (x->note_full[which])
		return;
	addf(note, size, " %s%s%s (recipient %" PRId64 "): %s.", sl->surname,
	    sl->given[0] ? ", " : "", sl->given, sl->peer_id, what);
	chars = pk_utf8_chars(note);
	if (chars <= PK_T4A_NOTE_MAX - NOTE_TAIL_MAX) {
		x->named[which] = x->noted[which];
		x->named_end[which] = strlen(note);
	}
	if (chars > PK_T4A_NOTE_MAX)
		x->note_full[which] = true;
}

/* Write a slip into its return, and keep it for the record. */
static int
emit(struct pass *x, int which, const char *code, const struct slip *now,
    const struct slip *was, const char *was_code)
{
	struct change c;
	char sin[10];
	int rc;

	if (!pk_money_add(&x->total[which], now->amount))
		return pk_fail(PK_EX_DATAERR, "the total of the slips overflows");
	x->n[which]++;
	/* Into a temporary file: without the secret key nothing is out. */
	if (!pk_sin_is_token(now->sin))
		snprintf(sin, sizeof sin, "%s", NO_SIN);
	else if ((rc = pk_sin_reveal(x->s, now->sin, sin)) != 0)
		return rc;
	write_slip(&x->w[which], now, sin, code);
	sodium_memzero(sin, sizeof sin);
	if (ferror(x->w[which].fp))
		return pk_fail(PK_EX_IOERR, "temporary file: write error");
	if (!x->changes)
		return 0;
	memset(&c, 0, sizeof c);
	memcpy(c.code, code, 2);
	c.now = *now;
	if (was) {
		c.was_filed = true;
		memcpy(c.was_code, was_code, 2);
		c.was = *was;
	}
	if (fwrite(&c, sizeof c, 1, x->changes) != 1)
		return pk_fail(PK_EX_IOERR, "temporary file: write error");
	return 0;
}

/* A required slip, O or A: refused without a surname, the whole return
 * with it; warned about without a SIN or an address.  With --ready, a
 * slip not ready is left out and named. */
static int
write_peer(struct pass *x, const struct pk_t4a *t, const char *code,
    const char *what)
{
	struct slip now;
	char m[PK_T4A_MISSING_BUFSZ];
	size_t len;

	if (x->ret->ready && t->missing) {
		x->ret->not_ready++;
		pk_warn("peer %" PRId64 " (%s): not ready (missing: %s): left out "
		    "of this return, for a later %s return", t->peer.id,
		    t->peer.alias, pk_t4a_missing_text(t->missing, m, sizeof m),
		    what ? "amended" : "original");
		return 0;
	}
	if (t->missing & (PK_T4A_NO_SURNAME | PK_T4A_DUPLICATE)) {
		len = strlen(x->list);
		if (len < sizeof x->list - 64)
			snprintf(x->list + len, sizeof x->list - len, "%s%" PRId64
			    " (%.30s)", len ? ", " : "", t->peer.id, t->peer.alias);
		else if (!strstr(x->list, "..."))
			strcat(x->list, ", ...");
		x->nosurname++;
		return 0;
	}
	if (t->total > SLIP_MAX)
		return pk_fail(PK_EX_DATAERR, "peer %" PRId64 ": %" PRId64
		    " cents is more than a T4A slip can carry", t->peer.id,
		    t->total);
	warn_missing(t);
	slip_of(&now, x->cfg, x->pp, t, true);
	if (what) {
		note_add(x, RET_MAIN, &now, what);
		pk_warn("peer %" PRId64 " (%s): amended: %s", t->peer.id,
		    t->peer.alias, what);
	}
	return emit(x, RET_MAIN, code, &now, what ? &x->f.slip : NULL,
	    x->f.code);
}

/* Required, and no slip on file: an original slip. */
static int
not_on_file(struct pass *x, const struct pk_t4a *t)
{
	if (!x->ret->amend)
		return write_peer(x, t, "O", NULL);
	x->ret->pending++;
	pk_warn("peer %" PRId64 " (%s): needs a slip and none is on file: it "
	    "goes in an original return (without --amend)", t->peer.id,
	    t->peer.alias);
	return 0;
}

/* Required, and a slip on file: amended if it differs. */
static int
on_file(struct pass *x, const struct pk_t4a *t)
{
	struct slip now;
	char what[256];

	slip_of(&now, x->cfg, x->pp, t, false);
	if (slip_same(&now, &x->f.slip))
		return 0;
	slip_changes(what, sizeof what, &x->f.slip, &now);
	if (x->ret->amend)
		return write_peer(x, t, "A", what);
	x->ret->pending++;
	pk_warn("peer %" PRId64 " (%s): the slip on file differs from the "
	    "store (%s): it goes in an amended return (--amend)", t->peer.id,
	    t->peer.alias, what);
	return 0;
}

/* A slip on file for a peer who needs none now: cancelled, carrying
 * what was filed unchanged, as the CRA asks. */
static int
not_required(struct pass *x)
{
	const struct slip *sl = &x->f.slip;
	char what[256], m1[PK_MONEY_BUFSZ], m2[PK_MONEY_BUFSZ];
	int64_t total = 0;
	int rc;

	if (strcmp(x->f.code, "C") == 0)
		return 0;
	if ((rc = peer_total(x, sl->peer_id, &total)) != 0)
		return rc;
	snprintf(what, sizeof what, "honoraria paid in %d now %s, not over "
	    "the %s threshold", x->ret->year, pk_money_fmt(total, m1),
	    pk_money_fmt(x->cfg->t4a_threshold, m2));
	if (!x->ret->amend) {
		x->ret->pending++;
		pk_warn("peer %" PRId64 " (%s): a slip is on file, but %s: it "
		    "is cancelled in an amended return (--amend)", sl->peer_id,
		    x->f.alias, what);
		return 0;
	}
	note_add(x, RET_CANCEL, sl, what);
	pk_warn("peer %" PRId64 " (%s): cancelled: %s", sl->peer_id, x->f.alias,
	    what);
	return emit(x, RET_CANCEL, "C", sl, sl, x->f.code);
}

/* Called for each required slip, in peer id order; the slips on file
 * are walked beside them in the same order. */
static int
required_cb(const struct pk_t4a *t, void *arg)
{
	struct pass *x = arg;
	int rc;

	while (x->f.have && x->f.slip.peer_id < t->peer.id)
		if ((rc = not_required(x)) != 0 || (rc = filed_next(x)) != 0)
			return rc;
	if (!x->f.have || x->f.slip.peer_id != t->peer.id)
		return not_on_file(x, t);
	rc = strcmp(x->f.code, "C") == 0 ? not_on_file(x, t) : on_file(x, t);
	return rc != 0 ? rc : filed_next(x);
}

/*
 * The document, and the record of it
 */

static void
fnv(uint32_t *h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		*h = (*h ^ b[i]) * 16777619u;
}

/* FNV-1a over the slips and summaries as written: the same store and
 * config give the same reference, any change a new one. */
static int
hash_file(FILE *fp, uint32_t *h)
{
	char buf[65536];
	size_t n;

	rewind(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		fnv(h, buf, n);
	return ferror(fp) ? pk_fail(PK_EX_IOERR, "temporary file: read error") :
	    0;
}

/* Two digits of the year and six base-36 digits of the hash. */
static void
derive_ref(char ref[9], int year, uint32_t h)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int i;

	snprintf(ref, 9, "%02d", year % 100);
	for (i = 7; i >= 2; i--) {
		ref[i] = digits[h % 36];
		h /= 36;
	}
	ref[8] = '\0';
}

static int
copy_file(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	rewind(from);
	while ((n = fread(buf, 1, sizeof buf, from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return pk_fail(PK_EX_IOERR, "<stdout>: write error");
	return ferror(from) ? pk_fail(PK_EX_IOERR, "temporary file: read "
	    "error") : 0;
}

/* The CRA's 2000 characters at most.  A longer note names the
 * recipients that fit, whole, and says how many more there are; one
 * whose --note leaves no room for a name is cut between characters and
 * ends in "...".  Either way the cut is said on stderr. */
static const char *
note_text(struct pass *x, int which)
{
	char *note = x->note[which];
	const char *ret = which == RET_CANCEL ? "cancelled slips" :
	    "amended slips";
	size_t i, n = x->noted[which], named = x->named[which];

	if (!note[0])
		return NULL;
	if (!x->note_full[which] && pk_utf8_chars(note) <= PK_T4A_NOTE_MAX)
		return note;
	if (named > 0) {
		note[x->named_end[which]] = '\0';
		addf(note, sizeof x->note[which], NOTE_TAIL, n - named);
		pk_warn("the note of the %s return is cut at the CRA's %d "
		    "characters: it names %zu of the %zu recipients", ret,
		    PK_T4A_NOTE_MAX, named, n);
		return note;
	}
	i = pk_utf8_prefix(note, PK_T4A_NOTE_MAX - 3);
	memcpy(note + i, "...", 4);
	pk_warn("the note of the %s return is cut at the CRA's %d "
	    "characters: it names none of the %zu recipient%s", ret,
	    PK_T4A_NOTE_MAX, n, n == 1 ? "" : "s");
	return note;
}

static int
ref_filed(struct pass *x, const char *ref)
{
	static const char sql[] = "SELECT filed_at FROM t4a_filed WHERE "
	    "ref = ? LIMIT 1";
	pk_q *st = pk_stmt(x->s, sql);
	char when[32];
	int rc;

	pk_bind_text(st, 1, ref);
	rc = pk_step(st);
	if (rc == PK_ROW) {
		col_copy(st, 0, when, sizeof when);
		pk_reset(st);
		return pk_fail(PK_EX_DATAERR, "submission reference %s was filed "
		    "on %.10s: the CRA wants a new one for each submission "
		    "(--ref)", ref, when);
	}
	pk_reset(st);
	return rc == PK_DONE ? 0 : pk_sql_fail(x->s, "read the slips on "
	    "file");
}

static void
bind_opt(pk_q *st, int idx, const char *s)
{
	pk_bind_text(st, idx, s[0] ? s : NULL);
}

static int
record_one(struct pass *x, const struct change *c, const char *now)
{
	static const char sql[] = "INSERT INTO t4a_filed (uuid, year, peer_id, "
	    "code, ref, bn, box, amount, surname, given_name, initial, sin, "
	    "address_line1, address_line2, city, province, country, "
	    "postal_code, filed_at, sin_key, sin_box) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	pk_q *st = pk_stmt(x->s, sql);
	const struct slip *sl = &c->now;
	const char *action = c->code[0] == 'C' ? "cancel" : c->code[0] == 'A' ?
	    "amend" : "file";
	json_t *before = NULL, *after;
	char uuid[37];
	int rc;

	pk_uuid(uuid);
	pk_bind_text(st, 1, uuid);
	pk_bind_int64(st, 2, x->ret->year);
	pk_bind_int64(st, 3, sl->peer_id);
	pk_bind_text(st, 4, c->code);
	pk_bind_text(st, 5, x->ret->ref_used);
	pk_bind_text(st, 6, sl->bn);
	pk_bind_text(st, 7, sl->box);
	pk_bind_int64(st, 8, sl->amount);
	pk_bind_text(st, 9, sl->surname);
	bind_opt(st, 10, sl->given);
	bind_opt(st, 11, sl->init);
	/* The SIN sealed; the column says so (it takes nine characters). */
	pk_bind_text(st, 12, pk_sin_is_token(sl->sin) ? SIN_SEALED : NO_SIN);
	pk_bind_sin(st, 20, 21, pk_sin_is_token(sl->sin) ? sl->sin : NULL);
	bind_opt(st, 13, sl->line1);
	bind_opt(st, 14, sl->line2);
	bind_opt(st, 15, sl->city);
	bind_opt(st, 16, sl->province);
	bind_opt(st, 17, sl->country);
	bind_opt(st, 18, sl->postal);
	pk_bind_text(st, 19, now);
	if ((rc = pk_stmt_done(x->s, st, "record the slip as filed")) != 0)
		return rc;
	if (c->was_filed)
		before = slip_json(&c->was, x->ret->year, c->was_code, NULL, NULL);
	after = slip_json(sl, x->ret->year, c->code, x->ret->ref_used, now);
	rc = pk_audit(x->s, action, "t4a_slip", pk_last_id(
	    x->s), uuid, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int
record(struct pass *x)
{
	struct change c;
	char now[21];
	int rc;

	pk_now(now);
	rewind(x->changes);
	while (fread(&c, sizeof c, 1, x->changes) == 1)
		if ((rc = record_one(x, &c, now)) != 0)
			return rc;
	return ferror(x->changes) ? pk_fail(PK_EX_IOERR, "temporary file: "
	    "read error") : 0;
}

static int
finish_xml(struct pass *x, FILE *fp)
{
	struct pk_t4a_return *ret = x->ret;
	uint32_t h = 2166136261u;
	char buf[24];
	int i, rc, returns = 0;

	if (x->n[RET_MAIN])
		write_summary(&x->w[RET_MAIN], x->cfg, x->pp, ret->year,
		    x->n[RET_MAIN], x->total[RET_MAIN], ret->amend ? "A" : "O",
		    ret->amend ? note_text(x, RET_MAIN) : NULL);
	/* Cancelled slips have a return of their own: the CRA's summary of
	 * cancelled slips totals them alone. */
	if (x->n[RET_CANCEL])
		write_summary(&x->w[RET_CANCEL], x->cfg, x->pp, ret->year,
		    x->n[RET_CANCEL], x->total[RET_CANCEL], "A",
		    note_text(x, RET_CANCEL));
	for (i = 0; i < 2; i++) {
		if (!x->n[i])
			continue;
		returns++;
		if (fflush(x->w[i].fp) != 0 || ferror(x->w[i].fp))
			return pk_fail(PK_EX_IOERR, "temporary file: write error");
		if ((rc = hash_file(x->w[i].fp, &h)) != 0)
			return rc;
	}
	/* After a filing, the same slips again make another submission. */
	if (x->nfiled > 0) {
		snprintf(buf, sizeof buf, "%" PRId64, x->nfiled);
		fnv(&h, buf, strlen(buf));
	}
	if (ret->ref)
		snprintf(ret->ref_used, sizeof ret->ref_used, "%s", ret->ref);
	else
		derive_ref(ret->ref_used, ret->year, h);
	if (ret->record && (rc = ref_filed(x, ret->ref_used)) != 0)
		return rc;
	write_t619(fp, x->cfg, x->pp, ret->ref_used, returns);
	for (i = 0; i < 2; i++) {
		if (!x->n[i])
			continue;
		fputs("  <Return>\n    <T4A>\n", fp);
		if ((rc = copy_file(x->w[i].fp, fp)) != 0)
			return rc;
		fputs("    </T4A>\n  </Return>\n", fp);
	}
	fputs("</Submission>\n", fp);
	/* Written out before it is recorded: a return recorded is never one
	 * that was lost, and one written but not recorded comes out the
	 * same when run again. */
	if (fflush(fp) != 0 || ferror(fp))
		return pk_fail(PK_EX_IOERR, "<stdout>: write error%s",
		    ret->record ? ": nothing recorded as filed" : "");
	ret->slips = x->n[RET_MAIN] + x->n[RET_CANCEL];
	ret->total = x->total[RET_MAIN];
	ret->cancelled = x->n[RET_CANCEL];
	ret->cancelled_total = x->total[RET_CANCEL];
	return ret->record ? record(x) : 0;
}

static int
walk(struct pass *x)
{
	int rc;

	if ((rc = filed_open(x)) != 0)
		return rc;
	x->ret->on_file = x->onfile > 0;
	if (x->ret->amend && !x->ret->on_file)
		return pk_fail(PK_EX_DATAERR, "%d: no T4A slip is recorded as "
		    "filed, so there is nothing to amend: record the return you "
		    "file with --filed", x->ret->year);
	rc = pk_t4a_each(x->s, x->cfg, x->ret->year, false, required_cb, x);
	while (rc == 0 && x->f.have)
		if ((rc = not_required(x)) == 0)
			rc = filed_next(x);
	pk_reset(x->f.st);
	if (rc == 0 && x->nosurname > 0)
		rc = pk_fail(PK_EX_DATAERR, "%zu required slip%s without a legal "
		    "surname (in Latin letters, as the CRA's return takes it), "
		    "or with its SIN on two records, cannot be filed: "
		    "peer%s %s; add the surname (peer-add --update ID --surname "
		    "NAME) or merge the records (peer-add --merge DUP --into "
		    "KEEP) and run again", x->nosurname,
		    x->nosurname > 1 ? "s" : "", x->nosurname > 1 ? "s" : "",
		    x->list);
	return rc;
}

int
pk_t4a_xml(pk_store *s, const struct pk_config *cfg,
    struct pk_t4a_return *ret, FILE *fp)
{
	struct pk_t4a_payer pp;
	struct pass *x;
	int i, rc;

	ret->slips = ret->cancelled = ret->pending = ret->not_ready = 0;
	ret->total = ret->cancelled_total = 0;
	ret->on_file = false;
	ret->ref_used[0] = '\0';
	if (ret->year < 1966 || ret->year > 2099)
		return pk_fail(PK_EX_USAGE, "year %d: the CRA takes T4A returns "
		    "for 1966 to 2099", ret->year);
	if (ret->ref && !pk_t4a_ref_ok(ret->ref))
		return pk_fail(PK_EX_USAGE, "reference \"%s\": exactly 8 letters "
		    "and digits", ret->ref);
	if (ret->note && (pk_text_blank(ret->note) || pk_utf8_chars(ret->note) >
	    PK_T4A_NOTE_MAX))
		return pk_fail(PK_EX_USAGE, "the amendment note must be 1 to %d "
		    "characters", PK_T4A_NOTE_MAX);
	if ((rc = pk_t4a_payer_prepare(cfg, &pp, true)) != 0)
		return rc;
	x = pk_calloc(1, sizeof *x);
	x->s = s;
	x->cfg = cfg;
	x->pp = &pp;
	x->ret = ret;
	for (i = 0; i < 2; i++) {
		x->w[i].depth = 3;
		if (!(x->w[i].fp = tmpfile()))
			rc = pk_fail(PK_EX_CANTCREAT, "temporary file: %s",
			    strerror(errno));
	}
	if (rc == 0 && ret->record && !(x->changes = tmpfile()))
		rc = pk_fail(PK_EX_CANTCREAT, "temporary file: %s",
		    strerror(errno));
	if (rc == 0)
		rc = walk(x);
	if (rc == 0 && x->n[RET_MAIN] + x->n[RET_CANCEL] > 0)
		rc = finish_xml(x, fp);
	for (i = 0; i < 2; i++)
		if (x->w[i].fp)
			fclose(x->w[i].fp);
	if (x->changes)
		fclose(x->changes);
	free(x);
	return rc;
}

/*
 * A submission the CRA rejected
 */

static int
unfile_check(pk_store *s, const char *ref, struct pk_t4a_unfiled *u,
    int64_t *last)
{
	static const char sql[] = "SELECT count(*), min(year), max(id), "
	    "min(filed_at), (SELECT rejected_at FROM t4a_rejected WHERE ref = "
	    "?1) FROM t4a_filed WHERE ref = ?1";
	static const char later_sql[] = "SELECT g.ref, g.filed_at FROM "
	    "t4a_filed g WHERE g.year = ?1 AND g.id > ?2 AND " NOT_REJECTED("g")
	    " AND g.peer_id IN (SELECT peer_id FROM t4a_filed WHERE ref = ?3) "
	    "ORDER BY g.id LIMIT 1";
	pk_q *st = pk_stmt(s, sql);
	char when[32] = "";
	int rc;

	pk_bind_text(st, 1, ref);
	if (pk_step(st) != PK_ROW) {
		pk_reset(st);
		return pk_sql_fail(s, "read the slips on file");
	}
	u->slips = (size_t)pk_col_int64(st, 0);
	u->year = pk_col_int(st, 1);
	*last = pk_col_int64(st, 2);
	col_copy(st, 3, u->filed_at, sizeof u->filed_at);
	col_copy(st, 4, when, sizeof when);
	pk_reset(st);
	if (u->slips == 0)
		return pk_fail(PK_EX_DATAERR, "submission reference %s: no "
		    "return is recorded as filed with it (the reference is in "
		    "the note of t4a-report --filed and in <sbmt_ref_id>)", ref);
	if (when[0])
		return pk_fail(PK_EX_DATAERR, "submission reference %s: already "
		    "recorded as rejected on %s", ref, when);
	st = pk_stmt(s, later_sql);
	pk_bind_int64(st, 1, u->year);
	pk_bind_int64(st, 2, *last);
	pk_bind_text(st, 3, ref);
	if ((rc = pk_step(st)) == PK_ROW) {
		col_copy(st, 0, u->later, sizeof u->later);
		col_copy(st, 1, when, sizeof when);
		pk_reset(st);
		return pk_fail(PK_EX_DATAERR, "submission reference %s: "
		    "submission %s, filed after it on %.10s, carries slips of the "
		    "same recipients: record that one rejected first "
		    "(--unfile %s)", ref, u->later, when, u->later);
	}
	pk_reset(st);
	return rc == PK_DONE ? 0 : pk_sql_fail(s, "read the slips on file");
}

int
pk_t4a_unfile(pk_store *s, const char *ref, struct pk_t4a_unfiled *u)
{
	static const char sql[] = "INSERT INTO t4a_rejected (uuid, ref, year, "
	    "slips, rejected_at) VALUES (?, ?, ?, ?, ?)";
	pk_q *st;
	char uuid[37], now[21];
	int64_t last;
	json_t *after;
	int rc;

	memset(u, 0, sizeof *u);
	if (!pk_t4a_ref_ok(ref))
		return pk_fail(PK_EX_USAGE, "reference \"%s\": exactly 8 "
		    "letters and digits", ref);
	if ((rc = unfile_check(s, ref, u, &last)) != 0)
		return rc;
	pk_uuid(uuid);
	pk_now(now);
	st = pk_stmt(s, sql);
	pk_bind_text(st, 1, uuid);
	pk_bind_text(st, 2, ref);
	pk_bind_int64(st, 3, u->year);
	pk_bind_int64(st, 4, (int64_t)u->slips);
	pk_bind_text(st, 5, now);
	if ((rc = pk_stmt_done(s, st, "record the rejected submission")) != 0)
		return rc;
	after = json_object();
	pk_json_set(after, "ref", json_string(ref));
	pk_json_set(after, "year", json_integer(u->year));
	pk_json_set(after, "slips", json_integer((json_int_t)u->slips));
	pk_json_set(after, "filed_at", json_string(u->filed_at));
	pk_json_set(after, "rejected_at", json_string(now));
	rc = pk_audit(s, "reject", "t4a_submission", pk_last_id(
	    s), uuid, NULL, after);
	json_decref(after);
	return rc;
}
