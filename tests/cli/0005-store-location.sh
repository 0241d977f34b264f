#!/bin/sh
# Where the store lives: --db, PEERKIT_DB, XDG_DATA_HOME, HOME, and never
# a path relative to wherever a cron job runs; PEERKIT_BUSY_TIMEOUT.
. "$(dirname "$0")/lib.sh"
file_store_only "where the store file lives, its directory and its mode"

cd "$tmp" || exit 1
unset PEERKIT_DB
run peer-add -q --alias Raven
is_rc 0 "no --db, no PEERKIT_DB: a store is made under HOME"
check "at ~/.local/share/peerkit/peerkit.db, 0600" \
    test "$(stat -c %a "$HOME/.local/share/peerkit/peerkit.db")" = 600
check "in a directory of mode 0700" \
    test "$(stat -c %a "$HOME/.local/share/peerkit")" = 700

XDG_DATA_HOME=$tmp/xdg run peer-add -q --alias Moss
is_rc 0 "XDG_DATA_HOME is honoured"
check "the store is \$XDG_DATA_HOME/peerkit/peerkit.db" \
    test "$(sqlite3 "$tmp/xdg/peerkit/peerkit.db" "SELECT alias FROM peers")" = Moss
XDG_DATA_HOME=relxdg run peer-add -q --alias Wren
is_rc 0 "a relative XDG_DATA_HOME is ignored, as the XDG rules say"
check "and the store under HOME is used" test "$(sqlite3 \
    "$HOME/.local/share/peerkit/peerkit.db" "SELECT count(*) FROM peers")" = 2
check "nothing was made in the working directory" test ! -e relxdg

PEERKIT_DB=$tmp/env.db run peer-add -q --alias Sage
is_rc 0 "PEERKIT_DB names the store"
run peer-add -q --db "$tmp/opt.db" --alias Kestrel
is_rc 0 "--db names the store"
PEERKIT_DB=$tmp/env.db run peer-list --db "$tmp/opt.db" --json
is_rc 0 "--db and PEERKIT_DB both given"
thru jq -r .alias
is_outs Kestrel "--db wins over PEERKIT_DB"

# Without a usable HOME the password database says where home is; a
# relative path would scatter stores over every working directory.
pwhome=$(getent passwd "$(id -u)" | cut -d: -f6)
for h in unset relative; do
	if [ $h = unset ]; then
		run env -u HOME peer-list
	else
		HOME=home run peer-list
	fi
	is_rc 66 "HOME $h: no store yet"
	check "HOME $h: the store is looked for in the password database's home" \
	    grep -qF "$pwhome/.local/share/peerkit/peerkit.db" "$tmp/err"
	check "HOME $h: nothing was made in the working directory" test ! -e .local
done

export PEERKIT_DB=$tmp/env.db
snap
for v in abc 10s -5 99999999999; do
	PEERKIT_BUSY_TIMEOUT=$v run peer-add --alias Busy
	is_rc 64 "PEERKIT_BUSY_TIMEOUT=$v is refused"
	err_has "^peer-add: PEERKIT_BUSY_TIMEOUT: \"$v\" is not a number of milliseconds" \
	    "PEERKIT_BUSY_TIMEOUT=$v: says why"
done
unchanged "a refused PEERKIT_BUSY_TIMEOUT writes nothing"
PEERKIT_BUSY_TIMEOUT=0 run peer-list --json
is_rc 0 "PEERKIT_BUSY_TIMEOUT=0"
thru jq -r .alias
is_outs Sage "PEERKIT_BUSY_TIMEOUT=0 (do not wait) is a valid setting"
PEERKIT_BUSY_TIMEOUT= run peer-list -q
is_rc 0 "an empty PEERKIT_BUSY_TIMEOUT means the default"
# --db naming a directory: not a store, said so, and the directory left
# as it was (its mode untouched, nothing made in it).
mkdir -p "$tmp/stores"
chmod 755 "$tmp/stores"
for t in peer-list peer-add; do
	if [ $t = peer-add ]; then
		run peer-add --db "$tmp/stores" --alias Dir
	else
		run peer-list --db "$tmp/stores"
	fi
	is_rc 66 "$t --db DIR: refused"
	err_has "^$t: .*/stores: a directory, not a store: name the store's file \\(such as DIR/peerkit.db\\)$" \
	    "$t --db DIR: says what to name"
	check "$t --db DIR: the directory's mode is as it was" \
	    test "$(stat -c %a "$tmp/stores")" = 755
	check "$t --db DIR: nothing made in it" test -z "$(ls -A "$tmp/stores")"
done
done_testing
