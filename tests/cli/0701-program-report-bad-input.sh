#!/bin/sh
# program-report: bad input is a usage error (exit 64) named in one line,
# nothing on stdout, the store unchanged; a bad report.suppress is a
# configuration error (78) naming file, line and column; no store is 66.
. "$(dirname "$0")/lib.sh"

run program-report --period 2026-11 --json
is_rc 66 "no store yet"
ok_cmd peer-add --alias Raven
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform --date 2026-11-02

# one_line DESC: the last run said one thing, on one line of stderr, and
# pointed to --help on the next, as every tool does.
one_line() {
	check "$1: one line on stderr, then the hint" test "$(wc -l <"$tmp/err")" = 2
	err_has "^Try 'program-report --help' for more information\.$" "$1: the hint"
}

bad_quiet 64 '^program-report: --period: .*2026-13' "a month that does not exist" \
    program-report --period 2026-13
one_line "--period 2026-13"
bad_quiet 64 '^program-report: --period: ' "a period that is not one" \
    program-report --period yesterday
one_line "--period yesterday"
bad_quiet 64 '^program-report: --format: "pdf" is not a report format \(html, text or json\)' \
    "a format it does not write" program-report --period 2026-11 --format pdf
one_line "--format pdf"
bad_quiet 64 '^program-report: --format: "csv" is not' "a common format it does not write" \
    program-report --period 2026-11 --format csv
bad_quiet 64 '^program-report: --period is required' "no --period" program-report --json
bad_quiet 64 '^program-report: unexpected argument "extra"' "an operand" \
    program-report --period 2026-11 extra
bad_quiet 64 '^program-report: --suppress: ' "--suppress not a number" \
    program-report --period 2026-11 --suppress few
one_line "--suppress few"
bad_quiet 64 "^program-report: unrecognized option '--colour'" "an unknown option" \
    program-report --period 2026-11 --colour
check "an unknown option: the message first, then the synopsis" \
    sed -n 2p "$tmp/err" | grep -q '^usage: program-report --period P'

cat >"$tmp/config.yaml" <<'EOT'
report:
  suppress: ten
EOT
bad_quiet 78 'config.yaml:2:[0-9]+: report.suppress: must be a whole number' \
    "report.suppress not a number" program-report --config "$tmp/config.yaml" --period 2026-11
check "report.suppress: ten: one line on stderr" test "$(wc -l <"$tmp/err")" = 1

# --today may come after --period: last-month is read against it.
run program-report --period last-month --today 2026-12-05 --json
is_rc 0 "--period last-month --today 2026-12-05"
check "last-month of 2026-12-05 is November" jq -e '.from == "2026-11-01" and .to == "2026-11-30"' "$tmp/out"
run program-report --period 2026-11 --json --suppress 0
is_rc 0 "--suppress 0: nothing hidden"
check "--suppress 0: the one peer shown" jq -e '.suppress == 0 and .figures.peers_engaged == 1 and .hidden == {}' "$tmp/out"
run program-report --period 2026-11 --json
is_rc 0 "the default report.suppress, 10"
check "one peer is fewer than 10: hidden" jq -e '.suppress == 10 and .figures.peers_engaged == null and .hidden.peers_engaged == "small"' "$tmp/out"
run program-report --period 2026-11 -o "$tmp/no/such/dir/r.html"
is_rc 73 "-o in a directory that does not exist"
check "-o: nothing on stdout" test ! -s "$tmp/out"

done_testing
