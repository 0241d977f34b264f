#!/bin/sh
# honorarium-pay: the payroll run (--run --period), paying from a pipe of
# engage-log records, settling and unsettling engagements, duplicates.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss --payment-method etransfer
ok_cmd peer-add --alias Kestrel
ok_cmd peer-add --alias Gone
log() { ok_cmd engage-log "$@"; }
log --peer Raven --peer Moss --peer Kestrel --peer Gone --hours 2 \
    --activity meeting --level consult --date 2026-10-06
log --peer Raven --hours 3 --activity outreach --level involve --date 2026-10-20
log --peer Moss --hours 1 --activity event --level inform --date 2026-10-21
log --peer Kestrel --hours 1 --activity meeting --level inform \
    --date 2026-10-22 --no-honorarium
log --peer Raven --hours 1 --activity shift --level involve --date 2026-11-03
ok_cmd peer-add --deactivate Gone

# A dry run first: the plan, per peer, with the total; nothing written.
snap
run honorarium-pay --run --period 2026-10 --dry-run
is_rc 0 "a dry run of October's payroll"
cat >"$tmp/plan" <<'EOF'
ID  DATE        PEER     AMOUNT  METHOD     KIND        ENGAGEMENTS  STATUS
 1  2026-11-23  Raven    125.00  cash       honorarium  1,5          paid
 2  2026-11-23  Moss      90.00  etransfer  honorarium  2,6          paid
 3  2026-11-23  Kestrel   50.00  cash       honorarium  3            paid
EOF
is_out "$tmp/plan" "one payment per peer at the sum due, each peer's method"
err_has '^honorarium-pay: dry run, nothing written: would make 3 payments, 265.00 in all, for 5 engagements$' \
    "the total"
err_has '1 unpaid engagement is in 2026-10-01..2026-10-31 not paid: the peer is inactive' \
    "an inactive peer's engagement is left out, and said"
unchanged "a dry run"

run honorarium-pay --run --period 2026-10
is_rc 0 "the run"
is_out "$tmp/plan" "pays exactly what the dry run showed"
err_has '^honorarium-pay: paid: 3 payments, 265.00 in all, for 5 engagements$' "the total"
check "the engagements are paid" test "$(sql \
    "select id || ':' || coalesce(CAST(payment_id AS text), '-') from engagements order by id" | paste -sd ' ' -)" = \
    "1:1 2:2 3:3 4:- 5:1 6:2 7:- 8:-"
run engage-log --list --period 2026-10 --status paid --json
is_rc 0 "engage-log lists the paid ones"
check "engage-log sees them paid" test "$(jq -s -c 'map(.id)' "$tmp/out")" = "[1,2,3,5,6]"
check "each settled engagement is audited: what is paid of it, by which payment" test "$(sql \
    "select '[' || record_id || ',' || after || ']' from audit where kind = 'engagement' and action = 'allocate' and tool = 'honorarium-pay' order by id" |
    jq -r '"\(.[0]):\(.[1].amount_paid):\(.[1].payment_id)"' | paste -sd ' ' -)" = \
    "1:50.00:1 5:75.00:1 2:50.00:2 6:40.00:2 3:50.00:3"

snap
run honorarium-pay --run --period 2026-10
is_rc 0 "the same run again"
check "pays nothing" test ! -s "$tmp/out"
err_has 'nothing to pay in 2026-10-01..2026-10-31' "and says so"
unchanged "a second run"

# Voiding a payment makes its engagements unpaid; the next run pays them.
run honorarium-pay --void 2 --reason "sent to the wrong account"
is_rc 0 "void Moss's payment"
err_has 'payment 2 is void; Moss is owed 90\.00 in all, with 0\.00 in credit$' "says what is owed now"
check "both unpaid again" test "$(sql \
    "select count(*) from engagements where id in (2, 6) and payment_id is null")" = 2
check "audited" test "$(sql \
    "select '[' || record_id || ',' || before || ',' || after || ']' from audit where kind = 'engagement' and action = 'unallocate' order by id" |
    jq -r '"\(.[0]):\(.[1].amount_paid)>\(.[2].amount_paid)"' | paste -sd ' ' -)" = \
    "2:50.00>0.00 6:40.00>0.00"
run honorarium-pay --run --period 2026-10 --peer Moss --method cheque --date 2026-11-20
is_rc 0 "a run for one peer, by cheque, dated"
is_outs 'ID  DATE        PEER  AMOUNT  METHOD  KIND        ENGAGEMENTS  STATUS
 4  2026-11-20  Moss   90.00  cheque  honorarium  2,6          paid' "pays them again"
run honorarium-pay --receipt 2
is_rc 0 "the void payment's receipt"
check "the void payment's receipt still lists its engagements" \
    grep -q '^  2026-10-21  event           1.00 hours$' "$tmp/out"

# The pipe: engage-log's unpaid records, grouped by peer.
log --peer Raven --hours 2 --activity meeting --level consult --date 2026-11-10
log --peer Moss --hours 1 --activity meeting --level consult --date 2026-11-12
ok_cmd -o "$tmp/unpaid.jsonl" engage-log --list --unpaid --json
check "four unpaid records" test "$(wc -l <"$tmp/unpaid.jsonl")" = 4
snap
# pipe CMD: engage-log --list --unpaid --json | CMD, engage-log's exit
# status kept in $tmp/left.rc.
pipe() {
	{ engage-log --list --unpaid --json; echo $? >"$tmp/left.rc"; } | "$@"
}
run pipe honorarium-pay --dry-run -
is_rc 0 "engage-log | honorarium-pay --dry-run -"
check "engage-log, the left of the pipe, exits 0" test "$(cat "$tmp/left.rc")" = 0
check "a batch prints only its summary" test ! -s "$tmp/out"
err_has 'would make 2 payments, 100.00 in all, for 3 engagements' "the summary"
run pipe honorarium-pay --dry-run --format table -
is_rc 0 "with --format table"
check "engage-log, the left of the pipe, exits 0" test "$(cat "$tmp/left.rc")" = 0
is_outs 'ID  DATE        PEER   AMOUNT  METHOD     KIND        ENGAGEMENTS  STATUS
 5  2026-11-23  Raven   75.00  cash       honorarium  8,9          paid
 6  2026-11-23  Moss    25.00  etransfer  honorarium  10           paid' \
    "one payment per peer"
err_has '<stdin>:1: engagement 4 is not paid: peer Gone \(id 4\) is inactive' \
    "an inactive peer's engagement is left unpaid"
err_has 'would make 2 payments, 100.00 in all, for 3 engagements; 1 engagement\(s\) of inactive peers left unpaid' \
    "the summary"
unchanged "a dry run from a pipe"

# amount_due in the pipe is never trusted; a repeated line pays once; a
# payment record in the same input is paid too.
ok_cmd -o "$tmp/in.jsonl" jq -c 'if .id == 8 then .amount_due = "99.00" else . end' "$tmp/unpaid.jsonl"
sed -n 2p "$tmp/unpaid.jsonl" >>"$tmp/in.jsonl"
echo '{"peer": "Moss", "amount": "12.00", "kind": "reimbursement", "category": "transit", "ref": "bus-nov"}' >>"$tmp/in.jsonl"
run honorarium-pay --json "$tmp/in.jsonl"
is_rc 0 "pay the file"
check "the reimbursement first, then one payment per peer" test \
    "$(jq -s -c 'map([.id, .alias, .amount, .kind, .engagements])' "$tmp/out")" = \
    '[[5,"Moss","12.00","reimbursement",[]],[6,"Raven","75.00","honorarium",[8,9]],[7,"Moss","25.00","honorarium",[10]]]'
err_has 'in.jsonl:2: engagement 8: amount_due 99.00 in the input is not the 25.00 on record; paying 25.00' \
    "a changed amount_due is reported, and not paid"
err_has 'in.jsonl:5: engagement 8: listed again; paid once' "a repeated line"
err_has 'paid: 3 payments, 112.00 in all, for 3 engagements' "the summary"

snap
run honorarium-pay "$tmp/in.jsonl"
is_rc 0 "the same file again"
check "pays nothing" test ! -s "$tmp/out"
err_has 'in.jsonl:2: engagement 8: already paid \(payment 6\); nothing to do' "engagements already paid"
err_has 'in.jsonl:6: ref bus-nov: already paid as payment 5' "the ref already paid"
err_has 'nothing to pay; 1 already paid \(duplicate\); 4 engagement\(s\) already paid' "the summary"
unchanged "a file paid twice"

# What honorarium-pay prints pipes back in: every uuid is a duplicate.
ok_cmd -o "$tmp/all.jsonl" honorarium-pay --list --json
snap
run honorarium-pay "$tmp/all.jsonl"
is_rc 0 "its own list, piped back"
err_has 'nothing to pay; 7 already paid \(duplicate\)' "all duplicates, the void one too"
unchanged "its own output piped back"
ok_cmd -o "$tmp/changed.jsonl" jq -c 'if .id == 1 then .amount = "1.00" else . end' "$tmp/all.jsonl"
run honorarium-pay "$tmp/changed.jsonl"
is_rc 65 "a uuid on record with another amount"
err_has 'changed.jsonl:2: uuid "[0-9a-f-]{36}" is already payment 1, a different payment \(its amount differs\)' \
    "is refused, named"
unchanged "a conflicting uuid"

# --for: pay chosen engagements; the peer and amount come from them.
log --peer Kestrel --hours 1.5 --activity meeting --level consult --date 2026-11-14
run honorarium-pay --for 11 --json
is_rc 0 "--for alone"
check "Kestrel is paid what is due" test "$(jq -c '[.alias, .amount, .engagements]' "$tmp/out")" = '["Kestrel","37.50",[11]]'
log --peer Kestrel --hours 1 --activity meeting --level consult --date 2026-11-15
run honorarium-pay --peer Kestrel --for 12 --amount 30.00 --note "split: 25.00 paid as a gift card earlier" --json
is_rc 0 "--for with another amount and a note"
check "paid as given" test "$(jq -c '[.amount, .note]' "$tmp/out")" = '["30.00","split: 25.00 paid as a gift card earlier"]'
check "25.00 settles engagement 12, the 5.00 more is Kestrel's credit" test \
    "$(jq -c '[.engagements, [.allocations[] | [.engagement_id, .amount]], .credit]' "$tmp/out")" = '[[12],[[12,"25.00"]],"5.00"]'

log --peer Moss --hours 1 --activity meeting --level consult --date 2026-11-16
ok_cmd engage-log --list --unpaid --peer Moss --json
uuid=$(jq -r .uuid "$tmp/ok.out")
run honorarium-pay --for "$uuid" --json
is_rc 0 "--for an engagement's uuid"
check "pays it" test "$(jq -c '[.alias, .amount, .engagements]' "$tmp/out")" = '["Moss","25.00",[13]]'

done_testing
