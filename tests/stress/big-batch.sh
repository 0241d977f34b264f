#!/bin/sh
# big-batch.sh - all or nothing at scale: a batch of PK_BIG_LINES
# (default 1,000,000) peers whose last line is bad stores none of them;
# the same batch without it stores every one.  Prints the time and the
# peak memory of each (memory must not grow with the input: DESIGN.md).
. "$(dirname "$0")/../cli/lib.sh"

n=${PK_BIG_LINES:-1000000}
q() { sqlite3 "$PEERKIT_DB" "$1"; }
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
	printf "{\"alias\": \"p%d\", \"role\": \"participant\", \"region\": \"North\"}\n", i }' \
    >"$tmp/good.jsonl"
{ cat "$tmp/good.jsonl"; echo '{"alias": "last", "role": "boss"}'; } >"$tmp/bad.jsonl"
peer-add -q --alias Raven >/dev/null
measure() {	# measure CMD...: run it, print its time and peak memory
	/usr/bin/time -f '%e s, %M KB' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	echo "# $(basename "$1") $(basename "$2"): $(tail -n 1 "$tmp/time")"
}
snap
measure peer-add "$tmp/bad.jsonl"
is_rc 65 "a batch of $n good lines and a bad last one"
err_has "bad.jsonl:$((n + 1)): field \"role\": \"boss\"" "names the last line"
unchanged "the batch with a bad last line"
measure peer-add "$tmp/good.jsonl"
is_rc 0 "the same batch without it"
check "stores all $n" test "$(q "SELECT count(*) FROM peers")" = $((n + 1))
check "and audits each" test "$(q "SELECT count(*) FROM audit")" = $((n + 1))
check "integrity_check ok" test "$(q "PRAGMA integrity_check")" = ok
done_testing
