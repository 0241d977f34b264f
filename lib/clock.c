/*
 * clock.c - "now", for the timestamps records and the audit trail carry
 * (UTC).  It can be fixed with $PEERKIT_NOW, as today can with --today
 * or $PEERKIT_TODAY (date.c): a reproducible run, and tests that do not
 * depend on the machine's clock.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "peerkit.h"

/* "2026-11-23T12:00:00Z": a real day, a real time, UTC. */
static bool
now_ok(const char *s)
{
	pk_day d;
	char day[PK_DATE_BUFSZ];
	int i;

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return false;
	for (i = 11; i < 19; i++)
		if ((i == 13 || i == 16) != !(s[i] >= '0' && s[i] <= '9'))
			return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	return pk_date_parse(day, &d) == 0 && strncmp(s + 11, "24", 2) < 0 &&
	    s[14] < '6' && s[17] < '6';
}

void
pk_now(char buf[21])
{
	const char *fixed = getenv("PEERKIT_NOW");
	time_t t;
	struct tm tm;

	if (fixed && *fixed) {
		if (!now_ok(fixed))
			pk_die(PK_EX_USAGE, "PEERKIT_NOW: \"%.40s\" is not a UTC "
			    "time YYYY-MM-DDTHH:MM:SSZ", fixed);
		memcpy(buf, fixed, 21);
		return;
	}
	t = time(NULL);
	if (!gmtime_r(&t, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		pk_die(PK_EX_SOFTWARE, "cannot read the clock");
}
