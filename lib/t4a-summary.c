/*
 * The T4A Summary of a paper return: the lines of form T4ASUM as the
 * CRA's instructions for it ask them (canada.ca, "T4A Summary"), for
 * the required slips of a year.  Five slips or fewer may go on paper;
 * the return of more is filed electronically (t4a-report says so).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void
line(FILE *fp, const char *no, const char *label, const char *value)
{
	fprintf(fp, "%-9s %-38s %s\n", no, label, value);
}

int
pk_t4a_summary(FILE *fp, const struct pk_config *cfg, int year,
    size_t slips, int64_t total)
{
	const struct pk_payer *p = &cfg->payer;
	struct pk_t4a_payer pp;
	bool fees = strcmp(cfg->t4a_box, "028") != 0;
	char money[PK_MONEY_BUFSZ], buf[64];
	int i, rc;

	if ((rc = pk_t4a_payer_prepare(cfg, &pp, true)) != 0)
		return rc;
	fprintf(fp, "T4A Summary %d, for a paper return of %zu slip%s\n\n",
	    year, slips, slips == 1 ? "" : "s");
	snprintf(buf, sizeof buf, "%02d", year % 100);
	line(fp, "", "Year", buf);
	line(fp, "", "Payer's account number", pp.bn);
	for (i = 0; i < pp.nname; i++)
		line(fp, "", i == 0 ? "Name and address of payer" : "",
		    pp.name[i]);
	line(fp, "", "", p->line1);
	if (!pk_text_blank(p->line2))
		line(fp, "", "", p->line2);
	snprintf(buf, sizeof buf, "%.28s %.2s  %s", p->city, p->province,
	    pp.postal);
	line(fp, "", "", buf);
	fputc('\n', fp);
	snprintf(buf, sizeof buf, "%zu", slips);
	line(fp, "Line 088", "Total number of T4A slips filed", buf);
	pk_money_fmt(total, money);
	if (fees) {
		line(fp, "Line 048", "Fees for services (box 048)", money);
		line(fp, "Line 101", "Other information", "blank");
	} else {
		line(fp, "Line 048", "Fees for services", "blank");
		line(fp, "Line 101", "Other information (code 028)", money);
	}
	line(fp, "Lines 016", "to 046 (the other boxes)", "blank");
	line(fp, "Line 022", "Income tax deducted", "0.00");
	line(fp, "Line 082", "Remittances", "0.00");
	line(fp, "", "Difference (022 minus 082)", "0.00");
	line(fp, "Line 084", "Overpayment", "blank: no difference");
	line(fp, "Line 086", "Balance due", "blank: no difference");
	line(fp, "Line 076", "Person to contact about this return",
	    p->contact_name);
	snprintf(buf, sizeof buf, "%s-%s%s%s", pp.area, pp.number,
	    pp.ext[0] ? " x" : "", pp.ext);
	line(fp, "Line 078", "Telephone number", buf);
	fputs("\nLines 074 and 075 (the SINs of proprietors or principal "
	    "owners) are for a\nCanadian-controlled private corporation or an "
	    "unincorporated payer only.\nA current officer of the payer signs "
	    "the certification.\n", fp);
	return ferror(fp) ? pk_fail_write() : 0;
}
