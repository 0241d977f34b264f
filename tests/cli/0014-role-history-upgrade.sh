#!/bin/sh
# A store from before role histories (schema 6, made here with the
# sqlite3 shell from the migrations) is upgraded on first use: each peer
# gets one step, the role it holds from the day it was registered, and
# summaries by role read it.  A peer a shell added later, with no step,
# has its role from its registration too.
. "$(dirname "$0")/lib.sh"
file_store_only "the upgrade of a SQLite store file of schema 6"
schema=$top/share/peerkit/schema

for m in 001-initial 002-t4a-filed 003-ledger 004-sealed-sins \
    005-t4a-rejected; do
	ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/$m.sql"
done
# 006 without its pk_fold() (peerkit's own SQL function): the same columns.
ok_cmd sqlite3 "$PEERKIT_DB" "ALTER TABLE peers ADD COLUMN alias_fold TEXT;
CREATE INDEX peers_alias_fold ON peers (alias_fold);
PRAGMA user_version = 6;
INSERT INTO peers (id, uuid, alias, alias_fold, role, created_at, updated_at)
    VALUES (1, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Raven', 'raven',
    'peer-worker', '2026-03-02T17:00:00Z', '2026-03-02T17:00:00Z'),
    (2, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e02', 'Moss', 'moss', NULL,
    '2026-05-01T09:00:00Z', '2026-05-01T09:00:00Z');
INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level,
    amount_due, created_at, updated_at) VALUES
    ('e0000000-0000-4000-8000-000000000001', 1, '2026-11-02', 60,
    'meeting', 'consult', 2500, 'x', 'x');"
ok_cmd chmod 600 "$PEERKIT_DB"

run peer-list Raven --json
is_rc 0 "the first use upgrades the store"
thru jq -c '[.role_since, .roles]'
is_outs '["2026-03-02",[{"role":"peer-worker","from":"2026-03-02","until":null,"days":266,"current":true}]]' \
    "one step: the role held, from the day of registration"
check "upgraded to the latest version" test \
    "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = \
    "$(ls "$top"/share/peerkit/schema/*.sql | wc -l | tr -d ' ')"
check "a step for each peer, Moss's without a role" test \
    "$(sqlite3 "$PEERKIT_DB" "SELECT group_concat(peer_id || ':' || ifnull(role, '-') || ':' || since, ' ') FROM peer_roles")" = \
    "1:peer-worker:2026-03-02 2:-:2026-05-01"

# A peer the sqlite3 shell adds has no step: its role is its own, from
# its registration.
ok_cmd sqlite3 "$PEERKIT_DB" "INSERT INTO peers (id, uuid, alias, alias_fold,
    role, created_at, updated_at) VALUES (3,
    '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e03', 'Wren', 'wren', 'participant',
    '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level,
    amount_due, created_at, updated_at) VALUES
    ('e0000000-0000-4000-8000-000000000002', 3, '2026-11-03', 60,
    'meeting', 'consult', 2500, 'x', 'x');"
run engage-log --summary --period 2026-11 --by role --json
is_rc 0 "a summary by role"
thru jq -c '[.group, .engagements]'
is_outs '["participant",1]
["peer-worker",1]
[null,2]' "each engagement under its peer's role"
done_testing
