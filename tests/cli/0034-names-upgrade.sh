#!/bin/sh
# A store of schema version 5 (made here with the sqlite3 shell from the
# migrations, as an older peerkit left it) with aliases is upgraded on
# first use: every peer's folded alias is filled in and indexed, and
# references match as people type them.  Two aliases that fold alike
# from before (Raven and raven, a precomposed and a decomposed Zoë)
# stay as they are and the store works: an alias given exactly names
# its own peer, one only alike is ambiguous, and no third is added.
. "$(dirname "$0")/lib.sh"
file_store_only "the upgrade of a SQLite store file of schema 5"
schema=$top/share/peerkit/schema

for m in 001-initial 002-t4a-filed 003-ledger 004-sealed-sins 005-t4a-rejected; do
	ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/$m.sql"
done
zoe_nfd=$(printf 'Zoe\314\210')
ok_cmd sqlite3 "$PEERKIT_DB" "PRAGMA user_version = 5;
INSERT INTO peers (id, uuid, alias, region, created_at, updated_at) VALUES
    (1, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Raven', 'North', 'x', 'x'),
    (2, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e02', 'raven', 'South', 'x', 'x'),
    (3, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e03', 'Émilie', NULL, 'x', 'x'),
    (4, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e04', 'Zoë', 'North', 'x', 'x'),
    (5, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e05', '$zoe_nfd', 'South', 'x', 'x'),
    (6, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e06', 'Nakʼwaxdaʼxw', NULL, 'x', 'x');"
ok_cmd chmod 600 "$PEERKIT_DB"

run peer-list emilie --json
is_rc 0 "the first use upgrades the store, and emilie is found"
thru jq -r .alias
is_outs "Émilie" "Émilie"
check "upgraded to the latest version" test \
    "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = \
    "$(ls "$top"/share/peerkit/schema/*.sql | wc -l | tr -d ' ')"
run sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT id, alias_fold FROM peers ORDER BY id"
is_rc 0 "the folded aliases"
is_outs "1|raven
2|raven
3|emilie
4|zoe
5|zoe
6|nak'waxda'xw" "filled in for every peer on record"
run sqlite3 "file:$PEERKIT_DB?mode=ro" "EXPLAIN QUERY PLAN SELECT id FROM peers WHERE alias_fold = 'raven'"
is_rc 0 "the plan of a lookup"
check "a lookup by the folded alias uses its index" grep -q 'peers_alias_fold' "$tmp/out"

found() {	# found REF ID DESC
	run peer-list "$1" --json
	is_rc 0 "$3"
	thru jq -r .id
	is_outs "$2" "$3: peer $2"
}
found Raven 1 "Raven exactly: peer 1, as before"
found raven 2 "raven exactly: peer 2, as before"
found "Zoë" 4 "the precomposed Zoë exactly"
found "$zoe_nfd" 5 "the decomposed Zoë exactly"
found "Nak'waxda'xw" 6 "an ASCII apostrophe"
bad_quiet 65 '^peer-list: peer "RAVEN" is ambiguous: id 1 \(region North\); id 2 \(region South\); use an id or uuid$' \
    "RAVEN, only alike to both: ambiguous" peer-list RAVEN
bad_quiet 65 '^peer-list: peer "zoe" is ambiguous: id 4 \(region North\); id 5 \(region South\)' \
    "zoe: ambiguous" peer-list zoe

# The store works: both records update and take engagements; a third
# alias alike is refused.
run peer-add --update raven --site Hub --json
is_rc 0 "an update of the second raven"
thru jq -r '.id, .site'
is_outs "2
Hub" "reached peer 2"
run engage-log --peer Raven --hours 1 --activity meeting --level consult --json
is_rc 0 "an engagement for Raven"
thru jq -r .peer_id
is_outs 1 "logged for peer 1"
bad_quiet 65 'field "alias": "RAVEN" would match peer 1 \(Raven\)' \
    "a third Raven refused" peer-add --alias RAVEN
done_testing
