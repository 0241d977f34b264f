#!/bin/sh
# honorarium-pay: every bad input gets a message naming the field or the
# line, a documented exit status, and leaves the store as it was.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss
ok_cmd peer-add --alias Gone
ok_cmd peer-add --deactivate Gone
ok_cmd engage-log --peer Raven --hours 2 --activity meeting --level consult --date 2026-11-02
ok_cmd engage-log --peer Moss --hours 1 --activity shift --level involve --date 2026-11-03
ok_cmd engage-log --peer Raven --hours 1 --activity shift --level involve --date 2026-11-04
ok_cmd engage-log --peer Raven --hours 1 --activity shift --level involve --date 2026-11-05
ok_cmd engage-log --void 4 --reason "logged twice"
ok_cmd honorarium-pay --for 3
ok_cmd honorarium-pay --peer Raven --amount 5.00

batch() {	# batch LINES...: the input file
	printf '%s\n' "$@" >"$tmp/in.jsonl"
}

# Amounts.
bad 65 'field "amount": must be more than 0.00' "a zero amount" \
    honorarium-pay --peer Raven --amount 0.00
# A value of the wrong form on the command line is a usage error (64),
# the same in every mode; in a record it is bad data (65).
bad 64 '^honorarium-pay: --amount: amount "-5.00": a sign is not allowed' "a negative amount" \
    honorarium-pay --peer Raven --amount -5.00
bad 64 '^honorarium-pay: --amount: amount "1.005": more than two decimals' "three decimals" \
    honorarium-pay --peer Raven --amount 1.005
bad 65 'field "amount": 1000.01 is more than 1000.00, the most one payment may be \(payment.max_amount\)' \
    "over the configured maximum" honorarium-pay --peer Raven --amount 1000.01
bad 64 '^honorarium-pay: --amount: amount "25,00": not a number' "a comma" \
    honorarium-pay --peer Raven --amount 25,00
bad 64 '^honorarium-pay: --amount: amount "99999999999999999999": too large' "an overflow" \
    honorarium-pay --peer Raven --amount 99999999999999999999
printf '{"peer": "Raven", "amount": "1.005"}\n' >"$tmp/in.jsonl"
bad 65 'in.jsonl:1: field "amount": amount "1.005": more than two decimals' \
    "three decimals in a record" honorarium-pay "$tmp/in.jsonl"
printf '{"peer": "Raven", "amount": "5.00", "method": "bitcoin"}\n' >"$tmp/in.jsonl"
bad 65 'in.jsonl:1: field "method": "bitcoin" is not a payment method' \
    "an unknown method in a record" honorarium-pay "$tmp/in.jsonl"

# Peers.
bad 65 '^honorarium-pay: no peer "Nobody"$' "an unknown peer" \
    honorarium-pay --peer Nobody --amount 5.00
bad 65 'no peer with id 42' "an unknown peer id" \
    honorarium-pay --peer 42 --amount 5.00
bad 65 'peer Gone \(id 3\) is inactive' "an inactive peer" \
    honorarium-pay --peer Gone --amount 5.00
ok_cmd peer-add --alias Sam
# peer-add refuses an alias that folds like one on record (0031); a
# store from before may hold both: made with the engine's shell.
ok_cmd sql "INSERT INTO peers (uuid, alias, region,
    created_at, updated_at) VALUES ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9eff',
    'sam', NULL, '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
bad 65 '^honorarium-pay: peer "SAM" is ambiguous: id 4 \(no role, region or site; added [0-9-]+\); id 5 \(no role[^)]*\); use an id or uuid' \
    "an ambiguous alias lists the candidates" honorarium-pay --peer SAM --amount 5.00
printf '{"peer_uuid": "%s", "amount": "5.00"}\n' 00000000-0000-4000-8000-000000000000 >"$tmp/in.jsonl"
bad 65 'in.jsonl:1: no peer with uuid 00000000-0000-4000-8000-000000000000' \
    "an unknown peer_uuid" honorarium-pay "$tmp/in.jsonl"

# Method, kind, category, date, ref.
bad 64 '^honorarium-pay: --method: "bitcoin" is not a payment method \(cash, etransfer, cheque, direct-deposit or gift-card\)$' "an unknown method" \
    honorarium-pay --peer Raven --amount 5.00 --method bitcoin
bad 64 '^honorarium-pay: --kind: "salary" is not a kind of payment \(honorarium or reimbursement\)$' "an unknown kind" \
    honorarium-pay --peer Raven --amount 5.00 --kind salary
bad 64 '^honorarium-pay: --category: "rent" is not a category of reimbursement \(transit, childcare, meal or other\)$' "an unknown category" \
    honorarium-pay --peer Raven --amount 5.00 --kind reimbursement --category rent
bad 65 'field "category": required for a reimbursement' "a reimbursement without a category" \
    honorarium-pay --peer Raven --amount 5.00 --kind reimbursement
bad 65 'field "category": only a reimbursement has a category' "a category on an honorarium" \
    honorarium-pay --peer Raven --amount 5.00 --category meal
bad 65 'field "date": 2026-11-24 is after today' "a date after today" \
    honorarium-pay --peer Raven --amount 5.00 --date 2026-11-24
bad 64 '^honorarium-pay: --date: date "2026-02-29": no such date$' "no such date" \
    honorarium-pay --peer Raven --amount 5.00 --date 2026-02-29
bad 65 'field "ref": empty' "an empty ref" \
    honorarium-pay --peer Raven --amount 5.00 --ref ""
bad 65 'field "note": control characters' "control characters in a note" \
    honorarium-pay --peer Raven --amount 5.00 --note "$(printf 'a\033[2Jb')"

# Engagements.
bad 65 'engagement 3 is already paid \(payment 1\)' "an engagement already paid" \
    honorarium-pay --for 3
bad 65 'engagement 4 is void' "a void engagement" \
    honorarium-pay --for 4
bad 65 'engagement 2 is another peer.s \(peer 2, not 1\)' "another peer's engagement" \
    honorarium-pay --peer Raven --for 1 --for 2
bad 65 'no engagement with id 99' "an unknown engagement" \
    honorarium-pay --for 99
bad 65 'field "engagements": engagement 1 is listed twice' "an engagement twice" \
    honorarium-pay --for 1 --for 1
# Engagement 1 (50.00) is part-paid: the 5.00 paid to Raven above went to
# it, Raven's oldest open balance; 45.00 is what is due now.
bad 65 'field "amount": 40.00 is not the 45.00 due for that engagement; give a note' \
    "an amount that is not what is due, without a note" \
    honorarium-pay --for 1 --amount 40.00
bad 65 'field "engagements": a reimbursement settles no engagement' \
    "a reimbursement for an engagement" \
    honorarium-pay --for 1 --amount 5.00 --kind reimbursement --category meal

# A value no option takes is a usage error in every mode: --list and a
# single payment say the same.
bad 64 '^honorarium-pay: --method: "bitcoin" is not a payment method' "a run with an unknown method" \
    honorarium-pay --run --period 2026-11 --method bitcoin

# Voids.
ok_cmd honorarium-pay --void 2 --reason "typo"
bad 65 'payment 2 is already void \(since 2026-11-23T12:00:00Z: typo\)' "voiding twice" \
    honorarium-pay --void 2 --reason "again"
bad 65 'no payment 77' "voiding an unknown payment" \
    honorarium-pay --void 77 --reason "x"
# A value of the wrong form is a usage error, as --for's (64).
bad 64 '--void: "two" is not a payment id or uuid' "voiding by something else" \
    honorarium-pay --void two --reason "x"
bad 64 '--receipt: "two" is not a payment id or uuid' "a receipt of something else" \
    honorarium-pay --receipt two
bad 65 'field "reason": control characters' "a reason with control characters" \
    honorarium-pay --void 1 --reason "$(printf 'a\tb')"
bad 65 'no payment 77' "a receipt for an unknown payment" \
    honorarium-pay --receipt 77

# Batches: the line is named, and nothing of the batch is written.
batch '{"peer": "Raven", "amount": "5.00"}' '{"peer": "Raven", "amount": "5.001"}'
bad 65 'in.jsonl:2: field "amount": amount "5.001": more than two decimals' \
    "a bad amount on line 2" honorarium-pay "$tmp/in.jsonl"
err_has 'nothing written' "the batch says nothing was written"
batch '{"peer": "Raven", "amount": 5.5}'
bad 65 'in.jsonl:1: field "amount": money must be a string like "25.00"' \
    "money as a JSON real" honorarium-pay "$tmp/in.jsonl"
batch '{"peer": "Raven", "amount": "5.00", "tip": "1.00"}'
bad 65 'in.jsonl:1: unknown field "tip"' "an unknown field" honorarium-pay "$tmp/in.jsonl"
batch '{"peer": "Raven", "amount": "5.00"' 
bad 65 'in.jsonl:1: malformed JSON' "malformed JSON" honorarium-pay "$tmp/in.jsonl"
batch '{"peer_id": 1, "alias": "Moss", "amount": "5.00"}'
bad 65 'in.jsonl:1: field "alias": "Moss" is peer 2, not peer 1 \(Raven\) that field "peer_id" names' \
    "an alias that contradicts the peer_id" honorarium-pay "$tmp/in.jsonl"
batch '{"id": 4, "amount_due": "25.00"}'
bad 65 'in.jsonl:1: engagement 4 is void' "a void engagement from a pipe" \
    honorarium-pay "$tmp/in.jsonl"
batch '{"amount_due": "25.00"}'
bad 65 'in.jsonl:1: an engagement record needs its "uuid" or "id"' \
    "an engagement record without an id" honorarium-pay "$tmp/in.jsonl"
batch '{"id": 99, "amount_due": "25.00"}'
bad 65 'in.jsonl:1: no engagement with id 99' "an unknown engagement from a pipe" \
    honorarium-pay "$tmp/in.jsonl"
awk 'BEGIN { for (i = 1; i <= 600; i++)
	printf "{\"peer\": \"Moss\", \"amount\": \"%s\"}\n", i == 500 ? "0" : "1.00" }' >"$tmp/big.jsonl"
bad 65 'big.jsonl:500: field "amount": must be more than 0.00' \
    "a batch whose 500th line is bad" honorarium-pay "$tmp/big.jsonl"
printf '{"peer":"Moss","amount":"1.00"}\n\n' >"$tmp/blank.jsonl"
bad 65 'blank.jsonl:2: blank line' "a blank line" honorarium-pay "$tmp/blank.jsonl"

# --keep-going pays the good records and reports each bad one (to Kit,
# who is owed nothing: the payments settle no engagement).
ok_cmd peer-add --alias Kit
batch '{"peer": "Kit", "amount": "1.00"}' '{"peer": "Kit", "amount": "0"}' \
    '{"peer": "Nobody", "amount": "1.00"}' '{"peer": "Kit", "amount": "2.00"}'
run honorarium-pay --keep-going --json "$tmp/in.jsonl"
is_rc 65 "--keep-going with bad records"
err_has 'in.jsonl:2: field "amount": must be more than 0.00' "reports line 2"
err_has 'in.jsonl:3: no peer "Nobody"' "reports line 3"
err_has 'paid: 2 payments, 3.00 in all, for 0 engagements; 2 rejected' "the summary"
check "prints the two payments" test "$(jq -s -c 'map(.amount)' "$tmp/out")" = '["1.00","2.00"]'

# Usage errors: exit 64, nothing opened.
bad 64 '--amount is required' "no amount" honorarium-pay --peer Raven
bad 64 'say whom to pay' "no peer" honorarium-pay --amount 5.00
bad 64 'give one of --run, --void, --list, --totals, --receipt, --balance, --statement or a FILE' \
    "two modes" honorarium-pay --list --totals
bad 64 '--amount does not go with --list' "an option of another mode" \
    honorarium-pay --list --amount 5.00
bad 64 '--keep-going does not go with a payment' "--keep-going for one payment" \
    honorarium-pay --peer Raven --amount 5.00 --keep-going
bad 64 '--peer does not go with a FILE' "--peer with a FILE" \
    honorarium-pay --peer Raven "$tmp/in.jsonl"
bad 64 '--run needs --period' "--run without a period" honorarium-pay --run
bad 64 '--period: period "2026-13"' "a bad period" \
    honorarium-pay --run --period 2026-13
bad 64 '--void needs --reason' "--void without a reason" honorarium-pay --void 1
bad 64 '--year: year "26"' "a bad year" honorarium-pay --totals --year 26
bad 64 '--for: "x1" is not an engagement id or uuid' "a bad --for" \
    honorarium-pay --for x1
bad 64 '--status: "lost" is not a payment.s status \(paid or void\)' "a bad --status" \
    honorarium-pay --list --status lost
bad 64 '--method: "bitcoin" is not a payment method' "a bad --method filter" \
    honorarium-pay --list --method bitcoin
bad 64 '--format html is for --receipt' "--format html for a list" \
    honorarium-pay --list --format html
bad 64 'a receipt is text' "a receipt as CSV" \
    honorarium-pay --receipt 1 --format csv
bad 64 'unknown format "xml"' "an unknown format" \
    honorarium-pay --list --format xml
bad 64 'unrecognized option' "an unknown option" honorarium-pay --tip 5
bad 64 '--today: date "2026-11-31"' "a bad --today" \
    honorarium-pay --list --today 2026-11-31

# Missing input: 66.
bad 66 'nope.jsonl: No such file' "a missing input file" honorarium-pay "$tmp/nope.jsonl"
bad 66 'no store yet' "a list without a store" \
    honorarium-pay --db "$tmp/none.db" --list
check "which it does not create" test ! -e "$tmp/none.db"

done_testing
