# pg.sh - sourced by bench.sh when BENCH_PG=1 (the default when
# PostgreSQL 15 is installed): the same imports into a PostgreSQL store,
# on a throwaway cluster mk/pg.sh starts here and stops at the end,
# beside PostgreSQL's own ceiling, psql's \copy of the same CSV rows into
# the same table of a copy of the same store (made by the tools: the
# real schema, indexes, constraints, triggers and row-level security,
# which the owner is not subject to); then the reports on that store.
# The cluster runs with fsync off (mk/pg.sh): the figures are the
# server's work and the tools', not the disk's.  The ceiling writes no
# audit rows and reads CSV, as SQLite's does (README.md).
pgdir=$work/pg
# As root the server runs as postgres (mk/pg.sh), which must reach it:
# the scratch directory is passed through, not listed.
[ "$(id -u)" = 0 ] && chmod 711 "$work"
sh "$top/mk/pg.sh" start "$pgdir" >/dev/null || die "PostgreSQL did not start"
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'sh "$top/mk/pg.sh" stop "$pgdir"; echo "bench: scratch kept in $work" >&2' EXIT
else
	trap 'sh "$top/mk/pg.sh" stop "$pgdir"; rm -rf "$work"' EXIT
fi
# A batch goes to the server a statement at a time: 100,000 payments
# took three minutes (1,000,000 records most of an hour), so the sizes
# stop below 100,000 unless told, and make bench keeps to 10 minutes.
# (An if, not a &&: a loop whose last test fails would end the bench
# under set -e, as it did whenever the sizes ended with 1,000,000.)
pg_sizes=${BENCH_PG_SIZES:-$(for n in $sizes; do
	if [ "$n" -lt 100000 ]; then printf '%s ' "$n"; fi
done)}
pg_runs=${BENCH_PG_RUNS:-1}

pg_uri() {	# pg_uri DB
	echo "postgresql:///$1?host=$pgdir"
}
pgq() {	# pgq DB SQL
	PGOPTIONS='-c client_min_messages=warning' psql -XAtq -v ON_ERROR_STOP=1 \
	    "$(pg_uri "$1")" -c "$2"
}
pg_rows() {	# pg_rows DB TABLE
	pgq "$1" "SELECT count(*) FROM $2"
}
pg_copy() {	# pg_copy FROM TO: TO, a fresh copy of the database FROM
	pgq postgres "DROP DATABASE IF EXISTS $2" &&
	    pgq postgres "CREATE DATABASE $2 TEMPLATE $1"
}

# pg_import TOOL TABLE KIND N BASE KEEP: import() on PostgreSQL, each
# run on a fresh copy of the database BASE; the last kept as KEEP.
pg_import() {
	tool=$1 table=$2 kind=$3 n=$4 base=$5 keep=$6
	data "$kind" "$n"
	before=$(pg_rows "$base" "$table")
	rm -f "$work"/pgours.? "$work"/pgceil.?
	nruns=$pg_runs
	i=0
	while [ "$i" -lt "$nruns" ]; do
		pg_copy "$base" run
		timed pgours "$bin/$tool" --db "$(pg_uri run)" "$work/$kind-$n.jsonl"
		[ "$(pg_rows run "$table")" = $((before + n)) ] ||
		    die "$tool stored the wrong number of $table in PostgreSQL"
		if [ "$i" = $((nruns - 1)) ]; then
			pgq postgres "DROP DATABASE IF EXISTS $keep"
			pgq postgres "ALTER DATABASE run RENAME TO $keep"
		fi
		pg_copy "$base" run
		timed pgceil psql -XAtq -v ON_ERROR_STOP=1 "$(pg_uri run)" \
		    -c "\\copy $table FROM '$work/$kind-$n.csv' WITH (FORMAT csv)"
		[ "$(pg_rows run "$table")" = $((before + n)) ] ||
		    die "COPY stored the wrong number of $table"
		i=$((i + 1))
	done
	pgq postgres "DROP DATABASE IF EXISTS run"
	result pg-import "$tool" "$n" "$(median <"$work/pgours.t")" \
	    "$(median <"$work/pgours.c")" "$(max_of "$work/pgours.m")" \
	    "$(median <"$work/pgceil.t")" "$(median <"$work/pgceil.c")" \
	    "$nruns runs; PostgreSQL; ceiling psql \\copy (client CPU only)"
	note "PostgreSQL: $tool $n: $(median <"$work/pgours.t") s, COPY $(median <"$work/pgceil.t") s"
}

# A report is measured where it runs on PostgreSQL; where it does not
# yet, it is said and skipped (the rest goes on).
pg_latency() {	# pg_latency NAME N CMD
	if eval "$3" >/dev/null 2>"$work/pgrep.err"; then
		latency pg-report "$1" "$2" 5 "$3"
	else
		note "PostgreSQL: $1 fails, skipped: $(head -n 1 "$work/pgrep.err")"
	fi
}

pgq postgres "CREATE DATABASE empty"
"$bin/peer-add" -q --db "$(pg_uri empty)" /dev/null ||
    die "peer-add cannot make a PostgreSQL store"
pg_import peer-add peers peers "$npeers" empty base
for n in $pg_sizes; do
	have engage-log && pg_import engage-log engagements engagements "$n" \
	    base "eng_$n"
	have honorarium-pay && pg_import honorarium-pay payments payments "$n" \
	    "eng_$n" "full_$n"
done
for n in $pg_sizes; do
	u=$(pg_uri "full_$n")
	have engage-log && pg_latency "engage-log --summary (1 month)" "$n" \
	    "$bin/engage-log --db '$u' --summary --period 2026-03"
	have t4a-report && pg_latency "t4a-report --year" "$n" \
	    "$bin/t4a-report --db '$u' --year 2026"
	have honorarium-pay && pg_latency "honorarium-pay --totals --year" "$n" \
	    "$bin/honorarium-pay --db '$u' --totals --year 2026"
	have program-report && pg_latency "program-report --format html (1 month)" \
	    "$n" "$bin/program-report --db '$u' --period 2026-11 --format html"
	have honorarium-pay && pg_latency "honorarium-pay --run --dry-run (1 month)" \
	    "$n" "$bin/honorarium-pay --db '$(pg_uri "eng_$n")' --run --period 2026-03 --dry-run"
done
