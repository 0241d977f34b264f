#!/bin/sh
# A file saved with a UTF-8 byte order mark, as some editors and
# spreadsheets do, reads as the same file without it, in every tool that
# reads records; bytes that only begin like one are refused, naming the
# line, with nothing written.
. "$(dirname "$0")/lib.sh"
bom=$(printf '\357\273\277')

printf '%s{"alias":"Raven"}\n{"alias":"Moss"}\n' "$bom" >"$tmp/peers.jsonl"
run peer-add "$tmp/peers.jsonl"
is_rc 0 "peer-add: JSON Lines with a BOM"
err_has "^peer-add: 2 added, 0 updated, 0 unchanged, 0 rejected$" "both records stored"
printf '%s[{"alias":"Wren"}]' "$bom" >"$tmp/array.json"
run peer-add "$tmp/array.json"
is_rc 0 "peer-add: one JSON array with a BOM"
run peer-list --json
is_rc 0 "peer-list"
thru jq -r .alias
is_outs "Raven
Moss
Wren" "the aliases as typed, no BOM in the first"

printf '%s{"peer":"Raven","date":"2026-11-02","hours":"2","activity":"meeting","level":"consult"}\n' \
    "$bom" >"$tmp/eng.jsonl"
run engage-log "$tmp/eng.jsonl"
is_rc 0 "engage-log: JSON Lines with a BOM"
printf '%s{"peer":"Moss","date":"2026-11-02","amount":"25.00"}\n' "$bom" \
    >"$tmp/pay.jsonl"
run honorarium-pay "$tmp/pay.jsonl"
is_rc 0 "honorarium-pay: JSON Lines with a BOM"

# Two of its three bytes: not a BOM, and not UTF-8.
printf '\357\273{"alias":"Heron"}\n' >"$tmp/half.jsonl"
bad 65 "half.jsonl:1: malformed JSON" "two bytes of a BOM: refused" \
    peer-add "$tmp/half.jsonl"
done_testing
