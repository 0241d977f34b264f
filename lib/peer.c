/*
 * peer.c - peers: fields from JSON, validation, the store, references.
 *
 * A table of fields drives the work: JSON in, validation, SQL binding
 * and JSON out all walk the same list, so a field is added in one place.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "internal.h"

enum ftype {
	F_TEXT, F_NOTES, F_ALIAS, F_INITIAL, F_SIN, F_PROVINCE, F_POSTAL,
	F_COUNTRY, F_PHONE, F_EMAIL, F_ROLE, F_REGION, F_SITE, F_METHOD,
	F_PROGRAM, F_STATUS, F_DATE
};

struct field {
	const char *name;
	size_t off;		/* of the char * in struct pk_peer */
	enum ftype type;
};

#define F(name, type) {#name, offsetof(struct pk_peer, name), type}
static const struct field text_fields[] = {
	F(alias, F_ALIAS), F(surname, F_TEXT), F(given_name, F_TEXT),
	F(initial, F_INITIAL), F(sin, F_SIN), F(address_line1, F_TEXT),
	F(address_line2, F_TEXT), F(city, F_TEXT), F(province, F_PROVINCE),
	F(postal_code, F_POSTAL), F(country, F_COUNTRY), F(phone, F_PHONE),
	F(email, F_EMAIL), F(role, F_ROLE), F(term_end, F_DATE),
	F(region, F_REGION),
	F(site, F_SITE), F(payment_method, F_METHOD),
	F(benefit_program, F_PROGRAM), F(status, F_STATUS), F(notes, F_NOTES),
	{NULL, 0, F_TEXT}
};
#undef F

const struct pk_field pk_peer_fields[] = {
	{"id", PK_KIND_INT}, {"uuid", PK_KIND_TEXT}, {"alias", PK_KIND_TEXT},
	{"surname", PK_KIND_TEXT}, {"given_name", PK_KIND_TEXT},
	{"initial", PK_KIND_TEXT}, {"sin", PK_KIND_TEXT},
	{"address_line1", PK_KIND_TEXT}, {"address_line2", PK_KIND_TEXT},
	{"city", PK_KIND_TEXT}, {"province", PK_KIND_TEXT},
	{"postal_code", PK_KIND_TEXT}, {"country", PK_KIND_TEXT},
	{"phone", PK_KIND_TEXT}, {"email", PK_KIND_TEXT},
	{"role", PK_KIND_TEXT}, {"role_since", PK_KIND_TEXT},
	{"term_end", PK_KIND_TEXT}, {"region", PK_KIND_TEXT},
	{"site", PK_KIND_TEXT}, {"payment_method", PK_KIND_TEXT},
	{"benefit_program", PK_KIND_TEXT}, {"sin_requested", PK_KIND_LIST},
	{"demographics", PK_KIND_JSON}, {"status", PK_KIND_TEXT},
	{"notes", PK_KIND_TEXT}, {"created_at", PK_KIND_TEXT},
	{"updated_at", PK_KIND_TEXT}, {"merged_into", PK_KIND_INT},
	{"roles", PK_KIND_JSON},	/* peer-list REF's path: read past */
	{NULL, PK_KIND_TEXT}
};

static char **
slot(struct pk_peer *p, const struct field *f)
{
	return (char **)((char *)p + f->off);
}

static const char *
cslot(const struct pk_peer *p, const struct field *f)
{
	return *(char *const *)((const char *)p + f->off);
}

void
pk_peer_free(struct pk_peer *p)
{
	const struct field *f;

	for (f = text_fields; f->name; f++)
		free(*slot(p, f));
	json_decref(p->sin_requested);
	json_decref(p->demographics);
	free(p->role_since);
	free(p->created_at);
	free(p->updated_at);
	memset(p, 0, sizeof *p);
}

/* "v6a1a1" -> "V6A 1A1" (new string); NULL when it is not a Canadian
 * postal code. */
/* A Canadian postal code, A9A 9A9 in any case and spacing, as the CRA
 * prints it: upper case, one space.  Canada Post uses no D, F, I, O, Q
 * or U, and no W or Z as the first letter. */
bool
pk_postal_ca(const char *s, char out[8])
{
	char d[7];
	size_t n = 0, i;

	for (i = 0; s[i]; i++) {
		if (s[i] == ' ')
			continue;
		if (n == 6 || !isascii((unsigned char)s[i]))
			return false;
		d[n++] = (char)toupper((unsigned char)s[i]);
	}
	if (n != 6)
		return false;
	for (i = 0; i < 6; i++)
		if (i % 2 == 0 ? !isupper((unsigned char)d[i]) ||
		    strchr("DFIOQU", d[i]) : !isdigit((unsigned char)d[i]))
			return false;
	if (d[0] == 'W' || d[0] == 'Z')
		return false;
	snprintf(out, 8, "%.3s %.3s", d, d + 3);
	return true;
}

static char *
postal_normalise(const char *s)
{
	char out[8];

	return pk_postal_ca(s, out) ? pk_strdup(out) : NULL;
}

/* The CRA's US state codes (stateType of the T619 schema, simple.xsd):
 * the fifty states, DC and the territories. */
static const char *const us_states[] = {
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA",
	"HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA",
	"MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
	"NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX",
	"UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "AS", "FM", "GU",
	"MH", "MP", "PW", "VI", NULL
};

/* "98101", "981011234", "98101 1234" -> "98101" or "98101-1234" (new
 * string); NULL when it is not a US ZIP code. */
static char *
zip_normalise(const char *s)
{
	size_t n = strlen(s);

	if (n == 5 && strspn(s, "0123456789") == 5)
		return pk_strdup(s);
	if (n == 9 && strspn(s, "0123456789") == 9)
		return pk_asprintf("%.5s-%.4s", s, s + 5);
	if (n == 10 && strspn(s, "0123456789") == 5 && (s[5] == '-' ||
	    s[5] == ' ') && strspn(s + 6, "0123456789") == 4)
		return pk_asprintf("%.5s-%.4s", s, s + 6);
	return NULL;
}

/* Another country's postal code as the CRA's schema takes it (pcType):
 * 1 to 10 letters, digits, spaces and hyphens; upper case, one space
 * between parts (new string), or NULL. */
static char *
foreign_postal_normalise(const char *s)
{
	char d[11];
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' && (n == 0 || d[n - 1] == ' '))
			continue;
		if (n == 10 || !isascii((unsigned char)*s) ||
		    !(isalnum((unsigned char)*s) || *s == ' ' || *s == '-'))
			return NULL;
		d[n++] = (char)toupper((unsigned char)*s);
	}
	while (n > 0 && d[n - 1] == ' ')
		n--;
	if (n == 0)
		return NULL;
	d[n] = '\0';
	return pk_strdup(d);
}

static int
address_bad(const char *field, const char *v, const char *want)
{
	return pk_fail(PK_EX_DATAERR, "field \"%s\": \"%s\" is not %s", field,
	    v, want);
}

/*
 * Province and postal code go by the country (none is Canada), as the
 * CRA asks of a T4A recipient: for CAN a province or territory and a
 * Canadian postal code; for USA a state code and a ZIP code (5 digits or
 * ZIP+4); for another country no province (the return carries ZZ) and
 * the postal code as that country writes it.  Checked when a record
 * sets any of the three, on the record as it will be kept.
 */
static int
check_address(struct pk_peer *p)
{
	const char *c = pk_text_blank(p->country) ? "CAN" : p->country;
	bool can = strcmp(c, "CAN") == 0, usa = strcmp(c, "USA") == 0;
	char *v = NULL;

	if (p->province && can && !pk_oneof(p->province, pk_provinces))
		return address_bad("province", p->province, "a province or "
		    "territory code (AB BC MB NB NL NS NT NU ON PE QC SK YT)");
	if (p->province && usa && !pk_oneof(p->province, us_states))
		return address_bad("province", p->province, "a US state code "
		    "like WA (the country is USA)");
	if (p->province && !can && !usa && strcmp(p->province, "ZZ") != 0)
		return pk_fail(PK_EX_DATAERR, "field \"province\": \"%s\": a "
		    "province or state goes with country CAN or USA only, not "
		    "%s (the T4A return carries ZZ): leave it out", p->province,
		    c);
	if (!p->postal_code)
		return 0;
	v = can ? postal_normalise(p->postal_code) : usa ?
	    zip_normalise(p->postal_code) :
	    foreign_postal_normalise(p->postal_code);
	if (!v)
		return address_bad("postal_code", p->postal_code, can ?
		    "a Canadian postal code like V6A 1A1" : usa ?
		    "a US ZIP code like 98101 or 98101-1234" : "a postal code of "
		    "1 to 10 letters, digits, spaces and hyphens");
	free(p->postal_code);
	p->postal_code = v;
	return 0;
}

static int
check_text(const struct field *f, const char *v)
{
	size_t max = f->type == F_NOTES ? 10000 : f->type == F_ALIAS ?
	    PK_ALIAS_MAX : 200;

	return pk_text_check(f->name, v, max, (f->type == F_ALIAS ? 0 :
	    PK_TEXT_EMPTY) | (f->type == F_NOTES ? PK_TEXT_LINES : 0));
}

static int
bad_value(const struct field *f, const char *v, const char *want)
{
	return pk_fail(PK_EX_DATAERR, "field \"%s\": \"%s\" is not %s", f->name,
	    v, want);
}

static int
check_list(const struct field *f, const char *v, const struct pk_strlist *l,
    bool empty_any)
{
	if ((empty_any && l->n == 0) || pk_strlist_has(l, v))
		return 0;
	return pk_fail(PK_EX_DATAERR, "field \"%s\": \"%s\" is not in the "
	    "configured %ss", f->name, v, f->name);
}

/*
 * A REF of digits is an id and a REF shaped like a uuid is a uuid, so an
 * alias of either shape could never name its peer: refuse it.  A store
 * from before this rule may hold one; restating it (a re-import of an
 * export) is no change and stays allowed.
 */
static int
check_alias(const char *v, const struct pk_peer *cur)
{
	bool digits = strspn(v, "0123456789") == strlen(v);

	if (!digits && !pk_is_uuid(v))
		return 0;
	if (cur->alias && strcmp(cur->alias, v) == 0)
		return 0;
	return pk_fail(PK_EX_DATAERR, "field \"alias\": \"%s\" would read as "
	    "%s, not as an alias: add a letter", v, digits ? "an id" :
	    "a uuid");
}

/* Validate one field's new value in place (it may be normalised). */
static int
check_field(const struct pk_config *cfg, const struct field *f, char **vp,
    const struct pk_peer *cur)
{
	char *v = *vp, *tmp, sin[10], mask[12];
	int rc, kind;
	bool same;
	size_t i;

	if ((rc = check_text(f, v)) != 0)
		return rc;
	switch (f->type) {
	case F_ALIAS:
		/* The blanks around an alias are no part of it: "Moss " is
		 * Moss, and refused beside Moss as any alike alias is.  An
		 * alias on record from before, with its blanks, restated (an
		 * export played back) is kept as it is: no change. */
		pk_text_unpad(v);
		tmp = cur->alias ? pk_text_unpad(pk_strdup(cur->alias)) : NULL;
		same = tmp && strcmp(v, tmp) == 0;
		free(tmp);
		if (!same)
			return check_alias(v, cur);
		free(*vp);
		*vp = pk_strdup(cur->alias);
		return 0;
	case F_INITIAL:
		return pk_utf8_chars(v) == 1 ? 0 : bad_value(f, v, "one letter");
	case F_SIN:
		if (strchr(v, '*')) {
			/* A masked SIN from an export restates the one kept, or
			 * carries none into a store that has none. */
			if (!cur->sin || strcmp(v, pk_sin_mask(cur->sin, mask)) == 0) {
				if (!cur->sin)
					pk_warn("%s: a masked SIN is not imported (export "
					    "with --reveal-sin to carry SINs)",
					    cur->alias ? cur->alias : "peer");
				free(*vp);
				*vp = cur->sin ? pk_strdup(cur->sin) : NULL;
				return 0;
			}
			return pk_fail(PK_EX_DATAERR, "field \"sin\": a masked SIN "
			    "that does not match the one on record (export with "
			    "--reveal-sin to carry SINs)");
		}
		if ((rc = pk_sin_parse(v, sin, &kind)) != 0)
			return pk_fail(rc, "field \"sin\": %s", pk_errmsg());
		free(*vp);
		*vp = kind == PK_SIN_NONE ? NULL : pk_strdup(sin);
		if (kind == PK_SIN_TEMPORARY)
			pk_warn("%s: SIN begins with 9: a temporary SIN, which "
			    "expires", cur->alias ? cur->alias : "peer");
		return 0;
	case F_PROVINCE:
		for (i = 0; v[i]; i++)
			v[i] = (char)toupper((unsigned char)v[i]);
		/* Which codes, by the country: check_address. */
		return strlen(v) == 2 && isupper((unsigned char)v[0]) &&
		    isupper((unsigned char)v[1]) ? 0 : bad_value(f, v,
		    "a province or territory code (AB BC MB NB NL NS NT NU ON PE "
		    "QC SK YT), or a US state code with --country USA");
	case F_POSTAL:		/* by the country: check_address */
		return 0;
	case F_COUNTRY:
		for (i = 0; v[i]; i++)
			v[i] = (char)toupper((unsigned char)v[i]);
		return strlen(v) == 3 && isupper((unsigned char)v[0]) &&
		    isupper((unsigned char)v[1]) && isupper((unsigned char)v[2]) ?
		    0 : bad_value(f, v, "a three-letter country code like CAN");
	case F_PHONE:
		return strspn(v, "0123456789+-() .x") == strlen(v) ? 0 :
		    bad_value(f, v, "a phone number");
	case F_EMAIL:
		return strchr(v, '@') && !strchr(v, ' ') ? 0 :
		    bad_value(f, v, "an email address");
	case F_ROLE:
		return check_list(f, v, &cfg->roles, false);
	case F_REGION:
		return check_list(f, v, &cfg->regions, true);
	case F_SITE:
		return check_list(f, v, &cfg->sites, true);
	case F_METHOD:
		return pk_oneof(v, pk_pay_methods) ? 0 : bad_value(f, v,
		    "a payment method (cash, etransfer, cheque, direct-deposit, "
		    "gift-card)");
	case F_PROGRAM:
		return pk_config_benefit(cfg, v, 0) ? 0 : pk_fail(PK_EX_DATAERR,
		    "field \"benefit_program\": \"%s\" is not in the configured "
		    "benefit_programs", v);
	case F_STATUS:
		return strcmp(v, "active") == 0 || strcmp(v, "inactive") == 0 ?
		    0 : bad_value(f, v, "active or inactive");
	case F_DATE:
		return pk_date_parse(v, &(pk_day){0}) == 0 ? 0 : bad_value(f, v,
		    "a date (YYYY-MM-DD)");
	default:
		return 0;
	}
}

/* A date for sin_requested: a real one, not after today. */
static int
check_request_date(const char *s)
{
	pk_day day;

	if (pk_date_parse(s, &day) != 0)
		return pk_fail(PK_EX_DATAERR, "field \"sin_requested\": %s",
		    pk_errmsg());
	if (day > pk_today())
		return pk_fail(PK_EX_DATAERR, "field \"sin_requested\": "
		    "%s is after today", s);
	return 0;
}

/* Insert date into the sorted list a unless it is there already: the
 * list is a history of asking, in order, each day once.  Dates are
 * YYYY-MM-DD, so text order is date order. */
static void
insert_date(json_t *a, const char *date)
{
	size_t i, n = json_array_size(a);
	int cmp = 1;

	for (i = 0; i < n; i++)
		if ((cmp = strcmp(json_string_value(json_array_get(a, i)),
		    date)) >= 0)
			break;
	if (cmp == 0)
		return;
	if (json_array_insert_new(a, i, json_string(date)) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
}

static int
apply_dates(struct pk_peer *p, json_t *v)
{
	size_t i;
	json_t *d, *a;
	int rc;

	if (json_is_null(v)) {
		json_decref(p->sin_requested);
		p->sin_requested = NULL;
		return 0;
	}
	if (!json_is_array(v))
		return pk_fail(PK_EX_DATAERR, "field \"sin_requested\": expected "
		    "a list of dates");
	json_array_foreach(v, i, d) {
		if (!json_is_string(d))
			return pk_fail(PK_EX_DATAERR, "field \"sin_requested\": "
			    "expected a list of dates");
		if ((rc = check_request_date(json_string_value(d))) != 0)
			return rc;
	}
	if (!(a = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	json_array_foreach(v, i, d)
		insert_date(a, json_string_value(d));
	json_decref(p->sin_requested);
	p->sin_requested = a;
	return 0;
}

int
pk_peer_sin_requested(struct pk_peer *p, const char *date)
{
	json_t *a, *d;
	size_t i;
	int rc;

	if ((rc = check_request_date(date)) != 0)
		return rc;
	/* A new list (the old one may be shared with the record it came
	 * from), in order even if the one on record was not. */
	if (!(a = json_array()))
		pk_die(PK_EX_SOFTWARE, "out of memory");
	json_array_foreach(p->sin_requested, i, d)
		if (json_is_string(d))
			insert_date(a, json_string_value(d));
	insert_date(a, date);
	json_decref(p->sin_requested);
	p->sin_requested = a;
	return 0;
}

/* The object as stored (compact JSON text) within
 * PK_DEMOGRAPHICS_MAX bytes: a few answers, not a document. */
static int
demographics_fit(json_t *v)
{
	size_t len;

	free(pk_json_text(v, &len));
	if (len > PK_DEMOGRAPHICS_MAX)
		return pk_fail(PK_EX_DATAERR, "field \"demographics\": %zu "
		    "bytes of JSON, more than the %d allowed", len,
		    PK_DEMOGRAPHICS_MAX);
	return 0;
}

/* The day the role (of this record) was taken; null: today. */
static int
apply_since(struct pk_peer *p, json_t *v)
{
	const char *d = json_string_value(v);

	if (!json_is_null(v) && (!d || pk_date_parse(d, &(pk_day){0}) != 0))
		return pk_fail(PK_EX_DATAERR, "field \"role_since\": expected a "
		    "date (YYYY-MM-DD)");
	free(p->role_since);
	p->role_since = d ? pk_strdup(d) : NULL;
	return 0;
}

static int
apply_one(const struct pk_config *cfg, struct pk_peer *p, const char *key,
    json_t *v)
{
	const struct field *f;
	char *val;
	int rc;

	if (strcmp(key, "sin_requested") == 0)
		return apply_dates(p, v);
	if (strcmp(key, "role_since") == 0)
		return apply_since(p, v);
	if (strcmp(key, "demographics") == 0) {
		if (!json_is_null(v) && !json_is_object(v))
			return pk_fail(PK_EX_DATAERR, "field \"demographics\": "
			    "expected an object");
		if (json_is_object(v) && (rc = demographics_fit(v)) != 0)
			return rc;
		json_decref(p->demographics);
		p->demographics = json_is_null(v) ? NULL : json_incref(v);
		return 0;
	}
	/* The first letter first: a strcmp per field made 100 calls a
	 * record of a batch. */
	for (f = text_fields; f->name && (f->name[0] != key[0] ||
	    strcmp(f->name, key) != 0); f++)
		;
	if (!f->name)		/* id, uuid, created_at, updated_at: set by the store */
		return 0;
	if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v) &&
	    f->type != F_ALIAS)) {
		if (f->type == F_ALIAS || f->type == F_STATUS)
			return pk_fail(PK_EX_DATAERR, "field \"%s\": required", key);
		free(*slot(p, f));
		*slot(p, f) = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return pk_fail(PK_EX_DATAERR, "field \"%s\": expected a string", key);
	val = pk_strdup(json_string_value(v));
	if ((rc = check_field(cfg, f, &val, p)) != 0) {
		free(val);
		return rc;
	}
	free(*slot(p, f));
	*slot(p, f) = val;
	return 0;
}

int
pk_peer_apply(const struct pk_config *cfg, struct pk_peer *p, json_t *rec)
{
	const char *key, *uuid;
	json_t *v;
	int rc;

	if ((rc = pk_json_fields(rec, pk_peer_fields)) != 0)
		return rc;
	if ((uuid = json_string_value(json_object_get(rec, "uuid")))) {
		if (!pk_is_uuid(uuid))
			return pk_fail(PK_EX_DATAERR, "field \"uuid\": \"%s\" is "
			    "not a uuid", uuid);
		if (!p->uuid[0])
			snprintf(p->uuid, sizeof p->uuid, "%s", uuid);
	} else if (json_object_get(rec, "uuid") &&
	    !json_is_null(json_object_get(rec, "uuid"))) {
		return pk_fail(PK_EX_DATAERR, "field \"uuid\": expected a string");
	}
	json_object_foreach(rec, key, v)
		if ((rc = apply_one(cfg, p, key, v)) != 0)
			return rc;
	if (json_object_get(rec, "province") || json_object_get(rec,
	    "postal_code") || json_object_get(rec, "country"))
		return check_address(p);
	return 0;
}

int
pk_peer_validate(const struct pk_config *cfg, const struct pk_peer *p)
{
	(void)cfg;
	if (!p->alias || !*p->alias)
		return pk_fail(PK_EX_DATAERR, "field \"alias\": required");
	return 0;
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	pk_json_set(o, key, pk_json_strornull(v));
}

json_t *
pk_peer_json(const struct pk_peer *p, bool reveal_sin)
{
	const struct field *f;
	json_t *o = json_object();
	char mask[12];

	if (!o)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_json_set(o, "id", json_integer(p->id));
	set_str(o, "uuid", p->uuid);
	for (f = text_fields; f->name; f++) {
		if (f->type == F_STATUS || f->type == F_NOTES)
			continue;
		if (f->type == F_SIN && !reveal_sin)
			set_str(o, "sin", p->sin ? pk_sin_mask(p->sin, mask) : NULL);
		else
			set_str(o, f->name, cslot(p, f));
		/* A peer with no role has no day it was taken. */
		if (f->type == F_ROLE)
			set_str(o, "role_since", p->role ? p->role_since : NULL);
		if (f->type == F_PROGRAM) {
			pk_json_set(o, "sin_requested", p->sin_requested ?
			    json_incref(p->sin_requested) : json_array());
			pk_json_set(o, "demographics", p->demographics ?
			    json_incref(p->demographics) : json_null());
		}
	}
	set_str(o, "status", p->status ? p->status : "active");
	set_str(o, "notes", p->notes);
	set_str(o, "created_at", p->created_at);
	set_str(o, "updated_at", p->updated_at);
	pk_json_set(o, "merged_into", p->merged_into ?
	    json_integer(p->merged_into) : json_null());
	return o;
}

int
pk_peer_json_revealed(pk_store *s, const struct pk_peer *p, json_t **out)
{
	json_t *o = pk_peer_json(p, false);
	char sin[10];
	int rc;

	*out = NULL;
	if (pk_sin_is_token(p->sin)) {
		if ((rc = pk_sin_reveal(s, p->sin, sin)) != 0) {
			json_decref(o);
			return rc;
		}
		pk_json_set(o, "sin", json_string(sin));
		sodium_memzero(sin, sizeof sin);
	}
	*out = o;
	return 0;
}

/*
 * pk_peer_json(p, false) as compact JSON text, byte for byte (test-peer
 * checks), made without a json_t: the audit row of every peer a batch
 * adds.  It walks the same fields in the same order.
 */
static char *
peer_text(const struct pk_peer *p)
{
	const struct field *f;
	struct pk_jtext t;
	char mask[12];

	pk_jt_init(&t);
	pk_jt_add(&t, "{", 1);
	pk_jt_key(&t, "id");
	pk_jt_int(&t, p->id);
	pk_jt_key(&t, "uuid");
	pk_jt_str(&t, p->uuid);
	for (f = text_fields; f->name; f++) {
		if (f->type == F_STATUS || f->type == F_NOTES)
			continue;
		pk_jt_key(&t, f->name);
		if (f->type == F_SIN)
			pk_jt_str(&t, p->sin ? pk_sin_mask(p->sin, mask) : NULL);
		else
			pk_jt_str(&t, cslot(p, f));
		if (f->type == F_ROLE) {
			pk_jt_key(&t, "role_since");
			pk_jt_str(&t, p->role ? p->role_since : NULL);
		}
		if (f->type == F_PROGRAM) {
			pk_jt_key(&t, "sin_requested");
			if (p->sin_requested)
				pk_jt_value(&t, p->sin_requested);
			else
				pk_jt_add(&t, "[]", 2);
			pk_jt_key(&t, "demographics");
			pk_jt_value(&t, p->demographics);
		}
	}
	pk_jt_key(&t, "status");
	pk_jt_str(&t, p->status ? p->status : "active");
	pk_jt_key(&t, "notes");
	pk_jt_str(&t, p->notes);
	pk_jt_key(&t, "created_at");
	pk_jt_str(&t, p->created_at);
	pk_jt_key(&t, "updated_at");
	pk_jt_str(&t, p->updated_at);
	pk_jt_key(&t, "merged_into");
	if (p->merged_into)
		pk_jt_int(&t, p->merged_into);
	else
		pk_jt_add(&t, "null", 4);
	pk_jt_add(&t, "}", 1);
	return t.s;
}

/* Columns in the order of text_fields, then the rest. */
/* The SIN is its token's two columns, sin_key in the place of the text
 * field and sin_box after the rest (privacy.c). */
#define PEER_COLS "alias, surname, given_name, initial, sin_key, " \
	"address_line1, address_line2, city, province, postal_code, country, " \
	"phone, email, role, term_end, region, site, payment_method, " \
	"benefit_program, status, notes, sin_requested, demographics, sin_box"
#define NTEXT 21

static void
bind_fields(pk_q *st, const struct pk_peer *p)
{
	const struct field *f;
	int i = 1;

	for (f = text_fields; f->name; f++, i++)
		if (f->type == F_SIN)
			pk_bind_sin(st, i, NTEXT + 3, p->sin);
		else
			pk_bind_static(st, i, f->type == F_STATUS &&
			    !cslot(p, f) ? "active" : cslot(p, f));
	if (p->sin_requested)
		pk_bind_json(st, NTEXT + 1, p->sin_requested);
	else
		pk_bind_text(st, NTEXT + 1, "[]");
	pk_bind_json(st, NTEXT + 2, p->demographics);
}

/* alias_fold: the alias folded here, in C, so both engines store the
 * same fold (resolve.c matches a reference's fold against it); NULL
 * for an alias utf8proc cannot fold, as SQLite's pk_fold() gives. */
static void
bind_fold(pk_q *st, int idx, const char *alias)
{
	char *f = alias ? pk_utf8_fold(alias) : NULL;

	pk_bind_text(st, idx, f);
	free(f);
}

static void
read_row(pk_q *st, struct pk_peer *p)
{
	const struct field *f;
	int i = 3;

	memset(p, 0, sizeof *p);
	p->id = pk_col_int64(st, 0);
	snprintf(p->uuid, sizeof p->uuid, "%s", pk_col_text(st, 1));
	p->created_at = pk_col_strdup(st, 2);
	for (f = text_fields; f->name; f++, i++)
		*slot(p, f) = pk_col_strdup(st, i);
	p->updated_at = pk_col_strdup(st, i++);
	p->sin_requested = pk_col_json(st, i++);
	p->demographics = pk_col_json(st, i++);
	p->merged_into = pk_col_int64(st, i++);
	p->role_since = pk_col_strdup(st, i);
}

#define SELECT_PEER "SELECT id, uuid, created_at, " PEER_COLS_READ \
	" FROM peers "
#define PEER_COLS_READ "alias, surname, given_name, initial, " \
	PK_SIN_TOKEN_SQL ", " \
	"address_line1, address_line2, city, province, postal_code, country, " \
	"phone, email, role, term_end, region, site, payment_method, " \
	"benefit_program, status, notes, updated_at, sin_requested, " \
	"demographics, merged_into, (SELECT since FROM peer_roles r WHERE " \
	"r.peer_id = peers.id ORDER BY since DESC, id DESC LIMIT 1)"

/*
 * A SIN read in (nine digits) is sealed before anything else sees it:
 * the record holds its token from then on.  The SIN on record (was) is
 * kept as it is when the one read in is the same, so restating a SIN
 * (an export read back with --reveal-sin) changes nothing.
 */
static int
seal_input(pk_store *s, struct pk_peer *p, const char *was)
{
	char *token;
	int rc;

	if (!p->sin || pk_sin_is_token(p->sin))
		return 0;
	if ((rc = pk_sin_seal(s, p->sin, &token)) != 0)
		return rc;
	sodium_memzero(p->sin, strlen(p->sin));
	free(p->sin);
	if (was && pk_sin_same(token, was)) {
		free(token);
		token = pk_strdup(was);
	}
	p->sin = token;
	return 0;
}

/* The peer's role into its history, from p->role_since (NULL: today),
 * which then says the day. */
static int
record_role(pk_store *s, struct pk_peer *p)
{
	char today[PK_DATE_BUFSZ];

	if (!p->role_since)
		p->role_since = pk_strdup(pk_date_fmt(pk_today(), today));
	return pk_role_record(s, p->id, p->role, p->role_since);
}

/* A role taken is a new step of the path: from role_since, or today
 * when the record left the day on record as it was; and a new role
 * starts without the old one's term end, unless the same change gives
 * one.  The same role keeps its day. */
static int
role_change(pk_store *s, struct pk_peer *p, const struct pk_peer *old)
{
	if (pk_streq(old->role, p->role)) {
		free(p->role_since);
		p->role_since = old->role_since ? pk_strdup(old->role_since) :
		    NULL;
		return 0;
	}
	if (pk_streq(p->role_since, old->role_since)) {
		free(p->role_since);
		p->role_since = NULL;
	}
	if (pk_streq(p->term_end, old->term_end)) {
		free(p->term_end);
		p->term_end = NULL;
	}
	return record_role(s, p);
}

int
pk_peer_insert(pk_store *s, struct pk_peer *p)
{
	static const char sql[] = "INSERT INTO peers (" PEER_COLS
	    ", uuid, created_at, updated_at, alias_fold) VALUES (?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?)";
	pk_q *st;
	char now[21], *after;
	int rc;

	if ((rc = seal_input(s, p, NULL)) != 0)
		return rc;
	st = pk_stmt(s, sql);
	if (!p->uuid[0])
		pk_uuid(p->uuid);
	pk_now(now);
	bind_fields(st, p);
	pk_bind_static(st, NTEXT + 4, p->uuid);
	pk_bind_static(st, NTEXT + 5, now);
	pk_bind_static(st, NTEXT + 6, now);
	bind_fold(st, NTEXT + 7, p->alias);
	if ((rc = pk_stmt_done(s, st, "add the peer")) != 0)
		return rc;
	p->id = pk_last_id(s);
	pk_resolve_forget(s);
	if ((rc = record_role(s, p)) != 0)
		return rc;
	free(p->created_at);
	free(p->updated_at);
	p->created_at = pk_strdup(now);
	p->updated_at = pk_strdup(now);
	if (!p->status)
		p->status = pk_strdup("active");
	after = peer_text(p);
	rc = pk_audit_text(s, "create", "peer", p->id, p->uuid, NULL, after);
	free(after);
	return rc;
}

/* The update; audited as one, or (audit false) by the caller. */
static int
update(pk_store *s, struct pk_peer *p, bool *changed, bool audit)
{
	static const char sql[] = "UPDATE peers SET alias = ?, surname = ?, "
	    "given_name = ?, initial = ?, sin_key = ?, address_line1 = ?, "
	    "address_line2 = ?, city = ?, province = ?, postal_code = ?, "
	    "country = ?, phone = ?, email = ?, role = ?, term_end = ?, "
	    "region = ?, site = ?, "
	    "payment_method = ?, benefit_program = ?, status = ?, notes = ?, "
	    "sin_requested = ?, demographics = ?, sin_box = ?, updated_at = ?, "
	    "alias_fold = ? WHERE id = ?";
	struct pk_peer old;
	json_t *before, *after;
	pk_q *st;
	char now[21];
	int rc, same;

	if ((rc = pk_peer_get(s, p->id, &old)) != 0)
		return rc;
	if ((rc = seal_input(s, p, old.sin)) != 0) {
		pk_peer_free(&old);
		return rc;
	}
	/* A record merged into another is the other's history: changed
	 * there, never brought back. */
	p->merged_into = old.merged_into;
	if (!old.merged_into && (rc = role_change(s, p, &old)) != 0) {
		pk_peer_free(&old);
		return rc;
	}
	before = pk_peer_json(&old, true);
	after = pk_peer_json(p, true);
	json_object_del(before, "updated_at");
	json_object_del(after, "updated_at");
	same = json_equal(before, after);
	json_decref(before);
	json_decref(after);
	if (changed)
		*changed = !same;
	if (!same && old.merged_into) {
		rc = pk_fail(PK_EX_DATAERR, "peer %lld (%s) was merged into peer "
		    "%lld: change that record", (long long)old.id, old.alias,
		    (long long)old.merged_into);
		pk_peer_free(&old);
		return rc;
	}
	if (same) {
		/* Nothing changed: no write, no audit, same updated_at. */
		free(p->updated_at);
		p->updated_at = old.updated_at;
		old.updated_at = NULL;
		pk_peer_free(&old);
		return 0;
	}
	st = pk_stmt(s, sql);
	pk_now(now);
	bind_fields(st, p);
	pk_bind_text(st, NTEXT + 4, now);
	bind_fold(st, NTEXT + 5, p->alias);
	pk_bind_int64(st, NTEXT + 6, p->id);
	if ((rc = pk_stmt_done(s, st, "update the peer")) != 0) {
		pk_peer_free(&old);
		return rc;
	}
	pk_resolve_forget(s);
	free(p->updated_at);
	p->updated_at = pk_strdup(now);
	if (audit) {
		before = pk_peer_json(&old, false);
		after = pk_peer_json(p, false);
		rc = pk_audit(s, "update", "peer", p->id, p->uuid, before,
		    after);
		json_decref(before);
		json_decref(after);
	}
	pk_peer_free(&old);
	return rc;
}

int
pk_peer_update(pk_store *s, struct pk_peer *p, bool *changed)
{
	return update(s, p, changed, true);
}

int
pk_peer_write(pk_store *s, struct pk_peer *p)
{
	return update(s, p, NULL, false);
}

/* One person, one SIN: a SIN another record holds is refused, naming
 * that record, so a person registered twice is merged, not summed
 * apart (peer-add --merge). */
static int
check_sin_once(pk_store *s, const struct pk_peer *p)
{
	static const char sql[] = "SELECT id, alias FROM peers WHERE sin_key "
	    "= ? AND id <> ? AND merged_into IS NULL ORDER BY id LIMIT 1";
	pk_q *st;
	char mask[12], alias[128] = "";
	int64_t id = 0;
	int rc;

	if (!pk_sin_is_token(p->sin))
		return 0;
	st = pk_stmt(s, sql);
	if (pk_bind_textn(st, 1, p->sin, PK_SIN_KEY_LEN) != 0)
		pk_die(PK_EX_SOFTWARE, "out of memory");
	pk_bind_int64(st, 2, p->id);
	if ((rc = pk_step(st)) == PK_ROW) {
		id = pk_col_int64(st, 0);
		pk_text_shown(alias, sizeof alias, (const char *)
		    pk_col_text(st, 1));
	} else if (rc != PK_DONE) {
		rc = pk_sql_fail(s, "look for the SIN");
	}
	pk_reset(st);
	if (rc != PK_ROW && rc != PK_DONE)
		return rc;
	if (!id)
		return 0;
	return pk_fail(PK_EX_DATAERR, "field \"sin\": %s is already the SIN "
	    "of peer %lld (%s): one person has one record; merge them "
	    "(peer-add --merge)", pk_sin_mask(p->sin, mask), (long long)id,
	    alias);
}

/* A new alias, or a peer's alias changed (was: the one on record),
 * that a reference would match with another peer's (case, accents and
 * apostrophes aside) would make a reference that names that peer today
 * ambiguous: refused, naming it.  An alias kept as it was is not judged
 * again, so a store that holds two alike from before still works. */
static int
check_alias_free(pk_store *s, const struct pk_peer *p, const char *was)
{
	char shown[128], theirs[128], *other;
	int64_t id;
	int rc;

	if (was && strcmp(was, p->alias) == 0)
		return 0;
	if ((rc = pk_alias_clash(s, p->alias, p->id, &id, &other)) != 0 || !id)
		return rc;
	pk_text_shown(theirs, sizeof theirs, other ? other : "");
	free(other);
	return pk_fail(PK_EX_DATAERR, "field \"alias\": \"%s\" would match "
	    "peer %lld (%s): references match without regard to case, accents "
	    "or apostrophes; choose another alias, so that \"%s\" keeps naming "
	    "peer %lld", pk_text_shown(shown, sizeof shown, p->alias),
	    (long long)id, theirs, theirs, (long long)id);
}

/*
 * A record is a new peer, or an update of the peer it names: ref (the
 * command line's --update REF), else the record's own uuid when a peer
 * has it (an export read back, or another store's).  An update applies
 * only the fields the record has.
 */
int
pk_peer_upsert(pk_store *s, const struct pk_config *cfg, json_t *rec,
    const char *ref, json_t *add_dates, struct pk_peer *p, int *outcome)
{
	const char *uuid = json_string_value(json_object_get(rec, "uuid"));
	char *was, *was_alias;
	bool found = false, changed = true;
	json_t *d;
	size_t i;
	int rc;

	memset(p, 0, sizeof *p);
	if (ref)
		rc = pk_peer_resolve(s, ref, p);
	else
		rc = uuid && pk_is_uuid(uuid) ? pk_peer_by_uuid(s, uuid, p,
		    &found) : 0;
	found = found || ref;
	was = p->sin ? pk_strdup(p->sin) : NULL;
	was_alias = p->alias ? pk_strdup(p->alias) : NULL;
	if (rc == 0)
		rc = pk_peer_apply(cfg, p, rec);
	json_array_foreach(add_dates, i, d)
		if (rc == 0)
			rc = pk_peer_sin_requested(p, json_string_value(d));
	if (rc == 0)
		rc = pk_peer_validate(cfg, p);
	if (rc == 0)
		rc = seal_input(s, p, was);
	if (rc == 0)
		rc = check_sin_once(s, p);
	/* After the SIN: a SIN on record means one person, to merge. */
	if (rc == 0)
		rc = check_alias_free(s, p, was_alias);
	if (rc == 0)
		rc = found ? pk_peer_update(s, p, &changed) :
		    pk_peer_insert(s, p);
	free(was);
	free(was_alias);
	if (rc != 0) {
		pk_peer_free(p);
		return rc;
	}
	*outcome = !found ? PK_PEER_ADDED : changed ? PK_PEER_UPDATED :
	    PK_PEER_UNCHANGED;
	return 0;
}

static int
get_one(pk_store *s, pk_q *st, struct pk_peer *p, bool *found)
{
	int rc = pk_step(st);

	if (rc == PK_ROW) {
		read_row(st, p);
		*found = true;
	} else if (rc == PK_DONE) {
		*found = false;
	} else {
		rc = pk_sql_fail(s, "read a peer");
		pk_reset(st);
		return rc;
	}
	pk_reset(st);
	return 0;
}

int
pk_peer_get(pk_store *s, int64_t id, struct pk_peer *p)
{
	static const char sql[] = SELECT_PEER "WHERE id = ?";
	pk_q *st = pk_stmt(s, sql);
	bool found = false;
	int rc;

	pk_bind_int64(st, 1, id);
	if ((rc = get_one(s, st, p, &found)) != 0)
		return rc;
	return found ? 0 : pk_fail(PK_EX_DATAERR, "no peer with id %lld",
	    (long long)id);
}

int
pk_peer_by_uuid(pk_store *s, const char *uuid, struct pk_peer *p, bool *found)
{
	static const char sql[] = SELECT_PEER "WHERE uuid = lower(?)";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_text(st, 1, uuid);
	return get_one(s, st, p, found);
}

int
pk_peer_resolve(pk_store *s, const char *ref, struct pk_peer *p)
{
	const struct pk_peer_ref *r;
	int rc;

	if ((rc = pk_resolve(s, ref, &r)) != 0)
		return rc;
	return pk_peer_get(s, r->id, p);
}

struct peer_walk {
	int (*fn)(const struct pk_peer *, void *);
	void *arg;
};

static int
peer_row(pk_q *st, void *arg)
{
	struct peer_walk *w = arg;
	struct pk_peer p;
	int rc;

	read_row(st, &p);
	rc = w->fn(&p, w->arg);
	pk_peer_free(&p);
	return rc;
}

int
pk_peer_each(pk_store *s, const struct pk_peer_filter *f,
    int (*fn)(const struct pk_peer *, void *), void *arg)
{
	static const char sql[] = SELECT_PEER
	    "WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR region = ?2) "
	    "AND (?3 IS NULL OR site = ?3) AND (?4 IS NULL OR status = ?4) "
	    "AND (?5 IS NULL "
	    "OR instr(coalesce(alias_fold, pk_fold(alias)), ?5) > 0 "
	    "OR instr(pk_fold(coalesce(surname, '')), ?5) > 0 "
	    "OR instr(pk_fold(coalesce(given_name, '')), ?5) > 0) "
	    "ORDER BY id";
	pk_q *st = pk_stmt(s, sql);
	struct peer_walk w = {fn, arg};
	char *search = NULL;

	/* --search matches as references do: its fold in theirs.  (The
	 * command line is checked for UTF-8 as it is read: cli.c.) */
	if (f->search && !(search = pk_utf8_fold(f->search)))
		return pk_fail(PK_EX_DATAERR, "--search: not UTF-8 text");

	pk_bind_text(st, 1, f->role);
	pk_bind_text(st, 2, f->region);
	pk_bind_text(st, 3, f->site);
	pk_bind_text(st, 4, f->status);
	pk_bind_text(st, 5, search);
	free(search);
	return pk_rows(s, st, "list peers", peer_row, &w);
}

/*
 * Forgetting a peer: their legal name, SIN, address, phone and email
 * erased, from the record, from the slips on file and from the audit
 * trail (the values replaced by "(forgotten)", the rows kept), once the
 * CRA's six years are past.  The alias, the money and what was erased
 * (the fields, never the values) stay.
 */
static const char *const forgotten[] = {
	"surname", "given_name", "initial", "sin", "address_line1",
	"address_line2", "city", "province", "postal_code", "country",
	"phone", "email", NULL
};

/* The last tax year the peer's details support: a taxable payment, or
 * a slip on file.  0: none. */
static int
last_tax_year(pk_store *s, int64_t id, int *year)
{
	static const char sql[] = "SELECT max(y) FROM (SELECT CAST(substr("
	    "date, 1, 4) AS INTEGER) AS y FROM payments WHERE peer_id = ?1 "
	    "AND " PK_SQL_TAXABLE("") " UNION ALL SELECT year FROM t4a_filed "
	    "WHERE peer_id = ?1) AS years";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) == PK_ROW)
		*year = pk_col_int(st, 0);
	pk_reset(st);
	return rc == PK_ROW ? 0 : pk_sql_fail(s, "read the peer's years");
}

/* One audit row's JSON with the forgotten fields' values replaced;
 * NULL when it holds none of them. */
static char *
redact(const char *text, size_t *n)
{
	json_t *j, *v;
	json_error_t err;
	size_t i;
	char *out;

	if (!text || !(j = json_loads(text, 0, &err)) || !json_is_object(j)) {
		if (text && !json_is_object(j))
			json_decref(j);
		return NULL;
	}
	for (i = 0; forgotten[i]; i++)
		if ((v = json_object_get(j, forgotten[i])) && !json_is_null(v) &&
		    !(json_is_string(v) && strcmp(json_string_value(v),
		    "(forgotten)") == 0)) {
			pk_json_set(j, forgotten[i], json_string("(forgotten)"));
			(*n)++;
		}
	out = *n ? pk_json_text(j, NULL) : NULL;
	json_decref(j);
	return out;
}

static int
redact_audit(pk_store *s, int64_t id, int64_t *rows)
{
	static const char get[] = "SELECT id, before, after FROM audit WHERE "
	    "(kind = 'peer' AND record_id = ?1) OR (kind = 't4a_slip' AND "
	    "record_id IN (SELECT id FROM t4a_filed WHERE peer_id = ?1))";
	static const char put[] = "UPDATE audit SET before = coalesce(?2, "
	    "before), after = coalesce(?3, after) WHERE id = ?1";
	struct row { int64_t id; char *before, *after; } *v = NULL;
	pk_q *st = pk_stmt(s, get);
	size_t n = 0, cap = 0, i, nb, na;
	char *b, *a;
	int rc;

	pk_bind_int64(st, 1, id);
	while ((rc = pk_step(st)) == PK_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = pk_realloc(v, cap * sizeof *v);
		}
		v[n].id = pk_col_int64(st, 0);
		v[n].before = pk_col_strdup(st, 1);
		v[n++].after = pk_col_strdup(st, 2);
	}
	pk_reset(st);
	rc = rc == PK_DONE ? 0 : pk_sql_fail(s, "read the audit trail");
	for (i = 0; i < n; i++) {
		nb = na = 0;
		b = rc == 0 ? redact(v[i].before, &nb) : NULL;
		a = rc == 0 ? redact(v[i].after, &na) : NULL;
		if (rc == 0 && (b || a)) {
			st = pk_stmt(s, put);
			pk_bind_int64(st, 1, v[i].id);
			pk_bind_text(st, 2, b);
			pk_bind_text(st, 3, a);
			rc = pk_stmt_done(s, st, "erase from the audit trail");
			(*rows)++;
		}
		free(b);
		free(a);
		free(v[i].before);
		free(v[i].after);
	}
	free(v);
	return rc;
}

/* The records merged into id, and those merged into them: the history
 * of the one person, and their details. */
static int
merged_into(pk_store *s, int64_t id, int64_t **ids, size_t *n)
{
	static const char sql[] = "WITH RECURSIVE m(id) AS (SELECT id FROM "
	    "peers WHERE merged_into = ?1 UNION SELECT p.id FROM peers p JOIN "
	    "m ON p.merged_into = m.id) SELECT id FROM m ORDER BY id";
	pk_q *st = pk_stmt(s, sql);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	pk_bind_int64(st, 1, id);
	while ((rc = pk_step(st)) == PK_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*ids = pk_realloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = pk_col_int64(st, 0);
	}
	pk_reset(st);
	return rc == PK_DONE ? 0 : pk_sql_fail(s, "read the merged records");
}

/* The details of peer q erased (the record, its slips, its audit rows)
 * and the erasure audited; *done says whether there was any. */
static int
forget_one(pk_store *s, const struct pk_peer *q, const char *now, bool *done)
{
	static const char peer_sql[] = "UPDATE peers SET surname = NULL, "
	    "given_name = NULL, initial = NULL, sin = NULL, sin_key = NULL, "
	    "sin_box = NULL, address_line1 = NULL, address_line2 = NULL, "
	    "city = NULL, province = NULL, postal_code = NULL, country = NULL, "
	    "phone = NULL, email = NULL, updated_at = ?2 WHERE id = ?1";
	static const char slip_sql[] = "UPDATE t4a_filed SET surname = '', "
	    "given_name = NULL, initial = NULL, sin_key = NULL, sin_box = NULL, "
	    "address_line1 = NULL, address_line2 = NULL, city = NULL, "
	    "province = NULL, country = NULL, postal_code = NULL "
	    "WHERE peer_id = ?1 AND (surname <> '' OR given_name IS NOT NULL "
	    "OR initial IS NOT NULL OR sin_key IS NOT NULL OR address_line1 IS "
	    "NOT NULL OR address_line2 IS NOT NULL OR city IS NOT NULL OR "
	    "province IS NOT NULL OR country IS NOT NULL OR postal_code IS NOT "
	    "NULL)";
	char after[512];
	const char *fields[13];
	const struct field *f;
	int64_t slips, rows = 0;
	pk_q *st;
	size_t nf = 0, i, len;
	int rc;

	*done = false;
	for (i = 0; forgotten[i]; i++)
		for (f = text_fields; f->name; f++)
			if (strcmp(f->name, forgotten[i]) == 0 &&
			    !pk_text_blank(cslot(q, f)))
				fields[nf++] = forgotten[i];
	st = pk_stmt(s, peer_sql);
	pk_bind_int64(st, 1, q->id);
	pk_bind_text(st, 2, now);
	if ((rc = pk_stmt_done(s, st, "forget the peer")) != 0)
		return rc;
	st = pk_stmt(s, slip_sql);
	pk_bind_int64(st, 1, q->id);
	if ((rc = pk_stmt_done(s, st, "forget the slips on file")) != 0)
		return rc;
	slips = pk_changes(s);
	if ((rc = redact_audit(s, q->id, &rows)) != 0)
		return rc;
	if (nf == 0 && slips == 0 && rows == 0)
		return 0;
	*done = true;
	len = (size_t)snprintf(after, sizeof after, "{\"forgotten\":[");
	for (i = 0; i < nf; i++)
		len += (size_t)snprintf(after + len, sizeof after - len, "%s\"%s\"",
		    i ? "," : "", fields[i]);
	snprintf(after + len, sizeof after - len, "],\"slips\":%lld,"
	    "\"audit_rows\":%lld}", (long long)slips, (long long)rows);
	return pk_audit_text(s, "forget", "peer", q->id, q->uuid, NULL, after);
}

/* The CRA's six years from the last tax year of id's details. */
static int
kept_for_tax(pk_store *s, const struct pk_peer *q, const struct pk_peer *p)
{
	char today[PK_DATE_BUFSZ];
	int rc, year = 0;

	if ((rc = last_tax_year(s, q->id, &year)) != 0)
		return rc;
	pk_date_fmt(pk_today(), today);
	if (!year || (int)strtol(today, NULL, 10) >= year + 7)
		return 0;
	if (q->id == p->id)
		return pk_fail(PK_EX_DATAERR, "peer %lld (%s): their details "
		    "support the %d T4A year, and the CRA asks that records be "
		    "kept six years after the end of it: --forget works from "
		    "%d-01-01", (long long)p->id, p->alias, year, year + 7);
	return pk_fail(PK_EX_DATAERR, "peer %lld (%s): the details of peer "
	    "%lld (%s), merged into it, support the %d T4A year, and the CRA "
	    "asks that records be kept six years after the end of it: "
	    "--forget works from %d-01-01", (long long)p->id, p->alias,
	    (long long)q->id, q->alias, year, year + 7);
}

/*
 * A peer forgotten, and every record merged into it: a merged record
 * is the history of the one it was merged into, and holds the same
 * person's details as they were on it.
 */
int
pk_peer_forget(pk_store *s, const char *ref, struct pk_peer *p, int *outcome)
{
	struct pk_peer *all;
	char now[21];
	int64_t *ids, id;
	size_t n, i, got = 0;
	bool done, any = false;
	int rc;

	*outcome = PK_FORGET_DONE;
	if ((rc = pk_peer_resolve(s, ref, p)) != 0)
		return rc;
	if (strcmp(p->status, "active") == 0) {
		rc = pk_fail(PK_EX_DATAERR, "peer %lld (%s) is active: "
		    "deactivate the record first (peer-add --deactivate %lld)",
		    (long long)p->id, p->alias, (long long)p->id);
		pk_peer_free(p);
		return rc;
	}
	if ((rc = merged_into(s, p->id, &ids, &n)) != 0) {
		pk_peer_free(p);
		return rc;
	}
	all = pk_calloc(n + 1, sizeof *all);
	all[0] = *p;
	memset(p, 0, sizeof *p);
	for (got = 1; rc == 0 && got <= n; got++)
		rc = pk_peer_get(s, ids[got - 1], &all[got]);
	for (i = 0; rc == 0 && i < got; i++)
		rc = kept_for_tax(s, &all[i], &all[0]);
	pk_now(now);
	for (i = 0; rc == 0 && i < got; i++)
		if ((rc = forget_one(s, &all[i], now, &done)) == 0)
			any = any || done;
	id = all[0].id;
	for (i = 0; i < got; i++)
		pk_peer_free(&all[i]);
	free(all);
	free(ids);
	if (rc != 0)
		return rc;
	if (!any) {
		*outcome = PK_FORGET_NOTHING;
		return pk_peer_get(s, id, p);
	}
	pk_resolve_forget(s);
	return pk_peer_get(s, id, p);
}
