#!/bin/sh
# stress.sh - the long forms of the fault, load and hostile-input tests
# (make stress; about half an hour on 2 cores, see tests/stress/README).
# The same scripts as make check runs, with the knobs turned up, and two
# that only run here:
#
#   crash-kill     0620 with PK_KILLS (1000) SIGKILLs, a quarter each of
#                  peer-add, engage-log and honorarium-pay batches of
#                  PK_CRASH_BATCH (5000; a quarter as many payments) and
#                  of a payroll run, each followed by the full checks
#   concurrency    0630 with PK_WRITERS (8) writers of PK_WRITES (200)
#   hostile        0610 (the 50 MB line, 10,000-deep nesting, ...)
#   ledger-year    0207 with PK_LEDGER_OPS (5000) operations of a year
#   disk-sweep     a batch run out of space at PK_SWEEP_STEPS (60) points
#   big-batch      all or nothing over PK_BIG_LINES (1,000,000) records
#
# Any of the variables may be set in the environment.  Prints the
# figures each script reports (lines starting "# ") and prove's summary.
set -u
cd "$(dirname "$0")/../.." || exit 1
export PK_BIN=${PK_BIN:-$PWD/bin}
export PK_KILLS=${PK_KILLS:-1000} PK_CRASH_BATCH=${PK_CRASH_BATCH:-5000}
export PK_WRITERS=${PK_WRITERS:-8} PK_WRITES=${PK_WRITES:-200}
export PK_SWEEP_STEPS=${PK_SWEEP_STEPS:-60} PK_BIG_LINES=${PK_BIG_LINES:-1000000}
export PK_LEDGER_OPS=${PK_LEDGER_OPS:-5000}
export PK_SEED=${PK_SEED:-$(date +%s)}
echo "stress: seed $PK_SEED; $PK_KILLS kills of $PK_CRASH_BATCH-record batches;" \
    "$PK_WRITERS writers x $PK_WRITES writes; $PK_SWEEP_STEPS disk-full points;" \
    "$PK_BIG_LINES-line batch; a year of $PK_LEDGER_OPS ledger operations"
status=0
for t in tests/cli/0620-crash-kill.sh tests/cli/0630-concurrency.sh \
    tests/cli/0610-hostile-inputs.sh tests/cli/0207-ledger-year.sh \
    tests/stress/disk-sweep.sh \
    tests/stress/big-batch.sh; do
	start=$(date +%s)
	sh "$t" >build/stress.log 2>&1
	st=$?
	grep -E '^# [^ ]' build/stress.log | grep -v '^# *(exit|stderr|---|\+\+\+|@@)' |
	    grep -Ev '^# (peer-add|engage-log|honorarium-pay) after' | sed 's/^/  /'
	todo=$(grep '^not ok' build/stress.log | grep -c '# TODO')
	fails=$(($(grep -c '^not ok' build/stress.log) - todo))
	echo "stress: $t: $(grep -c '^ok' build/stress.log) ok, $fails not ok," \
	    "$todo known (TODO), $(($(date +%s) - start)) s"
	if [ "$st" != 0 ]; then
		grep -A5 '^not ok' build/stress.log | head -n 40
		cp build/stress.log "build/stress-$(basename "$t" .sh).log"
		status=1
	fi
done
rm -f build/stress.log
[ "$status" = 0 ] && echo "stress: all passed, nothing lost"
exit "$status"
