#!/bin/sh
# -o FILE (--output FILE), every tool: the output goes to FILE, mode 0600
# under any umask, written atomically and only when the command ends
# well; a command that fails leaves FILE as it was and no temporary file
# behind; -o - is standard output.  Full SINs going to a regular file
# that group or others can read draw a warning.  A FILE that cannot be
# created is exit 73, with nothing stored.
. "$(dirname "$0")/lib.sh"

{ cat "$data/t4a-config.yaml"; printf '%s\n' 'benefit_programs:' \
    '  - name: income-assistance' '    monthly_limit: "100.00"'; } \
    >"$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
o=$tmp/o
mkdir "$o"

# run_to FILE CMD...: as run, but stdout to FILE as a shell's > makes
# it (stderr in $tmp/err); its status must be asserted with is_rc.
run_to() {
	t_asserted
	r_to=$1
	shift
	t_unchecked="$* >$r_to"
	t_unchecked_at=$t_n
	"$@" >"$r_to" 2>"$tmp/err"
	rc=$?
}
# is_private FILE DESC: FILE exists with mode 0600
is_private() {
	if [ -f "$1" ]; then i_mode=$(stat -c %a "$1"); else i_mode=none; fi
	[ "$i_mode" = 600 ]
	t_result $? "$2: mode 0600"
	[ "$i_mode" = 600 ] || echo "#   mode $i_mode"
}
# no_temp DESC: no temporary file (.FILE.XXXXXX) left in $o
no_temp() {
	ls -A "$o" | grep '^\.' >"$tmp/left"
	[ ! -s "$tmp/left" ]
	t_result $? "$1: no temporary file left"
	sed 's/^/#   left: /' "$tmp/left"
}
# is_old FILE DESC: FILE still holds "old content" (and only that)
is_old() {
	[ "$(cat "$1")" = "old content" ]
	t_result $? "$2: $(basename "$1") left as it was"
}
old() {	# old FILE: FILE with its old content, readable by all
	echo "old content" >"$1" && chmod 644 "$1"
}
nothing_out() {	# nothing_out DESC: nothing on standard output
	check "$1: nothing on standard output" test ! -s "$tmp/out"
}

# Every tool, under umask 022 and 000: a 0600 file holding the output,
# nothing on standard output.  A read-only tool's file is exactly what
# it prints without -o.
for u in 022 000; do
	umask $u
	p=Peer$u
	run peer-add --alias "$p" --json -o "$o/add-$u.json"
	is_rc 0 "umask $u: peer-add -o"
	is_private "$o/add-$u.json" "umask $u: peer-add -o"
	nothing_out "umask $u: peer-add -o"
	check "umask $u: peer-add: the record is in the file" \
	    jq -e --arg p "$p" '.alias == $p' "$o/add-$u.json"
	run engage-log --peer "$p" --hours 1 --activity meeting --level consult \
	    --date 2026-11-02 --json --output "$o/eng-$u.json"
	is_rc 0 "umask $u: engage-log --output"
	is_private "$o/eng-$u.json" "umask $u: engage-log --output"
	nothing_out "umask $u: engage-log --output"
	check "umask $u: engage-log: the engagement is in the file" \
	    jq -e --arg p "$p" '.alias == $p and .hours == "1.00"' "$o/eng-$u.json"
	run honorarium-pay --peer "$p" --amount 600.00 --date 2026-11-02 --json \
	    -o "$o/pay-$u.json"
	is_rc 0 "umask $u: honorarium-pay -o"
	is_private "$o/pay-$u.json" "umask $u: honorarium-pay -o"
	nothing_out "umask $u: honorarium-pay -o"
	check "umask $u: honorarium-pay: the payment is in the file" \
	    jq -e '.amount == "600.00"' "$o/pay-$u.json"
	for cmd in "peer-list" "peer-list --json $p" "t4a-report --year 2026 --all" \
	    "onboard-check $p"; do
		t=${cmd%% *}
		st=0
		[ "$t" = onboard-check ] && st=1	# items due: the answer "no"
		run $cmd
		is_rc $st "umask $u: $cmd"
		cp "$tmp/out" "$tmp/want"
		run $cmd -o "$o/$t-$u.txt"
		is_rc $st "umask $u: $cmd -o"
		is_private "$o/$t-$u.txt" "umask $u: $cmd -o"
		nothing_out "umask $u: $cmd -o"
		diff -u "$tmp/want" "$o/$t-$u.txt" >"$tmp/diff"
		t_result $? "umask $u: $cmd -o: the file is what it prints"
		sed 's/^/#   /' "$tmp/diff" | head -n 20
	done
done
umask 022
no_temp "the files written"

# Exit 1 is an answer, not a failure: onboard-check's list of what is
# due, and --check's slips not ready, are written.
run onboard-check --all -o "$o/due.txt"
is_rc 1 "onboard-check --all: items due"
check "the list of what is due is written" grep -q 'due' "$o/due.txt"
run t4a-report --year 2026 --check --json -o "$o/check.json"
is_rc 1 "t4a-report --check: slips not ready"
check "the slips not ready are written" jq -e -s 'length == 2' "$o/check.json"

# A file that exists is replaced whole, and is 0600 afterwards even
# though it was readable by all.
old "$o/list.txt"
run peer-list -o "$o/list.txt"
is_rc 0 "-o over an existing file"
is_private "$o/list.txt" "an existing 0644 file replaced"
check "with the new output" grep -q Peer022 "$o/list.txt"

# -o - is standard output; a FILE that is not a regular file is written
# in place.
run peer-list
is_rc 0 "peer-list"
cp "$tmp/out" "$tmp/want"
run peer-list -o -
is_rc 0 "-o -"
is_out "$tmp/want" "-o - writes to standard output"
check "and makes no file called -" test ! -e ./-
run peer-list --output=-
is_rc 0 "--output=-"
is_out "$tmp/want" "--output=- writes to standard output"
run peer-list -o /dev/null
is_rc 0 "-o /dev/null"
nothing_out "-o /dev/null"
check "/dev/null is still a character device" test -c /dev/null

# A batch with a bad record stores nothing and writes nothing: FILE keeps
# its old content, an absent FILE stays absent, no temporary file is
# left.
printf '%s\n' '{"alias": "Good"}' '{"alias": ""}' >"$tmp/peers.jsonl"
old "$o/import.json"
bad 65 'peers.jsonl:2: field "alias"' "peer-add: a batch with a bad record" \
    peer-add --json "$tmp/peers.jsonl" -o "$o/import.json"
is_old "$o/import.json" "peer-add: a failed batch"
err_has '^peer-add: nothing written$' "peer-add: says nothing was written"
bad 65 'peers.jsonl:2: field "alias"' "the same, to a new file" \
    peer-add --json "$tmp/peers.jsonl" -o "$o/new.json"
check "a new FILE is not created" test ! -e "$o/new.json"
printf '%s\n' '{"peer": "Peer022", "hours": "1", "activity": "meeting", "level": "consult", "date": "2026-11-03"}' \
    '{"peer": "Peer022", "hours": "25", "activity": "meeting", "level": "consult"}' \
    >"$tmp/eng.jsonl"
old "$o/eng.json"
bad 65 'eng.jsonl:2: ' "engage-log: a batch with a bad record" \
    engage-log --json "$tmp/eng.jsonl" -o "$o/eng.json"
is_old "$o/eng.json" "engage-log: a failed batch"
printf '%s\n' '{"peer": "Peer022", "amount": "5.00"}' '{"peer": "Nobody", "amount": "5.00"}' \
    >"$tmp/pay.jsonl"
old "$o/pay.json"
bad 65 'pay.jsonl:2: ' "honorarium-pay: a batch with a bad record" \
    honorarium-pay --json "$tmp/pay.jsonl" -o "$o/pay.json"
is_old "$o/pay.json" "honorarium-pay: a failed batch"
# Refused under --strict (exit 1, the batch stores nothing): no answer to
# write either.
ok_cmd peer-add -q --alias Moss --benefit-program income-assistance
old "$o/strict.json"
bad 1 'refused under --strict' "honorarium-pay --strict: refused" \
    honorarium-pay --peer Moss --amount 100.01 --strict --json -o "$o/strict.json"
is_old "$o/strict.json" "a batch refused under --strict"
no_temp "the failed batches"

# With --keep-going the good records are stored, and the output that says
# so is written, though the status is 65.
run peer-add --keep-going --json "$tmp/peers.jsonl" -o "$o/import.json"
is_rc 65 "peer-add --keep-going: one record rejected"
check "the record stored is in the file" jq -e '.alias == "Good"' "$o/import.json"
is_private "$o/import.json" "--keep-going"

# Other failures: an error found after -o was read leaves FILE as it was.
old "$o/ref.json"
bad 65 'no peer "Nobody"' "peer-list: an unknown REF" \
    peer-list Nobody -o "$o/ref.json"
is_old "$o/ref.json" "an unknown REF"
bad 64 'status' "a usage error" peer-list --status nope -o "$o/ref.json"
is_old "$o/ref.json" "a usage error"
bad 78 'payer' "t4a-report --format xml without a payer" \
    t4a-report --config "$top/share/peerkit/config.yaml" --year 2026 \
    --format xml -o "$o/ref.json"
is_old "$o/ref.json" "a configuration error"
no_temp "the failed commands"

# Interrupted (SIGTERM) while the temporary file exists: it is removed.
mkfifo "$tmp/fifo"
old "$o/sig.json"
peer-add --json "$tmp/fifo" -o "$o/sig.json" 2>"$tmp/sig.err" &
pid=$!
i=0
while [ $i -lt 200 ] && ! ls -A "$o" | grep -q '^\.sig\.json\.'; do
	sleep 0.05
	i=$((i + 1))
done
check "a temporary file beside FILE while the tool runs" \
    sh -c "ls -A '$o' | grep -q '^\.sig\.json\.'"
kill -TERM "$pid"
wait "$pid" 2>/dev/null
rc=$?
is_rc 143 "peer-add -o killed by SIGTERM"
is_old "$o/sig.json" "SIGTERM"
no_temp "SIGTERM"

# A FILE that cannot be created: exit 73, said clearly, nothing stored.
bad_quiet 73 "^peer-add: $tmp/none/x.json: cannot create a file in $tmp/none: No such file or directory$" \
    "-o in a directory that does not exist" \
    peer-add --alias Wren -o "$tmp/none/x.json"
bad_quiet 73 "cannot create a file in $o/add-022.json: Not a directory" \
    "-o under a file" honorarium-pay --peer Peer022 --amount 5.00 \
    -o "$o/add-022.json/x"
bad_quiet 73 "^engage-log: $o: is a directory$" "-o a directory" \
    engage-log --peer Peer022 --hours 1 --activity meeting --level consult \
    -o "$o"
mkdir "$tmp/ro"
chmod 555 "$tmp/ro"
if [ -w "$tmp/ro" ]; then
	t_result 0 "# SKIP a read-only directory is writable (running as root)"
else
	bad_quiet 73 "^peer-add: $tmp/ro/x.json: cannot create a file in $tmp/ro: Permission denied$" \
	    "-o in a read-only directory" peer-add --alias Wren -o "$tmp/ro/x.json"
	check "nothing made in it" test -z "$(ls -A "$tmp/ro")"
fi
chmod 755 "$tmp/ro"
if ! on_pg; then	# (a store on a file)
	bad 64 "-o $PEERKIT_DB is the store itself" "-o naming the store" \
	    peer-add --alias Wren -o "$PEERKIT_DB"
	run peer-list Wren
	is_rc 65 "Wren was never added"
fi
bad 64 '^peer-list: --output: a file name' "-o with an empty name" \
    peer-list -o ""

# Full SINs to a file others can read: a warning, the same output and
# status; none to a 0600 file, a pipe, with -o, or without full SINs.
ok_cmd peer-add -q --update Peer022 --sin 130692544 --surname Smith \
    --address-line1 "1 Main St" --city Vancouver --province BC \
    --postal-code "V6A 1A1"
ok_cmd peer-add -q --update Peer000 --surname Jones
warn_re='warning: full SINs are going to .*/shown\.txt, which group or others can read \(mode 0644\); use -o FILE \(written 0600\)$'
rm -f "$o/shown.txt"
run_to "$o/shown.txt" peer-list --reveal-sin
is_rc 0 "peer-list --reveal-sin > a 0644 file"
err_has "^peer-list: $warn_re" "a warning naming the file"
check "and the SINs all the same" grep -q 130692544 "$o/shown.txt"
for f in json jsonl csv; do
	rm -f "$o/shown.txt"
	run_to "$o/shown.txt" peer-list --reveal-sin --format $f Peer022
	is_rc 0 "peer-list --reveal-sin --format $f REF > a 0644 file"
	err_has "^peer-list: $warn_re" "--format $f: the warning"
done
rm -f "$o/shown.txt"
run_to "$o/shown.txt" t4a-report --year 2026 --format xml
is_rc 0 "t4a-report --format xml > a 0644 file"
err_has "^t4a-report: $warn_re" "the XML return: the warning"
check "the return all the same" grep -q '<sin>130692544</sin>' "$o/shown.txt"
(umask 000 && rm -f "$o/shown.txt" && : >"$o/shown.txt")
run_to "$o/shown.txt" peer-list --reveal-sin --json
is_rc 0 "peer-list --reveal-sin > a 0666 file"
err_has 'warning: full SINs are going to .*/shown\.txt, which group or others can read \(mode 0666\)' \
    "umask 000: the warning"
rm -f "$o/shown.txt"
run_to "$o/shown.txt" peer-list --reveal-sin -o -
is_rc 0 "-o - is standard output"
err_has "^peer-list: $warn_re" "-o -: the warning too"
run_to "$o/shown.txt" peer-list --reveal-sin -q
is_rc 0 "under --quiet"
check "--quiet: no warning" test ! -s "$tmp/err"

: >"$o/private.txt"
chmod 600 "$o/private.txt"
run_to "$o/private.txt" peer-list --reveal-sin
is_rc 0 "peer-list --reveal-sin > a 0600 file"
check "a 0600 file: no warning" test ! -s "$tmp/err"
run_to "$o/shown.txt" peer-list --reveal-sin -o "$o/sins.txt"
is_rc 0 "peer-list --reveal-sin -o FILE"
check "-o FILE: no warning" test ! -s "$tmp/err"
is_private "$o/sins.txt" "--reveal-sin -o FILE"
check "the SINs are in FILE" grep -q 130692544 "$o/sins.txt"
run t4a-report --year 2026 --format xml -o "$o/t4a.xml"
is_rc 0 "t4a-report --format xml -o FILE"
lacks "-o FILE: no warning" 'full SINs' "$tmp/err"
is_private "$o/t4a.xml" "the XML return"
check "the return is in FILE" grep -q '<sin>130692544</sin>' "$o/t4a.xml"
rm -f "$o/shown.txt"
run_to "$o/shown.txt" t4a-report --year 2026 --format xml --filed --dry-run
is_rc 0 "t4a-report --format xml --filed --dry-run > a 0644 file"
err_has "^t4a-report: $warn_re" "--filed: the warning"
# Recorded as filed: the return is in FILE, whole, 0600.
old "$o/filed.xml"
run t4a-report --year 2026 --format xml --filed -o "$o/filed.xml"
is_rc 0 "t4a-report --format xml --filed -o FILE"
err_has 'recorded as filed$' "recorded as filed"
is_private "$o/filed.xml" "the return filed"
cmp "$o/t4a.xml" "$o/filed.xml" >/dev/null
t_result $? "the return filed is the one shown before"
run_to "$o/shown.txt" peer-list --json
is_rc 0 "peer-list > a 0644 file, SINs masked"
lacks "SINs masked: no warning" 'full SINs' "$tmp/err"
run_to "$o/shown.txt" t4a-report --year 2026 --json
is_rc 0 "t4a-report --json > a 0644 file"
lacks "the report (no SIN): no warning" 'full SINs' "$tmp/err"
run_to "$o/shown.txt" t4a-report --year 2026 --slips
is_rc 0 "t4a-report --slips > a 0644 file"
lacks "statements (SINs masked): no warning" 'full SINs' "$tmp/err"
run sh -c '{ peer-list --reveal-sin; echo "status $?" >&2; } | cat >/dev/null'
is_rc 0 "peer-list --reveal-sin | cat"
err_has '^status 0$' "peer-list --reveal-sin | cat: peer-list exits 0"
lacks "to a pipe: no warning" 'full SINs' "$tmp/err"
no_temp "the end"
done_testing
