/* test-peer: fields from JSON, validation, references, updates. */
#include <stdlib.h>

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
	is_str(pk_errmsg(), "peer \"SAM\" is ambiguous: id 2 (no role, North); "
	    "id 3 (no role, South); use an id or uuid", "lists the candidates");
	is_int(pk_peer_resolve(s, "Nobody", &p), PK_EX_DATAERR, "an unknown alias");
	is_int(pk_peer_resolve(s, "42", &p), PK_EX_DATAERR, "an unknown id");
	is_int(pk_peer_resolve(s, "", &p), PK_EX_DATAERR, "an empty REF");
}

int
main(void)
{
	char dir[] = "/tmp/pk-peer-XXXXXX";
	char *db;

	if (!mkdtemp(dir))
		return 1;
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("PEERKIT_CONFIG");
	setenv("PEERKIT_NOW", "2026-11-23T12:00:00Z", 1);
	db = pk_asprintf("%s/peerkit.db", dir);
	if (pk_config_load(&cfg, NULL) != 0 ||
	    pk_store_open(&s, db, PK_STORE_WRITE) != 0) {
		printf("Bail out! %s\n", pk_errmsg());
		return 1;
	}
	test_apply();
	test_store();
	pk_store_close(s);
	pk_config_free(&cfg);
	free(db);
	return done_testing();
}
