# big.sh - sourced by bench.sh when BENCH_BIG=1: beyond one store's
# usual size, 10,000,000 payments to the province's 10,000 peers, and the
# reports that read them all.
#
# The store is loaded with the sqlite3 shell's .import of the generated
# CSV into the payments table of a store made by peer-add (the real
# schema, indexes and triggers), with a 2 GiB page cache: a batch through
# honorarium-pay, at the rate measured above, would take most of an hour,
# and with SQLite's default 2 MB cache the one transaction spills the
# random uuid and ref index pages to the WAL again and again (3 GB of WAL
# after 12 minutes).  What is measured here is reading, not loading.
# The audit trail of these rows is therefore empty; no report reads it.
bign=${BENCH_BIG_N:-10000000}
note "big store: generating $bign payments"
"$gen" -c -p "$npeers" payments "$bign" >"$work/payments-big.csv"
cp "$work/base.db" "$work/big.db"
timed big sqlite3 "$work/big.db" "PRAGMA cache_size = -2097152" \
    ".import --csv $work/payments-big.csv payments"
rm -f "$work/payments-big.csv"
[ "$(rows "$work/big.db" payments)" = "$bign" ] ||
    die "big store: .import stored the wrong number of payments"
result load "sqlite3 .import, 2 GiB cache (payments)" "$bign" \
    "$(median <"$work/big.t")" "$(median <"$work/big.c")" \
    "$(max_of "$work/big.m")" - - "store $(du -k "$work/big.db" | cut -f1) KiB"
note "big store loaded in $(median <"$work/big.t") s"
rm -f "$work"/big.?
have t4a-report && latency big "t4a-report --year" "$bign" 3 \
    "$bin/t4a-report --db $work/big.db --year 2026"
have honorarium-pay && latency big "honorarium-pay --totals --year" "$bign" 3 \
    "$bin/honorarium-pay --db $work/big.db --totals --year 2026"
have honorarium-pay && latency big "honorarium-pay --totals (all years)" "$bign" 3 \
    "$bin/honorarium-pay --db $work/big.db --totals"
rm -f "$work/big.db"
