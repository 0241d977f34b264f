/*
 * markup.c - text into HTML and XML, and onto a page as plain text
 *
 * One escaper for every page and document the tools write (receipts,
 * the CRA return, reports): the five characters markup gives meaning
 * to become entities, and control characters, which XML 1.0 cannot
 * carry and which would drive a terminal, become spaces (tab, newline
 * and carriage return stay).
 */
#include <stdio.h>

#include "peerkit.h"

void
pk_markup_text(FILE *fp, const char *s, enum pk_markup how)
{
	const char *ent;

	for (; s && *s; s++) {
		ent = NULL;
		if (how != PK_MARKUP_NONE) {
			switch (*s) {
			case '&':
				ent = "&amp;";
				break;
			case '<':
				ent = "&lt;";
				break;
			case '>':
				ent = "&gt;";
				break;
			case '"':
				ent = "&quot;";
				break;
			case '\'':
				/* &apos; is XML's; HTML 4 knows only the number. */
				ent = how == PK_MARKUP_XML ? "&apos;" : "&#39;";
				break;
			}
		}
		if (ent)
			fputs(ent, fp);
		else if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' &&
		    *s != '\r') || *s == 0x7f)
			putc(' ', fp);
		else
			putc(*s, fp);
	}
}
