#!/bin/sh
# onboard-check: the follow-ups after a critical incident (a debrief
# within 3 days, check-ins at 7 and 30) fall due on their days, answer
# "no" (1) while due or overdue, and are closed by --done, --waive or
# --declined; a peer's declining is respected: never overdue again.
. "$(dirname "$0")/lib.sh"

# An empty checklist: only the follow-ups show.
printf 'items: []\n' >"$tmp/checklist.yaml"
printf 'onboarding: checklist.yaml\n' >"$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Moss --role peer-worker
ok_cmd peer-add --alias Wren --role peer-worker
ok_cmd engage-log --incident overdose-response --peer Raven --date 2026-11-02
ok_cmd engage-log --incident overdose-response --peer Moss --date 2026-11-02

statuses() {	# statuses TODAY REF: KEY STATUS of each follow-up, and the exit
	PEERKIT_TODAY=$1 run onboard-check "$2" --json
	s_rc=$rc
	t_unchecked=
	jq -r '"\(.key) \(.status)"' "$tmp/out" >"$tmp/st"
	echo "exit $s_rc" >>"$tmp/st"
	cat "$tmp/st"
}

# The days each falls due and is overdue.
check "the incident day: debrief due" test "$(statuses 2026-11-02 Raven)" = \
"debrief@1 due
check-in-7@1 scheduled
check-in-30@1 scheduled
exit 1"
check "the third day: still due" test "$(statuses 2026-11-05 Raven)" = \
"debrief@1 due
check-in-7@1 scheduled
check-in-30@1 scheduled
exit 1"
check "the fourth day: overdue" test "$(statuses 2026-11-06 Raven)" = \
"debrief@1 overdue
check-in-7@1 scheduled
check-in-30@1 scheduled
exit 1"
check "the seventh day: the check-in due" test "$(statuses 2026-11-09 Raven)" = \
"debrief@1 overdue
check-in-7@1 due
check-in-30@1 scheduled
exit 1"

# Declined: closed, recorded, audited, never overdue again.
PEERKIT_TODAY=2026-11-03 run onboard-check --declined debrief Raven \
    --note "has own supports" --json
is_rc 0 "--declined the debrief"
thru jq -c '[.key, .status, .declined_on, .done_on, .note, .incident_id, .kind, .incident_date, .due_on, .due_by]'
is_outs '["debrief@1","declined","2026-11-03",null,"has own supports",1,"overdose-response","2026-11-02","2026-11-02","2026-11-05"]' \
    "declined: its record"
check "declined: not overdue after its day" test \
    "$(statuses 2026-11-06 Raven)" = "debrief@1 declined
check-in-7@1 scheduled
check-in-30@1 scheduled
exit 0"
check "declined: not overdue months on" test \
    "$(statuses 2027-03-01 Raven | head -n 1)" = "debrief@1 declined"
run sql "SELECT action, kind FROM audit WHERE kind = 'follow-up'"
is_rc 0 "audit read"
is_outs "declined|follow-up" "declined: audited"

# --done closes a follow-up; KEY@INCIDENT or KEY for the latest incident.
PEERKIT_TODAY=2026-11-10 run onboard-check --done check-in-7@1 Raven
is_rc 0 "--done check-in-7@1"
is_outs "KEY           STATUS  DONE        EXPIRES  BY    TITLE
check-in-7@1  done    2026-11-10  -        $(id -un)  check-in-7 after overdose-response of 2026-11-02, due by 2026-11-12" \
    "--done: the follow-up done"
check "done: nothing due now" test "$(statuses 2026-11-12 Raven)" = \
"debrief@1 declined
check-in-7@1 done
check-in-30@1 scheduled
exit 0"
check "the 30th day: the last check-in due" test \
    "$(statuses 2026-12-02 Raven | tail -n 2)" = "check-in-30@1 due
exit 1"

# Waive needs a reason; undo opens it again.
PEERKIT_TODAY=2026-11-04 run onboard-check --waive debrief Moss \
    --reason "on leave"
is_rc 0 "--waive the debrief"
check "waived: closed" test "$(statuses 2026-11-06 Moss | head -n 1)" = \
    "debrief@2 waived"
PEERKIT_TODAY=2026-11-06 run onboard-check --undo debrief Moss
is_rc 0 "--undo the waiver"
check "undone: overdue again" test "$(statuses 2026-11-06 Moss | head -n 1)" = \
    "debrief@2 overdue"

# --all: the due and overdue follow-ups of every peer, exit 1.
PEERKIT_TODAY=2026-11-10 run onboard-check --all --json
is_rc 1 "--all with follow-ups due"
thru jq -c '[.alias, .key, .status]'
is_outs '["Moss","debrief@2","overdue"]
["Moss","check-in-7@2","due"]' "--all: the follow-ups due and overdue"
PEERKIT_TODAY=2026-11-10 run onboard-check --all --role outreach-worker
is_rc 0 "--all of peers with none due"
PEERKIT_TODAY=2026-11-10 run onboard-check Wren
is_rc 0 "a peer with no incident"

# Refused: exit and message, nothing stored.
bad 65 'follow-up "debrief": Wren has no incident that asks for it' \
    "a follow-up of a peer with no incident" onboard-check --done debrief Wren
bad 65 'follow-up "debrief@2": Raven has no incident that asks for it' \
    "another peer's incident" onboard-check --done debrief@2 Raven
bad 65 'follow-up "debrief@x": expected KEY@INCIDENT' \
    "a malformed KEY@INCIDENT" onboard-check --done debrief@x Raven
bad 65 'follow-up "check-in-30": date 2026-11-01 is before the incident \(2026-11-02\)' \
    "a step before the incident" onboard-check --done check-in-30 Raven \
    --date 2026-11-01
bad 65 'follow-up "check-in-30": date 2026-11-24 is after today' \
    "a step after today" onboard-check --done check-in-30 Raven \
    --date 2026-11-24
bad 65 'follow-up "check-in-30": neither done, declined nor waived: nothing to undo' \
    "nothing to undo" onboard-check --undo check-in-30 Raven
bad 64 '--waive needs --reason' "a waiver without a reason" \
    onboard-check --waive check-in-30 Raven
bad 65 'item "mentor": only a follow-up after an incident can be declined' \
    "a checklist item declined" onboard-check --config /dev/null \
    --declined mentor Raven
bad 65 'item "nonesuch": not in the onboarding checklist' \
    "neither an item nor a follow-up" onboard-check --declined nonesuch Raven
# Two steps in one command: both or neither.
bad 65 'follow-up "check-in-30@9"' "one step of two refused" \
    onboard-check --done check-in-30@1 --done check-in-30@9 Raven

done_testing
