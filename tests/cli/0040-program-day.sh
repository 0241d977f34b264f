#!/bin/sh
# The program's day: config key timezone decides what day it is, so an
# evening in Vancouver is logged on its own day on a server in UTC.
# 23:30 on November 30 in Vancouver is 07:30 on December 1 in UTC; the
# machine's clock is set there with faketime (not PEERKIT_NOW: the clock
# itself), the machine in TZ=UTC.  Without the key, the machine's zone
# decides.  A zone the machine does not know is refused (exit 78).
. "$(dirname "$0")/lib.sh"

printf 'timezone: America/Vancouver\n' >"$tmp/van.yaml"
printf 'timezone: ""\n' >"$tmp/machine.yaml"

# at ZONE CMD...: CMD on a machine in ZONE at 2026-12-01T07:30:00Z, its
# clock running, today not fixed.  libfaketime (Debian's faketime) is
# preloaded directly, as make check-clock does, so that the test runs
# under check-clock's own; FAKETIME is read as the zone's local time.
faketime_lib=$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1)
instant=$(date -u -d '2026-12-01 07:30:00' +%s)
at() {
	t_zone=$1
	shift
	# Under make check SANITIZE=1 the ASan runtime must not insist on
	# coming first: libfaketime is preloaded before it.
	env -u PEERKIT_TODAY -u PEERKIT_NOW LD_PRELOAD="$faketime_lib" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    FAKETIME="@$(TZ=$t_zone date -d "@$instant" '+%Y-%m-%d %H:%M:%S')" \
	    TZ="$t_zone" "$@"
}
check "libfaketime is installed (mk/deps.sh installs faketime)" \
    test -f "$faketime_lib"

ok_cmd peer-add --alias Raven
# Two days either side of the month's turn, logged with their dates.
ok_cmd engage-log --peer Raven --activity meeting --hours 1 --level inform \
    --date 2026-10-31
ok_cmd engage-log --peer Raven --activity meeting --hours 1 --level inform \
    --date 2026-11-01

run at UTC date -u +%Y-%m-%dT%H:%MZ
is_rc 0 "faketime sets the clock"
is_outs 2026-12-01T07:30Z "the clock reads 07:30 on December 1, UTC"

run at UTC engage-log --config "$tmp/van.yaml" --peer Raven \
    --activity meeting --hours 1 --level inform --note evening --json
is_rc 0 "an engagement logged at 23:30 in Vancouver, without a date"
check "it is dated November 30, Vancouver's day" \
    jq -e '.date == "2026-11-30"' "$tmp/out"
check "its timestamp is the UTC instant" \
    jq -e '.created_at | startswith("2026-12-01T07:3")' "$tmp/out"

run at UTC engage-log --config "$tmp/van.yaml" --list --period this-month \
    --format jsonl
is_rc 0 "this month in Vancouver"
thru jq -r .date
is_outs "2026-11-01
2026-11-30" "this month is November"
run at UTC engage-log --config "$tmp/van.yaml" --list --period last-month \
    --format jsonl
is_rc 0 "last month in Vancouver"
thru jq -r .date
is_outs 2026-10-31 "last month is October"
run at UTC engage-log --config "$tmp/van.yaml" --summary \
    --period last-month --json
is_rc 0 "a summary of last month in Vancouver"
check "the summary covers October" \
    jq -e '[.. | strings] | index("2026-10-01") != null' "$tmp/out"

# --today wins over the zone, given before or after the period.
for args in "--period last-month --today 2026-11-15" \
    "--today 2026-11-15 --period last-month"; do
	run at UTC engage-log --config "$tmp/van.yaml" --list $args --format jsonl
	is_rc 0 "engage-log --list $args, in Vancouver"
	thru jq -r .date
	is_outs 2026-10-31 "last month of November 15 is October"
done

# The zone of the machine, which the config overrides.
run at Asia/Tokyo engage-log --config "$tmp/van.yaml" --list \
    --period this-month --format jsonl
is_rc 0 "the config's zone, on a machine in Tokyo"
thru jq -r .date
is_outs "2026-11-01
2026-11-30" "this month is still November"

# Without the key (or with it empty), the machine's zone decides.
run at UTC engage-log --peer Raven --activity meeting --hours 1 \
    --level inform --note utc --json
is_rc 0 "logged without the key, the machine in UTC"
check "dated December 1, the machine's day" \
    jq -e '.date == "2026-12-01"' "$tmp/out"
run at America/Vancouver engage-log --config "$tmp/machine.yaml" \
    --peer Raven --activity meeting --hours 1 --level inform --json
is_rc 0 "logged with timezone empty, the machine in Vancouver"
check "dated November 30, the machine's day" \
    jq -e '.date == "2026-11-30"' "$tmp/out"
run at UTC engage-log --list --period last-month --format jsonl
is_rc 0 "last month without the key, the machine in UTC"
thru jq -r .date
is_outs "2026-11-01
2026-11-30
2026-11-30" "last month is November"

# Every tool: what today is, as a default date.
run at UTC honorarium-pay --config "$tmp/van.yaml" --peer Raven \
    --amount 5.00 --json
is_rc 0 "honorarium-pay: a payment without a date"
check "paid on November 30" jq -e '.date == "2026-11-30"' "$tmp/out"
run at UTC honorarium-pay --config "$tmp/van.yaml" --list \
    --period this-month --format jsonl
is_rc 0 "honorarium-pay --list this month in Vancouver"
thru jq -r .date
is_outs 2026-11-30 "the payment is in November"
run at UTC onboard-check --config "$tmp/van.yaml" --done orientation \
    --dry-run --json Raven
is_rc 0 "onboard-check: a step done today (dry run)"
check "done on November 30" \
    jq -e '[.. | strings] | index("2026-11-30") != null' "$tmp/out"

# A zone the machine does not know: refused, naming the key and value.
for z in Mars/Olympus America/Vancouverr ../../../etc/passwd /etc/localtime \
    America/../Europe/Paris "EST5EDT,M3.2.0,M11.1.0" .hidden; do
	printf 'timezone: "%s"\n' "$z" >"$tmp/bad.yaml"
	for t in "peer-list" "engage-log --list" "honorarium-pay --list" \
	    "t4a-report --year 2026" "onboard-check --all" "peer-add --alias Kestrel"; do
		bad_quiet 78 "^${t%% *}: $tmp/bad.yaml:1:11: timezone: \"$(printf '%s' "$z" |
		    sed 's/[].[*^$+?(){}|\\]/\\&/g')\" is not a time zone" \
		    "timezone \"$z\": ${t%% *} refuses" $t --config "$tmp/bad.yaml"
	done
done
printf 'timezone: [America/Vancouver]\n' >"$tmp/bad.yaml"
bad_quiet 78 "timezone: must be a single value" "timezone as a list" \
    peer-list --config "$tmp/bad.yaml"
done_testing
