#!/bin/sh
# engage-log --incident: a peer responded to a critical incident, alone
# or with an engagement in the same transaction, from the command line
# or a batch; the follow-ups its kind asks for are fixed with it; the
# kinds and follow-ups are configuration, checked (78 naming the key).
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOT'
regions: [North, South]
EOT
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven --role peer-worker --region North
ok_cmd peer-add --alias Moss --role outreach-worker --region South
ok_cmd peer-add --alias Wren --role peer-worker

# Alone: the peer's region, the default follow-ups with their days.
run engage-log --incident overdose-response --peer Raven --date 2026-11-20 \
    --note "night shift" --json
is_rc 0 "an incident alone"
thru jq -c '[.id, .alias, .kind, .date, .region, .engagement_id, .note, .follow_ups]'
is_outs '[1,"Raven","overdose-response","2026-11-20","North",null,"night shift",[{"key":"debrief","due_on":"2026-11-20","due_by":"2026-11-23"},{"key":"check-in-7","due_on":"2026-11-27","due_by":"2026-11-30"},{"key":"check-in-30","due_on":"2026-12-20","due_by":"2026-12-27"}]]' \
    "an incident alone: its record and follow-ups"
run sql "SELECT count(*) FROM engagements"
is_rc 0 "engagements counted"
is_outs 0 "an incident alone records no engagement"
run sql "SELECT action, kind, record_id FROM audit WHERE kind = 'incident'"
is_rc 0 "audit read"
is_outs "create|incident|1" "the incident is audited"

# With an engagement: one command, one transaction; the table shows the
# incident, which takes the engagement's date, region and site.
run engage-log --incident death --peer Moss --hours 2 --activity outreach \
    --level involve --date 2026-11-21
is_rc 0 "an incident with an engagement"
is_outs "ID  DATE        PEER  KIND   ENGAGEMENT  REGION
 2  2026-11-21  Moss  death           1  South" "with an engagement: the incident is printed"
run engage-log --list --json
is_rc 0 "list"
thru jq -c '[.id, .alias, .date, .activity, .hours]'
is_outs '[1,"Moss","2026-11-21","outreach","2.00"]' "the engagement is stored"

# A group: each peer responded.
run engage-log --incident violence --peer Raven --peer Wren --date 2026-11-22 \
    --region South --json
is_rc 0 "a group"
thru jq -c '[.alias, .kind, .region]'
is_outs '["Raven","violence","South"]
["Wren","violence","South"]' "a group: an incident per peer"

# A dry run writes nothing.
snap
run engage-log --incident other --peer Wren --dry-run
is_rc 0 "dry run"
err_has "dry run" "dry run: says so"
unchanged "dry run"

# Refused: exit and message, nothing stored (the engagement neither).
bad 65 '^engage-log: incident "overdose": not a configured kind \(overdose-response, death, violence, other\)$' \
    "an unknown kind" engage-log --incident overdose --peer Raven
bad 65 'incident "bogus": not a configured kind' \
    "an unknown kind with an engagement" engage-log --incident bogus \
    --peer Raven --hours 1 --activity shift --level inform
bad 65 'date 2026-11-24 is after today' "a date after today" \
    engage-log --incident death --peer Raven --date 2026-11-24
bad 65 'region "East": not in the configured regions' "an unknown region" \
    engage-log --incident death --peer Raven --region East
bad 65 'no peer "Nobody"|Nobody' "an unknown peer" \
    engage-log --incident death --peer Nobody
bad 65 'control characters|note' "a note with a control character" \
    engage-log --incident death --peer Raven --note "$(printf 'a\001b')"
bad 64 'a new engagement needs --activity' "--incident with --hours only" \
    engage-log --incident death --peer Raven --hours 1
bad 64 'a new engagement needs --peer' "--incident without --peer" \
    engage-log --incident death
bad 64 '--project, --support, --amount and --no-honorarium go with an engagement' \
    "--project with an incident alone" \
    engage-log --incident death --peer Raven --project kits
bad 64 'a new engagement needs --hours' "an engagement still needs --hours" \
    engage-log --peer Raven --activity shift --level inform

# A batch: the field "incident", with an engagement or alone.
cat >"$tmp/batch.jsonl" <<'EOT'
{"uuid":"5f0e2a4c-3d7b-4a58-9d3e-1b2c3d4e5f60","peer":"Wren","date":"2026-11-19","hours":"3","activity":"outreach","level":"involve","incident":"overdose-response"}
{"peer":"Moss","date":"2026-11-18","incident":"other","note":"fire alarm"}
EOT
run engage-log "$tmp/batch.jsonl"
is_rc 0 "a batch with incidents"
err_has '1 added, 0 unchanged, 0 rejected' "a batch: the engagement"
err_has '2 incidents recorded' "a batch: the incidents"
run engage-log "$tmp/batch.jsonl" --json
is_rc 0 "the batch again"
err_has '0 added, 1 unchanged' "again: the engagement unchanged"
run sql "SELECT count(*) FROM incidents i JOIN engagements e ON e.id = i.engagement_id WHERE e.uuid LIKE '5f0e2a4c%'"
is_rc 0 "incidents of the engagement"
is_outs 1 "again: its incident is not recorded twice"
printf '%s\n' '{"peer":"Moss","incident":"other"}' \
    '{"peer":"Moss","incident":"fire"}' >"$tmp/bad.jsonl"
bad 65 'bad.jsonl:2: incident "fire": not a configured kind' \
    "a batch line with an unknown kind" engage-log "$tmp/bad.jsonl"
printf 'peer,date,incident\nMoss,2026-11-17,death\n' >"$tmp/in.csv"
run engage-log "$tmp/in.csv" --json
is_rc 0 "a CSV batch with an incident alone"
thru jq -c '[.alias, .kind, .date]'
is_outs '["Moss","death","2026-11-17"]' "a CSV batch: the incident"
printf 'peer,date,hours,activity,level,incident\nMoss,2026-11-16,1,shift,inform,\nWren,2026-11-16,1,shift,inform,other\n' >"$tmp/mixed.csv"
run engage-log "$tmp/mixed.csv"
is_rc 0 "a CSV batch, the incident column blank on a row"
err_has '2 added, 0 unchanged, 0 rejected' "a blank incident: the engagements"
err_has '1 incident recorded' "a blank incident: no incident for that row"
printf '%s\n' '{"peer":"Moss","date":"2026-11-15","hours":"1","activity":"shift","level":"inform","incident":null}' >"$tmp/null.jsonl"
run engage-log "$tmp/null.jsonl" --json
is_rc 0 "\"incident\": null is none"
thru jq -c '[.alias, .activity]'
is_outs '["Moss","shift"]' "\"incident\": null: the engagement printed"

# The configuration: kinds and follow-ups of a site's own, checked.
cat >"$tmp/own.yaml" <<'EOT'
incidents:
  kinds:
    overdose-response: [debrief]
    fire: []
  follow_ups:
    debrief: {due: 1, within: 2}
EOT
run engage-log --config "$tmp/own.yaml" --incident fire --peer Wren --json
is_rc 0 "a kind of the site's own, with no follow-up"
thru jq -c '[.kind, .follow_ups]'
is_outs '["fire",[]]' "a kind with no follow-up"
run engage-log --config "$tmp/own.yaml" --incident overdose-response \
    --peer Wren --date 2026-11-10 --json
is_rc 0 "a follow-up of the site's own"
thru jq -c '.follow_ups'
is_outs '[{"key":"debrief","due_on":"2026-11-11","due_by":"2026-11-13"}]' \
    "a follow-up's days as configured"
printf 'incidents:\n  kinds:\n    death: [debrief, hug]\n' >"$tmp/c1.yaml"
bad 78 'c1.yaml:3:5: incidents.kinds.death: follow-up "hug" is not in incidents.follow_ups' \
    "a follow-up not configured" engage-log --config "$tmp/c1.yaml" \
    --incident death --peer Wren
printf 'incidents:\n  follow_ups:\n    debrief: {due: soon}\n' >"$tmp/c2.yaml"
bad 78 'incidents.follow_ups.debrief.due: must be a whole number of days' \
    "a due that is not days" engage-log --config "$tmp/c2.yaml" \
    --incident death --peer Wren
printf 'incidents:\n  kinds:\n    Death: []\n' >"$tmp/c3.yaml"
bad 78 'incidents.kinds: "Death": a name of 1 to 40 lower-case' \
    "a kind not spelt as a key" engage-log --config "$tmp/c3.yaml" \
    --incident death --peer Wren
printf 'incidents:\n  colour: red\n' >"$tmp/c4.yaml"
bad 78 'incidents.colour: unknown key' "an unknown key" \
    engage-log --config "$tmp/c4.yaml" --incident death --peer Wren

# The completions offer the configured kinds.
run engage-log --complete incident-kinds
is_rc 0 "--complete incident-kinds"
is_outs "overdose-response
death
violence
other" "the kinds for completion"

done_testing
