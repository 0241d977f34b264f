#!/bin/sh
# PostgreSQL: 8 writers x 40 rounds, each round its own process, against
# one store: engagements logged and payments made one at a time, payroll
# runs among them.  Nothing lost, nothing doubled, no engagement paid
# twice, the totals exactly what was written.  A write that finds the
# store busy (75) may be tried again, and is counted; any other status
# fails the test.  (Write transactions take one advisory lock, and a
# payroll run reads what it pays under it: honorarium-pay(1).)
#
# PK_WRITERS (default 8) writers of PK_ROUNDS (40) rounds; the long form:
# PK_ROUNDS=200 make check-pg.
. "$(dirname "$0")/lib.sh"
pg_store_only "8 writers on one server; SQLite's are 0630's"

writers=${PK_WRITERS:-8} rounds=${PK_ROUNDS:-40}
npeers=16
awk -v n=$npeers 'BEGIN { for (i = 1; i <= n; i++) printf "{\"alias\": \"p%d\"}\n", i }' \
    >"$tmp/peers.jsonl"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"

# try W-I CMD...: CMD until it exits other than 75 (busy), 5 times at
# most; one line "W-I STATUS TRIES" to stdout.
try() {
	t_id=$1 t_n=0
	shift
	while :; do
		t_n=$((t_n + 1))
		"$@" >/dev/null 2>>"$tmp/err.$t_id"
		t_st=$?
		[ "$t_st" = 75 ] && [ "$t_n" -lt 5 ] || break
	done
	echo "$t_id $t_st $t_n"
}
# Writer W: odd rounds log an engagement of 12.34 in October, even
# rounds pay 5.00 (with an idempotency key), every 25th round is a
# payroll run of October instead.
writer() {
	w=$1 i=0
	while [ "$i" -lt "$rounds" ]; do
		i=$((i + 1))
		p=p$((1 + (w * rounds + i) % npeers))
		if [ $((i % 25)) = 0 ]; then
			try "run-$w-$i" honorarium-pay -q --run --period 2026-10 \
			    --date 2026-11-21
		elif [ $((i % 2)) = 1 ]; then
			try "eng-$w-$i" engage-log -q --peer "$p" --hours 1 \
			    --activity meeting --level consult \
			    --date "2026-10-$(printf %02d $((1 + i % 28)))" --amount 12.34
		else
			try "pay-$w-$i" honorarium-pay -q --peer "$p" --amount 5.00 \
			    --ref "w$w-$i" --date 2026-11-20
		fi
	done
}
pids=
w=0
while [ "$w" -lt "$writers" ]; do
	w=$((w + 1))
	writer "$w" >"$tmp/writer$w.st" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
cat "$tmp"/writer*.st >"$tmp/all.st"

# What each process did.
n_eng=0 n_pay=0 n_run=0 i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	if [ $((i % 25)) = 0 ]; then n_run=$((n_run + 1))
	elif [ $((i % 2)) = 1 ]; then n_eng=$((n_eng + 1))
	else n_pay=$((n_pay + 1)); fi
done
n_eng=$((n_eng * writers)) n_pay=$((n_pay * writers)) n_run=$((n_run * writers))
check "every process reported its status ($((writers * rounds)))" \
    test "$(wc -l <"$tmp/all.st")" = $((writers * rounds))
run awk '$2 != 0' "$tmp/all.st"
is_rc 0 "the statuses are read"
is_out /dev/null "every process exited 0, at last"
busy=$(awk '{ n += $3 - 1 } END { print n + 0 }' "$tmp/all.st")
echo "# $busy tries found the store busy (75) and were made again"
run awk '$3 > 1 && $2 != 0' "$tmp/all.st"
is_rc 0 "the retries are read"
is_out /dev/null "no write busy five times over"
run cat "$tmp"/err.*
is_rc 0 "every process's stderr is read"
is_out /dev/null "nothing on stderr"

# A last run pays what the writers logged after the last of theirs.
ok_cmd honorarium-pay -q --run --period 2026-10 --date 2026-11-22

run sql "SELECT (SELECT count(*) FROM engagements),
    (SELECT count(*) FROM payments WHERE ref IS NOT NULL),
    (SELECT count(DISTINCT ref) FROM payments WHERE ref IS NOT NULL)"
is_rc 0 "the store is counted"
is_outs "$n_eng|$n_pay|$n_pay" "no write lost or doubled: $n_eng engagements, $n_pay payments, one per key"
run sql "SELECT sum(amount_due) FROM engagements"
is_rc 0 "the engagements are summed"
is_outs "$((n_eng * 1234))" "they total exactly $n_eng x 12.34"
run sql "SELECT sum(amount) FROM payments WHERE ref IS NOT NULL"
is_rc 0 "the single payments are summed"
is_outs "$((n_pay * 500))" "they total exactly $n_pay x 5.00"
run sql "SELECT count(*) FROM engagements WHERE amount_paid <> amount_due"
is_rc 0 "the engagements are read"
is_outs 0 "after the last run every engagement is paid in full"
run sql "SELECT count(*) FROM (SELECT e.id FROM engagements e
    LEFT JOIN allocations a ON a.engagement_id = e.id
    GROUP BY e.id, e.amount_paid, e.amount_due
    HAVING coalesce(sum(a.amount), 0) <> e.amount_paid
    OR coalesce(sum(a.amount), 0) > e.amount_due) AS x"
is_rc 0 "the allocations are summed by engagement"
is_outs 0 "no engagement paid twice: what pays each is what it was due"
run sql "SELECT (SELECT sum(amount - rounding) FROM payments WHERE status = 'paid') -
    (SELECT sum(amount_paid) FROM engagements) - (SELECT sum(credit) FROM peers)"
is_rc 0 "the ledger is summed"
is_outs 0 "every cent paid (less cash rounding) went to an engagement or a peer's credit"
run sql "SELECT (SELECT count(*) FROM audit WHERE kind = 'engagement'
    AND action = 'create') = (SELECT count(*) FROM engagements),
    (SELECT count(*) FROM audit WHERE kind = 'payment'
    AND action = 'create') = (SELECT count(*) FROM payments),
    (SELECT count(*) FROM audit WHERE action IN ('allocate', 'unallocate'))
    = (SELECT count(*) FROM allocations)"
is_rc 0 "the audit trail is counted"
is_outs "t|t|t" "every engagement, payment and allocation is audited"
done_testing
