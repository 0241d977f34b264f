#!/bin/sh
# engage-log --summary: the report a manager reads, the same numbers as
# JSON, grouping keys, and suppression of small groups.
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

run engage-log --summary --period last-month --by region
is_rc 0 "summary of last month by region"
is_outs 'Engagements from 2026-10-01 to 2026-10-31 by region, void ones left out.

REGION             ENGAGEMENTS  PEERS  HOURS     DUE   PAID  OUTSTANDING  SUPPORTS
Interior                     3      3   6.00  125.00   0.00       125.00  childcare 1
Vancouver Coastal            3      2   4.50  112.50  50.00        62.50  transit 2, meal 1
total                        6      5  10.50  237.50  50.00       187.50  childcare 1, transit 2, meal 1

Share of engagements at each level of the spectrum (%):

REGION             INFORM  CONSULT  INVOLVE  COLLABORATE  EMPOWER
Interior             33.3      0.0     33.3          0.0     33.3
Vancouver Coastal     0.0     66.7      0.0         33.3      0.0
total                16.7     33.3     16.7         16.7     16.7' \
    "the report: void left out, paid from the settled engagement"

run engage-log --summary --period 2026-10 --json
is_rc 0 "JSON, no grouping"
is_outs '{"from":"2026-10-01","to":"2026-10-31","by":null,"group":null,"total":true,"suppressed":false,"engagements":6,"peers":5,"minutes":630,"hours":"10.50","due":"237.50","paid":"50.00","outstanding":"187.50","inform":1,"consult":2,"involve":1,"collaborate":1,"empower":1,"inform_share":"16.7","consult_share":"33.3","involve_share":"16.7","collaborate_share":"16.7","empower_share":"16.7","support_childcare":1,"support_transit":2,"support_meal":1,"support_other":0}' \
    "JSON: counts as integers, money and shares as strings"

groups() {	# groups ARGS...: "group engagements peers due" per line
	engage-log --summary --json "$@" >"$tmp/groups.json" || return
	jq -r '"\(.group) \(.engagements) \(.peers) \(.due)"' "$tmp/groups.json"
}
run groups --period 2026-10 --by peer
is_rc 0 "--summary --period 2026-10 --by peer"
is_outs 'Kestrel 1 1 75.00
Moss 1 1 50.00
Raven 2 1 62.50
Sage 1 1 0.00
Wren 1 1 50.00
null 6 5 237.50' "by peer, by alias"
run groups --period 2026-10 --by role
is_rc 0 "--summary --period 2026-10 --by role"
is_outs 'outreach-worker 1 1 50.00
participant 1 1 50.00
peer-coordinator 1 1 75.00
peer-worker 2 1 62.50
systems-navigator 1 1 0.00
null 6 5 237.50' "by role"
run groups --period 2026-10 --by site
is_rc 0 "--summary --period 2026-10 --by site"
is_outs 'Downtown Eastside 3 2 112.50
Kelowna 1 1 75.00
null 2 2 50.00
null 6 5 237.50' "by site: engagements without a site last"
run groups --period 2026-10 --by activity
is_rc 0 "--summary --period 2026-10 --by activity"
is_outs 'consultation 1 1 50.00
meeting 2 2 100.00
outreach 1 1 12.50
shift 1 1 75.00
training 1 1 0.00
null 6 5 237.50' "by activity"
run groups --period 2026-10 --by level
is_rc 0 "--summary --period 2026-10 --by level"
is_outs 'inform 1 1 50.00
consult 2 2 100.00
involve 1 1 75.00
collaborate 1 1 12.50
empower 1 1 0.00
null 6 5 237.50' "by level, in the order of the spectrum"
run groups --period 2026-10 --by project
is_rc 0 "--summary --period 2026-10 --by project"
is_outs 'naloxone 2 2 100.00
null 4 4 137.50
null 6 5 237.50' "by project"
run groups --period 2026-09-01..2026-11-30 --by month
is_rc 0 "--summary --period 2026-09-01..2026-11-30 --by month"
is_outs '2026-09 1 1 40.00
2026-10 6 5 237.50
2026-11 1 1 25.00
null 8 5 302.50' "by month"
run engage-log --summary --period 2026-10 --by site
is_rc 0 "table by site"
check "table: no value shows as (none)" grep -q '^(none) ' "$tmp/out"
run engage-log --summary --period 2025 --json
is_rc 0 "an empty period"
is_outs '{"from":"2025-01-01","to":"2025-12-31","by":null,"group":null,"total":true,"suppressed":false,"engagements":0,"peers":0,"minutes":0,"hours":"0.00","due":"0.00","paid":"0.00","outstanding":"0.00","inform":0,"consult":0,"involve":0,"collaborate":0,"empower":0,"inform_share":null,"consult_share":null,"involve_share":null,"collaborate_share":null,"empower_share":null,"support_childcare":0,"support_transit":0,"support_meal":0,"support_other":0}' \
    "an empty period: zeros, shares null"

# Suppression: Vancouver Coastal has 2 peers, fewer than 3, so it is
# hidden; hidden alone, the total less Interior would give it away, so
# Interior is hidden too, and says so: it has 3 peers, not "<3".
run engage-log --summary --period 2026-10 --by region --suppress 3
is_rc 0 "--suppress 3"
is_outs 'Engagements from 2026-10-01 to 2026-10-31 by region, void ones left out; groups of fewer than 3 peers suppressed.

REGION             ENGAGEMENTS  PEERS   HOURS     DUE   PAID  OUTSTANDING  SUPPORTS
Interior                     -  hidden      -       -      -            -  -
Vancouver Coastal            -  <3          -       -      -            -  -
total                        6  5       10.50  237.50  50.00       187.50  childcare 1, transit 2, meal 1

Share of engagements at each level of the spectrum (%):

REGION             INFORM  CONSULT  INVOLVE  COLLABORATE  EMPOWER
Interior                -        -        -            -        -
Vancouver Coastal       -        -        -            -        -
total                16.7     33.3     16.7         16.7     16.7' \
    "small groups hidden, and the next smallest so the total cannot reveal them"
run groups --period 2026-10 --by site --suppress 2
is_rc 0 "--summary --period 2026-10 --by site --suppress 2"
is_outs 'Downtown Eastside 3 2 112.50
Kelowna null null null
null null null null
null 6 5 237.50' "one small group and the null group hide each other"
ok_cmd -o "$tmp/s.json" engage-log --summary --period 2026-10 --by peer --suppress 2 --json
check "JSON: hidden groups are marked and their figures null" \
    jq -e -s 'map(select(.total | not)) | length == 5 and all(.suppressed and .peers == null and .due == null and .inform_share == null)' "$tmp/s.json"
run groups --period 2026-10 --suppress 6
is_rc 0 "--summary --period 2026-10 --suppress 6"
is_outs 'null null null null' "a total of fewer than N peers is hidden too"
run engage-log --summary --period 2026-10 --by role --suppress 2 --format csv
is_rc 0 "csv, --suppress 2"
check "csv: a header and one line per group" test "$(wc -l <"$tmp/out")" = 7
check "csv: hidden cells empty" grep -q '^2026-10-01,2026-10-31,role,participant,false,true,,,' "$tmp/out"

# What is paid of a part-paid engagement counts as paid, the rest as
# outstanding: 5.00 of Raven's 12.50 outreach.
ok_cmd honorarium-pay -q --for 5 --amount 5.00 --note "part now" --date 2026-10-31
run engage-log --summary --period 2026-10 --by region --json
is_rc 0 "JSON by region, one engagement part-paid"
thru jq -c '[.group, .due, .paid, .outstanding]'
is_outs '["Interior","125.00","0.00","125.00"]
["Vancouver Coastal","112.50","55.00","57.50"]
[null,"237.50","55.00","182.50"]' "paid counts what was paid of it, outstanding the rest"

snap
run engage-log --summary --period this-year --by month
is_rc 0 "summary reads only"
unchanged "--summary"
done_testing
