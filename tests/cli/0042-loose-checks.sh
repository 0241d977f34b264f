#!/bin/sh
# Checks that were loose, made strict and the same in every tool:
#   - a malformed $PEERKIT_TODAY or $PEERKIT_NOW stops every tool,
#     peerkit-keys too, with one message (exit 64), --today or not, and
#     before a period such as last-month is worked out;
#   - demographics: at most 4096 bytes of JSON (exit 65, naming the
#     record of a batch);
#   - config: activities: {} and an unquoted t4a.box (YAML's number 48)
#     are refused (exit 78), naming the key.
. "$(dirname "$0")/lib.sh"
pg_long "the environment, records and configuration checked"

re() { printf '%s' "$1" | sed 's/[].[*^$+?(){}|\\]/\\&/g'; }	# text as an ERE

ok_cmd peer-add --alias Raven
tools="peer-add|--alias Kestrel
peer-list|
engage-log|--list --period last-month
engage-log|--summary --period this-month
honorarium-pay|--run --period last-month --dry-run
t4a-report|--year this-year
onboard-check|--all
peerkit-keys|"
for v in 2026-02-30 2026-13-01 2026-11-23T12:00:00Z; do
	while IFS='|' read -r t args; do
		bad_quiet 64 "^$t: PEERKIT_TODAY: date \"$(re "$v")\": (no such date|expected YYYY-MM-DD)$" \
		    "PEERKIT_TODAY=$v: $t $args" env PEERKIT_TODAY="$v" $t $args
		bad_quiet 64 "^$t: PEERKIT_TODAY: date \"$(re "$v")\"" \
		    "PEERKIT_TODAY=$v, with --today: $t $args" \
		    env PEERKIT_TODAY="$v" $t --today 2026-11-23 $args
	done <<EOF
$tools
EOF
done
for v in 2026-02-30T12:00:00Z 2026-11-23T25:00:00Z; do
	while IFS='|' read -r t args; do
		bad_quiet 64 "^$t: PEERKIT_NOW: \"$(re "$v")\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ$" \
		    "PEERKIT_NOW=$v: $t $args" env PEERKIT_NOW="$v" $t $args
	done <<EOF
$tools
EOF
done
check "peerkit-keys made no keys" test ! -e "$HOME/.config/peerkit"

# demographics: 4096 bytes of compact JSON at most.
fill() {	# fill N: {"a":"xxx..."} of N bytes
	printf '{"a":"%s"}' "$(head -c $(($1 - 8)) /dev/zero | tr '\0' x)"
}
run peer-add --alias Moss --demographics "$(fill 4096)" --json
is_rc 0 "demographics of 4096 bytes"
check "stored whole" jq -e '.demographics.a | length == 4088' "$tmp/out"
bad_quiet 65 '^peer-add: field "demographics": 4097 bytes of JSON, more than the 4096 allowed$' \
    "demographics of 4097 bytes" peer-add --alias Wren --demographics "$(fill 4097)"
bad_quiet 65 '^peer-add: field "demographics": 4097 bytes of JSON' \
    "demographics of 4097 bytes, an update" \
    peer-add --update Moss --demographics "$(fill 4097)"
big=$(head -c 1000000 /dev/zero | tr '\0' x)
printf '{"alias":"Wren"}\n{"alias":"Kestrel","demographics":{"a":"%s"}}\n' \
    "$big" >"$tmp/peers.jsonl"
bad_quiet 65 "^peer-add: $tmp/peers.jsonl:2: field \"demographics\": 1000008 bytes of JSON, more than the 4096 allowed$" \
    "a megabyte of demographics in a batch, naming the line" \
    peer-add "$tmp/peers.jsonl"
run peer-add --keep-going "$tmp/peers.jsonl"
is_rc 65 "--keep-going: the good record stored, the large one refused"
run peer-list --format jsonl
is_rc 0 "peer-list"
thru jq -r .alias
is_outs "Raven
Moss
Wren" "Kestrel was not stored"

# Config: the checks peerkit-config(5) describes.
conf() { printf "$1\n" >"$tmp/c.yaml"; }
conf 'activities: {}'
bad_quiet 78 "^peer-list: $tmp/c.yaml:1:13: activities: must name at least one activity$" \
    "activities: {}" peer-list --config "$tmp/c.yaml"
bad_quiet 78 "activities: must name at least one activity" \
    "activities: {}, engage-log" engage-log --list --config "$tmp/c.yaml"
for b in 048 028 48; do
	conf "t4a:\n  box: $b"
	bad_quiet 78 "^peer-list: $tmp/c.yaml:2:8: t4a\.box: must be" \
	    "t4a.box: $b unquoted" peer-list --config "$tmp/c.yaml"
done
conf "t4a:\n  box: 048"
bad_quiet 78 'box: must be quoted, "048": unquoted, YAML reads 048 as the number 48$' \
    "t4a.box: 048 unquoted, t4a-report" t4a-report --year 2026 --config "$tmp/c.yaml"
for b in '"048"' "'028'"; do
	conf "t4a:\n  box: $b\nactivities:\n  meeting:\n    hourly: \"25.00\""
	run peer-list --config "$tmp/c.yaml"
	is_rc 0 "t4a.box: $b quoted, one activity: accepted"
done
done_testing
