#!/bin/sh
# honorarium-pay: Canadian cash rounding.  No cent coin since 2013: a
# cash payment is rounded to 0.05 as the Government of Canada's rule
# says (1, 2 cents down to 0; 3, 4 up to 5; 6, 7 down to 5; 8, 9 up to
# 10), the amount handed over is the payment and its rounding is
# recorded, so the engagement is settled, the T4A counts what was
# received and nothing is left owing or in credit; --strict refuses
# instead; other methods are paid to the cent.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Sky
ok_cmd peer-add --alias Moss --payment-method etransfer
ok_cmd peer-add --alias Kestrel
log() { ok_cmd engage-log --activity event --hours 1 --level inform "$@"; }
log --peer Raven --amount 12.53 --date 2026-11-02		# 1
log --peer Sky --amount 12.52 --date 2026-11-02			# 2
log --peer Moss --amount 12.53 --date 2026-11-02		# 3
log --peer Kestrel --amount 37.50 --date 2026-11-02		# 4
log --peer Kestrel --amount 100.00 --date 2026-11-03		# 5

# The rule, ending by ending: 12.50 .. 12.60.
i=0
for want in 12.50 12.50 12.50 12.55 12.55 12.55 12.55 12.55 12.60 12.60 \
	12.60; do
	amount=$(printf '12.%02d' $((50 + i)))
	run honorarium-pay --peer Raven --amount "$amount" --dry-run --json
	is_rc 0 "a dry run of $amount in cash"
	check "$amount in cash is paid as $want" test \
	    "$(jq -r .amount "$tmp/out")" = "$want"
	i=$((i + 1))
done

# --strict refuses an amount cash cannot pay, and writes nothing.
bad_quiet 1 '^honorarium-pay: Raven: refused under --strict: 12\.53 in cash is not a multiple of 0\.05 \(no cent coin since 2013\); it would be paid as 12\.55$' \
    "--strict refuses 12.53 in cash" \
    honorarium-pay --for 1 --strict
bad_quiet 1 'refused under --strict: 12\.53 in cash' \
    "--strict refuses it in a payroll run" \
    honorarium-pay --run --period 2026-11 --peer Raven --strict
run honorarium-pay --peer Raven --amount 12.55 --strict --dry-run
is_rc 0 "--strict pays a multiple of 0.05 in cash"
run honorarium-pay --peer Moss --amount 12.53 --strict --dry-run
is_rc 0 "--strict pays 12.53 by e-transfer"
bad_quiet 65 '^honorarium-pay: field "amount": 0\.02 in cash rounds to 0\.00 \(no cent coin since 2013\); pay it by another method$' \
    "0.02 in cash rounds to nothing" \
    honorarium-pay --peer Raven --amount 0.02 --note "the rest"

# 12.53 for engagement 1, in cash: 12.55 handed over, 0.02 of rounding,
# and the engagement paid in full, no credit.
run honorarium-pay --for 1 --json
is_rc 0 "pay engagement 1 (12.53) in cash"
check "recorded as 12.55 with its rounding, allocated 12.53, no credit" \
    test "$(jq -c '[.amount, .rounding, [.allocations[].amount], .credit]' \
    "$tmp/out")" = '["12.55","0.02",["12.53"],"0.00"]'
# Its id as the store gave it: PostgreSQL's sequence does not give back
# the ids of the dry runs' rolled back payments, as SQLite does.
rounded=$(jq .id "$tmp/out")
check "stored so" test "$(sql \
    "select amount || ' ' || rounding from payments where id = $rounded")" = \
    "1255 2"
# 12.52 for engagement 2: 12.50 handed over, the engagement paid.
run honorarium-pay --for 2 --json
is_rc 0 "pay engagement 2 (12.52) in cash"
check "recorded as 12.50 with its rounding, allocated 12.52" \
    test "$(jq -c '[.amount, .rounding, [.allocations[].amount], .credit]' \
    "$tmp/out")" = '["12.50","-0.02",["12.52"],"0.00"]'
# By e-transfer, to the cent.
run honorarium-pay --for 3 --json
is_rc 0 "pay engagement 3 (12.53) by e-transfer"
check "e-transfer is not rounded" test "$(jq -c '[.amount, .rounding]' \
    "$tmp/out")" = '["12.53","0.00"]'
run honorarium-pay --receipt "$rounded"
is_rc 0 "the receipt of the rounded payment"
check "it shows the amount handed over" grep -q '^Amount          \$12\.55$' \
    "$tmp/out"
check "and the rounding" grep -q \
    '^Cash rounding   +0\.02 on 12\.53 owed (no cent coin)$' "$tmp/out"

# The ledger: every engagement paid, nothing owed, no credit.
run honorarium-pay --balance --json
is_rc 0 "the balances"
check "nothing owed, no credit, paid what was due" test "$(jq -s -c \
    'map([.alias, .due, .paid, .owed, .credit])' "$tmp/out")" = \
    '[["Raven","12.53","12.53","0.00","0.00"],["Sky","12.52","12.52","0.00","0.00"],["Moss","12.53","12.53","0.00","0.00"],["Kestrel","137.50","0.00","137.50","0.00"]]'

# The payroll: Kestrel's 137.50 is a multiple of 0.05; run it, then
# again: nothing is paid twice, the rounded ones included.
run honorarium-pay --run --period 2026-11 --json
is_rc 0 "the run"
check "pays Kestrel alone" test "$(jq -s -c 'map([.alias, .amount, .rounding])' \
    "$tmp/out")" = '[["Kestrel","137.50","0.00"]]'
snap
run honorarium-pay --run --period 2026-11
is_rc 0 "the run again"
check "pays nothing" test ! -s "$tmp/out"
err_has 'nothing to pay in 2026-11-01\.\.2026-11-30' "and says so"
unchanged "the second run"
run honorarium-pay --for 1
is_rc 65 "the rounded engagement is paid"
err_has "engagement 1 is already paid \\(payment $rounded\\)" "by payment $rounded"

# A run that rounds: two engagements of Sky, 10.01 + 10.01.
log --peer Sky --amount 10.01 --date 2026-11-10			# 6
log --peer Sky --amount 10.01 --date 2026-11-11			# 7
run honorarium-pay --run --period 2026-11 --json
is_rc 0 "a run with a sum to round"
check "20.02 is paid as 20.00 with -0.02, both engagements paid" test \
    "$(jq -c '[.amount, .rounding, [.allocations[].amount], .credit]' \
    "$tmp/out")" = '["20.00","-0.02",["10.01","10.01"],"0.00"]'
check "both settled" test "$(sql \
    "select amount_due - amount_paid from engagements where id in (6, 7) order by id" | paste -sd , -)" = "0,0"

# A batch: a record in cash is rounded; a retry of the same ref is the
# same payment (what was owed is compared), nothing paid twice.
printf '%s\n' '{"peer":"Raven","amount":"7.77","ref":"r-1"}' \
    '{"peer":"Moss","amount":"7.77","ref":"r-2"}' >"$tmp/batch.jsonl"
run honorarium-pay --json "$tmp/batch.jsonl"
is_rc 0 "a batch"
check "cash rounded, e-transfer not" test "$(jq -s -c \
    'map([.alias, .amount, .rounding, .credit])' "$tmp/out")" = \
    '[["Raven","7.75","-0.02","7.77"],["Moss","7.77","0.00","7.77"]]'
snap
run honorarium-pay "$tmp/batch.jsonl"
is_rc 0 "the batch again"
err_has 'ref r-1: already paid as payment [0-9]+ \(2026-11-23, 7\.75 to Raven\); nothing to do' \
    "the rounded payment is a duplicate"
unchanged "the batch again"
bad_quiet 65 'field "rounding": made when a cash payment is paid, not given' \
    "a request cannot give its rounding" \
    honorarium-pay --json - <<'EOF'
{"peer":"Raven","amount":"7.75","rounding":"0.02"}
EOF

# The totals and the T4A count what was handed over, to the cent.
run honorarium-pay --totals --json
is_rc 0 "the totals"
check "taxable: what each received" test "$(jq -s -c 'map([.alias, .taxable])' \
    "$tmp/out")" = \
    '[["Raven","20.30"],["Sky","32.50"],["Moss","20.30"],["Kestrel","137.50"]]'
check "the payments add up to the totals (210.60), their rounding to -0.04" \
    test "$(sql \
    "select sum(amount) || ' ' || sum(rounding) from payments where kind = 'honorarium'")" = \
    "21060 -4"
slip() {
	printf '130 692 544\n' | peer-add --update Kestrel --surname Hill \
	    --sin - --address-line1 "1 Main St" --city Victoria --province BC \
	    --postal-code "V8W 1A1"
}
ok_cmd slip
ok_cmd honorarium-pay --peer Kestrel --amount 400.03 --date 2026-11-20
run t4a-report --year 2026 --json
is_rc 0 "the T4A report"
check "Kestrel's slip: 137.50 + 400.05, to the cent" test "$(jq -s -c \
    'map(select(.alias == "Kestrel") | .total)' "$tmp/out")" = '["537.55"]'

# Voiding the rounded payment: the engagement owes its 12.53 again, of
# which Raven's 7.77 of credit pays 7.77.
run honorarium-pay --void "$rounded" --reason "paid twice by mistake"
is_rc 0 "void the rounded payment"
err_has 'Raven is owed 4\.76 in all, with 0\.00 in credit$' \
    "12.53 is owed again, not 12.55, less the credit"

# Another store takes the rounded payment as it was made.
ok_cmd -o "$tmp/peers.jsonl" peer-list --json
ok_cmd -o "$tmp/eng.jsonl" engage-log --list --json
ok_cmd -o "$tmp/pay.jsonl" honorarium-pay --list --json
new_store b b
export PEERKIT_DB="$b"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
ok_cmd engage-log -q "$tmp/eng.jsonl"
run honorarium-pay -q "$tmp/pay.jsonl"
is_rc 0 "B takes A's payments"
run honorarium-pay --list --json
is_rc 0 "B's payments"
check "the same amounts and rounding" test \
    "$(jq -s -c 'map([.uuid, .amount, .rounding, .allocations])' "$tmp/out")" = \
    "$(jq -s -c 'map([.uuid, .amount, .rounding, .allocations])' "$tmp/pay.jsonl")"
run honorarium-pay --balance --json
is_rc 0 "B's balances"
check "Sky owes nothing in B either" test "$(jq -c 'select(.alias == "Sky") | .owed' \
    "$tmp/out")" = '"0.00"'

done_testing
