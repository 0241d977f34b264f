#!/bin/sh
# honorarium-pay: warnings (gift card, T4A threshold, benefit limits) on
# stderr and in the record; --strict refuses a limit warning, exit 1,
# nothing written, in a payment, a batch and a payroll run.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOF'
benefit_programs:
  - name: income-assistance
    monthly_limit: "100.00"
  - name: disability
    annual_limit: "400.00"
  - name: disability
    year: 2025
    annual_limit: "4000.00"
# Limits to the cent: paid by e-transfer, since cash is paid to 0.05
# (0215).
payment:
  default_method: etransfer
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss --benefit-program income-assistance
ok_cmd peer-add --alias Kestrel --benefit-program disability --surname Smith \
    --sin "130 692 544" --address-line1 "12 Lake Rd" --city Kelowna \
    --province BC --postal-code "V1Y 1A1"

run honorarium-pay --peer Raven --amount 20.00 --method gift-card --json
is_rc 0 "a gift card is paid"
err_has '^honorarium-pay: warning: Raven: gift card: not adequate compensation; cash or a transfer is better$' \
    "with a warning on stderr"
check "and in the record" test "$(jq -c .warnings "$tmp/out")" = \
    '["gift card: not adequate compensation; cash or a transfer is better"]'
check "stored with it" test "$(sql "select warnings from payments where id = 1")" = \
    '["gift card: not adequate compensation; cash or a transfer is better"]'
run honorarium-pay --peer Raven --amount 1.00 --method gift-card --strict
is_rc 0 "--strict: a gift card stays a warning"

# T4A: the payment that takes the year over 500.00 warns while the slip
# would lack the legal surname, SIN or address.
run honorarium-pay --peer Raven --amount 479.00
is_rc 0 "to 500.00 exactly"
check "no warning at the threshold" test ! -s "$tmp/err"
run honorarium-pay --peer Raven --amount 0.01 --strict --json
is_rc 0 "0.01 more, even under --strict"
err_has 'warning: Raven: T4A: the taxable total for 2026 becomes 500.01, over the 500.00 threshold; missing for the slip: legal surname, SIN, address' \
    "crossing the threshold warns, naming what is missing"
run honorarium-pay --peer Raven --amount 5.00
is_rc 0 "Raven is paid 5.00"
check "only the crossing warns" test ! -s "$tmp/err"
run honorarium-pay --peer Raven --amount 600.00 --kind reimbursement --category childcare
is_rc 0 "Raven is paid 600.00 --kind reimbursement --category childcare"
check "a reimbursement is not income" test ! -s "$tmp/err"

# A monthly limit of 100.00; earnings count in the month received.
ok_cmd honorarium-pay --peer Moss --amount 90.00 --date 2026-10-31
run honorarium-pay --peer Moss --amount 60.00 --date 2026-11-01
is_rc 0 "Moss is paid 60.00 --date 2026-11-01"
check "a new month starts at zero" test ! -s "$tmp/err"
bad 1 'Moss: refused under --strict: benefit limit: earnings for 2026-11 become 100.01, over the 100.00 monthly limit of income-assistance' \
    "--strict refuses going over the monthly limit" \
    honorarium-pay --peer Moss --amount 40.01 --strict
err_has 'nothing written' "says nothing was written"
run honorarium-pay --peer Moss --amount 40.01
is_rc 0 "without --strict it is paid"
err_has 'warning: Moss: benefit limit: earnings for 2026-11 become 100.01, over the 100.00 monthly limit of income-assistance' \
    "with the warning"

# An annual limit of 400.00: reaching 300.00 warns once; over 400.00
# always.
run honorarium-pay --peer Kestrel --amount 299.99 --date 2026-02-01
is_rc 0 "Kestrel is paid 299.99 --date 2026-02-01"
check "a cent short of 75%: no warning" test ! -s "$tmp/err"
bad 1 'Kestrel: refused under --strict: benefit limit: earnings for 2026 become 300.00, reaching 75% of the 400.00 annual limit of disability' \
    "--strict refuses reaching 75%" honorarium-pay --peer Kestrel --amount 0.01 --strict
run honorarium-pay --peer Kestrel --amount 0.01
is_rc 0 "Kestrel is paid 0.01"
err_has 'Kestrel: benefit limit: earnings for 2026 become 300.00, reaching 75% of the 400.00 annual limit' \
    "75% exactly warns"
run honorarium-pay --peer Kestrel --amount 100.00
is_rc 0 "Kestrel is paid 100.00"
check "past 75% up to the limit: quiet" test ! -s "$tmp/err"
run honorarium-pay --peer Kestrel --amount 0.01
is_rc 0 "Kestrel is paid 0.01"
err_has 'Kestrel: benefit limit: earnings for 2026 become 400.01, over the 400.00 annual limit of disability' \
    "over the limit warns"
lacks "not T4A: Kestrel's slip has what it needs" T4A "$tmp/err"
run honorarium-pay --peer Kestrel --amount 500.00 --date 2025-06-01
is_rc 0 "Kestrel is paid 500.00 --date 2025-06-01"
check "2025 has its own, larger limit" test ! -s "$tmp/err"

# --strict in a batch: the first refusal ends it and nothing is written;
# a dry run reports every refusal; --keep-going pays the rest.
printf '%s\n' '{"peer": "Raven", "amount": "1.00"}' \
    '{"peer": "Moss", "amount": "5.00"}' '{"peer": "Kestrel", "amount": "5.00"}' >"$tmp/in.jsonl"
bad 1 'in.jsonl:2: Moss: refused under --strict' "a batch under --strict" \
    honorarium-pay --strict "$tmp/in.jsonl"
lacks "stops at the first refusal" 'Kestrel: refused' "$tmp/err"
err_has '^honorarium-pay: nothing written$' "and says nothing was written"
check "prints nothing" test ! -s "$tmp/out"
bad 1 'in.jsonl:2: Moss: refused under --strict' "a dry run under --strict" \
    honorarium-pay --strict --dry-run --json "$tmp/in.jsonl"
err_has 'in.jsonl:3: Kestrel: refused under --strict' "reports every refusal"
err_has '^honorarium-pay: dry run, nothing written: would make 1 payment, 1.00 in all, for 0 engagements; 2 refused \(--strict\)$' \
    "and what a --keep-going run would pay"
run honorarium-pay --strict --keep-going --json "$tmp/in.jsonl"
is_rc 1 "--keep-going pays the rest, exit 1"
check "Raven is paid" test "$(jq -s -c 'map(.alias)' "$tmp/out")" = '["Raven"]'
err_has 'paid: 1 payment, 1.00 in all, for 0 engagements; 2 refused \(--strict\)' "the summary"

# --strict in a payroll run: one transaction, all or nothing.  Raven and
# Moss, paid ahead above, are in credit, which pays their next engagements
# at once; the run is for Wren and Sky, who are owed.  Sky has earned
# 100.00 in November: a payment naming no engagement pays the oldest.
ok_cmd peer-add --alias Wren
ok_cmd peer-add --alias Sky --benefit-program income-assistance
ok_cmd engage-log --peer Sky --hours 4 --activity shift --level involve --date 2026-11-02
run honorarium-pay --peer Sky --amount 100.00 --date 2026-11-02 --strict --json
is_rc 0 "Sky is paid 100.00, the monthly limit exactly"
check "which pays Sky's engagement" test "$(jq -c '[.engagements, .credit]' "$tmp/out")" = '[[1],"0.00"]'
ok_cmd engage-log --peer Wren --peer Sky --hours 1 --activity shift --level involve --date 2026-11-20
bad 1 'peer Sky|Sky: refused under --strict: benefit limit: earnings for 2026-11 become 125.00, over the 100.00 monthly limit of income-assistance' \
    "a run under --strict" honorarium-pay --run --period this-month --strict
err_has 'nothing written' "nothing written"
run honorarium-pay --run --period this-month --dry-run
is_rc 0 "the same run without --strict"
err_has 'warning: Sky: benefit limit' "warns"
err_has 'would make 2 payments, 50.00 in all, for 2 engagements; 1 warning' "the summary counts it"

done_testing
