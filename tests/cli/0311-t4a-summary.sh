#!/bin/sh
# t4a-report --summary: the T4A Summary lines for a paper return of the
# year's required slips (line 088, the box's total on line 048, or line
# 101 for code 028, tax deducted and remittances 0, the contact), the
# same totals as the XML return; a notice when more than five slips must
# be filed electronically; exit 1 while a slip is not ready, 78 for a bad
# payer, 64 for a bad command line; the store is never written.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

ok_cmd peerkit-keys --make
bad_quiet 66 'no store yet' "--summary without a store" \
    t4a-report --year 2026 --summary
peer() {	# peer N: a peer ready for a slip, paid 600.00 + N
	ok_cmd peer-add -q --alias "p$1" --surname "Surname$1" \
	    --sin "$(echo 130692544 130692551 130692569 130692577 130692585 \
	    130692593 | cut -d ' ' -f "$1")" \
	    --address-line1 "$1 Main St" --city Vancouver --province BC \
	    --postal-code "V6A 1A1"
	ok_cmd honorarium-pay -q --peer "p$1" --amount "60$1.00" \
	    --date 2026-03-01
}
peer 1
peer 2
ok_cmd honorarium-pay -q --peer p2 --amount 0.25 --date 2026-11-23
ok_cmd peer-add -q --alias Under --surname Low
ok_cmd honorarium-pay -q --peer Under --amount 500.00 --date 2026-03-01

snap
run t4a-report --year 2026 --summary
is_rc 0 "the summary of two slips"
is_out - "the lines of the T4A Summary" <<'EOT'
T4A Summary 2026, for a paper return of 2 slips

          Year                                   26
          Payer's account number                 123456789RP0001
          Name and address of payer              Example Harm Reduction Society
                                                 1 Main St
                                                 Vancouver BC  V6A 1A1

Line 088  Total number of T4A slips filed        2
Line 048  Fees for services (box 048)            1203.25
Line 101  Other information                      blank
Lines 016 to 046 (the other boxes)               blank
Line 022  Income tax deducted                    0.00
Line 082  Remittances                            0.00
          Difference (022 minus 082)             0.00
Line 084  Overpayment                            blank: no difference
Line 086  Balance due                            blank: no difference
Line 076  Person to contact about this return    Jane Doe
Line 078  Telephone number                       604-555-1234

Lines 074 and 075 (the SINs of proprietors or principal owners) are for a
Canadian-controlled private corporation or an unincorporated payer only.
A current officer of the payer signs the certification.
EOT
check "nothing on stderr" test ! -s "$tmp/err"
unchanged "the summary writes nothing"

# Box 028: the total is other information, line 101.
sed 's/box: "048"/box: "028"/; s/postal_code: V6A 1A1/postal_code: v6a1a1/' \
    "$data/t4a-config.yaml" >"$tmp/028.yaml"
run t4a-report --config "$tmp/028.yaml" --year 2026 --summary
is_rc 0 "box 028"
check "line 048 blank" grep -qx 'Line 048  Fees for services  *blank' "$tmp/out"
check "line 101 totals the code 028 amounts" \
    grep -qx 'Line 101  Other information (code 028)  *1203\.25' "$tmp/out"
check "the payer's postal code as the CRA prints it" \
    grep -qx ' *Vancouver BC  V6A 1A1' "$tmp/out"

# Six slips: a paper return is liable to a penalty.
peer 3
peer 4
peer 5
peer 6
run t4a-report --year 2026 --summary
is_rc 0 "the summary of six slips"
check "line 088: 6" grep -qx 'Line 088  Total number of T4A slips filed  *6' "$tmp/out"
check "line 048: their total" grep -qx 'Line 048  Fees for services (box 048)  *3621\.25' "$tmp/out"
err_has '^t4a-report: 2026: 6 slips: the CRA requires a return of more than 5 slips to be filed electronically \(Internet file transfer or Web Forms\); one on paper is liable to a penalty from \$125 \(6 to 50 slips\): file it with --format xml$' \
    "a notice says to file electronically"
cp "$tmp/out" "$tmp/summary.txt"
run t4a-report --year 2026 --format xml
is_rc 0 "the XML return of the same slips"
valid "the XML return of six slips" "$tmp/out"
check "the XML summary's count is line 088" test \
    "$(xpath 'string(//T4ASummary/slp_cnt)' "$tmp/out")" = 6
check "the XML summary's total is line 048" test \
    "$(xpath 'string(//T4ASummary/T4A_TAMT/rpt_tot_fee_srvc_amt)' "$tmp/out")" = 3621.25

# A slip not ready: the figures, and exit 1.
ok_cmd peer-add -q --alias Nameless
ok_cmd honorarium-pay -q --peer Nameless --amount 900.00 --date 2026-03-01
run t4a-report --year 2026 --summary
is_rc 1 "a slip not ready"
check "it is counted" grep -qx 'Line 088  Total number of T4A slips filed  *7' "$tmp/out"
err_has '^t4a-report: 2026: 1 of 7 required slips not ready: see --check$' \
    "the note says so"

# No slip required.
run t4a-report --year 2025 --summary
is_rc 0 "a year without slips"
check "nothing on stdout" test ! -s "$tmp/out"
err_has '^t4a-report: 2025: no slip required: no T4A Summary to file$' "says so"

# Bad input.
sed 's/postal_code: V6A 1A1/postal_code: "DFI OQU"/' "$data/t4a-config.yaml" >"$tmp/bad.yaml"
bad_quiet 78 'bad\.yaml: payer\.address\.postal_code: "DFI OQU" is not a Canadian postal code' \
    "a bad payer postal code" t4a-report --config "$tmp/bad.yaml" --year 2026 --summary
bad_quiet 78 'payer\.account_number: not set' "no payer" \
    t4a-report --config /dev/null --year 2026 --summary
bad_quiet 64 '--summary needs --year' "--summary without --year" \
    t4a-report --summary
bad_quiet 64 '--summary writes plain text: no --json or --format' \
    "--summary with --json" t4a-report --year 2026 --summary --json
bad_quiet 64 '--amend does not go with --summary' "--summary with --amend" \
    t4a-report --year 2026 --summary --amend
bad_quiet 64 'give one of --check, --slips, --format xml, --summary or --unfile' \
    "--summary with --slips" t4a-report --year 2026 --summary --slips

done_testing
