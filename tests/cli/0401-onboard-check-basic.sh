#!/bin/sh
# onboard-check: a peer's checklist by role; steps done, undone and
# waived, all audited and none deleted; renewals; the exit status that
# answers "is anything due?".
. "$(dirname "$0")/lib.sh"

# BY is the login name of whoever runs the tests: pad it like the table.
me=$(id -un)
w=${#me}
[ "$w" -lt 2 ] && w=2
pad() { printf "%-${w}s" "$1"; }

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Wren --role participant
ok_cmd peer-add --alias Ash

run onboard-check Wren
is_rc 1 "a new participant has items due"
is_outs "KEY                    STATUS    DONE  EXPIRES  BY  TITLE
job-description        due       -     -        -   Job description reviewed
orientation            due       -     -        -   Orientation checklist completed
confidentiality        due       -     -        -   Confidentiality agreement signed
payment-setup          due       -     -        -   Payment set-up (bank-account support offered)
transit-reimbursement  optional  -     -        -   Transit reimbursement process explained" \
    "a participant: the items for all roles; one that does not block is optional"
cp "$tmp/out" "$tmp/participant"

run onboard-check Ash
is_rc 1 "a peer with no role"
is_out "$tmp/participant" "gets the items for all roles only"

run onboard-check Raven --json
is_rc 1 "a new peer worker"
cp "$tmp/out" "$tmp/raven.jsonl"
run jq -r .key "$tmp/raven.jsonl"
is_rc 0 "the keys are read"
thru paste -sd' ' -
is_outs "job-description orientation confidentiality team-agreement payment-setup photo-id harm-reduction trauma-informed-care cultural-safety overdose-response mentor transit-reimbursement criminal-record-check" \
    "a peer worker's items, in checklist order (no business cards, no benefits)"
check "the criminal record check is optional, never due" \
    jq -se 'map(select(.key == "criminal-record-check"))[0] | .status == "optional" and .blocks == false' "$tmp/raven.jsonl"

# Steps at intake: several at once, one date, one note.
run onboard-check Wren --done job-description --done orientation \
    --done confidentiality --date 2026-11-02 --note "at intake"
is_rc 0 "three items done in one command"
is_outs "KEY              STATUS  DONE        EXPIRES  $(pad BY)  TITLE
job-description  done    2026-11-02  -        $(pad "$me")  Job description reviewed
orientation      done    2026-11-02  -        $(pad "$me")  Orientation checklist completed
confidentiality  done    2026-11-02  -        $(pad "$me")  Confidentiality agreement signed" \
    "prints the items as they now stand, by whom"
run onboard-check Wren
is_rc 1 "payment set-up is still due"

run onboard-check Wren --waive payment-setup --reason "paid in cash; declined set-up" --json
is_rc 0 "--waive with a reason"
is_outs '{"peer_id":2,"alias":"Wren","role":"participant","key":"payment-setup","title":"Payment set-up (bank-account support offered)","blocks":true,"valid_for":null,"status":"waived","done_on":null,"expires_on":null,"waived_on":"2026-11-23","by":"'"$me"'","note":"paid in cash; declined set-up"}' \
    "the waived item as JSON"

run onboard-check Wren
is_rc 0 "nothing due: the answer is yes"
is_outs "KEY                    STATUS    DONE        EXPIRES  $(pad BY)  TITLE
job-description        done      2026-11-02  -        $(pad "$me")  Job description reviewed
orientation            done      2026-11-02  -        $(pad "$me")  Orientation checklist completed
confidentiality        done      2026-11-02  -        $(pad "$me")  Confidentiality agreement signed
payment-setup          waived    -           -        $(pad "$me")  Payment set-up (bank-account support offered)
transit-reimbursement  optional  -           -        $(pad -)  Transit reimbursement process explained" \
    "done, waived and optional"

run onboard-check Wren --undo orientation --note "signed the wrong form"
is_rc 0 "--undo"
is_outs "KEY          STATUS  DONE  EXPIRES  BY  TITLE
orientation  due     -     -        -   Orientation checklist completed" \
    "an undone item is due again"
run onboard-check 2
is_rc 1 "something is due again (REF by id)"

check "nothing is deleted: five steps on record" \
    test "$(sql "select item || '/' || action from onboarding order by id" | paste -sd ' ')" \
    = "job-description/done orientation/done confidentiality/done payment-setup/waive orientation/undo"
check "every step is audited, with who and which tool" \
    test "$(sql "select action || '/' || who || '/' || tool from audit where kind = 'onboarding' order by id" | paste -sd ' ')" \
    = "done/$me/onboard-check done/$me/onboard-check done/$me/onboard-check waive/$me/onboard-check undo/$me/onboard-check"
check "the audit of the undo keeps the step before and after" \
    test "$(sql "select '[' || before || ',' || after || ']' from audit where action = 'undo'" | jq -r '"\(.[0].action)>\(.[1].action) \(.[1].note)"')" \
    = "done>undo signed the wrong form"
check "the timestamps come from the clock" \
    test "$(sql "select distinct created_at from onboarding")" = 2026-11-23T12:00:00Z

# --dry-run prints what would be stored and stores nothing.
snap
run onboard-check Wren --done orientation --dry-run --json
is_rc 0 "--dry-run"
check "prints the item as it would stand" jq -e '.status == "done" and .done_on == "2026-11-23"' "$tmp/out"
err_has 'dry run: nothing written' "says nothing was written"
unchanged "--dry-run"

# Renewals: overdose response training lapses after 12 months.
run onboard-check Raven --done job-description --done orientation \
    --done confidentiality --done team-agreement --done payment-setup \
    --done harm-reduction --done trauma-informed-care \
    --done cultural-safety --done mentor --date 2026-10-01
is_rc 0 "a peer worker's other items done"
run onboard-check Raven --done overdose-response --date 2025-12-10 --json
is_rc 0 "training done almost a year ago"
check "it expires a year after" jq -e '.status == "expiring" and .done_on == "2025-12-10" and .expires_on == "2026-12-10" and .valid_for == "12 months"' "$tmp/out"
run onboard-check Raven
is_rc 0 "expiring alone is not a no"
run onboard-check Raven
is_rc 0 "the table again"
thru grep overdose
is_outs "overdose-response      expiring  2025-12-10  2026-12-10  $(pad "$me")  Overdose response / naloxone training" \
    "the row shows when it lapses"
run onboard-check Raven --within 10 --json
is_rc 0 "--within 10: nothing due"
thru jq -r 'select(.key == "overdose-response") | .status'
is_outs done "--within 10: not yet expiring"
run onboard-check Raven --today 2026-12-10
is_rc 1 "the day it lapses it is expired"
run onboard-check Raven --today 2026-12-10 --json
is_rc 1 "the day it lapses, as JSON"
thru jq -r 'select(.status != "done") | .key + " " + .status'
is_outs "photo-id optional
overdose-response expired
transit-reimbursement optional
criminal-record-check optional" "expired; the optional items stay optional"
run onboard-check Raven --done overdose-response --json
is_rc 0 "renewed today"
check "renewal: done again, a new expiry" jq -e '.status == "done" and .done_on == "2026-11-23" and .expires_on == "2027-11-23"' "$tmp/out"

# A role change changes which items apply; what was done stays done.
ok_cmd peer-add --update Wren --role peer-worker
run onboard-check Wren --json
is_rc 1 "a participant becomes a peer worker"
check "the worker's items now apply" jq -se 'length == 13' "$tmp/out"
check "items done as a participant are still done" jq -se 'map(select(.key == "job-description"))[0].status == "done"' "$tmp/out"
ok_cmd peer-add --update Wren --role participant
run onboard-check Wren --done team-agreement
is_rc 65 "a participant again: the worker's items are not needed"

# Output formats.
run onboard-check Wren --format csv
is_rc 1 "--format csv"
cp "$tmp/out" "$tmp/csv"
run sed -n '1p;3p' "$tmp/csv"
is_rc 0 "two lines of the CSV"
thru tr -d '\r'
is_outs "peer_id,alias,role,key,title,blocks,valid_for,status,done_on,expires_on,waived_on,by,note
2,Wren,participant,orientation,Orientation checklist completed,true,,due,,,,," \
    "CSV: every field, a header"
check "CSV lines end in CRLF" test "$(grep -c "$(printf '\r')\$" "$tmp/csv")" = 6
run onboard-check Wren --format json
is_rc 1 "--format json"
check "--format json is one array" jq -e 'length == 5' "$tmp/out"
run onboard-check Wren --done orientation --format table --json
is_rc 0 "the last format option wins"

# The built-in checklist is share/peerkit/onboarding.yaml, byte for byte:
# the same file named in a config gives the same answer.
printf 'onboarding: %s/share/peerkit/onboarding.yaml\n' "$top" >"$tmp/config.yaml"
run onboard-check Raven --json
is_rc 0 "the built-in checklist"
cp "$tmp/out" "$tmp/builtin"
run onboard-check --config "$tmp/config.yaml" Raven --json
is_rc 0 "the installed checklist named in a config"
is_out "$tmp/builtin" "the installed file and the built-in one agree"
run onboard-check --complete items
is_rc 0 "--complete items"
grep '^  - key: ' "$top/share/peerkit/onboarding.yaml" | sed 's/.*key: //' >"$tmp/keys"
is_out "$tmp/keys" "--complete items lists the keys"
run onboard-check --complete options
is_rc 0 "--complete options"
check "--complete options lists --done" grep -qx -- --done "$tmp/out"

run onboard-check --version
is_rc 0 "--version"
run onboard-check --help
is_rc 0 "--help"
check "--help shows the usage" grep -q '^usage: onboard-check' "$tmp/out"

done_testing
