#!/bin/sh
# honorarium-pay: pay one peer, duplicates by ref, void, list, totals,
# receipts, the audit trail, dry runs.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOF'
payer:
  name: Example <Harm Reduction> Society
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss --payment-method etransfer

# JSON without the random uuids, for exact comparison.
strip() {
	cp "$tmp/out" "$tmp/raw"
	jq -c 'del(.uuid, .peer_uuid)' "$tmp/raw" >"$tmp/out"
}

run honorarium-pay --peer Raven --amount 25.00
is_rc 0 "pay one peer"
is_outs 'ID  DATE        PEER   AMOUNT  METHOD  KIND        ENGAGEMENTS  STATUS
 1  2026-11-23  Raven   25.00  cash    honorarium  -            paid' \
    "a table row: today, cash by default"

run honorarium-pay --peer moss --amount 40 --date 2026-11-02 --note "October meetings" --json
is_rc 0 "pay with a date and a note, JSON out"
strip
is_outs '{"id":2,"peer_id":2,"alias":"Moss","date":"2026-11-02","amount":"40.00","method":"etransfer","kind":"honorarium","category":null,"ref":null,"note":"October meetings","engagements":[],"status":"paid","warnings":[],"void_reason":null,"voided_at":null,"created_at":"2026-11-23T12:00:00Z","updated_at":"2026-11-23T12:00:00Z","engagement_uuids":[],"allocations":[],"credit":"40.00","rounding":"0.00"}' \
    "the whole record: money a string, the peer's preferred method"

run honorarium-pay --peer 1 --amount 12.50 --kind reimbursement --category transit --method cash --format csv
is_rc 0 "a reimbursement, CSV out"
check "CSV lines end in CRLF" grep -q "$(printf '\r')\$" "$tmp/out"
tr -d '\r' <"$tmp/out" >"$tmp/csv" && mv "$tmp/csv" "$tmp/out"
thru sed 's/,[0-9a-f-]\{36\},1,[0-9a-f-]\{36\},/,UUID,1,UUID,/'
is_outs 'id,uuid,peer_id,peer_uuid,alias,date,amount,method,kind,category,ref,note,engagements,status,warnings,void_reason,voided_at,created_at,updated_at,engagement_uuids,allocations,credit,rounding
3,UUID,1,UUID,Raven,2026-11-23,12.50,cash,reimbursement,transit,,,,paid,,,,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,,,0.00,0.00' "CSV: every field of the record"

# A ref is an idempotency key: a retry pays nothing.
run honorarium-pay --peer Raven --amount 30.00 --ref nov-raven-1
is_rc 0 "pay with a ref"
snap
run honorarium-pay --peer Raven --amount 30.00 --ref nov-raven-1
is_rc 0 "the same payment again"
check "prints nothing" test ! -s "$tmp/out"
err_has 'ref nov-raven-1: already paid as payment 4 \(2026-11-23, 30.00 to Raven\); nothing to do' \
    "says it is already paid"
unchanged "a duplicate"
run honorarium-pay --peer Raven --amount 35.00 --ref nov-raven-1
is_rc 65 "the ref for another amount"
err_has 'ref "nov-raven-1" is already payment 4, a different payment \(its amount differs\)' \
    "names the payment and the difference"
unchanged "a ref reused"

# --dry-run prints what would be stored and stores nothing.
snap
run honorarium-pay --peer Raven --amount 10.00 --dry-run
is_rc 0 "a dry run"
is_outs 'ID  DATE        PEER   AMOUNT  METHOD  KIND        ENGAGEMENTS  STATUS
 5  2026-11-23  Raven   10.00  cash    honorarium  -            paid' \
    "prints the payment it would make"
err_has 'dry run: nothing written' "says so"
unchanged "a dry run"
run honorarium-pay --db "$tmp/none.db" --peer Raven --amount 10.00 --dry-run
is_rc 65 "a dry run without a store: no such peer"
check "creates no store" test ! -e "$tmp/none.db"

# Void: kept on record, out of the totals.
run honorarium-pay --void 1 --reason "paid the wrong peer"
is_rc 0 "void a payment"
is_outs 'ID  DATE        PEER   AMOUNT  METHOD  KIND        ENGAGEMENTS  STATUS
 1  2026-11-23  Raven   25.00  cash    honorarium  -            void' \
    "the payment, void"
err_has 'payment 1 is void' "says so"
check "still stored, with its reason" test "$(sql \
    "select status || '|' || void_reason from payments where id = 1")" = "void|paid the wrong peer"

run honorarium-pay --list
is_rc 0 "list"
is_outs 'ID  DATE        PEER   AMOUNT  METHOD     KIND           ENGAGEMENTS  STATUS
 2  2026-11-02  Moss    40.00  etransfer  honorarium     -            paid
 1  2026-11-23  Raven   25.00  cash       honorarium     -            void
 3  2026-11-23  Raven   12.50  cash       reimbursement  -            paid
 4  2026-11-23  Raven   30.00  cash       honorarium     -            paid' \
    "by date, then id"
err_has '4 payments: 82.50 paid \(honoraria 70.00, reimbursements 12.50\); 1 void, not counted' \
    "the sum of what is paid"
run honorarium-pay --list --peer Raven --status paid --kind honorarium --json
is_rc 0 "list with filters"
check "one payment" test "$(jq -s -c 'map(.id)' "$tmp/out")" = "[4]"
run honorarium-pay --list --period 2026-11-01..2026-11-10 --method etransfer --json
is_rc 0 "a period and a method"
check "Moss's payment" test "$(jq -s -c 'map(.id)' "$tmp/out")" = "[2]"
run honorarium-pay --list --period 2025
is_rc 0 "a period with no payments"
check "prints nothing" test ! -s "$tmp/out"
err_has 'no payments match' "says so"

run honorarium-pay --totals
is_rc 0 "totals"
is_outs 'ID  PEER   TAXABLE  REIMBURSED  MONTH-TO-DATE  PAYMENTS
 1  Raven    30.00       12.50          30.00         2
 2  Moss     40.00        0.00          40.00         1' \
    "per peer: void left out, reimbursements apart"
err_has '2026: 2 peers, taxable 70.00, reimbursements 12.50' "and the sum"
run honorarium-pay --totals --year 2026 --peer Moss --json
is_rc 0 "one peer's totals as JSON"
strip
is_outs '{"peer_id":2,"alias":"Moss","year":2026,"taxable":"40.00","reimbursements":"0.00","month_to_date":"40.00","count":1}' \
    "the record"
run honorarium-pay --totals --today 2026-12-05
is_rc 0 "totals on another day"
check "month to date is December's: nothing" test "$(awk 'NR > 1 { print $5 }' "$tmp/out" | sort -u)" = "0.00"
run honorarium-pay --totals --year 2025
is_rc 0 "a year with no payments"
err_has 'no payments in 2025' "says so"

# Receipts: the number, the amount in words, what it paid (Raven has no
# engagements: all of it is credit), signature lines.
run honorarium-pay --receipt 4
is_rc 0 "a text receipt"
sed 's/^Payment uuid .*/Payment uuid    UUID/' "$tmp/out" >"$tmp/receipt"
cat >"$tmp/want" <<'EOF'
PAYMENT RECEIPT
Example <Harm Reduction> Society

Receipt number  4
Payment uuid    UUID
Date            2026-11-23
Paid to         Raven
Amount          $30.00
In words        thirty dollars and 00/100
Method          cash
Kind            honorarium
Reference       nov-raven-1

For
  credit, for what is to come          30.00

I received this payment.

Peer signature      ______________________________  Date ____________

Witness signature   ______________________________  Date ____________

Witness name        ______________________________
EOF
check "the receipt" diff -u "$tmp/want" "$tmp/receipt"
run honorarium-pay --receipt 1 --format html
is_rc 0 "an HTML receipt of a void payment"
check "a well-formed page" xmllint --html --noout "$tmp/out"
check "the payer's name escaped" grep -q 'Example &lt;Harm Reduction&gt; Society' "$tmp/out"
lacks "nothing unescaped" '<Harm' "$tmp/out"
check "VOID, prominently" grep -q '<p class="void">VOID</p>' "$tmp/out"
check "the reason" grep -q '<td>paid the wrong peer</td>' "$tmp/out"
uuid=$(sql "select uuid from payments where id = 3")
run honorarium-pay --receipt "$uuid"
is_rc 0 "a receipt by uuid"
check "of a reimbursement" grep -q '^Kind            reimbursement (transit)$' "$tmp/out"

# Every payment and void is audited, by this tool.
check "a create per payment, a void" test "$(sql \
    "select action || ':' || record_id from audit where kind = 'payment' order by id" | paste -sd ' ' -)" = \
    "create:1 create:2 create:3 create:4 void:1"
check "by this tool" test "$(sql \
    "select distinct tool from audit where kind = 'payment'")" = honorarium-pay
check "when" test "$(sql \
    "select distinct at from audit where kind = 'payment'")" = 2026-11-23T12:00:00Z
check "the void's before and after" test "$(sql \
    "select '[' || before || ',' || after || ']' from audit where action = 'void'" | jq -r 'map(.status) | join(">")')" = "paid>void"
# Refused by the schema's triggers (not by any other failure of the
# engine's shell).
run sql 'delete from payments where id = 2'
is_fail "payments cannot be deleted"
err_has 'payments are voided, never deleted' "payments cannot be deleted: the trigger says so"
run sql 'update payments set amount = 1 where id = 2'
is_fail "nor edited"
err_has 'payments are voided, never edited' "nor edited: the trigger says so"

run honorarium-pay --help
is_rc 0 "--help"
check "usage first" grep -q '^usage: honorarium-pay ' "$tmp/out"
run honorarium-pay --version
is_rc 0 "--version"
is_outs 'honorarium-pay (peerkit) 0.1.0' "the version"
run honorarium-pay --complete statuses
is_rc 0 "--complete statuses"
is_outs 'paid
void' "the payment statuses"
run honorarium-pay --complete options
is_rc 0 "--complete options"
check "--complete options lists --strict" grep -qx -- --strict "$tmp/out"

done_testing
