#!/bin/sh
# A term ending: onboard-check shows the end of a peer's term as an item
# due (key term-end) from term_end_notice_days (default 30) before it,
# expired from the day it ends, in REF and --all, with exit status 1;
# before the notice, nothing.  Clearing the term end (--term-end none)
# ends the reminder.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/onboarding.yaml" <<'EOF'
items:
  - key: orientation
    title: Orientation
    roles: all
EOF
printf 'onboarding: onboarding.yaml\n' >"$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven --role peer-worker --term-end 2026-12-31
ok_cmd peer-add --alias Moss --role outreach-worker --term-end 2026-12-20
ok_cmd onboard-check Raven --done orientation
ok_cmd onboard-check Moss --done orientation

# Today 2026-11-23: Raven's term ends in 38 days, outside the notice.
run onboard-check Raven --json
is_rc 0 "38 days before the end: nothing due"
check "no term-end item" jq -se 'all(.[]; .key != "term-end")' "$tmp/out"
# Moss's ends in 27 days: inside the notice.
run onboard-check Moss
is_rc 1 "27 days before the end: due"
thru awk '{print $1, $2, $4}'
is_outs 'KEY STATUS EXPIRES
orientation done -
term-end due 2026-12-20' "the reminder, as an item due"
run onboard-check Moss --json
is_rc 1 "--json"
thru jq -c 'select(.key == "term-end") | [.status, .expires_on, .title]'
is_outs '["due","2026-12-20","The term as outreach-worker ends on 2026-12-20: extend it, or support the peer as it ends"]' \
    "what it says"
run onboard-check --all --json
is_rc 1 "--all"
thru jq -c '[.alias, .key, .status]'
is_outs '["Moss","term-end","due"]' "only Moss's term, in --all"

# The window's first day, and the day the term ends.
run onboard-check Raven --today 2026-12-01 --json
is_rc 1 "30 days before: the first day of the notice"
thru jq -c 'select(.key == "term-end") | .status'
is_outs '"due"' "due"
run onboard-check Raven --today 2026-11-30 -q
is_rc 0 "31 days before: not yet"
run onboard-check Raven --today 2026-12-31 --json
is_rc 1 "the day it ends"
thru jq -c 'select(.key == "term-end") | .status'
is_outs '"expired"' "expired"

# A notice of its own.
printf 'onboarding: onboarding.yaml\nterm_end_notice_days: 60\n' >"$tmp/long.yaml"
run onboard-check --config "$tmp/long.yaml" Raven --json
is_rc 1 "term_end_notice_days: 60"
thru jq -c 'select(.key == "term-end") | .status'
is_outs '"due"' "38 days before is inside 60"
printf 'term_end_notice_days: soon\n' >"$tmp/bad.yaml"
bad 78 "bad.yaml:1:23: term_end_notice_days: must be a whole number of days, 0 to 3650" \
    "a notice that is no number" onboard-check --config "$tmp/bad.yaml" Raven

# Extended, or cleared: the reminder goes.
ok_cmd peer-add --update Moss --term-end 2027-06-30
run onboard-check Moss -q
is_rc 0 "a term extended: nothing due"
ok_cmd peer-add --update Raven --term-end none
run onboard-check Raven --today 2026-12-31 -q
is_rc 0 "a term end cleared: nothing due"
done_testing
