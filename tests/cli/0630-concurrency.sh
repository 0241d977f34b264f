#!/bin/sh
# Concurrency: several processes registering, logging and paying on one
# store while others report and a payroll run goes through (cron while
# an admin works).  No write is lost, none fails with "database is
# locked" inside the busy timeout, and the totals are exact.  Past the
# timeout (PEERKIT_BUSY_TIMEOUT set tiny while another program holds the
# write lock) a write exits 75 with a clear message and writes nothing.
#
# PK_WRITERS (default 4; 2 under valgrind) writers of PK_WRITES (50, 20
# on PostgreSQL; 5) writes each; make stress runs more.
. "$(dirname "$0")/lib.sh"
pg_long "SQLite's writers and busy timeout (0672 is the server's)"

if [ "${PK_VALGRIND:-}" = 1 ]; then
	writers=${PK_WRITERS:-2} writes=${PK_WRITES:-5}
else
	# On PostgreSQL each write is a connection: fewer of them (0672
	# is the many writers on a server).
	writers=${PK_WRITERS:-4} writes=${PK_WRITES:-50}
	on_pg && writes=${PK_WRITES:-20}
fi
# q SQL: the answer; if sqlite3 (psql) fails, text that equals no answer
# (so two failures never compare equal in a check) and its exit status.
q() {
	sql "$1" || {
		t_q=$?
		echo "(sql failed, exit $t_q: $1)"
		return "$t_q"
	}
}
npeers=20
awk -v n=$npeers 'BEGIN { for (i = 1; i <= n; i++) printf "{\"alias\": \"p%d\"}\n", i }' \
    >"$tmp/peers.jsonl"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
# Unpaid work for the payroll run that runs in the middle of it all.
awk -v n=$npeers 'BEGIN { for (i = 0; i < 200; i++)
	printf "{\"peer_id\": %d, \"date\": \"2026-10-%02d\", \"hours\": \"1\", " \
	    "\"activity\": \"meeting\", \"level\": \"consult\", \"amount_due\": \"%d.%02d\"}\n",
	    1 + i % n, 1 + i % 28, 10 + i % 7, i % 100 }' >"$tmp/october.jsonl"
ok_cmd engage-log -q "$tmp/october.jsonl"
october=$(q "SELECT sum(amount_due) FROM engagements")

# Writer W: WRITES rounds of a new peer, an engagement of 12.34 and a
# payment of 10.00 (with an idempotency key), each its own process.
writer() {
	w=$1 i=0
	while [ "$i" -lt "$writes" ]; do
		i=$((i + 1))
		p=p$((1 + (w * writes + i) % npeers))
		peer-add -q --alias "w$w-$i" >/dev/null || echo "peer-add w$w-$i: exit $?"
		engage-log -q --peer "$p" --hours 1 --activity meeting --level consult \
		    --date 2026-11-20 --amount 12.34 >/dev/null ||
		    echo "engage-log w$w-$i: exit $?"
		honorarium-pay -q --peer "$p" --amount 10.00 --ref "w$w-$i" \
		    --date 2026-11-20 >/dev/null || echo "honorarium-pay w$w-$i: exit $?"
	done
}
# A reader: reports over and over until the writers are done.
reader() {
	while [ ! -f "$tmp/done" ]; do
		peer-list -q --json >/dev/null || echo "peer-list: exit $?"
		engage-log -q --list --period 2026 --json >/dev/null ||
		    echo "engage-log --list: exit $?"
		honorarium-pay -q --totals --year 2026 >/dev/null ||
		    echo "honorarium-pay --totals: exit $?"
		t4a-report -q --year 2026 --all >/dev/null || echo "t4a-report: exit $?"
		engage-log -q --summary --period 2026 --by peer >/dev/null ||
		    echo "engage-log --summary: exit $?"
	done
}

reader >"$tmp/reader1.fail" 2>"$tmp/reader1.err" &
r1=$!
reader >"$tmp/reader2.fail" 2>"$tmp/reader2.err" &
r2=$!
pids=
w=0
while [ "$w" -lt "$writers" ]; do
	w=$((w + 1))
	writer "$w" >"$tmp/writer$w.fail" 2>"$tmp/writer$w.err" &
	pids="$pids $!"
done
# cron: the October payroll run, in the thick of it.
honorarium-pay -q --run --period 2026-10 >/dev/null 2>"$tmp/run.err"
run_st=$?
for p in $pids; do wait "$p"; done
touch "$tmp/done"
wait "$r1" "$r2"

check "the payroll run succeeded (exit $run_st)" test "$run_st" = 0
nw=$((writers * writes))
check "no writer failed" test -z "$(cat "$tmp"/writer*.fail)"
check "no reader failed" test -z "$(cat "$tmp"/reader*.fail)"
run cat "$tmp"/writer*.err "$tmp"/reader*.err "$tmp/run.err"
is_rc 0 "every writer's, reader's and the run's stderr is read"
is_out /dev/null "nothing on stderr: no 'database is locked', no busy store"
run q "SELECT (SELECT count(*) FROM peers), (SELECT count(*) FROM engagements),
    (SELECT count(*) FROM payments WHERE ref IS NOT NULL)"
is_rc 0 "the store is counted"
is_outs "$((npeers + nw))|$((200 + nw))|$nw" "no lost write: $nw peers, engagements and payments"
run q "SELECT sum(amount_due) FROM engagements WHERE date = '2026-11-20'"
is_rc 0 "the engagements are summed"
is_outs "$((nw * 1234))" "the engagements logged total exactly $nw x 12.34"
run q "SELECT sum(amount) FROM payments WHERE ref IS NOT NULL"
is_rc 0 "the payments are summed"
is_outs "$((nw * 1000))" "the payments made total exactly $nw x 10.00"
# The writers pay the peers the run pays: a payment of 10.00 that names
# no engagement pays the peer's oldest open balance, October's until the
# run has paid it.  Whatever the order, the run pays what is open when it
# runs, at most once per peer, and October is paid exactly, nothing twice.
run q "SELECT count(*) - count(DISTINCT peer_id) FROM payments WHERE ref IS NULL"
is_rc 0 "the run's payments are counted"
is_outs 0 "the run paid no peer twice"
run q "SELECT (SELECT sum(amount) FROM payments WHERE ref IS NULL) +
    (SELECT coalesce(sum(a.amount), 0) FROM allocations a JOIN payments p ON p.id = a.payment_id
    JOIN engagements e ON e.id = a.engagement_id WHERE p.ref IS NOT NULL AND e.date LIKE '2026-10-%')"
is_rc 0 "what paid October is summed"
is_outs "$october" "the run and the writers' payments before it paid October exactly"
run q "SELECT coalesce(sum(a.amount), 0) FROM allocations a JOIN payments p ON p.id = a.payment_id
    LEFT JOIN engagements e ON e.id = a.engagement_id
    WHERE p.ref IS NULL AND (e.id IS NULL OR e.date NOT LIKE '2026-10-%')"
is_rc 0 "what the run paid outside October is summed"
is_outs 0 "the run paid nothing but October's balances"
check "every October engagement is paid in full" test \
    "$(q "SELECT count(*) FROM engagements WHERE date LIKE '2026-10-%' AND (amount_paid != amount_due OR payment_id IS NULL)")" = 0
run q "SELECT CASE WHEN (SELECT sum(amount_paid) FROM engagements) = (SELECT sum(amount) FROM payments)
    THEN 1 ELSE 0 END,
    (SELECT count(*) FROM engagements WHERE amount_paid > amount_due), (SELECT sum(credit) FROM peers)"
is_rc 0 "the ledger is summed"
is_outs "1|0|0" "every cent paid went to an engagement, none overpaid, no credit"
# Every write is audited: each record created (the run's payments one per
# peer it paid), and each row of the ledger.
run q "SELECT (SELECT count(*) FROM audit) - (SELECT count(*) FROM payments WHERE ref IS NULL) -
    (SELECT count(*) FROM allocations), CASE WHEN (SELECT count(*) FROM audit
    WHERE action IN ('allocate', 'unallocate')) = (SELECT count(*) FROM allocations) THEN 1 ELSE 0 END"
is_rc 0 "the audit trail is counted"
is_outs "$((npeers + nw + 200 + nw + nw))|1" "every write is audited"
if ! on_pg; then
	check "integrity_check" test "$(q "PRAGMA integrity_check")" = ok
fi

# Another program holds the write lock: a sqlite3 shell fed through a
# fifo sits inside BEGIN IMMEDIATE until we say COMMIT; on PostgreSQL a
# psql inside a transaction that holds peerkit's advisory lock (the
# one every write transaction takes: "peerkit" in ASCII, lib/db-pg.c).
# try_write: a write with no timeout at all, rolled back.
mkfifo "$tmp/fifo"
if on_pg; then
	psql -XAtq "$PEERKIT_DB" <"$tmp/fifo" >/dev/null 2>&1 &
	holder=$!
	exec 3>"$tmp/fifo"
	printf '%s\n' "BEGIN;" "SELECT pg_advisory_xact_lock(7379877164398704);" >&3
	try_write() {
		psql -XAtq -v ON_ERROR_STOP=1 "$PEERKIT_DB" -c "BEGIN" \
		    -c "SELECT pg_try_advisory_xact_lock(7379877164398704)" \
		    -c "ROLLBACK" 2>/dev/null | grep -qx t
	}
	store_name=${PEERKIT_DB#postgresql:///}
	store_name="postgresql database ${store_name%%\?*} on [^:]*"
else
	sqlite3 "$PEERKIT_DB" <"$tmp/fifo" >/dev/null 2>&1 &
	holder=$!
	exec 3>"$tmp/fifo"
	printf '%s\n' ".timeout 10000" "BEGIN IMMEDIATE;" >&3
	try_write() {
		sqlite3 -cmd ".timeout 0" "$PEERKIT_DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null
	}
	store_name='peerkit[.]db'
fi
# Until a write with no timeout at all fails, the lock is not yet held
# (10 s at most: a test must not hang).
n=0
while try_write && [ "$n" -lt 200 ]; do
	n=$((n + 1))
	sleep 0.05
done
check "another program holds the write lock" test "$n" -lt 200
snap
PEERKIT_BUSY_TIMEOUT=20 run peer-add --alias too-late
is_rc 75 "past a tiny busy timeout, a write gives up"
err_has "^peer-add: .*$store_name: the store is busy \(another program is writing to it\); try again$" \
    "and says the store is busy"
PEERKIT_BUSY_TIMEOUT=20 run honorarium-pay --peer p1 --amount 5.00
is_rc 75 "honorarium-pay gives up too"
err_has "the store is busy" "with the same message"
PEERKIT_BUSY_TIMEOUT=20 run engage-log --peer p1 --hours 1 --activity meeting --level consult
is_rc 75 "engage-log gives up too"
PEERKIT_BUSY_TIMEOUT=20 run onboard-check --done orientation p1
is_rc 75 "onboard-check gives up too"
run peer-list p1
is_rc 0 "a reader is not held up by a writer (WAL; MVCC on PostgreSQL)"
# Within the (default, 10 s) timeout a writer waits for the lock.
peer-add -q --alias patient >"$tmp/patient.out" 2>"$tmp/patient.err" &
patient=$!
sleep 0.5
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
check "the program that held the lock ends cleanly" test $? = 0
wait "$patient"
check "a writer within the busy timeout waits and succeeds" test $? = 0
check "and says nothing" test ! -s "$tmp/patient.err"
check "the patient write is stored" test "$(q "SELECT count(*) FROM peers WHERE alias = 'patient'")" = 1
check "the refused writes wrote nothing" test \
    "$(q "SELECT count(*) FROM peers WHERE alias = 'too-late'")" = 0
done_testing
