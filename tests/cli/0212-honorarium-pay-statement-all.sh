#!/bin/sh
# honorarium-pay --statement --all --month M -o DIR: one statement per
# peer paid or reimbursed in the month, each a file 0600 in DIR (made
# 0700 when missing), named by the peer's id; the files written listed
# on stdout; a peer with nothing that month, or only a void payment,
# gets none.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Kestrel
ok_cmd peer-add --alias Wren
ok_cmd peer-add --alias Moss
ok_cmd peer-add --alias Sage
ok_cmd peer-add --alias Raven
ok_cmd honorarium-pay --peer Kestrel --amount 40.00 --date 2026-11-02
ok_cmd honorarium-pay --peer Kestrel --amount 10.00 --date 2026-11-09
# Wren: reimbursed only.
ok_cmd honorarium-pay --peer Wren --amount 6.50 --kind reimbursement \
    --category transit --date 2026-11-04
# Moss: paid in October only.
ok_cmd honorarium-pay --peer Moss --amount 25.00 --date 2026-10-30
# Sage: a November payment, voided.
ok_cmd -o "$tmp/void.json" honorarium-pay --peer Sage --amount 30.00 \
    --date 2026-11-05 --json
ok_cmd honorarium-pay --void "$(jq -r .id "$tmp/void.json")" --reason "wrong peer"
ok_cmd honorarium-pay --peer Raven --amount 15.00 --date 2026-11-20

dir=$tmp/statements/2026-11
mkdir "$tmp/statements"
run honorarium-pay --statement --all --month 2026-11 --format html -o "$dir"
is_rc 0 "every November statement, as HTML"
is_outs "$dir/statement-2026-11-peer-1.html
$dir/statement-2026-11-peer-2.html
$dir/statement-2026-11-peer-5.html" "the files written, listed"
check "just those files in DIR" test "$(ls -A "$dir" | tr '\n' ' ')" = \
    "statement-2026-11-peer-1.html statement-2026-11-peer-2.html statement-2026-11-peer-5.html "
check "DIR was made 0700" test "$(stat -c %a "$dir")" = 700
for f in "$dir"/*; do
	check "$(basename "$f") is 0600" test "$(stat -c %a "$f")" = 600
	check "$(basename "$f") parses" xmllint --html --noout "$f"
done
# Each file is the peer's statement, as --statement REF prints it.
for id in 1 2 5; do
	run honorarium-pay --statement "$id" --month 2026-11 --format html
	is_rc 0 "peer $id's statement"
	is_out "$dir/statement-2026-11-peer-$id.html" "peer $id's file is their statement"
done

# Again, as JSON into a DIR that exists: the files are replaced, whole.
run honorarium-pay --statement --all --month 2026-11 --json -o "$dir/"
is_rc 0 "the November statements as JSON, DIR given with a slash"
check "three JSON files" test "$(ls "$dir" | grep -c '\.json$')" = 3
check "Kestrel's: 50.00" jq -e '.income == "50.00" and .alias == "Kestrel"' \
    "$dir/statement-2026-11-peer-1.json"
check "Wren's: reimbursed, no income" jq -e '.income == "0.00" and
    .reimbursed == "6.50" and .honoraria == []' \
    "$dir/statement-2026-11-peer-2.json"
check "no temporary file left" test "$(ls -A "$dir" | grep -vc '^statement-')" = 0
run honorarium-pay --statement --all --month 2026-11 -o "$tmp/text"
is_rc 0 "as text"
check "three .txt files" test "$(ls "$tmp/text" | grep -c '\.txt$')" = 3

# A month with no payment: no file, and DIR made all the same.
run honorarium-pay --statement --all --month 2026-08 -o "$tmp/aug"
is_rc 0 "a month with nothing paid"
check "nothing listed" test ! -s "$tmp/out"
check "DIR empty" test -z "$(ls -A "$tmp/aug")"

done_testing
