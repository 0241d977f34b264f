#!/bin/sh
# engage-log --summary --incidents: only aggregates leave the peer's
# record: incidents, peers and debriefs offered in time (done or declined
# by their day) by month, region and kind, with small groups suppressed
# (by default as report.suppress says).
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOT'
regions: [North, South]
EOT
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Ash --role peer-worker --region North
ok_cmd peer-add --alias Birch --role peer-worker --region North
ok_cmd peer-add --alias Cedar --role peer-worker --region North
ok_cmd peer-add --alias Dogwood --role peer-worker --region South
ok_cmd engage-log --incident overdose-response --peer Ash --date 2026-10-05
ok_cmd onboard-check --done debrief Ash --date 2026-10-06
ok_cmd engage-log --incident overdose-response --peer Birch --date 2026-11-02
ok_cmd onboard-check --done debrief Birch --date 2026-11-09
ok_cmd engage-log --incident death --peer Cedar --date 2026-11-03
ok_cmd onboard-check --declined debrief Cedar --date 2026-11-04
ok_cmd engage-log --incident violence --peer Dogwood --date 2026-11-10
ok_cmd engage-log --incident other --peer Ash --date 2026-11-12 \
    --hours 1 --activity outreach --level involve
ok_cmd onboard-check --done debrief@5 Ash --date 2026-11-13
# Outside the period.
ok_cmd engage-log --incident death --peer Ash --date 2026-09-30

run engage-log --summary --period 2026-Q4 --by kind --suppress 1 --json
is_rc 0 "by kind"
thru jq -c '[.group, .incidents, .peers, .debriefs, .debriefs_in_time, .debrief_share]'
is_outs '["death",1,1,1,1,"100.0"]
["other",1,1,1,1,"100.0"]
["overdose-response",2,2,2,1,"50.0"]
["violence",1,1,1,0,"0.0"]
[null,5,4,5,3,"60.0"]' "by kind: late and missing debriefs are not in time, a declined one is"

run engage-log --summary --incidents --period 2026-Q4 --by month --suppress 1
is_rc 0 "by month, a table"
is_outs "Incidents from 2026-10-01 to 2026-12-31 by month; a debrief in time is done or declined by its day.

GROUP    INCIDENTS  PEERS  DEBRIEFS  IN TIME  SHARE %
2026-10          1      1         1        1    100.0
2026-11          4      4         4        2     50.0
total            5      4         5        3     60.0" "by month"

run engage-log --summary --incidents --period 2026-11 --suppress 1 --json
is_rc 0 "the total alone"
thru jq -c '[.from, .to, .by, .group, .total, .incidents, .peers]'
is_outs '["2026-11-01","2026-11-30",null,null,true,4,4]' "the total alone"

# Suppression: South's one peer is hidden, and North with it, since the
# total less North would give South away.
run engage-log --summary --incidents --period 2026-Q4 --by region \
    --suppress 2 --json
is_rc 0 "by region, suppressed"
thru jq -c '[.group, .suppressed, .incidents, .peers, .debrief_share]'
is_outs '["North",true,null,null,null]
["South",true,null,null,null]
[null,false,5,4,"60.0"]' "by region: small groups and their complement hidden"
run engage-log --summary --incidents --period 2026-Q4 --by region --suppress 2
is_rc 0 "by region, suppressed, a table"
is_outs "Incidents from 2026-10-01 to 2026-12-31 by region; a debrief in time is done or declined by its day; groups of fewer than 2 peers suppressed.

GROUP  INCIDENTS  PEERS   DEBRIEFS  IN TIME  SHARE %
North          -  hidden         -        -        -
South          -  <2             -        -        -
total          5  4              5        3     60.0" "a table: hidden peers as <N or hidden"

# By default, report.suppress (10): four peers are too few to show.
run engage-log --summary --period 2026-Q4 --by kind --json
is_rc 0 "by kind, default suppression"
check "default: every group and the total hidden" jq -e -s \
    'length == 5 and all(.suppressed and .incidents == null and .peers == null and .debrief_share == null)' "$tmp/out"
printf 'regions: [North, South]\nreport: {suppress: 0}\n' >"$tmp/none.yaml"
run engage-log --config "$tmp/none.yaml" --summary --period 2026-Q4 \
    --by kind --json
is_rc 0 "report.suppress 0"
check "report.suppress 0: nothing hidden" jq -e -s \
    'all(.suppressed | not)' "$tmp/out"

# No identity in the aggregates: no alias, peer id or note.
run engage-log --summary --incidents --period 2026-Q4 --by kind \
    --suppress 1 --format csv
is_rc 0 "CSV"
lacks "no alias in the summary" 'Ash\|Birch\|Cedar\|Dogwood' "$tmp/out"
cp "$tmp/out" "$tmp/s.csv"
run head -n 1 "$tmp/s.csv"
is_rc 0 "CSV header"
thru tr -d '\r'
is_outs "from,to,by,group,total,suppressed,incidents,peers,debriefs,debriefs_in_time,debrief_share" \
    "CSV: the aggregates' columns only"

bad 64 '--incidents are summarised by month, region or kind' \
    "--incidents by level" engage-log --summary --incidents --period 2026-Q4 \
    --by level
bad 64 'needs --period' "--by kind without --period" engage-log --summary \
    --by kind
bad 64 'a key to group by' "an unknown --by" engage-log --summary \
    --period 2026-Q4 --by colour
run engage-log --summary --period 2026-Q4 --by region --json
is_rc 0 "engagements by region: unchanged"
thru jq -c '[.group, .engagements]'
is_outs '["North",1]
[null,1]' "without --incidents, the engagements"

done_testing
