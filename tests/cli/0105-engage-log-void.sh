#!/bin/sh
# engage-log --void: an engagement logged in error stays on record, void;
# a paid one waits for its payment to be voided.
. "$(dirname "$0")/lib.sh"

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
run sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT count(*) FROM engagements"
is_rc 0 "the engagements are counted"
is_outs 3 "nothing deleted"
run sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT action, json_extract(before, '$.status'), json_extract(after, '$.status'), json_extract(after, '$.void_reason') FROM audit WHERE kind = 'engagement' AND record_id = 2 ORDER BY id"
is_rc 0 "the audit of engagement 2 is read"
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
is_rc 65 "not an id or uuid"
err_has 'engagement "Raven": give an id or a uuid' "not an id or uuid: message"
run engage-log --void 3 --reason ""
is_rc 65 "an empty reason"
err_has 'a reason is required' "an empty reason: message"
unchanged "an empty reason"

# Standing in for honorarium-pay: engagement 3 settled by payment 1.
ok_cmd sqlite3 "$PEERKIT_DB" "INSERT INTO payments (uuid, peer_id, date, amount, method, kind, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 1, '2026-11-10', 5000, 'cash', 'honorarium', 'x', 'x'); UPDATE engagements SET payment_id = 1 WHERE id = 3"
snap
run engage-log --void 3 --reason "wrong day"
is_rc 65 "a paid engagement"
err_has '^engage-log: engagement 3 is paid by payment 1; void the payment first$' \
    "a paid engagement: message"
unchanged "a paid engagement"
# Once payment.c has unsettled it (its payment voided), it can be voided.
ok_cmd sqlite3 "$PEERKIT_DB" "UPDATE payments SET status = 'void', void_reason = 'x' WHERE id = 1; UPDATE engagements SET payment_id = NULL WHERE id = 3"
run engage-log --void 3 --reason "wrong day"
is_rc 0 "unsettled: can be voided"

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
