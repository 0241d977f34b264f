#!/bin/sh
# A role may have a term end: peer-add --update --term-end DATE sets it,
# --term-end none clears it, peer-list shows it; a new role starts
# without the old one's term end unless the same change gives one.  A
# malformed date on the command line is a usage error (64), one in a
# record bad data (65), and nothing is written.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role peer-worker
run peer-add --update Raven --term-end 2027-03-31 --json
is_rc 0 "--term-end DATE"
thru jq -r .term_end
is_outs "2027-03-31" "the term end in the record"
run peer-list Raven
is_rc 0 "peer-list REF"
check "shown on the card" grep -qx 'term_end: *2027-03-31' "$tmp/out"
run peer-list --format csv
is_rc 0 "peer-list --format csv"
check "a column of its own" sh -c "head -1 '$tmp/out' | grep -q ',role,role_since,term_end,'"

run peer-add --update Raven --term-end none --json
is_rc 0 "--term-end none"
thru jq -c .term_end
is_outs "null" "cleared"
ok_cmd peer-add --update Raven --term-end 2027-03-31

# A new role: the old term end goes with the old role...
run peer-add --update Raven --role outreach-worker --json
is_rc 0 "a new role"
thru jq -c '[.role, .term_end]'
is_outs '["outreach-worker",null]' "the new role has no term end"
# ... unless the change gives one.
run peer-add --update Raven --role systems-navigator --term-end 2027-06-30 --json
is_rc 0 "a new role with its term end"
thru jq -c '[.role, .term_end]'
is_outs '["systems-navigator","2027-06-30"]' "the new role's term end"
run peer-add --json - <<'EOF'
{"alias":"Moss","role":"peer-worker","term_end":"2027-01-15"}
EOF
is_rc 0 "a term end in a record"
thru jq -r .term_end
is_outs "2027-01-15" "read from JSON"

# Bad input: nothing written.
bad 64 '^peer-add: --term-end: ' "a term end that is no date" \
    peer-add --update Raven --term-end 2027-02-30
bad 64 '^peer-add: --term-end: ' "a term end that is a word" \
    peer-add --update Raven --term-end soon
bad 65 ':1: field "term_end": "31/03/2027" is not a date \(YYYY-MM-DD\)' \
    "a record's term end that is no date" \
    sh -c 'echo "{\"alias\":\"Wren\",\"term_end\":\"31/03/2027\"}" | peer-add -'
done_testing
