/*
 * peer-merge.c - one person's two records made one (peer-add --merge):
 * what keep lacks it takes from dup, dup's engagements, payments,
 * credit, incidents and slips move to keep, every move audited.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/*
 * Merging a person's two records: everything of dup goes to keep, and
 * dup stays on record, inactive, merged into keep.  What keep lacks
 * (a legal name, a SIN, an address, a phone, an email) it takes from
 * dup; two different SINs or two different legal names are two people,
 * and refused.
 */
static int
differ(const char *a, const char *b)
{
	return !pk_text_blank(a) && !pk_text_blank(b) && strcasecmp(a, b) != 0;
}

static void
take(char **keep, char **dup)
{
	if (pk_text_blank(*keep) && !pk_text_blank(*dup)) {
		free(*keep);
		*keep = *dup;
		*dup = NULL;
	}
}

/* Each record of kind in table that moves from one peer to the other,
 * audited as it moves: {"peer_id":from} before, {"peer_id":to} after. */
static int
audit_moves(pk_store *s, const char *kind, const char *sql, int64_t from,
    int64_t to)
{
	pk_q *st = pk_stmt(s, sql);
	char before[48], after[48], uuid[37];
	int64_t id;
	int rc;

	snprintf(before, sizeof before, "{\"peer_id\":%lld}", (long long)from);
	snprintf(after, sizeof after, "{\"peer_id\":%lld}", (long long)to);
	pk_bind_int64(st, 1, from);
	while ((rc = pk_step(st)) == PK_ROW) {
		id = pk_col_int64(st, 0);
		snprintf(uuid, sizeof uuid, "%s", pk_col_text(st, 1));
		if ((rc = pk_audit_text(s, "merge", kind, id, uuid, before,
		    after)) != 0) {
			pk_reset(st);
			return rc;
		}
	}
	pk_reset(st);
	return rc == PK_DONE ? 0 : pk_sql_fail(s, "merge the records");
}

/* The credit dup held goes to keep, audited as the ledger audits credit. */
static int
move_credit(pk_store *s, const struct pk_peer *dup, const struct pk_peer *keep)
{
	static const char sql[] = "SELECT (SELECT credit FROM peers WHERE "
	    "id = ?1), (SELECT credit FROM peers WHERE id = ?2)";
	pk_q *st = pk_stmt(s, sql);
	char before[64], after[64], a[PK_MONEY_BUFSZ], b[PK_MONEY_BUFSZ];
	int64_t from = 0, to = 0;
	int rc;

	pk_bind_int64(st, 1, dup->id);
	pk_bind_int64(st, 2, keep->id);
	if ((rc = pk_step(st)) == PK_ROW) {
		from = pk_col_int64(st, 0);
		to = pk_col_int64(st, 1);
	}
	pk_reset(st);
	if (rc != PK_ROW)
		return pk_sql_fail(s, "read the credit");
	if (from == 0)
		return 0;
	snprintf(before, sizeof before, "{\"credit\":\"%s\"}",
	    pk_money_fmt(from, a));
	if ((rc = pk_audit_text(s, "merge", "credit", dup->id, dup->uuid,
	    before, "{\"credit\":\"0.00\"}")) != 0)
		return rc;
	snprintf(before, sizeof before, "{\"credit\":\"%s\"}",
	    pk_money_fmt(to, a));
	if (!pk_money_add(&to, from))
		return pk_fail(PK_EX_DATAERR, "the credit is too large");
	snprintf(after, sizeof after, "{\"credit\":\"%s\"}",
	    pk_money_fmt(to, b));
	return pk_audit_text(s, "merge", "credit", keep->id, keep->uuid,
	    before, after);
}

static int
move_records(pk_store *s, const struct pk_peer *dup, const struct pk_peer *keep)
{
	static const char *const sql[] = {
		"UPDATE engagements SET peer_id = ?2 WHERE peer_id = ?1",
		"UPDATE payments SET peer_id = ?2 WHERE peer_id = ?1",
		"UPDATE onboarding SET peer_id = ?2 WHERE peer_id = ?1",
		"UPDATE incidents SET peer_id = ?2 WHERE peer_id = ?1",
		"UPDATE peers SET credit = credit + (SELECT credit FROM peers "
		    "WHERE id = ?1) WHERE id = ?2",
		"UPDATE peers SET credit = 0 WHERE id = ?1"
	};
	pk_q *st;
	size_t i;
	int rc;

	if ((rc = audit_moves(s, "engagement", "SELECT id, uuid FROM "
	    "engagements WHERE peer_id = ? ORDER BY id", dup->id,
	    keep->id)) != 0 ||
	    (rc = audit_moves(s, "payment", "SELECT id, uuid FROM payments "
	    "WHERE peer_id = ? ORDER BY id", dup->id, keep->id)) != 0 ||
	    (rc = audit_moves(s, "onboarding", "SELECT id, uuid FROM "
	    "onboarding WHERE peer_id = ? ORDER BY id", dup->id,
	    keep->id)) != 0 ||
	    (rc = audit_moves(s, "incident", "SELECT id, uuid FROM "
	    "incidents WHERE peer_id = ? ORDER BY id", dup->id,
	    keep->id)) != 0 ||
	    (rc = move_credit(s, dup, keep)) != 0)
		return rc;
	for (i = 0; i < sizeof sql / sizeof sql[0] && rc == 0; i++) {
		st = pk_stmt(s, sql[i]);
		pk_bind_int64(st, 1, dup->id);
		pk_bind_int64(st, 2, keep->id);
		rc = pk_stmt_done(s, st, "merge the records");
	}
	return rc;
}

static int
mark_merged(pk_store *s, int64_t dup, int64_t keep)
{
	static const char sql[] = "UPDATE peers SET merged_into = ?2, "
	    "status = 'inactive', sin = NULL, sin_key = NULL, sin_box = NULL "
	    "WHERE id = ?1";
	pk_q *st = pk_stmt(s, sql);

	pk_bind_int64(st, 1, dup);
	pk_bind_int64(st, 2, keep);
	return pk_stmt_done(s, st, "merge the records");
}

int
pk_peer_merge(pk_store *s, const char *dup_ref, const char *keep_ref,
    struct pk_peer *keep, int *outcome)
{
	struct pk_peer dup;
	json_t *d, *before, *after, *dup_before = NULL;
	size_t i;
	int rc;

	memset(keep, 0, sizeof *keep);
	*outcome = PK_MERGE_DONE;
	if ((rc = pk_peer_resolve(s, dup_ref, &dup)) != 0)
		return rc;
	if ((rc = pk_peer_resolve(s, keep_ref, keep)) != 0)
		goto out;
	if (dup.merged_into && dup.merged_into == keep->id) {
		*outcome = PK_MERGE_ALREADY;	/* a merge run twice */
		goto out;
	}
	rc = PK_EX_DATAERR;
	if (dup.id == keep->id)
		pk_fail(rc, "peer %lld (%s) is the same record twice",
		    (long long)dup.id, dup.alias);
	else if (dup.merged_into)
		pk_fail(rc, "peer %lld (%s) was merged into peer %lld already",
		    (long long)dup.id, dup.alias, (long long)dup.merged_into);
	else if (keep->merged_into)
		pk_fail(rc, "peer %lld (%s) was merged into peer %lld: merge "
		    "into that record", (long long)keep->id, keep->alias,
		    (long long)keep->merged_into);
	else if (strcmp(keep->status, "active") != 0 &&
	    strcmp(dup.status, "active") == 0)
		pk_fail(rc, "peer %lld (%s) is inactive and %lld (%s) active: "
		    "keep the active record (--merge %lld --into %lld), or "
		    "reactivate the other first", (long long)keep->id,
		    keep->alias, (long long)dup.id, dup.alias,
		    (long long)keep->id, (long long)dup.id);
	else if (dup.sin && keep->sin && !pk_sin_same(dup.sin, keep->sin))
		pk_fail(rc, "peers %lld (%s) and %lld (%s) hold different SINs: "
		    "two people, not one", (long long)dup.id, dup.alias,
		    (long long)keep->id, keep->alias);
	else if (differ(dup.surname, keep->surname) ||
	    differ(dup.given_name, keep->given_name))
		pk_fail(rc, "peers %lld (%s) and %lld (%s) hold different legal "
		    "names: two people, not one", (long long)dup.id, dup.alias,
		    (long long)keep->id, keep->alias);
	else
		rc = 0;
	if (rc != 0)
		goto out;
	/* Both records as they were, before keep takes dup's details. */
	before = pk_peer_json(keep, false);
	dup_before = pk_peer_json(&dup, false);
	take(&keep->surname, &dup.surname);
	take(&keep->given_name, &dup.given_name);
	take(&keep->initial, &dup.initial);
	take(&keep->sin, &dup.sin);
	if (pk_text_blank(keep->address_line1)) {
		take(&keep->address_line1, &dup.address_line1);
		take(&keep->address_line2, &dup.address_line2);
		take(&keep->city, &dup.city);
		take(&keep->province, &dup.province);
		take(&keep->postal_code, &dup.postal_code);
		take(&keep->country, &dup.country);
	}
	take(&keep->phone, &dup.phone);
	take(&keep->email, &dup.email);
	json_array_foreach(dup.sin_requested, i, d)
		if (rc == 0)
			rc = pk_peer_sin_requested(keep, json_string_value(d));
	/* The duplicate lets go of the SIN before the record kept takes
	 * it, and is marked merged before its payments move. */
	if (rc == 0)
		rc = mark_merged(s, dup.id, keep->id);
	/* Audited below, as the merge. */
	if (rc == 0)
		rc = pk_peer_write(s, keep);
	if (rc == 0)
		rc = move_records(s, &dup, keep);
	if (rc == 0)
		rc = pk_ledger_settle(s, keep->id, NULL);
	pk_resolve_forget(s);
	after = pk_peer_json(keep, false);
	if (rc == 0)
		rc = pk_audit(s, "merge", "peer", keep->id, keep->uuid, before,
		    after);
	json_decref(before);
	json_decref(after);
	if (rc == 0) {
		/* The record itself keeps what keep took a copy of: only
		 * the merge, its status and its SIN change. */
		if (!(after = json_deep_copy(dup_before)))
			pk_die(PK_EX_SOFTWARE, "out of memory");
		pk_json_set(after, "merged_into", json_integer(keep->id));
		pk_json_set(after, "status", json_string("inactive"));
		pk_json_set(after, "sin", json_null());
		rc = pk_audit(s, "merge", "peer", dup.id, dup.uuid,
		    dup_before, after);
		json_decref(after);
	}
	json_decref(dup_before);
out:
	pk_peer_free(&dup);
	if (rc != 0)
		pk_peer_free(keep);
	return rc;
}

int
pk_peer_kept(pk_store *s, int64_t id, int64_t *kept)
{
	/* Merges chain (A into B, then B into C): the end of the chain. */
	static const char sql[] = "WITH RECURSIVE m(id, nxt, n) AS (SELECT "
	    "id, merged_into, 0 FROM peers WHERE id = ?1 UNION ALL SELECT "
	    "p.id, p.merged_into, m.n + 1 FROM peers p JOIN m ON p.id = "
	    "m.nxt WHERE m.n < 100) SELECT id FROM m WHERE nxt IS NULL";
	pk_q *st = pk_stmt(s, sql);
	int rc;

	*kept = id;
	pk_bind_int64(st, 1, id);
	if ((rc = pk_step(st)) == PK_ROW)
		*kept = pk_col_int64(st, 0);
	pk_reset(st);
	return rc == PK_ROW || rc == PK_DONE ? 0 :
	    pk_sql_fail(s, "read the merged records");
}
