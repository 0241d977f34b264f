/*
 * t4a.c - the year-end: each peer's taxable payments for a calendar
 * year, whether a T4A slip is needed and what it would lack, the
 * payer's details as config.yaml gives them, and the statement a peer
 * is handed.
 *
 * What a slip would lack is decided here and nowhere else
 * (pk_t4a_missing): the report, the return and the warning a payment
 * gives when it takes a peer over the threshold all ask it, so they
 * cannot disagree.
 *
 * The CRA XML return is t4a-xml.c.  The payer is checked here because
 * a statement prints the payer's name too: the return asks for more of
 * the same section, by the same rules.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

/*
 * Totals and readiness
 */

bool
pk_t4a_domestic(const char *country)
{
	return pk_text_blank(country) || strcmp(country, "CAN") == 0 ||
	    strcmp(country, "USA") == 0;
}

/* Nothing the return could carry: blank, or text with no letter left
 * once in the CRA's characters (a name in Chinese or Cyrillic letters
 * is sent as "", and the return fails the CRA's schema; "李-" as "-",
 * a slip naming nobody); *script says which. */
static bool
cra_blank(const char *s, int kind, bool *script)
{
	const char *c;
	char *v;
	bool blank = true;

	if (pk_text_blank(s))
		return true;
	v = pk_cra_text(s, kind, NULL);
	for (c = v; *c && blank; c++)
		blank = !isalpha((unsigned char)*c);
	free(v);
	*script = *script || blank;
	return blank;
}

unsigned
pk_t4a_missing(const struct pk_peer *p)
{
	unsigned m = 0;
	bool script = false;

	if (cra_blank(p->surname, PK_CRA_NAME, &script))
		m |= PK_T4A_NO_SURNAME;
	if (pk_text_blank(p->sin))
		m |= PK_T4A_NO_SIN;
	/* A Canadian or US address has a province or state and a postal or
	 * ZIP code; another country's has neither of the CRA's province
	 * codes (the return carries ZZ) and not always a postal code. */
	if (cra_blank(p->address_line1, PK_CRA_ADDRESS, &script) ||
	    cra_blank(p->city, PK_CRA_ADDRESS, &script) ||
	    (pk_t4a_domestic(p->country) && (pk_text_blank(p->province) ||
	    pk_text_blank(p->postal_code))))
		m |= PK_T4A_NO_ADDRESS;
	if (script && m)
		m |= PK_T4A_SCRIPT;
	return m;
}

const char *
pk_t4a_missing_text(unsigned missing, char *buf, size_t size)
{
	bool surname = missing & PK_T4A_NO_SURNAME,
	    sin = missing & PK_T4A_NO_SIN,
	    address = missing & PK_T4A_NO_ADDRESS,
	    dup = missing & PK_T4A_DUPLICATE,
	    script = missing & PK_T4A_SCRIPT;

	/* Nothing missing, as for most peers paid: no format to parse. */
	if (!missing && size > 0) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, size, "%s%s%s%s%s%s%s%s", surname ? "legal surname" : "",
	    surname && sin ? ", " : "", sin ? "SIN" : "",
	    (surname || sin) && address ? ", " : "", address ? "address" : "",
	    script ? " in letters the CRA's return takes (Latin)" : "",
	    (surname || sin || address) && dup ? ", " : "", dup ?
	    "one record (the SIN is on two)" : "");
	return buf;
}

/* A peer that holds the columns PK_PK_T4A_RULE_COLS read from col on
 * (pointing into the statement's row, not copied). */
void
pk_t4a_rule_peer(pk_q *st, int col, struct pk_peer *p)
{
	memset(p, 0, sizeof *p);
	p->surname = (char *)pk_col_text(st, col);
	p->sin = (char *)pk_col_text(st, col + 1);
	p->address_line1 = (char *)pk_col_text(st, col + 2);
	p->city = (char *)pk_col_text(st, col + 3);
	p->province = (char *)pk_col_text(st, col + 4);
	p->postal_code = (char *)pk_col_text(st, col + 5);
	p->country = (char *)pk_col_text(st, col + 6);
}

/* The walk of pk_t4a_each; full: each peer read whole (pk_peer_get),
 * else only its columns the rule reads (the peer's id and those). */
static int
t4a_walk(pk_store *s, const struct pk_config *cfg, int year, bool all,
    bool full, int (*fn)(const struct pk_t4a *, void *), void *arg)
{
	/* The IN list makes SQLite walk the peers and seek each one's year
	 * in the covering index payments_peer (peer_id, date, status, kind,
	 * amount): the work grows with the year's payments, not with the
	 * years on file.  Left to itself it reads the date range through
	 * payments_date and fetches every row from the table, several times
	 * slower (measured: 1.0 s against 0.15 s for 1,000,000 payments). */
	/* Then the totals are a person's, not a record's: records that
	 * share a SIN (a person registered twice, not yet merged) are added
	 * up as one, under the first, and the slip is not ready until they
	 * are merged.  The columns the rule reads are the first record's,
	 * read for the people the HAVING keeps. */
	static const char sql[] = "SELECT y.id, y.n, y.total, y.records, "
	    PK_T4A_RULE_COLS " FROM (SELECT min(x.peer_id) AS id, sum(x.n) AS n, "
	    "sum(x.total) AS total, count(*) AS records FROM (SELECT peer_id, "
	    "count(*) AS n, sum(amount) AS total FROM payments WHERE peer_id "
	    "IN (SELECT id FROM peers) AND date BETWEEN ?1 AND ?2 AND "
	    PK_SQL_TAXABLE("") " GROUP BY peer_id) x JOIN peers p "
	    "ON p.id = x.peer_id GROUP BY coalesce(p.sin_key, "
	    "'#' || p.id) HAVING ?3 <> 0 OR sum(x.total) > ?4) y "
	    "JOIN peers pe ON pe.id = y.id ORDER BY y.id";
	pk_q *st = pk_stmt(s, sql);
	char from[PK_DATE_BUFSZ], to[PK_DATE_BUFSZ];
	struct pk_t4a t;
	int rc;

	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	pk_bind_text(st, 1, from);
	pk_bind_text(st, 2, to);
	pk_bind_int64(st, 3, all);
	pk_bind_int64(st, 4, cfg->t4a_threshold);
	while ((rc = pk_step(st)) == PK_ROW) {
		memset(&t, 0, sizeof t);
		t.year = year;
		t.payments = pk_col_int64(st, 1);
		t.total = pk_col_int64(st, 2);
		t.required = t.total > cfg->t4a_threshold;
		if (!full) {
			pk_t4a_rule_peer(st, 4, &t.peer);
			t.peer.id = pk_col_int64(st, 0);
		} else if ((rc = pk_peer_get(s, pk_col_int64(st, 0),
		    &t.peer)) != 0) {
			pk_reset(st);
			return rc;
		}
		t.missing = pk_t4a_missing(&t.peer);
		if (pk_col_int64(st, 3) > 1)
			t.missing |= PK_T4A_DUPLICATE;
		rc = fn(&t, arg);
		if (full)
			pk_peer_free(&t.peer);
		if (rc != 0) {
			pk_reset(st);
			return rc;
		}
	}
	if (rc != PK_DONE) {
		rc = pk_sql_fail(s, "sum the year's payments");
		pk_reset(st);
		return rc;
	}
	pk_reset(st);
	return 0;
}

int
pk_t4a_each(pk_store *s, const struct pk_config *cfg, int year, bool all,
    int (*fn)(const struct pk_t4a *, void *), void *arg)
{
	return t4a_walk(s, cfg, year, all, true, fn, arg);
}

static int
count_unready(const struct pk_t4a *t, void *arg)
{
	*(int64_t *)arg += !pk_t4a_ready(t);
	return 0;
}

int
pk_t4a_unready(pk_store *s, const struct pk_config *cfg, int year,
    int64_t *n)
{
	*n = 0;
	return t4a_walk(s, cfg, year, false, false, count_unready, n);
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
	if (t->missing & PK_T4A_DUPLICATE)
		append(m, "duplicate");
	if (t->missing & PK_T4A_SCRIPT)
		append(m, "latin");
	pk_json_set(o, "missing", m);
	pk_json_set(o, "sin_requested", t->peer.sin_requested ?
	    json_incref(t->peer.sin_requested) : json_array());
	return o;
}

/*
 * The payer, from config.yaml
 */

int
pk_t4a_cfg_fail(const struct pk_config *cfg, const char *key,
    const char *fmt, ...)
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

/* A text setting: required or not, at most max characters. */
static int
check_text(const struct pk_config *cfg, const char *key, const char *v,
    bool required, size_t max)
{
	if (pk_text_blank(v))
		return required ? pk_t4a_cfg_fail(cfg, key, "not set; the T4A "
		    "return needs it") : 0;
	if (pk_text_has_control(v, false))
		return pk_t4a_cfg_fail(cfg, key, "control characters are not "
		    "allowed");
	if (pk_utf8_chars(v) > max)
		return pk_t4a_cfg_fail(cfg, key, "longer than the CRA's %zu "
		    "characters", max);
	return 0;
}

/* Up to three lines of 30 characters, broken between words. */
static int
wrap_name(const struct pk_config *cfg, const char *name,
    struct pk_t4a_payer *pp)
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
		n = pk_utf8_chars_n(w, len);
		if (pp->nname > 0 && used + 1 + n <= PK_T4A_NAME_LINE) {
			strcat(pp->name[pp->nname - 1], " ");
			strncat(pp->name[pp->nname - 1], w, len);
			used += 1 + n;
		} else if (pp->nname < 3 && n <= PK_T4A_NAME_LINE) {
			memcpy(pp->name[pp->nname], w, len);
			pp->name[pp->nname++][len] = '\0';
			used = n;
		} else {
			return pk_t4a_cfg_fail(cfg, "payer.name", "does not fit "
			    "the CRA's three lines of %d characters",
			    PK_T4A_NAME_LINE);
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
payer_account(const struct pk_config *cfg, struct pk_t4a_payer *pp)
{
	const char *v = cfg->payer.account_number;
	size_t i;

	if (pk_text_blank(v))
		return pk_t4a_cfg_fail(cfg, "payer.account_number", "not set; "
		    "the T4A return needs the payer's program account number "
		    "(nine digits, RP, four digits, like 123456789RP0001)");
	if (!account_ok(v))
		return pk_t4a_cfg_fail(cfg, "payer.account_number", "\"%.40s\" "
		    "is not nine digits, RP and four digits (like "
		    "123456789RP0001)", v);
	for (i = 0; i < 15; i++)
		pp->bn[i] = (char)toupper((unsigned char)v[i]);
	pp->bn[15] = '\0';
	return 0;
}

/* The transmitter's name: as much of the payer's name as fits in 35
 * characters, cut between words (a first word too long is cut). */
static void
transmitter_name(const char *name, struct pk_t4a_payer *pp)
{
	const char *w = name, *end;
	char *t = pp->transmitter;
	size_t used = 0, len, n;

	t[0] = '\0';
	for (;;) {
		while (*w == ' ')
			w++;
		if (!*w)
			return;
		for (end = w; *end && *end != ' '; end++)
			;
		len = (size_t)(end - w);
		n = pk_utf8_chars_n(w, len);
		if (used + (used > 0) + n > PK_T4A_TRANSMITTER) {
			if (used == 0) {
				len = pk_utf8_prefix(w, PK_T4A_TRANSMITTER);
				memcpy(t, w, len);
				t[len] = '\0';
			}
			return;
		}
		if (used > 0)
			strcat(t, " ");
		strncat(t, w, len);
		used += (used > 0) + n;
		w = end;
	}
}

static int
payer_address(const struct pk_config *cfg, struct pk_t4a_payer *pp)
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
	if (pk_text_blank(p->postal_code))
		return pk_t4a_cfg_fail(cfg, "payer.address.postal_code", "not "
		    "set; the T4A return needs it");
	if (!pk_postal_ca(p->postal_code, pp->postal))
		return pk_t4a_cfg_fail(cfg, "payer.address.postal_code",
		    "\"%.40s\" is not a Canadian postal code like V6A 1N5 "
		    "(letter, digit, letter, digit, letter, digit; no D, F, I, "
		    "O, Q or U, no W or Z first)", p->postal_code);
	if (pk_text_blank(c))
		c = "CAN";
	else if (strlen(c) != 3 || !isalpha((unsigned char)c[0]) ||
	    !isalpha((unsigned char)c[1]) || !isalpha((unsigned char)c[2]))
		return pk_t4a_cfg_fail(cfg, "payer.address.country", "\"%.40s\" "
		    "is not a three-letter country code like CAN", c);
	pp->country = c;
	return 0;
}

static int
payer_contact(const struct pk_config *cfg, struct pk_t4a_payer *pp)
{
	const struct pk_payer *p = &cfg->payer;
	const char *e = p->contact_email;
	int rc;

	if ((rc = check_text(cfg, "payer.contact.name", p->contact_name, true,
	    35)) != 0)
		return rc;
	if (pk_text_blank(p->contact_phone))
		return pk_t4a_cfg_fail(cfg, "payer.contact.phone", "not set; "
		    "the T4A return needs it");
	if (!pk_phone_split(p->contact_phone, pp->area, pp->number, pp->ext))
		return pk_t4a_cfg_fail(cfg, "payer.contact.phone", "\"%.40s\" "
		    "is not a ten-digit phone number like 604-555-1234 (x and "
		    "up to 7 digits for an extension)", p->contact_phone);
	if ((rc = check_text(cfg, "payer.contact.email", e, true, 60)) != 0)
		return rc;
	if (!strchr(e, '@') || strchr(e, ' '))
		return pk_t4a_cfg_fail(cfg, "payer.contact.email", "\"%.60s\" "
		    "is not an email address", e);
	return 0;
}

int
pk_t4a_payer_prepare(const struct pk_config *cfg, struct pk_t4a_payer *pp,
    bool for_xml)
{
	int rc;

	memset(pp, 0, sizeof *pp);
	/* The account number first: without it there is no return at all. */
	if (for_xml && (rc = payer_account(cfg, pp)) != 0)
		return rc;
	if ((rc = check_text(cfg, "payer.name", cfg->payer.name, true, 1000))
	    != 0 || (rc = wrap_name(cfg, cfg->payer.name, pp)) != 0)
		return rc;
	transmitter_name(cfg->payer.name, pp);
	if (!for_xml)
		return 0;
	if ((rc = payer_address(cfg, pp)) != 0)
		return rc;
	return payer_contact(cfg, pp);
}

int
pk_t4a_payer_check(const struct pk_config *cfg, bool for_xml)
{
	struct pk_t4a_payer pp;

	return pk_t4a_payer_prepare(cfg, &pp, for_xml);
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
		    pk_text_blank(p->given_name) ? "" : ", ",
		    pk_text_blank(p->given_name) ? "" : p->given_name,
		    pk_text_blank(p->initial) ? "" : " ", pk_text_blank(p->initial) ? "" :
		    p->initial);
		field(fp, "Recipient:", s);
		free(s);
	}
	if (!pk_text_blank(p->address_line1))
		field(fp, "", p->address_line1);
	if (!pk_text_blank(p->address_line2))
		field(fp, "", p->address_line2);
	if (!pk_text_blank(p->city) || !pk_text_blank(p->province) || !pk_text_blank(p->postal_code)) {
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
		n = pk_utf8_chars_n(w, (size_t)(end - w));
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
	bool phone = !pk_text_blank(p->contact_phone), email = !pk_text_blank(p->contact_email);

	return pk_asprintf("If your name, address or SIN above is wrong or "
	    "missing, tell %s%s%s%s%s%s so that the slip can be corrected with "
	    "the CRA.", pk_text_blank(p->contact_name) ? "us" : p->contact_name,
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
	if (!pk_text_blank(p->line1))
		field(fp, "", p->line1);
	if (!pk_text_blank(p->line2))
		field(fp, "", p->line2);
	if (!pk_text_blank(p->city)) {
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
	return ferror(fp) ? pk_fail_write() : 0;
}
