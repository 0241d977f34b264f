#!/bin/sh
# The clock the tools read: --today or $PEERKIT_TODAY for "today",
# $PEERKIT_NOW for the timestamps they record (created_at, updated_at,
# voided_at, filed_at, the audit trail).  Fixing both makes a run
# reproducible; a malformed value stops every tool before it reads or
# writes anything (exit 64).
. "$(dirname "$0")/lib.sh"

re() { printf '%s' "$1" | sed 's/[].[*^$+?(){}|\\]/\\&/g'; }	# text as an ERE

run peer-add --alias Raven --json
is_rc 0 "a peer is added"
check "created_at is PEERKIT_NOW" test "$(jq -r .created_at "$tmp/out")" = \
    2026-11-23T12:00:00Z
run sql "SELECT DISTINCT at FROM audit"
is_rc 0 "the audit trail is read"
is_outs 2026-11-23T12:00:00Z "its time is PEERKIT_NOW too"

PEERKIT_NOW=2027-01-05T08:30:00Z run peer-add --update Raven --notes moved --json
is_rc 0 "an update at another fixed time"
check "updated_at is the new time" test "$(jq -r .updated_at "$tmp/out")" = \
    2027-01-05T08:30:00Z
check "created_at is kept" test "$(jq -r .created_at "$tmp/out")" = \
    2026-11-23T12:00:00Z

# Without PEERKIT_NOW the clock is read: a UTC timestamp, whatever the
# machine's time zone.
run env -u PEERKIT_NOW TZ=Pacific/Kiritimati peer-add --alias Wren --json
is_rc 0 "a peer added without PEERKIT_NOW"
check "the time is read from the clock, in UTC whatever the zone" \
    jq -e '.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")' \
    "$tmp/out"

for v in 2026-02-30T12:00:00Z 2026-11-23T24:00:00Z 2026-11-23T12:60:00Z \
    2026-11-23 "2026-11-23 12:00:00" 2026-11-23T12:00:00+01:00 now; do
	for t in "peer-add --alias Kestrel" "peer-list" "engage-log --list" \
	    "honorarium-pay --list" "t4a-report --year 2026" "onboard-check --all"; do
		snap
		PEERKIT_NOW=$v run $t
		is_rc 64 "PEERKIT_NOW=\"$v\": ${t%% *} refuses"
		err_has "^${t%% *}: PEERKIT_NOW: \"$(re "$v")\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ$" \
		    "PEERKIT_NOW=\"$v\": ${t%% *} says what is wrong"
		unchanged "PEERKIT_NOW=\"$v\": ${t%% *}"
	done
done

for v in 2026-02-30 2026-13-01 26-11-23 yesterday; do
	for t in "peer-add --alias Kestrel" "peer-list" "engage-log --list" \
	    "honorarium-pay --list" "t4a-report --year 2026" "onboard-check --all"; do
		snap
		PEERKIT_TODAY=$v run $t
		is_rc 64 "PEERKIT_TODAY=\"$v\": ${t%% *} refuses"
		err_has "^${t%% *}: PEERKIT_TODAY: " \
		    "PEERKIT_TODAY=\"$v\": ${t%% *} says what is wrong"
		unchanged "PEERKIT_TODAY=\"$v\": ${t%% *}"
	done
done
done_testing
