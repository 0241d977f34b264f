#!/bin/sh
# honorarium-pay: merging paid engagements and their payments between two
# stores.  Store A's peers, engagements and payments are exported (JSON
# Lines), imported into store B in that order, and B then says what A
# says, by uuid, to the cent; importing again changes nothing.  The wrong
# order, a conflict and an export that names engagements by id are
# refused, naming the line, and leave the store as it was.
. "$(dirname "$0")/lib.sh"

new_store a a
export PEERKIT_DB="$a"
ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss --payment-method etransfer
ok_cmd peer-add --alias Kestrel
log() { ok_cmd engage-log "$@"; }
log --peer Raven --peer Moss --peer Kestrel --hours 2 --activity meeting \
    --level consult --date 2026-10-06
log --peer Raven --hours 3 --activity outreach --level involve --date 2026-10-20
log --peer Moss --hours 1 --activity event --level inform --date 2026-10-21
log --peer Kestrel --hours 1 --activity meeting --level inform --date 2026-11-02
log --peer Raven --hours 1 --activity shift --level involve --date 2026-11-03
log --peer Moss --hours 1 --activity shift --level involve --date 2026-11-04
ok_cmd engage-log --void 7 --reason "logged twice"
pay() { ok_cmd honorarium-pay "$@"; }
pay --run --period 2026-10 --date 2026-11-01
pay --void 2 --reason "sent to the wrong account"
pay --peer Moss --for 2 --for 5 --method cash --date 2026-11-05
pay --for 6 --amount 30.00 --note "split: the rest as a gift card" \
    --date 2026-11-06
pay --peer Kestrel --amount 12.00 --kind reimbursement --category transit \
    --ref bus-nov --date 2026-11-06
pay --peer Raven --amount 20.00 --method gift-card --date 2026-11-07
log --peer Kestrel --hours 2 --activity meeting --level consult --date 2026-11-10

# The exports name each link by uuid as well as by this store's id.
ok_cmd -o "$tmp/peers.jsonl" peer-list --json
ok_cmd -o "$tmp/eng.jsonl" engage-log --list --json
ok_cmd -o "$tmp/pay.jsonl" honorarium-pay --list --json
e25=$(jq -s -c '[.[] | select(.id == 2 or .id == 5) | .uuid]' "$tmp/eng.jsonl")
check "a payment names its engagements by uuid" test "$(jq -s -c \
    '[.[] | select(.id == 4) | .engagement_uuids[]]' "$tmp/pay.jsonl")" = \
    "$e25" -a "$(printf '%s' "$e25" | jq length)" = 2
p5=$(jq -r 'select(.id == 5) | .uuid' "$tmp/pay.jsonl")
check "an engagement names its payment by uuid" test "$(jq -r \
    'select(.id == 6) | .payment_uuid' "$tmp/eng.jsonl")" = "$p5" -a -n "$p5"
check "an unpaid one has none" test "$(jq -r 'select(.id == 8) | .payment_uuid' \
    "$tmp/eng.jsonl")" = null
# Payment 5 paid 30.00 for engagement 6 (25.00); the 5.00 left was
# Kestrel's credit, which engagement 9, logged after, took: part-paid.
check "a part-paid one has none, and says what is paid of it" test "$(jq -c \
    'select(.id == 9) | [.status, .payment_uuid, .amount_paid, .balance]' \
    "$tmp/eng.jsonl")" = '["part-paid",null,"5.00","45.00"]'
e69=$(jq -s -c '[.[] | select(.id == 6 or .id == 9) | .uuid]' "$tmp/eng.jsonl")
check "a payment's allocations name each engagement by uuid, with the amount" \
    test "$(jq -c 'select(.id == 5) | [[.allocations[] | .engagement_uuid], [.allocations[] | .amount], .engagement_uuids, .credit]' \
    "$tmp/pay.jsonl")" = "[$e69,[\"25.00\",\"5.00\"],$e69,\"0.00\"]"
check "the void payment pays nothing now" test "$(jq -c \
    'select(.id == 2) | [.status, .engagements, .engagement_uuids, .allocations, .credit]' \
    "$tmp/pay.jsonl")" = '["void",[],[],[],"0.00"]'

# B: peers, then engagements, then payments.
new_store b b
export PEERKIT_DB="$b"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
run engage-log "$tmp/eng.jsonl"
is_rc 0 "B takes A's engagements"
err_has '^engage-log: 9 added, 0 unchanged, 0 rejected$' "all of them"
err_has '^engage-log: warning: 7 engagements arrived paid by payments this store does not hold: not owed here, but those payments count in no total or T4A slip until they are imported \(honorarium-pay FILE\)$' \
    "the paid ones wait for their payments, and it says so"
run engage-log --list --json
is_rc 0 "B's engagements before A's payments"
check "what was paid in A is paid here, elsewhere, and owed as it is in A" jq -se --slurpfile a "$tmp/eng.jsonl" \
    'map({uuid, amount_paid, balance, paid_elsewhere}) == ($a | map({uuid, amount_paid, balance, paid_elsewhere: .amount_paid}))' "$tmp/out"
run honorarium-pay --run --period 2026-01-01..2026-11-23 --dry-run --json
is_rc 0 "a run before A's payments come"
check "would pay only what is still owed in A" test \
    "$(jq -s 'map(.amount | tonumber * 100 | round) | add // 0' "$tmp/out")" = \
    "$(jq -s 'map(select(.status != "void") | .balance | tonumber * 100 | round) | add' "$tmp/eng.jsonl")"
run honorarium-pay "$tmp/pay.jsonl"
is_rc 0 "B takes A's payments"
err_has "pay.jsonl:2: payment $(jq -r 'select(.id == 2) | .uuid' "$tmp/pay.jsonl") arrives void \(sent to the wrong account\): kept on record as payment 2; nothing paid" \
    "a void payment is kept void, and said"
err_has 'pay.jsonl:7: warning: Raven: gift card' "B raises its own warnings"
err_has '^honorarium-pay: paid: 6 payments, 327.00 in all, for 7 engagements; 1 warning; 1 void, kept as they came$' \
    "the summary"

# B says what A says: every record and link by uuid, every amount.
norm_e='del(.id, .peer_id, .payment_id, .created_at, .updated_at)'
norm_p='del(.id, .peer_id, .engagements, .allocations[].engagement_id, .created_at, .updated_at)'
export_of() {	# export_of DB: engagements, payments and totals, by uuid
	PEERKIT_DB=$1 engage-log --list --json >"$tmp/x.jsonl" || return
	jq -c "$norm_e" "$tmp/x.jsonl" || return
	PEERKIT_DB=$1 honorarium-pay --list --json >"$tmp/x.jsonl" || return
	jq -c "$norm_p" "$tmp/x.jsonl" || return
	PEERKIT_DB=$1 honorarium-pay --totals --year 2026 --json >"$tmp/x.jsonl" ||
	    return
	jq -c 'del(.peer_id)' "$tmp/x.jsonl"
}
ok_cmd -o "$tmp/a.txt" export_of "$a"
run export_of "$b"
is_rc 0 "B's export"
is_out "$tmp/a.txt" "B's engagements, payments and totals are A's"
run honorarium-pay --totals --year 2026
is_rc 0 "B's totals"
is_outs 'ID  PEER     TAXABLE  REIMBURSED  MONTH-TO-DATE  PAYMENTS
 1  Raven     145.00        0.00         145.00         2
 2  Moss       90.00        0.00          90.00         1
 3  Kestrel    80.00       12.00          80.00         3' \
    "to the cent: the void payment counts nowhere"
run engage-log --list --status unpaid --json
is_rc 0 "B's unpaid engagements"
check "only the engagements A has not paid are unpaid in B" \
    test "$(jq -s -c 'map(.uuid)' "$tmp/out")" = \
    "$(jq -s -c 'map(select(.status == "unpaid") | .uuid)' "$tmp/eng.jsonl")"
check "B audits what it stored: an allocation per engagement paid, and Raven's credit" test "$(sql \
    "select '[\"' || kind || '\",' || after || ']' from audit where action = 'allocate' order by id" |
    jq -r '"\(.[0]):\(.[1].payment_id)"' | paste -sd ' ' -)" = \
    "engagement:1 engagement:1 engagement:3 engagement:4 engagement:4 engagement:5 engagement:5 credit:7"

# Importing the same exports again changes nothing.
snap
run engage-log "$tmp/eng.jsonl"
is_rc 0 "the engagements again"
err_has '^engage-log: 0 added, 9 unchanged, 0 rejected$' "nothing added"
run honorarium-pay "$tmp/pay.jsonl"
is_rc 0 "the payments again"
err_has '^honorarium-pay: nothing to pay; 7 already paid \(duplicate\)$' \
    "every payment is a duplicate, the void one too"
unchanged "a second merge"
run honorarium-pay "$tmp/pay.jsonl"
is_rc 0 "the payments a third time"
ok_cmd -o "$tmp/b-pay.jsonl" honorarium-pay --list --json
snap
run honorarium-pay "$tmp/b-pay.jsonl"
is_rc 0 "B's own export, back into B"
unchanged "B's own export"
PEERKIT_DB=$a run honorarium-pay "$tmp/b-pay.jsonl"
is_rc 0 "B's export back into A"
err_has 'nothing to pay; 7 already paid \(duplicate\)' "A holds them all"

# The wrong order: payments before their engagements.
new_store c c
export PEERKIT_DB="$c"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
snap
run honorarium-pay "$tmp/pay.jsonl"
is_rc 65 "payments before their engagements"
err_has "pay.jsonl:1: field \"engagement_uuids\": no engagement with uuid [0-9a-f-]{36} in this store \(a merge imports the engagements first: engage-log FILE\)" \
    "the line, the field and what to do"
err_has 'nothing written' "all or nothing"
unchanged "the wrong order"

# A conflict: an engagement that came unpaid (an export made before A
# paid it) has been paid here too.
new_store d d
export PEERKIT_DB="$d"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
e6=$(jq -r 'select(.id == 6) | .uuid' "$tmp/eng.jsonl")
ok_cmd -o "$tmp/eng-early.jsonl" jq -c 'if .id == 6 then .status = "unpaid" | .payment_id = null |
    .payment_uuid = null | .amount_paid = "0.00" | .balance = .amount_due | .paid_elsewhere = "0.00" else . end' \
    "$tmp/eng.jsonl"
ok_cmd engage-log -q "$tmp/eng-early.jsonl"
bad 65 "engagement [0-9]+ is already paid, in the store it came from: import that store's payment \(honorarium-pay FILE\)" \
    "an engagement that came paid is not paid again here" \
    honorarium-pay --for "$(jq -r 'select(.id == 1) | .uuid' "$tmp/eng.jsonl")" --date 2026-11-08
ok_cmd honorarium-pay -q --for "$e6" --date 2026-11-08
ok_cmd honorarium-pay --list --json
local_pay=$(jq -r .uuid "$tmp/ok.out")
snap
run honorarium-pay "$tmp/pay.jsonl"
is_rc 65 "an engagement paid here by another payment"
err_has "pay.jsonl:5: engagement $e6 is already paid here, by payment 1 \($local_pay\)" \
    "the line, the engagement and the payment that paid it, by uuid"
unchanged "a conflict"
run honorarium-pay --keep-going "$tmp/pay.jsonl"
is_rc 65 "--keep-going: the others are merged"
err_has 'paid: 5 payments, 297.00 in all, for 5 engagements; 1 warning; 1 void, kept as they came; 1 rejected' \
    "the summary counts the rejected one"

# An export that names its engagements by id alone (made before
# engagement_uuids) could settle the wrong ones here: refused.
new_store f f
export PEERKIT_DB="$f"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
ok_cmd engage-log -q "$tmp/eng.jsonl"
ok_cmd -o "$tmp/old.jsonl" jq -c 'del(.engagement_uuids)' "$tmp/pay.jsonl"
snap
run honorarium-pay "$tmp/old.jsonl"
is_rc 65 "engagements by another store's ids"
err_has "old.jsonl:1: field \"engagements\": payment [0-9a-f-]{36} is not on record here, and names its engagements by another store's ids; export it with engagement_uuids" \
    "refused, and why"
unchanged "ids from another store"
ok_cmd -o "$tmp/short.jsonl" jq -c 'if .id == 1 then .engagements = [1] else . end' "$tmp/pay.jsonl"
run honorarium-pay "$tmp/short.jsonl"
is_rc 65 "ids and uuids that do not agree"
err_has 'short.jsonl:1: field "engagements": 1, but 2 engagement_uuids' "named"
ok_cmd -o "$tmp/noreason.jsonl" jq -c 'if .id == 2 then del(.void_reason) else . end' "$tmp/pay.jsonl"
run honorarium-pay "$tmp/noreason.jsonl"
is_rc 65 "a void payment without its reason"
err_has 'noreason.jsonl:2: field "void_reason": required for a void payment' "named"
ok_cmd -o "$tmp/paidreason.jsonl" jq -c 'if .id == 7 then .void_reason = "x" else . end' "$tmp/pay.jsonl"
run honorarium-pay "$tmp/paidreason.jsonl"
is_rc 65 "a paid payment with a void reason"
err_has 'paidreason.jsonl:7: field "void_reason": only for a void payment' "named"
ok_cmd -o "$tmp/baduuid.jsonl" jq -c 'if .id == 1 then .engagement_uuids[0] = "not-a-uuid" else . end' \
    "$tmp/pay.jsonl"
run honorarium-pay "$tmp/baduuid.jsonl"
is_rc 65 "an engagement uuid that is not a uuid"
err_has 'baduuid.jsonl:1: field "engagement_uuids": expected a list of engagement uuids' "named"
unchanged "bad records"

# A dry run of the merge writes nothing and says what it would do.
run honorarium-pay --dry-run "$tmp/pay.jsonl"
is_rc 0 "a dry run of the merge"
err_has 'dry run, nothing written: would make 6 payments, 327.00 in all, for 7 engagements; 1 warning; 1 void, kept as they came' \
    "what it would do"
unchanged "a dry run of the merge"

done_testing
