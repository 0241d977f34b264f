#!/bin/sh
# program-report: the month's critical incidents and the share of
# debriefs offered in time, hidden when the peers who responded are few.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Ash --role peer-worker
ok_cmd peer-add --alias Birch --role peer-worker
ok_cmd peer-add --alias Cedar --role peer-worker
ok_cmd engage-log --incident overdose-response --peer Ash --date 2026-11-02
ok_cmd engage-log --incident death --peer Birch --date 2026-11-03
ok_cmd engage-log --incident violence --peer Cedar --date 2026-11-04 \
    --hours 2 --activity outreach --level involve
ok_cmd onboard-check --done debrief Ash --date 2026-11-03
ok_cmd onboard-check --declined debrief Birch --date 2026-11-10

run program-report --period 2026-11 --json --suppress 1
is_rc 0 "the report, nothing hidden"
thru jq -c '.figures | [.incidents, .debriefs_in_time_share]'
is_outs '[3,"33.3"]' "three incidents; one debrief of three in time"

run program-report --period 2026-11 --json --suppress 4
is_rc 0 "the report, three peers hidden"
thru jq -c '[.figures.incidents, .figures.debriefs_in_time_share, .hidden.incidents, .hidden.debriefs_in_time_share]'
is_outs '[null,null,"small","small"]' "three peers: hidden, and why"

run program-report --period 2026-11 --format text --suppress 1
is_rc 0 "text"
thru sed -n '/^Critical incidents/,$p'
is_outs "Critical incidents peers responded to

  Incidents                           3
  Debriefs in time (%)             33.3" "text: the incidents"

run program-report --period 2026-10 --format text --suppress 1
is_rc 0 "a month with none"
thru sed -n '/^Critical incidents/,$p'
is_outs "Critical incidents peers responded to

  Incidents                           0
  Debriefs in time (%)                -" "none: 0, and no share"

run program-report --period 2026-11 --suppress 4 -o "$tmp/r.html"
is_rc 0 "HTML"
check "HTML: the incidents, hidden" grep -q '<td>critical incidents</td><td>&lt;4</td>' "$tmp/r.html"
check "HTML: the share hidden with them, never a figure like <4 that reads as a percentage" \
    grep -q '<td>hidden</td>' "$tmp/r.html"
lacks "HTML: no \"<4\" for a share" 'in time.*&lt;4' "$tmp/r.html"
run program-report --period 2026-11 --suppress 4 --format text
is_rc 0 "text, hidden"
check "text: the share says hidden" grep -Eq '^  Debriefs in time \(%\) +hidden$' "$tmp/out"

done_testing
