#!/bin/sh
# Text that is not UTF-8 (typed on a Latin-1 terminal, saved by a
# spreadsheet as Windows-1252) is refused with its own message: where
# (the option, or the file, line and byte), exit 65, the store unchanged;
# never read as a missing field or a name that matches nobody.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven

# The command line: each option's value, and a REF operand.
latin1=$(printf 'Zo\353')	# Zoë in Latin-1
bad_quiet 65 '^peer-add: --alias: invalid UTF-8 at byte 3 \(0xeb\): give text as UTF-8$' \
    "peer-add --alias in Latin-1" peer-add --alias "$latin1"
lacks "no longer read as a missing alias" 'required' "$tmp/err"
bad_quiet 65 '^peer-add: --surname: invalid UTF-8 at byte 3 ' \
    "peer-add --surname in Latin-1" peer-add --alias Zoe --surname "$latin1"
bad_quiet 65 '^peer-add: --update: invalid UTF-8 at byte 3 ' \
    "peer-add --update REF in Latin-1" peer-add --update "$latin1" --site Hub
bad_quiet 65 '^engage-log: --peer: invalid UTF-8 at byte 3 ' \
    "engage-log --peer in Latin-1" engage-log --peer "$latin1" --hours 1 --activity meeting --level consult
bad_quiet 65 '^engage-log: --note: invalid UTF-8 at byte 4 \(0xe9\)' \
    "engage-log --note in Latin-1" engage-log --peer Raven --hours 1 --activity meeting --level consult --note "$(printf 'caf\351 \351t\351')"
bad_quiet 65 '^honorarium-pay: --note: invalid UTF-8 at byte 1 ' \
    "honorarium-pay --note" honorarium-pay --peer Raven --amount 5.00 --note "$(printf '\377')"
bad_quiet 65 '^peer-list: --search: invalid UTF-8 at byte 3 ' \
    "peer-list --search" peer-list --search "$latin1"
bad_quiet 65 '^peer-list: peer reference: invalid UTF-8 at byte 3$' \
    "peer-list REF" peer-list "$latin1"
bad_quiet 65 '^onboard-check: peer reference: invalid UTF-8 at byte 3$' \
    "onboard-check REF" onboard-check "$latin1"
# A cut sequence: the first byte of é, then an ASCII letter.
bad_quiet 65 '^peer-add: --alias: invalid UTF-8 at byte 3 \(0xc3\)' \
    "a sequence cut short" peer-add --alias "$(printf 'Zo\303e')"

# File names are the file system's, whatever their bytes.
dir="$tmp/$(printf 'r\351gion')"
mkdir "$dir"
run peer-add --db "$dir/peerkit.db" --alias Moss
is_rc 0 "--db naming a directory that is not UTF-8"
printf '{"alias":"Wren"}\n' >"$dir/in.jsonl"
run peer-add "$dir/in.jsonl"
is_rc 0 "a FILE whose name is not UTF-8"

# JSON Lines: the line and the byte in it (from 1).
printf '{"alias":"Kestrel"}\n{"alias":"Heron"}\n{"alias":"Zo\353"}\n' >"$tmp/in.jsonl"
bad_quiet 65 '^peer-add: .*/in.jsonl:3: invalid UTF-8 at byte 13 \(0xeb\): save the file as UTF-8$' \
    "JSON Lines: line 3, byte 13" peer-add "$tmp/in.jsonl"
err_has '^peer-add: nothing written$' "nothing written"
lacks "not called malformed JSON" 'malformed' "$tmp/err"
printf '{"peer":"Raven","date":"2026-11-20","hours":"1","activity":"meeting","level":"consult","note":"\303\251t\351"}\n' >"$tmp/eng.jsonl"
bad_quiet 65 '^engage-log: .*/eng.jsonl:1: invalid UTF-8 at byte 99 \(0xe9\)' \
    "engage-log: a note, after a letter of two bytes" engage-log "$tmp/eng.jsonl"
printf '{"peer":"Raven","amount":"5.00"}\n{"peer":"Raven","amount":"5.00","note":"\377"}\n' >"$tmp/pay.jsonl"
bad_quiet 65 '^honorarium-pay: .*/pay.jsonl:2: invalid UTF-8 at byte 41 \(0xff\)' \
    "honorarium-pay: line 2" honorarium-pay "$tmp/pay.jsonl"
run peer-add --keep-going "$tmp/in.jsonl"
is_rc 65 "--keep-going: the other lines stored"
err_has '/in.jsonl:3: invalid UTF-8 at byte 13' "line 3 reported"
err_has '2 added, 0 updated, 0 unchanged, 1 rejected' "the tally"

# One JSON array: the line of the file, and the byte in that line.
printf '[{"alias":"Finch"},\n  {"alias":"Zo\353"}]\n' >"$tmp/in.json"
bad_quiet 65 '^peer-add: .*/in.json:2: invalid UTF-8 at byte 15 \(0xeb\)' \
    "an array: line 2, byte 15" peer-add "$tmp/in.json"
# With a BOM: the bytes of the line after it.
printf '\357\273\277{"alias":"\351"}\n' >"$tmp/bom.jsonl"
bad_quiet 65 '^peer-add: .*/bom.jsonl:1: invalid UTF-8 at byte 11 \(0xe9\)' \
    "after a BOM: counted from the first brace" peer-add "$tmp/bom.jsonl"
done_testing
