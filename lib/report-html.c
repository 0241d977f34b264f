/*
 * report-html.c - the report as one self-contained HTML page
 *
 * Inline CSS and inline SVG, no script, nothing fetched, so the file
 * mails, prints and archives as it is; letter pages, black on white.
 * The page is well-formed XML too (every element closed), so that
 * xmllint reads it and each SVG as XML.  The chart's colours are the
 * Okabe-Ito palette, which colour-blind readers tell apart, each with a
 * pattern of its own so the levels stay apart in greyscale; its numbers
 * are in the table beside it, and it has a <title> and a <desc>.  All
 * text goes through pk_markup_text; every cell through pk_cell_text.
 */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"

static const char css[] =
    "@page{size:letter;margin:12mm}\n"
    "body{font:9.5pt/1.3 sans-serif;color:#000;background:#fff;"
    "margin:0 auto;max-width:7.6in}\n"
    "h1{font-size:15pt;margin:0 0 2pt}\n"
    "h2{font-size:11pt;margin:9pt 0 3pt;border-bottom:1px solid #000;"
    "break-after:avoid}\n"
    "p.note{font-size:8.5pt;margin:0 0 4pt}\n"
    "table{border-collapse:collapse;font-size:8.5pt;break-inside:avoid}\n"
    "th,td{padding:1pt 4pt;text-align:right;vertical-align:top}\n"
    "td+td,th+th,table.months td{white-space:nowrap}\n"
    "th:first-child,td:first-child{text-align:left}\n"
    "thead th{border-bottom:1px solid #000}\n"
    "tr.total td{border-top:1px solid #000;font-weight:bold}\n"
    "table.figs th{font-weight:normal;text-align:left}\n"
    "table.figs td{font-weight:bold;padding-right:14pt}\n"
    ".row{display:flex;gap:12pt;align-items:flex-start;"
    "break-inside:avoid}\n"
    ".row>div{flex:1 1 0;min-width:0}\n"
    "svg{flex:none}\n";

/* Okabe-Ito, light to dark, and a pattern for each level. */
static const char *const colours[PK_LEVELS] = {
	"#F0E442", "#56B4E9", "#E69F00", "#009E73", "#0072B2"
};
static const char *const patterns[PK_LEVELS] = {
	"",
	"<path d=\"M0,6 L6,0\" stroke=\"#000\" stroke-width=\"0.8\"/>",
	"<circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"#000\"/>",
	"<path d=\"M0,3 L6,3\" stroke=\"#000\" stroke-width=\"0.8\"/>",
	"<path d=\"M0,0 L6,6 M0,6 L6,0\" stroke=\"#fff\" stroke-width=\"0.9\"/>"
};
static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

static void
esc(FILE *fp, const char *s)
{
	pk_markup_text(fp, s, PK_MARKUP_HTML);
}

/* <tag>text</tag>, the text escaped. */
static void
el(FILE *fp, const char *tag, const char *text)
{
	fprintf(fp, "<%s>", tag);
	esc(fp, text);
	fprintf(fp, "</%s>", tag);
}

/* A cell as its rule shows it: money (cents) or a count. */
static const char *
shown(const struct pk_report *r, const struct pk_cell *c, int64_t v,
    bool money, char *buf)
{
	if (c->hide != PK_SHOWN || !money)
		return pk_cell_text(c, r->suppress, v, buf);
	return pk_money_fmt(v, buf);
}

static void
fig(FILE *fp, const char *label, const char *value)
{
	el(fp, "th", label);
	el(fp, "td", value);
}

static void
html_figures(FILE *fp, const struct pk_report *r)
{
	const struct pk_summary_row *t = pk_report_total(&r->total);
	char a[4][PK_MONEY_BUFSZ + PK_CELL_BUFSZ], label[48];
	size_t i;

	fputs("<h2>The period at a glance</h2>\n<table class=\"figs\">\n<tr>",
	    fp);
	fig(fp, "Peers engaged", shown(r, &r->engaged, t->peers, false, a[0]));
	fig(fp, "Honoraria paid", shown(r, &r->paid_cell, r->pay.honoraria,
	    true, a[1]));
	fig(fp, "New peers", shown(r, &r->new_peers.cell, r->new_peers.v, false,
	    a[2]));
	fputs("</tr>\n<tr>", fp);
	fig(fp, "Engagements", shown(r, &r->engaged, t->engagements, false,
	    a[0]));
	fig(fp, "Share paid in cash", r->paid_cell.hide ? shown(r,
	    &r->paid_cell, 0, false, a[1]) : r->pay.honoraria ? strcat(
	    pk_share_fmt(r->pay.cash, r->pay.honoraria, a[1]), "%") : "-");
	fig(fp, "Hours", r->engaged.hide ? shown(r, &r->engaged, 0, false,
	    a[2]) : pk_hours_fmt(t->minutes, a[2]));
	fputs("</tr>\n<tr>", fp);
	fig(fp, "Still owed", shown(r, &r->engaged, t->due - t->paid, true,
	    a[0]));
	for (i = 0; i <= PK_PAY_NCATEGORIES; i++) {
		if (i == PK_PAY_NCATEGORIES && !r->pay.reimbursed_peers[i])
			break;
		if (i % 3 == 2)
			fputs("</tr>\n<tr>", fp);
		snprintf(label, sizeof label, "Reimbursed: %s",
		    i < PK_PAY_NCATEGORIES ? pk_pay_categories[i] : "none");
		fig(fp, label, shown(r, &r->reimbursed[i], r->pay.reimbursed[i],
		    true, a[3]));
	}
	fputs("</tr>\n</table>\n", fp);
}

/* A round step for about four gridlines up to max. */
static int64_t
grid_step(int64_t max)
{
	int64_t step = 1;

	while (step * 4 < max)
		step = step % 3 == 2 ? step / 2 * 5 : step * 2;
	return step;
}

#define CH_X0 34
#define CH_Y0 160		/* the baseline */
#define CH_H 148		/* the tallest bar */
#define CH_BAR 25		/* per month */

static void
bar_segment(FILE *fp, int i, double y, double h, const char *fill,
    const char *pattern)
{
	if (h <= 0)
		return;
	fprintf(fp, "<rect x=\"%d\" y=\"%.1f\" width=\"19\" height=\"%.1f\" "
	    "fill=\"%s\" stroke=\"#000\" stroke-width=\"0.5\"/>", CH_X0 + 3 +
	    i * CH_BAR, y, h, fill);
	if (pattern)
		fprintf(fp, "<rect x=\"%d\" y=\"%.1f\" width=\"19\" height=\"%.1f\" "
		    "fill=\"url(#%s)\"/>", CH_X0 + 3 + i * CH_BAR, y, h, pattern);
	fputc('\n', fp);
}

/* One month's bar: the levels shown, then what is hidden in one piece. */
static void
month_bar(FILE *fp, const struct pk_report *r, int i, double scale)
{
	const struct pk_summary *sum = &r->by_month[i];
	const struct pk_summary_row *t = pk_report_total(sum), *row;
	struct pk_cell c = pk_report_row_cell(t);
	char buf[PK_CELL_BUFSZ], id[16];
	double y = CH_Y0, h;
	int64_t rest = t->engagements;
	int l;

	if (c.hide) {
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"7\" "
		    "text-anchor=\"middle\">", CH_X0 + 12 + i * CH_BAR, CH_Y0 - 3);
		esc(fp, pk_cell_text(&c, r->suppress, 0, buf));
		fputs("</text>\n", fp);
		return;
	}
	for (l = 0; l < PK_LEVELS; l++) {
		row = pk_report_level(sum, l);
		c = pk_report_row_cell(row);
		if (!row || c.hide)
			continue;
		h = (double)row->engagements * scale;
		y -= h;
		rest -= row->engagements;
		snprintf(id, sizeof id, "pk-l%d", l);
		bar_segment(fp, i, y, h, colours[l], l ? id : NULL);
	}
	if (rest > 0)
		bar_segment(fp, i, y - (double)rest * scale, (double)rest * scale,
		    "#fff", "pk-hidden");
}

static void
chart_legend(FILE *fp)
{
	int l, x, y;

	for (l = 0; l <= PK_LEVELS; l++) {
		x = CH_X0 + (l % 3) * 100;
		y = 184 + (l / 3) * 15;
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
		    "fill=\"%s\" stroke=\"#000\" stroke-width=\"0.5\"/>", x, y,
		    l < PK_LEVELS ? colours[l] : "#fff");
		if (l == PK_LEVELS)
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"10\" "
			    "height=\"10\" fill=\"url(#pk-hidden)\"/>", x, y);
		else if (l > 0)
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"10\" "
			    "height=\"10\" fill=\"url(#pk-l%d)\"/>", x, y, l);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"8\">%s</text>\n",
		    x + 14, y + 9, l < PK_LEVELS ? pk_levels[l] : "hidden");
	}
}

static void
chart_defs(FILE *fp)
{
	int l;

	fputs("<defs>\n", fp);
	for (l = 1; l < PK_LEVELS; l++)
		fprintf(fp, "<pattern id=\"pk-l%d\" width=\"6\" height=\"6\" "
		    "patternUnits=\"userSpaceOnUse\">%s</pattern>\n", l,
		    patterns[l]);
	fputs("<pattern id=\"pk-hidden\" width=\"4\" height=\"4\" "
	    "patternUnits=\"userSpaceOnUse\"><path d=\"M0,0 L4,4\" "
	    "stroke=\"#777\" stroke-width=\"0.7\"/></pattern>\n</defs>\n", fp);
}

/* The chart's description: every number it draws, in words. */
static void
chart_desc(FILE *fp, const struct pk_report *r)
{
	char buf[PK_CELL_BUFSZ];
	struct pk_cell c;
	int i, l;

	fputs("<desc id=\"pk-chart-desc\">Stacked bars, one a month, of the "
	    "engagements at each level of the spectrum (inform, consult, "
	    "involve, collaborate, empower).", fp);
	for (i = 0; i < PK_REPORT_MONTHS; i++) {
		const struct pk_summary *sum = &r->by_month[i];

		c = pk_report_row_cell(pk_report_total(sum));
		fprintf(fp, " %s: ", r->month[i]);
		esc(fp, pk_cell_text(&c, r->suppress,
		    pk_report_total(sum)->engagements, buf));
		fputs(" in all", fp);
		for (l = 0; l < PK_LEVELS && !c.hide; l++) {
			const struct pk_summary_row *row = pk_report_level(sum, l);
			struct pk_cell lc = pk_report_row_cell(row);

			fprintf(fp, ", %s ", pk_levels[l]);
			esc(fp, pk_cell_text(&lc, r->suppress, row ?
			    row->engagements : 0, buf));
		}
		fputc('.', fp);
	}
	fputs("</desc>\n", fp);
}

static void
html_chart(FILE *fp, const struct pk_report *r)
{
	int64_t max = 0, step, g;
	double scale;
	int i, y, m;

	for (i = 0; i < PK_REPORT_MONTHS; i++)
		if (!pk_report_total(&r->by_month[i])->suppressed &&
		    pk_report_total(&r->by_month[i])->engagements > max)
			max = pk_report_total(&r->by_month[i])->engagements;
	step = grid_step(max > 0 ? max : 1);
	max = (max + step - 1) / step * step;
	scale = max > 0 ? (double)CH_H / (double)max : 0;
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"pk-chart-title pk-chart-desc\" width=\"300\" "
	    "height=\"191\" viewBox=\"0 0 340 216\" font-family=\"sans-serif\">\n"
	    "<title id=\"pk-chart-title\">Engagements by level, ", fp);
	fprintf(fp, "%s to %s</title>\n", r->month[0],
	    r->month[PK_REPORT_MONTHS - 1]);
	chart_desc(fp, r);
	chart_defs(fp);
	for (g = 0; max > 0 && g <= max; g += step) {
		y = CH_Y0 - (int)((double)g * scale + 0.5);
		fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"#bbb\" stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\" "
		    "font-size=\"7\" text-anchor=\"end\">%lld</text>\n", CH_X0, y,
		    CH_X0 + PK_REPORT_MONTHS * CH_BAR, y, CH_X0 - 3, y + 2,
		    (long long)g);
	}
	for (i = 0; i < PK_REPORT_MONTHS; i++) {
		month_bar(fp, r, i, scale);
		m = atoi(r->month[i] + 5);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"7\" "
		    "text-anchor=\"middle\">%s</text>\n", CH_X0 + 12 + i * CH_BAR,
		    CH_Y0 + 10, month_names[(m + 11) % 12]);
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#000\"/>\n", CH_X0, CH_Y0, CH_X0 + PK_REPORT_MONTHS *
	    CH_BAR, CH_Y0);
	chart_legend(fp);
	fputs("</svg>\n", fp);
}

static void
html_months(FILE *fp, const struct pk_report *r)
{
	char buf[PK_CELL_BUFSZ];
	struct pk_cell c;
	int i, l;

	fputs("<table class=\"months\">\n<thead><tr><th>Month</th><th>Inform</th><th>Consult"
	    "</th><th>Involve</th><th>Collab&#173;orate</th><th>Empower</th>"
	    "<th>Total</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < PK_REPORT_MONTHS; i++) {
		const struct pk_summary *sum = &r->by_month[i];

		fputs("<tr>", fp);
		el(fp, "td", r->month[i]);
		for (l = 0; l < PK_LEVELS; l++) {
			const struct pk_summary_row *row = pk_report_level(sum, l);

			c = pk_report_row_cell(row);
			el(fp, "td", pk_cell_text(&c, r->suppress, row ?
			    row->engagements : 0, buf));
		}
		c = pk_report_row_cell(pk_report_total(sum));
		el(fp, "td", pk_cell_text(&c, r->suppress,
		    pk_report_total(sum)->engagements, buf));
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

static void
html_table(FILE *fp, const struct pk_report *r, const char *title,
    const char *head, const struct pk_summary *sum)
{
	char b[PK_MONEY_BUFSZ + PK_CELL_BUFSZ];
	struct pk_cell c;
	size_t i;

	fputs("<div>\n", fp);
	el(fp, "h2", title);
	fputs("\n<table>\n<thead><tr>", fp);
	el(fp, "th", head);
	fputs("<th>Peers</th><th>Engage&#173;ments</th><th>Hours</th>"
	    "<th>Due</th><th>Paid</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < sum->n; i++) {
		const struct pk_summary_row *row = &sum->rows[i];

		c = pk_report_row_cell(row);
		fputs(row->total ? "<tr class=\"total\">" : "<tr>", fp);
		el(fp, "td", row->total ? "Total" : row->group ? row->group :
		    "(none)");
		el(fp, "td", shown(r, &c, row->peers, false, b));
		el(fp, "td", shown(r, &c, row->engagements, false, b));
		el(fp, "td", c.hide ? shown(r, &c, 0, false, b) :
		    pk_hours_fmt(row->minutes, b));
		el(fp, "td", shown(r, &c, row->due, true, b));
		el(fp, "td", shown(r, &c, row->paid, true, b));
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
}

static void
html_rest(FILE *fp, const struct pk_report *r)
{
	char buf[PK_CELL_BUFSZ], label[48];
	size_t i;

	fputs("<div>\n<h2>Supports provided</h2>\n<table>\n<thead><tr><th>"
	    "Support</th><th>Engagements</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < r->total.supports.n; i++) {
		fputs("<tr>", fp);
		el(fp, "td", r->total.supports.v[i]);
		el(fp, "td", pk_cell_text(&r->supports[i], r->suppress,
		    r->supports[i].people, buf));
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n<div>\n<h2>Onboarding due</h2>\n"
	    "<table>\n<thead><tr><th>Items due, expiring or expired</th>"
	    "<th>Items</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < PK_REPORT_WITHIN; i++) {
		snprintf(label, sizeof label, "within %d days", r->within[i]);
		fputs("<tr>", fp);
		el(fp, "td", label);
		el(fp, "td", pk_cell_text(&r->onboarding[i].cell, r->suppress,
		    r->onboarding[i].v, buf));
		fputs("</tr>\n", fp);
	}
	fprintf(fp, "</tbody>\n</table>\n</div>\n<div>\n<h2>Peers to watch, "
	    "%d</h2>\n<table>\n<thead><tr><th>Peers</th><th>Count</th></tr>"
	    "</thead>\n<tbody>\n<tr>", r->year);
	el(fp, "td", "reaching 75% of a benefit limit");
	el(fp, "td", pk_cell_text(&r->near_limit.cell, r->suppress,
	    r->near_limit.v, buf));
	fputs("</tr>\n<tr>", fp);
	el(fp, "td", "needing a T4A slip, not ready");
	el(fp, "td", pk_cell_text(&r->t4a_unready.cell, r->suppress,
	    r->t4a_unready.v, buf));
	fputs("</tr>\n</tbody>\n</table>\n<h2>Critical incidents</h2>\n"
	    "<table>\n<thead><tr><th>Peers responded to</th><th>Count</th>"
	    "</tr></thead>\n<tbody>\n<tr>", fp);
	el(fp, "td", "critical incidents");
	el(fp, "td", pk_cell_text(&r->incidents.cell, r->suppress,
	    r->incidents.v, buf));
	fputs("</tr>\n<tr>", fp);
	el(fp, "td", "debriefs offered in time (%)");
	el(fp, "td", pk_report_debriefs(r, buf));
	fputs("</tr>\n</tbody>\n</table>\n</div>\n", fp);
}

int
pk_report_html(FILE *fp, const struct pk_report *r)
{
	char title[64];

	snprintf(title, sizeof title, "Program report, %s to %s", r->from,
	    r->to);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n", fp);
	el(fp, "title", title);
	fprintf(fp, "\n<style>\n%s</style>\n</head>\n<body>\n", css);
	el(fp, "h1", title);
	fputc('\n', fp);
	if (r->suppress)
		fprintf(fp, "<p class=\"note\">Cells standing for fewer than %d "
		    "peers are hidden (&lt;%d), and so are cells that would give "
		    "them away (hidden).</p>\n", r->suppress, r->suppress);
	html_figures(fp, r);
	fprintf(fp, "<h2>Engagements by level, %s to %s</h2>\n"
	    "<div class=\"row\">\n", r->month[0],
	    r->month[PK_REPORT_MONTHS - 1]);
	html_chart(fp, r);
	html_months(fp, r);
	fputs("</div>\n<div class=\"row\">\n", fp);
	html_table(fp, r, "Honoraria and peers by region", "Region",
	    &r->by_region);
	html_table(fp, r, "Honoraria and peers by site", "Site", &r->by_site);
	fputs("</div>\n<div class=\"row\">\n", fp);
	html_table(fp, r, "Peers by role", "Role", &r->by_role);
	fputs("</div>\n<div class=\"row\">\n", fp);
	html_rest(fp, r);
	fputs("</div>\n</body>\n</html>\n", fp);
	return ferror(fp) ? pk_fail(PK_EX_IOERR, "cannot write the report") :
	    0;
}
