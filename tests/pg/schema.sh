#!/bin/sh
# schema.sh - the PostgreSQL store's schema (share/peerkit/schema-pg) on
# a throwaway cluster (mk/pg.sh): the migrations load in order, their
# triggers refuse what SQLite's refuse, and row-level security shows
# site staff their site's peers only, coordinators their region's,
# finance everything; a write outside one's site fails with 42501.
# Prints TAP; exits non-zero if any test fails.  Needs postgresql-15.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
n=0 failed=0

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
bail() { echo "Bail out! $*"; exit 1; }

dir=$(mktemp -d) || bail "mktemp"
trap 'sh "$top/mk/pg.sh" stop "$dir"; rm -rf "$dir"' EXIT
trap 'exit 1' HUP INT PIPE TERM
uri=$(sh "$top/mk/pg.sh" start "$dir") || bail "the cluster did not start"
out=$(mktemp) || bail "mktemp"
err=$(mktemp) || bail "mktemp"
trap 'sh "$top/mk/pg.sh" stop "$dir"; rm -rf "$dir" "$out" "$err"' EXIT

# sql [-u LOGIN] [-r ROLE] SQL...: psql as the owner (the caller), or
# logged in as LOGIN, or as the owner after SET ROLE ROLE; $out, $err
# and $rc hold what it did.
sql() {
	login= role=
	while :; do
		case $1 in
		-u) login="&user=$2"; shift 2 ;;
		-r) role=$2; shift 2 ;;
		*) break ;;
		esac
	done
	set -- ${role:+-c "SET ROLE $role"} "$@"
	rc=0
	"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
	    -d "$uri$login" "$@" >"$out" 2>"$err" || rc=$?
}
# ok DESC SQL...: it succeeds.
ok() {
	d=$1; shift
	sql "$@"
	if [ $rc = 0 ]; then pass "$d"; else fail "$d"; sed 's/^/# /' "$err"; fi
}
# is EXPECTED DESC SQL...: it succeeds and prints EXPECTED (rows joined
# by spaces).
is() {
	want=$1 d=$2; shift 2
	sql "$@"
	got=$(tr '\n' ' ' <"$out" | sed 's/ $//')
	if [ $rc = 0 ] && [ "$got" = "$want" ]; then
		pass "$d"
	else
		fail "$d"
		echo "#   want: '$want'"
		echo "#    got: '$got' (status $rc)"
		sed 's/^/# /' "$err"
	fi
}
# refused SQLSTATE MESSAGE DESC SQL...: it fails with SQLSTATE, its
# message beginning with MESSAGE.
refused() {
	state=$1 msg=$2 d=$3; shift 3
	sql "$@"
	if [ $rc != 0 ] && grep -q "ERROR:  $state: $msg" "$err"; then
		pass "$d"
	else
		fail "$d"
		echo "#   want: ERROR $state: $msg (status $rc)"
		sed 's/^/# /' "$err"
	fi
}

#
# The migrations, in order, one of each SQLite one.
#
set -- "$top"/share/peerkit/schema-pg/[0-9][0-9][0-9]-*.sql
nsqlite=$(ls "$top"/share/peerkit/schema/[0-9][0-9][0-9]-*.sql | wc -l)
if [ $# = "$nsqlite" ]; then
	pass "as many migrations as SQLite's ($#)"
else
	fail "as many migrations as SQLite's ($# for $nsqlite)"
fi
for f; do
	g=$top/share/peerkit/schema/${f##*/}
	if [ -f "$g" ]; then pass "${f##*/} is SQLite's name too"
	else fail "${f##*/} is SQLite's name too"; fi
	ok "${f##*/} loads" -f "$f"
done
ok "roles.sql creates the roles and grants the tables" \
    -f "$top/share/peerkit/schema-pg/roles.sql"
ok "roles.sql runs again" -f "$top/share/peerkit/schema-pg/roles.sql"

#
# Peers of sites A and B (region north) and C (south), as the owner.
#
ok "the owner adds peers, an engagement and a payment" -c "
INSERT INTO peers (uuid, alias, site, region, created_at, updated_at) VALUES
 ('a1', 'Ada', 'A', 'north', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('a2', 'Abe', 'A', 'north', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('b1', 'Bea', 'B', 'north', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
 ('c1', 'Cy', 'C', 'south', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO payments (uuid, peer_id, date, amount, method, kind,
    created_at, updated_at)
 SELECT 'pa' || id, id, '2026-01-02', 2500, 'cash', 'honorarium',
    '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z' FROM peers;
INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level,
    amount_due, created_at, updated_at)
 SELECT 'e' || id, id, '2026-01-02', 60, 'meeting', 'consult', 2500,
    '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z' FROM peers;
INSERT INTO audit (at, who, tool, action, kind, record_id, record_uuid)
 SELECT '2026-01-02T00:00:00Z', 'owner', 'test', 'create', 'peer', id, uuid
 FROM peers;
INSERT INTO audit (at, who, tool, action, kind, record_id)
 VALUES ('2026-01-02T00:00:00Z', 'owner', 'test', 'rotate', 'keys', 0);"

#
# The triggers: SQLite's messages, SQLSTATE P0001 (raise_exception).
#
refused P0001 "payments are voided, never deleted" \
    "deleting a payment is refused by its trigger" \
    -c "DELETE FROM payments WHERE uuid = 'pa1'"
refused P0001 "payments are voided, never edited" \
    "editing a payment's amount is refused" \
    -c "UPDATE payments SET amount = 1 WHERE uuid = 'pa1'"
ok "voiding a payment is not" -c "UPDATE payments SET status = 'void',
    void_reason = 'test' WHERE uuid = 'pa1'"
refused P0001 "a void payment stays void" "a void payment stays void" \
    -c "UPDATE payments SET status = 'paid' WHERE uuid = 'pa1'"
refused P0001 "payments are voided, never deleted" \
    "truncating the payments is refused" -c "TRUNCATE payments CASCADE"
refused P0001 "peers are deactivated, never deleted" \
    "deleting a peer is refused" -c "DELETE FROM peers WHERE uuid = 'c1'"
refused P0001 "a payment moves only to the record its peer was merged into" \
    "a payment moves only to the peer its peer was merged into" \
    -c "UPDATE payments SET peer_id = 2 WHERE uuid = 'pa1'"
refused P0001 "the audit trail is append-only" \
    "the audit trail is append-only" \
    -c "UPDATE audit SET who = 'x' WHERE kind = 'keys'"
is "Ada Abe Bea Cy" "the owner sees every peer" \
    -c "SELECT alias FROM peers ORDER BY id"

#
# Logins: staff of sites A and B, the coordinator of the north, finance.
#
ok "an administrator adds the logins" -c "
CREATE ROLE staff_a LOGIN IN ROLE peerkit_site_staff;
CREATE ROLE staff_b LOGIN IN ROLE peerkit_site_staff;
CREATE ROLE coord_north LOGIN IN ROLE peerkit_coordinator;
CREATE ROLE fin LOGIN IN ROLE peerkit_finance;
CREATE ROLE stranger LOGIN;
INSERT INTO staff_scope (role, site) VALUES ('staff_a', 'A'), ('staff_b', 'B');
INSERT INTO staff_scope (role, region) VALUES ('coord_north', 'north');"

is "Ada Abe" "site A's staff see site A's peers only" -r staff_a \
    -c "SELECT alias FROM peers ORDER BY id"
is "Bea" "site B's staff see site B's peers only" -r staff_b \
    -c "SELECT alias FROM peers ORDER BY id"
is "Ada Abe" "logged in, site A's staff see site A's peers only" \
    -u staff_a -c "SELECT alias FROM peers ORDER BY id"
is "Bea" "logged in, site B's staff see site B's peers only" \
    -u staff_b -c "SELECT alias FROM peers ORDER BY id"
is "Ada Abe Bea" "the coordinator sees the region's peers only" \
    -r coord_north -c "SELECT alias FROM peers ORDER BY id"
is "Ada Abe Bea Cy" "finance sees every peer" -r fin \
    -c "SELECT alias FROM peers ORDER BY id"
refused 42501 "permission denied" "a login in no group reads no peer" \
    -u stranger \
    -c "SELECT alias FROM peers"

is "pa1 pa2" "site A's staff see site A's payments only" -r staff_a \
    -c "SELECT uuid FROM payments ORDER BY id"
is "e3" "site B's staff see site B's engagements only" -r staff_b \
    -c "SELECT uuid FROM engagements ORDER BY id"
is "e1 e2 e3" "the coordinator sees the region's engagements" \
    -r coord_north -c "SELECT uuid FROM engagements ORDER BY id"
is "peer:1 peer:2" "site A's staff see the audit rows about their peers" \
    -r staff_a -c "SELECT kind || ':' || record_id FROM audit ORDER BY id"
is "5" "finance sees every audit row, those about no peer too" -r fin \
    -c "SELECT count(*) FROM audit"

#
# Writes.
#
ok "site A's staff add a peer of site A, and its audit row" -r staff_a -c "
INSERT INTO peers (uuid, alias, site, region, created_at, updated_at)
 VALUES ('a3', 'Amy', 'A', 'north', '2026-01-03T00:00:00Z',
 '2026-01-03T00:00:00Z');
INSERT INTO audit (at, who, tool, action, kind, record_id, record_uuid)
 SELECT '2026-01-03T00:00:00Z', 'staff_a', 'test', 'create', 'peer', id,
 uuid FROM peers WHERE uuid = 'a3'"
is "" "site B's staff do not see it" -r staff_b \
    -c "SELECT alias FROM peers WHERE uuid = 'a3'"
ok "site A's staff log an engagement of their peer" -r staff_a -c "
INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level,
    created_at, updated_at)
 SELECT 'e-a3', id, '2026-01-03', 30, 'meeting', 'inform',
    '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z' FROM peers
 WHERE uuid = 'a3'"
refused 42501 "new row violates row-level security policy" \
    "site A's staff cannot add a peer of site B" -r staff_a -c "
INSERT INTO peers (uuid, alias, site, region, created_at, updated_at)
 VALUES ('b9', 'Bo', 'B', 'north', '2026-01-03T00:00:00Z',
 '2026-01-03T00:00:00Z')"
refused 42501 "new row violates row-level security policy" \
    "nor a peer of no site" -r staff_a -c "
INSERT INTO peers (uuid, alias, created_at, updated_at)
 VALUES ('x9', 'Xo', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')"
refused 42501 "new row violates row-level security policy" \
    "site A's staff cannot log an engagement of site B's peer" -r staff_a -c "
INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level,
    created_at, updated_at)
 VALUES ('e-b9', 3, '2026-01-03', 30, 'meeting', 'inform',
    '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')"
refused 42501 "new row violates row-level security policy" \
    "nor pay site B's peer" -u staff_a -c "
INSERT INTO payments (uuid, peer_id, date, amount, method, kind,
    created_at, updated_at)
 VALUES ('pa-b9', 3, '2026-01-03', 500, 'cash', 'honorarium',
    '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')"
refused 42501 "new row violates row-level security policy" \
    "site A's staff cannot move their peer to site B" -r staff_a \
    -c "UPDATE peers SET site = 'B' WHERE uuid = 'a1'"
is "0" "site B's staff change no peer of site A (they see none)" \
    -r staff_b -c "WITH u AS (UPDATE peers SET notes = 'x'
    WHERE uuid = 'a1' RETURNING 1) SELECT count(*) FROM u"
is "" "the peer is as it was" -c "SELECT notes FROM peers WHERE uuid = 'a1'"
refused 42501 "new row violates row-level security policy" \
    "site A's staff cannot write an audit row about site B's peer" \
    -r staff_a -c "
INSERT INTO audit (at, who, tool, action, kind, record_id)
 VALUES ('2026-01-03T00:00:00Z', 'staff_a', 'test', 'update', 'peer', 3)"
refused 42501 "permission denied" "the coordinator writes nothing" \
    -r coord_north -c "
INSERT INTO peers (uuid, alias, site, region, created_at, updated_at)
 VALUES ('a8', 'Al', 'A', 'north', '2026-01-03T00:00:00Z',
 '2026-01-03T00:00:00Z')"
ok "finance pays any peer" -r fin -c "
INSERT INTO payments (uuid, peer_id, date, amount, method, kind,
    created_at, updated_at)
 VALUES ('pa-c1', 4, '2026-01-03', 500, 'etransfer', 'honorarium',
    '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z')"
refused 42501 "permission denied" \
    "the keys' fingerprints are the administrator's" -r fin \
    -c "INSERT INTO privacy (name, value) VALUES ('public_key', 'x')"
refused 42501 "permission denied" "a filing is finance's" -r staff_a -c "
INSERT INTO t4a_filed (uuid, year, peer_id, code, ref, bn, box, amount,
    surname, sin, filed_at)
 VALUES ('s1', 2026, 1, 'O', 'r1', '123456789RZ0001', '048', 2500, 'Ada',
    '*********', '2026-02-01T00:00:00Z')"
ok "finance files it" -r fin -c "
INSERT INTO t4a_filed (uuid, year, peer_id, code, ref, bn, box, amount,
    surname, sin, filed_at)
 VALUES ('s1', 2026, 1, 'O', 'r1', '123456789RZ0001', '048', 2500, 'Ada',
    '*********', '2026-02-01T00:00:00Z')"
is "s1" "site A's staff read their peer's slip" -r staff_a \
    -c "SELECT uuid FROM t4a_filed"
is "" "site B's staff do not" -r staff_b -c "SELECT uuid FROM t4a_filed"
refused 42501 "permission denied" "staff_scope is closed to the roles" \
    -r staff_a -c "SELECT * FROM staff_scope"
is "f" "a login cannot ask as another" -u staff_b \
    -c "SELECT pk_may_read_peer(1, 'staff_a')"
refused 42501 "permission denied" \
    "nor ask where a record belongs" -u staff_b \
    -c "SELECT pk_record_peer('payment', 1)"


#
# A login moves to another site, then leaves (PG-ROLES.md's SQL).
#
ok "a login moves to site B" \
    -c "UPDATE staff_scope SET site = 'B' WHERE role = 'staff_a'"
is "Bea" "it sees site B's peers, no longer site A's" -u staff_a \
    -c "SELECT alias FROM peers ORDER BY id"
ok "a login leaves" -c "REVOKE peerkit_site_staff FROM staff_a;
DELETE FROM staff_scope WHERE role = 'staff_a'; DROP ROLE staff_a"
is "Bea" "site B's other staff see as before" -u staff_b \
    -c "SELECT alias FROM peers ORDER BY id"

echo "1..$n"
[ $failed = 0 ] || { echo "# $failed of $n failed"; exit 1; }
