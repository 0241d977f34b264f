/* test-peer: fields from JSON, validation, references, updates. */
#include <stdlib.h>
#include <string.h>

#include "peerkit.h"
#include "tap.h"

static struct pk_config cfg;
static pk_store *s;

static int
apply(struct pk_peer *p, const char *json)
{
	json_t *rec = json_loads(json, 0, NULL);
	int rc = pk_peer_apply(&cfg, p, rec);

	json_decref(rec);
	return rc;
}

static int64_t
insert(const char *json)
{
	struct pk_peer p = {0};
	int64_t id = -1;

	if (apply(&p, json) == 0 && pk_peer_validate(&cfg, &p) == 0 &&
	    pk_peer_insert(s, &p) == 0)
		id = p.id;
	pk_peer_free(&p);
	return id;
}

static void
test_apply(void)
{
	struct pk_peer p = {0};
	json_t *j;

	is_int(apply(&p, "{\"alias\":\"Raven\",\"province\":\"bc\","
	    "\"postal_code\":\"v6a1a1\",\"sin\":\"130-692-544\"}"), 0,
	    "apply a record");
	is_str(p.province, "BC", "province upper-cased");
	is_str(p.postal_code, "V6A 1A1", "postal code normalised");
	is_str(p.sin, "130692544", "SIN digits kept");
	j = pk_peer_json(&p, false);
	is_str(json_string_value(json_object_get(j, "sin")), "***-***-544",
	    "JSON masks the SIN");
	json_decref(j);
	j = pk_peer_json(&p, true);
	is_str(json_string_value(json_object_get(j, "sin")), "130692544",
	    "unless revealed");
	json_decref(j);
	is_int(apply(&p, "{\"surname\":\"\"}"), 0, "an empty value");
	ok(p.surname == NULL, "clears the field");
	is_int(apply(&p, "{\"alias\":null}"), PK_EX_DATAERR, "alias cannot be null");
	is_int(apply(&p, "{\"role\":\"captain\"}"), PK_EX_DATAERR, "role from config");
	is_str(pk_errmsg(), "field \"role\": \"captain\" is not in the configured roles",
	    "message names field and value");
	is_int(apply(&p, "{\"initial\":\"AB\"}"), PK_EX_DATAERR, "initial is one letter");
	is_int(apply(&p, "{\"initial\":\"É\"}"), 0, "one letter, two bytes");
	is_int(apply(&p, "{\"uuid\":\"nope\"}"), PK_EX_DATAERR, "a bad uuid");
	is_int(apply(&p, "{\"colour\":\"red\"}"), PK_EX_DATAERR, "an unknown field");
	is_int(apply(&p, "{\"country\":\"Canada\"}"), PK_EX_DATAERR, "country code");
	is_int(apply(&p, "{\"email\":\"nobody\"}"), PK_EX_DATAERR, "email needs @");
	is_int(apply(&p, "{\"postal_code\":\"D1A 1A1\"}"), PK_EX_DATAERR,
	    "no postal code starts with D");
	pk_peer_free(&p);
	is_int(pk_peer_validate(&cfg, &p), PK_EX_DATAERR, "a peer needs an alias");
}

static void
test_store(void)
{
	struct pk_peer p = {0};
	bool changed = true;

	ok(insert("{\"alias\":\"Raven\",\"role\":\"peer-worker\"}") == 1, "insert");
	ok(insert("{\"alias\":\"Sam\",\"region\":\"North\"}") == 2, "insert Sam");
	ok(insert("{\"alias\":\"sam\",\"region\":\"South\"}") == 3, "insert sam");
	is_int(pk_peer_resolve(s, "raven", &p), 0, "resolve an alias, any case");
	is_int(p.id, 1, "the right peer");
	is_int(pk_peer_update(s, &p, &changed), 0, "an update with no change");
	ok(!changed, "is reported unchanged");
	free(p.role);
	p.role = pk_strdup("participant");
	is_int(pk_peer_update(s, &p, &changed), 0, "a real update");
	ok(changed, "is reported changed");
	pk_peer_free(&p);
	is_int(pk_peer_resolve(s, "1", &p), 0, "resolve an id");
	is_str(p.role, "participant", "the update stuck");
	pk_peer_free(&p);
	is_int(pk_peer_resolve(s, "SAM", &p), PK_EX_DATAERR, "an ambiguous alias");
	is_str(pk_errmsg(), "peer \"SAM\" is ambiguous: id 2 (region North); "
	    "id 3 (region South); use an id or uuid", "lists the candidates");
	is_int(pk_peer_resolve(s, "Nobody", &p), PK_EX_DATAERR, "an unknown alias");
	is_int(pk_peer_resolve(s, "42", &p), PK_EX_DATAERR, "an unknown id");
	is_int(pk_peer_resolve(s, "", &p), PK_EX_DATAERR, "an empty REF");
}

/* Aliases a REF could never name, and the history of SIN requests. */
static void
test_rules(void)
{
	struct pk_peer p = {0};
	const char *uuid = "0f7b0c3e-3d1f-4f0a-9b7e-1c2d3e4f5a6b";
	char *rec;
	json_t *j;

	is_int(apply(&p, "{\"alias\":\"42\"}"), PK_EX_DATAERR,
	    "an alias of digits");
	is_str(pk_errmsg(), "field \"alias\": \"42\" would read as an id, not "
	    "as an alias: add a letter", "says why");
	rec = pk_asprintf("{\"alias\":\"%s\"}", uuid);
	is_int(apply(&p, rec), PK_EX_DATAERR, "an alias shaped like a uuid");
	free(rec);
	is_int(apply(&p, "{\"alias\":\"Agent 99\"}"), 0, "digits among letters");
	/* A store from before the rule: restating its alias is no change. */
	free(p.alias);
	p.alias = pk_strdup("007");
	is_int(apply(&p, "{\"alias\":\"007\"}"), 0, "an old alias restated");
	is_int(apply(&p, "{\"alias\":\"008\"}"), PK_EX_DATAERR,
	    "but not a new one");

	is_int(apply(&p, "{\"sin_requested\":[\"2026-03-01\",\"2026-01-05\","
	    "\"2026-03-01\"]}"), 0, "a list of dates");
	j = json_pack("[ss]", "2026-01-05", "2026-03-01");
	ok(json_equal(p.sin_requested, j), "put in order, each date once");
	json_decref(j);
	is_int(pk_peer_sin_requested(&p, "2026-02-10"), 0, "add a date");
	is_int(pk_peer_sin_requested(&p, "2026-03-01"), 0, "one on record");
	j = json_pack("[sss]", "2026-01-05", "2026-02-10", "2026-03-01");
	ok(json_equal(p.sin_requested, j), "in its place, not twice");
	json_decref(j);
	is_int(pk_peer_sin_requested(&p, "2026-11-24"), PK_EX_DATAERR,
	    "a date after today");
	is_str(pk_errmsg(), "field \"sin_requested\": 2026-11-24 is after today",
	    "names the field");
	is_int(pk_peer_sin_requested(&p, "2026-02-30"), PK_EX_DATAERR,
	    "a date that does not exist");
	is_int((int)json_array_size(p.sin_requested), 3, "leaves the list");
	pk_peer_free(&p);
	is_int(pk_peer_sin_requested(&p, "2026-11-23"), 0, "the first date");
	is_int((int)json_array_size(p.sin_requested), 1, "a list of one");
	pk_peer_free(&p);
}

/* The messages that help a user pick the peer they meant. */
static void
test_refs(void)
{
	struct pk_peer p = {0};
	int i;

	ok(insert("{\"alias\":\"Kit\",\"role\":\"peer-worker\","
	    "\"region\":\"North\",\"site\":\"Hub\"}") > 0, "insert Kit");
	ok(insert("{\"alias\":\"kit\",\"status\":\"inactive\"}") > 0,
	    "insert kit");
	ok(insert("{\"alias\":\"KIT\"}") > 0, "insert KIT");
	is_int(pk_peer_resolve(s, "kIt", &p), PK_EX_DATAERR, "three Kits");
	is_str(pk_errmsg(), "peer \"kIt\" is ambiguous: id 4 (role peer-worker, "
	    "region North, site Hub); id 5 (inactive); id 6 (no role, region or "
	    "site; added 2026-11-23); use an id or uuid",
	    "each with what tells it apart");
	/* A store from before aliases that fold alike were refused: the
	 * alias given exactly wins. */
	is_int(pk_peer_resolve(s, "kit", &p), 0, "one of them exactly");
	is_int((int)p.id, 5, "is that one");
	pk_peer_free(&p);
	is_int(pk_peer_resolve(s, "K\xc3\x8dT", &p), PK_EX_DATAERR,
	    "accents aside, three Kits");
	for (i = 0; i < 12; i++)
		insert("{\"alias\":\"Kit\"}");
	is_int(pk_peer_resolve(s, "Kit", &p), PK_EX_DATAERR, "thirteen exact");
	ok(strstr(pk_errmsg(), "id 4 (") && !strstr(pk_errmsg(), "id 5 (") &&
	    strstr(pk_errmsg(), "; and 1 more; use an id or uuid"),
	    "only the exact ones listed");
	is_int(pk_peer_resolve(s, "kIT", &p), PK_EX_DATAERR, "fifteen Kits");
	ok(strstr(pk_errmsg(), "; id 15 (") && !strstr(pk_errmsg(), "id 16 (") &&
	    strstr(pk_errmsg(), "; and 3 more; use an id or uuid"),
	    "a dozen listed, then how many more");
	/* An alias of digits from before the rule (written past apply). */
	ok(insert("{\"alias\":\"Placeholder\"}") == 19, "insert peer 19");
	is_int(pk_peer_resolve(s, "19", &p), 0, "resolve it");
	free(p.alias);
	p.alias = pk_strdup("77");
	is_int(pk_peer_update(s, &p, NULL), 0, "give it an old alias");
	pk_peer_free(&p);
	is_int(pk_peer_resolve(s, "77", &p), PK_EX_DATAERR, "77 is an id");
	is_str(pk_errmsg(), "no peer with id 77; the peer with the alias \"77\" "
	    "is id 19 (a REF of digits is read as an id: use its id or uuid)",
	    "the message points to the peer");
	is_int(pk_peer_resolve(s, "19", &p), 0, "its id reaches it");
	pk_peer_free(&p);
	is_int(pk_peer_resolve(s, "99999999999999999999", &p), PK_EX_DATAERR,
	    "an id past int64");
	is_str(pk_errmsg(), "no peer with id 99999999999999999999", "says so");
}

int
main(void)
{
	char dir[] = "/tmp/pk-peer-XXXXXX";
	char *db;

	tap_fixed_clock();
	if (!mkdtemp(dir))
		return 1;
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("PEERKIT_CONFIG");
	db = pk_asprintf("%s/peerkit.db", dir);
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&s, db, PK_STORE_WRITE) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		return 1;
	}
	test_apply();
	test_store();
	test_rules();
	test_refs();
	pk_store_close(s);
	pk_config_free(&cfg);
	free(db);
	return done_testing();
}
