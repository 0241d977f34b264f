#!/bin/sh
# peer-list --history REF: the audit trail of one peer, oldest first:
# its own record, its credit, and the engagements, payments and
# onboarding steps that are its now (a merge brings them, with their
# past).  Who, when, which tool, what, and the fields changed, before
# and after; a SIN masked in every format, even one the trail should
# never have held.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$top/share/peerkit/examples/demo-config.yaml"
me=$(id -un)
uuid_re='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

# A peer's year: registered, a SIN (from stdin), a move, a duplicate
# record merged in, work, a payment voided, onboarding, deactivated.
# Moss's records are beside them and must not show.
ok_cmd peer-add --alias Raven --role peer-worker
printf '130 692 544\n' >"$tmp/sin"
ok_cmd peer-add --update Raven --sin - <"$tmp/sin"
ok_cmd peer-add --update Raven --city Kelowna --sin-requested 2026-01-15
ok_cmd peer-add --alias Moss
ok_cmd peer-add --alias Fern --surname Lee --email fern@example.org
ok_cmd engage-log --peer Fern --hours 1 --activity meeting --level inform \
    --date 2026-11-02
ok_cmd engage-log --peer Moss --hours 1 --activity meeting --level inform \
    --date 2026-11-02
ok_cmd peer-add --merge Fern --into Raven
ok_cmd engage-log --peer Raven --hours 2 --activity shift --level involve \
    --date 2026-11-09
ok_cmd honorarium-pay --peer Raven --amount 100
ok_cmd honorarium-pay --void 1 --reason "wrong peer"
ok_cmd onboard-check --done orientation Raven
ok_cmd peer-add --deactivate Raven

# JSON Lines: an entry per line, which entries and the fields each one
# changed.
snap
run peer-list --history Raven --json
is_rc 0 "--history --json"
unchanged "--history only reads"
cp "$tmp/out" "$tmp/raven.jsonl"
check "no message" test ! -s "$tmp/err"
thru jq -c '[.id, .who, .tool, .action, .kind, .record_id, [.changes[].field]]'
cat >"$tmp/want" <<EOF
[1,"$me","peer-add","create","peer",1,["alias","role","role_since","status"]]
[2,"$me","peer-add","update","peer",1,["sin"]]
[3,"$me","peer-add","update","peer",1,["city","sin_requested"]]
[6,"$me","engage-log","create","engagement",1,["peer_id","peer_uuid","alias","date","hours","minutes","activity","level","amount_due","status","amount_paid","balance","paid_elsewhere"]]
[8,"$me","peer-add","merge","engagement",1,["peer_id"]]
[9,"$me","peer-add","merge","peer",1,["surname","email"]]
[11,"$me","engage-log","create","engagement",3,["peer_id","peer_uuid","alias","date","hours","minutes","activity","level","amount_due","status","amount_paid","balance","paid_elsewhere"]]
[12,"$me","honorarium-pay","allocate","engagement",1,["amount_paid","payment_id"]]
[13,"$me","honorarium-pay","allocate","engagement",3,["amount_paid","payment_id"]]
[14,"$me","honorarium-pay","allocate","credit",1,["credit","payment_id"]]
[15,"$me","honorarium-pay","create","payment",1,["peer_id","peer_uuid","alias","date","amount","method","kind","engagements","status","engagement_uuids","allocations","credit","rounding"]]
[16,"$me","honorarium-pay","unallocate","engagement",1,["amount_paid","payment_id"]]
[17,"$me","honorarium-pay","unallocate","engagement",3,["amount_paid","payment_id"]]
[18,"$me","honorarium-pay","unallocate","credit",1,["credit","payment_id"]]
[19,"$me","honorarium-pay","void","payment",1,["engagements","status","void_reason","voided_at","engagement_uuids","allocations","credit"]]
[20,"$me","onboard-check","done","onboarding",1,["peer_id","item","action","date","by"]]
[21,"$me","peer-add","update","peer",1,["status"]]
EOF
is_out "$tmp/want" "Raven's entries, Fern's engagement among them, none of Moss's"
check "every entry at the fixed clock, with the record's uuid" jq -e -s \
    "all(.[]; .at == \"2026-11-23T12:00:00Z\" and (.record_uuid | test(\"^$uuid_re\$\")))" \
    "$tmp/raven.jsonl"

# The values before and after, as the trail has them.
changes() {	# changes ENTRY-ID: that entry's changes, compact
	jq -c "select(.id == $1) | .changes" "$tmp/raven.jsonl"
}
check "the SIN set: none before, masked after" test "$(changes 2)" = \
    '[{"field":"sin","before":null,"after":"***-***-544"}]'
check "an update: what changed, lists as lists" test "$(changes 3)" = \
    '[{"field":"city","before":null,"after":"Kelowna"},{"field":"sin_requested","before":[],"after":["2026-01-15"]}]'
check "the merge moved Fern's engagement: peer 3 to peer 1" \
    test "$(changes 8)" = '[{"field":"peer_id","before":3,"after":1}]'
check "an allocation: the amount paid, and by which payment" test "$(changes 12)" = \
    '[{"field":"amount_paid","before":"0.00","after":"25.00"},{"field":"payment_id","before":null,"after":1}]'
check "the void: the status and the reason" test "$(changes 19 |
    jq -c 'map(select(.field == "status" or .field == "void_reason"))')" = \
    '[{"field":"status","before":"paid","after":"void"},{"field":"void_reason","before":null,"after":"wrong peer"}]'
check "deactivated" test "$(changes 21)" = \
    '[{"field":"status","before":"active","after":"inactive"}]'

# The record merged keeps its own history: no engagement, the merge.
run peer-list --history Fern --format jsonl
is_rc 0 "--history of the record merged"
thru jq -c '[.id, .action, .kind, .record_id, .changes]'
is_outs '[5,"create","peer",3,[{"field":"alias","before":null,"after":"Fern"},{"field":"surname","before":null,"after":"Lee"},{"field":"email","before":null,"after":"fern@example.org"},{"field":"status","before":null,"after":"active"}]]
[10,"merge","peer",3,[{"field":"status","before":"active","after":"inactive"},{"field":"merged_into","before":null,"after":1}]]' \
    "Fern's own record: created, then merged into Raven"

# The table: a line per field changed, the entry's cells on its first.
nchanges() { jq -s 'map(.changes | length) | add' "$tmp/raven.jsonl"; }
run peer-list --history Fern
is_rc 0 "--history, a table"
sed "s/ROOT/$(printf '%-4s' "$me")/" >"$tmp/want" <<'EOF'
AT                    WHO   TOOL      ACTION  RECORD  FIELD        BEFORE  AFTER
2026-11-23T12:00:00Z  ROOT  peer-add  create  peer 3  alias        -       Fern
                                                      surname      -       Lee
                                                      email        -       fern@example.org
                                                      status       -       active
2026-11-23T12:00:00Z  ROOT  peer-add  merge   peer 3  status       active  inactive
                                                      merged_into  -       1
EOF
if [ "$me" = root ]; then
	is_out "$tmp/want" "Fern's history as a table"
else
	t_result 0 "# SKIP the table's widths are those of the login name root"
fi
run peer-list --history Raven --format table
is_rc 0 "--history Raven, a table"
cp "$tmp/out" "$tmp/raven.table"
check "a line per field changed, and the heading" test "$(wc -l <"$tmp/raven.table")" = \
    "$(($(nchanges) + 1))"
check "the SIN set, masked" grep -Eq "^2026-11-23T12:00:00Z  $me +peer-add +update +peer 1 +sin +- +\*\*\*-\*\*\*-544$" "$tmp/raven.table"
check "the move of the engagement" grep -Eq "merge +engagement 1 +peer_id +3 +1$" "$tmp/raven.table"
check "a long value cut to fit" grep -Eq '^ +allocations +- +\[\{"engagement_id":1,.{20,}\.\.\.$' "$tmp/raven.table"
check "the void's reason" grep -Eq '^ +void_reason +- +wrong peer$' "$tmp/raven.table"

# CSV: a line per field changed, every line with its entry's columns.
run peer-list --history Raven --format csv
is_rc 0 "--history --format csv"
cp "$tmp/out" "$tmp/raven.csv"
check "the header" test "$(head -n 1 "$tmp/raven.csv")" = \
    "$(printf 'id,at,who,tool,action,kind,record_id,record_uuid,field,before,after\r')"
check "as many lines as fields changed" test "$(($(wc -l <"$tmp/raven.csv") - 1))" = \
    "$(nchanges)"
check "the SIN set, masked, its entry whole" grep -Eq \
    "^2,2026-11-23T12:00:00Z,$me,peer-add,update,peer,1,$uuid_re,sin,,\*\*\*-\*\*\*-544"$(printf '\r')\$ \
    "$tmp/raven.csv"
check "a list joined" grep -q ',sin_requested,,2026-01-15' "$tmp/raven.csv"
check "nothing cut in CSV" grep -Eq ',allocations,,"\[\{""engagement_id"":1,""engagement_uuid"":""'"$uuid_re"'"",""amount"":""25.00""\},' "$tmp/raven.csv"

# JSON: one array of the same records.
run peer-list --history Raven --format json
is_rc 0 "--history --format json"
thru jq -c '.[]'
is_out "$tmp/raven.jsonl" "JSON: the records of JSON Lines, in an array"

# By id and by uuid: the same.
uuid=$(jq -r 'select(.kind == "peer") | .record_uuid' "$tmp/raven.jsonl" | head -n 1)
run peer-list --history 1 --json
is_rc 0 "--history by id"
is_out "$tmp/raven.jsonl" "by id, the same history"
run peer-list --history "$uuid" --json
is_rc 0 "--history by uuid"
is_out "$tmp/raven.jsonl" "by uuid, the same history"
run peer-list --history raven --json -q
is_rc 0 "--history by alias, in another case"
is_out "$tmp/raven.jsonl" "by alias without regard to case, the same"

# A SIN never comes out in full, not even one written to the trail in
# the clear (by a tool of another time, or by hand).  (The trail takes
# rows added; it refuses only edits and deletes.)
ok_cmd sql "INSERT INTO audit (at, who, tool, action,
    kind, record_id, record_uuid, before, after) VALUES
    ('2026-11-23T12:00:00Z', 'someone', 'sqlite3', 'update', 'peer', 1,
    '$uuid', '{\"sin\":\"***-***-544\",\"notes\":null}',
    '{\"sin\":\"130692544\",\"notes\":\"fixed\",\"slip\":{\"sin\":\"130692544\"},\"t\":[{\"sin\":130692544},{\"sin\":\"130 692 544\"}]}')"
for f in table json jsonl csv; do
	run peer-list --history Raven --format $f
	is_rc 0 "--history --format $f, with a SIN in the clear in the trail"
	cp "$tmp/out" "$tmp/masked.$f"
	lacks "$f: the SIN is not in it" '130[ -]\{0,1\}692[ -]\{0,1\}544' "$tmp/masked.$f"
	lacks "$f: nor its first six digits" '130.\{0,1\}692' "$tmp/masked.$f"
	check "$f: the entry is there, masked" grep -q '\*\*\*-\*\*\*-544' "$tmp/masked.$f"
done
check "the SIN in the clear masked; the nested ones masked or dropped" test \
    "$(jq -c 'select(.who == "someone") | .changes' "$tmp/masked.jsonl")" = \
    '[{"field":"notes","before":null,"after":"fixed"},{"field":"slip","before":null,"after":{"sin":"***-***-544"}},{"field":"t","before":null,"after":[{"sin":null},{"sin":null}]}]'
check "the store does hold that SIN (so the searches above could find it)" \
    test "$(sql "SELECT count(*) FROM audit WHERE after LIKE '%130692544%'")" = 1

# A peer the trail knows nothing of (put in the store by hand): nothing
# to show, and a note saying so.
ok_cmd sql "INSERT INTO peers (uuid, alias, created_at,
    updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'Ghost',
    '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
for f in table csv jsonl json; do
	run peer-list --history Ghost --format $f
	is_rc 0 "--history --format $f of a peer with no entry"
	err_has '^peer-list: no history of peer 4$' "$f: a note says so"
done
check "JSON: an empty array" test "$(cat "$tmp/out")" = "[]"

# An unknown or ambiguous REF: as peer-list REF says it, 65.
run peer-list Nobody
is_rc 65 "peer-list REF, unknown"
cp "$tmp/err" "$tmp/unknown.err"
bad_quiet 65 '^peer-list: no peer "Nobody"$' "--history, an unknown REF" \
    peer-list --history Nobody
check "the same message as peer-list REF" cmp -s "$tmp/err" "$tmp/unknown.err"
bad_quiet 65 '^peer-list: no peer with id 99$' "--history, an unknown id" \
    peer-list --history 99 --format csv
# peer-add refuses an alias that folds like one on record (0031); a
# store from before may hold both: made with the sqlite3 shell.
ok_cmd sql "INSERT INTO peers (uuid, alias, region,
    created_at, updated_at) VALUES ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9eff',
    'moss', 'Interior', '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
bad_quiet 65 '^peer-list: peer "MOSS" is ambiguous: id 2 \(.*\); id 5 \(region Interior\); use an id or uuid$' \
    "--history, an ambiguous alias" peer-list --history MOSS --json

# Usage: --history takes a REF and goes alone.
bad_quiet 64 '^peer-list: --reveal-sin does not go with --history' \
    "--history --reveal-sin" peer-list --history Raven --reveal-sin
bad_quiet 64 '^peer-list: --status does not go with --history' \
    "--history with a filter" peer-list --history Raven --status active
bad_quiet 64 '^peer-list: give one of --history or a REF' \
    "--history and a REF operand" peer-list --history Raven Moss
bad_quiet 64 '^peer-list: --history: a value is needed$' \
    "--history without a REF" peer-list --history
done_testing
