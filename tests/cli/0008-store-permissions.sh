#!/bin/sh
# A store file made before peerkit touched it (touch x.db, under umask
# 022) or opened up later (chmod 644) holds SINs where group and others
# can read them: the first tool that opens it makes it 0600, and its
# -wal and -shm too, saying so once.  One that belongs to someone else is
# not ours to change: every tool refuses it, readers too, exit 77,
# naming the file, its mode and its owner, and writes nothing.
. "$(dirname "$0")/lib.sh"
file_store_only "the store file's mode and owner"
# The keys first: making them on first use is a note of its own.
ok_cmd peerkit-keys --make

umask 022
mode() { stat -c %a "$1"; }

# A file made empty before first use: peer-add makes it 0600 and uses it.
: >"$PEERKIT_DB"
check "the empty file starts 0644" test "$(mode "$PEERKIT_DB")" = 644
printf '130692544\n' >"$tmp/sin"
run peer-add --alias Raven --sin - <"$tmp/sin"
is_rc 0 "peer-add on a store file made 0644 by touch"
check "it is made 0600" test "$(mode "$PEERKIT_DB")" = 600
err_has "^peer-add: $tmp/peerkit.db was readable by group or others \(mode 0644\): made 0600$" \
    "one line says so"
check "only that line" test "$(wc -l <"$tmp/err")" = 1
check "the peer is stored" test "$(sqlite3 "$PEERKIT_DB" 'select alias from peers')" = Raven

# Once private, nothing more is said.
run peer-list Raven
is_rc 0 "peer-list on the private store"
check "no note on a private store" test ! -s "$tmp/err"

# Opened up later: a reader makes it private too (its mode, not its
# content: the store is still only read).
chmod 644 "$PEERKIT_DB"
snap
run peer-list --json
is_rc 0 "peer-list on a store chmod 644"
err_has "^peer-list: .*peerkit.db was readable by group or others \(mode 0644\): made 0600$" \
    "peer-list says so"
check "peer-list made it 0600" test "$(mode "$PEERKIT_DB")" = 600
unchanged "peer-list only read"
check "and listed the peer" grep -q '"alias":"Raven"' "$tmp/out"

# Writable by the group only: made private as well.
chmod 620 "$PEERKIT_DB"
run engage-log --list
is_rc 0 "engage-log on a store chmod 620"
err_has "was writable by group or others \(mode 0620\): made 0600$" "engage-log says so"
check "made 0600" test "$(mode "$PEERKIT_DB")" = 600

# --quiet: made private without a word.
chmod 604 "$PEERKIT_DB"
run peer-list -q
is_rc 0 "peer-list -q on a store chmod 604"
check "no note under --quiet" test ! -s "$tmp/err"
check "made 0600 all the same" test "$(mode "$PEERKIT_DB")" = 600

# -wal and -shm left open beside the store (as an older peerkit left
# them) are made private too, one line each.  (A reader, which leaves
# them in place when it ends, so their modes can be seen.)
: >"$PEERKIT_DB-wal"
: >"$PEERKIT_DB-shm"
chmod 644 "$PEERKIT_DB-wal" "$PEERKIT_DB-shm"
run peer-list Raven
is_rc 0 "peer-list with -wal and -shm files 0644 beside the store"
check "the -wal file is made 0600" test "$(mode "$PEERKIT_DB-wal")" = 600
check "the -shm file is made 0600" test "$(mode "$PEERKIT_DB-shm")" = 600
err_has "^peer-list: .*peerkit.db-wal was readable by group or others \(mode 0644\): made 0600$" \
    "the -wal file named"
err_has "^peer-list: .*peerkit.db-shm was readable by group or others \(mode 0644\): made 0600$" \
    "the -shm file named"
check "two lines" test "$(wc -l <"$tmp/err")" = 2
run peer-add --update Raven --city Kelowna
is_rc 0 "then peer-add writes"
check "the update is stored" test "$(sqlite3 "$PEERKIT_DB" 'select city from peers')" = Kelowna

# Someone else's store.  The tests run as root in CI, where a file is
# someone else's after chown; elsewhere only if chown is allowed.
other=12345
if ! chown "$other" "$PEERKIT_DB" 2>/dev/null; then
	t_result 0 "# SKIP cannot chown the store to uid $other (not root)"
	done_testing
fi
rm -f "$PEERKIT_DB-wal" "$PEERKIT_DB-shm"
chmod 640 "$PEERKIT_DB"
refused="is readable by group or others \(mode 0640\) and belongs to (.* \()?uid $other\)?, not to you: not opened, since a store holds SINs; its owner must make it private \(chmod 600 .*peerkit.db\)$"
bad_quiet 77 "^peer-add: .*peerkit.db $refused" "peer-add: someone else's store, mode 0640" \
    peer-add --alias Moss
check "the mode is left as it is" test "$(mode "$PEERKIT_DB")" = 640
check "the owner too" test "$(stat -c %u "$PEERKIT_DB")" = "$other"
check "one line" test "$(wc -l <"$tmp/err")" = 1
bad_quiet 77 "^peer-list: .*peerkit.db $refused" "peer-list: a reader is refused too" \
    peer-list
bad_quiet 77 "^honorarium-pay: .*peerkit.db $refused" \
    "honorarium-pay --dry-run is refused too" \
    honorarium-pay --dry-run --peer Raven --amount 10
bad_quiet 77 "^t4a-report: .*peerkit.db $refused" "t4a-report is refused too" \
    t4a-report --year 2026
check "the mode is still 0640" test "$(mode "$PEERKIT_DB")" = 640

# Someone else's store that is private is theirs to share as they will:
# root reads it.  (The sqlite3 that checked the store above, as root,
# left -wal and -shm files of its owner's and its mode: chmod them too.)
chmod 600 "$PEERKIT_DB"*
run peer-list --json
is_rc 0 "someone else's store, mode 0600: read"
check "nothing said" test ! -s "$tmp/err"

# Someone else's -wal file beside our own private store: refused, naming
# it.  (No snap here: sqlite3 would put a -wal file of its own in its
# place.)
chown 0 "$PEERKIT_DB"
: >"$PEERKIT_DB-wal"
chown "$other" "$PEERKIT_DB-wal"
chmod 644 "$PEERKIT_DB-wal"
run peer-list
is_rc 77 "someone else's -wal file, mode 0644"
err_has "^peer-list: .*peerkit.db-wal is readable by group or others \(mode 0644\) and belongs to (.* \()?uid $other\)?, not to you" \
    "the -wal file is named"
check "nothing on stdout" test ! -s "$tmp/out"
check "its mode is left as it is" test "$(mode "$PEERKIT_DB-wal")" = 644

# A new store is made 0600, as ever (see also 0640-privacy.sh).
run peer-add --db "$tmp/new/store.db" --alias Wren
is_rc 0 "a new store"
check "a new store is 0600" test "$(mode "$tmp/new/store.db")" = 600
check "and nothing said about it" test ! -s "$tmp/err"
done_testing
