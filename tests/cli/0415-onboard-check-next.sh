#!/bin/sh
# progression: in the config orders the roles; onboard-check REF --next
# lists what the peer still needs for the next role: the items that
# role needs that are not done (due, expiring or expired), with the
# usual exit status (1: something is due).  A peer at the last role, or
# in a role off the progression, is told so.  A progression naming a
# role that is not configured is a configuration error (78) naming the
# file, line and key.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/onboarding.yaml" <<'EOF'
items:
  - key: orientation
    title: Orientation
    roles: all
  - key: naloxone
    title: Naloxone training
    roles: [peer-worker, outreach-worker]
    valid_for: 12 months
  - key: outreach-safety
    title: Outreach safety
    roles: [outreach-worker]
  - key: business-cards
    title: Business cards
    roles: [outreach-worker]
    blocks: false
EOF
cat >"$tmp/config.yaml" <<'EOF'
roles: [participant, peer-worker, outreach-worker, elder]
progression: [participant, peer-worker, outreach-worker]
onboarding: onboarding.yaml
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Moss --role outreach-worker
ok_cmd peer-add --alias Sage --role elder
ok_cmd peer-add --alias Ash
ok_cmd onboard-check Raven --done orientation --done naloxone --date 2025-12-01

run onboard-check Raven --next
is_rc 1 "--next: something due for the next role"
thru awk '{print $1, $2}'
is_outs 'KEY STATUS
naloxone expiring
outreach-safety due' \
    "what outreach work needs and Raven has not done (the optional card left out)"
err_has '^onboard-check: Raven: outreach-worker next; 2 items of its checklist to do$' \
    "the next role, said on stderr"
run onboard-check Raven --next --json
is_rc 1 "--next --json"
thru jq -c '[.role, .key, .status]'
is_outs '["outreach-worker","naloxone","expiring"]
["outreach-worker","outreach-safety","due"]' "JSON: the role the items are for"
# What the next role needs is done ahead with --next.
bad 65 '^onboard-check: item "outreach-safety": not needed for role "peer-worker"$' \
    "an item of the next role, without --next" onboard-check Raven --done outreach-safety
run onboard-check Raven --done outreach-safety --done naloxone --next --json
is_rc 0 "--done ITEM --next: done ahead"
thru jq -c '[.role, .key, .status]'
is_outs '["outreach-worker","outreach-safety","done"]
["outreach-worker","naloxone","done"]' "the items of the next role, done"
bad 65 '^onboard-check: Moss: outreach-worker is the last role: no next role on the progression$' \
    "--done --next at the last role" onboard-check Moss --done orientation --next
run onboard-check Raven --next -q
is_rc 0 "nothing left for the next role"
check "nothing listed" test ! -s "$tmp/out"
run onboard-check Moss --next
is_rc 0 "the last role of the progression"
err_has '^onboard-check: Moss: outreach-worker is the last role of the progression$' "says so"
run onboard-check Sage --next
is_rc 0 "a role off the progression"
err_has '^onboard-check: Sage: role "elder" is not on the progression: no next role$' "says so"
run onboard-check Ash --next --json
is_rc 1 "a peer with no role: the first role is next"
thru jq -r .key
is_outs 'orientation' "what a participant needs"

# Without progression: the order of roles.
printf 'onboarding: onboarding.yaml\n' >"$tmp/plain.yaml"
run onboard-check --config "$tmp/plain.yaml" Raven --next -q
is_rc 0 "the default progression is the order of roles"

# Bad input.
cat >"$tmp/bad.yaml" <<'EOF'
roles: [participant, peer-worker]
progression:
  - participant
  - boss
EOF
bad 78 "^onboard-check: $tmp/bad.yaml:4:5: progression: \"boss\" is not one of the configured roles\$" \
    "a progression naming an unknown role" onboard-check --config "$tmp/bad.yaml" Raven --next
bad 78 'progression: "peer-worker" is listed twice' "a role listed twice" \
    onboard-check --config /dev/stdin Raven --next <<'EOF'
progression: [peer-worker, peer-worker]
EOF
# Roles after the progression in the file are the ones it is read against.
cat >"$tmp/late.yaml" <<'EOF'
progression: [new, newer]
roles: [new, newer]
EOF
run peer-list --config "$tmp/late.yaml" -q
is_rc 0 "a progression of roles the file lists after it"
bad 64 '^onboard-check: --next does not go with --all' "--next with --all" \
    onboard-check --all --next
done_testing
