#!/bin/sh
# honorarium-pay: a batch keeps each peer's running totals (T4A
# threshold, benefit limits) as it pays, and a dry run of a payroll run
# computes its payments without writing them: both must say exactly what
# paying one at a time says, warnings included.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOF'
benefit_programs:
  - name: income-assistance
    monthly_limit: "100.00"
  - name: disability
    annual_limit: "400.00"
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
peers() {
	ok_cmd peer-add --alias Raven
	ok_cmd peer-add --alias Moss --benefit-program income-assistance
	ok_cmd peer-add --alias Kestrel --benefit-program disability
	ok_cmd peer-add --alias Sage --surname Lee --sin "130 692 544" \
	    --address-line1 "1 Main St" --city Kelowna --province BC \
	    --postal-code "V1Y 1A1"
}
new_store one one
new_store batch batch
PEERKIT_DB=$one peers
PEERKIT_DB=$one ok_cmd -o "$tmp/peers.jsonl" peer-list --json --reveal-sin
PEERKIT_DB=$batch ok_cmd peer-add -q - <"$tmp/peers.jsonl"
kestrel=$(jq -r 'select(.alias == "Kestrel") | .uuid' "$tmp/peers.jsonl")
check "Kestrel's uuid" test -n "$kestrel"
# The work the payments below pay for, oldest first (no payment names its
# engagements): a little more than is paid, so no peer is left in credit
# and each peer's last one is part-paid, or (Sage's) paid exactly.
cat >"$tmp/work.jsonl" <<'EOF'
{"peer": "Raven", "date": "2025-12-01", "hours": "8", "activity": "shift", "level": "involve", "amount_due": "600.00"}
{"peer": "Raven", "date": "2026-01-02", "hours": "8", "activity": "shift", "level": "involve", "amount_due": "500.00"}
{"peer": "Moss", "date": "2026-01-02", "hours": "8", "activity": "shift", "level": "involve", "amount_due": "250.00"}
{"peer": "Kestrel", "date": "2026-01-02", "hours": "8", "activity": "shift", "level": "involve", "amount_due": "450.00"}
{"peer": "Sage", "date": "2026-01-02", "hours": "8", "activity": "shift", "level": "involve", "amount_due": "600.00"}
EOF
PEERKIT_DB=$one ok_cmd engage-log "$tmp/work.jsonl"
PEERKIT_DB=$one ok_cmd -o "$tmp/work-export.jsonl" engage-log --list --json
PEERKIT_DB=$batch ok_cmd engage-log "$tmp/work-export.jsonl"

# Each peer named three ways (alias, id, uuid), paid across months and
# years, over the limits and the T4A threshold within the batch.
cat >"$tmp/in.jsonl" <<EOF
{"peer": "Raven", "date": "2026-01-05", "amount": "300.00", "ref": "r1"}
{"peer": "Moss", "date": "2026-01-06", "amount": "60.00", "ref": "r2"}
{"peer": "moss", "date": "2026-01-20", "amount": "50.00", "ref": "r3"}
{"peer": "1", "date": "2026-02-01", "amount": "150.00", "ref": "r4"}
{"peer_uuid": "$kestrel", "date": "2026-02-02", "amount": "250.00", "ref": "r5"}
{"peer": "Kestrel", "date": "2026-03-02", "amount": "60.00", "ref": "r6"}
{"peer_id": 3, "date": "2026-03-03", "amount": "100.00", "ref": "r7"}
{"peer": "Raven", "date": "2025-12-30", "amount": "490.00", "ref": "r8"}
{"peer": "Raven", "date": "2026-03-04", "amount": "60.00", "ref": "r9"}
{"peer": "Sage", "date": "2026-03-04", "amount": "600.00", "ref": "r10"}
{"peer": "Moss", "date": "2026-02-10", "amount": "120.00", "ref": "r11"}
{"peer": "Moss", "date": "2026-02-11", "amount": "5.00", "kind": "reimbursement", "category": "meal", "ref": "r12"}
{"peer": "2", "date": "2026-02-12", "amount": "1.00", "method": "gift-card", "ref": "r13"}
EOF

# One at a time: each payment's totals come from the store.
: >"$tmp/one.err"
n1=0
while read -r line; do
	n1=$((n1 + 1))
	printf '%s\n' "$line" >"$tmp/line.jsonl"
	PEERKIT_DB=$one run honorarium-pay - <"$tmp/line.jsonl"
	is_rc 0 "one at a time: payment $n1"
	sed -n 's/^honorarium-pay: <stdin>:1: warning: /warning: /p' "$tmp/err" \
	    >>"$tmp/one.err"
done <"$tmp/in.jsonl"
check "one at a time: all 13 payments" test "$n1" = 13
check "one at a time, the warnings" test -s "$tmp/one.err"

PEERKIT_DB=$batch run honorarium-pay "$tmp/in.jsonl"
is_rc 0 "the same payments as one batch"
sed -n 's/^honorarium-pay: .*in.jsonl:[0-9]*: warning: /warning: /p' "$tmp/err" \
    >"$tmp/batch.err"
check "the batch raises the same warnings, in the same order" \
    diff -u "$tmp/one.err" "$tmp/batch.err"
check "a limit crossed within the batch" grep -qx 'warning: Moss: benefit limit: earnings for 2026-01 become 110.00, over the 100.00 monthly limit of income-assistance' "$tmp/batch.err"
check "the T4A threshold crossed within the batch" grep -qx 'warning: Raven: T4A: the taxable total for 2026 becomes 510.00, over the 500.00 threshold; missing for the slip: legal surname, SIN, address' "$tmp/batch.err"
check "the annual limit, 75% then over, within the batch" test \
    "$(grep -c 'Kestrel: benefit limit: earnings for 2026 become' "$tmp/batch.err")" = 2
check "no T4A warning for a peer whose slip lacks nothing" \
    test "$(grep -c 'Sage' "$tmp/batch.err")" = 0
norm='del(.id, .uuid, .created_at, .updated_at)'
PEERKIT_DB=$one ok_cmd -o "$tmp/one.raw" honorarium-pay --list --json
ok_cmd -o "$tmp/one.jsonl" jq -c "$norm" "$tmp/one.raw"
PEERKIT_DB=$batch run honorarium-pay --list --json
is_rc 0 "the batch's payments listed"
jq -c "$norm" "$tmp/out" >"$tmp/batch.jsonl"
check "the same payments stored, warnings, allocations and all" \
    diff -u "$tmp/one.jsonl" "$tmp/batch.jsonl"
run jq -c -s 'map(.allocations | length) | add' "$tmp/batch.jsonl"
is_rc 0 "the batch's allocations counted"
is_outs 13 "every honorarium paid some engagement; Raven's 490.00 two"
PEERKIT_DB=$batch run honorarium-pay --balance --json
is_rc 0 "the balances after the batch"
thru jq -c 'del(.peer_id, .peer_uuid)'
is_outs '{"alias":"Raven","due":"1100.00","paid":"1000.00","owed":"100.00","credit":"0.00"}
{"alias":"Moss","due":"250.00","paid":"231.00","owed":"19.00","credit":"0.00"}
{"alias":"Kestrel","due":"450.00","paid":"410.00","owed":"40.00","credit":"0.00"}
{"alias":"Sage","due":"600.00","paid":"600.00","owed":"0.00","credit":"0.00"}' \
    "the batch paid the oldest balances first, and left no credit"
PEERKIT_DB=$one run honorarium-pay --balance --json
is_rc 0 "the balances after one at a time"
thru jq -c 'del(.peer_id, .peer_uuid)'
is_out "$tmp/want" "one at a time, the same"

# A payroll run: the dry run (which writes nothing) and the run itself.
for db in "$one" "$batch"; do
	PEERKIT_DB=$db ok_cmd engage-log --peer Raven --peer Moss --peer Kestrel \
	    --peer Sage --hours 4 --activity meeting --level consult \
	    --date 2026-03-10
	PEERKIT_DB=$db ok_cmd engage-log --peer Moss --hours 1 --activity meeting \
	    --level consult --date 2026-03-11
done
export PEERKIT_DB="$batch"
snap
run honorarium-pay --run --period 2026-03 --date 2026-03-15 --dry-run --json
is_rc 0 "a dry run of March"
jq -c 'del(.uuid)' "$tmp/out" >"$tmp/dry.jsonl"
cp "$tmp/err" "$tmp/dry.err"
unchanged "a dry run"
run honorarium-pay --run --period 2026-03 --date 2026-03-15 --json
is_rc 0 "the run"
jq -c 'del(.uuid)' "$tmp/out" >"$tmp/run.jsonl"
check "the run pays what the dry run showed, ids, warnings and all" \
    diff -u "$tmp/dry.jsonl" "$tmp/run.jsonl"
check "four payments, one per peer" test "$(wc -l <"$tmp/run.jsonl")" = 4
sed 's/dry run, nothing written: would make/paid:/' "$tmp/dry.err" >"$tmp/want"
check "and says what the dry run said" diff -u "$tmp/want" "$tmp/err"
check "with the warnings of a limit and a threshold" \
    grep -q 'warning: Moss: benefit limit: earnings for 2026-03 become 125.00' "$tmp/err"
check "each engagement audited once" test "$(sql \
    "select after from audit where kind = 'engagement' and action = 'allocate'" |
    jq -s 'map(select(.payment_id > 13)) | length')" = 5
run honorarium-pay --run --period 2026-03 --dry-run
is_rc 0 "a dry run with nothing left"
err_has 'nothing to pay in 2026-03-01..2026-03-31: no unpaid engagement of an active peer' \
    "says so"

# A thousand payments in one batch (one process): the running totals of
# ten peers over a year add up to what the store holds.
new_store big big
export PEERKIT_DB="$big"
for p in 1 2 3 4 5 6 7 8 9 10; do
	ok_cmd peer-add --alias "Peer $p"
done
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "{\"peer\": \"Peer %d\", \"date\": \"2026-%02d-%02d\", \"amount\": \"%d.%02d\", \"ref\": \"b%d\"}\n", i % 10 + 1, i % 7 + 1, i % 28 + 1, i % 90 + 10, i % 100, i }' \
    >"$tmp/big.jsonl"
run honorarium-pay "$tmp/big.jsonl"
is_rc 0 "a thousand payments"
err_has 'paid: 1000 payments, 54595.00 in all, for 0 engagements; 10 warnings' \
    "the total, and one T4A warning per peer"
run honorarium-pay --totals --year 2026 --json
is_rc 0 "the totals"
check "the totals add up" test "$(jq -s -r 'map(.taxable | tonumber) | add' "$tmp/out")" = 54595

done_testing
