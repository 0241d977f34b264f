#!/bin/sh
# Fuzz corpora replayed: every seed input (and every input that once
# broke a parser) goes through its harness, built with the ordinary
# compiler by make check (under ASan and UBSan with SANITIZE=1; under
# valgrind here when make check-valgrind runs us).  A harness aborts when
# a property breaks, so exit 0 means every input kept every property.
. "$(dirname "$0")/lib.sh"
engine_free "the parsers' fuzz corpora"

fuzz=${PK_FUZZ:-$top/build/tests/fuzz}
for name in json flat config money date sin ref; do
	bin=$fuzz/replay-$name
	corpus=$top/tests/fuzz/corpus/$name
	check "corpus $name has seeds" test -n "$(ls "$corpus")"
	# make check builds every replay: one that is missing is a failure,
	# not a skip.
	if [ -x "$bin" ]; then
		t_result 0 "replay-$name is built"
	else
		t_result 1 "replay-$name is built: $bin is missing (make check builds it)"
		continue
	fi
	if [ "${PK_VALGRIND:-}" = 1 ]; then
		run valgrind -q --leak-check=full --error-exitcode=99 \
		    --errors-for-leak-kinds=definite,indirect "$bin" "$corpus"
	else
		run "$bin" "$corpus"
	fi
	is_rc 0 "replay-$name over its corpus"
	err_has "replay: $(ls "$corpus" | wc -l) inputs" "replay-$name read every input"
done
done_testing
