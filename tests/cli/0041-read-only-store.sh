#!/bin/sh
# A store the user may read but not write (the file 0400, its directory
# 0500): every listing and report, and --dry-run of the writing tools,
# work on it; writing is refused (exit 77) and nothing is written, not
# even a -wal or -shm.  A store left with a -wal (its writer killed) is
# read with what the -wal holds.  A store older than the tools is not
# upgraded: the reader is told its owner must open it once (exit 77).
#
# Root may write anything, so as root the tools run as nobody (uid
# 65534), owner of the files; otherwise as the user, files chmodded.
# The reader runs without make check-clock's libfaketime, whose shared
# memory, made by root, nobody may not open; today and now are fixed.
. "$(dirname "$0")/lib.sh"
file_store_only "a store file the user may read but not write"

ro=$tmp/ro
# A directory left 0500 is not removable by its (non-root) owner.
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
db=$ro/peerkit.db
mkdir "$ro" "$tmp/rohome" "$tmp/robin"
# Binaries and files the reader can reach, wherever the checkout is.
for b in peer-add peer-list engage-log honorarium-pay t4a-report \
    onboard-check peerkit-keys; do
	cp "$PK_BIN/$b" "$tmp/robin/"
done
if [ "$(id -u)" = 0 ]; then
	chmod 0711 "$tmp"
	chmod 0755 "$tmp/robin"
	reader() {
		env -u LD_PRELOAD -u FAKETIME_SHARED \
		    setpriv --reuid=65534 --regid=65534 --clear-groups \
		    env HOME="$tmp/rohome" PATH="$tmp/robin:$PATH" "$@"
	}
	own() { chown -R 65534:65534 "$@"; }
else
	reader() {
		env -u LD_PRELOAD -u FAKETIME_SHARED HOME="$tmp/rohome" \
		    PATH="$tmp/robin:$PATH" "$@"
	}
	own() { :; }
fi
lock() { chmod 0400 "$db"*; chmod 0500 "$ro"; }	# read-only to its owner
unlock() { chmod 0700 "$ro"; chmod 0600 "$db"*; }
export PEERKIT_DB="$db"
# The store's content as the reader sees it: lib.sh's digest, run as
# root, would make the -wal and -shm that the reader cannot.  With no
# -wal, the file is the whole store (immutable: no -shm needed).
digest() {
	if [ -e "$db-wal" ]; then t_uri="file:$db?mode=ro"; else t_uri="file:$db?immutable=1"; fi
	reader sqlite3 "$t_uri" .dump >"$tmp/dump" 2>"$tmp/dump.err" ||
	    { echo "error: sqlite3 .dump: exit $?: $(head -c 200 "$tmp/dump.err")"; return; }
	if grep -q '^/\*\*\*\* ERROR:' "$tmp/dump"; then
		echo "error: sqlite3 .dump: $(grep -m 1 '^/\*\*\*\* ERROR:' "$tmp/dump")"
		return
	fi
	sha256sum <"$tmp/dump"
}

ok_cmd peer-add --alias Raven --notes "on file"
ok_cmd peer-add --alias Moss
ok_cmd engage-log --peer Raven --activity meeting --hours 2 --level consult \
    --date 2026-11-02
ok_cmd engage-log --peer Moss --activity meeting --hours 1 --level consult \
    --date 2026-11-03
ok_cmd honorarium-pay --peer Raven --amount 50.00 --date 2026-11-04
ok_cmd onboard-check --done orientation Raven
own "$ro" "$tmp/rohome"
lock
check "no -wal or -shm beside the store" test ! -e "$db-wal" -a ! -e "$db-shm"
run reader peer-add --alias Probe
is_rc 77 "the reader may not write the store"
err_has "^peer-add: $db: you may read the store but not write it" \
    "the reader is told the store is read-only to them"
snap

while read -r what cmd; do
	run reader $cmd
	is_rc "${what%%/*}" "read-only store: $cmd"
	lacks "$cmd: no readonly error" "readonly database\|Permission denied" "$tmp/err"
	if [ "${what#*/}" != - ]; then
		check "$cmd: the output has ${what#*/}" grep -q -- "${what#*/}" "$tmp/out"
	fi
done <<'EOF'
0/Raven peer-list
0/on.file peer-list Raven --json
0/Moss engage-log --list
0/2026-11-02 engage-log --list --peer Raven --format jsonl
0/- engage-log --summary --period 2026-11 --json
0/50.00 honorarium-pay --list
0/50.00 honorarium-pay --totals --year 2026
0/- honorarium-pay --balance Raven
0/- t4a-report --year 2026
1/Raven onboard-check --all
1/orientation onboard-check Raven
0/Kestrel peer-add --alias Kestrel --dry-run
0/Raven engage-log --peer Raven --activity meeting --hours 1 --level inform --dry-run
0/Moss honorarium-pay --run --period 2026-11 --dry-run
0/5.00 honorarium-pay --peer Moss --amount 5.00 --dry-run
0/confidentiality onboard-check --done confidentiality --dry-run Raven --json
EOF
unchanged "the listings and dry runs"
check "still no -wal or -shm" test ! -e "$db-wal" -a ! -e "$db-shm"

# A -wal left beside the store: its writer killed after a commit, the
# change is in the -wal alone.  The reader reads it.
unlock
run reader sqlite3 "$db" \
    "UPDATE peers SET notes = 'in the wal' WHERE alias = 'Raven';" \
    '.system kill -9 $PPID'
is_rc 137 "a writer killed after its commit"
lock
check "the -wal is left beside the store" test -s "$db-wal" -a -e "$db-shm"
snap
run reader peer-list Raven --json
is_rc 0 "read-only store with a -wal: peer-list"
check "what the -wal holds is read" jq -e '.notes == "in the wal"' "$tmp/out"
run reader peer-add --update Raven --notes "changed" --dry-run --json
is_rc 0 "read-only store with a -wal: a dry run"
check "the dry run starts from the -wal's notes" \
    jq -e '.notes == "changed"' "$tmp/out"
run reader honorarium-pay --run --period 2026-11 --dry-run
is_rc 0 "read-only store with a -wal: a dry payroll run"
run reader peer-add --alias Probe
is_rc 77 "read-only store with a -wal: writing is refused"
unchanged "the store with a -wal"

# An older store: not upgraded by a reader who may not write it.
unlock
rm -f "$db" "$db-wal" "$db-shm"
ok_cmd sqlite3 "$db" <"$top/share/peerkit/schema/001-initial.sql"
ok_cmd sqlite3 "$db" "PRAGMA user_version = 1"
own "$ro"
lock
for cmd in "peer-list" "engage-log --list" "honorarium-pay --list" \
    "t4a-report --year 2026" "onboard-check --all" \
    "peer-add --alias Kestrel --dry-run"; do
	snap
	run reader $cmd
	is_rc 77 "older store, read-only: ${cmd%% *} refuses"
	err_has "^${cmd%% *}: $db: the store is schema version 1, older than this peerkit \([0-9]+\), and you may not write it: its owner must open it once" \
	    "older store, read-only: ${cmd%% *} says its owner must open it"
	unchanged "older store, read-only: ${cmd%% *}"
done
check "the older store is still version 1" \
    test "$(sqlite3 "file:$db?mode=ro" 'PRAGMA user_version')" = 1
# Its owner, who may write it, upgrades it by opening it.
unlock
run reader peer-list
is_rc 0 "the owner opens the older store: upgraded, and read"
check "the store is upgraded" \
    test "$(sqlite3 "file:$db?mode=ro" 'PRAGMA user_version')" -gt 1
done_testing
