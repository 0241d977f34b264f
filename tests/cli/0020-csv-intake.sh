#!/bin/sh
# CSV intake: a list of peers as a spreadsheet saves it (a byte order
# mark, CRLF, accented names, a quoted cell with a comma and one with a
# line break), then engagements and payments, read through the real
# binaries by the .csv name or --input-format; each row is the record
# the same JSON would be.
. "$(dirname "$0")/lib.sh"
bom=$(printf '\357\273\277')
cr=$(printf '\r')

# Saved by a spreadsheet: BOM, CRLF, columns in its own order, an empty
# cell for a field not set, a blank row at the end.
printf '%s' "$bom" >"$tmp/intake.csv"
sed "s/\$/$cr/" >>"$tmp/intake.csv" <<'EOF'
alias,region,role,notes,sin_requested,demographics
Émilie,North,peer-worker,"meets Tuesdays, at the hub",2026-01-05;2026-02-01,"{""age"":""30-39""}"
Zoë,,participant,"first line
second line",,
"Nakʼwaxdaʼxw",South,,,,
 Sky Walker ,North,participant,"she said ""hi""",,
,,,,,
EOF
check "the file has CRLF line ends" grep -q "$cr\$" "$tmp/intake.csv"
check "and begins with a BOM" test "$(head -c 3 "$tmp/intake.csv")" = "$bom"
run peer-add "$tmp/intake.csv"
is_rc 0 "peer-add reads a .csv FILE"
err_has "^peer-add: 4 added, 0 updated, 0 unchanged, 0 rejected$" \
    "four records; the blank row skipped"
run peer-list --json
is_rc 0 "peer-list --json"
thru jq -c '[.alias, .region, .role, .notes, .sin_requested, .demographics]'
is_outs '["Émilie","North","peer-worker","meets Tuesdays, at the hub",["2026-01-05","2026-02-01"],{"age":"30-39"}]
["Zoë",null,"participant","first line\nsecond line",[],null]
["Nakʼwaxdaʼxw","South",null,null,[],null]
["Sky Walker","North","participant","she said \"hi\"",[],null]' \
    "the records as typed: no BOM, comma and quotes kept, CRLF in a cell an LF, the blanks around an alias dropped (0019), a list, an object"

# The same rows as JSON Lines make the same records.
cat >"$tmp/same.jsonl" <<'EOF'
{"alias":"Émilie","region":"North","role":"peer-worker","notes":"meets Tuesdays, at the hub","sin_requested":["2026-01-05","2026-02-01"],"demographics":{"age":"30-39"}}
EOF
ok_cmd -o "$tmp/csv.json" peer-list --json Émilie
ok_cmd peer-add --db "$tmp/json.db" "$tmp/same.jsonl"
ok_cmd -o "$tmp/json.json" peer-list --db "$tmp/json.db" --json Émilie
check "CSV and JSON make the same record" test "$(jq -c 'del(.uuid)' "$tmp/csv.json")" = "$(jq -c 'del(.uuid)' "$tmp/json.json")"

# A row that names a uuid already on record updates it: columns are
# fields, an empty cell changes nothing.
ok_cmd -o "$tmp/uuid" jq -r .uuid "$tmp/csv.json"
printf 'uuid,site,region\r\n%s,Hub,\r\n' "$(cat "$tmp/uuid")" >"$tmp/update.CSV"
run peer-add "$tmp/update.CSV"
is_rc 0 "a .CSV name in capitals is CSV too"
err_has "0 added, 1 updated, 0 unchanged" "the peer of the uuid updated"
run peer-list --json Émilie
is_rc 0 "peer-list Émilie"
check "the site set, the region left as it was" jq -e '.site == "Hub" and .region == "North"' "$tmp/out"

# Standard input is JSON unless asked; --input-format csv reads CSV.
printf 'alias,role\nWren,participant\n' >"$tmp/wren.txt"
run peer-add --input-format csv - <"$tmp/wren.txt"
is_rc 0 "--input-format csv: standard input"
err_has "1 added" "Wren added"
printf 'alias,role\nLark,participant\n' >"$tmp/lark.txt"
run peer-add --input-format csv --dry-run "$tmp/lark.txt"
is_rc 0 "--input-format csv: any name, in a dry run"
err_has "dry run, nothing written: 1 added" "the row read again, in a dry run"
printf '{"alias":"Heron"}\n' >"$tmp/heron.csv"
run peer-add --input-format jsonl "$tmp/heron.csv"
is_rc 0 "--input-format jsonl reads JSON whatever the name"
err_has "1 added" "Heron added"

# Engagements from a spreadsheet: ids as whole numbers, a list of
# supports, hours as text.
printf '%s' "$bom" >"$tmp/visits.csv"
sed "s/\$/$cr/" >>"$tmp/visits.csv" <<'EOF'
peer,date,hours,activity,level,supports,note
Émilie,2026-11-02,1.5,meeting,consult,transit;meal,"agenda: budget, hiring"
Zoë,2026-11-02,1:30,meeting,consult,,
Nakʼwaxdaʼxw,2026-11-03,2,outreach,involve,childcare,
EOF
run engage-log "$tmp/visits.csv"
is_rc 0 "engage-log reads a .csv FILE"
err_has "^engage-log: 3 added, 0 unchanged, 0 rejected$" "three engagements"
run engage-log --list --json
is_rc 0 "engage-log --list --json"
thru jq -c '[.alias, .date, .minutes, .supports, .note, .amount_due]'
is_outs '["Émilie","2026-11-02",90,["transit","meal"],"agenda: budget, hiring","37.50"]
["Zoë","2026-11-02",90,[],null,"37.50"]
["Nakʼwaxdaʼxw","2026-11-03",120,["childcare"],null,"50.00"]' \
    "each row the engagement its JSON would be"
printf 'peer_id,date,minutes,activity,level\n3,2026-11-04,45,shift,inform\n' \
    >"$tmp/minutes.csv"
run engage-log --json "$tmp/minutes.csv"
is_rc 0 "whole-number columns: peer_id, minutes"
check "45 minutes for peer 3" jq -e '.peer_id == 3 and .minutes == 45' "$tmp/out"

# Payments: one by peer, one settling engagements by id.
cat >"$tmp/pay.csv" <<'EOF'
peer,amount,kind,category,note,ref
Zoë,12.50,reimbursement,transit,"bus, both ways",z-1
Émilie,37.50,,,,e-1
EOF
run honorarium-pay "$tmp/pay.csv"
is_rc 0 "honorarium-pay reads a .csv FILE"
err_has "paid: 2 payments" "two payments"
printf 'engagements,amount,note\n3;4,68.75,in full\n' >"$tmp/for.csv"
run honorarium-pay --json "$tmp/for.csv"
is_rc 0 "engagements by id, joined with ;"
check "settles engagements 3 and 4" jq -e '.engagements == [3,4] and .amount == "68.75"' "$tmp/out"
# engage-log's CSV of what is owed is a plan honorarium-pay pays.
ok_cmd engage-log --db "$tmp/json.db" --peer Émilie --hours 1 --activity meeting --level inform --date 2026-11-05
ok_cmd -o "$tmp/owed.csv" engage-log --db "$tmp/json.db" --list --unpaid --format csv
run honorarium-pay --db "$tmp/json.db" "$tmp/owed.csv"
is_rc 0 "an engagement list as CSV pays what is owed"
err_has "paid: 1 payment, 25.00" "its balance paid"
done_testing
