#!/bin/sh
# A legal surname or an address written only in letters the CRA's
# return cannot carry (Chinese, Cyrillic, syllabics) is not on file as
# far as the slip goes: pk_cra_text sends it as "", and an empty
# surname fails the CRA's schema.  So the one rule of readiness says
# "missing ... in letters the CRA's return takes (Latin)", and the
# payment that crosses the threshold, t4a-report --check and the return
# all say the same: no return is written that the CRA would refuse.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
ok_cmd peerkit-keys --make

printf '565656501\n' >"$tmp/sin"
ok_cmd peer-add --alias Li --surname "李" --given-name "小龙" \
    --address-line1 "1 Main St" --city Vancouver --province BC \
    --postal-code V6A1N5 --sin - <"$tmp/sin"
ok_cmd honorarium-pay -q --peer Li --amount 400.00 --method etransfer \
    --date 2026-03-01
run honorarium-pay --peer Li --amount 200.00 --method etransfer \
    --date 2026-04-01
is_rc 0 "the payment that crosses the threshold is made"
err_has "missing for the slip: legal surname in letters the CRA's return takes \(Latin\)$" \
    "and warns that the surname is not in letters the return takes"

run t4a-report --year 2026 --check --json
is_rc 1 "--check: a slip is not ready"
thru jq -c '[.ready, .missing]'
is_outs '[false,["surname","latin"]]' "not ready: the surname, in Latin letters"
run t4a-report --year 2026 --check
is_rc 1 "--check as a table"
grep -q 'surname,latin' "$tmp/out"
t_result $? "the table says surname,latin"

bad_quiet 65 'without a legal surname \(in Latin letters, as the CRA.s return takes it\).*peer 1 \(Li\)' \
    "no return with a surname the CRA cannot read" \
    t4a-report --year 2026 --format xml
bad 65 'peer 1 \(Li\)' "nor with -o" \
    t4a-report --year 2026 --format xml -o "$tmp/r.xml"
check "no file is left by the refusal" test ! -e "$tmp/r.xml"

# Latin letters only once the rest is mapped: "李-" is sent as "-", a
# slip that names nobody, and a city "温哥华 2" as "2".
ok_cmd peer-add -q --update Li --surname "李-"
run t4a-report --year 2026 --check --json
is_rc 1 "a surname with no letter the return takes, but a hyphen"
thru jq -c '.missing'
is_outs '["surname","latin"]' "is no surname"

# The surname as the CRA's records spell it: ready, and the return valid.
ok_cmd peer-add -q --update Li --surname "Li"
run t4a-report --year 2026 --check --json
is_rc 0 "ready with the surname in Latin letters"
ok_cmd t4a-report --year 2026 --format xml -o "$tmp/r.xml"
valid "the return" "$tmp/r.xml"
check "the given name, in Chinese only, is left out of the return" \
    test "$(xpath 'string(//RCPNT_NM/gvn_nm)' "$tmp/r.xml")" = ""
check "the surname is sent" \
    test "$(xpath 'string(//RCPNT_NM/snm)' "$tmp/r.xml")" = Li

# The same for the address: a city in Chinese letters only.
ok_cmd peer-add -q --update Li --city "温哥华"
run t4a-report --year 2026 --check --json
is_rc 1 "a city in Chinese letters only: not ready"
thru jq -c '.missing'
is_outs '["address","latin"]' "the address, in Latin letters"
ok_cmd peer-add -q --update Li --city "温哥华 2"
run t4a-report --year 2026 --check --json
is_rc 1 "a city of Chinese letters and a digit: not ready"
thru jq -c '.missing'
is_outs '["address","latin"]' "the address, in Latin letters"
# Some Latin letters are enough: the rest is mapped, with a warning.
ok_cmd peer-add -q --update Li --city "Vancouver 温哥华"
run t4a-report --year 2026 --check --json
is_rc 0 "a city with Latin letters in it is ready"
done_testing
