#!/bin/sh
# Disk full: a write that runs out of space exits 74 with a message that
# says so, and leaves the store intact (integrity_check ok, content as
# before).  Out of space is a small tmpfs when we may mount one (root),
# and always a file-size limit (ulimit -f, with SIGXFSZ ignored so the
# write fails with EFBIG instead of killing the tool); a full stdout is
# /dev/full.  The store's disk is a file's: on PostgreSQL only stdout's
# part runs (the server's disk is the server's).
. "$(dirname "$0")/lib.sh"

# q SQL: the answer; if sqlite3 (psql) fails, text that equals no
# answer, and its exit status.
q() {
	sql "$1" || {
		t_q=$?
		echo "(sql failed, exit $t_q: $1)"
		return "$t_q"
	}
}
awk 'BEGIN { for (i = 1; i <= 5000; i++)
	printf "{\"alias\": \"k%d\", \"notes\": \"enough text to fill a page or two\"}\n", i }' \
    >"$tmp/peers.jsonl"
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "{\"peer\": \"Raven\", \"date\": \"2026-10-%02d\", \"hours\": \"1\", " \
	    "\"activity\": \"meeting\", \"level\": \"consult\", \"note\": \"batch\"}\n", 1 + i % 28 }' \
    >"$tmp/eng.jsonl"
# A store with something to lose, and unpaid work for a payroll run.
setup() {
	ok_cmd peer-add -q --alias Raven --role peer-worker
	ok_cmd engage-log -q --peer Raven --hours 2 --activity meeting --level consult \
	    --date 2026-11-20
	ok_cmd engage-log -q "$tmp/eng.jsonl"
}
full() {	# full STATUS REGEX DESC CMD...: the write fails for lack of space
	f_st=$1 f_re=$2 f_desc=$3
	shift 3
	run "$@"
	is_rc "$f_st" "$f_desc"
	err_has "$f_re" "$f_desc: says why"
}
intact() {	# intact DESC: once there is room again
	check "$1: integrity_check ok" test "$(q "PRAGMA integrity_check")" = ok
	unchanged "$1"
}

# --- a tmpfs of 16 MB, filled to all but a few pages ---
if on_pg; then
	echo "ok $((t_n += 1)) # skip on PostgreSQL: the disk is the server's"
elif [ "$(id -u)" = 0 ] && mkdir "$tmp/small" &&
    mount -t tmpfs -o size=16m tmpfs "$tmp/small" 2>/dev/null; then
	trap 'umount "$tmp/small"; rm -rf "$tmp"' EXIT
	PEERKIT_DB=$tmp/small/peerkit.db
	setup
	check "a store on a 16 MB tmpfs" test "$(q "SELECT count(*) FROM engagements")" = 5001
	snap
	avail=$(df -k --output=avail "$tmp/small" | tail -n 1)
	ok_cmd dd if=/dev/zero of="$tmp/small/filler" bs=4k count=$(((avail - 160) / 4))
	full 74 'peerkit.db: .*disk full$' \
	    "peer-add: a batch that runs out of space" peer-add "$tmp/peers.jsonl"
	err_has 'nothing written' "peer-add: says nothing was written"
	full 74 'disk full' "engage-log: a batch that runs out of space" engage-log "$tmp/eng.jsonl"
	full 74 'disk full|disk I/O error' "honorarium-pay --run that runs out of space" \
	    honorarium-pay --run --period 2026-10
	# Not a byte left: even a single record (or opening the store to
	# write, which needs its -shm) fails cleanly.
	dd if=/dev/zero of="$tmp/small/filler2" bs=4k 2>/dev/null
	full 74 'peerkit.db: .*(disk full|disk I/O error)' "peer-add on a full disk" \
	    peer-add --alias Moss
	full 74 'peerkit.db: .*(disk full|disk I/O error)' "onboard-check --done on a full disk" \
	    onboard-check --done orientation Raven
	full 74 'peerkit.db: .*(disk full|disk I/O error)' "honorarium-pay on a full disk" \
	    honorarium-pay --peer Raven --amount 10.00
	rm -f "$tmp/small/filler" "$tmp/small/filler2"
	intact "after the tmpfs filled up"
	run honorarium-pay -q --run --period 2026-10
	is_rc 0 "with room again, the payroll run goes through"
	check "and pays the whole batch once" test \
	    "$(q "SELECT count(*) FROM engagements WHERE payment_id IS NOT NULL")" = 5000
	check "integrity_check ok at the end" test "$(q "PRAGMA integrity_check")" = ok
	PEERKIT_DB=$tmp/peerkit.db
else
	echo "ok $((t_n += 1)) # skip cannot mount a tmpfs (not root?): the file-size limit below stands in"
fi

# --- a file-size limit: writes past it fail with EFBIG ---
setup
if ! on_pg; then
	snap
	# 256 KB, in 512-byte blocks: less than the store, so every write
	# that reaches past it (the -wal grows from 0) fails.
	limited() { (trap '' XFSZ; ulimit -f 512 && exec "$@"); }
	full 74 'peerkit.db: .*(disk full|disk I/O error)' \
	    "peer-add: a batch past the file-size limit" limited peer-add "$tmp/peers.jsonl"
	full 74 'peerkit.db: .*(disk full|disk I/O error)' \
	    "engage-log: a batch past the file-size limit" limited engage-log "$tmp/eng.jsonl"
	full 74 'disk full|disk I/O error' "honorarium-pay --run past the file-size limit" \
	    limited honorarium-pay --run --period 2026-10
	intact "after the file-size limit"
fi

# --- stdout on a full disk: an error, never a silently cut file ---
ok_cmd honorarium-pay -q --peer Raven --amount 600.00
snap
full 74 'write error' "peer-list to a full disk" sh -c 'peer-list >/dev/full'
# One message, with the cause: not a second one with a stale errno.
check "one message, with its cause" test "$(cat "$tmp/err")" = \
    "peer-list: write error: No space left on device"
full 74 'write error' "engage-log --list --json to a full disk" \
    sh -c 'engage-log --list --json >/dev/full'
full 74 'write error' "t4a-report to a full disk" sh -c 't4a-report --year 2026 --all --json >/dev/full'
full 74 'write error' "honorarium-pay --list to a full disk" \
    sh -c 'honorarium-pay --list --format csv >/dev/full'
unchanged "reports to a full disk"
# A write whose record cannot be printed: the payment is made, and a
# second run would make it again, so the message must say so.
run sh -c 'honorarium-pay --peer Raven --amount 11.00 >/dev/full'
is_rc 74 "a payment whose receipt cannot be printed"
err_has '<stdout>: write error' "says the output failed"
check "the payment is recorded all the same" test \
    "$(q "SELECT count(*) FROM payments WHERE amount = 1100")" = 1
err_has 'changes were stored all the same' \
    "and the message says so: exit 74 must not read as 'nothing happened'"
# The same for a batch, whose records reach stdout after the commit; a
# dry run or a report stored nothing and must not claim it did.
printf '{"alias":"Heron"}\n{"alias":"Ibis"}\n' >"$tmp/two.jsonl"
run sh -c 'peer-add --dry-run --json "$1" >/dev/full' - "$tmp/two.jsonl"
is_rc 74 "a dry-run batch to a full disk"
lacks "a dry run that lost its output claims nothing was stored" \
    "stored all the same" "$tmp/err"
run sh -c 'peer-list >/dev/full'
is_rc 74 "a report to a full disk"
lacks "nor does a report" "stored all the same" "$tmp/err"
run sh -c 'peer-add --json "$1" >/dev/full' - "$tmp/two.jsonl"
is_rc 74 "a batch whose records cannot be printed"
err_has '<stdout>: write error.*; the changes were stored all the same' \
    "says the batch was stored"
check "and it was" test "$(q "SELECT count(*) FROM peers WHERE alias IN ('Heron', 'Ibis')")" = 2
done_testing
