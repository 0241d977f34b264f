#!/bin/sh
# Incidents and their follow-up steps are in the peer's history
# (peer-list --history), audited, never deleted; a merge brings a peer's
# incidents, with their follow-ups, to the record kept.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Fern --role peer-worker
ok_cmd peer-add --alias Moss --role peer-worker
ok_cmd engage-log --incident death --peer Fern --date 2026-11-20
ok_cmd engage-log --incident other --peer Moss --date 2026-11-20
ok_cmd onboard-check --declined debrief Fern --date 2026-11-21
ok_cmd peer-add --merge Fern --into Raven

# The record kept has the incident and its follow-ups now.
run onboard-check Raven --config /dev/null --json
is_rc 1 "the record kept: its checklist and follow-ups (something due)"
thru jq -c 'select(.incident_id) | [.alias, .key, .status]'
is_outs '["Raven","debrief@1","declined"]
["Raven","check-in-7@1","scheduled"]
["Raven","check-in-30@1","scheduled"]' "merged: the follow-ups are Raven's"
run onboard-check --done check-in-7@1 Raven --date 2026-11-23
is_rc 0 "a step on a follow-up merged in"

# The history: the incident, the steps, the merge; Moss's are not there.
snap
run peer-list --history Raven --json
is_rc 0 "--history"
unchanged "--history only reads"
thru jq -c 'select(.kind == "incident" or .kind == "follow-up") | [.tool, .action, .kind, .record_id]'
is_outs '["engage-log","create","incident",1]
["onboard-check","declined","follow-up",1]
["peer-add","merge","incident",1]
["onboard-check","done","follow-up",2]' "the history has the incident and its steps"

# Nothing is deleted, nor a follow-up's days changed.
run sql "DELETE FROM incidents WHERE id = 2"
is_fail "an incident cannot be deleted"
run sql "DELETE FROM follow_up_steps"
is_fail "a follow-up step cannot be deleted"
run sql "UPDATE follow_ups SET due_by = '2027-01-01'"
is_fail "a follow-up's days cannot be changed"
run sql "SELECT count(*) FROM incidents"
is_rc 0 "incidents counted"
is_outs 2 "both incidents kept"

done_testing
