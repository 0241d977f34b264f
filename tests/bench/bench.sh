#!/bin/sh
# bench.sh - make bench: peerkit at the size of a province, beside
# SQLite's own ceiling.  See tests/bench/README.md for what each figure
# means and how it is taken.
#
#   BENCH_RUNS=3            repeats of every import (the median is kept)
#   BENCH_RUNS_LARGE=1      repeats of the imports of 1,000,000 or more
#                           (one run of each fits make bench in 10 minutes)
#   BENCH_SIZES="10000 100000 1000000"   engagements and payments
#   BENCH_PEERS=10000       peers in the province
#   BENCH_BIG=1             also the 10,000,000-payment store (minutes)
#   BENCH_KEEP=1            keep the scratch directory (stores, data)
#   BENCH_PG=0|1            the PostgreSQL rows (pg.sh; default: 1 when
#                           PostgreSQL 15 is installed)
#   BENCH_PG_SIZES="10000"  engagements and payments on PostgreSQL
#                           (default: the sizes under 100,000)
#   BENCH_PG_RUNS=1         repeats of each PostgreSQL import
#   PK_BIN=DIR              the binaries to measure (default bin/)
#
# Output: a table on stdout, tests/bench/out/results.json, and the raw
# hyperfine exports beside it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PK_BIN:-$top/bin}
gen=${BENCH_GEN:-$top/build/tests/bench/gen}
out=$top/tests/bench/out
runs=${BENCH_RUNS:-3}
runs_large=${BENCH_RUNS_LARGE:-1}
sizes=${BENCH_SIZES:-"10000 100000 1000000"}
npeers=${BENCH_PEERS:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/peerkit-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "bench: scratch kept in $work" >&2' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM
unset PEERKIT_DB XDG_DATA_HOME
# The keys that seal SINs are the bench's own, never the user's.
export XDG_CONFIG_HOME="$work/config"
export TZ=UTC LC_ALL=C PEERKIT_TODAY=2026-11-23 \
    PEERKIT_NOW=2026-11-23T12:00:00Z PEERKIT_CONFIG=$top/tests/bench/config.yaml
mkdir -p "$out"
res=$work/results.tsv
: >"$res"
started=$(date +%s)
# The machine may be shared: its load is part of the record.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

die() {
	echo "bench: $*" >&2
	exit 1
}
note() {
	printf 'bench: %s\n' "$*" >&2
}

# /usr/bin/time gives the peak RSS; hyperfine the latencies.  mk/deps.sh
# installs them (as root) when they are missing.
[ -x /usr/bin/time ] || sh "$top/mk/deps.sh" time || die "/usr/bin/time is missing"
command -v hyperfine >/dev/null 2>&1 || sh "$top/mk/deps.sh" hyperfine ||
    note "no hyperfine: latencies from a shell loop (coarser)"
[ -x "$gen" ] || die "$gen: not built (make build/tests/bench/gen)"

# The binaries measured are copied first: a make build elsewhere during
# the run must not swap one under the bench (or catch it half written).
mkdir "$work/bin"
for t in peer-add peer-list engage-log honorarium-pay t4a-report program-report; do
	[ -x "$bin/$t" ] && cp "$bin/$t" "$work/bin/"
done
bin=$work/bin

# A tool that is not written yet answers "not built yet": its figures
# are skipped, the rest go on.
have() {
	"$bin/$1" --version >/dev/null 2>&1
}

now() {
	date +%s%N
}

# median of the numbers on stdin
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "null";
	    else if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.9g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# result GROUP NAME N SECONDS CPU_S RSS_KIB CEILING_S CEILING_CPU_S NOTE:
# one row of the table ("-" where there is no figure).
result() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$res"
}

# Rows in TABLE.  Opened read-write, so the last connection to close
# removes the -wal and -shm files and the store is one file to copy.
rows() {	# rows DB TABLE
	sqlite3 "$1" "SELECT count(*) FROM $2"
}

# timed LABEL CMD...: run once under /usr/bin/time; append the wall
# seconds to $work/LABEL.t, the CPU seconds (user + system) to LABEL.c
# and the peak RSS (KiB) to LABEL.m.  stderr goes to $work/LABEL.err; a
# failure stops the bench.
timed() {
	label=$1
	shift
	t0=$(now)
	if ! /usr/bin/time -f '%U %S %M' -o "$work/rss" "$@" >/dev/null \
	    2>"$work/$label.err"; then
		tail -n 5 "$work/$label.err" >&2
		die "failed: $*"
	fi
	t1=$(now)
	echo "$(( (t1 - t0) / 1000 ))" | awk '{ printf "%.6f\n", $1 / 1e6 }' \
	    >>"$work/$label.t"
	tail -n 1 "$work/rss" | awk '{ printf "%.2f\n", $1 + $2 }' \
	    >>"$work/$label.c"
	tail -n 1 "$work/rss" | awk '{ print $3 }' >>"$work/$label.m"
}

max_of() {
	sort -n "$1" | tail -n 1
}

# data KIND N: the generated JSON Lines and CSV, made once.
data() {
	[ -f "$work/$1-$2.jsonl" ] ||
	    "$gen" -p "$npeers" "$1" "$2" >"$work/$1-$2.jsonl"
	[ -f "$work/$1-$2.csv" ] ||
	    "$gen" -c -p "$npeers" "$1" "$2" >"$work/$1-$2.csv"
}

# import TOOL TABLE KIND N BASE KEEP: BENCH_RUNS times, each on a fresh
# copy of the store BASE: the tool's batch import of the JSON Lines, then
# the sqlite3 shell's .import of the same rows as CSV into the same table
# of a copy of the same store.  The last run's store is kept as KEEP.
# Then the shell loading every row the tool stored (same_rows).
import() {
	tool=$1 table=$2 kind=$3 n=$4 base=$5 keep=$6
	data "$kind" "$n"
	before=$(rows "$base" "$table")
	rm -f "$work"/ours.? "$work"/ceil.?
	nruns=$runs
	[ "$n" -ge 1000000 ] && nruns=$runs_large
	i=0
	while [ "$i" -lt "$nruns" ]; do
		cp "$base" "$work/run.db"
		timed ours "$bin/$tool" --db "$work/run.db" "$work/$kind-$n.jsonl"
		[ "$(rows "$work/run.db" "$table")" = $((before + n)) ] ||
		    die "$tool stored the wrong number of $table"
		[ "$i" = $((nruns - 1)) ] && mv "$work/run.db" "$keep"
		cp "$base" "$work/run.db"
		timed ceil sqlite3 "$work/run.db" \
		    ".import --csv $work/$kind-$n.csv $table"
		[ "$(rows "$work/run.db" "$table")" = $((before + n)) ] ||
		    die ".import stored the wrong number of $table"
		i=$((i + 1))
	done
	rm -f "$work/run.db"
	result import "$tool" "$n" "$(median <"$work/ours.t")" \
	    "$(median <"$work/ours.c")" "$(max_of "$work/ours.m")" \
	    "$(median <"$work/ceil.t")" "$(median <"$work/ceil.c")" \
	    "$nruns runs; sqlite3 .import peak RSS $(max_of "$work/ceil.m") KiB"
	note "$tool $n: $(median <"$work/ours.t") s, .import $(median <"$work/ceil.t") s"
	same_rows
}

# same_rows (after import, with its variables): the sqlite3 shell's
# .import of every row the tool stored, not only the records: the audit
# rows, and the allocations a payment makes, taken from the kept store
# as CSV (ids and all) and loaded into a copy of the same base store.
# The ledger's updates (an engagement's amount paid, a peer's credit)
# are not in it.  Beside the tool's own figures, as group "rows".
same_rows() {
	ab=$(sqlite3 "$base" "SELECT coalesce(max(id), 0) FROM audit")
	lb=$(sqlite3 "$base" "SELECT coalesce(max(id), 0) FROM allocations")
	sqlite3 -csv "$keep" "SELECT * FROM audit WHERE id > $ab" \
	    >"$work/same-audit.csv"
	sqlite3 -csv "$keep" "SELECT * FROM allocations WHERE id > $lb" \
	    >"$work/same-alloc.csv"
	na=$(wc -l <"$work/same-audit.csv")
	nl=$(wc -l <"$work/same-alloc.csv")
	set -- ".import --csv $work/$kind-$n.csv $table" \
	    ".import --csv $work/same-audit.csv audit"
	[ "$nl" -gt 0 ] && set -- "$@" \
	    ".import --csv $work/same-alloc.csv allocations"
	want=$(rows "$keep" audit)
	rm -f "$work"/same.?
	i=0
	while [ "$i" -lt "$nruns" ]; do
		cp "$base" "$work/run.db"
		timed same sqlite3 "$work/run.db" "$@"
		[ "$(rows "$work/run.db" audit)" = "$want" ] ||
		    die ".import of the audit rows stored the wrong number"
		i=$((i + 1))
	done
	rm -f "$work/run.db" "$work"/same-*.csv
	result rows "$tool" "$n" "$(median <"$work/ours.t")" \
	    "$(median <"$work/ours.c")" "$(max_of "$work/ours.m")" \
	    "$(median <"$work/same.t")" "$(median <"$work/same.c")" \
	    "$n records, $na audit rows, $nl allocations"
	note "$tool $n: the same rows by .import $(median <"$work/same.t") s"
}

# An empty store with the real schema, made by the tools themselves.
empty_store() {
	"$bin/peer-add" -q --db "$1" /dev/null
}

# hyperfine's median for one command; the loop without it.
latency() {	# latency GROUP NAME N RUNS CMD (a string, shell words)
	measure "$1" "$2" "$4" "$5"
	result "$1" "$2" "$3" "$s" "$c" "$(max_of "$work/lat.m")" - - "$5"
}

# The same with a ceiling beside it: CEIL (a string, shell words) is the
# sqlite3 shell reading the rows the command must read; its median and
# CPU seconds go in the row's ceiling columns.
latency_ceiling() {	# latency_ceiling GROUP NAME N RUNS CMD CEIL
	measure ceiling "$2" "$4" "$6"
	ceil_s=$s ceil_c=$c
	measure "$1" "$2" "$4" "$5"
	result "$1" "$2" "$3" "$s" "$c" "$(max_of "$work/lat.m")" "$ceil_s" \
	    "$ceil_c" "$5"
}

# measure GROUP NAME RUNS CMD: the median seconds in s, the CPU seconds
# in c, and one more run under /usr/bin/time for the peak RSS (lat.m).
measure() {
	group=$1 name=$2 count=$3 cmd=$4
	rm -f "$work"/lat.?
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 3 --runs "$count" --export-json \
		    "$work/h.json" "$cmd" >/dev/null 2>"$work/h.err" ||
		    { cat "$work/h.err" >&2; die "hyperfine failed: $cmd"; }
		hf_keep "$group" "$name"
	else
		i=0
		while [ "$i" -lt "$count" ]; do
			eval "timed lat $cmd"
			i=$((i + 1))
		done
		s=$(median <"$work/lat.t")
		c=$(median <"$work/lat.c")
	fi
	rm -f "$work"/lat.?
	eval "timed lat $cmd"
}

# The median and CPU time of hyperfine's run, and its figures kept.
hf_keep() {
	s=$(jq '.results[0].median' "$work/h.json")
	c=$(jq '.results[0] | .user + .system' "$work/h.json")
	jq -c --arg g "$1" --arg n "$2" '.results[0] | {group: $g, name: $n,
	    command, median, mean, stddev, min, max, user, system}' \
	    "$work/h.json" >>"$work/hyperfine.jsonl"
}

# A pipeline (through sh -c): hyperfine subtracts the shell's own start.
pipeline() {	# pipeline GROUP NAME N RUNS CMD
	group=$1 name=$2 n=$3 count=$4 cmd=$5
	rm -f "$work"/lat.?
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine --warmup 1 --runs "$count" --export-json "$work/h.json" \
		    "$cmd" >/dev/null 2>"$work/h.err" ||
		    { cat "$work/h.err" >&2; die "hyperfine failed: $cmd"; }
		hf_keep "$group" "$name"
	else
		i=0
		while [ "$i" -lt "$count" ]; do
			timed lat sh -c "$cmd"
			i=$((i + 1))
		done
		s=$(median <"$work/lat.t")
		c=$(median <"$work/lat.c")
	fi
	rm -f "$work"/lat.?
	timed lat sh -c "$cmd"
	result "$group" "$name" "$n" "$s" "$c" "$(max_of "$work/lat.m")" - - \
	    "$cmd"
}

# ---------------------------------------------------------------- imports
have peer-add || die "peer-add is not built"
t0=$(now)
for n in $sizes; do
	data engagements "$n"
	data payments "$n"
done
data peers "$npeers"
t1=$(now)
note "data generated in $(( (t1 - t0) / 1000000 )) ms"

empty_store "$work/empty.db"
pn=$((npeers / 10))
data peers "$pn"
import peer-add peers peers "$pn" "$work/empty.db" "$work/peers-small.db"
rm -f "$work/peers-small.db"
# The province's peers: the base of every other store.
import peer-add peers peers "$npeers" "$work/empty.db" "$work/base.db"

for n in $sizes; do
	if have engage-log; then
		import engage-log engagements engagements "$n" "$work/base.db" \
		    "$work/eng-$n.db"
	else
		note "engage-log not built: its figures are skipped"
		cp "$work/base.db" "$work/eng-$n.db"
	fi
	# Payments go into the store that has this many engagements (the
	# ceiling into a copy of the same store): the one the reports read.
	# The store with engagements alone is kept for the payroll run: the
	# payments, allocated to the oldest balances, would leave it little
	# to pay.
	if have honorarium-pay; then
		import honorarium-pay payments payments "$n" "$work/eng-$n.db" \
		    "$work/full-$n.db"
	else
		note "honorarium-pay not built: its figures are skipped"
		mv "$work/eng-$n.db" "$work/full-$n.db"
	fi
done

# ---------------------------------------------------------------- reports
report_rows="SELECT count(*) FROM engagements WHERE date BETWEEN '2025-12-01' AND '2026-11-30' AND status = 'logged' AND level != ''"
report_payments="SELECT count(*) FROM payments WHERE peer_id IN (SELECT id FROM peers) AND date BETWEEN '2026-01-01' AND '2026-12-31' AND status = 'paid' AND kind = 'honorarium'"
for n in $sizes; do
	db=$work/full-$n.db
	have engage-log && latency report "engage-log --summary (1 month)" "$n" 5 \
	    "$bin/engage-log --db $db --summary --period 2026-03"
	have t4a-report && latency report "t4a-report --year" "$n" 5 \
	    "$bin/t4a-report --db $db --year 2026"
	# The program's month as a manager gets it (issue 17: under half a
	# second at 1,000,000), its twelve months of levels ending with the
	# bench's today.  Its ceiling: the shell counting the rows any report
	# of those figures reads, the twelve months' logged engagements (each
	# one's level, from the table) and the year's taxable payments (over
	# the index the T4A totals read).
	have program-report && latency_ceiling report \
	    "program-report --format html (1 month)" "$n" 5 \
	    "$bin/program-report --db $db --period 2026-11 --format html" \
	    "sqlite3 $db \"$report_rows\" \"$report_payments\""
	have honorarium-pay && latency report "honorarium-pay --run --dry-run (1 month)" "$n" 5 \
	    "$bin/honorarium-pay --db $work/eng-$n.db --run --period 2026-03 --dry-run"
	last=$db
done

# A real payroll run over about 100,000 unpaid engagements (January to
# mid-April 2026 of the largest store), on a copy: one transaction that
# pays each peer, allocates every engagement and audits it.
for n in $sizes; do
	big=$n
done
if have honorarium-pay && [ "$big" -ge 1000000 ]; then
	cp "$work/eng-$big.db" "$work/run100k.db"
	owed=$(sqlite3 "$work/run100k.db" "SELECT count(*) FROM engagements
	    WHERE date BETWEEN '2026-01-01' AND '2026-04-15'")
	rm -f "$work"/run.?
	timed run "$bin/honorarium-pay" --db "$work/run100k.db" -q --run \
	    --period 2026-01-01..2026-04-15
	result report "honorarium-pay --run (real, engagements)" "$owed" \
	    "$(median <"$work/run.t")" "$(median <"$work/run.c")" \
	    "$(max_of "$work/run.m")" - - "one run, one transaction"
	note "a run over $owed engagements: $(median <"$work/run.t") s"
	rm -f "$work/run100k.db"
fi
for n in $sizes; do
	rm -f "$work/eng-$n.db"
done
latency report "peer-list --json" "$npeers" 5 "$bin/peer-list --db $last --json"
pipeline report "peer-list --json | jq -c ." "$npeers" 5 \
    "$bin/peer-list --db $last --json | jq -c . >/dev/null"

# --------------------------------------------------- one-record commands
# On the largest store; each run adds one row (tens in all).
db=$last
ts=2026-11-23T12:00:00Z
latency latency "/bin/true" 1 30 "/bin/true"
# A peer's alias is new each run (one-peer.sh), in both.
latency latency "sqlite3 INSERT peer" 1 30 "sh $top/tests/bench/one-peer.sh sqlite3 $db"
latency latency "peer-add --alias" 1 30 "sh $top/tests/bench/one-peer.sh $bin/peer-add $db"
latency latency "sqlite3 INSERT engagement" 1 30 "sqlite3 $db \"INSERT INTO engagements (uuid, peer_id, date, minutes, activity, level, amount_due, created_at, updated_at) VALUES (lower(hex(randomblob(16))), 1, '2026-11-23', 60, 'meeting', 'inform', 2500, '$ts', '$ts')\""
have engage-log && latency latency "engage-log --peer --hours 1" 1 30 \
    "$bin/engage-log --db $db --peer \"Raven 1\" --hours 1 --activity meeting --level inform"
latency latency "sqlite3 INSERT payment" 1 30 "sqlite3 $db \"INSERT INTO payments (uuid, peer_id, date, amount, method, kind, created_at, updated_at) VALUES (lower(hex(randomblob(16))), 1, '2026-11-23', 1000, 'cash', 'honorarium', '$ts', '$ts')\""
have honorarium-pay && latency latency "honorarium-pay --peer --amount" 1 30 \
    "$bin/honorarium-pay --db $db --peer \"Raven 1\" --amount 10.00"

# ------------------------------------------------------------ beyond one
if [ "${BENCH_BIG:-0}" = 1 ]; then
	. "$top/tests/bench/big.sh"
fi

# ------------------------------------------------------------ PostgreSQL
pg=${BENCH_PG:-auto}
[ "$pg" = auto ] && { [ -x /usr/lib/postgresql/15/bin/initdb ] && pg=1 || pg=0; }
if [ "$pg" = 1 ]; then
	. "$top/tests/bench/pg.sh"
fi

# ---------------------------------------------------------------- output
elapsed=$(( $(date +%s) - started ))
BENCH_LOAD="$load_start / $(cut -d' ' -f1-3 /proc/loadavg)" \
    sh "$top/tests/bench/report.sh" "$res" "$elapsed" "$runs" \
    "$work/hyperfine.jsonl" "$out/results.json"
