#!/bin/sh
# Pay equity: engage-log --summary --rates gives each group the
# honorarium actually due per hour (due x 60 / minutes, rounded half up
# to the cent) beside the configured rate weighted by hours (each
# engagement's activity's hourly rate, weighted by its minutes), and
# flags the groups paid below it.  Suppression still applies.
. "$(dirname "$0")/lib.sh"

printf 'regions: [North, South]\n' >"$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add -q - <<'EOF'
{"alias":"Raven","role":"peer-worker","region":"North"}
{"alias":"Moss","role":"peer-worker","region":"South"}
{"alias":"Kestrel","role":"participant","region":"South"}
EOF
# North: a meeting (25.00 an hour) and a consultation (50.00), each at
# its rate.  South: a two-hour meeting paid a flat 30.00, and 45 minutes
# of training at its rate (20.00 an hour).
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven","date":"2026-10-02","hours":"1","activity":"meeting","level":"consult"}
{"peer":"Raven","date":"2026-10-09","hours":"1","activity":"consultation","level":"involve"}
{"peer":"Moss","date":"2026-10-02","hours":"2","activity":"meeting","level":"consult","amount_due":"30.00"}
{"peer":"Kestrel","date":"2026-10-20","hours":"0:45","activity":"training","level":"inform"}
EOF

run engage-log --summary --period 2026-10 --by region --rates
is_rc 0 "--rates, a table"
is_outs 'Engagements from 2026-10-01 to 2026-10-31 by region, void ones left out.

REGION  ENGAGEMENTS  PEERS  HOURS     DUE  PAID  OUTSTANDING  RATE/H  CONFIGURED/H  BELOW  SUPPORTS
North             2      1   2.00   75.00  0.00        75.00   37.50         37.50  -      -
South             2      2   2.75   45.00  0.00        45.00   16.36         23.64  below  -
total             4      3   4.75  120.00  0.00       120.00   25.26         29.47  below  -

Share of engagements at each level of the spectrum (%):

REGION  INFORM  CONSULT  INVOLVE  COLLABORATE  EMPOWER
North      0.0     50.0     50.0          0.0      0.0
South     50.0     50.0      0.0          0.0      0.0
total     25.0     50.0     25.0          0.0      0.0' \
    "North paid at its rates (mixed: 37.50 an hour), South below"
run engage-log --summary --period 2026-10 --by region --rates --json
is_rc 0 "--rates --json"
thru jq -c '[.group, .rate, .configured_rate, .below]'
is_outs '["North","37.50","37.50",false]
["South","16.36","23.64",true]
[null,"25.26","29.47",true]' "rates as money strings, the flag a boolean"
run engage-log --summary --period 2026-10 --by role --rates --format csv
is_rc 0 "--rates --format csv, by role"
check "the columns" sh -c "head -1 '$tmp/out' | grep -q ',rate,configured_rate,below,'"
check "participants paid at their rate" grep -q '^2026-10-01,2026-10-31,role,participant,.*,20.00,20.00,false,' "$tmp/out"
run engage-log --summary --period 2026-10 --by region --json
is_rc 0 "without --rates"
check "no rate fields" jq -e 'has("rate") | not' "$tmp/out"

# Suppression: a hidden group shows no rate either.
run engage-log --summary --period 2026-10 --by region --rates --suppress 2 --json
is_rc 0 "--rates --suppress 2"
thru jq -c 'select(.group == "North") | [.suppressed, .rate, .configured_rate, .below]'
is_outs '[true,null,null,null]' "a group of one peer: hidden, rates and all"

# An engagement of an activity no longer configured has no configured
# rate: its hours leave the weighting.
printf 'regions: [North, South]\nactivities:\n  meeting: {hourly: "25.00"}\n' \
    >"$tmp/few.yaml"
run engage-log --config "$tmp/few.yaml" --summary --period 2026-10 --by region --rates --json
is_rc 0 "an activity no longer configured"
thru jq -c '[.group, .rate, .configured_rate, .below]'
is_outs '["North","37.50","25.00",false]
["South","16.36","25.00",true]
[null,"25.26","25.00",false]' "only the meetings' hours weigh"

# Rounding, half up to the cent: 0.01 due over two hours is half a cent
# an hour, shown as 0.01.
ok_cmd engage-log -q --peer Raven --date 2026-09-10 --hours 2 --activity meeting \
    --level inform --amount 0.01
run engage-log --summary --period 2026-09 --rates --json
is_rc 0 "a rate of half a cent"
thru jq -c '[.rate, .configured_rate, .below]'
is_outs '["0.01","25.00",true]' "rounded half up"

bad_quiet 64 '^engage-log: --rates ' "--rates without --summary" \
    engage-log --list --rates
done_testing
