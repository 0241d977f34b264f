#!/bin/sh
# engage-log: batches of JSON Lines (or one array), all or nothing or
# --keep-going; uuids make re-imports change nothing; a merge of stores.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --region Interior
ok_cmd peer-add --alias Moss

cat >"$tmp/good.jsonl" <<'EOF'
{"peer":"Raven","date":"2026-11-02","hours":"1.5","activity":"meeting","level":"consult"}
{"alias":"Moss","date":"2026-11-02","hours":"1:30","activity":"meeting","level":"consult","supports":["meal"]}
{"peer_id":1,"date":"2026-11-03","minutes":45,"activity":"shift","level":"involve","amount_due":"20.00"}
EOF
run engage-log "$tmp/good.jsonl"
is_rc 0 "a batch"
check "a batch prints no records unless asked" test ! -s "$tmp/out"
err_has '^engage-log: 3 added, 0 unchanged, 0 rejected$' "a batch says what it did"
run engage-log --list --format csv
is_rc 0 "list"
cut -d, -f1,3,5-13,16-18 "$tmp/out" >"$tmp/csv"
cat >"$tmp/want" <<'EOF'
id,peer_id,alias,date,hours,minutes,activity,level,project,region,site,amount_due,payment_id,status
1,1,Raven,2026-11-02,1.50,90,meeting,consult,,Interior,,37.50,,unpaid
2,2,Moss,2026-11-02,1.50,90,meeting,consult,,,,37.50,,unpaid
3,1,Raven,2026-11-03,0.75,45,shift,involve,,Interior,,20.00,,unpaid
EOF
check "the peer by peer, alias or peer_id; hours or minutes" diff -u "$tmp/want" "$tmp/csv"

# All or nothing: one bad line and nothing is stored.
cat >"$tmp/bad.jsonl" <<'EOF'
{"peer":"Raven","date":"2026-11-04","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Raven","date":"2026-11-04","hours":"1","activity":"dance","level":"inform"}
{"peer":"Nobody","date":"2026-11-04","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Moss","date":"2026-11-04","hours":"1","activity":"meeting","level":"inform"}
EOF
snap
run engage-log --json "$tmp/bad.jsonl"
is_rc 65 "a bad line fails the batch"
err_has "bad.jsonl:2: activity \"dance\" is not one of" "the line is named"
err_has '^engage-log: nothing written$' "nothing written"
check "no records printed for a batch rolled back" test ! -s "$tmp/out"
unchanged "a failed batch"

# --keep-going stores the good lines and reports each bad one.
run engage-log --keep-going --json "$tmp/bad.jsonl"
is_rc 65 "--keep-going: exit 65 when a line was rejected"
err_has "bad.jsonl:2: activity \"dance\"" "--keep-going reports line 2"
err_has "bad.jsonl:3: no peer \"Nobody\"" "--keep-going reports line 3"
err_has '^engage-log: 2 added, 0 unchanged, 2 rejected$' "--keep-going counts"
check "--keep-going prints the stored records" test "$(jq -r .alias "$tmp/out" | tr '\n' ' ')" = "Raven Moss "

# A re-import of the store's own export changes nothing.
ok_cmd -o "$tmp/export.jsonl" engage-log --list --json
snap
run engage-log -q - <"$tmp/export.jsonl"
is_rc 0 "re-import of an export"
unchanged "re-import of an export"
run engage-log "$tmp/export.jsonl"
is_rc 0 "re-import of an export, from a FILE"
err_has '^engage-log: 0 added, 5 unchanged, 0 rejected$' "all unchanged"
ok_cmd -o "$tmp/export.json" jq -s . "$tmp/export.jsonl"
run engage-log "$tmp/export.json"
is_rc 0 "re-import of an export as one JSON array"
err_has '^engage-log: 0 added, 5 unchanged, 0 rejected$' "one JSON array reads the same"
unchanged "re-import of an array"
# Upper-case uuids are the same uuids.
ok_cmd -o "$tmp/upper.jsonl" jq -c '.uuid |= ascii_upcase' "$tmp/export.jsonl"
run engage-log "$tmp/upper.jsonl"
is_rc 0 "re-import with upper-case uuids"
err_has '0 added, 5 unchanged' "upper-case uuids match"

# A record with a uuid is stored under it, once.
u=7d0c5e8a-1b2c-4d3e-8f90-a1b2c3d4e5f6
printf '{"uuid":"%s","peer":"Moss","date":"2026-11-05","hours":"2","activity":"training","level":"empower"}\n' \
    $u >"$tmp/u.jsonl"
run engage-log --json "$tmp/u.jsonl"
is_rc 0 "a new uuid"
check "stored under its uuid" test "$(jq -r .uuid "$tmp/out")" = $u
# Its id as stored (PostgreSQL's sequences keep the numbers a refused
# batch took, SQLite's do not).
id=$(jq -r .id "$tmp/out")
run sql "SELECT id FROM engagements WHERE uuid = '$u'"
is_rc 0 "the new engagement read"
is_outs "$id" "printed with its id as stored"
run engage-log --json "$tmp/u.jsonl"
is_rc 0 "the same uuid again"
err_has '0 added, 1 unchanged' "the same line again: unchanged"
check "unchanged records print as stored" test "$(jq -r .id "$tmp/out")" = "$id"
printf '{"uuid":"%s","peer":"Moss","date":"2026-11-05","hours":"2","activity":"training","level":"empower","note":"late"}\n' \
    $u >"$tmp/u2.jsonl"
snap
run engage-log "$tmp/u2.jsonl"
is_rc 65 "the same uuid, other content"
err_has "u2.jsonl:1: uuid $u is stored already \\(engagement $id\\) with other content: note is none there, \"late\" here" \
    "a conflict names the line, the uuid and the field"
unchanged "a conflict"

# Merge: another store with the same peers takes the export; void
# engagements arrive void; a paid one arrives unpaid, for its payment
# (named by payment_uuid) to settle when it is imported too (the whole
# merge is tests/cli/0205-honorarium-pay-merge.sh); an older export that
# names its payment by id alone cannot arrive paid.
ok_cmd engage-log --void 1 --reason "logged twice"
ok_cmd honorarium-pay --for 2 --date 2026-11-10
ok_cmd -o "$tmp/export.jsonl" engage-log --list --json
ok_cmd -o "$tmp/old-export.jsonl" jq -c 'del(.payment_uuid)' "$tmp/export.jsonl"
ok_cmd -o "$tmp/peers.jsonl" peer-list --json
export PEERKIT_DB="$tmp/other.db"
ok_cmd peer-add -q - <"$tmp/peers.jsonl"
run engage-log --keep-going "$tmp/old-export.jsonl"
is_rc 65 "merge of an old export: the paid engagement is refused"
err_has 'old-export.jsonl:2: payment_id 1: a new engagement cannot arrive paid' "merge: why"
err_has '5 added, 0 unchanged, 1 rejected' "merge: the others added"
run engage-log --list --status void --json
is_rc 0 "merge: list the void engagements"
check "merge: a void engagement arrives void" test "$(jq -r .void_reason "$tmp/out")" = "logged twice"
run engage-log "$tmp/export.jsonl"
is_rc 0 "merge: with its payment_uuid, the paid engagement arrives"
err_has '1 added, 5 unchanged, 0 rejected' "merge again: the paid one added"
err_has 'warning: 1 engagement arrived paid by payments this store does not hold: not owed here, but those payments count in no total or T4A slip until they are imported' \
    "merge: paid elsewhere, not owed here, and said"
u=$(jq -r 'select(.status == "paid") | .uuid' "$tmp/export.jsonl")
check "merge: the export has one paid engagement" test -n "$u"
run engage-log --list --json
is_rc 0 "merge: list the engagements"
check "merge: paid elsewhere, no payment of it here, nothing owed" test "$(jq -r --arg u "$u" 'select(.uuid == $u) | [.status, .payment_id, .payment_uuid, .amount_paid, .balance, .paid_elsewhere] | @tsv' "$tmp/out")" = "$(printf 'paid\t\t\t37.50\t0.00\t37.50')"
run engage-log "$tmp/export.jsonl" --keep-going
is_rc 0 "merge again, --keep-going"
err_has '0 added, 6 unchanged, 0 rejected' "merge again: nothing added"

# A thousand lines in one batch.
export PEERKIT_DB="$tmp/big.db"
ok_cmd peer-add -q --alias Raven
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "{\"peer\":\"Raven\",\"date\":\"2026-10-%02d\",\"hours\":\"0:%02d\",\"activity\":\"shift\",\"level\":\"inform\"}\n", i % 31 + 1, i % 59 + 1 }' >"$tmp/big.jsonl"
run engage-log "$tmp/big.jsonl"
is_rc 0 "a thousand lines"
ok_cmd -o "$tmp/sum.json" engage-log --summary --period 2026-10 --json
run jq -r '"\(.engagements) \(.minutes) \(.due)"' "$tmp/sum.json"
is_rc 0 "the summary is read"
is_outs '1000 29916 12465.00' "a thousand lines: counted, minutes and money summed"
done_testing
