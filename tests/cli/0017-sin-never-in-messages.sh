#!/bin/sh
# No message repeats a SIN, whatever quotes it: jansson's "near" text of
# a line cut short or with a tab in it, a reference or an id typed
# where a SIN was meant, a value given to an option.  Each is masked as
# the tools mask a SIN (***-***-544), in groups or in one run, and a
# SIN cut to seven or eight digits in malformed JSON too; a uuid, an
# amount and an ordinary id are shown as they are.
. "$(dirname "$0")/lib.sh"
ok_cmd peerkit-keys --make
ok_cmd peer-add --alias Moss --role peer-worker

# bad_sin STATUS REGEX DESC CMD...: refused, the store unchanged, and
# no digits of the SIN 130692544 (nor 424242402) but its last three.
bad_sin() {
	bad "$@"
	lacks "$3: the SIN is not in the message" '1306\|0692\|6925\|4242' \
	    "$tmp/err"
}

# Malformed JSON: the text near the fault is the SIN's.
printf '{"alias":"X","sin":"130692544\n' >"$tmp/cut.jsonl"
bad_sin 65 "cut.jsonl:1: malformed JSON: premature end of input near '\"\*\*\*-\*\*\*-544'" \
    "a line cut inside the SIN" peer-add "$tmp/cut.jsonl"
printf '{"alias":"X","sin":"130692544\\q"}\n' >"$tmp/esc.jsonl"
bad_sin 65 "invalid escape near '\"\*\*\*-\*\*\*-544\\\\q'" \
    "a bad escape after the SIN" peer-add "$tmp/esc.jsonl"
printf '{"alias":"X1","sin":"424242402\t"}\n' >"$tmp/tab.jsonl"
bad_sin 65 "control character 0x9 near '\"\*\*\*-\*\*\*-402'" \
    "a tab pasted after the SIN" peer-add "$tmp/tab.jsonl"
printf '{"alias":"X","sin":"130 692 54' >"$tmp/short.jsonl"
bad_sin 65 "near '\"\*\*\*-\*\*\*-254'" \
    "a SIN in groups, cut to eight digits" peer-add "$tmp/short.jsonl"
snap
run peer-add --dry-run - <"$tmp/cut.jsonl"
is_rc 65 "from standard input, under --dry-run"
lacks "from standard input: the SIN is not in the message" '1306\|0692' "$tmp/err"
unchanged "from standard input"

# A SIN typed where a reference or an id goes.
run peer-list 130692544
is_rc 65 "a SIN as a peer reference: no such peer"
err_has '^peer-list: no peer with id \*\*\*-\*\*\*-544$' "named masked"
lacks "a SIN as a reference is not repeated" '1306\|0692' "$tmp/err"
run peer-list "130-692-544"
is_rc 65 "a SIN with dashes as a reference"
err_has '^peer-list: no peer "\*\*\*-\*\*\*-544"$' "named masked"
bad_sin 65 'no engagement \*\*\*-\*\*\*-544' "a SIN as an engagement id" \
    engage-log --void 130692544 --reason "wrong peer"
bad_sin 64 'amount "\*\*\*-\*\*\*-544": not a number' "a SIN as an amount" \
    honorarium-pay --peer Moss --amount "130 692 544"

# What is not a SIN is shown whole: a uuid, an id, an amount.
run peer-list 0f8fad5b-d9cb-469f-a165-708677289501
is_rc 65 "an unknown uuid"
err_has 'no peer with uuid 0f8fad5b-d9cb-469f-a165-708677289501$' "the uuid whole"
run peer-list 4242
is_rc 65 "an unknown id"
err_has 'no peer with id 4242$' "a short id whole"
done_testing
