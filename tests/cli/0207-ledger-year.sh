#!/bin/sh
# A year of the ledger, at random: engagements logged, payments made
# (cash on the spot, partial, advances, for a named engagement), payments
# and engagements voided, and a payroll run each month.  Then every
# peer's balance and credit is compared, to the cent, with a computation
# written here apart from the tools: a peer is never both owed and in
# credit, so what they are owed is what their engagements are due less
# what they were paid, and what they hold in credit the other way round.
. "$(dirname "$0")/lib.sh"

# 500 operations, every kind many times over (make stress runs 5000).
# 120 on PostgreSQL, where each command is a connection and four times
# as slow (every kind is still in it: the arithmetic is the ledger's
# own, the same SQL on both engines), and under valgrind, where each
# command takes a second.
if [ "${PK_VALGRIND:-}" = 1 ] || on_pg; then
	ops=${PK_LEDGER_OPS:-120}
else
	ops=${PK_LEDGER_OPS:-500}
fi
peers=8
i=1
while [ "$i" -le "$peers" ]; do
	ok_cmd peer-add --alias "P$i"
	i=$((i + 1))
done

# The plan of the year, drawn once: one operation a line, in date order.
# awk's generator is seeded, so a run repeats itself on one machine.
awk -v n="$ops" -v peers="$peers" 'BEGIN {
	srand(20261123)
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml)
	for (i = 0; i < n; i++) {
		d = 1 + int(i * 326 / n)	# 2026-01-01 .. 2026-11-22
		for (m = 1; d > ml[m]; m++)
			d -= ml[m]
		day = sprintf("2026-%02d-%02d", m, d)
		r = rand()
		p = 1 + int(rand() * peers)
		amount = sprintf("%d.%02d", 5 + int(rand() * 60),
		    int(rand() * 100))
		if (r < 0.50)
			print day, "engage", p, (rand() < 0.05 ? "0.00" : amount)
		else if (r < 0.72)
			print day, "pay", p, amount
		else if (r < 0.82)
			print day, "payfor", p, amount
		else if (r < 0.89)
			print day, "voidpay", p, amount
		else if (r < 0.94)
			print day, "voideng", p, amount
		else
			print day, "advance", p, amount
	}
}' >"$tmp/plan"
check "the plan has $ops operations" test "$(wc -l <"$tmp/plan")" -eq "$ops"

# try CMD: run it, keeping $rc, $tmp/out and $tmp/err; the status of
# every command of the year is asserted at the end, all together (each
# one unexpected is counted and named).
try() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# facts: what the tools were seen to do, for the computation below.
#   E id peer due | P id peer amount rounding | VP id | VE id
# (cash is paid to 0.05: the ledger allocates amount less rounding)
: >"$tmp/facts"
refused=0 month=01
pay_out() {	# the payments a command printed, as facts
	jq -r 'select(.kind == "honorarium") |
	    "P \(.id) \(.peer_id) \(.amount) \(.rounding)"' \
	    "$tmp/out" >>"$tmp/facts"
}
run_month() {	# the payroll run of month $1
	try honorarium-pay --run --period "2026-$1" --date "2026-$1-20" --json
	[ "$rc" = 0 ] || echo "# run 2026-$1: exit $rc" >&2
	[ "$rc" = 0 ] && pay_out
	runs_ok=$((runs_ok + (rc == 0)))
}
runs_ok=0 nruns=0
while read -r d op p amount; do
	m=${d#2026-}
	m=${m%-*}
	if [ "$m" != "$month" ]; then
		run_month "$month"
		nruns=$((nruns + 1))
		month=$m
	fi
	case $op in
	engage)
		if [ "$amount" = 0.00 ]; then
			try engage-log --peer "P$p" --hours 1 --activity meeting \
			    --level consult --date "$d" --no-honorarium --json
		else
			try engage-log --peer "P$p" --hours 1 --activity meeting \
			    --level consult --date "$d" --amount "$amount" --json
		fi
		[ "$rc" = 0 ] && jq -r '"E \(.id) \(.peer_id) \(.amount_due)"' \
		    "$tmp/out" >>"$tmp/facts"
		;;
	pay|advance)
		try honorarium-pay --peer "P$p" --amount "$amount" --date "$d" \
		    --note "$op" --json
		[ "$rc" = 0 ] && pay_out
		;;
	payfor)
		# For the peer's latest engagement that still owes, if any.
		e=$(awk -v p="$p" '$1 == "E" && $3 == p { e = $2 } END { print e }' \
		    "$tmp/facts")
		[ -n "$e" ] || continue
		try honorarium-pay --for "$e" --amount "$amount" --date "$d" \
		    --note "for $e" --json
		[ "$rc" = 0 ] && pay_out
		;;
	voidpay)
		id=$(awk -v p="$p" '$1 == "P" && $3 == p { id = $2 }
		    $1 == "VP" { gone[$2] = 1 }
		    END { if (!(id in gone)) print id }' "$tmp/facts")
		[ -n "$id" ] || continue
		try honorarium-pay --void "$id" --reason "the year's test"
		[ "$rc" = 0 ] && echo "VP $id" >>"$tmp/facts"
		;;
	voideng)
		id=$(awk -v p="$p" '$1 == "E" && $3 == p { id = $2 }
		    $1 == "VE" { gone[$2] = 1 }
		    END { if (!(id in gone)) print id }' "$tmp/facts")
		[ -n "$id" ] || continue
		try engage-log --void "$id" --reason "the year's test"
		[ "$rc" = 0 ] && echo "VE $id" >>"$tmp/facts"
		;;
	esac
	# A payment for an engagement already paid is refused (65) with
	# nothing written; anything else must succeed.
	if [ "$rc" != 0 ]; then
		[ "$rc" = 65 ] && [ "$op" = payfor ] || echo "# $op $p $amount: exit $rc" >&2
		[ "$rc" = 65 ] && [ "$op" = payfor ] || refused=$((refused + 1))
	fi
done <"$tmp/plan"
run_month "$month"
nruns=$((nruns + 1))
check "every operation did what it was asked ($refused did not)" test "$refused" = 0
check "every monthly run succeeded ($runs_ok of $nruns)" test "$runs_ok" = "$nruns"
check "engagements were logged" grep -q '^E ' "$tmp/facts"
check "payments were made" grep -q '^P ' "$tmp/facts"
check "payments were voided" grep -q '^VP ' "$tmp/facts"
check "engagements were voided" grep -q '^VE ' "$tmp/facts"

# The computation, from the facts alone: per peer, D the amounts due of
# the engagements not voided, P the payments not voided.
awk '
function cents(s) { sub(/\./, "", s); return s + 0 }
function money(c) { return sprintf("%d.%02d", c / 100, c % 100) }
$1 == "E" { due[$2] = cents($4); peer_e[$2] = $3 }
$1 == "P" { paid[$2] = cents($4) - cents($5); peer_p[$2] = $3 }
$1 == "VE" { delete due[$2] }
$1 == "VP" { delete paid[$2] }
END {
	for (e in due) D[peer_e[e]] += due[e]
	for (q in paid) P[peer_p[q]] += paid[q]
	for (p = 1; p <= '"$peers"'; p++) {
		owed = D[p] > P[p] ? D[p] - P[p] : 0
		credit = P[p] > D[p] ? P[p] - D[p] : 0
		print p, money(D[p] + 0), money(D[p] - owed), money(owed), money(credit)
	}
}' "$tmp/facts" | sort -n >"$tmp/want"

run honorarium-pay --balance --json
is_rc 0 "every peer's balance"
jq -r '"\(.peer_id) \(.due) \(.paid) \(.owed) \(.credit)"' "$tmp/out" |
    sort -n >"$tmp/got"
# Peers with nothing due and no credit are not listed: the computation
# lists them with zeros.
awk '$2 != "0.00" || $5 != "0.00"' "$tmp/want" >"$tmp/want.listed"
run diff -u "$tmp/want.listed" "$tmp/got"
is_rc 0 "due, paid, owed and credit of every peer, to the cent"
sed 's/^/#   /' "$tmp/out" | head -n 20

# And the engagements themselves: none paid more than it is due, what
# they were paid adds up to the peers' paid, and a status says it.
run engage-log --list --json
is_rc 0 "every engagement"
check "no engagement is paid more than it is due, or less than nothing" \
    jq -se 'all(.[]; (.amount_paid | tonumber) >= 0 and
        ((.amount_paid | tonumber) <= (.amount_due | tonumber)))' "$tmp/out"
check "each status agrees with what was paid" \
    jq -se 'all(.[]; .status == (if .status == "void" then "void"
        elif .amount_due == "0.00" then "no-honorarium"
        elif .amount_paid == .amount_due then "paid"
        elif .amount_paid != "0.00" then "part-paid" else "unpaid" end))' "$tmp/out"
check "a void engagement holds nothing" \
    jq -se 'all(.[] | select(.status == "void"); .amount_paid == "0.00")' "$tmp/out"
jq -s 'map(select(.status != "void")) | group_by(.peer_id) |
    map("\(.[0].peer_id) \(map(.amount_paid | sub("\\.";"") | tonumber) | add)") | .[]' \
    -r "$tmp/out" | sort -n >"$tmp/paid.by.engagements"
awk '{ c = $3; sub(/\./, "", c); print $1, c + 0 }' "$tmp/want" |
    awk '$2 != 0' >"$tmp/paid.want"
run diff -u "$tmp/paid.want" "$tmp/paid.by.engagements"
is_rc 0 "what the engagements were paid adds up to each peer's paid"
# The journal adds up to what it keeps beside it: each engagement's
# amount paid, each peer's credit.
run sql "SELECT count(*) FROM engagements e WHERE amount_paid -
    paid_elsewhere <> (SELECT coalesce(sum(amount), 0) FROM allocations a
    WHERE a.engagement_id = e.id); SELECT count(*) FROM peers pe WHERE
    credit <> (SELECT coalesce(sum(a.amount), 0) FROM allocations a JOIN
    payments p ON p.id = a.payment_id WHERE a.engagement_id IS NULL AND
    p.peer_id = pe.id)"
is_rc 0 "the journal"
is_outs "0
0" "every amount paid and credit is the sum of its allocations"
# PostgreSQL checks every reference as it is written; SQLite's file is
# checked here.
if ! on_pg; then
	run sqlite3 "$PEERKIT_DB" "PRAGMA integrity_check; PRAGMA foreign_key_check"
	is_rc 0 "the store is whole"
	is_outs ok "integrity_check: ok, and no dangling reference"
fi
done_testing
