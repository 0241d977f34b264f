#!/bin/sh
# SQL in free text is data: stored byte for byte, read back the same,
# and the schema, the other records and the audit trail are untouched.
# (Text that a field checks, a role or a date, is refused instead: see
# 0610-hostile-inputs.sh.)
. "$(dirname "$0")/lib.sh"

bad=$top/tests/data/bad
# The schema: SQLite's own text of it, or pg_dump's (less the random
# key of its \restrict lines, new each run).
schema() {
	if on_pg; then
		pg_dump -s -f "$tmp/schema.sql" "$PEERKIT_DB" &&
		    grep -Ev '^\\(un)?restrict ' "$tmp/schema.sql"
	else
		sqlite3 "$PEERKIT_DB" 'SELECT type, name, sql FROM sqlite_master ORDER BY name'
	fi
}
ok_cmd peer-add -q --alias Raven --role peer-worker
ok_cmd -o "$tmp/schema.before" schema
check "the schema is read" test -s "$tmp/schema.before"

run peer-add --json "$bad/json/sql-text-fields.jsonl"
is_rc 0 "peer-add stores a record full of SQL"
jq -c '{alias, surname, given_name, address_line1, address_line2, city, notes, demographics}' \
    "$bad/json/sql-text-fields.jsonl" >"$tmp/want"
run peer-list --json 2
is_rc 0 "peer-list reads it back"
thru jq -c '{alias, surname, given_name, address_line1, address_line2, city, notes, demographics}'
is_out "$tmp/want" "every text field reads back byte for byte"

run engage-log --peer "Robert'); DROP TABLE peers; --" --hours 1 \
    --activity meeting --level consult --date 2026-11-20 \
    --project "x'); DROP TABLE engagements; --" --note "' OR '1'='1" --json
is_rc 0 "engage-log takes the peer by that alias"
run engage-log --list --json
is_rc 0 "engage-log --list reads it back"
thru jq -r '.alias, .project, .note'
is_outs "Robert'); DROP TABLE peers; --
x'); DROP TABLE engagements; --
' OR '1'='1" "engagement text reads back"

run honorarium-pay --peer 2 --amount 25.00 --ref "x'); DROP TABLE payments; --" \
    --note "'); DELETE FROM audit; --" --json
is_rc 0 "honorarium-pay stores a ref and note full of SQL"
run honorarium-pay --list --json
is_rc 0 "honorarium-pay --list reads it back"
thru jq -r '.ref, .note, .amount'
is_outs "x'); DROP TABLE payments; --
'); DELETE FROM audit; --
25.00" "payment text reads back"
# The ref is an idempotency key: the same text again is the same payment.
run honorarium-pay --peer 2 --amount 25.00 --ref "x'); DROP TABLE payments; --" \
    --note "'); DELETE FROM audit; --"
is_rc 0 "the same ref again"
check "is not paid twice" test "$(sql "SELECT count(*) FROM payments")" = 1

run onboard-check --waive orientation --reason "'); UPDATE onboarding SET action = 'done'; --" 2
is_rc 0 "onboard-check stores a reason full of SQL"
check "the reason reads back" test "$(sql "SELECT note FROM onboarding")" = \
    "'); UPDATE onboarding SET action = 'done'; --"

ok_cmd -o "$tmp/schema.after" schema
check "the schema is what it was" cmp "$tmp/schema.before" "$tmp/schema.after"
# The payment paid the engagement (the peer's one open balance): one
# allocation, audited too.
run sql "SELECT (SELECT count(*) FROM peers), (SELECT count(*) FROM engagements),
    (SELECT count(*) FROM payments), (SELECT count(*) FROM allocations), (SELECT count(*) FROM onboarding),
    (SELECT count(*) FROM audit), (SELECT count(*) FROM peers WHERE sin IS NOT NULL)"
is_rc 0 "the tables are counted"
is_outs "2|1|1|1|1|6|0" "every table holds exactly what was written, audited"
if ! on_pg; then
	check "integrity_check" test "$(sqlite3 "$PEERKIT_DB" "PRAGMA integrity_check")" = ok
fi
done_testing
