#!/bin/sh
# peer-add --sin -: from a pipe, one line read silently; at a terminal, a
# prompt, echo off while the SIN is typed, and the terminal as it was
# afterwards, also when a signal ends peer-add.  The terminal is a real
# one, made by script(1).
. "$(dirname "$0")/lib.sh"

ok_cmd peerkit-keys --make
ok_cmd peer-add --alias Moss
# The SIN on record, in full (it is stored sealed).
sin_of() {
	peer-list --reveal-sin --format csv Moss | awk -F, 'NR == 2 { print $7 }'
}

# Not a terminal: no prompt, one line, nothing echoed anywhere.
printf '130 692 544\nignored\n' >"$tmp/sin"
run peer-add --update Moss --sin - <"$tmp/sin"
is_rc 0 "--sin - from a file"
check "no prompt when stdin is not a terminal" test ! -s "$tmp/err"
check "the first line is the SIN" test "$(sin_of)" = 130692544
check "the SIN is not printed" sh -c "! grep -q 544 '$tmp/out' || grep -q '\*\*\*-\*\*\*-544' '$tmp/out'"

if ! command -v script >/dev/null 2>&1 || ! script -qec true /dev/null \
    </dev/null >/dev/null 2>&1; then
	t_result 0 "# SKIP script(1) (bsdutils) is not installed or has no terminal"
	done_testing
fi

# The command runs at a terminal whose input is the fifo $tmp/in, held
# open on fd 3; its output goes to $tmp/tty.out.  tty.sh notes the
# terminal's device and the command's pid, runs it, then notes its exit
# status and the terminal's modes (stty -a) once it has ended.  A job
# started with & ignores SIGINT and SIGQUIT, and so would peer-add (it
# leaves an ignored signal ignored): perl gives them back their default,
# as at an interactive shell.
cat >"$tmp/tty.sh" <<EOF
tty >"$tmp/tty.dev"
perl -e '\$SIG{INT} = \$SIG{QUIT} = "DEFAULT"; exec @ARGV or die' \\
    sh -c 'echo \$\$ >"$tmp/tty.pid"; exec "\$@"' sh "\$@"
echo \$? >"$tmp/tty.rc"
stty -a >"$tmp/tty.after"
EOF
tty_start() {	# tty_start ARG...: start sh tty.sh ARG... at a terminal
	rm -f "$tmp/in" "$tmp/tty.dev" "$tmp/tty.pid" "$tmp/tty.rc" \
	    "$tmp/tty.after" "$tmp/tty.out"
	mkfifo "$tmp/in"
	script -qec "sh $tmp/tty.sh $*" /dev/null <"$tmp/in" \
	    >"$tmp/tty.out" 2>&1 &
	exec 3>"$tmp/in"
}
wait_for() {	# wait_for FILE [REGEX]: until FILE has REGEX (at most ~60 s)
	t_i=0
	while [ "$t_i" -lt 1200 ]; do
		if [ -s "$1" ] && { [ $# -lt 2 ] || grep -Eq -- "$2" "$1"; }; then
			return 0
		fi
		sleep 0.05
		t_i=$((t_i + 1))
	done
	return 1
}
tty_end() {	# close the terminal's input, wait for script(1)
	exec 3>&-
	wait
}
echo_is() {	# echo_is on|off FILE: the echo flag in stty -a output
	if [ "$1" = on ]; then
		grep -Eq -- '(^| )echo( |$)' "$2"
	else
		grep -Eq -- '(^| )-echo( |$)' "$2"
	fi
}

tty_start peer-add --update Moss --sin -
check "the prompt is shown" wait_for "$tmp/tty.out" 'SIN: '
stty -F "$(cat "$tmp/tty.dev")" -a >"$tmp/during" 2>&1
check "echo is off while the SIN is typed" echo_is off "$tmp/during"
printf '193 286 671\n' >&3
check "peer-add ends" wait_for "$tmp/tty.after"
tty_end
check "exit status 0" test "$(cat "$tmp/tty.rc")" = 0
lacks "the SIN typed is not on the screen" '193 286' "$tmp/tty.out"
check "echo is on again afterwards" echo_is on "$tmp/tty.after"
check "the SIN is stored" test "$(sin_of)" = 193286671

# A signal while the SIN is being typed: the terminal is restored, the
# signal still ends peer-add, and nothing is written.
for sig in INT TERM HUP; do
	snap
	tty_start peer-add --update Moss --sin -
	check "SIG$sig: the prompt is shown" wait_for "$tmp/tty.out" 'SIN: '
	stty -F "$(cat "$tmp/tty.dev")" -a >"$tmp/during" 2>&1
	check "SIG$sig: echo off while waiting" echo_is off "$tmp/during"
	ok_cmd kill -s "$sig" "$(cat "$tmp/tty.pid")"
	check "SIG$sig: peer-add ends" wait_for "$tmp/tty.after"
	tty_end
	case $sig in INT) n=2 ;; TERM) n=15 ;; HUP) n=1 ;; esac
	check "SIG$sig: ended by the signal (status $((128 + n)))" \
	    test "$(cat "$tmp/tty.rc")" = $((128 + n))
	check "SIG$sig: echo is on again" echo_is on "$tmp/tty.after"
	unchanged "SIG$sig"
done

# End of input at the prompt (^D): a usage error, the terminal restored.
snap
tty_start peer-add --update Moss --sin -
check "^D: the prompt is shown" wait_for "$tmp/tty.out" 'SIN: '
printf '\004' >&3
check "^D: peer-add ends" wait_for "$tmp/tty.after"
tty_end
check "^D: exit status 64" test "$(cat "$tmp/tty.rc")" = 64
check "^D: says so" grep -q -- '--sin -: nothing on standard input' "$tmp/tty.out"
check "^D: echo is on again" echo_is on "$tmp/tty.after"
unchanged "^D"
done_testing
