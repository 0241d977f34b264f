/*
 * receipt.c - a printable receipt for a payment: plain text for a
 * terminal or a printer, or one self-contained HTML page, with the
 * amount in figures and words, what it paid for, and lines for the peer
 * and a witness to sign.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Text for a page or a terminal, markup escaped for HTML. */
static void
put_text(FILE *fp, const char *s, bool html)
{
	pk_markup_text(fp, s, html ? PK_MARKUP_HTML : PK_MARKUP_NONE);
}

/* One receipt line: "label  value" in text, a table row in HTML. */
static void
put_field(FILE *fp, const char *label, const char *value, bool html)
{
	if (html) {
		fputs("<tr><th>", fp);
		put_text(fp, label, true);
		fputs("</th><td>", fp);
		put_text(fp, value, true);
		fputs("</td></tr>\n", fp);
	} else {
		fprintf(fp, "%-16s", label);
		put_text(fp, value, false);
		putc('\n', fp);
	}
}

static const char receipt_css[] =
    "body{font-family:sans-serif;max-width:40em;margin:2em auto;"
    "padding:0 1em;color:#000}\n"
    "h1{font-size:1.4em}\n"
    "th{text-align:left;padding:.2em 1em .2em 0;vertical-align:top}\n"
    "td{padding:.2em 1em .2em 0}\n"
    ".void{border:4px solid #b00;color:#b00;font-size:2em;"
    "font-weight:bold;text-align:center;padding:.3em}\n"
    ".sign{margin-top:2.5em}\n"
    ".line{display:inline-block;border-bottom:1px solid #000;width:18em;"
    "margin-left:1em}\n"
    ".short{width:8em}\n";

static void
receipt_head(FILE *fp, const struct pk_config *cfg,
    const struct pk_payment *p, bool html)
{
	char title[64];

	snprintf(title, sizeof title, "Receipt %lld", (long long)p->id);
	if (html) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<title>", fp);
		put_text(fp, title, true);
		fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		    receipt_css);
	}
	if (strcmp(p->status, "void") == 0) {
		fputs(html ? "<p class=\"void\">VOID</p>\n<table>\n" :
		    "*** VOID *** VOID *** VOID ***\n", fp);
		put_field(fp, "Voided", p->voided_at, html);
		put_field(fp, "Reason", p->void_reason, html);
		fputs(html ? "</table>\n" : "\n", fp);
	}
	fputs(html ? "<h1>Payment receipt</h1>\n" : "PAYMENT RECEIPT\n", fp);
	if (!pk_text_blank(cfg->payer.name)) {
		fputs(html ? "<p>" : "", fp);
		put_text(fp, cfg->payer.name, html);
		fputs(html ? "</p>\n" : "\n", fp);
	}
	fputs(html ? "<table>\n" : "\n", fp);
}

static void
receipt_fields(FILE *fp, const struct pk_payment *p, bool html)
{
	char num[32], amount[PK_MONEY_BUFSZ + 1], money[PK_MONEY_BUFSZ];
	char kind[64], owed[PK_MONEY_BUFSZ], rounding[128];
	char *words = pk_money_words(p->amount);

	snprintf(num, sizeof num, "%lld", (long long)p->id);
	snprintf(amount, sizeof amount, "$%s", pk_money_fmt(p->amount, money));
	snprintf(kind, sizeof kind, "%s%s%s%s", p->kind,
	    p->category ? " (" : "", p->category ? p->category : "",
	    p->category ? ")" : "");
	put_field(fp, "Receipt number", num, html);
	put_field(fp, "Payment uuid", p->uuid, html);
	put_field(fp, "Date", p->date, html);
	put_field(fp, "Paid to", p->alias, html);
	put_field(fp, "Amount", amount, html);
	put_field(fp, "In words", words, html);
	put_field(fp, "Method", p->method, html);
	if (p->rounding != 0) {
		/* What was owed, and the cash rounding (cash.c). */
		snprintf(rounding, sizeof rounding, "%s%s on %s owed (no cent "
		    "coin)", p->rounding > 0 ? "+" : "", pk_money_fmt(p->rounding,
		    money), pk_money_fmt(p->amount - p->rounding, owed));
		put_field(fp, "Cash rounding", rounding, html);
	}
	put_field(fp, "Kind", kind, html);
	if (p->ref)
		put_field(fp, "Reference", p->ref, html);
	fputs(html ? "</table>\n" : "", fp);
	free(words);
}

/* One engagement the payment was for, and what of it went there (-1:
 * the payment is void, and only what it was for is shown). */
static int
receipt_engagement(pk_store *s, FILE *fp, int64_t id, int64_t amount,
    bool html)
{
	static const char sql[] = "SELECT date, activity, minutes FROM "
	    "engagements WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	const char *activity;
	char h[PK_HOURS_BUFSZ], m[PK_MONEY_BUFSZ];
	int rc;

	pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) != PK_ROW) {
		rc = rc == PK_DONE ? pk_fail(PK_EX_DATAERR, "no engagement "
		    "with id %lld", (long long)id) : pk_sql_fail(s,
		    "read an engagement");
		pk_reset(st);
		return rc;
	}
	pk_hours_fmt(pk_col_int64(st, 2), h);
	fputs(html ? "<tr><td>" : "  ", fp);
	put_text(fp, pk_col_text(st, 0), html);
	fputs(html ? "</td><td>" : "  ", fp);
	activity = pk_col_text(st, 1);
	put_text(fp, activity, html);
	if (!html && strlen(activity) < 14)
		fprintf(fp, "%*s", (int)(14 - strlen(activity)), "");
	fprintf(fp, html ? "</td><td>%s hours</td>" : "%6s hours", h);
	if (amount >= 0)
		fprintf(fp, html ? "<td>%s</td>" : "  %9s", pk_money_fmt(amount,
		    m));
	fputs(html ? "</tr>\n" : "\n", fp);
	pk_reset(st);
	return 0;
}

static int
receipt_engagements(pk_store *s, FILE *fp, const struct pk_payment *p,
    bool html)
{
	/* What it pays, from the ledger; a void payment pays nothing, and
	 * shows what it was made for. */
	bool paid = p->nengagements > 0;
	size_t i, n = paid ? p->nengagements : p->nnamed;
	char m[PK_MONEY_BUFSZ];
	int rc;

	if (n == 0 && p->credit == 0)
		return 0;
	fputs(html ? "<h2>For</h2>\n<table>\n" : "\nFor\n", fp);
	for (i = 0; i < n; i++)
		if ((rc = receipt_engagement(s, fp, paid ? p->engagements[i] :
		    p->named[i], paid && p->amounts ? p->amounts[i] : -1, html)))
			return rc;
	if (p->credit > 0)
		fprintf(fp, html ? "<tr><td colspan=\"3\">credit, for what is "
		    "to come</td><td>%s</td></tr>\n" : "  credit, for what is to "
		    "come      %9s\n", pk_money_fmt(p->credit, m));
	fputs(html ? "</table>\n" : "", fp);
	return 0;
}

/* Where the peer and a witness sign: proof of payment for someone who
 * has no ID to show. */
static void
receipt_sign(FILE *fp, const struct pk_payment *p, bool html)
{
	static const struct {
		const char *label;
		bool date;
	} lines[] = {
		{"Peer signature", true}, {"Witness signature", true},
		{"Witness name", false}
	};
	size_t i;

	fputs(html ? "<p class=\"sign\">I received this payment.</p>\n" :
	    "\nI received this payment.\n", fp);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (html)
			fprintf(fp, "<p class=\"sign\">%s<span class=\"line\">"
			    "</span>%s</p>\n", lines[i].label, lines[i].date ?
			    " Date<span class=\"line short\"></span>" : "");
		else
			fprintf(fp, "\n%-20s______________________________%s\n",
			    lines[i].label, lines[i].date ? "  Date ____________" :
			    "");
	}
	if (strcmp(p->status, "void") == 0)
		fputs(html ? "<p class=\"void\">VOID</p>\n" :
		    "\n*** VOID *** VOID *** VOID ***\n", fp);
	if (html)
		fputs("</body>\n</html>\n", fp);
}

int
pk_payment_receipt(pk_store *s, const struct pk_config *cfg,
    const struct pk_payment *p, FILE *fp, bool html)
{
	int rc;

	receipt_head(fp, cfg, p, html);
	receipt_fields(fp, p, html);
	if ((rc = receipt_engagements(s, fp, p, html)) != 0)
		return rc;
	receipt_sign(fp, p, html);
	return ferror(fp) ? pk_fail_write() : 0;
}
