#!/bin/sh
# Crash safety: SIGKILL a large batch import (peer-add, engage-log) and a
# payroll run (honorarium-pay --run) at random moments, over and over.
# After every kill the store passes integrity_check and its foreign key
# check, the batch is wholly present or wholly absent, the money is
# exact (the engagements' amounts are the sum of the batches that
# committed, computed here independently; every payment is the sum of
# the engagements it settled), and the tools go on working.
#
# PK_KILLS (default 20; 3 under valgrind) sets the number of kills,
# PK_CRASH_BATCH (default 5000; 2000 under valgrind) the records per
# batch, PK_SEED the random moments, PK_KILLS_PER_STORE (25) how many
# kills one store takes before the next starts.  make stress runs
# hundreds.
. "$(dirname "$0")/lib.sh"

if [ "${PK_VALGRIND:-}" = 1 ]; then
	kills=${PK_KILLS:-3} n=${PK_CRASH_BATCH:-2000}
else
	kills=${PK_KILLS:-20} n=${PK_CRASH_BATCH:-5000}
fi
seed=${PK_SEED:-1}
npeers=200
# q SQL: the answer; if sqlite3 fails, text that equals no answer (so two
# failures never compare equal in a check) and its exit status.
q() {
	sqlite3 "$PEERKIT_DB" "$1" || {
		t_q=$?
		echo "(sqlite3 failed, exit $t_q: $1)"
		return "$t_q"
	}
}

awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
	printf "{\"alias\": \"k%d\", \"role\": \"participant\", \"notes\": \"batch\"}\n", i }' \
    >"$tmp/peers.jsonl"

# engagements DAY SEED: n engagements on DAY with amounts from SEED, to
# $tmp/eng.jsonl; prints their total in cents, worked out here.
engagements() {
	awk -v n="$n" -v np=$npeers -v day="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			c = 100 + int(rand() * 1900)
			sum += c
			printf "{\"peer_id\": %d, \"date\": \"%s\", \"hours\": \"1\", " \
			    "\"activity\": \"meeting\", \"level\": \"consult\", " \
			    "\"amount_due\": \"%d.%02d\"}\n", 1 + i % np, day, c / 100, c % 100 \
			    >"'"$tmp"'/eng.jsonl"
		}
		print sum }'
}
# day N: the Nth day after 2000-01-01 (each batch has a day of its own).
day() { awk -v n="$1" 'BEGIN { printf "%s", strftime("%Y-%m-%d", 946684800 + n * 86400, 1) }'; }
now_ms() { date +%s%3N; }

# new_store N: a fresh store with its peers, and each kind of work run
# once to completion: how long it takes sets the window the kills fall
# in.  A long run (make stress) moves to a new store every
# PK_KILLS_PER_STORE kills, so that the checks after each kill stay fast.
new_store() {
	PEERKIT_DB=$tmp/store-$1.db
	awk -v n=$npeers 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"alias\": \"p%d\", \"role\": \"peer-worker\"}\n", i }' \
	    >"$tmp/npeers.jsonl"
	ok_cmd peer-add -q - <"$tmp/npeers.jsonl"
	t0=$(now_ms)
	ok_cmd peer-add -q "$tmp/peers.jsonl"
	t1=$(now_ms)
	want_cents=$(engagements "$(day 0)" "$seed")
	ok_cmd engage-log -q "$tmp/eng.jsonl"
	t2=$(now_ms)
	ok_cmd honorarium-pay -q --run --period "$(day 0)"
	t3=$(now_ms)
	check "store $1: $npeers peers, then an uninterrupted import, log and run" test \
	    "$(q "SELECT count(*) FROM peers; SELECT count(*) FROM engagements WHERE payment_id IS NOT NULL")" = \
	    "$((npeers + n))
$n"
	dur_peer=$((t1 - t0)) dur_eng=$((t2 - t1)) dur_pay=$((t3 - t2))
	echo "# store $1, $n records: peer-add ${dur_peer} ms, engage-log ${dur_eng} ms," \
	    "honorarium-pay --run ${dur_pay} ms"
}

# Start CMD in the background, SIGKILL it after a random part of DUR ms
# (up to 1.5 times it, so some finish first); $died is 1 if it was
# killed, 0 if it had finished.
kill_during() {	# kill_during DUR SEED CMD...
	t_dur=$1 t_seed=$2
	shift 2
	t_delay=$(awk -v d="$t_dur" -v s="$t_seed" 'BEGIN { srand(s); printf "%.3f", rand() * d * 1.5 / 1000 }')
	"$@" >/dev/null 2>"$tmp/kill-err" &
	t_pid=$!
	sleep "$t_delay"
	kill -9 "$t_pid" 2>/dev/null
	wait "$t_pid" 2>/dev/null
	t_st=$?
	echo "# $1 after ${t_delay}s: exit $t_st"
	died=0
	[ "$t_st" = 137 ] && died=1
	[ "$t_st" = 0 ] || [ "$t_st" = 137 ]
	t_result $? "$*: exit 0 or killed (exit $t_st)"
}

consistent() {	# consistent DESC: the checks that follow every kill
	check "$1: integrity_check ok" test "$(q "PRAGMA integrity_check")" = ok
	# Every engagement a payment settled points back at it, and each
	# payment is exactly the sum of what it settled.
	run q "SELECT count(*) FROM payments p WHERE p.status = 'paid' AND p.amount !=
	    (SELECT coalesce(sum(e.amount_due), -1) FROM engagements e WHERE e.payment_id = p.id)
	    OR EXISTS (SELECT 1 FROM json_each(p.engagements) j JOIN engagements e ON e.id = j.value
	    WHERE e.payment_id IS NOT p.id OR e.peer_id != p.peer_id)"
	is_rc 0 "$1: the payments are read"
	is_outs 0 "$1: every payment is the sum of the engagements it settled"
	check "$1: every record is audited" test \
	    "$(q "SELECT count(*) FROM audit WHERE action = 'create' AND kind = 'peer'")" = \
	    "$(q "SELECT count(*) FROM peers")"
}

# settle DESC: what the kills left, the tools carry on from: every
# engagement gets paid, every cent logged exactly once.
settle() {
	run peer-add --alias after-the-crash
	is_rc 0 "$1: peer-add works after the kills"
	run peer-list --json
	is_rc 0 "$1: peer-list works after the kills"
	thru wc -l
	is_outs "$(q "SELECT count(*) FROM peers")" "$1: peer-list reads every peer"
	run honorarium-pay -q --run --period 2000-01-01..2026-11-23
	is_rc 0 "$1: a payroll run pays what the killed runs left unpaid"
	check "$1: nothing is left unpaid" test \
	    "$(q "SELECT count(*) FROM engagements WHERE payment_id IS NULL")" = 0
	check "$1: every cent logged is paid exactly once" test \
	    "$(q "SELECT sum(amount) FROM payments WHERE status = 'paid'")" = "$want_cents"
	consistent "$1"
	check "$1: foreign keys hold" test -z "$(q "PRAGMA foreign_key_check")"
}

per_store=${PK_KILLS_PER_STORE:-25}
store=1
new_store "$store"
i=0 rolled=0 committed=0 finished=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	s=$((seed * 1000 + i))
	if [ "$i" -gt 1 ] && [ $(((i - 1) % per_store)) = 0 ]; then
		settle "store $store"
		store=$((store + 1))
		new_store "$store"
	fi
	case $((i % 3)) in
	1)	what="peer-add batch $i"
		before=$(q "SELECT count(*) FROM peers")
		kill_during "$dur_peer" "$s" peer-add -q "$tmp/peers.jsonl"
		after=$(q "SELECT count(*) FROM peers")
		[ "$after" = "$before" ] || [ "$after" = $((before + n)) ]
		t_result $? "$what: all $n peers or none ($before -> $after)"
		;;
	2)	what="engage-log batch $i"
		before=$(q "SELECT count(*) FROM engagements")
		cents=$(engagements "$(day "$i")" "$s")
		kill_during "$dur_eng" "$s" engage-log -q "$tmp/eng.jsonl"
		after=$(q "SELECT count(*) FROM engagements")
		[ "$after" = "$before" ] || [ "$after" = $((before + n)) ]
		t_result $? "$what: all $n engagements or none ($before -> $after)"
		[ "$after" != "$before" ] && want_cents=$((want_cents + cents))
		check "$what: the amounts due are exactly the committed batches' ($want_cents cents)" \
		    test "$(q "SELECT sum(amount_due) FROM engagements")" = "$want_cents"
		;;
	0)	what="honorarium-pay --run $i"
		# A day of unpaid work to pay, logged to completion.
		cents=$(engagements "$(day "$i")" "$s")
		ok_cmd engage-log -q "$tmp/eng.jsonl"
		want_cents=$((want_cents + cents))
		before=$(q "SELECT count(*) FROM payments")
		kill_during "$dur_pay" "$s" honorarium-pay -q --run --period "$(day "$i")"
		after=$(q "SELECT count(*) FROM payments")
		paid=$(q "SELECT count(*) FROM engagements WHERE date = '$(day "$i")' AND payment_id IS NOT NULL")
		{ [ "$after" = "$before" ] && [ "$paid" = 0 ]; } ||
		    { [ "$after" = $((before + npeers)) ] && [ "$paid" = "$n" ]; }
		t_result $? "$what: every peer paid or none ($before -> $after payments, $paid of $n engagements settled)"
		check "$what: paid out exactly what was settled" test \
		    "$(q "SELECT sum(amount) FROM payments WHERE status = 'paid'")" = \
		    "$(q "SELECT sum(amount_due) FROM engagements WHERE payment_id IS NOT NULL")"
		;;
	esac
	if [ "$died" = 1 ] && [ "$after" = "$before" ]; then
		rolled=$((rolled + 1))
	elif [ "$died" = 1 ]; then
		committed=$((committed + 1))
	else
		finished=$((finished + 1))
	fi
	consistent "$what"
done
echo "# $kills kills: $rolled rolled back, $committed killed after commit, $finished finished first"

settle "store $store"
done_testing
