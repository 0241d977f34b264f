#!/bin/sh
# report.sh RESULTS.TSV ELAPSED RUNS HYPERFINE.JSONL OUT.JSON - the
# figures of bench.sh as JSON (OUT.JSON) and as one table on stdout.
#
# A row of RESULTS.TSV: group name n seconds cpu_seconds rss_kib
# ceiling_seconds ceiling_cpu_seconds note ("-": no figure).  The targets (issues 8, 13, 14, 17) are judged
# here, so the JSON and the table say the same thing.
set -eu
tsv=$1 elapsed=$2 runs=$3 hf=$4 json=$5
[ -f "$hf" ] || : >"$hf"

jq -n -R --argjson elapsed "$elapsed" --argjson runs "$runs" \
    --arg sqlite "$(sqlite3 --version | cut -d' ' -f1)" \
    --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    --argjson cores "$(nproc)" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg load "${BENCH_LOAD:-}" \
    --slurpfile hf "$hf" '
def num: if . == "-" or . == "" then null else tonumber end;
def r3: if . == null then null else (. * 1000 | round) / 1000 end;
[inputs | split("\t") | {
	group: .[0], name: .[1], n: (.[2] | tonumber),
	median_s: (.[3] | num), cpu_s: (.[4] | num), peak_rss_kib: (.[5] | num),
	ceiling_s: (.[6] | num), ceiling_cpu_s: (.[7] | num), note: .[8]
}] as $rows
| {
	machine: {cpu: $cpu, cores: $cores, sqlite: $sqlite,
	    loadavg_start_end: $load},
	date: $date, runs: $runs, elapsed_s: $elapsed,
	results: [$rows[] |
	    . + (if .group == "import" then {
		records_per_s: (.n / .median_s | round),
		us_per_record: (.median_s * 1e6 / .n | r3),
		cpu_us_per_record: (.cpu_s * 1e6 / .n | r3),
		ceiling_records_per_s: (.n / .ceiling_s | round),
		ratio: (.ceiling_s / .median_s | r3),
		cpu_ratio: (if .cpu_s > 0 then .ceiling_cpu_s / .cpu_s | r3
		    else null end),
		target: "ratio >= 0.6, RSS < 32 MiB",
		met: (.ceiling_s / .median_s >= 0.6 and .peak_rss_kib < 32768)
	    } elif .group == "rows" then {
		# The shell loading every row the tool stored: what
		# SQLite itself costs for what the tool writes.
		ceiling_records_per_s: (.n / .ceiling_s | round),
		ratio: (.ceiling_s / .median_s | r3),
		target: null, met: null
	    } elif .group == "pg-import" then {
		records_per_s: (.n / .median_s | round),
		us_per_record: (.median_s * 1e6 / .n | r3),
		cpu_us_per_record: (.cpu_s * 1e6 / .n | r3),
		ceiling_records_per_s: (.n / .ceiling_s | round),
		ratio: (.ceiling_s / .median_s | r3),
		target: null, met: null
	    } elif .group == "report" and (.name | test("^program-report"))
	    then {
		ratio: (if .ceiling_s then .ceiling_s / .median_s | r3
		    else null end),
		target: "< 500 ms (issue 17), RSS < 32 MiB",
		met: (.median_s < 0.5 and .peak_rss_kib < 32768)
	    } elif .group == "report" and (.name | test("real")) then {
		target: "seconds (< 10 s)",
		met: (.median_s < 10)
	    } elif .group == "report" then {
		target: "< 200 ms, RSS < 32 MiB",
		met: (.median_s < 0.2 and .peak_rss_kib < 32768)
	    } elif .group != "latency" or (.name | test("^(/bin/true|sqlite3)"))
	    then {
		target: null, met: null
	    } else
		# A one-record command beside the sqlite3 shell inserting
		# the same row (issue 13: level with it, here within 10%;
		# issue 8 asked under 5 ms, which the shell is not either
		# on a shared machine).
		(.name | split(" ")[0] | {"peer-add": "peer",
		    "engage-log": "engagement", "honorarium-pay": "payment"}[.])
		as $kind
		| ([$rows[] | select(.name == "sqlite3 INSERT \($kind)")
		    | .median_s][0]) as $shell
		| {
		ceiling_s: $shell,
		ratio: (if $shell then $shell / .median_s | r3 else null end),
		target: "level with sqlite3 INSERT (ratio >= 0.9), RSS < 32 MiB",
		met: (if $shell then $shell / .median_s >= 0.9 and
		    .peak_rss_kib < 32768 else null end)
	    } end)],
	hyperfine: $hf
}' "$tsv" >"$json.tmp"
mv "$json.tmp" "$json"

# Growth: time per record at each size over the smallest size's.
jq -r '
def f(d): . * pow(10; d) | round / pow(10; d);
.results as $r
| (["GROUP", "NAME", "N", "MEDIAN s", "CPU s", "REC/S", "CEIL s", "RATIO",
    "RSS KiB", "TARGET"] | @tsv),
  ($r[] | [.group, .name, (.n | tostring), (.median_s | f(4) | tostring),
    (.cpu_s // "-" | if type == "number" then f(3) else . end | tostring),
    (.records_per_s // "-" | tostring), (.ceiling_s // "-" | if type == "number" then f(4) else . end | tostring),
    (.ratio // "-" | tostring), (.peak_rss_kib | tostring),
    (if .met == null then "-" elif .met then "met" else "NOT met" end)]
    | @tsv),
  "",
  "growth (wall / CPU microseconds per record at each size; linear = flat):",
  ($r | map(select(.group == "import")) | group_by(.name)[]
    | "  \(.[0].name): " + (map("\(.n): \(.us_per_record) / \(.cpu_us_per_record)") | join(", "))),
  "",
  "imports beside the shell loading the same rows (records, audit rows, allocations: rows group):",
  ($r | map(select(.group == "rows")) | group_by(.name)[]
    | "  \(.[0].name): " + (map("\(.n): ratio \(.ratio) (\(.note))") | join(", "))),
  "",
  "PostgreSQL imports (wall / tool CPU microseconds per record; COPY is the ceiling):",
  ($r | map(select(.group == "pg-import")) | group_by(.name)[]
    | "  \(.[0].name): " + (map("\(.n): \(.us_per_record) / \(.cpu_us_per_record) (COPY \(.ceiling_s * 1e6 / .n | f(1)))") | join(", "))),
  "",
  "PostgreSQL reports (seconds at each size of the store):",
  ($r | map(select(.group == "pg-report")) | group_by(.name)[]
    | "  \(.[0].name): " + (map("\(.n): \(.median_s | f(4))") | join(", "))),
  "",
  "reports (seconds at each size of the store):",
  ($r | map(select(.group == "report")) | group_by(.name)[]
    | "  \(.[0].name): " + (map("\(.n): \(.median_s | f(4))" +
    (if .ceiling_s then " (ceiling \(.ceiling_s | f(4)))" else "" end))
    | join(", "))),
  "",
  "elapsed \(.elapsed_s) s; \(.runs) runs per import; \(.machine.cores) cores; SQLite \(.machine.sqlite); load average at start / end: \(.machine.loadavg_start_end)"
' "$json" | awk -F'\t' 'NF > 1 {
	printf "%-9s %-42s %8s %9s %7s %8s %8s %6s %8s  %s\n", $1, $2, $3, $4,
	    $5, $6, $7, $8, $9, $10; next } { print }'
