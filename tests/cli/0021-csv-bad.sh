#!/bin/sh
# Bad CSV: each refused with exit 65, a message naming the line (and
# the column of a bad cell), and the store unchanged; --keep-going
# stores the good rows; the options --input-format and --bom misused
# are usage errors.
. "$(dirname "$0")/lib.sh"
ok_cmd peer-add --alias Raven

# bad_csv NAME CONTENT RE DESC: peer-add NAME.csv holding CONTENT (printf
# format) is refused: exit 65, RE on stderr, nothing on stdout, the
# store unchanged.
bad_csv() {
	printf "$2" >"$tmp/$1.csv"
	bad_quiet 65 "$3" "$4" peer-add "$tmp/$1.csv"
	err_has "^peer-add: nothing written$" "$4: nothing written"
}
bad_csv open 'alias,role\nWren,participant\nHeron,"peer-worker\nMoss,participant\n' \
    'open.csv:3: malformed CSV: a quoted field opened here is never closed' \
    "an unterminated quote, named by the line it opens on"
bad_csv cells 'alias,role\nWren,participant\nHeron,participant,extra\n' \
    'cells.csv:3: 3 cells, but the header names 2 columns' \
    "a row with a cell too many"
bad_csv short 'alias,role,region\nWren,participant\n' \
    'short.csv:2: 2 cells, but the header names 3 columns' \
    "a row with a cell too few"
bad_csv unknown 'alias,rank\nWren,1\n' \
    'unknown.csv:1: unknown field "rank" in the header' \
    "an unknown column"
bad_csv twice 'alias,role,alias\nWren,participant,Wren\n' \
    'twice.csv:1: the header names "alias" twice' "a column twice"
bad_csv noname 'alias,,role\nWren,,participant\n' \
    "noname.csv:1: the header's column 2 has no name" "a column with no name"
bad_csv role 'alias,role\nWren,participant\nHeron,pilot\n' \
    'role.csv:3: field "role": "pilot" is not in the configured roles' \
    "a value the record refuses, as in JSON"
bad_csv id 'id,alias\n1,Wren\nx,Heron\n' \
    'id.csv:3: column "id": expected a whole number, not "x"' \
    "a whole-number column that is not one"
bad_csv demo 'alias,demographics\nWren,{age: 30}\n' \
    'demo.csv:2: column "demographics": malformed JSON' \
    "a JSON column that is not JSON"
bad_csv quote 'alias,role\nWr"en,participant\n' \
    'quote.csv:2: malformed CSV: a quote inside a field that is not quoted' \
    "a quote inside a field that is not quoted"
bad_csv after 'alias,role\n"Wren"x,participant\n' \
    'after.csv:2: malformed CSV: .*text after a closing quote' \
    "text after a closing quote"
bad_csv utf8 'alias,role\nWr\377en,participant\n' \
    'utf8.csv:2: column "alias": not UTF-8 \(byte 3 of the cell, 0xff\)' \
    "bytes that are not UTF-8"
bad_csv nul 'alias,role\nWr\000en,participant\n' \
    'nul.csv:2: column "alias": a NUL byte' "a NUL byte"
bad_csv utf16 '\377\376a\000l\000i\000a\000s\000\n\000' \
    'utf16.csv:1: the header is not UTF-8 text: save the file as CSV in UTF-8' \
    "a spreadsheet's UTF-16 text"
# A record that spans lines is named by the line it begins on.
bad_csv span 'alias,notes,role\nWren,"one\ntwo\nthree",pilot\n' \
    'span.csv:2: field "role"' "a bad record over three lines: its first"

# JSON read as CSV and CSV read as JSON fail as such.
printf 'alias,role\nWren,participant\n' >"$tmp/list.txt"
bad_quiet 65 'list.txt:1: malformed JSON' "a CSV FILE not named .csv is JSON" \
    peer-add "$tmp/list.txt"
printf '{"alias":"Wren"}\n' >"$tmp/wren.csv"
bad_quiet 65 'wren.csv:1: malformed CSV: a quote inside a field' \
    "JSON in a .csv FILE" peer-add "$tmp/wren.csv"

# The other tools refuse in the same words.
printf 'peer,date,hours,activity,level\nRaven,2026-11-02,1,meeting,consult\nRaven,2026-11-02,x,meeting,consult\n' \
    >"$tmp/visits.csv"
bad_quiet 65 'visits.csv:3: hours "x"' "engage-log: a bad value, its line" \
    engage-log "$tmp/visits.csv"
printf 'peer,date,hours,activity,level,minutes\nRaven,2026-11-02,1,meeting,consult,sixty\n' \
    >"$tmp/minutes.csv"
bad_quiet 65 'minutes.csv:2: column "minutes": expected a whole number, not "sixty"' \
    "engage-log: a whole-number column" engage-log "$tmp/minutes.csv"
printf 'peer,amount,tip\nRaven,10.00,1.00\n' >"$tmp/pay.csv"
bad_quiet 65 'pay.csv:1: unknown field "tip" in the header' \
    "honorarium-pay: an unknown column" honorarium-pay "$tmp/pay.csv"
printf 'peer,amount\nRaven,10.001\n' >"$tmp/cents.csv"
bad_quiet 65 'cents.csv:2: field "amount"' \
    "honorarium-pay: money with three decimals" honorarium-pay "$tmp/cents.csv"

# --keep-going: the good rows stored, each bad one reported by its line.
printf 'alias,role\nWren,participant\nHeron,participant,x\nMoss,pilot\nFinch,participant\n' \
    >"$tmp/mixed.csv"
run peer-add --keep-going "$tmp/mixed.csv"
is_rc 65 "--keep-going: bad rows, exit 65"
err_has 'mixed.csv:3: 3 cells, but the header names 2 columns' "the short row named"
err_has 'mixed.csv:4: field "role"' "the bad value named"
err_has '2 added, 0 updated, 0 unchanged, 2 rejected' "the good rows stored"
run peer-list --json
is_rc 0 "peer-list"
check "Wren and Finch are there" test "$(jq -r .alias "$tmp/out" | tr '\n' ' ')" = "Raven Wren Finch "
# A broken header ends the batch whatever the options: nothing stored.
printf 'alias,rank\nHawk,1\n' >"$tmp/rank.csv"
bad 65 'rank.csv:1: unknown field "rank"' "--keep-going: a bad header stores nothing" \
    peer-add --keep-going "$tmp/rank.csv"

# Options misused.
bad_quiet 64 '--input-format: "xml" is not an input format \(csv or jsonl\)' \
    "--input-format xml" peer-add --input-format xml "$tmp/mixed.csv"
bad 64 '--input-format does not go with a new peer' \
    "--input-format without a FILE" peer-add --input-format csv --alias Kite
bad 64 '--input-format does not go with --list' \
    "engage-log --list --input-format" engage-log --list --input-format csv
bad 64 '--bom goes with --format csv' "--bom without CSV" peer-list --bom
bad 64 '--bom goes with --format csv' "--bom with JSON" \
    honorarium-pay --list --bom --json
done_testing
