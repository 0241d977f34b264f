#!/bin/sh
# peer-list: filters, formats, one peer in full, and the round trip
# peer-list --json | peer-add - that changes nothing.
. "$(dirname "$0")/lib.sh"

printf '%s\n' \
    '{"alias":"Raven","role":"peer-worker","region":"North","site":"Hub"}' \
    '{"alias":"Moss","role":"outreach-worker","region":"South","surname":"Ravenscroft"}' \
    '{"alias":"=cmd()","role":"participant","region":"North"}' \
    '{"alias":"Zoë","role":"participant","region":"North","sin":"130692544"}' |
    peer-add - 2>"$tmp/err"
check "a batch of four" grep -q "4 added, 0 updated, 0 unchanged, 0 rejected" "$tmp/err"

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
check "--search finds alias and surname" test "$(jq -r .alias "$tmp/out" | tr '\n' ' ')" = "Raven Moss "
run peer-list --region Nowhere
is_rc 0 "nothing matches"
err_has "no peers match" "says so on stderr"
check "and prints nothing" test ! -s "$tmp/out"
run peer-list --format csv --region North
is_rc 0 "CSV"
check "a formula-like alias is guarded" grep -q "^3,'=cmd()," "$tmp/out"
check "SIN masked in CSV" grep -q '\*\*\*-\*\*\*-544' "$tmp/out"
run peer-list --format json
check "one JSON array" jq -e 'length == 4' "$tmp/out"
run peer-list Zoë
is_rc 0 "one peer in full"
check "the card shows every field" grep -q "^postal_code: *-$" "$tmp/out"
check "an empty list reads - as in the table" grep -qx "sin_requested:   -" "$tmp/out"
check "no field is left blank" sh -c "! grep -q ': *\$' '$tmp/out'"
run peer-list 4 --json
check "REF as id" jq -e '.alias == "Zoë"' "$tmp/out"
run peer-list Nobody
is_rc 65 "an unknown REF"
err_has 'no peer "Nobody"' "names it"
run peer-list --role x Raven
is_rc 64 "filters and a REF"

# The round trip: exports re-imported change nothing.
snap
peer-list --json | peer-add - 2>"$tmp/err"
check "re-import reports all unchanged" grep -q "0 added, 0 updated, 4 unchanged" "$tmp/err"
unchanged "re-importing peer-list --json"
peer-list --format json | peer-add - 2>"$tmp/err"
unchanged "re-importing a JSON array"

# Another store merges them by uuid.
peer-list --json | peer-add --db "$tmp/site2.db" - 2>/dev/null
run peer-list --db "$tmp/site2.db" --json
check "the second store has the same uuids" test "$(jq -r .uuid "$tmp/out" | sort)" = "$(peer-list --json | jq -r .uuid | sort)"
check "a masked SIN is not carried" test "$(sqlite3 "$tmp/site2.db" "select count(sin) from peers")" = 0
peer-add --update Moss --sin 130692544 >/dev/null
run sh -c "peer-list Moss --json | jq -c '.sin = \"***-***-999\"' | peer-add -"
is_rc 65 "a masked SIN that contradicts the one on record"
err_has 'masked SIN that does not match' "says so"
peer-list --json --reveal-sin | peer-add --db "$tmp/site3.db" - 2>/dev/null
check "--reveal-sin carries SINs" test "$(sqlite3 "$tmp/site3.db" "select sin from peers where alias='Zoë'")" = 130692544
# Changing one field of an exported record updates that peer only.
peer-list --json | jq -c 'if .alias == "Moss" then .site = "Harbour" else . end' | peer-add - 2>"$tmp/err"
check "one updated" grep -q "0 added, 1 updated, 3 unchanged" "$tmp/err"
done_testing
