#!/bin/sh
# peer-list: filters, formats, one peer in full, and the round trip
# peer-list --json | peer-add - that changes nothing.
. "$(dirname "$0")/lib.sh"

printf '%s\n' \
    '{"alias":"Raven","role":"peer-worker","region":"North","site":"Hub"}' \
    '{"alias":"Moss","role":"outreach-worker","region":"South","surname":"Ravenscroft"}' \
    '{"alias":"=cmd()","role":"participant","region":"North"}' \
    '{"alias":"Zoë","role":"participant","region":"North","sin":"130692544"}' \
    >"$tmp/four.jsonl"
run peer-add - <"$tmp/four.jsonl"
is_rc 0 "a batch of four"
err_has "4 added, 0 updated, 0 unchanged, 0 rejected" "a batch of four: the summary"

run peer-list
is_rc 0 "list all"
is_outs "ID  ALIAS   ROLE             REGION  SITE  METHOD  SIN          STATUS
 1  Raven   peer-worker      North   Hub   -       -            active
 2  Moss    outreach-worker  South   -     -       -            active
 3  =cmd()  participant      North   -     -       -            active
 4  Zoë     participant      North   -     -       ***-***-544  active" "a table aligned by characters, not bytes"
run peer-list --region North --role participant --json
is_rc 0 "filters combine"
check "two peers" test "$(jq -r .alias "$tmp/out" | tr '\n' ' ')" = "=cmd() Zoë "
run peer-list --search raven --json
is_rc 0 "--search"
check "--search finds alias and surname" test "$(jq -r .alias "$tmp/out" | tr '\n' ' ')" = "Raven Moss "
run peer-list --region Nowhere
is_rc 0 "nothing matches"
err_has "no peers match" "says so on stderr"
check "and prints nothing" test ! -s "$tmp/out"
run peer-list --format csv --region North
is_rc 0 "CSV"
check "a formula-like alias is guarded" grep -q "^3,[^,]*,'=cmd()," "$tmp/out"
check "SIN masked in CSV" grep -q '\*\*\*-\*\*\*-544' "$tmp/out"
run peer-list --format json
is_rc 0 "--format json"
check "one JSON array" jq -e 'length == 4' "$tmp/out"
run peer-list Zoë
is_rc 0 "one peer in full"
check "the card shows every field" grep -q "^postal_code: *-$" "$tmp/out"
check "an empty list reads - as in the table" grep -qx "sin_requested:   -" "$tmp/out"
lacks "no field is left blank" ': *$' "$tmp/out"
run peer-list 4 --json
is_rc 0 "REF as id"
check "REF as id" jq -e '.alias == "Zoë"' "$tmp/out"
run peer-list Nobody
is_rc 65 "an unknown REF"
err_has 'no peer "Nobody"' "names it"
run peer-list --role x Raven
is_rc 64 "filters and a REF"

# The round trip: exports re-imported change nothing.
ok_cmd -o "$tmp/export.jsonl" peer-list --json
ok_cmd -o "$tmp/export.json" peer-list --format json
snap
run peer-add - <"$tmp/export.jsonl"
is_rc 0 "re-importing peer-list --json"
err_has "0 added, 0 updated, 4 unchanged" "re-import reports all unchanged"
unchanged "re-importing peer-list --json"
run peer-add - <"$tmp/export.json"
is_rc 0 "re-importing a JSON array"
unchanged "re-importing a JSON array"

# Another store merges them by uuid.
ok_cmd peer-add --db "$tmp/site2.db" - <"$tmp/export.jsonl"
run peer-list --db "$tmp/site2.db" --json
is_rc 0 "the second store lists its peers"
check "the second store has the same uuids" test "$(jq -r .uuid "$tmp/out" | sort)" = "$(jq -r .uuid "$tmp/export.jsonl" | sort)"
check "a masked SIN is not carried" test "$(sqlite3 "$tmp/site2.db" "select count(sin) from peers")" = 0
ok_cmd peer-add --update Moss --sin 527194831
ok_cmd -o "$tmp/moss.jsonl" peer-list Moss --json
ok_cmd -o "$tmp/moss999.jsonl" jq -c '.sin = "***-***-999"' "$tmp/moss.jsonl"
run peer-add - <"$tmp/moss999.jsonl"
is_rc 65 "a masked SIN that contradicts the one on record"
err_has 'masked SIN that does not match' "says so"
ok_cmd -o "$tmp/reveal.jsonl" peer-list --json --reveal-sin
ok_cmd peer-add --db "$tmp/site3.db" - <"$tmp/reveal.jsonl"
ok_cmd -o "$tmp/full" peer-list --db "$tmp/site3.db" --reveal-sin --json Zoë
check "--reveal-sin carries SINs" jq -e '.sin == "130692544"' "$tmp/full"
# Changing one field of an exported record updates that peer only.
ok_cmd -o "$tmp/export.jsonl" peer-list --json
ok_cmd -o "$tmp/harbour.jsonl" jq -c 'if .alias == "Moss" then .site = "Harbour" else . end' "$tmp/export.jsonl"
run peer-add - <"$tmp/harbour.jsonl"
is_rc 0 "a re-import with one field changed"
err_has "0 added, 1 updated, 3 unchanged" "one updated"
done_testing
