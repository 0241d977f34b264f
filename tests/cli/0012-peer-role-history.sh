#!/bin/sh
# A peer's roles are a history with dates: peer-add records the first
# role from the day given (--date, else today) and every change after
# it; peer-list REF shows the path (each role, from when, until when,
# for how many days) under the card and as "roles" in JSON.  A history
# goes forward: a change dated before the last one, or after today, is
# refused and nothing is written.
. "$(dirname "$0")/lib.sh"

run peer-add --alias Raven --role participant --date 2026-01-05 --json
is_rc 0 "a new peer with the day the role was taken"
thru jq -c '[.role, .role_since, .term_end]'
is_outs '["participant","2026-01-05",null]' "role_since in the record"
ok_cmd peer-add --alias Moss --role peer-worker
ok_cmd peer-add --alias Ash

run peer-add --update Raven --role peer-worker --date 2026-11-10 --json
is_rc 0 "a change of role, dated"
thru jq -c '[.role, .role_since]'
is_outs '["peer-worker","2026-11-10"]' "the new role, from its day"
run peer-add --update Raven --city Kelowna --json
is_rc 0 "another field changed"
thru jq -r .role_since
is_outs "2026-11-10" "the role keeps its day"

run peer-list Raven --json
is_rc 0 "peer-list REF --json"
thru jq -c .roles
is_outs '[{"role":"participant","from":"2026-01-05","until":"2026-11-10","days":309,"current":false},{"role":"peer-worker","from":"2026-11-10","until":null,"days":13,"current":true}]' \
    "the path: each role, from when, until when, how long"
run peer-list Raven
is_rc 0 "peer-list REF, the card"
thru sed -n '/^Roles/,$p'
is_outs 'Roles, oldest first; days until the next, or until today.

ROLE         FROM        UNTIL       DAYS
participant  2026-01-05  2026-11-10   309
peer-worker  2026-11-10  -             13' "the path under the card"
run peer-list Moss --json
is_rc 0 "a peer registered today"
thru jq -c '[.role_since, .roles]'
is_outs '["2026-11-23",[{"role":"peer-worker","from":"2026-11-23","until":null,"days":0,"current":true}]]' \
    "one role, from the day of registration"
run peer-list Ash --json
is_rc 0 "a peer with no role"
thru jq -c '[.role_since, (.roles | length)]'
is_outs '[null,1]' "no role, no day taken; the path has its one step"

# The audit trail says it: the role and its day.
run peer-list --history Raven --json
is_rc 0 "--history"
thru jq -c 'select(.action == "update") | [.changes[] | select(.field | startswith("role")) | [.field, .before, .after]]'
is_outs '[["role","participant","peer-worker"],["role_since","2026-01-05","2026-11-10"]]
[]' "the change of role and its day are audited"

# A re-import of peer-list REF --json changes nothing ("roles" is read
# past).
run sh -c 'peer-list Raven --json | peer-add -'
is_rc 0 "peer-list REF --json read back"
err_has "0 added, 0 updated, 1 unchanged" "unchanged"

# Bad input: nothing written.
bad 65 'field "role_since": 2026-11-01 is before the peer.s last change of role, on 2026-11-10: a role history goes forward' \
    "a change dated before the last" peer-add --update Raven --role outreach-worker --date 2026-11-01
bad 65 'field "role_since": 2026-11-24 is after today \(2026-11-23\)' \
    "a change dated after today" peer-add --update Raven --role outreach-worker --date 2026-11-24
bad 64 '^peer-add: --date: ' "a malformed --date" \
    peer-add --update Raven --role outreach-worker --date 2026-02-30
bad 64 '^peer-add: --date goes with --role' "--date without --role" \
    peer-add --update Raven --date 2026-11-20
bad 65 'field "role": "boss" is not in the configured roles' \
    "an unknown role" peer-add --update Raven --role boss --date 2026-11-20
bad 65 ':1: field "role_since": expected a date' "a JSON role_since not a date" \
    sh -c 'echo "{\"alias\":\"Wren\",\"role\":\"participant\",\"role_since\":\"soon\"}" | peer-add -'
check "still two steps for Raven" test "$(sql \
    'SELECT count(*) FROM peer_roles WHERE peer_id = 1')" = 2

# The history is kept: neither edited nor deleted.
run sql "DELETE FROM peer_roles"
is_fail "a step deleted with the database's shell is refused"
run sql "UPDATE peer_roles SET role = 'x'"
is_fail "a step edited with the database's shell is refused"

# Same day twice: the later change wins that day.
ok_cmd peer-add --update Moss --role outreach-worker
run peer-list Moss --json
is_rc 0 "two roles the same day"
thru jq -c '[.roles[] | [.role, .from, .until, .days]]'
is_outs '[["peer-worker","2026-11-23","2026-11-23",0],["outreach-worker","2026-11-23",null,0]]' \
    "both kept, the later one current"
done_testing
