#!/bin/sh
# Crash safety: SIGKILL the three batch imports (peer-add, engage-log,
# honorarium-pay FILE) and a payroll run (honorarium-pay --run) at random
# moments, over and over, the four in turn, on either engine.  After
# every kill the store passes integrity_check and its foreign key check
# (SQLite's), the batch or run is wholly present or wholly absent (a
# killed client's transaction on PostgreSQL too), the money is exact (what the
# engagements are due, what the batches paid and what of it is credit
# are the sums of the batches that committed, worked out here
# independently), the ledger holds (every payment is the sum of its
# allocations, every engagement has been paid the sum of its, every
# peer's credit is the sum of its, nobody is both owed and in credit),
# and the tools go on working: a last run pays every cent still owed.
#
# PK_KILLS (default 20; 4 under valgrind, 8 on PostgreSQL) sets the
# number of kills, PK_CRASH_BATCH (default 5000; 2000 under valgrind,
# 1000 on PostgreSQL) the records per batch (a batch of payments has a
# quarter as many), PK_SEED the random moments, PK_KILLS_PER_STORE (25)
# how many kills one store takes before the next starts.  make stress
# runs a thousand.
. "$(dirname "$0")/lib.sh"
pg_long "SIGKILLs amid batches and runs"

# The amounts are random cents: paid by e-transfer, since cash is paid
# to 0.05 (0215, 0207 test the ledger with cash rounding).
printf 'payment:\n  default_method: etransfer\n' >"$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"

if [ "${PK_VALGRIND:-}" = 1 ]; then
	kills=${PK_KILLS:-4} n=${PK_CRASH_BATCH:-2000}
elif on_pg; then
	# A record is a round trip to the server: 5000 peers took 80 s on
	# a busy machine.  Two kills of each kind, smaller batches, keep
	# make check's PostgreSQL run in its time; make stress runs more.
	kills=${PK_KILLS:-8} n=${PK_CRASH_BATCH:-1000}
else
	kills=${PK_KILLS:-20} n=${PK_CRASH_BATCH:-5000}
fi
seed=${PK_SEED:-1}
npeers=200
# q SQL: the answer; if sqlite3 (psql) fails, text that equals no answer
# (so two failures never compare equal in a check) and its exit status.
q() {
	sql "$1" || {
		t_q=$?
		echo "(sql failed, exit $t_q: $1)"
		return "$t_q"
	}
}

# peers PREFIX: n new peers to $tmp/peers.jsonl, aliases PREFIX1...: each
# batch its own, since an alias alike to one on record is refused.
peers() {
	awk -v n="$n" -v p="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"alias\": \"%s%d\", \"role\": \"participant\", \"notes\": \"batch\"}\n", p, i }' \
	    >"$tmp/peers.jsonl"
}
peers k

# engagements DAY SEED [N]: N (default n) engagements on DAY with amounts
# from SEED, to $tmp/eng.jsonl, for the first npeers peers in turn;
# prints their total in cents, worked out here.
engagements() {
	awk -v n="${3:-$n}" -v np=$npeers -v day="$1" -v seed="$2" 'BEGIN {
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

# payments DAY SEED TAG: a batch of n/4 payment records dated DAY, with
# amounts from SEED and the refs TAG-1, TAG-2, ..., to $tmp/pay.jsonl;
# prints the number of records, their total and how much of it is
# credit, in cents, worked out here.  DAY's engagements, just logged and
# wholly owed (the peers who have engagements never hold credit here),
# are what it pays:
#   - first, about one engagement in 4 (at most n/16) named by a
#     payment of its own, for all it is due (with the amount or without)
#     or a part of it (with a note): each goes wholly to the engagement
#     it names;
#   - then, in a random order, payments naming no engagement: to one of
#     the npeers peers, which go to that peer's oldest open balances
#     (older days a kill left unpaid, else DAY's), never more in all than
#     what DAY's engagements of that peer not named are due, so that
#     none of it is credit; and to one of the n peers of the first
#     peer-add batch, who have no engagements, so all of it is credit.
payments() {
	q "SELECT id, peer_id, amount_due FROM engagements WHERE date = '$1' ORDER BY id" |
	awk -F '|' -v m=$((n / 4)) -v np=$npeers -v nk="$n" -v day="$1" -v seed="$2" \
	    -v tag="$3" -v out="$tmp/pay.jsonl" '
	function money(c) { return sprintf("%d.%02d", c / 100, c % 100) }
	function pay(peer, c, rest) {
		recs++
		cents += c
		printf "{\"peer_id\": %d, \"amount\": \"%s\", \"date\": \"%s\", " \
		    "\"ref\": \"%s-%d\"%s}\n", peer, money(c), day, tag, recs, rest >out
	}
	BEGIN { srand(seed) }
	{	if (rand() < 1 / 4 && named < m / 4) {
			named++
			nid[named] = $1; npeer[named] = $2; ndue[named] = $3
		} else
			budget[$2] += $3
	}
	END {
		printf "" >out
		for (k = 1; k <= named; k++) {
			r = rand()
			if (r < 1 / 3) {	# what it is due, the amount given
				pay(npeer[k], ndue[k], sprintf(", \"engagements\": [%d]", nid[k]))
			} else if (r < 2 / 3) {	# the same, no amount: all it owes
				recs++
				cents += ndue[k]
				printf "{\"peer_id\": %d, \"date\": \"%s\", \"ref\": \"%s-%d\", " \
				    "\"engagements\": [%d]}\n", npeer[k], day, tag, recs, nid[k] >out
			} else {		# a part of it, said why
				pay(npeer[k], 1 + int(rand() * (ndue[k] - 1)),
				    sprintf(", \"engagements\": [%d], \"note\": \"part\"", nid[k]))
			}
		}
		while (recs < m) {
			c = 1 + int(rand() * 3000)
			p = 1 + int(rand() * np)
			if (rand() < 2 / 3 && budget[p] > 0) {
				if (c > budget[p])
					c = budget[p]
				budget[p] -= c
				pay(p, c, "")
			} else {
				c = 1 + int(rand() * 20000)	# up to 200.00
				credit += c
				pay(np + 1 + int(rand() * nk), c, "")
			}
		}
		print recs, cents + 0, credit + 0
	}'
}
# day N: the Nth day after 2000-01-01 (each batch has a day of its own).
day() { awk -v n="$1" 'BEGIN { printf "%s", strftime("%Y-%m-%d", 946684800 + n * 86400, 1) }'; }
now_ms() { date +%s%3N; }

# new_store N: a fresh store with its peers, and each kind of work run
# once to completion: how long it takes sets the window the kills fall
# in.  A long run (make stress) moves to a new store every
# PK_KILLS_PER_STORE kills, so that the checks after each kill stay fast.
# want_cents is what the engagements logged are due, paid_cents what the
# batches of payments paid, credit_cents what of it is credit, and
# paid_n how many payments they made: in this store, worked out here.
new_store() {
	if ! on_pg; then
		PEERKIT_DB=$tmp/store-$1.db
	elif [ "$1" != 1 ]; then
		# On PostgreSQL the script's database, emptied: peerkit makes
		# the schema again.
		ok_cmd sql "DROP SCHEMA public CASCADE; CREATE SCHEMA public"
	fi
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
	dur_eng=$((t2 - t1))
	set -- "$1" $(payments "$(day 0)" "$seed" "store$1")
	paid_n=$2 paid_cents=$3 credit_cents=$4
	t2=$(now_ms)
	ok_cmd honorarium-pay -q "$tmp/pay.jsonl"
	t3=$(now_ms)
	ok_cmd honorarium-pay -q --run --period "$(day 0)"
	t4=$(now_ms)
	check "store $1: $npeers peers, then an uninterrupted import, log, batch of payments and run" test \
	    "$(q "SELECT count(*) FROM peers; SELECT count(*) FROM engagements WHERE amount_paid = amount_due;
	    SELECT count(*) FROM payments WHERE ref LIKE 'store$1-%'")" = \
	    "$((npeers + n))
$n
$paid_n"
	dur_peer=$((t1 - t0)) dur_bat=$((t3 - t2)) dur_pay=$((t4 - t3))
	echo "# store $1, $n records: peer-add ${dur_peer} ms, engage-log ${dur_eng} ms," \
	    "honorarium-pay FILE ($paid_n payments) ${dur_bat} ms, honorarium-pay --run ${dur_pay} ms"
	consistent "store $1"
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

# The ledger, as consistent checks it: one line per rule, the number of
# records that break it.
ledger_ok="paid payments not the sum of their allocations|0
void payments whose allocations do not net to zero|0
engagements paid other than their allocations|0
engagements paid less than nothing or more than due|0
engagements marked settled by a payment but not paid in full|0
engagements paid by another peer's payments|0
peers whose credit is not their credit allocations|0
peers both owed and in credit|0
peers, engagements and payments not audited|0"
consistent() {	# consistent DESC: the checks that follow every kill
	# (PostgreSQL's server outlives its killed clients, and checks every
	# foreign key as it writes: there, these are SQLite's alone.)
	if ! on_pg; then
		check "$1: integrity_check ok" test "$(q "PRAGMA integrity_check")" = ok
		check "$1: foreign keys hold" test -z "$(q "PRAGMA foreign_key_check")"
		c_cols="pragma_table_info('engagements') WHERE name"
	else
		c_cols="information_schema.columns WHERE table_schema = 'public'
		    AND table_name = 'engagements' AND column_name"
	fi
	# What an engagement was paid through the ledger: amount_paid, less
	# what was paid outside it where the store has that column.
	if [ "$(q "SELECT count(*) FROM $c_cols = 'paid_elsewhere'")" = 1 ]; then
		c_paid="e.amount_paid - e.paid_elsewhere"
	else
		c_paid="e.amount_paid"
	fi
	# A paid honorarium is all allocated (to engagements, or credit); a
	# reimbursement is not allocated; a void payment's allocations were
	# undone.  Each table is read once (the store is large).  A count
	# of the rows where a condition holds is a sum of CASEs: PostgreSQL
	# does not sum booleans.
	run q "WITH pay AS MATERIALIZED (SELECT
		coalesce(sum(CASE WHEN p.status = 'paid' AND coalesce(a.s, 0) !=
		    CASE p.kind WHEN 'honorarium' THEN p.amount ELSE 0 END
		    THEN 1 ELSE 0 END), 0) AS unallocated,
		coalesce(sum(CASE WHEN p.status = 'void' AND coalesce(a.s, 0) != 0
		    THEN 1 ELSE 0 END), 0) AS void_left
		FROM payments p LEFT JOIN (SELECT payment_id, sum(amount) AS s
		FROM allocations GROUP BY payment_id) a ON a.payment_id = p.id),
	eng AS MATERIALIZED (SELECT
		coalesce(sum(CASE WHEN $c_paid != coalesce(a.s, 0)
		    THEN 1 ELSE 0 END), 0) AS off,
		coalesce(sum(CASE WHEN e.amount_paid < 0 OR e.amount_paid > e.amount_due
		    THEN 1 ELSE 0 END), 0) AS over,
		coalesce(sum(CASE WHEN e.payment_id IS NOT NULL AND e.amount_paid != e.amount_due
		    THEN 1 ELSE 0 END), 0) AS marked,
		coalesce(sum(CASE WHEN a.lo != e.peer_id OR a.hi != e.peer_id
		    THEN 1 ELSE 0 END), 0) AS other
		FROM engagements e LEFT JOIN (SELECT a.engagement_id, sum(a.amount) AS s,
		min(p.peer_id) AS lo, max(p.peer_id) AS hi
		FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.engagement_id IS NOT NULL GROUP BY a.engagement_id) a
		ON a.engagement_id = e.id),
	peer AS MATERIALIZED (SELECT
		coalesce(sum(CASE WHEN r.credit != coalesce(c.s, 0)
		    THEN 1 ELSE 0 END), 0) AS credit,
		coalesce(sum(CASE WHEN r.credit > 0 AND EXISTS (SELECT 1 FROM engagements e
		    WHERE e.peer_id = r.id AND e.status = 'logged'
		    AND e.amount_paid < e.amount_due) THEN 1 ELSE 0 END), 0) AS owed
		FROM peers r LEFT JOIN (SELECT p.peer_id, sum(a.amount) AS s
		FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.engagement_id IS NULL GROUP BY p.peer_id) c ON c.peer_id = r.id)
	SELECT 'paid payments not the sum of their allocations', unallocated FROM pay
	UNION ALL SELECT 'void payments whose allocations do not net to zero', void_left FROM pay
	UNION ALL SELECT 'engagements paid other than their allocations', off FROM eng
	UNION ALL SELECT 'engagements paid less than nothing or more than due', over FROM eng
	UNION ALL SELECT 'engagements marked settled by a payment but not paid in full', marked FROM eng
	UNION ALL SELECT 'engagements paid by another peer''s payments', other FROM eng
	UNION ALL SELECT 'peers whose credit is not their credit allocations', credit FROM peer
	UNION ALL SELECT 'peers both owed and in credit', owed FROM peer
	UNION ALL SELECT 'peers, engagements and payments not audited',
		(SELECT count(*) FROM peers r WHERE NOT EXISTS (SELECT 1 FROM audit
		WHERE kind = 'peer' AND record_id = r.id AND action = 'create')) +
		(SELECT count(*) FROM engagements e WHERE NOT EXISTS (SELECT 1 FROM audit
		WHERE kind = 'engagement' AND record_id = e.id AND action = 'create')) +
		(SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM audit
		WHERE kind = 'payment' AND record_id = p.id AND action = 'create'))"
	is_rc 0 "$1: the ledger is read"
	is_outs "$ledger_ok" "$1: the ledger holds"
	# Everything paid is what the engagements were paid through the
	# ledger and the credit the peers hold.
	check "$1: paid out is exactly what the engagements got and the credit held" test \
	    "$(q "SELECT coalesce(sum(amount), 0) FROM payments WHERE status = 'paid' AND kind = 'honorarium'")" = \
	    "$(q "SELECT (SELECT coalesce(sum($c_paid), 0) FROM engagements e) +
	    (SELECT coalesce(sum(credit), 0) FROM peers)")"
}

# settle DESC: what the kills left, the tools carry on from: every
# engagement gets paid, every cent logged exactly once, and what the
# batches paid beyond is the peers' credit.
settle() {
	run peer-add --alias after-the-crash
	is_rc 0 "$1: peer-add works after the kills"
	run peer-list --json
	is_rc 0 "$1: peer-list works after the kills"
	thru wc -l
	is_outs "$(q "SELECT count(*) FROM peers")" "$1: peer-list reads every peer"
	run honorarium-pay -q --run --period 2000-01-01..2026-11-23
	is_rc 0 "$1: a payroll run pays what the killed runs and batches left unpaid"
	check "$1: nothing is owed" test \
	    "$(q "SELECT count(*) FROM engagements WHERE status = 'logged' AND amount_paid < amount_due")" = 0
	check "$1: every cent logged is paid exactly once ($want_cents cents)" test \
	    "$(q "SELECT sum(amount_paid) FROM engagements")" = "$want_cents"
	check "$1: the credit is what the batches paid to peers with nothing owed ($credit_cents cents)" test \
	    "$(q "SELECT sum(credit) FROM peers")" = "$credit_cents"
	check "$1: paid out is every cent logged and the credit ($((want_cents + credit_cents)) cents)" test \
	    "$(q "SELECT sum(amount) FROM payments WHERE status = 'paid'")" = "$((want_cents + credit_cents))"
	consistent "$1"
}

per_store=${PK_KILLS_PER_STORE:-25}
store=1
new_store "$store"
i=0 rolled=0 committed=0 finished=0
for k in 0 1 2 3; do eval "kills_$k=0 rolled_$k=0 committed_$k=0 finished_$k=0"; done
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	s=$((seed * 1000 + i))
	if [ "$i" -gt 1 ] && [ $(((i - 1) % per_store)) = 0 ]; then
		settle "store $store"
		store=$((store + 1))
		new_store "$store"
	fi
	kind=$((i % 4))
	case $kind in
	1)	what="peer-add batch $i"
		before=$(q "SELECT count(*) FROM peers")
		peers "k$i-"
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
	3)	what="honorarium-pay batch $i"
		# A day of work, logged to completion, for the batch to pay
		# (a quarter of a batch: the store grows slower).
		cents=$(engagements "$(day "$i")" "$s" $((n / 4)))
		ok_cmd engage-log -q "$tmp/eng.jsonl"
		want_cents=$((want_cents + cents))
		set -- $(payments "$(day "$i")" "$s" "kill$i")
		before=$(q "SELECT count(*) FROM payments")
		kill_during "$dur_bat" "$s" honorarium-pay -q "$tmp/pay.jsonl"
		after=$(q "SELECT count(*) FROM payments")
		[ "$after" = "$before" ] || [ "$after" = $((before + $1)) ]
		t_result $? "$what: all $1 payments or none ($before -> $after)"
		if [ "$after" != "$before" ]; then
			paid_n=$((paid_n + $1)) paid_cents=$((paid_cents + $2))
			credit_cents=$((credit_cents + $3))
		fi
		check "$what: the batches paid exactly the committed ones' ($paid_n payments, $paid_cents cents)" \
		    test "$(q "SELECT count(*), sum(amount) FROM payments WHERE ref IS NOT NULL")" = \
		    "$paid_n|$paid_cents"
		check "$what: the credit is exactly what the committed batches left ($credit_cents cents)" \
		    test "$(q "SELECT sum(credit) FROM peers")" = "$credit_cents"
		;;
	0)	what="honorarium-pay --run $i"
		# A day of unpaid work to pay, logged to completion.
		cents=$(engagements "$(day "$i")" "$s")
		ok_cmd engage-log -q "$tmp/eng.jsonl"
		want_cents=$((want_cents + cents))
		before=$(q "SELECT count(*) FROM payments")
		last=$(q "SELECT coalesce(max(id), 0) FROM payments")
		kill_during "$dur_pay" "$s" honorarium-pay -q --run --period "$(day "$i")"
		after=$(q "SELECT count(*) FROM payments")
		paid=$(q "SELECT count(*) FROM engagements WHERE date = '$(day "$i")' AND amount_paid = amount_due")
		{ [ "$after" = "$before" ] && [ "$paid" = 0 ]; } ||
		    { [ "$after" = $((before + npeers)) ] && [ "$paid" = "$n" ]; }
		t_result $? "$what: every peer paid or none ($before -> $after payments, $paid of $n engagements paid)"
		# What the run paid is what the day's work was due, every cent
		# of it to that day's engagements, or nothing at all.
		if [ "$after" = "$before" ]; then ran=0; else ran=$cents; fi
		check "$what: paid out exactly what the day was due ($ran cents), all to that day" test \
		    "$(q "SELECT coalesce(sum(amount), 0) FROM payments WHERE id > $last;
		    SELECT coalesce(sum(a.amount), 0) FROM allocations a JOIN engagements e
		    ON e.id = a.engagement_id WHERE a.payment_id > $last AND e.date = '$(day "$i")';
		    SELECT coalesce(sum(amount_paid), 0) FROM engagements WHERE date = '$(day "$i")'")" = \
		    "$ran
$ran
$ran"
		;;
	esac
	if [ "$died" = 1 ] && [ "$after" = "$before" ]; then
		rolled=$((rolled + 1))
		eval "rolled_$kind=\$((rolled_$kind + 1))"
	elif [ "$died" = 1 ]; then
		committed=$((committed + 1))
		eval "committed_$kind=\$((committed_$kind + 1))"
	else
		finished=$((finished + 1))
		eval "finished_$kind=\$((finished_$kind + 1))"
	fi
	eval "kills_$kind=\$((kills_$kind + 1))"
	consistent "$what"
done
for k in 1 2 3 0; do
	case $k in
	1) w="peer-add FILE" ;;
	2) w="engage-log FILE" ;;
	3) w="honorarium-pay FILE" ;;
	0) w="honorarium-pay --run" ;;
	esac
	eval "echo \"# $w: \$kills_$k kills: \$rolled_$k rolled back, \$committed_$k killed after commit, \$finished_$k finished first\""
done
echo "# $kills kills, $store stores: $rolled rolled back, $committed killed after commit, $finished finished first"

settle "store $store"
done_testing
