#!/bin/sh
# check-clock.sh TESTS... - the whole suite again at other instants, in
# other time zones and locales, under libfaketime.
#
# Every date and time a test checks comes from --today, $PEERKIT_TODAY or
# $PEERKIT_NOW, never from the machine's clock, zone or locale; this is
# the proof: a test that read the wall clock, or the machine's zone,
# sees a different day from the one it expects and fails.  The instants
# are chosen to break such a test: a leap day, the last minute of a year
# (already the next year east of UTC), the first of a month, and a day
# past 2038 (32-bit time).  The zones are as far from UTC as there are
# (UTC+14, UTC-11) or not a whole hour off (UTC-3:30, UTC+5:45); the
# locales write numbers with a comma or fold case differently.
#
# make check-clock builds first and passes the unit and CLI test files.
# Each process starts at the instant given, its clock then running.
set -u
lib=$(dpkg -L libfaketime 2>/dev/null | grep '/libfaketime\.so\.1$' | head -n 1)
[ -n "$lib" ] && [ -f "$lib" ] || {
	echo "check-clock: libfaketime is not installed (make check-clock installs faketime)" >&2
	exit 1
}
fail=0
# The crash test (0620) is left out: it SIGKILLs the tools at random
# moments, and libfaketime 0.9.10 (Debian 12), even preloaded directly,
# shares one semaphore among every process of the run (the first makes
# it: /dev/shm/faketime_sem_PID).  A tool killed while it holds it
# leaves every later process waiting on it for ever: the whole run hung.
# 0620 gives every date itself; make check runs it as usual.
for t do
	shift
	case $t in
	*/0620-crash-kill.sh) ;;
	*) set -- "$@" "$t" ;;
	esac
done
log=$(mktemp "${TMPDIR:-/tmp}/check-clock.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
# instant (UTC) | time zone | locale
while IFS='|' read -r when zone loc; do
	[ -n "$when" ] || continue
	echo "check-clock: $when UTC, TZ=$zone, LC_ALL=$loc"
	# libfaketime is preloaded directly, not through the faketime
	# wrapper: the wrapper shares a semaphore between the processes, and
	# the crash tests' SIGKILLs leave it held, hanging every other one.
	# FAKETIME is read in the process's own zone: the UTC instant is
	# given as that zone's local time.  The tests then run in the zone
	# and locale given (tests/cli/lib.sh takes them from PK_TEST_TZ and
	# PK_TEST_LOCALE; the unit tests from TZ and LC_ALL).
	local_time=$(TZ=$zone date -d "@$(TZ=UTC date -d "$when" +%s)" \
	    '+%Y-%m-%d %H:%M:%S') || exit 1
	if ! env LD_PRELOAD="$lib" FAKETIME="@$local_time" TZ="$zone" \
	    LC_ALL="$loc" PK_TEST_TZ="$zone" PK_TEST_LOCALE="$loc" \
	    prove -j2 --exec '' "$@" >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "check-clock: FAIL at $when UTC, TZ=$zone, LC_ALL=$loc" >&2
		fail=1
	else
		tail -n 1 "$log"
	fi
done <<'EOF'
2028-02-29 23:30:00|Pacific/Kiritimati|tr_TR.UTF-8
2026-12-31 23:59:00|Pacific/Pago_Pago|fr_CA.UTF-8
2027-03-01 00:00:30|America/St_Johns|de_DE.UTF-8
2040-07-01 12:00:00|Asia/Kathmandu|C.UTF-8
EOF
exit $fail
