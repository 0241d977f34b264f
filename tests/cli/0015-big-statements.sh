#!/bin/sh
# One statement that changes more than a megabyte of the store: merging a
# peer with 30,000 engagements moves them all in one UPDATE, whose
# statement journal (what undoes it, should it fail halfway) outgrows
# memory and spills to a temporary file.  A build that kept statement
# journals in memory up to 1 MiB failed here with "disk full" (exit 74)
# on a disk with room, under Debian 12's SQLite.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add -q --alias Raven
ok_cmd peer-add -q --alias Raven2
awk 'BEGIN { for (i = 0; i < 30000; i++)
	printf "{\"peer\":\"Raven2\",\"date\":\"2026-%02d-%02d\",\"hours\":\"1\",\"activity\":\"meeting\",\"level\":\"consult\"}\n",
	    i % 10 + 1, i % 28 + 1 }' >"$tmp/many.jsonl"
ok_cmd engage-log -q "$tmp/many.jsonl"
due=$(sql "SELECT sum(amount_due) FROM engagements")
run peer-add -q --merge Raven2 --into Raven
is_rc 0 "the merge of a peer with 30,000 engagements is one statement that spills"
check "every engagement is Raven's now" test \
    "$(sql "SELECT peer_id || ':' || count(*) FROM engagements GROUP BY peer_id")" = "1:30000"
check "and the amounts due are unchanged" test \
    "$(sql "SELECT sum(amount_due) FROM engagements")" = "$due"
if ! on_pg; then
	check "the store is whole" test "$(sqlite3 "$PEERKIT_DB" "PRAGMA integrity_check")" = ok
fi
done_testing
