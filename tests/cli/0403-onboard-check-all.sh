#!/bin/sh
# onboard-check --all: the weekly cron job.  Every active peer with
# something due, expiring or expired, filtered by role, region and site;
# exit 1 when anything is due or expired.  A site's own checklist.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/checklist.yaml" <<'EOT'
items:
  - {key: agreement, title: Confidentiality agreement, roles: all}
  - key: naloxone
    title: Naloxone training
    roles: [peer-worker, outreach-worker]
    valid_for: 90 days
  - {key: cards, title: Business cards, roles: [outreach-worker], blocks: false}
EOT
cat >"$tmp/config.yaml" <<'EOT'
regions: [North, South]
sites: [Hub, Clinic]
onboarding: checklist.yaml
EOT
export PEERKIT_CONFIG="$tmp/config.yaml"

run onboard-check --all
is_rc 66 "no store yet"

ok_cmd peer-add --alias Raven --role peer-worker --region North --site Hub
ok_cmd peer-add --alias Wren --role participant --region South --site Clinic
ok_cmd peer-add --alias Moss --role outreach-worker --region North --site Clinic
ok_cmd peer-add --alias Gone --role peer-worker --region North --site Hub
ok_cmd peer-add --deactivate Gone
ok_cmd peer-add --alias Kit --role participant --region South --site Hub

ok_cmd onboard-check Raven --done agreement --date 2026-10-01
ok_cmd onboard-check Raven --done naloxone --date 2026-09-01
ok_cmd onboard-check Wren --done agreement --date 2026-10-01
ok_cmd onboard-check Moss --done agreement --date 2026-10-01
ok_cmd onboard-check Moss --done naloxone --date 2026-08-01

snap
run onboard-check --all
is_rc 1 "something due or expired"
is_outs "ID  ALIAS  ROLE             KEY        STATUS    DONE        EXPIRES
 1  Raven  peer-worker      naloxone   expiring  2026-09-01  2026-11-30
 3  Moss   outreach-worker  naloxone   expired   2026-08-01  2026-10-30
 5  Kit    participant      agreement  due       -           -" \
    "one row per peer and item that needs action; not the inactive, not the optional"
unchanged "--all reads only"

run onboard-check --all --region North
is_rc 1 "--region North: Moss's training has lapsed"
run onboard-check --all --region North --json
is_rc 1 "--region North, as JSON"
thru jq -r .alias
is_outs "Raven
Moss" "--region"
run onboard-check --all --site Hub --json
is_rc 1 "--site Hub: Kit's agreement is due"
thru jq -r .alias
is_outs "Raven
Kit" "--site"
run onboard-check --all --role peer-worker --json
is_rc 0 "--role peer-worker: expiring alone is not a no"
check "one row" jq -se 'length == 1 and .[0].status == "expiring"' "$tmp/out"
run onboard-check --all --role peer-worker --within 0
is_rc 0 "--within 0: nothing expiring"
check "no rows" test ! -s "$tmp/out"
err_has 'nothing due, expiring or expired' "says so on stderr"
run onboard-check --all --role peer-worker --within 0 -q
is_rc 0 "--quiet"
check "--quiet: no note" test ! -s "$tmp/err"

run onboard-check --all --format csv
is_rc 1 "--format csv"
run onboard-check --all --format csv
is_rc 1 "--format csv again"
thru tr -d '\r'
thru cut -d, -f1-4,8-11
is_outs "peer_id,alias,role,key,status,done_on,expires_on,waived_on
1,Raven,peer-worker,naloxone,expiring,2026-09-01,2026-11-30,
3,Moss,outreach-worker,naloxone,expired,2026-08-01,2026-10-30,
5,Kit,participant,agreement,due,,," "CSV for a spreadsheet"
run onboard-check --all --format json
is_rc 1 "--format json"
check "--format json: one array" jq -e 'length == 3 and .[2].valid_for == null and .[0].valid_for == "90 days"' "$tmp/out"

# The coordinator catches up: the answer becomes yes.
ok_cmd onboard-check Kit --done agreement
ok_cmd onboard-check Moss --done naloxone --note "renewed at the clinic"
run onboard-check --all
is_rc 0 "only an expiring item left"
is_outs "ID  ALIAS  ROLE         KEY       STATUS    DONE        EXPIRES
 1  Raven  peer-worker  naloxone  expiring  2026-09-01  2026-11-30" \
    "still listed, so it can be renewed in time"
run onboard-check --all --today 2026-11-30
is_rc 1 "a week later it has lapsed"
ok_cmd peer-add --deactivate Raven
run onboard-check --all --today 2026-11-30
is_rc 0 "an inactive peer is not listed"
check "no rows" test ! -s "$tmp/out"

# Filters are checked against the configuration.
run onboard-check --all --region Nort
is_rc 64 "a region the config does not list"
err_has '--region: "Nort" is not in the configured regions' "names it"
run onboard-check --all --site hub
is_rc 64 "a site the config does not list"

# The cron pipeline of DESIGN.md.
ok_cmd onboard-check Raven --undo naloxone
ok_cmd peer-add --reactivate Raven
run sh -c 'onboard-check --all -q >"$1" || echo mail' sh "$tmp/due.txt"
is_rc 0 "the cron line"
is_outs mail "onboard-check --all || mail ..."
check "the list went to the file" grep -q '^ 1  Raven  peer-worker  naloxone  due' "$tmp/due.txt"

done_testing
