#!/bin/sh
# engage-log --list: filters, formats, and the fields honorarium-pay reads.
. "$(dirname "$0")/lib.sh"

# A small program in October 2026: five peers, nine engagements, one paid,
# one void, one without honorarium.
cat >"$tmp/config.yaml" <<'EOF'
regions: [Vancouver Coastal, Interior]
sites: [Downtown Eastside, Kelowna]
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add -q - <<'EOF'
{"alias":"Raven","role":"peer-worker","region":"Vancouver Coastal","site":"Downtown Eastside"}
{"alias":"Moss","role":"outreach-worker","region":"Vancouver Coastal","site":"Downtown Eastside"}
{"alias":"Kestrel","role":"peer-coordinator","region":"Interior","site":"Kelowna"}
{"alias":"Wren","role":"participant","region":"Interior"}
{"alias":"Sage","role":"systems-navigator","region":"Interior"}
EOF
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven","date":"2026-10-02","hours":"2","activity":"meeting","level":"consult","project":"naloxone","supports":["transit"]}
{"peer":"Moss","date":"2026-10-02","hours":"2","activity":"meeting","level":"consult","project":"naloxone","supports":["meal","transit"]}
{"peer":"Kestrel","date":"2026-10-05","hours":"3","activity":"shift","level":"involve"}
{"peer":"Wren","date":"2026-10-09","hours":"1","activity":"consultation","level":"inform","supports":["childcare"]}
{"peer":"Raven","date":"2026-10-15","hours":"0:30","activity":"outreach","level":"collaborate"}
{"peer":"Sage","date":"2026-10-20","hours":"2","activity":"training","level":"empower","amount_due":"0.00"}
{"peer":"Moss","date":"2026-11-03","hours":"1","activity":"meeting","level":"consult"}
{"peer":"Kestrel","date":"2026-09-28","hours":"1","activity":"event","level":"inform"}
{"peer":"Raven","date":"2026-10-15","hours":"0:30","activity":"outreach","level":"collaborate"}
EOF
ok_cmd engage-log -q --void 9 --reason "logged twice"
# Engagement 1 settled by payment 1.
ok_cmd honorarium-pay -q --for 1 --date 2026-10-30

run engage-log --list
is_rc 0 "list everything"
is_outs 'ID  DATE        PEER     ACTIVITY      LEVEL        HOURS    DUE  STATUS         PROJECT
 8  2026-09-28  Kestrel  event         inform        1.00  40.00  unpaid         -
 1  2026-10-02  Raven    meeting       consult       2.00  50.00  paid           naloxone
 2  2026-10-02  Moss     meeting       consult       2.00  50.00  unpaid         naloxone
 3  2026-10-05  Kestrel  shift         involve       3.00  75.00  unpaid         -
 4  2026-10-09  Wren     consultation  inform        1.00  50.00  unpaid         -
 5  2026-10-15  Raven    outreach      collaborate   0.50  12.50  unpaid         -
 9  2026-10-15  Raven    outreach      collaborate   0.50  12.50  void           -
 6  2026-10-20  Sage     training      empower       2.00   0.00  no-honorarium  -
 7  2026-11-03  Moss     meeting       consult       1.00  25.00  unpaid         -' \
    "by date, void ones kept, status derived"

ids() {	# ids ARGS...: the ids listed, on one line (engage-log's exit status)
	engage-log --list --json "$@" >"$tmp/ids.json" || return
	jq -r .id "$tmp/ids.json" >"$tmp/ids.txt" || return
	paste -sd ' ' "$tmp/ids.txt"
}
run ids --period 2026-10
is_rc 0 "--list --period 2026-10"
is_outs '1 2 3 4 5 9 6' "--period 2026-10"
run ids --period 2026-10-02..2026-10-09
is_rc 0 "--list --period 2026-10-02..2026-10-09"
is_outs '1 2 3 4' "--period FROM..TO"
run ids --period this-month
is_rc 0 "--list --period this-month"
is_outs '7' "--period this-month (today is 2026-11-23)"
run ids --peer Raven
is_rc 0 "--list --peer Raven"
is_outs '1 5 9' "--peer by alias"
run ids --peer 3
is_rc 0 "--list --peer 3"
is_outs '8 3' "--peer by id"
run ids --unpaid
is_rc 0 "--list --unpaid"
is_outs '8 2 3 4 5 7' "--unpaid: not paid, not void, something due"
run ids --paid
is_rc 0 "--list --paid"
is_outs '1' "--paid"
run ids --status void
is_rc 0 "--list --status void"
is_outs '9' "--status void"
run ids --status no-honorarium
is_rc 0 "--list --status no-honorarium"
is_outs '6' "--status no-honorarium"
run ids --activity meeting --level consult
is_rc 0 "--list --activity meeting --level consult"
is_outs '1 2 7' "--activity and --level"
run ids --region Interior
is_rc 0 "--list --region Interior"
is_outs '8 3 4 6' "--region"
run ids --site Kelowna
is_rc 0 "--list --site Kelowna"
is_outs '8 3' "--site"
run ids --project naloxone --period 2026-10 --unpaid
is_rc 0 "--list --project naloxone --period 2026-10 --unpaid"
is_outs '2' "filters combine"

run engage-log --list --peer Moss --format csv
is_rc 0 "csv"
tr -d '\r' <"$tmp/out" | cut -d, -f1,3,5-13,16-18 >"$tmp/csv"
printf '%s\n' \
    'id,peer_id,alias,date,hours,minutes,activity,level,project,region,site,amount_due,payment_id,status' \
    '2,2,Moss,2026-10-02,2.00,120,meeting,consult,naloxone,Vancouver Coastal,Downtown Eastside,50.00,,unpaid' \
    '7,2,Moss,2026-11-03,1.00,60,meeting,consult,,Vancouver Coastal,Downtown Eastside,25.00,,unpaid' \
    >"$tmp/want"
check "csv: every field" diff -u "$tmp/want" "$tmp/csv"
check "csv: CRLF lines" test "$(grep -c "$(printf '\r')\$" "$tmp/out")" = 3
check "csv: supports joined with ;" grep -q ',meal;transit,\|,transit;meal,' "$tmp/out"

run engage-log --list --format json --period 2026-10
is_rc 0 "json"
check "json: one array" test "$(jq length "$tmp/out")" = 7
run engage-log --list --json --paid
is_rc 0 "JSON, --paid"
check "JSON: payment_id set when paid" test "$(jq .payment_id "$tmp/out")" = 1
run engage-log --list --json --unpaid --period last-month
is_rc 0 "the list honorarium-pay reads"
check "what honorarium-pay reads: id, uuid, peer_id, amount_due (a string), status" \
    jq -e -s 'length == 4 and all(.[]; (.id | type) == "number" and
    (.uuid | length) == 36 and (.peer_id | type) == "number" and
    (.amount_due | test("^[0-9]+\\.[0-9][0-9]$")) and .status == "unpaid")' "$tmp/out"
run ids --unpaid --period last-month
is_rc 0 "--list --unpaid --period last-month"
is_outs '2 3 4 5' "last-month unpaid"

# Part of what is due paid: part-paid, still owed, so --unpaid lists it.
ok_cmd honorarium-pay -q --for 3 --amount 30.00 --note "part now" --date 2026-10-31
run engage-log --list --period 2026-10-05
is_rc 0 "list a part-paid engagement"
is_outs 'ID  DATE        PEER     ACTIVITY  LEVEL    HOURS    DUE  STATUS     PROJECT
 3  2026-10-05  Kestrel  shift     involve   3.00  75.00  part-paid  -' "its status: part-paid"
run ids --status part-paid
is_rc 0 "--list --status part-paid"
is_outs '3' "--status part-paid"
run ids --status unpaid
is_rc 0 "--list --status unpaid"
is_outs '8 2 4 5 7' "--status unpaid: nothing of it paid"
run ids --unpaid
is_rc 0 "--list --unpaid, with one part-paid"
is_outs '8 2 3 4 5 7' "--unpaid: what is still owed, part-paid too"
run engage-log --list --json --status part-paid
is_rc 0 "JSON, --status part-paid"
check "JSON: what is paid and what is owed; no payment settled it in full" jq -e \
    '.amount_paid == "30.00" and .balance == "45.00" and .payment_id == null and .payment_uuid == null' "$tmp/out"

run engage-log --list --peer Sage --period 2026-11
is_rc 0 "no match is not an error"
check "no match: nothing on stdout" test ! -s "$tmp/out"
err_has '^engage-log: no engagements match$' "no match: a note"
run engage-log --list --peer Nobody
is_rc 65 "--list with an unknown peer"
err_has 'no peer "Nobody"' "--list with an unknown peer: message"
snap
run engage-log --list --status void
is_rc 0 "--list --status void"
unchanged "--list"
done_testing
