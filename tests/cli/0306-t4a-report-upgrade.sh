#!/bin/sh
# A store of schema version 1, made with the sqlite3 shell from
# 001-initial.sql alone, is upgraded on first use: the table of filed
# slips appears, and every peer, payment and audit row is as it was.
. "$(dirname "$0")/lib.sh"
file_store_only "an old SQLite store is upgraded in its file (a PostgreSQL store is made at the latest version)"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
schema=$top/share/peerkit/schema

ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/001-initial.sql"
ok_cmd sqlite3 "$PEERKIT_DB" "PRAGMA user_version = 1;
INSERT INTO peers (id, uuid, alias, surname, sin, created_at, updated_at)
    VALUES (1, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Kestrel', 'Smith',
    '130692544', '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z'),
    (2, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e02', 'Moss', NULL, NULL,
    '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z');
INSERT INTO payments (id, uuid, peer_id, date, amount, method, kind,
    created_at, updated_at) VALUES
    (1, '5d1c9a3e-2b4f-4c6d-8e7f-000000000001', 1, '2026-03-01', 60000,
    'cash', 'honorarium', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'),
    (2, '5d1c9a3e-2b4f-4c6d-8e7f-000000000002', 2, '2026-03-01', 20000,
    'cash', 'honorarium', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z');
INSERT INTO audit (at, who, tool, action, kind, record_id, record_uuid,
    before, after) VALUES ('2026-03-01T10:00:00Z', 'jane', 'honorarium-pay',
    'create', 'payment', 1, '5d1c9a3e-2b4f-4c6d-8e7f-000000000001', NULL,
    '{\"amount\":\"600.00\"}');"
ok_cmd chmod 600 "$PEERKIT_DB"
# The version 1 columns, whatever later versions add to these tables;
# the SIN by its last three digits, which version 4 keeps apart when it
# seals the SIN (sealed: said so).
sin="substr(sin, 7, 3)"
rows() {
	sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT id, uuid, alias, surname,
	    $sin, created_at FROM peers ORDER BY id;
	    SELECT id, uuid, peer_id, date, amount, status FROM payments
	    ORDER BY id; SELECT id, at, who, tool, action, kind, record_id,
	    after FROM audit ORDER BY id"
}
ok_cmd -o "$tmp/before" rows
check "the version 1 rows are there" test "$(wc -l <"$tmp/before")" = 5
check "a version 1 store" test "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = 1

run t4a-report --year 2026
is_rc 0 "the report on a version 1 store"
is_outs "ID  ALIAS    PAYMENTS   TOTAL  SLIP  READY  MISSING  SIN REQUESTED
 1  Kestrel         1  600.00  yes   no     address  -" "reads it"
check "upgraded to the latest version" test \
    "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = \
    "$(ls "$schema"/*.sql | wc -l | tr -d ' ')"
check "the table of filed slips is there, empty" test \
    "$(sqlite3 "$PEERKIT_DB" 'SELECT count(*) FROM t4a_filed')" = 0
sin="CASE WHEN sin IS NULL AND sin_key IS NULL THEN NULL WHEN sin IS NULL
    AND length(sin_box) = 81 THEN substr(sin_key, 1, 3) ELSE 'not sealed' END"
run rows
is_rc 0 "the version 1 rows are read"
is_out "$tmp/before" "every peer, payment and audit row as it was"
check "the upgrade is not audited as a change" test \
    "$(sqlite3 "$PEERKIT_DB" 'SELECT count(*) FROM audit')" = 1

run t4a-report -q --year 2026 --format xml --filed
is_rc 0 "then a return is filed"
check "and recorded" test "$(sqlite3 "$PEERKIT_DB" \
    "SELECT peer_id || code || amount FROM t4a_filed")" = 1O60000
done_testing
