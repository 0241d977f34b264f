#!/bin/sh
# Summaries by role count each engagement under the role its peer held
# on the engagement's date: a role change in the middle of a period
# splits the peer's engagements between the two roles (and the peer is
# counted in both groups, once in the total).  The program report's
# peers by role read the same summary.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role participant --date 2026-09-01
ok_cmd peer-add --alias Moss --role peer-worker --date 2026-09-01
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven","date":"2026-10-05","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Raven","date":"2026-10-14","hours":"1","activity":"meeting","level":"consult"}
{"peer":"Moss","date":"2026-10-14","hours":"2","activity":"shift","level":"involve"}
EOF
# Raven becomes a peer worker on the 15th, after two October meetings.
ok_cmd peer-add --update Raven --role peer-worker --date 2026-10-15
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven","date":"2026-10-15","hours":"2","activity":"shift","level":"involve"}
{"peer":"Raven","date":"2026-10-28","hours":"3","activity":"outreach","level":"collaborate"}
EOF

run engage-log --summary --period 2026-10 --by role
is_rc 0 "October by role"
is_outs 'Engagements from 2026-10-01 to 2026-10-31 by role, void ones left out.

ROLE         ENGAGEMENTS  PEERS  HOURS     DUE  PAID  OUTSTANDING  SUPPORTS
participant            2      1   2.00   50.00  0.00        50.00  -
peer-worker            3      2   7.00  175.00  0.00       175.00  -
total                  5      2   9.00  225.00  0.00       225.00  -

Share of engagements at each level of the spectrum (%):

ROLE         INFORM  CONSULT  INVOLVE  COLLABORATE  EMPOWER
participant    50.0     50.0      0.0          0.0      0.0
peer-worker     0.0      0.0     66.7         33.3      0.0
total          20.0     20.0     40.0         20.0      0.0' \
    "Raven's two meetings as a participant, the rest as a peer worker"
run engage-log --summary --period 2026-10-01..2026-10-14 --by role --json
is_rc 0 "the first half, as JSON"
thru jq -c '[.group, .engagements, .peers]'
is_outs '["participant",2,1]
["peer-worker",1,1]
[null,3,2]' "before the change: Raven a participant"
run engage-log --summary --period 2026-10-15..2026-10-31 --by role --json
is_rc 0 "the second half"
thru jq -c '[.group, .engagements, .peers]'
is_outs '["peer-worker",2,1]
[null,2,1]' "from the change: Raven a peer worker"

printf 'report:\n  suppress: 0\n' >"$tmp/config.yaml"
run program-report --config "$tmp/config.yaml" --period 2026-10 --json
is_rc 0 "the program report"
thru jq -c '.by_role[] | [.group, .engagements, .peers]'
is_outs '["participant",2,1]
["peer-worker",3,2]
[null,5,2]' "its peers by role: the roles held on the day"
done_testing
