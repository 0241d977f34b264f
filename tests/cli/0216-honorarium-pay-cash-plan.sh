#!/bin/sh
# honorarium-pay --cash-plan: for each cash payment, the notes and coins
# to put in its envelope (no note larger than cash.largest_note), and
# what to withdraw; they add up exactly to the amounts handed over, the
# rounded ones included.  A dry run writes nothing.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Sky
ok_cmd peer-add --alias Kestrel
ok_cmd peer-add --alias Moss --payment-method etransfer
log() { ok_cmd engage-log --activity event --hours 1 --level inform "$@"; }
log --peer Raven --amount 37.50 --date 2026-11-02
log --peer Sky --amount 12.53 --date 2026-11-02
log --peer Kestrel --amount 100.00 --date 2026-11-02
log --peer Moss --amount 12.53 --date 2026-11-02

# cents: a money string as integer cents, in jq.
cents='def cents: sub("\\."; "") | tonumber;'

snap
run honorarium-pay --run --period 2026-11 --dry-run --cash-plan --json
is_rc 0 "a dry run's cash plan"
unchanged "a dry run's cash plan"
check "an envelope per cash payment, then what to withdraw" test \
    "$(jq -s -c 'map([.record, .alias, .owed, .rounding, .amount])' \
    "$tmp/out")" = \
    '[["envelope","Raven","37.50","0.00","37.50"],["envelope","Sky","12.53","0.02","12.55"],["envelope","Kestrel","100.00","0.00","100.00"],["withdraw",null,"150.03","0.02","150.05"]]'
check "each envelope's notes and coins add up to its amount, exactly" \
    jq -e -s "$cents"' all(.[]; ([.envelope[] | (.denomination | cents) * .count] | add) == (.amount | cents))' \
    "$tmp/out"
check "the withdrawal is the envelopes' pieces added up" \
    jq -e -s '(map(select(.record == "envelope") | .envelope[]) | group_by(.denomination) | map({denomination: .[0].denomination, count: (map(.count) | add)}) | sort_by(.denomination)) == (.[-1].envelope | sort_by(.denomination))' \
    "$tmp/out"
check "37.50: one 20, one 10, one 5, one 2, two quarters" test \
    "$(jq -c 'select(.alias == "Raven") | .envelope' "$tmp/out")" = \
    '[{"denomination":"20.00","count":1},{"denomination":"10.00","count":1},{"denomination":"5.00","count":1},{"denomination":"2.00","count":1},{"denomination":"0.25","count":2}]'
check "12.53 is 12.55: a 10, a 2, two quarters and a nickel" test \
    "$(jq -c 'select(.alias == "Sky") | .envelope' "$tmp/out")" = \
    '[{"denomination":"10.00","count":1},{"denomination":"2.00","count":1},{"denomination":"0.25","count":2},{"denomination":"0.05","count":1}]'
check "100.00 in twenties: the largest note is 20.00 by default" test \
    "$(jq -c 'select(.alias == "Kestrel") | .envelope' "$tmp/out")" = \
    '[{"denomination":"20.00","count":5}]'
err_has '^honorarium-pay: 1 payment not in cash: not in the plan$' \
    "the e-transfer is left out, and said"
err_has 'would make 4 payments, 162.58 in all' "the run's summary"

run honorarium-pay --run --period 2026-11 --dry-run --cash-plan
is_rc 0 "the plan as a table"
is_outs 'PAYMENT  PEER          OWED  ROUNDING    CASH  20.00  10.00  5.00  2.00  1.00  0.25  0.10  0.05
1        Raven        37.50      0.00   37.50      1      1     1     1     0     2     0     0
2        Sky          12.53      0.02   12.55      0      1     0     1     0     2     0     1
3        Kestrel     100.00      0.00  100.00      5      0     0     0     0     0     0     0
TOTAL    (withdraw)  150.03      0.02  150.05      6      2     1     2     0     4     0     1' \
    "a column per note and coin, and the withdrawal"
run honorarium-pay --run --period 2026-11 --dry-run --cash-plan --format csv
is_rc 0 "the plan as CSV"
check "a count per denomination" test "$(head -n 1 "$tmp/out" | tr -d '\r')" = \
    'record,payment_id,payment_uuid,alias,date,owed,rounding,amount,20.00,10.00,5.00,2.00,1.00,0.25,0.10,0.05'
check "the withdrawal in the same columns" test \
    "$(tail -n 1 "$tmp/out" | tr -d '\r')" = \
    'withdraw,TOTAL,,(withdraw),,150.03,0.02,150.05,6,2,1,2,0,4,0,1'

# A larger note, from the config.
sed 's/^  largest_note: "20.00"$/  largest_note: "100.00"/' \
    "$top/share/peerkit/config.yaml" >"$tmp/config.yaml"
run honorarium-pay --config "$tmp/config.yaml" --run --period 2026-11 \
    --dry-run --cash-plan --json
is_rc 0 "cash.largest_note 100.00"
check "100.00 is one note" test \
    "$(jq -c 'select(.alias == "Kestrel") | .envelope' "$tmp/out")" = \
    '[{"denomination":"100.00","count":1}]'
check "and every envelope still adds up" \
    jq -e -s "$cents"' all(.[]; ([.envelope[] | (.denomination | cents) * .count] | add) == (.amount | cents))' \
    "$tmp/out"
sed 's/^  largest_note: "20.00"$/  largest_note: "5.00"/' \
    "$top/share/peerkit/config.yaml" >"$tmp/config5.yaml"
run honorarium-pay --config "$tmp/config5.yaml" --run --period 2026-11 \
    --dry-run --cash-plan --json
is_rc 0 "cash.largest_note 5.00"
check "37.50: seven fives, a two, two quarters" test \
    "$(jq -c 'select(.alias == "Raven") | .envelope' "$tmp/out")" = \
    '[{"denomination":"5.00","count":7},{"denomination":"2.00","count":1},{"denomination":"0.25","count":2}]'

# The run paid, with its plan: the same envelopes, now on record.
run honorarium-pay --run --period 2026-11 --cash-plan --json
is_rc 0 "the run, with its cash plan"
check "the plan of what was paid" test "$(jq -s -c \
    'map([.payment_id, .amount])' "$tmp/out")" = \
    '[[1,"37.50"],[2,"12.55"],[3,"100.00"],[null,"150.05"]]'
check "the payments are on record, rounded" test "$(sql \
    "select amount || ':' || rounding from payments order by id" | paste -sd ' ' -)" = \
    "3750:0 1255:2 10000:0 1253:0"
run honorarium-pay --run --period 2026-11 --cash-plan --json
is_rc 0 "the run again"
check "nothing to put in an envelope twice" test "$(jq -s -c \
    'map([.record, .amount, .envelope])' "$tmp/out")" = '[["withdraw","0.00",[]]]'

# One payment made on the spot.
run honorarium-pay --peer Raven --amount 20.08 --note advance --cash-plan \
    --json
is_rc 0 "a payment on the spot, with its envelope"
check "20.08 is 20.10: a 20 and a dime" test "$(jq -s -c \
    'map([.record, .amount, .rounding, .envelope])' "$tmp/out")" = \
    '[["envelope","20.10","0.02",[{"denomination":"20.00","count":1},{"denomination":"0.10","count":1}]],["withdraw","20.10","0.02",[{"denomination":"20.00","count":1},{"denomination":"0.10","count":1}]]]'
run honorarium-pay --peer Moss --amount 5.00 --note advance --cash-plan \
    --dry-run
is_rc 0 "an e-transfer's plan"
err_has 'not in cash: not in the plan' "has no envelope, and says so"

done_testing
