/*
 * clock.c - "now", for the timestamps records and the audit trail carry
 * (UTC).  It can be fixed with $PEERKIT_NOW, as today can with --today
 * or $PEERKIT_TODAY (date.c): a reproducible run, and tests that do not
 * depend on the machine's clock.
 *
 * And the program's time zone, which decides what day it is: config
 * key timezone, made the process's zone by setting TZ and calling
 * tzset() once the config is read (pk_config_load calls pk_zone_use).
 * Everything local then follows it with no conversion of its own: the
 * C library's localtime_r, which pk_today reads, is the one place a
 * date is made from an instant.  Timestamps stay UTC.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* A batch stamps every row it writes, several a record: the text of the
 * last second (or the PEERKIT_NOW last checked) is kept, so a second's
 * rows cost one strftime, not one each. */
void
pk_now(char buf[21])
{
	static char fixed_ok[21], last[21];
	static time_t last_t = (time_t)-1;
	const char *fixed = getenv("PEERKIT_NOW");
	time_t t;
	struct tm tm;

	if (fixed && *fixed) {
		if (strcmp(fixed, fixed_ok) != 0) {
			if (!now_ok(fixed))
				pk_die(PK_EX_USAGE, "PEERKIT_NOW: \"%.40s\" is not "
				    "a UTC time YYYY-MM-DDTHH:MM:SSZ", fixed);
			memcpy(fixed_ok, fixed, 21);
		}
		memcpy(buf, fixed, 21);
		return;
	}
	t = time(NULL);
	if (t != last_t) {
		if (!gmtime_r(&t, &tm) || strftime(last, sizeof last,
		    "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
			pk_die(PK_EX_SOFTWARE, "cannot read the clock");
		last_t = t;
	}
	memcpy(buf, last, 21);
}

/* Where the C library finds zones: $TZDIR, else the system's. */
static const char *
zone_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir && *dir ? dir : "/usr/share/zoneinfo";
}

/* A name of letters, digits and _+-, in parts joined by single slashes
 * (no absolute path, no "..", no TZ rule such as "PST8PDT,M3.2.0"),
 * naming a compiled zone file (it starts "TZif"). */
bool
pk_zone_known(const char *name)
{
	const char *p;
	char *path, magic[4];
	struct stat sb;
	bool ok;
	int fd;

	if (!*name || strlen(name) > 128 || name[0] == '/')
		return false;
	for (p = name; *p; p++) {
		if (*p == '/' ? p[1] == '/' || p[1] == '\0' : !(
		    (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("_+-.", *p)))
			return false;
		if (*p == '.' && (p == name || p[-1] == '/'))
			return false;	/* "..", ".hidden", "./x" */
	}
	path = pk_asprintf("%s/%s", zone_dir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	free(path);
	if (fd < 0)
		return false;
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

void
pk_zone_use(const char *name)
{
	char *tz;

	if (!name)
		return;
	/* ":NAME": a file of the zone database, never a POSIX rule. */
	tz = pk_asprintf(":%s", name);
	if (setenv("TZ", tz, 1) != 0)
		pk_die(PK_EX_SOFTWARE, "cannot set the time zone: %s",
		    strerror(errno));
	free(tz);
	tzset();
	pk_today_forget();
}
