#!/bin/sh
# peer-add --sin VALUE puts the SIN where other users can see it (ps)
# and the shell keeps it (history): peer-add warns, suggests --sin -,
# never repeats the SIN, and does what it was asked all the same.  No
# warning for --sin -, for a value that holds no SIN (none, 000000000),
# nor for SINs in a batch file.
. "$(dirname "$0")/lib.sh"
# The keys first: making them on first use is a note of its own.
ok_cmd peerkit-keys --make
# sin_of ALIAS: the SIN on record, in full (it is stored sealed).
sin_of() {
	peer-list --reveal-sin --json "$1" | jq -r .sin
}

warning='^peer-add: --sin: a SIN on the command line can be seen by other users \(ps\) and is kept in the shell.s history; use --sin - to type it unseen or pipe it in$'

run peer-add --alias Raven --sin "130 692 544"
is_rc 0 "peer-add --sin VALUE: the peer is added"
err_has "$warning" "the warning, suggesting --sin -"
check "one line" test "$(wc -l <"$tmp/err")" = 1
lacks "the warning does not repeat the SIN" '692' "$tmp/err"
lacks "nor its last digits" '544' "$tmp/err"
check "the SIN is stored" test "$(sin_of Raven)" = 130692544

# On --update, in any place on the line, and before a usage error too:
# the SIN was on show all the same.
run peer-add --update Raven --sin=527194831
is_rc 0 "peer-add --update --sin=VALUE"
err_has "$warning" "--sin=VALUE warns too"
run peer-add --sin 527194831 --update Raven --deactivate Raven
is_rc 64 "a usage error after --sin VALUE"
err_has "$warning" "the warning still comes"
lacks "and the SIN is not in the usage error either" '527' "$tmp/err"

# A bad SIN is refused, with the warning: a typo is most of a SIN.
run peer-add --update Raven --sin 130692545
is_rc 65 "a mistyped SIN is refused"
err_has "$warning" "and warned about"
lacks "the mistyped SIN is not repeated" '692' "$tmp/err"

# --quiet silences it, wherever it comes on the line.
run peer-add --update Raven --sin 130692544 -q
is_rc 0 "--sin VALUE -q"
check "no warning under -q" test ! -s "$tmp/err"

# --sin -: no warning.
printf '193 286 671\n' >"$tmp/sin"
run peer-add --alias Wren --sin - <"$tmp/sin"
is_rc 0 "peer-add --sin -"
check "no warning for --sin -" test ! -s "$tmp/err"
check "the SIN from stdin is stored" \
    test "$(sin_of Wren)" = 193286671
# An empty line read (an empty file, a pipe that gave nothing) is no
# SIN: refused, not taken to clear the one on record.
: >"$tmp/empty"
bad 64 '^peer-add: --sin -: nothing on standard input$' \
    "--sin - from an empty file" peer-add --update Wren --sin - <"$tmp/empty"
echo >"$tmp/nl"
bad 65 '^peer-add: --sin -: an empty line: no SIN read; to clear the SIN on record, give --sin 000000000$' \
    "--sin - from an empty line" peer-add --update Wren --sin - <"$tmp/nl"
printf '  \n' >"$tmp/blank"
bad 65 'an empty line: no SIN read' "--sin - from a line of blanks" \
    peer-add --update Wren --sin - <"$tmp/blank"
check "the SIN on record is kept" test "$(sin_of Wren)" = 193286671

# A value that holds no SIN shows nothing: no warning.
run peer-add --update Wren --sin 000000000
is_rc 0 "--sin 000000000 clears the SIN"
check "no warning for 000000000" test ! -s "$tmp/err"
run peer-add --update Raven --sin ""
is_rc 0 "--sin '' clears the SIN"
check "no warning for an empty value" test ! -s "$tmp/err"

# SINs in a batch file are not on the command line: no warning.
printf '{"alias": "Sage", "sin": "719236457"}\n' >"$tmp/batch.jsonl"
run peer-add "$tmp/batch.jsonl"
is_rc 0 "a batch with a SIN"
lacks "no warning for a batch" 'command line' "$tmp/err"
printf '{"alias": "Moss", "sin": "618345722"}\n' >"$tmp/batch2.jsonl"
run peer-add - <"$tmp/batch2.jsonl"
is_rc 0 "a batch with a SIN on stdin"
lacks "no warning for a batch on stdin" 'command line' "$tmp/err"
done_testing
