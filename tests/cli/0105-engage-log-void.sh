#!/bin/sh
# engage-log --void: an engagement logged in error stays on record, void;
# what was paid of a paid one goes back to the peer's credit.
. "$(dirname "$0")/lib.sh"
# An audit row as one JSON object a line, on either store.
audit_json="SELECT '{\"action\":\"' || action || '\",\"before\":' || coalesce(before, 'null') || ',\"after\":' || coalesce(after, 'null') || '}' FROM audit"

ok_cmd peer-add --alias Raven
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven","date":"2026-11-02","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Raven","date":"2026-11-02","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Raven","date":"2026-11-03","hours":"2","activity":"shift","level":"involve"}
EOF

snap
run engage-log --dry-run --void 2 --reason "logged twice"
is_rc 0 "dry run"
is_outs 'ID  DATE        PEER   ACTIVITY  LEVEL   HOURS    DUE  STATUS  PROJECT
 2  2026-11-02  Raven  meeting   inform   1.00  25.00  void    -' "dry run shows the result"
unchanged "dry run"

run engage-log --void 2 --reason "logged twice" --json
is_rc 0 "void"
check "status void, reason kept, updated" jq -e '.status == "void" and
    .void_reason == "logged twice" and .updated_at == "2026-11-23T12:00:00Z"' "$tmp/out"
run sql "SELECT count(*) FROM engagements"
is_rc 0 "the engagements are counted"
is_outs 3 "nothing deleted"
run sql "$audit_json WHERE kind = 'engagement' AND record_id = 2 ORDER BY id"
is_rc 0 "the audit of engagement 2 is read"
thru jq -r '[.action, .before.status, .after.status, .after.void_reason] | map(. // "") | join("|")'
is_outs 'create||unpaid|
void|unpaid|void|logged twice' "audited with before and after"

ok_cmd engage-log --list --json --status unpaid
uuid=$(jq -r 'select(.id == 1) | .uuid' "$tmp/ok.out")
run engage-log --void "$uuid" --reason "wrong peer" --json
is_rc 0 "void by uuid"
check "void by uuid: the right one" test "$(jq .id "$tmp/out")" = 1

snap
run engage-log --void 2 --reason again
is_rc 65 "void twice"
err_has '^engage-log: engagement 2 is void already \(logged twice\)$' "void twice: message"
unchanged "void twice"
run engage-log --void 42 --reason x
is_rc 65 "unknown engagement"
err_has '^engage-log: no engagement 42$' "unknown engagement: message"
unchanged "unknown engagement"
run engage-log --void Raven --reason x
is_rc 64 "not an id or uuid: a value of the wrong form, as honorarium-pay's"
err_has '^engage-log: --void: "Raven" is not an engagement id or uuid$' "not an id or uuid: message"
run engage-log --void 3 --reason ""
is_rc 65 "an empty reason"
err_has 'a reason is required' "an empty reason: message"
unchanged "an empty reason"

# A paid engagement can be voided too: what was paid of it goes back to
# the peer's credit, which then pays what the peer is owed (engagement 4,
# logged before and left unpaid by a payment for engagement 3 alone).
ok_cmd engage-log -q --peer Raven --date 2026-10-30 --hours 1 --activity shift --level inform
ok_cmd honorarium-pay -q --for 3 --date 2026-11-10
run engage-log --list --json --status unpaid
is_rc 0 "list the unpaid"
check "the payment for engagement 3 left engagement 4 unpaid" jq -e -s \
    'map([.id, .amount_paid, .balance]) == [[4, "0.00", "25.00"]]' "$tmp/out"
run engage-log --void 3 --reason "wrong day" --json
is_rc 0 "a paid engagement can be voided"
check "void: nothing of it paid now, no payment settles it" jq -e '.id == 3 and
    .status == "void" and .void_reason == "wrong day" and .amount_paid == "0.00" and
    .payment_id == null and .payment_uuid == null' "$tmp/out"
run sql "$audit_json WHERE kind = 'engagement' AND record_id = 3 AND action = 'void'"
is_rc 0 "the audit of engagement 3 is read"
thru jq -r '[.action, .before.status, .before.amount_paid, .after.status, .after.amount_paid] | join("|")'
is_outs 'void|paid|50.00|void|0.00' "the void of a paid engagement audited, before and after"
run engage-log --list --json --period 2026-10
is_rc 0 "list October"
check "the 50.00 given back paid engagement 4 in full, by payment 1" jq -e -s \
    'map([.id, .status, .amount_paid, .balance, .payment_id]) == [[4, "paid", "25.00", "0.00", 1]]' "$tmp/out"
run honorarium-pay --balance Raven --json
is_rc 0 "Raven's balance"
thru jq -c 'del(.peer_uuid)'
is_outs '{"peer_id":1,"alias":"Raven","due":"25.00","paid":"25.00","owed":"0.00","credit":"25.00"}' \
    "the rest is Raven's credit; nothing owed"
run honorarium-pay --list --json
is_rc 0 "list the payments"
check "payment 1 now pays engagement 4, and left 25.00 as credit" jq -e -s 'length == 1 and
    (.[0] | .status == "paid" and .amount == "50.00" and .engagements == [4] and
    ([.allocations[] | [.engagement_id, .amount]] == [[4, "25.00"]]) and .credit == "25.00")' "$tmp/out"
run engage-log --peer Raven --date 2026-10-31 --hours 1.5 --activity shift --level inform --json
is_rc 0 "an engagement of a peer in credit"
check "the credit pays it at once, in part" jq -e '.id == 5 and .amount_due == "37.50" and
    .status == "part-paid" and .amount_paid == "25.00" and .balance == "12.50" and
    .payment_id == null' "$tmp/out"
run honorarium-pay --balance Raven --json
is_rc 0 "Raven's balance again"
thru jq -c 'del(.peer_uuid)'
is_outs '{"peer_id":1,"alias":"Raven","due":"62.50","paid":"50.00","owed":"12.50","credit":"0.00"}' \
    "the credit spent; 12.50 owed"

# Void ones are listed with their status, left out of summaries, and a
# re-import of an export that says void where the store does not is news.
run engage-log --list --status void --json
is_rc 0 "list the void ones"
check "three void" test "$(wc -l <"$tmp/out")" = 3
run engage-log --summary --period 2026-11 --json
is_rc 0 "summary"
check "summary leaves void out" test "$(jq .engagements "$tmp/out")" = 0
ok_cmd -o "$tmp/new.jsonl" engage-log --peer Raven --hours 1 --activity shift --level inform --json
ok_cmd -o "$tmp/void.jsonl" jq -c '.status = "void" | .void_reason = "elsewhere"' "$tmp/new.jsonl"
snap
run engage-log "$tmp/void.jsonl"
is_rc 65 "an import saying void where the store does not"
err_has 'void.jsonl:1: uuid .* with other content: status is "unpaid" there, "void" here' \
    "an import saying void: message"
unchanged "an import saying void"
done_testing
