#!/bin/sh
# A long batch at a terminal shows a progress line on stderr, redrawn in
# place and erased at the end; nothing of it without a terminal or with
# -q.  The terminal is a real one, made by script(1).  Nothing here
# depends on how fast the machine is: the line first shows at the
# 2000th record.
. "$(dirname "$0")/lib.sh"
engine_free "the progress line at a terminal"

# 5000 peers, as JSON Lines and as one JSON array.
awk 'BEGIN { for (i = 1; i <= 5000; i++)
	printf "{\"alias\":\"peer%d\",\"role\":\"participant\"}\n", i }' \
    >"$tmp/peers.jsonl"
awk 'BEGIN { printf "["; for (i = 1; i <= 5000; i++)
	printf "%s{\"alias\":\"peer%d\",\"role\":\"participant\"}",
	    (i > 1 ? "," : ""), i; print "]" }' >"$tmp/peers.json"
fresh() {	# an empty store
	rm -f "$PEERKIT_DB" "$PEERKIT_DB-wal" "$PEERKIT_DB-shm"
}

# Not a terminal: the summary line only.
fresh
run peer-add "$tmp/peers.jsonl"
is_rc 0 "5000 peers from a file, stderr not a terminal"
check "nothing on stdout" test ! -s "$tmp/out"
check "stderr is the summary alone" test "$(cat "$tmp/err")" = \
    "peer-add: 5000 added, 0 updated, 0 unchanged, 0 rejected"

if ! command -v script >/dev/null 2>&1 || ! script -qec true /dev/null \
    </dev/null >/dev/null 2>&1; then
	t_result 0 "# SKIP script(1) (bsdutils) is not installed or has no terminal"
	done_testing
fi

# at_tty CMD...: run CMD at a terminal; what it shows, each carriage return
# made a line end, in $tmp/out.
at_tty() {
	run script -qec "$*" /dev/null </dev/null
	thru tr '\r' '\n'
}

fresh
at_tty peer-add "$tmp/peers.jsonl"
is_rc 0 "5000 peers at a terminal"
check "a progress line, from the 2000th record" \
    grep -q '^peer-add: 2000 records' "$tmp/out"
check "with how much of the file is read and the time left" \
    grep -Eq '^peer-add: [0-9]+ records(, [0-9]+/s)?, [0-9]+%, [0-9]+ s left' \
    "$tmp/out"
check "erased: blanks over it, then the summary from the line's start" \
    test "$(grep -v '^$' "$tmp/out" | tail -2 | head -1 | tr -d ' ')" = ''
check "the summary last" test "$(grep -v '^ *$' "$tmp/out" | tail -1)" = \
    "peer-add: 5000 added, 0 updated, 0 unchanged, 0 rejected"

# One JSON array: how far by records of it.
fresh
at_tty peer-add "$tmp/peers.json"
is_rc 0 "a JSON array of 5000 at a terminal"
check "the array's share done" \
    grep -Eq '^peer-add: 2000 records(, [0-9]+/s)?, 40%' "$tmp/out"

# Standard input from a pipe: its size is not known, so no share.
fresh
at_tty "cat $tmp/peers.jsonl | peer-add -"
is_rc 0 "5000 peers from a pipe at a terminal"
check "records, without a share or time left" \
    grep -Eq '^peer-add: 2000 records(, [0-9]+/s)?$' "$tmp/out"

# -q: nothing but what -q lets through.
fresh
at_tty peer-add -q "$tmp/peers.jsonl"
is_rc 0 "-q at a terminal"
lacks "no progress with -q" 'records' "$tmp/out"

# A refusal in the middle is a message of its own, from the start of a
# line: the progress line is erased first.
fresh
sed '3000s/.*/{"alias":""}/' "$tmp/peers.jsonl" >"$tmp/bad.jsonl"
at_tty peer-add --keep-going "$tmp/bad.jsonl"
is_rc 65 "--keep-going over a bad record at a terminal"
check "the refusal is on a line of its own" \
    grep -q "^peer-add: $tmp/bad.jsonl:3000: " "$tmp/out"
check "the summary counts it" grep -q '^peer-add: 4999 added, .* 1 rejected$' \
    "$tmp/out"

# A batch shorter than 2000 records shows nothing.
fresh
head -n 1999 "$tmp/peers.jsonl" >"$tmp/short.jsonl"
at_tty peer-add "$tmp/short.jsonl"
is_rc 0 "1999 peers at a terminal"
lacks "no progress for a short batch" 'records' "$tmp/out"

done_testing
