#!/bin/sh
# A store of schema version 2, as the tools made it before the ledger
# (made here with the sqlite3 shell from 001-initial.sql and
# 002-t4a-filed.sql), is upgraded on first use with every amount intact,
# and what it held is read in the ledger's terms:
#   - a payment that settled engagements is allocated to them, as far as
#     it went: an advance of 5.00 marked as settling a 20.00 engagement
#     leaves 15.00 owed;
#   - cash paid on the spot (a payment naming no engagement) is credit,
#     which pays the oldest engagement still owed, so the next payroll
#     run does not pay it again;
#   - what a payment paid over its engagements is credit too, and pays
#     the next engagement still owed.
. "$(dirname "$0")/lib.sh"
file_store_only "upgrades a SQLite file of schema version 2, made with the sqlite3 shell"
schema=$top/share/peerkit/schema

ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/001-initial.sql"
ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/002-t4a-filed.sql"
ok_cmd sqlite3 "$PEERKIT_DB" "PRAGMA user_version = 2;
INSERT INTO peers (id, uuid, alias, created_at, updated_at) VALUES
    (1, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Raven', 'x', 'x'),
    (2, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e02', 'Moss', 'x', 'x'),
    (3, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e03', 'Wren', 'x', 'x');
-- Raven: a meeting paid in cash on the spot (no engagement named), and
-- the same meeting still unpaid.
INSERT INTO engagements (id, uuid, peer_id, date, minutes, activity, level,
    amount_due, created_at, updated_at) VALUES
    (1, 'e0000000-0000-4000-8000-000000000001', 1, '2026-11-10', 90,
    'meeting', 'consult', 3750, 'x', 'x'),
    (2, 'e0000000-0000-4000-8000-000000000002', 2, '2026-11-12', 60,
    'meeting', 'consult', 2000, 'x', 'x'),
    (3, 'e0000000-0000-4000-8000-000000000003', 3, '2026-11-03', 60,
    'meeting', 'consult', 2500, 'x', 'x'),
    (4, 'e0000000-0000-4000-8000-000000000004', 3, '2026-11-05', 60,
    'meeting', 'consult', 2500, 'x', 'x');
INSERT INTO payments (id, uuid, peer_id, date, amount, method, kind,
    category, note, engagements, created_at, updated_at) VALUES
    (1, 'a0000000-0000-4000-8000-000000000001', 1, '2026-11-10', 3750,
    'cash', 'honorarium', NULL, NULL, '[]', 'x', 'x'),
    (2, 'a0000000-0000-4000-8000-000000000002', 2, '2026-11-13', 500,
    'cash', 'honorarium', NULL, 'advance', '[2]', 'x', 'x'),
    (3, 'a0000000-0000-4000-8000-000000000003', 3, '2026-11-06', 3000,
    'cash', 'honorarium', NULL, 'with a bus fare', '[3]', 'x', 'x'),
    (4, 'a0000000-0000-4000-8000-000000000004', 3, '2026-11-06', 600,
    'cash', 'reimbursement', 'transit', NULL, '[]', 'x', 'x');
-- Moss's advance was marked as settling the whole 20.00; Wren's 30.00
-- settled engagement 3 (25.00).
UPDATE engagements SET payment_id = 2 WHERE id = 2;
UPDATE engagements SET payment_id = 3 WHERE id = 3;"
ok_cmd chmod 600 "$PEERKIT_DB"
sums() {	# what must not change: every amount due and paid
	sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT count(*), sum(amount_due)
	    FROM engagements; SELECT count(*), sum(amount), sum(amount *
	    (kind = 'honorarium')) FROM payments"
}
ok_cmd -o "$tmp/before" sums

run engage-log --list --json
is_rc 0 "the first use upgrades the store"
cp "$tmp/out" "$tmp/engagements"
check "to the latest version" test \
    "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = \
    "$(ls "$schema"/*.sql | wc -l | tr -d ' ')"
run sums
is_rc 0 "the amounts are read"
is_out "$tmp/before" "every amount due and paid as it was"
run jq -r '"\(.id) \(.status) \(.amount_paid) \(.balance)"' "$tmp/engagements"
is_rc 0 "each engagement"
is_outs "3 paid 25.00 0.00
4 part-paid 5.00 20.00
1 paid 37.50 0.00
2 part-paid 5.00 15.00" "cash on the spot paid Raven's meeting; Moss's advance leaves 15.00 owed; the 5.00 Wren was paid over went to the next"
run honorarium-pay --balance --json
is_rc 0 "the balances"
thru jq -r '"\(.alias) \(.due) \(.paid) \(.owed) \(.credit)"'
is_outs "Raven 37.50 37.50 0.00 0.00
Moss 20.00 5.00 15.00 0.00
Wren 50.00 30.00 20.00 0.00" "nobody both owed and in credit"
check "the reimbursement is in no allocation" test "$(sqlite3 "$PEERKIT_DB" \
    'SELECT count(*) FROM allocations WHERE payment_id = 4')" = 0

# The next payroll run pays what is owed, once.
run honorarium-pay --run --period 2026-11 --json
is_rc 0 "the November run"
thru jq -r '"\(.alias) \(.amount)"'
is_outs "Moss 15.00
Wren 20.00" "what is owed: Raven is not paid twice"
run honorarium-pay --run --period 2026-11
is_rc 0 "a second run"
err_has 'nothing to pay in 2026-11-01\.\.2026-11-30' "pays nothing"
run sqlite3 "$PEERKIT_DB" "PRAGMA integrity_check; PRAGMA foreign_key_check"
is_rc 0 "the store is whole"
is_outs ok "no dangling reference"
done_testing
