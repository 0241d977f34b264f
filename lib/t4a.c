/*
 * t4a.c - the year-end: each peer's taxable payments for a calendar
 * year, whether a T4A slip is needed and can be filed, the CRA XML
 * return (T619 layout 1.26) and the statement a peer is handed.
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

#include "internal.h"

/* A recipient who is an individual has no business number: the CRA
 * asks for this placeholder in rcpnt_bn. */
#define NO_BN "000000000RP0000"
#define NO_SIN "000000000"
/* decimal11Type: at most nine digits before the point. */
#define SLIP_MAX INT64_C(99999999999)

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

size_t
pk_utf8_cut(char *dst, size_t size, const char *src, size_t max)
{
	size_t len = 0, n = 0, clen;
	const unsigned char *s = (const unsigned char *)src;

	if (size == 0)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s && n < max) {
		for (clen = 1; (s[clen] & 0xc0) == 0x80; clen++)
			;
		if (len + clen >= size)
			break;
		memcpy(dst + len, s, clen);
		len += clen;
		s += clen;
		n++;
	}
	while (len > 0 && (dst[len - 1] == ' ' || dst[len - 1] == '\t'))
		len--;
	dst[len] = '\0';
	return len;
}

void
pk_xml_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&apos;", fp);
			break;
		default:
			if (((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n' && *s != '\r') || *s == 0x7f)
				putc(' ', fp);
			else
				putc(*s, fp);
		}
	}
}

bool
pk_phone_split(const char *s, char area[4], char number[9], char ext[8])
{
	char d[12];
	size_t n = 0, e = 0;

	for (; *s && !isalpha((unsigned char)*s); s++) {
		if (isdigit((unsigned char)*s)) {
			if (n == 11)
				return false;
			d[n++] = *s;
		} else if (!strchr(" -().+/", *s)) {
			return false;
		}
	}
	if (n == 11 && d[0] == '1')
		memmove(d, d + 1, --n);
	if (n != 10)
		return false;
	/* "x12", "ext 12", "ext. 12" */
	while (*s && (isalpha((unsigned char)*s) || *s == '.' || *s == ' '))
		s++;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || e == 7)
			return false;
		ext[e++] = *s;
	}
	ext[e] = '\0';
	memcpy(area, d, 3);
	area[3] = '\0';
	snprintf(number, 9, "%.3s-%.4s", d + 3, d + 6);
	return true;
}

bool
pk_t4a_ref_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 8)
		return false;
	for (i = 0; i < n; i++)
		if (!isascii((unsigned char)s[i]) || !isalnum((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Totals and readiness
 */

static unsigned
missing_of(const struct pk_peer *p)
{
	unsigned m = 0;

	if (blank(p->surname))
		m |= PK_T4A_NO_SURNAME;
	if (blank(p->sin))
		m |= PK_T4A_NO_SIN;
	if (blank(p->address_line1) || blank(p->city) || blank(p->province) ||
	    blank(p->postal_code))
		m |= PK_T4A_NO_ADDRESS;
	return m;
}

int
pk_t4a_each(pk_store *s, const struct pk_config *cfg, int year, bool all,
    int (*fn)(const struct pk_t4a *, void *), void *arg)
{
	/* The IN list makes SQLite walk the peers and seek each one's year
	 * in the covering index payments_peer (peer_id, date, status, kind,
	 * amount): the work grows with the year's payments, not with the
	 * years on file.  Left to itself it reads the date range through
	 * payments_date and fetches every row from the table, several times
	 * slower (measured: 1.0 s against 0.15 s for 1,000,000 payments). */
	static const char sql[] = "SELECT peer_id, count(*), sum(amount) "
	    "FROM payments WHERE peer_id IN (SELECT id FROM peers) "
	    "AND date BETWEEN ?1 AND ?2 AND status = 'paid' "
	    "AND kind = 'honorarium' GROUP BY peer_id "
	    "HAVING ?3 OR sum(amount) > ?4 ORDER BY peer_id";
	sqlite3_stmt *st = pk_stmt(s, sql);
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	struct pk_t4a t;
	int rc;

	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	pk_bind_text(st, 1, from);
	pk_bind_text(st, 2, to);
	sqlite3_bind_int(st, 3, all);
	sqlite3_bind_int64(st, 4, cfg->t4a_threshold);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&t, 0, sizeof t);
		t.year = year;
		t.payments = sqlite3_column_int64(st, 1);
		t.total = sqlite3_column_int64(st, 2);
		t.required = t.total > cfg->t4a_threshold;
		if ((rc = pk_peer_get(s, sqlite3_column_int64(st, 0), &t.peer))
		    != 0) {
			sqlite3_reset(st);
			return rc;
		}
		t.missing = missing_of(&t.peer);
		rc = fn(&t, arg);
		pk_peer_free(&t.peer);
		if (rc != 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = pk_sql_fail(s, "sum the year's payments");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return 0;
}

bool
pk_t4a_ready(const struct pk_t4a *t)
{
	return !t->required || t->missing == 0;
}

static void
append(json_t *a, const char *s)
{
	if (json_array_append_new(a, json_string(s)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

json_t *
pk_t4a_json(const struct pk_t4a *t)
{
	json_t *o = json_object(), *m = json_array();

	if (!o || !m)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "peer_id", json_integer(t->peer.id));
	pk_json_set(o, "peer_uuid", json_string(t->peer.uuid));
	pk_json_set(o, "alias", pk_json_strornull(t->peer.alias));
	pk_json_set(o, "year", json_integer(t->year));
	pk_json_set(o, "payments", json_integer(t->payments));
	pk_json_set(o, "total", pk_money_json(t->total));
	pk_json_set(o, "slip_required", json_boolean(t->required));
	pk_json_set(o, "ready", json_boolean(pk_t4a_ready(t)));
	if (t->missing & PK_T4A_NO_SURNAME)
		append(m, "surname");
	if (t->missing & PK_T4A_NO_SIN)
		append(m, "sin");
	if (t->missing & PK_T4A_NO_ADDRESS)
		append(m, "address");
	pk_json_set(o, "missing", m);
	pk_json_set(o, "sin_requested", t->peer.sin_requested ?
	    json_incref(t->peer.sin_requested) : json_array());
	return o;
}

/*
 * The payer, from config.yaml
 */

#define NAME_LINE 30		/* PAYR_NM: up to three lines of 30 */
struct payer {
	char bn[16];		/* 123456789RP0001 */
	char name[3][4 * NAME_LINE + 1];
	int nname;
	char area[4], number[9], ext[8];
	const char *country;
};

static int
cfg_fail(const struct pk_config *cfg, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
cfg_fail(const struct pk_config *cfg, const char *key, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (cfg->path)
		return pk_fail(PK_EX_CONFIG, "%s: %s: %s", cfg->path, key, why);
	return pk_fail(PK_EX_CONFIG, "%s: %s (no config file was read: see "
	    "peerkit-config(5))", key, why);
}

/* Characters (code points) in the first len bytes of s. */
static size_t
nchars_n(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static size_t
nchars(const char *s)
{
	return nchars_n(s, strlen(s));
}

static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A text setting: required or not, at most max characters. */
static int
check_text(const struct pk_config *cfg, const char *key, const char *v,
    bool required, size_t max)
{
	if (blank(v))
		return required ? cfg_fail(cfg, key, "not set; the T4A return "
		    "needs it") : 0;
	if (has_control(v))
		return cfg_fail(cfg, key, "control characters are not allowed");
	if (nchars(v) > max)
		return cfg_fail(cfg, key, "longer than the CRA's %zu characters",
		    max);
	return 0;
}

/* Up to three lines of 30 characters, broken between words. */
static int
wrap_name(const struct pk_config *cfg, const char *name, struct payer *pp)
{
	const char *w = name, *end;
	size_t len, n, used = 0;

	pp->nname = 0;
	for (;;) {
		while (*w == ' ')
			w++;
		if (!*w)
			return 0;
		for (end = w; *end && *end != ' '; end++)
			;
		len = (size_t)(end - w);
		n = nchars_n(w, len);
		if (pp->nname > 0 && used + 1 + n <= NAME_LINE) {
			strcat(pp->name[pp->nname - 1], " ");
			strncat(pp->name[pp->nname - 1], w, len);
			used += 1 + n;
		} else if (pp->nname < 3 && n <= NAME_LINE) {
			memcpy(pp->name[pp->nname], w, len);
			pp->name[pp->nname++][len] = '\0';
			used = n;
		} else {
			return cfg_fail(cfg, "payer.name", "does not fit the CRA's "
			    "three lines of %d characters", NAME_LINE);
		}
		w = end;
	}
}

static bool
account_ok(const char *s)
{
	size_t i;

	if (strlen(s) != 15)
		return false;
	for (i = 0; i < 15; i++) {
		if (i == 9 || i == 10) {
			if (toupper((unsigned char)s[i]) != "RP"[i - 9])
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static int
payer_account(const struct pk_config *cfg, struct payer *pp)
{
	const char *v = cfg->payer.account_number;
	size_t i;

	if (blank(v))
		return cfg_fail(cfg, "payer.account_number", "not set; the T4A "
		    "return needs the payer's program account number (nine "
		    "digits, RP, four digits, like 123456789RP0001)");
	if (!account_ok(v))
		return cfg_fail(cfg, "payer.account_number", "\"%.40s\" is not "
		    "nine digits, RP and four digits (like 123456789RP0001)", v);
	for (i = 0; i < 15; i++)
		pp->bn[i] = (char)toupper((unsigned char)v[i]);
	pp->bn[15] = '\0';
	return 0;
}

static int
payer_address(const struct pk_config *cfg, struct payer *pp)
{
	const struct pk_payer *p = &cfg->payer;
	const char *c = p->country;
	int rc;

	if ((rc = check_text(cfg, "payer.address.line1", p->line1, true, 30)) ||
	    (rc = check_text(cfg, "payer.address.line2", p->line2, false, 30)) ||
	    (rc = check_text(cfg, "payer.address.city", p->city, true, 28)) ||
	    (rc = check_text(cfg, "payer.address.province", p->province, true,
	    2)))
		return rc;
	if (blank(p->postal_code))
		return cfg_fail(cfg, "payer.address.postal_code", "not set; the "
		    "T4A return needs it");
	if (strlen(p->postal_code) > 10 || strspn(p->postal_code,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -")
	    != strlen(p->postal_code))
		return cfg_fail(cfg, "payer.address.postal_code", "\"%.40s\" is "
		    "not a postal code like V6A 1A1", p->postal_code);
	if (blank(c))
		c = "CAN";
	else if (strlen(c) != 3 || !isalpha((unsigned char)c[0]) ||
	    !isalpha((unsigned char)c[1]) || !isalpha((unsigned char)c[2]))
		return cfg_fail(cfg, "payer.address.country", "\"%.40s\" is not "
		    "a three-letter country code like CAN", c);
	pp->country = c;
	return 0;
}

static int
payer_contact(const struct pk_config *cfg, struct payer *pp)
{
	const struct pk_payer *p = &cfg->payer;
	const char *e = p->contact_email;
	int rc;

	if ((rc = check_text(cfg, "payer.contact.name", p->contact_name, true,
	    35)) != 0)
		return rc;
	if (blank(p->contact_phone))
		return cfg_fail(cfg, "payer.contact.phone", "not set; the T4A "
		    "return needs it");
	if (!pk_phone_split(p->contact_phone, pp->area, pp->number, pp->ext))
		return cfg_fail(cfg, "payer.contact.phone", "\"%.40s\" is not a "
		    "ten-digit phone number like 604-555-1234 (x and up to 7 "
		    "digits for an extension)", p->contact_phone);
	if ((rc = check_text(cfg, "payer.contact.email", e, true, 60)) != 0)
		return rc;
	if (!strchr(e, '@') || strchr(e, ' '))
		return cfg_fail(cfg, "payer.contact.email", "\"%.60s\" is not an "
		    "email address", e);
	return 0;
}

static int
payer_prepare(const struct pk_config *cfg, struct payer *pp, bool for_xml)
{
	int rc;

	memset(pp, 0, sizeof *pp);
	/* The account number first: without it there is no return at all. */
	if (for_xml && (rc = payer_account(cfg, pp)) != 0)
		return rc;
	if ((rc = check_text(cfg, "payer.name", cfg->payer.name, true, 1000))
	    != 0 || (rc = wrap_name(cfg, cfg->payer.name, pp)) != 0)
		return rc;
	if (!for_xml)
		return 0;
	if ((rc = payer_address(cfg, pp)) != 0)
		return rc;
	return payer_contact(cfg, pp);
}

int
pk_t4a_payer_check(const struct pk_config *cfg, bool for_xml)
{
	struct payer pp;

	return payer_prepare(cfg, &pp, for_xml);
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
	if (blank(text))
		return;
	indent(w);
	fprintf(w->fp, "<%s>", tag);
	pk_xml_text(w->fp, text);
	fprintf(w->fp, "</%s>\n", tag);
}

/* The same, cut to the CRA's length for the field. */
static void
xcut(struct xw *w, const char *tag, const char *text, size_t max)
{
	char buf[4 * 100 + 1];

	if (!text)
		return;
	pk_utf8_cut(buf, sizeof buf, text, max);
	xelem(w, tag, buf);
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
amount_box(struct xw *w, const struct pk_config *cfg, bool summary,
    int64_t cents)
{
	char buf[PK_MONEY_BUFSZ];
	bool fees = strcmp(cfg->t4a_box, "028") != 0;

	pk_money_fmt(cents, buf);
	xopen(w, summary ? "T4A_TAMT" : fees ? "T4A_AMT" : "OTH_INFO");
	/* Box 028 is in "other information"; the summary totals it on
	 * line 101 with every other-information amount. */
	xelem(w, summary ? fees ? "rpt_tot_fee_srvc_amt" :
	    "rpt_tot_oth_info_amt" : fees ? "fee_or_oth_srvc_amt" :
	    "oth_incamt", buf);
	xclose(w, summary ? "T4A_TAMT" : fees ? "T4A_AMT" : "OTH_INFO");
}

static void
recipient_address(struct xw *w, const struct pk_peer *p)
{
	if (blank(p->address_line1) && blank(p->address_line2) &&
	    blank(p->city) && blank(p->province) && blank(p->postal_code))
		return;
	xopen(w, "RCPNT_ADDR");
	xcut(w, "addr_l1_txt", p->address_line1, 30);
	xcut(w, "addr_l2_txt", p->address_line2, 30);
	xcut(w, "cty_nm", p->city, 28);
	xelem(w, "prov_cd", p->province);
	xelem(w, "cntry_cd", blank(p->country) ? "CAN" : p->country);
	xelem(w, "pstl_cd", p->postal_code);
	xclose(w, "RCPNT_ADDR");
}

static void
write_slip(struct xw *w, const struct pk_config *cfg, const struct payer *pp,
    const struct pk_t4a *t, const char *code)
{
	const struct pk_peer *p = &t->peer;
	char init[3], id[24];

	xopen(w, "T4ASlip");
	xopen(w, "RCPNT_NM");
	xcut(w, "snm", p->surname, 20);
	xcut(w, "gvn_nm", p->given_name, 12);
	if (initial_letter(p->initial, init))
		xelem(w, "init", init);
	xclose(w, "RCPNT_NM");
	xelem(w, "sin", blank(p->sin) ? NO_SIN : p->sin);
	xelem(w, "rcpnt_bn", NO_BN);
	recipient_address(w, p);
	/* The payer's own number for the recipient: ties an amended slip
	 * to the peer it replaces. */
	snprintf(id, sizeof id, "%" PRId64, p->id);
	xelem(w, "rcpnt_nbr", id);
	xelem(w, "bn", pp->bn);
	xelem(w, "rpt_tcd", code);
	amount_box(w, cfg, false, t->total);
	xclose(w, "T4ASlip");
}

static void
write_summary(struct xw *w, const struct pk_config *cfg,
    const struct payer *pp, const struct pk_t4a_return *ret, const char *code)
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
	xelem(w, "pstl_cd", p->postal_code);
	xclose(w, "PAYR_ADDR");
	xopen(w, "CNTC");
	xelem(w, "cntc_nm", p->contact_name);
	xelem(w, "cntc_area_cd", pp->area);
	xelem(w, "cntc_phn_nbr", pp->number);
	xelem(w, "cntc_extn_nbr", pp->ext);
	xclose(w, "CNTC");
	snprintf(buf, sizeof buf, "%d", ret->year);
	xelem(w, "tx_yr", buf);
	snprintf(buf, sizeof buf, "%zu", ret->slips);
	xelem(w, "slp_cnt", buf);
	xelem(w, "rpt_tcd", code);
	amount_box(w, cfg, true, ret->total);
	xclose(w, "T4ASummary");
}

static void
write_t619(FILE *fp, const struct pk_config *cfg, const struct payer *pp,
    const char *ref)
{
	struct xw w = { fp, 1 };
	char bn9[10];

	memcpy(bn9, pp->bn, 9);
	bn9[9] = '\0';
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Submission xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:noNamespaceSchemaLocation=\"layout-topologie.xsd\">\n", fp);
	xopen(&w, "T619");
	xelem(&w, "sbmt_ref_id", ref);
	/* The payer files its own return (My Business Account): the
	 * transmitter is the payer's business number. */
	xopen(&w, "TransmitterAccountNumber");
	xelem(&w, "bn9", bn9);
	xclose(&w, "TransmitterAccountNumber");
	xelem(&w, "summ_cnt", "1");
	xelem(&w, "lang_cd", "E");
	xopen(&w, "TransmitterName");
	xelem(&w, "l1_nm", pp->name[0]);
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
	fputs("  <Return>\n    <T4A>\n", fp);
}

struct xml_pass {
	struct xw w;
	const struct pk_config *cfg;
	const struct payer *pp;
	struct pk_t4a_return *ret;
	const char *code;
	size_t nosurname;
	char list[512];		/* the first of those, for the message */
};

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

static int
slip_cb(const struct pk_t4a *t, void *arg)
{
	struct xml_pass *x = arg;
	size_t len;

	if (t->missing & PK_T4A_NO_SURNAME) {
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
	if (!pk_money_add(&x->ret->total, t->total))
		return pk_fail(PK_EX_DATAERR, "the total of the slips overflows");
	x->ret->slips++;
	write_slip(&x->w, x->cfg, x->pp, t, x->code);
	return ferror(x->w.fp) ? pk_fail(PK_EX_IOERR, "temporary file: write "
	    "error") : 0;
}

/* FNV-1a over the slips and summary as written: the same store and
 * config give the same reference, any change a new one. */
static int
content_hash(FILE *fp, uint32_t *h)
{
	char buf[65536];
	size_t n, i;

	*h = 2166136261u;
	rewind(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		for (i = 0; i < n; i++)
			*h = (*h ^ (unsigned char)buf[i]) * 16777619u;
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

static int
finish_xml(struct xml_pass *x, FILE *tmp, FILE *fp)
{
	uint32_t h;
	int rc;

	write_summary(&x->w, x->cfg, x->pp, x->ret, x->code);
	if (fflush(tmp) != 0 || ferror(tmp))
		return pk_fail(PK_EX_IOERR, "temporary file: write error");
	if ((rc = content_hash(tmp, &h)) != 0)
		return rc;
	if (x->ret->ref)
		snprintf(x->ret->ref_used, sizeof x->ret->ref_used, "%s",
		    x->ret->ref);
	else
		derive_ref(x->ret->ref_used, x->ret->year, h);
	write_t619(fp, x->cfg, x->pp, x->ret->ref_used);
	if ((rc = copy_file(tmp, fp)) != 0)
		return rc;
	fputs("    </T4A>\n  </Return>\n</Submission>\n", fp);
	return ferror(fp) ? pk_fail(PK_EX_IOERR, "<stdout>: write error") : 0;
}

int
pk_t4a_xml(pk_store *s, const struct pk_config *cfg,
    struct pk_t4a_return *ret, FILE *fp)
{
	struct payer pp;
	struct xml_pass x;
	FILE *tmp;
	int rc;

	ret->slips = 0;
	ret->total = 0;
	ret->ref_used[0] = '\0';
	if (ret->year < 1966 || ret->year > 2099)
		return pk_fail(PK_EX_USAGE, "year %d: the CRA takes T4A returns "
		    "for 1966 to 2099", ret->year);
	if (ret->ref && !pk_t4a_ref_ok(ret->ref))
		return pk_fail(PK_EX_USAGE, "reference \"%s\": 1 to 8 letters "
		    "and digits", ret->ref);
	if ((rc = payer_prepare(cfg, &pp, true)) != 0)
		return rc;
	if (!(tmp = tmpfile()))
		return pk_fail(PK_EX_CANTCREAT, "temporary file: %s",
		    strerror(errno));
	memset(&x, 0, sizeof x);
	x.w.fp = tmp;
	x.w.depth = 3;
	x.cfg = cfg;
	x.pp = &pp;
	x.ret = ret;
	x.code = ret->amend ? "A" : "O";
	rc = pk_t4a_each(s, cfg, ret->year, false, slip_cb, &x);
	if (rc == 0 && x.nosurname > 0)
		rc = pk_fail(PK_EX_DATAERR, "%zu required slip%s without a legal "
		    "surname cannot be filed: peer%s %s; add it (peer-add "
		    "--update ID --surname NAME) and run again", x.nosurname,
		    x.nosurname > 1 ? "s" : "", x.nosurname > 1 ? "s" : "",
		    x.list);
	if (rc == 0 && ret->slips > 0)
		rc = finish_xml(&x, tmp, fp);
	fclose(tmp);
	return rc;
}

/*
 * The statement handed to a peer
 */

static void
field(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "%-12s %s\n", label, value);
}

static void
statement_recipient(FILE *fp, const struct pk_t4a *t)
{
	const struct pk_peer *p = &t->peer;
	char mask[12], *s;

	if (t->missing & PK_T4A_NO_SURNAME) {
		field(fp, "Recipient:", "(legal name not on file)");
	} else {
		s = pk_asprintf("%s%s%s%s%s", p->surname,
		    blank(p->given_name) ? "" : ", ",
		    blank(p->given_name) ? "" : p->given_name,
		    blank(p->initial) ? "" : " ", blank(p->initial) ? "" :
		    p->initial);
		field(fp, "Recipient:", s);
		free(s);
	}
	if (!blank(p->address_line1))
		field(fp, "", p->address_line1);
	if (!blank(p->address_line2))
		field(fp, "", p->address_line2);
	if (!blank(p->city) || !blank(p->province) || !blank(p->postal_code)) {
		s = pk_asprintf("%s %s  %s", p->city ? p->city : "",
		    p->province ? p->province : "", p->postal_code ?
		    p->postal_code : "");
		field(fp, "", s);
		free(s);
	}
	if (t->missing & PK_T4A_NO_ADDRESS)
		field(fp, "", "(full address not on file)");
	field(fp, "SIN:", t->missing & PK_T4A_NO_SIN ? "not on file: the slip "
	    "is filed with 000000000 until you give it" :
	    pk_sin_mask(p->sin, mask));
	s = pk_asprintf("%s (id %" PRId64 ")", p->alias, p->id);
	field(fp, "Peer:", s);
	free(s);
}

/* Print text as a paragraph filled to 72 columns, then a blank line. */
static void
para(FILE *fp, char *text)
{
	const char *w = text, *end;
	size_t col = 0, n;

	while (*w) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		for (end = w; *end && *end != ' '; end++)
			;
		n = nchars_n(w, (size_t)(end - w));
		if (col > 0 && col + 1 + n > 72) {
			putc('\n', fp);
			col = 0;
		} else if (col > 0) {
			putc(' ', fp);
			col++;
		}
		fwrite(w, 1, (size_t)(end - w), fp);
		col += n;
		w = end;
	}
	fputs("\n\n", fp);
	free(text);
}

static char *
contact_text(const struct pk_config *cfg)
{
	const struct pk_payer *p = &cfg->payer;
	bool phone = !blank(p->contact_phone), email = !blank(p->contact_email);

	return pk_asprintf("If your name, address or SIN above is wrong or "
	    "missing, tell %s%s%s%s%s%s so that the slip can be corrected with "
	    "the CRA.", blank(p->contact_name) ? "us" : p->contact_name,
	    phone || email ? " (" : "", phone ? p->contact_phone : "",
	    phone && email ? ", " : "", email ? p->contact_email : "",
	    phone || email ? ")" : "");
}

int
pk_t4a_statement(FILE *fp, const struct pk_config *cfg,
    const struct pk_t4a *t)
{
	const struct pk_payer *p = &cfg->payer;
	bool fees = strcmp(cfg->t4a_box, "028") != 0;
	const char *box = fees ? "048, fees for services" :
	    "028, other income";
	char money[PK_MONEY_BUFSZ], *s;

	fprintf(fp, "T4A %d: statement for %s\n\n", t->year, t->peer.alias);
	field(fp, "Payer:", p->name);
	if (!blank(p->line1))
		field(fp, "", p->line1);
	if (!blank(p->line2))
		field(fp, "", p->line2);
	if (!blank(p->city)) {
		s = pk_asprintf("%s %s  %s", p->city, p->province ?
		    p->province : "", p->postal_code ? p->postal_code : "");
		field(fp, "", s);
		free(s);
	}
	statement_recipient(fp, t);
	fprintf(fp, "\nBox %s: $%s\n\n", box, pk_money_fmt(t->total, money));
	para(fp, pk_asprintf("%s reports this amount to the Canada Revenue "
	    "Agency on your T4A slip for %d: the honoraria paid to you in %d "
	    "(%" PRId64 " payment%s).  Reimbursements (transit, childcare, "
	    "meals) are not income and are not included.  Keep this statement "
	    "for your income tax return.", p->name, t->year, t->year,
	    t->payments, t->payments == 1 ? "" : "s"));
	para(fp, contact_text(cfg));
	fputs("\f\n", fp);
	return ferror(fp) ? pk_fail(PK_EX_IOERR, "write error") : 0;
}
