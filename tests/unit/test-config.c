/*
 * test-config.c - config.yaml: the built-in defaults, the lookup order,
 * the overlay of a user's file, and every value that is refused.
 *
 * Every file is written under one mkdtemp directory, and the
 * environment is pinned so the real ~/.config is never read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "peerkit.h"
#include "tap.h"

static char tmpdir[] = "/tmp/pk-config.XXXXXX";
static char *made[64];		/* paths to remove at the end, in order */
static size_t nmade;

static void
mkdir_p(const char *path)
{
	if (mkdir(path, 0700) != 0) {
		perror(path);
		exit(1);
	}
	made[nmade++] = pk_strdup(path);
}

/* Write text to tmpdir/name; returns the path (owned by made[]). */
static const char *
put(const char *name, const char *text)
{
	char *path = pk_asprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "w");
	size_t i;

	if (!fp || fputs(text, fp) == EOF || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	for (i = 0; i < nmade; i++)
		if (strcmp(made[i], path) == 0) {
			free(path);
			return made[i];
		}
	made[nmade++] = path;
	return path;
}

static void
cleanup(void)
{
	while (nmade > 0) {
		remove(made[--nmade]);
		free(made[nmade]);
	}
	rmdir(tmpdir);
}

/* Load text as the --config file; expect a refusal with exactly
 * "PATH:" followed by want. */
static void
refused(const char *text, const char *want, const char *what)
{
	struct pk_config cfg;
	const char *path = put("bad.yaml", text);
	char *msg = pk_asprintf("%s:%s", path, want);

	is_int(pk_config_load(&cfg, path), PK_EX_CONFIG, what);
	is_str(pk_errmsg(), msg, what);
	ok(cfg.path == NULL && cfg.roles.n == 0 && cfg.rates == NULL,
	    "a failed load leaves nothing to free");
	free(msg);
	pk_config_free(&cfg);
}

static void
test_defaults(void)
{
	static const struct pk_config zero;
	struct pk_config cfg;
	const struct pk_rate *r;

	is_int(pk_config_load(&cfg, NULL), 0, "the built-in defaults load");
	ok(cfg.path == NULL, "no file was read");
	is_int(cfg.roles.n, 6, "six roles");
	is_str(cfg.roles.v[0], "participant", "the first is participant");
	is_str(cfg.roles.v[5], "regional-peer-coordinator", "the last");
	ok(pk_strlist_has(&cfg.roles, "peer-worker"), "peer-worker is a role");
	ok(!pk_strlist_has(&cfg.roles, "Peer-Worker"), "names are exact");
	is_int(cfg.regions.n, 0, "no regions: any");
	is_int(cfg.sites.n, 0, "no sites: any");
	is_int(cfg.supports.n, 4, "four supports");
	ok(pk_strlist_has(&cfg.supports, "childcare"), "childcare a support");
	is_int(cfg.nrates, 6, "six activities");
	r = pk_config_rate(&cfg, "meeting");
	ok(r != NULL, "meeting is an activity");
	is_int(r ? r->hourly : -1, 2500, "meeting: 25.00 an hour");
	is_int(r ? r->minimum : -1, 2500, "meeting: 25.00 at least");
	r = pk_config_rate(&cfg, "consultation");
	is_int(r ? r->hourly : -1, 5000, "consultation: 50.00 an hour");
	r = pk_config_rate(&cfg, "event");
	is_int(r ? r->flat : -1, 4000, "event: 40.00 flat");
	is_int(r ? r->hourly : -1, 0, "event: no hourly rate");
	ok(pk_config_rate(&cfg, "party") == NULL, "unknown activity: NULL");
	is_str(cfg.default_method, "cash", "cash by default");
	is_int(cfg.max_payment, 100000, "max payment 1000.00");
	is_int(cfg.t4a_threshold, 50000, "T4A threshold 500.00");
	is_str(cfg.t4a_box, "048", "box 048");
	is_str(cfg.payer.name, "", "no payer name");
	is_str(cfg.payer.country, "CAN", "payer country CAN");
	is_str(cfg.payer.contact_email, "", "no contact email");
	is_int(cfg.nbenefits, 0, "no benefit programs");
	ok(cfg.onboarding == NULL, "the built-in onboarding checklist");
	pk_config_free(&cfg);
	ok(cfg.roles.v == NULL && cfg.default_method == NULL &&
	    cfg.nrates == 0, "pk_config_free zeroes the struct");
	/* Harmless: no double free under ASan and valgrind, and the struct
	 * is still all zeroes. */
	pk_config_free(&cfg);
	ok(memcmp(&cfg, &zero, sizeof cfg) == 0, "and freeing twice leaves "
	    "it zeroed");
}

/* The shipped file read as a user file gives the built-in values.  The
 * tests run from the top of the source tree. */
static void
test_shipped(void)
{
	const char *path = "share/peerkit/config.yaml";
	struct pk_config cfg;

	if (access(path, R_OK) != 0) {
		ok(1, "# skip share/peerkit/config.yaml: not run from the top");
		return;
	}
	is_int(pk_config_load(&cfg, path), 0,
	    "share/peerkit/config.yaml loads as a user file");
	is_str(cfg.path, path, "path recorded");
	is_int(cfg.roles.n, 6, "with the same roles");
	is_int(cfg.nrates, 6, "and activities");
	is_int(pk_config_rate(&cfg, "meeting") ?
	    pk_config_rate(&cfg, "meeting")->hourly : -1, 2500, "and rates");
	pk_config_free(&cfg);
}

static void
test_overlay(void)
{
	struct pk_config cfg;
	const struct pk_rate *r;
	const char *path = put("site.yaml",
	    "roles: [participant, peer-worker]\n"
	    "regions: [north, south]\n"
	    "payment:\n"
	    "  max_amount: \"200\"\n"
	    "payer:\n"
	    "  name: Harm Reduction Society\n"
	    "  address:\n"
	    "    city: Victoria\n"
	    "    province: BC\n"
	    "t4a: {box: \"028\"}\n");

	is_int(pk_config_load(&cfg, path), 0, "a site file loads");
	is_str(cfg.path, path, "and is recorded as the file read");
	is_int(cfg.roles.n, 2, "a list replaces the default list");
	is_str(cfg.roles.v[1], "peer-worker", "in the order given");
	is_int(cfg.regions.n, 2, "regions given");
	is_int(cfg.supports.n, 4, "supports left out keep the defaults");
	is_int(cfg.nrates, 6, "activities left out keep the defaults");
	is_int(cfg.max_payment, 20000, "payment.max_amount replaced");
	is_str(cfg.default_method, "cash",
	    "payment.default_method kept: nested maps merge by key");
	is_str(cfg.t4a_box, "028", "t4a.box replaced");
	is_int(cfg.t4a_threshold, 50000, "t4a.threshold kept");
	is_str(cfg.payer.name, "Harm Reduction Society", "payer.name");
	is_str(cfg.payer.city, "Victoria", "payer.address.city");
	is_str(cfg.payer.province, "BC", "payer.address.province");
	is_str(cfg.payer.country, "CAN", "payer.address.country kept");
	pk_config_free(&cfg);

	path = put("site.yaml",
	    "activities:\n"
	    "  circle: {hourly: \"30.00\"}\n"
	    "  feast: {flat: \"15.5\", minimum: \"15.50\"}\n");
	is_int(pk_config_load(&cfg, path), 0, "activities given");
	is_int(cfg.nrates, 2, "replace the whole map");
	ok(pk_config_rate(&cfg, "meeting") == NULL, "meeting is gone");
	r = pk_config_rate(&cfg, "circle");
	is_int(r ? r->hourly : -1, 3000, "circle hourly");
	is_int(r ? r->flat : -1, 0, "absent flat: 0.00");
	r = pk_config_rate(&cfg, "feast");
	is_int(r ? r->flat : -1, 1550, "feast flat 15.50");
	pk_config_free(&cfg);

	path = put("site.yaml", "# nothing to change\n");
	is_int(pk_config_load(&cfg, path), 0, "an empty file loads");
	is_int(cfg.roles.n, 6, "and changes nothing");
	pk_config_free(&cfg);
}

static void
test_refused(void)
{
	refused("roles: [a]\npaymnet:\n  max_amount: \"5\"\n",
	    "2:1: paymnet: unknown key", "a misspelt key is named");
	refused("t4a:\n  bx: \"048\"\n", "2:3: t4a.bx: unknown key",
	    "a nested unknown key is named with its path");
	refused("payer:\n  address:\n    town: x\n",
	    "3:5: payer.address.town: unknown key", "two levels down");
	refused("t4a:\n  box: 48\n", "2:8: t4a.box: must be \"048\" or \"028\"",
	    "box 48: YAML would read 048 unquoted as a number");
	refused("t4a:\n  box: \"48\"\n",
	    "2:8: t4a.box: must be \"048\" or \"028\"", "box \"48\"");
	refused("t4a:\n  threshold: \"500.001\"\n",
	    "2:14: t4a.threshold: amount \"500.001\": more than two decimals",
	    "an amount with three decimals");
	refused("payment:\n  max_amount: \"-5\"\n",
	    "2:15: payment.max_amount: amount \"-5\": a sign is not allowed "
	    "here", "a negative amount");
	refused("payment:\n  max_amount: \"0.00\"\n",
	    "2:15: payment.max_amount: must be more than 0.00",
	    "a maximum of zero");
	refused("payment:\n  default_method: bitcoin\n",
	    "2:19: payment.default_method: must be one of cash, etransfer, "
	    "cheque, direct-deposit, gift-card", "an unknown pay method");
	refused("activities:\n  meeting: {hourly: \"25.005\"}\n",
	    "2:21: activities.meeting.hourly: amount \"25.005\": more than "
	    "two decimals", "a bad rate names the activity");
	refused("activities:\n  meeting: {tip: \"1\"}\n",
	    "2:13: activities.meeting.tip: unknown key", "a bad rate key");
	refused("activities:\n  meeting: \"25\"\n",
	    "2:12: activities.meeting: must be a map", "a rate not a map");
	refused("activities: [meeting]\n",
	    "1:13: activities: must be a map of activity names",
	    "activities as a list");
	refused("roles: []\n", "1:8: roles: must name at least one",
	    "no roles");
	refused("roles: peer\n", "1:8: roles: must be a list (use [] for none)",
	    "roles not a list");
	refused("sites: [a, b, a]\n", "1:15: sites: \"a\" is listed twice",
	    "a site listed twice");
	refused("supports: [meal, \"\"]\n",
	    "1:18: supports: each item must be a non-empty name",
	    "an empty name");
	refused("regions: [[a]]\n",
	    "1:11: regions: each item must be a non-empty name",
	    "a list in a list");
	refused("payer:\n  address:\n    province: Ontario\n",
	    "3:15: payer.address.province: must be empty or a province or "
	    "territory code: AB BC MB NB NL NS NT NU ON PE QC SK YT",
	    "a province by name");
	refused("payer:\n  name: [a]\n",
	    "2:9: payer.name: must be a single value, not a list",
	    "a payer name that is a list");
	refused("payer: none\n", "1:8: payer: must be a map", "payer not a map");
	refused("- roles\n",
	    "1:1: the configuration must be a map of settings (key: value)",
	    "a file that is a list");
	refused("onboarding: {a: 1}\n",
	    "1:13: onboarding: must be a single value, not a map",
	    "onboarding not a path");
	refused("roles: &r [a]\nregions: *r\n",
	    "1:8: anchors and aliases are not allowed",
	    "YAML refusals come through with the file's name");
}

static void
test_benefits(void)
{
	struct pk_config cfg;
	const struct pk_benefit *b;
	const char *path = put("benefits.yaml",
	    "benefit_programs:\n"
	    "  - name: bc-disability\n"
	    "    annual_limit: \"15000.00\"\n"
	    "  - name: bc-disability\n"
	    "    year: 2026\n"
	    "    annual_limit: \"16000\"\n"
	    "  - {name: bc-income-assistance, monthly_limit: \"500.00\"}\n");

	is_int(pk_config_load(&cfg, path), 0, "benefit programs load");
	is_int(cfg.nbenefits, 3, "three entries");
	b = pk_config_benefit(&cfg, "bc-disability", 2026);
	is_int(b ? b->year : -1, 2026, "the entry for the year is preferred");
	is_int(b ? b->annual_limit : -1, 1600000, "with its limit");
	b = pk_config_benefit(&cfg, "bc-disability", 2025);
	is_int(b ? b->year : -1, 0, "another year falls back to no year");
	is_int(b ? b->annual_limit : -1, 1500000, "with its limit");
	is_int(b ? b->monthly_limit : -1, 0, "absent limit: none");
	b = pk_config_benefit(&cfg, "bc-income-assistance", 2026);
	is_int(b ? b->monthly_limit : -1, 50000, "a monthly limit");
	ok(pk_config_benefit(&cfg, "ab-aish", 2026) == NULL,
	    "an unknown program: NULL");
	pk_config_free(&cfg);

	path = put("benefits.yaml",
	    "benefit_programs:\n  - {name: x, year: 2026}\n");
	pk_config_load(&cfg, path);
	ok(pk_config_benefit(&cfg, "x", 2025) == NULL,
	    "no entry for the year and none without a year: NULL");
	b = pk_config_benefit(&cfg, "x", 0);
	is_int(b ? b->year : -1, 2026,
	    "year 0 asks whether the program is configured at all");
	pk_config_free(&cfg);

	refused("benefit_programs:\n  - {name: a, year: 2026}\n"
	    "  - {name: a, year: 2026}\n",
	    "3:5: benefit_programs: \"a\" is listed twice for 2026",
	    "a program listed twice for a year");
	refused("benefit_programs:\n  - {name: a}\n  - {name: a}\n",
	    "3:5: benefit_programs: \"a\" is listed twice without a year",
	    "a program listed twice without a year");
	refused("benefit_programs:\n  - {annual_limit: \"5\"}\n",
	    "2:5: benefit_programs: each program needs a name",
	    "a program without a name");
	refused("benefit_programs:\n  - {name: a, year: 26}\n",
	    "2:21: benefit_programs.year: must be a year, 1900 to 9999",
	    "a two-digit year");
	refused("benefit_programs:\n  - {name: a, year: 1899}\n",
	    "2:21: benefit_programs.year: must be a year, 1900 to 9999",
	    "a year before 1900");
	refused("benefit_programs:\n  - {name: a, annual_limit: \"1.234\"}\n",
	    "2:29: benefit_programs.annual_limit: amount \"1.234\": more than "
	    "two decimals", "a limit with three decimals");
	refused("benefit_programs:\n  - a\n",
	    "2:5: benefit_programs: must be a map", "a program that is a name");
}

static void
test_lookup(void)
{
	struct pk_config cfg;
	char *xdg = pk_asprintf("%s/xdg", tmpdir);
	char *dir = pk_asprintf("%s/xdg/peerkit", tmpdir);
	char *home = pk_asprintf("%s/home", tmpdir);
	char *want;
	const char *env, *xdgfile, *homefile;

	mkdir_p(xdg);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	is_int(pk_config_load(&cfg, NULL), 0,
	    "no file in $XDG_CONFIG_HOME: built-in");
	ok(cfg.path == NULL, "and no path");
	pk_config_free(&cfg);

	mkdir_p(dir);
	xdgfile = put("xdg/peerkit/config.yaml", "sites: [xdg]\n");
	is_int(pk_config_load(&cfg, NULL), 0, "$XDG_CONFIG_HOME is read");
	is_str(cfg.path, xdgfile, "$XDG_CONFIG_HOME/peerkit/config.yaml");
	is_str(cfg.sites.n ? cfg.sites.v[0] : NULL, "xdg", "its value");
	pk_config_free(&cfg);

	env = put("env.yaml", "sites: [env]\n");
	setenv("PEERKIT_CONFIG", env, 1);
	is_int(pk_config_load(&cfg, NULL), 0, "$PEERKIT_CONFIG is read");
	is_str(cfg.path, env, "before $XDG_CONFIG_HOME");
	pk_config_free(&cfg);

	is_int(pk_config_load(&cfg, xdgfile), 0, "--config is read");
	is_str(cfg.path, xdgfile, "before $PEERKIT_CONFIG");
	pk_config_free(&cfg);

	want = pk_asprintf("%s/nope.yaml", tmpdir);
	setenv("PEERKIT_CONFIG", want, 1);
	is_int(pk_config_load(&cfg, NULL), PK_EX_NOINPUT,
	    "a missing $PEERKIT_CONFIG file is an error");
	unsetenv("PEERKIT_CONFIG");
	is_int(pk_config_load(&cfg, want), PK_EX_NOINPUT,
	    "a missing --config file is an error");
	ok(cfg.path == NULL, "and leaves nothing to free");
	free(want);
	want = pk_asprintf("%s/nope.yaml: No such file or directory", tmpdir);
	is_str(pk_errmsg(), want, "naming the file");
	free(want);

	unsetenv("XDG_CONFIG_HOME");
	mkdir_p(home);
	setenv("HOME", home, 1);
	is_int(pk_config_load(&cfg, NULL), 0,
	    "no $XDG_CONFIG_HOME and no ~/.config: built-in");
	ok(cfg.path == NULL, "and no path");
	pk_config_free(&cfg);
	want = pk_asprintf("%s/home/.config", tmpdir);
	mkdir_p(want);
	free(want);
	want = pk_asprintf("%s/home/.config/peerkit", tmpdir);
	mkdir_p(want);
	free(want);
	homefile = put("home/.config/peerkit/config.yaml", "sites: [home]\n");
	is_int(pk_config_load(&cfg, NULL), 0, "~/.config is read");
	is_str(cfg.path, homefile, "~/.config/peerkit/config.yaml");
	pk_config_free(&cfg);

	put("home/.config/peerkit/config.yaml", "sites: [home, home]\n");
	is_int(pk_config_load(&cfg, NULL), PK_EX_CONFIG,
	    "a bad default file is an error, not skipped");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	free(xdg);
	free(dir);
	free(home);
}

static void
test_onboarding(void)
{
	struct pk_config cfg;
	char *want;
	const char *path;

	path = put("ob.yaml", "onboarding: lists/onboarding.yaml\n");
	is_int(pk_config_load(&cfg, path), 0, "a relative onboarding path");
	want = pk_asprintf("%s/lists/onboarding.yaml", tmpdir);
	is_str(cfg.onboarding, want, "is read next to the config file");
	free(want);
	pk_config_free(&cfg);

	path = put("ob.yaml", "onboarding: /etc/peerkit/onboarding.yaml\n");
	pk_config_load(&cfg, path);
	is_str(cfg.onboarding, "/etc/peerkit/onboarding.yaml",
	    "an absolute path is kept");
	pk_config_free(&cfg);

	path = put("ob.yaml", "onboarding: \"\"\n");
	pk_config_load(&cfg, path);
	ok(cfg.onboarding == NULL, "an empty path means the built-in");
	pk_config_free(&cfg);
}

/* incidents: the default kinds and follow-ups, a site's own laid over
 * them, and the cross-check of the two. */
static void
test_incidents(void)
{
	const struct pk_incident_kind *k;
	const struct pk_follow_up_def *d;
	struct pk_config cfg;

	is_int(pk_config_load(&cfg, NULL), 0, "incidents: the defaults");
	is_int((int)cfg.incidents.nkinds, 4, "four kinds");
	k = pk_config_incident_kind(&cfg, "overdose-response");
	ok(k && k->follow_ups.n == 3 && strcmp(k->follow_ups.v[0],
	    "debrief") == 0, "an overdose response asks for a debrief first");
	d = pk_config_follow_up(&cfg, "debrief");
	ok(d && d->due == 0 && d->within == 3, "a debrief within 3 days");
	d = pk_config_follow_up(&cfg, "check-in-30");
	ok(d && d->due == 30 && d->within == 7, "a check-in at 30 days");
	ok(pk_config_incident_kind(&cfg, "Death") == NULL, "kinds are exact");
	pk_config_free(&cfg);
	is_int(pk_config_load(&cfg, put("inc.yaml", "incidents:\n  "
	    "follow_ups:\n    debrief: {due: 1, within: 0}\n    "
	    "check-in-7: {due: 7, within: 1}\n    check-in-30: {due: 30, "
	    "within: 1}\n")), 0, "follow-ups of a site's own");
	d = pk_config_follow_up(&cfg, "debrief");
	ok(d && d->due == 1 && d->within == 0 && cfg.incidents.nkinds == 4,
	    "the follow-ups replaced, the kinds kept");
	pk_config_free(&cfg);
	refused("incidents:\n  follow_ups:\n    debrief: {due: 1}\n",
	    "2:3: incidents.kinds.overdose-response: follow-up \"check-in-7\" "
	    "is not in incidents.follow_ups",
	    "a kind kept asks for a follow-up no longer configured");
	refused("incidents:\n  follow_ups:\n    debrief: {within: 3651}\n",
	    "3:23: incidents.follow_ups.debrief.within: must be a whole "
	    "number of days, 0 to 3650", "too many days");
	refused("incidents:\n  kinds: []\n",
	    "2:10: incidents.kinds: must be a map of kinds, each with a list "
	    "of follow-ups", "no kinds");
	refused("incidents:\n  kinds:\n    death: debrief\n",
	    "3:12: incidents.kinds.death: must be a list (use [] for none)",
	    "follow-ups not a list");
}

int
main(void)
{
	tap_fixed_clock();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	/* Never read the real user's configuration. */
	unsetenv("PEERKIT_CONFIG");
	setenv("HOME", tmpdir, 1);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	test_defaults();
	test_shipped();
	test_overlay();
	test_refused();
	test_benefits();
	test_lookup();
	test_onboarding();
	test_incidents();
	cleanup();
	return done_testing();
}
