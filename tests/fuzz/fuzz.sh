#!/bin/sh
# fuzz.sh SECONDS NAME... - run each libFuzzer harness for SECONDS.
#
# make fuzz runs it as `sh tests/fuzz/fuzz.sh $(FUZZTIME) $(FUZZ)`.  Each
# harness tests/fuzz/fuzz-NAME.c is built with clang, libFuzzer, ASan and
# UBSan together with the library's own sources (lib/*.c and the files
# make generates from share/), so the library is instrumented too, not
# just the harness.  It then runs on a copy of its seed corpus
# (tests/fuzz/corpus/NAME/ is never written; inputs libFuzzer finds stay
# in build/fuzz/NAME/corpus), with tests/fuzz/NAME.dict when there is
# one.  Prints executions per harness; exits 1 if any harness found a
# crash, a leak or a broken property (the input is kept in
# build/fuzz/NAME/ and replays with build/tests/fuzz/replay-NAME FILE).
set -u
secs=${1:?usage: fuzz.sh SECONDS NAME...}
shift
[ $# -gt 0 ] || { echo "usage: fuzz.sh SECONDS NAME..." >&2; exit 64; }
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)

# clang, and libFuzzer, which Debian ships with clang's runtime
# libraries (libclang-rt-14-dev); mk/deps.sh installs what is missing.
sh mk/deps.sh clang libclang-rt-14-dev || exit 1
CLANG=${CLANG:-clang}
command -v "$CLANG" >/dev/null || { echo "fuzz: no $CLANG" >&2; exit 1; }
# The generated sources of the library: the built-in config and the
# schema migrations.
make -s build/gen-defaults.c build/gen-migrations.c \
    build/gen-migrations-pg.c || exit 1

# The Makefile's PKGS and LIBS_NOPC: every library lib/ links, and
# libpq's headers (db-pg.c loads libpq at run time, never links it).
pkgs="sqlite3 jansson yaml-0.1 libsodium libutf8proc"
cflags="-g -O1 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib
    $(pkg-config --cflags $pkgs libpq)"
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer"
libs="$(pkg-config --libs $pkgs) -lcsv"

status=0
summary=
for name in "$@"; do
	dir=build/fuzz/$name
	bin=$dir/fuzz-$name
	mkdir -p "$dir/corpus"
	rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
	echo "fuzz: building $bin" >&2
	# shellcheck disable=SC2086
	if ! $CLANG $cflags $san -o "$bin" "tests/fuzz/fuzz-$name.c" \
	    lib/*.c build/gen-defaults.c build/gen-migrations.c \
	    build/gen-migrations-pg.c $libs; then
		echo "fuzz: $name: build failed" >&2
		status=1
		continue
	fi
	cp tests/fuzz/corpus/"$name"/* "$dir/corpus/" 2>/dev/null
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	echo "fuzz: running $name for ${secs}s" >&2
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$dir/" $dict \
	    "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' \
	    "$dir/log" | tail -n 1)
	n=${runs% *}
	s=${runs#* }
	if [ "$rc" != 0 ] || [ -z "$runs" ]; then
		echo "fuzz: $name: FAILED (exit $rc); see $top/$dir/log" >&2
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property broken)' \
		    "$dir/log" | head -n 5 >&2
		ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* \
		    2>/dev/null >&2
		status=1
		summary="$summary$(printf '%-8s FAILED (exit %s)' "$name" "$rc")
"
		continue
	fi
	# Coverage from libFuzzer's last status line: cov is the edges
	# reached, ft the features (edges with hit counts and the like).
	cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE .*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p' \
	    "$dir/log" | tail -n 1)
	summary="$summary$(printf '%-8s %10s executions in %4s s  (%s/s), cov %s, ft %s, corpus %s files' \
	    "$name" "$n" "$s" "$((n / (s > 0 ? s : 1)))" \
	    "${cov% *}" "${cov#* }" "$(ls "$dir/corpus" | wc -l)")
"
done
printf '\nfuzz: libFuzzer, %s s per harness\n%s' "$secs" "$summary"
[ "$status" = 0 ] && echo "fuzz: no crash, leak or broken property found"
exit "$status"
