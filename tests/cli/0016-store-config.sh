#!/bin/sh
# store: in the configuration names the store when neither --db nor
# PEERKIT_DB does (a site whose store is a PostgreSQL database sets it
# once, for every tool and cron job); --db and PEERKIT_DB still win.
# A password in a postgresql:// store is refused: it would be in ps.
. "$(dirname "$0")/lib.sh"

file_store_only "names SQLite files in the configuration"
cd "$tmp" || exit 1
unset PEERKIT_DB
printf 'store: %s/conf.db\n' "$tmp" >"$tmp/config.yaml"
export PEERKIT_CONFIG=$tmp/config.yaml

run peer-add -q --alias Raven
is_rc 0 "store: names the store"
check "the store is the configured file" \
    test "$(sqlite3 "$tmp/conf.db" "SELECT alias FROM peers")" = Raven
check "none was made under HOME" test ! -e "$HOME/.local/share/peerkit"
run peer-list --json
is_rc 0 "a report reads the configured store"
thru jq -r .alias
is_outs Raven "the configured store's peer"

PEERKIT_DB=$tmp/env.db run peer-add -q --alias Moss
is_rc 0 "PEERKIT_DB with store: configured"
check "PEERKIT_DB wins over store:" \
    test "$(sqlite3 "$tmp/env.db" "SELECT alias FROM peers")" = Moss
run peer-add -q --db "$tmp/opt.db" --alias Wren
is_rc 0 "--db with store: configured"
check "--db wins over store:" \
    test "$(sqlite3 "$tmp/opt.db" "SELECT alias FROM peers")" = Wren
check "the configured store kept its one peer" \
    test "$(sqlite3 "$tmp/conf.db" "SELECT count(*) FROM peers")" = 1

printf 'store: [a, b]\n' >"$tmp/bad.yaml"
PEERKIT_CONFIG=$tmp/bad.yaml run peer-list
is_rc 78 "store: that is not text"
err_has "store" "the message names the key"

# A password in the URI is refused before anything connects.
for db in 'postgresql://peerkit:s3cret@localhost/peerkit' \
    'postgresql:///peerkit?password=s3cret' 'dbname=peerkit password=s3cret'; do
	run peer-list --db "$db"
	is_rc 64 "a password in the store's URI: $db"
	err_has "keep it in ~/.pgpass" "$db: says where a password goes"
	lacks "$db: the password is not repeated" s3cret "$tmp/err"
done
run peer-list --db 'postgresql:///nosuchdb?host=/nonexistent'
is_rc 69 "a server that cannot be reached"
err_has "cannot connect" "says it cannot connect"
err_has "postgresql database nosuchdb on /nonexistent" "names the database"

done_testing
