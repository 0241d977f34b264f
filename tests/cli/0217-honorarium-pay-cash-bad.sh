#!/bin/sh
# honorarium-pay --cash-plan and cash.largest_note refused: a largest
# note that is not a Canadian note is a configuration error (78) naming
# the key and the value; --cash-plan where there is no payment to plan
# is a usage error (64); nothing is written either way.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd engage-log --peer Raven --activity event --hours 1 --amount 12.53 \
    --level inform --date 2026-11-02

for v in '"25.00"' '"1.00"' '"0.05"' '"200.00"' '"-20.00"' 'twenty'; do
	printf 'cash:\n  largest_note: %s\n' "$v" >"$tmp/note.yaml"
	bad_quiet 78 "note\\.yaml:2:17: cash\\.largest_note: " \
	    "cash.largest_note: $v" \
	    honorarium-pay --config "$tmp/note.yaml" --run --period 2026-11 \
	    --dry-run --cash-plan
done
printf 'cash:\n  largest_note: "25.00"\n' >"$tmp/note.yaml"
bad_quiet 78 '^honorarium-pay: .*/note\.yaml:2:17: cash\.largest_note: "25\.00" is not a Canadian note: "5\.00", "10\.00", "20\.00", "50\.00" or "100\.00"$' \
    "the message names the key, the value and the notes" \
    honorarium-pay --config "$tmp/note.yaml" --peer Raven --amount 5.00
printf 'cash:\n  largest_bill: "20.00"\n' >"$tmp/key.yaml"
bad_quiet 78 'key\.yaml:2:3: cash\.largest_bill: unknown key' \
    "an unknown key under cash" \
    honorarium-pay --config "$tmp/key.yaml" --peer Raven --amount 5.00

# --cash-plan goes with a payment, a FILE of them or a run.
ok_cmd honorarium-pay --peer Raven --amount 5.00 --note advance
for mode in "--list" "--totals" "--balance" "--receipt 1" \
	"--void 1 --reason x"; do
	# shellcheck disable=SC2086
	bad_quiet 64 'cash-plan' "--cash-plan with $mode" \
	    honorarium-pay $mode --cash-plan
done
bad_quiet 64 'html' "--cash-plan as HTML" \
    honorarium-pay --peer Raven --amount 5.00 --cash-plan --format html
bad_quiet 64 'cash-plan' "--cash-plan takes no value" \
    honorarium-pay --peer Raven --amount 5.00 --cash-plan=yes

done_testing
