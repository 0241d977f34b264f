#!/bin/sh
# engage-log: every bad input is refused with a message naming it and the
# store unchanged: 64 for a usage error (a value of the wrong form on the
# command line included), 65 for data the configuration or the store
# refuses and for every mistake in a record.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --region Interior
ok_cmd peer-add --alias Gone
ok_cmd peer-add --deactivate Gone
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform

# refused STATUS MESSAGE-RE DESC engage-log-args...
refused() {
	want=$1 re=$2 desc=$3
	shift 3
	bad "$want" "$re" "$desc" engage-log "$@"
}
rec="--hours 1 --activity meeting --level inform"

refused 65 '^engage-log: no peer "Nobody"$' "unknown peer" --peer Nobody $rec
refused 65 '^engage-log: no peer with id 99$' "unknown peer id" --peer 99 $rec
refused 65 '^engage-log: peer "Gone" \(id 2\) is inactive$' "inactive peer" \
    --peer Gone $rec
refused 65 '^engage-log: peer "Gone" \(id 2\) is inactive$' \
    "an inactive peer in a group: nothing stored" --peer Raven --peer Gone $rec
refused 65 'peer "Raven" \(id 1\) is named twice' "a peer named twice" \
    --peer Raven --peer raven $rec
refused 64 '^engage-log: --date: date "2026-02-30": no such date$' "no such date" \
    --peer Raven $rec --date 2026-02-30
refused 65 '^engage-log: date 2026-11-24 is after today \(2026-11-23\)$' \
    "a date after today" --peer Raven $rec --date 2026-11-24
refused 64 '^engage-log: --date: date "23/11/2026": expected YYYY-MM-DD$' "a date in another form" \
    --peer Raven $rec --date 23/11/2026
refused 64 '^engage-log: --hours: hours "0": must be more than zero$' "zero hours" \
    --peer Raven --hours 0 --activity meeting --level inform
refused 64 '^engage-log: --hours: hours "0:00": must be more than zero$' "0:00 hours" \
    --peer Raven --hours 0:00 --activity meeting --level inform
refused 64 '^engage-log: --hours: hours "-1": must be more than zero$' "negative hours" \
    --peer Raven --hours=-1 --activity meeting --level inform
refused 64 '^engage-log: --hours: hours "24.5": more than 24 hours$' "more than 24 hours" \
    --peer Raven --hours 24.5 --activity meeting --level inform
refused 64 '^engage-log: --hours: hours "0.01": not a whole number of minutes$' "a part of a minute" \
    --peer Raven --hours 0.01 --activity meeting --level inform
refused 64 '^engage-log: --hours: hours "an hour": expected hours like 1.5 or 1:30$' "hours in words" \
    --peer Raven --hours "an hour" --activity meeting --level inform
refused 64 '^engage-log: --amount: amount "12.345": more than two decimals$' \
    "--amount with three decimals" --peer Raven $rec --amount 12.345
refused 64 '^engage-log: --amount: amount "-5": a sign is not allowed here$' \
    "a negative --amount" --peer Raven $rec --amount=-5
refused 65 '^engage-log: activity "dance" is not one of the configured activities: meeting, shift, consultation, outreach, training, event$' \
    "unknown activity" --peer Raven --hours 1 --activity dance --level inform
refused 64 '^engage-log: --level: "shout" is not a level of engagement \(inform, consult, involve, collaborate or empower\)$' \
    "unknown level" --peer Raven --hours 1 --activity meeting --level shout
refused 65 '^engage-log: support "pony" is not one of the configured supports: childcare, transit, meal, other$' \
    "unknown support" --peer Raven $rec --support meal,pony
refused 65 'field "note": control characters are not allowed' \
    "a control character in a note" --peer Raven $rec --note "$(printf 'a\033[2Jb')"

# Usage errors: exit 64, nothing opened.
refused 64 '^engage-log: a new engagement needs --hours$' "no hours" \
    --peer Raven --activity meeting --level inform
refused 64 '^engage-log: a new engagement needs --peer$' "no peer" $rec
refused 64 '--amount and --no-honorarium do not go together' \
    "--amount and --no-honorarium" --peer Raven $rec --amount 5 --no-honorarium
refused 64 '^usage: engage-log' "an unknown option" --colour red
refused 64 'give one of --list, --summary, --void or a FILE' "two modes" \
    --list --summary --period 2026
refused 64 '^engage-log: --hours does not go with --list \(it goes with a new engagement\)$' "--list with --hours" --list --hours 1
refused 64 '--summary needs --period' "--summary without --period" --summary
refused 64 '^engage-log: --by: "colour" is not a key to group by \(peer, role' "--by unknown" --summary \
    --period 2026 --by colour
refused 64 '^engage-log: --suppress: "0" is not a number of peers from 1 to 1000000$' "--suppress 0" \
    --summary --period 2026 --suppress 0
refused 64 '^engage-log: --status: "owing" is not an engagement.s status \(unpaid, part-paid, paid, no-honorarium or void\)$' "--status unknown" --list \
    --status owing
refused 64 '^engage-log: --period: period "2026-13": expected' "a bad period" --list --period 2026-13
refused 64 '^engage-log: --void needs --reason$' "--void without --reason" --void 1
refused 64 '^engage-log: --keep-going does not go with a new engagement \(it goes with a FILE\)$' "--keep-going without a FILE" \
    --peer Raven $rec --keep-going
refused 64 '^engage-log: --hours does not go with a FILE \(it goes with a new engagement\)$' "a FILE and --hours" \
    --hours 1 -
refused 64 'one FILE at a time' "two FILEs" a b
refused 64 '^engage-log: --today: date "tomorrow": expected YYYY-MM-DD$' "a bad --today" \
    --today tomorrow --list

# Batch input: the line is named.
printf '%s\n' '{"peer":"Raven","hours":"1","activity":"meeting","level":"inform"}' \
    '' '{"peer":"Raven","hours":"2","activity":"meeting","level":"inform"}' \
    >"$tmp/blank.jsonl"
refused 65 "^engage-log: $tmp/blank.jsonl:2: blank line$" "a blank batch line" \
    "$tmp/blank.jsonl"
err_has '^engage-log: nothing written$' "a refused batch says nothing was written"
printf '%s\n' '{"peer":"Raven","hours":"1","activity":"meeting","level":"inform"}' \
    '{"peer":"Raven","hours":"1","activity":"meeting","level":"inform","rate":"5"}' \
    >"$tmp/field.jsonl"
refused 65 "field.jsonl:2: unknown field \"rate\"" "an unknown field" "$tmp/field.jsonl"
printf '{"peer":"Raven","hours":1.5,"activity":"meeting","level":"inform"}\n' \
    >"$tmp/real.jsonl"
refused 65 'real.jsonl:1: field "hours": expected a string like "1.5"' \
    "hours as a JSON fraction" "$tmp/real.jsonl"
# The mistakes the command line calls usage errors are bad data in a
# record: 65, naming the line.
printf '%s\n' '{"peer":"Raven","hours":"1","activity":"meeting","level":"shout"}' \
    >"$tmp/level.jsonl"
refused 65 '^engage-log: .*level.jsonl:1: level "shout" is not one of inform, consult, involve, collaborate, empower$' \
    "an unknown level in a record" "$tmp/level.jsonl"
printf '%s\n' '{"peer":"Raven","hours":"1","activity":"meeting","level":"inform","date":"2026-02-30"}' \
    >"$tmp/date.jsonl"
refused 65 '^engage-log: .*date.jsonl:1: date "2026-02-30": no such date$' \
    "no such date in a record" "$tmp/date.jsonl"
ok_cmd -o "$tmp/all.jsonl" engage-log --list --json
sed 's/"level":"inform"/"level":"empower"/' "$tmp/all.jsonl" >"$tmp/changed.jsonl"
uuid=$(jq -r .uuid "$tmp/all.jsonl")
refused 65 "changed.jsonl:1: uuid $uuid is stored already \\(engagement 1\\) with other content: level is \"inform\" there, \"empower\" here" \
    "a known uuid with different content" "$tmp/changed.jsonl"
refused 66 "^engage-log: $tmp/none.jsonl: No such file or directory$" \
    "a missing input file" "$tmp/none.jsonl"

# Reading needs a store.
run env PEERKIT_DB="$tmp/none.db" engage-log --list
is_rc 66 "--list without a store"
err_has 'no store yet' "--list without a store: message"
check "--list does not create a store" test ! -e "$tmp/none.db"
done_testing
