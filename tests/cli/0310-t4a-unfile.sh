#!/bin/sh
# t4a-report --unfile REF: the CRA rejected a submission.  Its slips
# stay in the store as sent, but are no longer on file: the corrected
# return goes again, under another reference, and validates.  Audited;
# refused for an unknown reference, one rejected already, or one a later
# submission builds on (exit 65, the store unchanged).
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

ref() {	# ref FILE: the submission reference of a return
	xpath 'string(//sbmt_ref_id)' "$1"
}

ok_cmd peerkit-keys --make
ok_cmd peer-add -q --alias Raven --surname Blak --given-name Rae \
    --sin "130 692 544" --address-line1 "1 Alder St" --city Vancouver \
    --province BC --postal-code "V6A 1A1"
ok_cmd peer-add -q --alias Wren --surname Wood --sin "193 456 787" \
    --address-line1 "9 Elm St" --city Victoria --province BC \
    --postal-code "V8W 1A1"
ok_cmd honorarium-pay -q --peer Raven --amount 700.00 --date 2026-03-01
ok_cmd honorarium-pay -q --peer Wren --amount 800.00 --date 2026-05-01

bad_quiet 65 '^t4a-report: submission reference ABCD1234: no return is recorded as filed with it' \
    "--unfile before any filing" t4a-report --unfile ABCD1234

run t4a-report --year 2026 --format xml --filed
is_rc 0 "the original, recorded"
cp "$tmp/out" "$tmp/first.xml"
valid "the original" "$tmp/first.xml"
ref1=$(ref "$tmp/first.xml")

# Usage.
bad_quiet 64 '^t4a-report: --unfile: "ABC" is not exactly 8 letters and digits' \
    "--unfile of 3 characters" t4a-report --unfile ABC
bad_quiet 64 '^t4a-report: --unfile: "ABCD-123" is not exactly 8' \
    "--unfile with a dash" t4a-report --unfile ABCD-123
bad_quiet 64 '--year does not go with --unfile' "--unfile with --year" \
    t4a-report --unfile "$ref1" --year 2026
bad_quiet 64 '--dry-run does not go with --unfile' "--unfile with --dry-run" \
    t4a-report --unfile "$ref1" --dry-run
bad_quiet 64 '--unfile writes nothing: no --json or --format' \
    "--unfile with --json" t4a-report --unfile "$ref1" --json
bad_quiet 65 '^t4a-report: submission reference ZZZZ9999: no return is recorded as filed with it' \
    "an unknown reference" t4a-report --unfile ZZZZ9999

# The CRA rejects the first submission: Raven's surname was misspelt.
snap
run t4a-report --unfile "$ref1"
is_rc 0 "--unfile the rejected submission"
check "nothing on stdout" test ! -s "$tmp/out"
err_has "^t4a-report: 2026: submission $ref1 \\(2 slips, filed 2026-11-23\\) recorded as rejected: its slips are no longer on file" \
    "the note says what it did"
run sql "SELECT ref, year, slips, rejected_at FROM t4a_rejected"
is_rc 0 "the rejection is read"
is_outs "$ref1|2026|2|2026-11-23T12:00:00Z" "one rejection, with its slips"
run sql "SELECT count(*) FROM t4a_filed"
is_rc 0 "the filed slips are read"
is_outs 2 "the slips sent stay, as they were sent"
run sql "SELECT action, kind, $(json_col after ref), $(json_col after slips), tool FROM audit WHERE kind = 't4a_submission'"
is_rc 0 "the audit is read"
is_outs "reject|t4a_submission|$ref1|2|t4a-report" "audited"
run sql "DELETE FROM t4a_rejected"
is_fail "a rejection cannot be deleted"
run sql "UPDATE t4a_rejected SET ref = 'X'"
is_fail "nor edited"

bad_quiet 65 "^t4a-report: submission reference $ref1: already recorded as rejected on 2026-11-23" \
    "the same submission again" t4a-report --unfile "$ref1"
bad_quiet 65 '2026: no T4A slip is recorded as filed, so there is nothing to amend' \
    "nothing is on file: nothing to amend" t4a-report --year 2026 --format xml --amend
run t4a-report --year 2026 --check
is_rc 0 "the check is unchanged"

# Corrected and sent again: an original return of both slips, under a
# reference of its own.
ok_cmd peer-add -q --update Raven --surname Black
run t4a-report --year 2026 --format xml --filed
is_rc 0 "sent again, recorded"
cp "$tmp/out" "$tmp/second.xml"
valid "the return sent again" "$tmp/second.xml"
ref2=$(ref "$tmp/second.xml")
err_has "^t4a-report: 2026: original T4A return, 2 slips, 1500\\.00 in box 048, reference $ref2; recorded as filed$" \
    "an original return again, not an additional one"
check "another reference ($ref1, $ref2)" test "$ref1" != "$ref2"
check "both slips are original ones" test \
    "$(xpath 'count(//T4ASlip[rpt_tcd="O"])' "$tmp/second.xml")" = 2
check "with the surname corrected" test \
    "$(xpath 'string(//T4ASlip[1]/RCPNT_NM/snm)' "$tmp/second.xml")" = Black

# An amendment rejected: the slips on file are those of the return
# before it, and the amendment goes again.
ok_cmd honorarium-pay -q --peer Wren --amount 50.00 --date 2026-06-01
bad_quiet 65 "submission reference $ref1 was filed" \
    "the rejected submission's reference is not used again" \
    t4a-report --year 2026 --format xml --amend --filed --ref "$ref1"
run t4a-report --year 2026 --format xml --amend --filed
is_rc 0 "an amendment, recorded"
valid "the amendment" "$tmp/out"
ref3=$(ref "$tmp/out")
bad_quiet 65 "^t4a-report: submission reference $ref2: submission $ref3, filed after it on 2026-11-23, carries slips of the same recipients: record that one rejected first \\(--unfile $ref3\\)$" \
    "a submission a later one builds on" t4a-report --unfile "$ref2"
run t4a-report --unfile "$ref3"
is_rc 0 "the amendment rejected"
err_has "submission $ref3 \\(1 slip, filed 2026-11-23\\) recorded as rejected" \
    "one slip"
run t4a-report --year 2026 --format xml --amend
is_rc 0 "the amendment again"
cp "$tmp/out" "$tmp/again.xml"
valid "the amendment again" "$tmp/again.xml"
check "Wren's slip amended again" test \
    "$(xpath 'string(//T4ASlip[rpt_tcd="A"]/T4A_AMT/fee_or_oth_srvc_amt)' "$tmp/again.xml")" = 850.00
check "from the slip on file before it" sh -c \
    'grep -q "amount 800\.00 to 850\.00" "$1"' - "$tmp/err"
check "under another reference" test "$(ref "$tmp/again.xml")" != "$ref3"

done_testing
