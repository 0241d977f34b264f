#!/bin/sh
# t4a-report: the yearly report and its edges (exactly 500.00, 500.01,
# voids, reimbursements, other years), --all, every format, --check as
# the details come in, the statements.  The store is only ever read.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

run t4a-report --year 2026
is_rc 66 "no store yet"
err_has "no store yet" "says so"

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Moss --surname Green --sin-requested 2026-01-15 \
    --sin-requested 2026-03-01
ok_cmd peer-add --alias Kestrel --surname Smith --given-name Alex --initial J \
    --sin "130 692 544" --address-line1 "12 Lake Rd" --city Kelowna \
    --province BC --postal-code "V1Y 1A1"
ok_cmd peer-add --alias Wren
ok_cmd peer-add --alias Sage
pay() { ok_cmd honorarium-pay -q "$@"; }
pay --peer Raven --amount 300.00 --date 2026-02-10
pay --peer Raven --amount 200.00 --date 2026-09-30
pay --peer Moss --amount 400.00 --date 2026-01-05
pay --peer Moss --amount 300.00 --date 2026-06-15 --method etransfer
# A cent over: by e-transfer, since cash is paid to 0.05.
pay --peer Kestrel --amount 500.01 --date 2026-04-01 --method etransfer
pay --peer Kestrel --amount 45.00 --kind reimbursement --category transit \
    --date 2026-04-01
pay --peer Wren --amount 80.00 --kind reimbursement --category childcare \
    --date 2026-05-01
pay --peer Sage --amount 120.00 --date 2026-07-01
pay --peer Sage --amount 600.00 --date 2026-07-02
pay --void 9 --reason "paid twice"
pay --peer Sage --amount 900.00 --date 2025-12-31

snap
run t4a-report --year 2026
is_rc 0 "the report"
is_outs "ID  ALIAS    PAYMENTS   TOTAL  SLIP  READY  MISSING      SIN REQUESTED
 2  Moss            2  700.00  yes   no     sin,address  2026-01-15,2026-03-01
 3  Kestrel         1  500.01  yes   yes    -            -" \
    "500.01 needs a slip; 500.00, a void, reimbursements, 2025 do not"
err_has '^t4a-report: 2026: 2 slips required \(1 not ready\), 1200\.01 on slips$' \
    "a note counts them"
unchanged "the report"

run t4a-report --year 2026 --all
is_rc 0 "--all"
is_outs "ID  ALIAS    PAYMENTS   TOTAL  SLIP  READY  MISSING              SIN REQUESTED
 1  Raven           2  500.00  no    yes    surname,sin,address  -
 2  Moss            2  700.00  yes   no     sin,address          2026-01-15,2026-03-01
 3  Kestrel         1  500.01  yes   yes    -                    -
 5  Sage            1  120.00  no    yes    surname,sin,address  -" \
    "--all adds those at or under 500.00; Wren (reimbursements only) is not there"

run t4a-report --year 2026 --all --json
is_rc 0 "--json"
jq -c 'del(.peer_uuid)' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOT'
{"peer_id":1,"alias":"Raven","year":2026,"payments":2,"total":"500.00","slip_required":false,"ready":true,"missing":["surname","sin","address"],"sin_requested":[]}
{"peer_id":2,"alias":"Moss","year":2026,"payments":2,"total":"700.00","slip_required":true,"ready":false,"missing":["sin","address"],"sin_requested":["2026-01-15","2026-03-01"]}
{"peer_id":3,"alias":"Kestrel","year":2026,"payments":1,"total":"500.01","slip_required":true,"ready":true,"missing":[],"sin_requested":[]}
{"peer_id":5,"alias":"Sage","year":2026,"payments":1,"total":"120.00","slip_required":false,"ready":true,"missing":["surname","sin","address"],"sin_requested":[]}
EOT
check "JSON Lines, money as strings" diff -u "$tmp/want" "$tmp/got"
ok_cmd -o "$tmp/peers.jsonl" peer-list --json
jq -r '"\(.id) \(.uuid)"' "$tmp/peers.jsonl" | sort >"$tmp/uuids"
jq -r '"\(.peer_id) \(.peer_uuid)"' "$tmp/out" | sort >"$tmp/got"
check "peer_uuid is the peer's uuid" test -z "$(comm -23 "$tmp/got" "$tmp/uuids")"
check "no SIN in any record" jq -se 'all(has("sin") | not)' "$tmp/out"
lacks "not even in full" 130692544 "$tmp/out"

run t4a-report --year 2026 --format json
is_rc 0 "--format json"
check "one JSON array of the required slips" jq -e 'length == 2 and .[0].alias == "Moss" and .[1].total == "500.01"' "$tmp/out"

run t4a-report --year 2026 --format csv
is_rc 0 "--format csv"
cut -d, -f1,3- "$tmp/out" | tr -d '\r' >"$tmp/got"
cat >"$tmp/want" <<'EOT'
peer_id,alias,year,payments,total,slip_required,ready,missing,sin_requested
2,Moss,2026,2,700.00,true,false,sin;address,2026-01-15;2026-03-01
3,Kestrel,2026,1,500.01,true,true,,
EOT
check "CSV with every field, lists joined by ;" diff -u "$tmp/want" "$tmp/got"
check "CSV lines end in CRLF" sh -c "head -n 1 '$tmp/out' | od -c | grep -q '\\\\r  \\\\n'"

run t4a-report --year 2026 --check
is_rc 1 "--check: a required slip is not ready"
is_outs "ID  ALIAS  PAYMENTS   TOTAL  SLIP  READY  MISSING      SIN REQUESTED
 2  Moss          2  700.00  yes   no     sin,address  2026-01-15,2026-03-01" \
    "lists only what is not ready, with the dates the SIN was asked for"
err_has '2026: 1 of 2 required slips not ready' "and says how many"
run t4a-report --year 2026 --check --quiet
is_rc 1 "--check --quiet: the same status"
check "and nothing on stderr" test ! -s "$tmp/err"

ok_cmd peer-add --update Moss --sin "271 828 188"
run t4a-report --year 2026 --check --json
is_rc 1 "a SIN is not enough"
check "the address is still missing" jq -e '.missing == ["address"]' "$tmp/out"
ok_cmd peer-add --update Moss --address-line1 "300 Hastings St" --city Vancouver \
    --province BC --postal-code "V6A 1A1"
snap
run t4a-report --year 2026 --check
is_rc 0 "--check: every required slip is ready"
check "and nothing is listed" test ! -s "$tmp/out"
err_has '2026: all 2 required slips are ready' "a note says so"
unchanged "--check"

run t4a-report --year 2025
is_rc 0 "another year"
is_outs "ID  ALIAS  PAYMENTS   TOTAL  SLIP  READY  MISSING              SIN REQUESTED
 5  Sage          1  900.00  yes   no     surname,sin,address  -" \
    "a payment on December 31 counts in its own year"
run t4a-report --year last-year --today 2026-01-10
is_rc 0 "--year last-year"
check "is the year before today's" grep -q "900.00" "$tmp/out"
run t4a-report --year this-year --json
is_rc 0 "--year this-year"
check "is today's year" jq -se 'length == 2 and all(.year == 2026)' "$tmp/out"

run t4a-report --year 2024 --all
is_rc 0 "a year with no payments"
check "an empty report" test ! -s "$tmp/out"
err_has '2024: no slip required \(no taxable payments\)' "says so"
run t4a-report --year 2024 --format csv
is_rc 0 "CSV of an empty year"
check "is the header alone" test "$(tr -d '\r' <"$tmp/out")" = "peer_id,peer_uuid,alias,year,payments,total,slip_required,ready,missing,sin_requested"
run t4a-report --year 2024 --format json
is_rc 0 "JSON of an empty year"
is_outs "[]" "JSON of an empty year is []"

run t4a-report --year 2026 --slips
is_rc 0 "--slips"
awk 'BEGIN { RS = "\f\n" } NR == 2 { printf "%s", $0 }' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOT'
T4A 2026: statement for Kestrel

Payer:       Example Harm Reduction Society
             1 Main St
             Vancouver BC  V6A 1A1
Recipient:   Smith, Alex J
             12 Lake Rd
             Kelowna BC  V1Y 1A1
SIN:         ***-***-544
Peer:        Kestrel (id 3)

Box 048, fees for services: $500.01

Example Harm Reduction Society reports this amount to the Canada Revenue
Agency on your T4A slip for 2026: the honoraria paid to you in 2026 (1
payment). Reimbursements (transit, childcare, meals) are not income and
are not included. Keep this statement for your income tax return.

If your name, address or SIN above is wrong or missing, tell Jane Doe
(604-555-1234, jane@example.org) so that the slip can be corrected with
the CRA.

EOT
check "a statement per slip, SIN masked" diff -u "$tmp/want" "$tmp/got"
check "two statements, each ending in a form feed" test "$(grep -c "$(printf '^\f$')" "$tmp/out")" = 2
lacks "Raven (500.00) gets none" Raven "$tmp/out"
err_has '2026: 2 statements' "a note counts them"

run t4a-report --version
is_rc 0 "--version"
check "names tool and version" grep -q "^t4a-report (peerkit) [0-9]" "$tmp/out"
run t4a-report --help
is_rc 0 "--help"
check "the usage" grep -q "^usage: t4a-report --year YEAR" "$tmp/out"
run t4a-report --complete options
is_rc 0 "--complete options"
check "lists the tool's options" sh -c "grep -qx -- --year '$tmp/out' && grep -qx -- --slips '$tmp/out' && grep -qx -- --amend '$tmp/out'"
done_testing
