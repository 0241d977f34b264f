#!/bin/sh
# t4a-report: every bad input gets a message and a documented exit
# status, and the store is never touched: a year that is not a year
# (64), options that do not go together (64), payer details missing or
# malformed when a return or statements are asked for (78, naming the
# key).
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

ok_cmd peer-add --alias Kestrel --surname Smith --sin "130 692 544" \
    --address-line1 "12 Lake Rd" --city Kelowna --province BC \
    --postal-code "V1Y 1A1"
ok_cmd honorarium-pay -q --peer Kestrel --amount 600.00 --date 2026-03-01


# Usage.
bad_quiet 64 '^t4a-report: the report needs --year$' "no --year" t4a-report
check "a usage error shows the usage" grep -q '^usage: t4a-report --year YEAR' "$tmp/err"
for y in 20x6 26 1899 12026 2026-01 ""; do
	bad_quiet 64 "--year: year \"$y\": expected four digits" \
	    "--year \"$y\" is not a year" t4a-report --year "$y"
done
bad_quiet 64 '^t4a-report: --year: year "soon": expected four digits' \
    "a bad value is one line" t4a-report --year soon
lacks "without the usage" '^usage:' "$tmp/err"
bad_quiet 64 'the CRA takes T4A returns for 1966 to 2099' \
    "a return for a year the CRA's schema does not take" \
    t4a-report --year 1965 --format xml
bad_quiet 64 'unknown format "pdf"' "an unknown format" t4a-report --year 2026 --format pdf
bad_quiet 64 'unexpected argument "2026"' "a stray argument" t4a-report --year 2026 2026
bad_quiet 64 'give one of --check, --slips, --format xml' "--check with --slips" \
    t4a-report --year 2026 --check --slips
bad_quiet 64 'give one of --check, --slips, --format xml' "--check with xml" \
    t4a-report --year 2026 --check --format xml
bad_quiet 64 '--all does not go with --check \(it goes with the report\)' "--all with --check" \
    t4a-report --year 2026 --all --check
bad_quiet 64 '--amend does not go with the report \(it goes with --format xml\)' "--amend alone" \
    t4a-report --year 2026 --amend
bad_quiet 64 '--ref does not go with the report \(it goes with --format xml\)' "--ref alone" \
    t4a-report --year 2026 --ref ABC
bad_quiet 64 '--ref: "AB-12" is not exactly 8 letters and digits' "a --ref with a dash" \
    t4a-report --year 2026 --format xml --ref AB-12
# Nine digits read as a SIN: no message repeats one (0017).
bad_quiet 64 '--ref: "\*\*\*-\*\*\*-789" is not exactly 8' "a --ref of nine" \
    t4a-report --year 2026 --format xml --ref 123456789
bad_quiet 64 '--slips writes plain text' "--slips with --json" \
    t4a-report --year 2026 --slips --json
bad_quiet 64 'unrecognized option|unknown option' "an unknown option" \
    t4a-report --year 2026 --verbose
bad_quiet 64 'today' "a bad --today" t4a-report --year this-year --today 2026-02-30

# The payer, when a return is asked for.
cfg() {	# cfg SED-SCRIPT: a config derived from the test one
	sed "$1" "$data/t4a-config.yaml" >"$tmp/c.yaml"
}
bad_quiet 78 'payer\.account_number: not set; the T4A return needs the payer.s program account number' \
    "the built-in config has no payer" \
    t4a-report --config /dev/null --year 2026 --format xml
cfg '/account_number/d'
bad_quiet 78 "c\\.yaml: payer\\.account_number: not set" \
    "no payer.account_number: the file and the key" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
for acct in 123456789 123456789RT0001 12345678RP00012 ABCDEFGHIRP0001 \
    "123456789 RP0001" 123456789RP001; do
	cfg "s/123456789RP0001/$acct/"
	# Nine digits alone read as a SIN, and are masked (0017).
	shown=$(printf '%s' "$acct" | sed 's/^123456789\( \|$\)/\\*\\*\\*-\\*\\*\\*-789\1/')
	bad_quiet 78 "payer\\.account_number: \"$shown\" is not nine digits, RP and four digits" \
	    "payer.account_number \"$acct\"" \
	    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
done
cfg 's/name: Example Harm Reduction Society/name: ""/'
bad_quiet 78 'payer\.name: not set' "no payer.name" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
bad_quiet 78 'payer\.name: not set' "statements need the payer's name" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --slips
cfg 's/name: Example Harm Reduction Society/name: The Peer Workers, Drug Users and Harm Reduction Society of the Lower Mainland, the Islands and the North/'
bad_quiet 78 'payer\.name: does not fit the CRA.s three lines of 30' \
    "a payer name over 90 characters" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
cfg 's/city: Vancouver, //'
bad_quiet 78 'payer\.address\.city: not set' "no payer city" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
cfg 's/postal_code: V6A 1A1/postal_code: "V6A_1A1"/'
bad_quiet 78 'payer\.address\.postal_code: "V6A_1A1" is not a Canadian postal code' \
    "a bad payer postal code" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
cfg 's/phone: 604-555-1234/phone: 555-1234/'
bad_quiet 78 'payer\.contact\.phone: "555-1234" is not a ten-digit phone number' \
    "a phone without an area code" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
cfg 's/, email: jane@example.org//'
bad_quiet 78 'payer\.contact\.email: not set' "no contact email" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
cfg 's/email: jane@example.org/email: jane at example/'
bad_quiet 78 'payer\.contact\.email: "jane at example" is not an email address' \
    "a bad contact email" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
bad_quiet 66 'nothing\.yaml' "a config file that does not exist" \
    t4a-report --config "$tmp/nothing.yaml" --year 2026

# What is fine.
cfg 's/123456789RP0001/123456789rp0001/'
run t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
is_rc 0 "a lower-case rp is the same account"
check "written upper case" grep -q '<bn>123456789RP0001</bn>' "$tmp/out"
cfg 's/phone: 604-555-1234/phone: "+1 (604) 555-1234 ext. 210"/'
run t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
is_rc 0 "a phone with +1, parentheses and an extension"
check "split as the schema wants" sh -c "grep -q '<cntc_area_cd>604</cntc_area_cd>' '$tmp/out' &&
    grep -q '<cntc_phn_nbr>555-1234</cntc_phn_nbr>' '$tmp/out' &&
    grep -q '<cntc_extn_nbr>210</cntc_extn_nbr>' '$tmp/out'"
check "and valid" xmllint --noout --schema "$data/cra-xsd/T619_T4A.xsd" "$tmp/out"
run t4a-report --config /dev/null --year 2026
is_rc 0 "the report needs no payer"
run t4a-report --year 2026 --format xml --db "$tmp/none.db"
is_rc 66 "no store"
check "none is created" test ! -e "$tmp/none.db"
done_testing
