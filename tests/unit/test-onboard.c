/*
 * test-onboard.c - onboarding checklists: the file and every value it
 * refuses, renewal dates, the status of an item on a given day, and the
 * log of steps in a store in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"
#include "tap.h"

static struct pk_config cfg;

static int
parse(struct pk_checklist *cl, const char *text)
{
	return pk_checklist_parse(cl, &cfg, "c.yaml", text, strlen(text));
}

/* The file is refused with status 78 and exactly this message. */
static void
refused(const char *text, const char *msg, const char *what)
{
	struct pk_checklist cl;

	is_int(parse(&cl, text), PK_EX_CONFIG, what);
	is_str(pk_errmsg(), msg, what);
}

static void
test_valid_for(void)
{
	int n = 0;
	char u = 0;

	is_int(pk_onboard_parse_valid_for("12 months", &n, &u), 0, "12 months");
	ok(n == 12 && u == 'm', "12 months: 12, m");
	is_int(pk_onboard_parse_valid_for("1 year", &n, &u), 0, "1 year");
	ok(n == 1 && u == 'y', "1 year: 1, y");
	is_int(pk_onboard_parse_valid_for("90 days", &n, &u), 0, "90 days");
	ok(n == 90 && u == 'd', "90 days: 90, d");
	is_int(pk_onboard_parse_valid_for("2  years", &n, &u), 0,
	    "two spaces");
	is_int(pk_onboard_parse_valid_for("12 moons", &n, &u), PK_EX_CONFIG,
	    "12 moons");
	is_str(pk_errmsg(), "\"12 moons\": expected N days, N months or "
	    "N years", "12 moons: message");
	is_int(pk_onboard_parse_valid_for("months", &n, &u), PK_EX_CONFIG,
	    "no number");
	is_int(pk_onboard_parse_valid_for("12months", &n, &u), PK_EX_CONFIG,
	    "no space");
	is_int(pk_onboard_parse_valid_for("-1 days", &n, &u), PK_EX_CONFIG,
	    "negative");
	is_int(pk_onboard_parse_valid_for("0 days", &n, &u), PK_EX_CONFIG,
	    "zero");
	is_str(pk_errmsg(), "\"0 days\": from 1 to 36500 days", "zero: message");
	is_int(pk_onboard_parse_valid_for("101 years", &n, &u), PK_EX_CONFIG,
	    "over a century");
	is_int(pk_onboard_parse_valid_for("99999999999999999999 days", &n,
	    &u), PK_EX_CONFIG, "overflow");
}

static pk_day
day(const char *s)
{
	pk_day d = 0;

	if (pk_date_parse(s, &d) != 0) {
		printf("# bad date in test: %s\n", s);
		exit(1);
	}
	return d;
}

static const char *
fmt(pk_day d)
{
	static char buf[4][PK_DATE_BUFSZ];
	static int i;

	if (d == PK_NODAY)
		return "none";
	i = (i + 1) % 4;
	return pk_date_fmt(d, buf[i]);
}

static void
test_expiry(void)
{
	struct pk_onboard_item it = { 0 };

	is_str(fmt(pk_onboard_expiry(&it, day("2026-01-31"))), "none",
	    "no valid_for: never lapses");
	it.valid_n = 12;
	it.valid_unit = 'm';
	is_str(fmt(pk_onboard_expiry(&it, day("2025-12-10"))), "2026-12-10",
	    "12 months");
	it.valid_n = 1;
	is_str(fmt(pk_onboard_expiry(&it, day("2026-01-31"))), "2026-02-28",
	    "1 month from Jan 31 is Feb 28");
	it.valid_unit = 'y';
	is_str(fmt(pk_onboard_expiry(&it, day("2024-02-29"))), "2025-02-28",
	    "1 year from Feb 29 is Feb 28");
	it.valid_n = 30;
	it.valid_unit = 'd';
	is_str(fmt(pk_onboard_expiry(&it, day("2026-12-15"))), "2027-01-14",
	    "30 days across a year end");
}

static void
test_builtin(void)
{
	struct pk_checklist cl;
	const struct pk_onboard_item *it;
	size_t i, nblock = 0;

	is_int(pk_checklist_load(&cl, &cfg), 0, "the built-in checklist loads");
	is_int(cl.n, 15, "fifteen items");
	is_str(cl.name, "<built-in onboarding.yaml>", "its name");
	for (i = 0; i < cl.n; i++)
		nblock += cl.items[i].blocks;
	is_int(nblock, 10, "ten block work");
	it = pk_checklist_item(&cl, "overdose-response");
	ok(it && it->valid_n == 12 && it->valid_unit == 'm' &&
	    strcmp(it->valid_for, "12 months") == 0,
	    "overdose response is renewed every 12 months");
	it = pk_checklist_item(&cl, "criminal-record-check");
	ok(it && !it->blocks, "a criminal record check does not block");
	it = pk_checklist_item(&cl, "job-description");
	ok(it && pk_onboard_applies(it, NULL) &&
	    pk_onboard_applies(it, "participant"), "roles: all applies to "
	    "every role and to no role");
	it = pk_checklist_item(&cl, "benefits-enrolment");
	ok(it && pk_onboard_applies(it, "peer-coordinator") &&
	    !pk_onboard_applies(it, "participant") &&
	    !pk_onboard_applies(it, NULL), "benefits: employed roles only");
	ok(pk_checklist_item(&cl, "nope") == NULL, "an unknown key");
	pk_checklist_free(&cl);
}

static void
test_file(void)
{
	struct pk_checklist cl;

	is_int(parse(&cl, "items:\n"
	    "  - {key: a, title: A, roles: all}\n"
	    "  - key: b-2\n    title: B\n    roles: peer-worker\n"
	    "    blocks: no\n    valid_for: 2 years\n"), 0, "a small file");
	ok(cl.n == 2 && cl.items[0].blocks && !cl.items[1].blocks,
	    "blocks defaults to true; no is false");
	ok(cl.items[1].roles.n == 1 && cl.items[1].line == 3 &&
	    cl.items[1].col == 5, "one role as a scalar; the item's position");
	pk_checklist_free(&cl);
	is_int(parse(&cl, "items: []\n"), 0, "an empty checklist");
	is_int(cl.n, 0, "no items");
	pk_checklist_free(&cl);

	refused("items:\n  - {key: a, title: A, roles: all}\n"
	    "  - {key: a, title: B, roles: all}\n",
	    "c.yaml:3:11: key \"a\": already the key of the item at line 2",
	    "a duplicate item key");
	refused("items:\n  - key: a\n    title: A\n    key: b\n",
	    "c.yaml:4:5: duplicate key \"key\"", "a duplicate map key");
	refused("items:\n  - key: a\n    title: [A\n",
	    "c.yaml:4:1: did not find expected ',' or ']' (while parsing a "
	    "flow sequence at 3:12)", "a syntax error");
	refused("items:\n  - &x {key: a}\n",
	    "c.yaml:2:5: anchors and aliases are not allowed", "an anchor");
	refused("item: []\n", "c.yaml:1:1: item: unknown key (the checklist "
	    "has only items:)", "an unknown top-level key");
	refused("{}\n", "c.yaml:1:1: items: missing (use items: [] for an "
	    "empty checklist)", "no items");
	refused("- a\n", "c.yaml:1:1: the checklist must be a map with an "
	    "items: list", "a list at the top");
	refused("items: {}\n", "c.yaml:1:8: items: must be a list",
	    "items a map");
	refused("items: [a]\n", "c.yaml:1:9: items: each item must be a map "
	    "(key: ..., title: ...)", "an item that is not a map");
	refused("items: [{title: A, roles: all}]\n",
	    "c.yaml:1:9: each item needs a key", "no key");
	refused("items: [{key: A b, title: A, roles: all}]\n",
	    "c.yaml:1:15: key \"A b\": use lower-case letters, digits and - "
	    "only", "a key with capitals and a space");
	refused("items: [{key: a, roles: all}]\n",
	    "c.yaml:1:9: item \"a\": needs a title", "no title");
	refused("items: [{key: a, title: '', roles: all}]\n",
	    "c.yaml:1:25: title: must not be empty", "an empty title");
	refused("items: [{key: a, title: A}]\n",
	    "c.yaml:1:9: item \"a\": needs roles (a list of roles, or all)",
	    "no roles");
	refused("items: [{key: a, title: A, roles: [boss]}]\n",
	    "c.yaml:1:36: roles: \"boss\" is not in the configured roles",
	    "a role not in config");
	refused("items: [{key: a, title: A, roles: [all]}]\n",
	    "c.yaml:1:36: roles: \"all\" stands alone (roles: all), not in a "
	    "list", "all in a list");
	refused("items: [{key: a, title: A, roles: []}]\n",
	    "c.yaml:1:35: roles: must name at least one role (or all)",
	    "an empty list of roles");
	refused("items: [{key: a, title: A, roles: [participant, "
	    "participant]}]\n", "c.yaml:1:49: roles: \"participant\" is "
	    "listed twice", "a role twice");
	refused("items: [{key: a, title: A, roles: all, blocks: maybe}]\n",
	    "c.yaml:1:48: blocks: must be true or false", "blocks: maybe");
	refused("items: [{key: a, title: A, roles: all, valid_for: 1 moon}]\n",
	    "c.yaml:1:51: valid_for: \"1 moon\": expected N days, N months or "
	    "N years", "valid_for: 1 moon");
	refused("items: [{key: a, title: A, roles: all, colour: red}]\n",
	    "c.yaml:1:40: colour: unknown key (an item has key, title, roles, "
	    "blocks and valid_for)", "an unknown item key");
	refused("items: [{key: criminal-record-check, title: C, roles: all}]\n",
	    "c.yaml:1:9: item \"criminal-record-check\": a criminal record "
	    "check never blocks work (a record excludes no one); say "
	    "blocks: false", "a record check that blocks by default");
	refused("items: [{key: crc, title: Criminal Record check, roles: all, "
	    "blocks: true}]\n", "c.yaml:1:70: item \"crc\": a criminal record "
	    "check never blocks work (a record excludes no one); say "
	    "blocks: false", "a record check known by its title");
	is_int(parse(&cl, "items: [{key: criminal-record-check, title: C, "
	    "roles: all, blocks: false}]\n"), 0, "a record check that does not "
	    "block");
	pk_checklist_free(&cl);
}

static void
state_is(const struct pk_onboard_item *it, const char *action,
    const char *date, const char *today, int within, const char *want,
    const char *what)
{
	struct pk_onboard_step step = { 0 };
	struct pk_onboard_state st;

	step.action = (char *)action;
	step.date = date ? day(date) : 0;
	step.by = (char *)"ann";
	pk_onboard_state(it, action ? &step : NULL, day(today), within, &st);
	is_str(pk_onboard_statuses[st.status], want, what);
}

static void
test_state(void)
{
	struct pk_onboard_item plain = { 0 }, yearly = { 0 }, soft = { 0 };
	struct pk_onboard_step step = { 0 };
	struct pk_onboard_state st;

	plain.blocks = yearly.blocks = true;
	yearly.valid_n = soft.valid_n = 12;
	yearly.valid_unit = soft.valid_unit = 'm';
	state_is(&plain, NULL, NULL, "2026-11-23", 30, "due", "never done");
	state_is(&soft, NULL, NULL, "2026-11-23", 30, "optional",
	    "never done, does not block");
	state_is(&plain, "done", "2020-01-01", "2026-11-23", 30, "done",
	    "done once, for ever");
	state_is(&plain, "undo", "2026-11-01", "2026-11-23", 30, "due",
	    "undone");
	state_is(&soft, "undo", "2026-11-01", "2026-11-23", 30, "optional",
	    "undone, does not block");
	state_is(&plain, "waive", "2026-11-01", "2026-11-23", 30, "waived",
	    "waived");
	state_is(&yearly, "waive", "2020-11-01", "2026-11-23", 30, "waived",
	    "a waiver does not lapse");
	state_is(&yearly, "done", "2026-01-01", "2026-11-23", 30, "done",
	    "lapses in 39 days");
	state_is(&yearly, "done", "2025-12-23", "2026-11-23", 30, "expiring",
	    "lapses in exactly 30 days");
	state_is(&yearly, "done", "2025-12-24", "2026-11-23", 30, "done",
	    "lapses in 31 days");
	state_is(&yearly, "done", "2025-12-24", "2026-11-23", 31, "expiring",
	    "--within 31");
	state_is(&yearly, "done", "2025-11-24", "2026-11-23", 0, "done",
	    "--within 0: never expiring");
	state_is(&yearly, "done", "2025-11-24", "2026-11-23", 30, "expiring",
	    "lapses tomorrow");
	state_is(&yearly, "done", "2025-11-23", "2026-11-23", 30, "expired",
	    "lapses today");
	state_is(&yearly, "done", "2024-06-01", "2026-11-23", 30, "expired",
	    "lapsed long ago");
	state_is(&soft, "done", "2024-06-01", "2026-11-23", 30, "optional",
	    "lapsed, does not block");
	state_is(&soft, "done", "2025-12-01", "2026-11-23", 30, "expiring",
	    "expiring, does not block");

	step.action = (char *)"done";
	step.date = day("2025-12-10");
	step.by = (char *)"ann";
	step.note = (char *)"at the clinic";
	pk_onboard_state(&yearly, &step, day("2026-11-23"), 30, &st);
	ok(st.done_on == day("2025-12-10") &&
	    st.expires_on == day("2026-12-10") && st.waived_on == PK_NODAY &&
	    strcmp(st.by, "ann") == 0 && strcmp(st.note, "at the clinic") == 0,
	    "a done step: done_on, expires_on, by, note");
	step.action = (char *)"undo";
	pk_onboard_state(&yearly, &step, day("2026-11-23"), 30, &st);
	ok(st.done_on == PK_NODAY && st.expires_on == PK_NODAY && !st.by &&
	    !st.note, "an undo leaves nothing in effect");
	ok(pk_onboard_is_no(PK_OB_DUE) && pk_onboard_is_no(PK_OB_EXPIRED) &&
	    !pk_onboard_is_no(PK_OB_EXPIRING) && !pk_onboard_is_no(PK_OB_DONE) &&
	    !pk_onboard_is_no(PK_OB_WAIVED) && !pk_onboard_is_no(PK_OB_OPTIONAL),
	    "only due and expired answer no");
}

/* Store tests: a peer per role, the steps, and what each check sees. */
static pk_store *store;
static struct pk_checklist cl;

static int64_t
add_peer(const char *alias, const char *role, const char *status)
{
	struct pk_peer p = { 0 };
	int64_t id;

	p.alias = pk_strdup(alias);
	p.role = role ? pk_strdup(role) : NULL;
	p.status = pk_strdup(status);
	if (pk_peer_insert(store, &p) != 0) {
		printf("# %s\n", pk_errmsg());
		exit(1);
	}
	id = p.id;
	pk_peer_free(&p);
	return id;
}

/* Status of each item for peer, "key=status ..." */
static int
join(const struct pk_peer *p, const struct pk_onboard_state *st, void *arg)
{
	char *s = arg;

	snprintf(s + strlen(s), 4096 - strlen(s), "%s%lld:%s=%s",
	    *s ? " " : "", (long long)p->id, st->item->key,
	    pk_onboard_statuses[st->status]);
	return 0;
}

static const char *
check(const char *alias, int within)
{
	static char s[4096];
	struct pk_peer p;

	s[0] = '\0';
	if (pk_peer_resolve(store, alias, &p) != 0)
		return pk_errmsg();
	if (pk_onboard_check(store, &cl, &p, within, join, s) != 0)
		strcpy(s, pk_errmsg());
	pk_peer_free(&p);
	return s;
}

static int
step(const char *alias, const char *action, const char *key,
    const char *date, const char *note)
{
	struct pk_peer p;
	int rc;

	if ((rc = pk_peer_resolve(store, alias, &p)) != 0)
		return rc;
	rc = pk_onboard_record(store, &cl, &p, action, key, day(date), note);
	pk_peer_free(&p);
	return rc;
}

static const char *
each(const char *role)
{
	static char s[4096];
	struct pk_peer_filter f = { .status = "active", .role = role };

	s[0] = '\0';
	if (pk_onboard_each(store, &cl, &f, 30, join, s) != 0)
		strcpy(s, pk_errmsg());
	return s;
}

static void
test_store(void)
{
	static const char text[] = "items:\n"
	    "  - {key: id, title: ID, roles: all}\n"
	    "  - {key: nalox, title: N, roles: [peer-worker], "
	    "valid_for: 12 months}\n"
	    "  - {key: cards, title: C, roles: [peer-worker], blocks: false}\n";
	struct pk_peer p;
	char s[4096];

	if (pk_store_open(&store, ":memory:", PK_STORE_MEMORY) != 0 ||
	    pk_checklist_parse(&cl, &cfg, "t.yaml", text, strlen(text)) != 0) {
		printf("# %s\n", pk_errmsg());
		exit(1);
	}
	add_peer("Raven", "peer-worker", "active");
	add_peer("Wren", "participant", "active");
	add_peer("Ash", NULL, "active");
	add_peer("Gone", "peer-worker", "inactive");
	add_peer("Late", "peer-worker", "active");
	is_str(check("Raven", 30), "1:id=due 1:nalox=due 1:cards=optional",
	    "a new peer worker");
	is_str(check("Wren", 30), "2:id=due", "a participant: items for all");
	is_str(check("Ash", 30), "3:id=due", "no role: items for all only");

	is_int(step("Raven", "done", "id", "2026-11-01", NULL), 0, "done");
	is_int(step("Raven", "done", "nalox", "2025-12-01", "first"), 0,
	    "done a year ago");
	is_str(check("Raven", 30), "1:id=done 1:nalox=expiring 1:cards=optional",
	    "done and expiring");
	is_int(step("Raven", "done", "nalox", "2026-11-20", "renewed"), 0,
	    "renewed");
	is_str(check("Raven", 30), "1:id=done 1:nalox=done 1:cards=optional",
	    "the latest step counts");
	is_int(step("Raven", "undo", "nalox", "2026-11-23", NULL), 0, "undo");
	is_str(check("Raven", 30), "1:id=done 1:nalox=due 1:cards=optional",
	    "undone: due again");
	is_int(step("Raven", "waive", "nalox", "2026-11-23", "exempt"), 0,
	    "waive");
	is_str(check("Raven", 30), "1:id=done 1:nalox=waived 1:cards=optional",
	    "waived");
	is_int(step("Gone", "done", "id", "2026-11-01", NULL), 0,
	    "a step for an inactive peer");

	is_int(step("Raven", "done", "nope", "2026-11-01", NULL), PK_EX_DATAERR,
	    "an unknown item");
	is_str(pk_errmsg(), "item \"nope\": not in the onboarding checklist "
	    "(t.yaml)", "an unknown item: message");
	is_int(step("Wren", "done", "nalox", "2026-11-01", NULL), PK_EX_DATAERR,
	    "an item the role does not need");
	is_str(pk_errmsg(), "item \"nalox\": not needed for role "
	    "\"participant\"", "an item the role does not need: message");
	is_int(step("Ash", "waive", "nalox", "2026-11-01", "x"), PK_EX_DATAERR,
	    "an item a peer with no role does not need");
	is_str(pk_errmsg(), "item \"nalox\": not needed for a peer with no "
	    "role", "no role: message");
	is_int(step("Wren", "done", "id", "2026-11-24", NULL), PK_EX_DATAERR,
	    "a date after today");
	is_str(pk_errmsg(), "item \"id\": date 2026-11-24 is after today "
	    "(2026-11-23)", "a date after today: message");
	is_int(step("Wren", "undo", "id", "2026-11-23", NULL), PK_EX_DATAERR,
	    "undo of nothing");
	is_str(pk_errmsg(), "item \"id\": neither done nor waived: nothing to "
	    "undo", "undo of nothing: message");
	is_int(step("Wren", "waive", "id", "2026-11-23", NULL), PK_EX_DATAERR,
	    "a waiver without a reason");
	is_int(step("Wren", "done", "id", "2026-11-23", "a\033[2Jb"),
	    PK_EX_DATAERR, "a note with an escape sequence");

	/* A role change: the items that apply change, the steps stay. */
	is_str(each(NULL), "1:id=done 1:nalox=waived 1:cards=optional "
	    "2:id=due 3:id=due 5:id=due 5:nalox=due 5:cards=optional",
	    "--all: every active peer, in id order");
	is_str(each("peer-worker"), "1:id=done 1:nalox=waived 1:cards=optional "
	    "5:id=due 5:nalox=due 5:cards=optional",
	    "--all --role: only that role");
	is_int(step("Wren", "done", "id", "2026-11-02", NULL), 0,
	    "Wren done");
	is_int(step("Late", "done", "cards", "2026-11-02", NULL), 0,
	    "Late done");
	is_str(each("peer-worker"), "1:id=done 1:nalox=waived 1:cards=optional "
	    "5:id=due 5:nalox=due 5:cards=done", "--all skips the steps of "
	    "peers left out (Wren, inactive Gone)");
	is_str(each(NULL), "1:id=done 1:nalox=waived 1:cards=optional "
	    "2:id=done 3:id=due 5:id=due 5:nalox=due 5:cards=done",
	    "--all after a step of a peer in the middle");

	/* Raven as a participant (the store still says peer worker). */
	pk_peer_resolve(store, "Raven", &p);
	free(p.role);
	p.role = pk_strdup("participant");
	s[0] = '\0';
	pk_onboard_check(store, &cl, &p, 30, join, s);
	is_str(s, "1:id=done", "a role change: nalox no longer applies");
	is_int(pk_onboard_record(store, &cl, &p, "undo", "nalox",
	    day("2026-11-23"), NULL), 0, "but an undo of it is still taken");
	pk_peer_free(&p);
	is_str(check("Raven", 30), "1:id=done 1:nalox=due 1:cards=optional",
	    "back as a peer worker: every step is on record");
	pk_checklist_free(&cl);
	pk_store_close(store);
}

int
main(void)
{
	tap_fixed_clock();
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	unsetenv("PEERKIT_CONFIG");
	if (pk_set_today("2026-11-23") != 0 || pk_config_load(&cfg, NULL) != 0) {
		printf("# %s\n", pk_errmsg());
		return 1;
	}
	test_valid_for();
	test_expiry();
	test_builtin();
	test_file();
	test_state();
	test_store();
	pk_config_free(&cfg);
	return done_testing();
}
