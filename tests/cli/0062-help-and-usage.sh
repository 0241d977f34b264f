#!/bin/sh
# --help fits 80 columns in every tool, with placeholders in one style
# (upper case: REF, DATE; literal words joined by |); a bad option value
# is one line naming the option and the value, and a hint, exit 64; the
# man pages render their quotes and list each variable once.
. "$(dirname "$0")/lib.sh"
engine_free "--help and usage errors"
tools="peer-add peer-list engage-log honorarium-pay t4a-report onboard-check
peerkit-keys"

for t in $tools; do
	run "$t" --help
	is_rc 0 "$t --help"
	awk 'length($0) > 80 { print NR ": " length($0) ": " $0 }' "$tmp/out" \
	    >"$tmp/long"
	check "$t --help: every line fits 80 columns" test ! -s "$tmp/long"
	sed 's/^/#   /' "$tmp/long"
	# The usage (to the first blank line) and the option lines: a value
	# an option takes is a PLACEHOLDER, or literal words with a |.
	{ sed '/^$/q' "$tmp/out"; grep '^  -' "$tmp/out" |
	    sed 's/^  //; s/  .*//'; } |
	    grep -oE -- '--[a-z-]+ [a-z][^] ]*' | grep -v '|' |
	    grep -vx -- '--format xml' >"$tmp/lower"
	check "$t --help: placeholders in upper case" test ! -s "$tmp/lower"
	sed 's/^/#   /' "$tmp/lower"
	check "$t --help: --wide is offered" grep -q -- '--wide' "$tmp/out"
	run "$t" --complete options
	is_rc 0 "$t --complete options"
	check "$t: the completions offer --wide" grep -qx -- '--wide' "$tmp/out"
done

run peer-list --help
is_rc 0 "peer-list --help"
for f in '--role R' '--region R' '--site S' '--status active|inactive' \
    '--search TEXT'; do
	check "peer-list --help describes $f" grep -q -- "^  $f  *[a-zA-Z]" \
	    "$tmp/out"
done

# bad_value TOOL OPTION VALUE ARG...: TOOL ARG... refused with one line
# naming --OPTION and VALUE, and the hint; exit 64, nothing on stdout.
bad_value() {
	b_tool=$1 b_opt=$2 b_val=$3
	shift 3
	run "$b_tool" "$@"
	is_rc 64 "$b_tool $*: exit 64"
	check "$b_tool $*: nothing on stdout" test ! -s "$tmp/out"
	check "$b_tool $*: two lines on stderr" test "$(wc -l <"$tmp/err")" = 2
	check "$b_tool $*: the first names --$b_opt and \"$b_val\"" \
	    grep -q "^$b_tool: --$b_opt: .*\"$b_val\"" "$tmp/err"
	check "$b_tool $*: the second is the hint" \
	    test "$(sed -n 2p "$tmp/err")" = \
	    "Try '$b_tool --help' for more information."
}
bad_value engage-log period bogus --summary --period bogus
bad_value engage-log period bogus --list --period bogus
bad_value honorarium-pay period bogus --run --period bogus
bad_value honorarium-pay amount abc --peer Raven --amount abc
bad_value peer-list status gone --status gone
bad_value peer-add demographics '\[1\]' --alias A --demographics '[1]'
bad_value t4a-report year 26 --year 26
bad_value onboard-check within soon Raven --within soon
for t in $tools; do
	bad_value "$t" format yaml --format yaml
	bad_value "$t" today 2026-02-30 --today 2026-02-30
done

# A value left out: the same, one line and the hint.
run engage-log --list --period
is_rc 64 "--period without its value"
check "nothing on stdout" test ! -s "$tmp/out"
check "one line naming --period, and the hint" test "$(cat "$tmp/err")" = \
    "engage-log: --period: a value is needed
Try 'engage-log --help' for more information."
run peer-list -o
is_rc 64 "-o without its value"
check "named by its long name" grep -q '^peer-list: --output: a value is needed$' \
    "$tmp/err"

# An unknown option is a usage error: named, then the usage; never with
# what follows '=' (it may be a SIN).
run peer-list --sinn=130692544
is_rc 64 "an unknown option"
check "named without its value" grep -qx "peer-list: unrecognized option '--sinn'" \
    "$tmp/err"
lacks "the value is not echoed" '130692544' "$tmp/err"
check "then the usage" grep -q '^usage: peer-list' "$tmp/err"
run peer-list --re Vancouver
is_rc 64 "an abbreviation of two options"
check "said to be ambiguous" grep -qx "peer-list: option '--re' is ambiguous" \
    "$tmp/err"
run peer-list --help=yes
is_rc 64 "a value for an option that takes none"
check "said so" grep -qx "peer-list: --help takes no value" "$tmp/err"

# The man pages as mandoc renders them.
run mandoc -Tutf8 "$top/share/man/man1/engage-log.1"
is_rc 0 "engage-log(1) renders"
check "engage-log(1): each example of hours quoted on its own" grep -q \
    "(‘1.5’, ‘1.50’, ‘2’, ‘.25’)" "$tmp/out"
for m in "$top"/share/man/man[157]/*.[157]; do
	run mandoc -Tutf8 "$m"
	is_rc 0 "$(basename "$m") renders"
	lacks "$(basename "$m"): no quote closed twice" '’’' "$tmp/out"
done
check "peerkit(7) lists HOME once" \
    test "$(grep -c '^\.It Ev HOME$' "$top/share/man/man7/peerkit.7")" = 1
for t in $tools; do
	check "$t(1) has --wide" grep -q '^\.It Fl -wide$' \
	    "$top/share/man/man1/$t.1"
done

done_testing
