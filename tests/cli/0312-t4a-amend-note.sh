#!/bin/sh
# t4a-report --amend: the amendment note is the CRA's 2000 characters
# at most.  With 60 amended slips it names the recipients that fit,
# whole, says how many more there are, and warns on stderr how many it
# names of how many; a --note that leaves no room is cut between
# characters.  Every return is valid against the CRA's schema.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

note() {	# note FILE: the amendment note's text
	xpath 'string(//T4ASummary/fileramendmentnote)' "$1"
}
chars() {	# chars FILE: the note's length in characters
	xpath 'string-length(//T4ASummary/fileramendmentnote)' "$1"
}

ok_cmd peerkit-keys --make
i=1
while [ $i -le 60 ]; do
	ok_cmd peer-add -q --alias "peer$i" --surname "Éthier-Gagné$i" \
	    --given-name "Zoë" --city Montréal --province QC
	ok_cmd honorarium-pay -q --peer "peer$i" --amount 600.00 --date 2026-03-01
	i=$((i + 1))
done
run t4a-report --year 2026 --format xml --filed
is_rc 0 "the original return of 60 slips, recorded"
valid "the original return of 60 slips" "$tmp/out"

# Each is paid more: 60 amended slips.
i=1
while [ $i -le 60 ]; do
	ok_cmd honorarium-pay -q --peer "peer$i" --amount 10.00 --date 2026-04-01
	i=$((i + 1))
done
snap
run t4a-report --year 2026 --format xml --amend
is_rc 0 "an amendment of 60 slips"
cp "$tmp/out" "$tmp/amend.xml"
valid "an amendment of 60 slips" "$tmp/amend.xml"
unchanged "an amendment not recorded"
check "60 amended slips" test "$(xpath 'count(//T4ASlip[rpt_tcd="A"])' "$tmp/amend.xml")" = 60
n=$(note "$tmp/amend.xml" | grep -o '(recipient [0-9]*)' | wc -l)
check "the note names whole recipients ($n)" test "$n" -ge 10 -a "$n" -lt 60
check "the note is at most 2000 characters ($(chars "$tmp/amend.xml"))" \
    test "$(chars "$tmp/amend.xml")" -le 2000
check "it ends saying how many more" sh -c \
    'printf "%s\n" "$1" | grep -q " And $2 more recipients, not named here (the CRA takes 2000 characters)\.$"' \
    - "$(note "$tmp/amend.xml")" "$((60 - n))"
check "the last named entry is whole" sh -c \
    'printf "%s\n" "$1" | grep -q "Éthier-Gagné$2, Zoë (recipient $2): amount 600\.00 to 610\.00\. And"' \
    - "$(note "$tmp/amend.xml")" "$n"
err_has "^t4a-report: the note of the amended slips return is cut at the CRA's 2000 characters: it names $n of the 60 recipients$" \
    "a warning says how many it names of how many"

# A --note of 2000 characters leaves no room for a name: cut between
# characters, and said.
long=$(awk 'BEGIN { while (n++ < 2000) printf "é" }')
run t4a-report --year 2026 --format xml --amend --note "$long"
is_rc 0 "a --note of 2000 characters"
valid "a --note of 2000 characters" "$tmp/out"
check "the note is 2000 characters" test "$(chars "$tmp/out")" = 2000
check "ending in ..." sh -c 'printf "%s\n" "$1" | grep -q "éé\.\.\.$"' - \
    "$(note "$tmp/out")"
err_has "^t4a-report: the note of the amended slips return is cut at the CRA's 2000 characters: it names none of the 60 recipients$" \
    "a warning says it names none"

# A short amendment says nothing about its note.
ok_cmd honorarium-pay -q --peer peer1 --amount 5.00 --date 2026-05-01
run t4a-report --year 2026 --format xml --amend --filed
is_rc 0 "the amendment recorded"
valid "the amendment recorded" "$tmp/out"
ok_cmd honorarium-pay -q --peer peer1 --amount 5.00 --date 2026-06-01
run t4a-report --year 2026 --format xml --amend --note "Payments missed"
is_rc 0 "one amended slip after that"
valid "one amended slip" "$tmp/out"
check "the note is whole" test "$(note "$tmp/out")" = \
    "Payments missed Amended slips: Éthier-Gagné1, Zoë (recipient 1): amount 615.00 to 620.00."
lacks "no word about the note" "note" "$tmp/err"

done_testing
