#!/bin/sh
# t4a-report --filed and --amend: a year's story on a real store.  The
# original return is filed and recorded; then a payment is voided (a
# peer drops to the threshold: slip cancelled, carrying what was filed),
# a SIN arrives (amended), a peer is paid more (amended), another moves
# (an address alone: no amendment), and a new peer crosses the threshold
# (an additional original return, not an amendment).  Every return is
# checked against the CRA's schema; every refusal leaves the store as it
# was.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

# One line per slip: return, recipient, report type, amount.
slips() {
	xmllint --xpath '//T4ASlip' "$1" 2>/dev/null | awk -F'[<>]' '
	    /<rcpnt_nbr>/ { id = $3 } /<rpt_tcd>/ { c = $3 }
	    /<fee_or_oth_srvc_amt>/ { print id, c, $3 }'
}
filed() {	# the slips on file, as recorded (a SIN sealed: its last 3)
	sql "SELECT peer_id, code, amount, \
	    surname, CASE WHEN sin_key IS NULL THEN sin ELSE sin || ' ' || \
	    substr(sin_key, 1, 3) || CASE WHEN length(sin_box) = 81 THEN \
	    ' sealed' ELSE ' damaged' END END, coalesce(city, '-') \
	    FROM t4a_filed ORDER BY id"
}

pay() { ok_cmd honorarium-pay -q "$@"; }
ok_cmd peer-add -q --alias Raven --surname Black --given-name Rae --sin "130 692 544" \
    --address-line1 "1 Alder St" --city Vancouver --province BC \
    --postal-code v6a1a1
ok_cmd peer-add -q --alias Moss --surname Ng --given-name Li \
    --sin-requested 2026-01-15
ok_cmd peer-add -q --alias Kestrel --surname Smith --sin "271 828 188"
ok_cmd peer-add -q --alias Wren --surname Wood --sin "193 456 787" \
    --address-line1 "9 Elm St" --city Victoria --province BC
ok_cmd peer-add -q --alias Sage --surname Sagebrush
pay --peer Raven --amount 300.00 --date 2026-03-01 --ref r1
pay --peer Raven --amount 400.00 --date 2026-04-01 --ref r2
pay --peer Moss --amount 510.25 --date 2026-08-01
pay --peer Kestrel --amount 600.00 --date 2026-08-01
pay --peer Wren --amount 800.00 --date 2026-05-01
pay --peer Sage --amount 100.00 --date 2026-08-01

# Nothing is recorded yet: no amendment.
bad_quiet 65 '2026: no T4A slip is recorded as filed, so there is nothing to amend' \
    "--amend before a filing" t4a-report --year 2026 --format xml --amend

# The original, recorded as it is written.
run t4a-report --year 2026 --format xml --filed --dry-run
is_rc 0 "--filed --dry-run"
cp "$tmp/out" "$tmp/dry.xml"
err_has '2026: original T4A return, 4 slips, 2610\.25 in box 048, reference 26[0-9A-Z]{6}; dry run: not recorded$' \
    "the note says nothing was recorded"
run filed
is_rc 0 "the slips on file are read"
check "nothing recorded" test ! -s "$tmp/out"
run t4a-report --year 2026 --format xml --filed
is_rc 0 "--filed: the original return"
cp "$tmp/out" "$tmp/original.xml"
valid "the original" "$tmp/original.xml"
is_out "$tmp/dry.xml" "the dry run printed exactly what is filed"
err_has '2026: original T4A return, 4 slips, 2610\.25 in box 048, reference 26[0-9A-Z]{6}; recorded as filed$' \
    "the note says it is recorded"
slips "$tmp/original.xml" >"$tmp/got"
printf '%s\n' "1 O 700.00" "2 O 510.25" "3 O 600.00" "4 O 800.00" >"$tmp/want"
check "four original slips" diff -u "$tmp/want" "$tmp/got"
run filed
is_rc 0 "the slips on file are read"
is_outs "1|O|70000|Black|********* 544 sealed|Vancouver
2|O|51025|Ng|000000000|-
3|O|60000|Smith|********* 188 sealed|-
4|O|80000|Wood|********* 787 sealed|Victoria" "one row per slip, as written, SINs sealed (zeros for Moss's none)"
ok_cmd xmllint --xpath 'string(//sbmt_ref_id)' "$tmp/original.xml"
ref1=$(cat "$tmp/ok.out")
check "the original's reference is 26 and six letters or digits ($ref1)" \
    sh -c 'printf "%s\n" "$1" | grep -Eqx "26[0-9A-Z]{6}"' - "$ref1"
check "the rows carry the submission reference" test \
    "$(sql "SELECT DISTINCT ref FROM t4a_filed")" = "$ref1"
# Each audit row names its slip's row, by id and uuid (the ids are not
# 1 to 4 on PostgreSQL, whose sequences keep the numbers a rolled back
# write took): the slip's peer is shown.
run sql "SELECT a.action, f.peer_id, $(json_col a.after code), \
    $(json_col a.after sin), a.tool FROM audit a JOIN t4a_filed f ON \
    f.id = a.record_id AND f.uuid = a.record_uuid \
    WHERE a.kind = 't4a_slip' ORDER BY a.id"
is_rc 0 "the audit is read"
is_outs "file|1|O|***-***-544|t4a-report
file|2|O||t4a-report
file|3|O|***-***-188|t4a-report
file|4|O|***-***-787|t4a-report" "audited, SINs masked"

# Filing the original again adds nothing: every slip is on file.
snap
run t4a-report --year 2026 --format xml --filed
is_rc 0 "the original again"
check "writes nothing" test ! -s "$tmp/out"
err_has '2026: every required slip is on file: no original return to add' \
    "and says why"
unchanged "the original again"
run t4a-report --year 2026 --format xml --amend
is_rc 0 "--amend with nothing changed"
check "writes nothing" test ! -s "$tmp/out"
err_has '2026: nothing to amend: the slips on file match the store' "says so"

# The corrections.
ok_cmd honorarium-pay -q --list --peer Raven --json
r2=$(jq -r 'select(.ref == "r2") | .id' "$tmp/ok.out")
ok_cmd honorarium-pay -q --void "$r2" --reason "paid twice"
echo "123 456 782" >"$tmp/sin"
ok_cmd peer-add -q --update Moss --sin - \
    --address-line1 "300 Hastings St" --city Vancouver --province BC \
    --postal-code "V6A 1A1" <"$tmp/sin"
pay --peer Kestrel --amount 100.00 --date 2026-09-15
ok_cmd peer-add -q --update Wren --address-line1 "12 Oak St"
pay --peer Sage --amount 450.00 --date 2026-09-15

# An original return now: only Sage, whose slip was never filed; the
# slips on file that changed are for --amend (exit 1).
snap
run t4a-report --year 2026 --format xml
is_rc 1 "the original return after corrections: amendments are due"
cp "$tmp/out" "$tmp/additional.xml"
valid "the additional original" "$tmp/additional.xml"
check "Sage alone, code O" test "$(slips "$tmp/additional.xml")" = "5 O 550.00"
check "its summary totals it alone" grep -q \
    '<rpt_tot_fee_srvc_amt>550.00</rpt_tot_fee_srvc_amt>' "$tmp/additional.xml"
err_has 'peer 1 \(Raven\): a slip is on file, but honoraria paid in 2026 now 300\.00, not over the 500\.00 threshold: it is cancelled in an amended return \(--amend\)' \
    "names the slip to cancel"
err_has 'peer 2 \(Moss\): the slip on file differs from the store \(SIN added\): it goes in an amended return' \
    "and the slips to amend"
err_has '2026: additional original T4A return, 1 slip, 550\.00 in box 048' \
    "an additional return"
err_has '2026: 3 slips on file no longer match the store: file an amended return \(--amend\)$' \
    "the count of slips to amend"
unchanged "the original return"

# The amended return: what changed, and what is no longer due.
run t4a-report --year 2026 --format xml --amend \
    --note "Payment of 2026-04-01 voided: paid twice."
is_rc 1 "--amend: Sage's slip still needs an original return"
cp "$tmp/out" "$tmp/amended.xml"
valid "the amended return" "$tmp/amended.xml"
sed '/<sbmt_ref_id>/d' "$tmp/amended.xml" >"$tmp/got"
cat >"$tmp/want" <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<Submission xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="layout-topologie.xsd">
  <T619>
    <TransmitterAccountNumber>
      <bn15>123456789RP0001</bn15>
    </TransmitterAccountNumber>
    <summ_cnt>2</summ_cnt>
    <lang_cd>E</lang_cd>
    <TransmitterName>
      <l1_nm>Example Harm Reduction Society</l1_nm>
    </TransmitterName>
    <TransmitterCountryCode>CAN</TransmitterCountryCode>
    <CNTC>
      <cntc_nm>Jane Doe</cntc_nm>
      <cntc_area_cd>604</cntc_area_cd>
      <cntc_phn_nbr>555-1234</cntc_phn_nbr>
      <cntc_email_area>jane@example.org</cntc_email_area>
    </CNTC>
  </T619>
  <Return>
    <T4A>
      <T4ASlip>
        <RCPNT_NM>
          <snm>Ng</snm>
          <gvn_nm>Li</gvn_nm>
        </RCPNT_NM>
        <sin>123456782</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <RCPNT_ADDR>
          <addr_l1_txt>300 Hastings St</addr_l1_txt>
          <cty_nm>Vancouver</cty_nm>
          <prov_cd>BC</prov_cd>
          <cntry_cd>CAN</cntry_cd>
          <pstl_cd>V6A 1A1</pstl_cd>
        </RCPNT_ADDR>
        <rcpnt_nbr>2</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>A</rpt_tcd>
        <T4A_AMT>
          <fee_or_oth_srvc_amt>510.25</fee_or_oth_srvc_amt>
        </T4A_AMT>
      </T4ASlip>
      <T4ASlip>
        <RCPNT_NM>
          <snm>Smith</snm>
        </RCPNT_NM>
        <sin>271828188</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <rcpnt_nbr>3</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>A</rpt_tcd>
        <T4A_AMT>
          <fee_or_oth_srvc_amt>700.00</fee_or_oth_srvc_amt>
        </T4A_AMT>
      </T4ASlip>
      <T4ASummary>
        <bn>123456789RP0001</bn>
        <PAYR_NM>
          <l1_nm>Example Harm Reduction Society</l1_nm>
        </PAYR_NM>
        <PAYR_ADDR>
          <addr_l1_txt>1 Main St</addr_l1_txt>
          <cty_nm>Vancouver</cty_nm>
          <prov_cd>BC</prov_cd>
          <cntry_cd>CAN</cntry_cd>
          <pstl_cd>V6A 1A1</pstl_cd>
        </PAYR_ADDR>
        <CNTC>
          <cntc_nm>Jane Doe</cntc_nm>
          <cntc_area_cd>604</cntc_area_cd>
          <cntc_phn_nbr>555-1234</cntc_phn_nbr>
        </CNTC>
        <tx_yr>2026</tx_yr>
        <slp_cnt>2</slp_cnt>
        <rpt_tcd>A</rpt_tcd>
        <fileramendmentnote>Payment of 2026-04-01 voided: paid twice. Amended slips: Ng, Li (recipient 2): SIN added. Smith (recipient 3): amount 600.00 to 700.00.</fileramendmentnote>
        <T4A_TAMT>
          <rpt_tot_fee_srvc_amt>1210.25</rpt_tot_fee_srvc_amt>
        </T4A_TAMT>
      </T4ASummary>
    </T4A>
  </Return>
  <Return>
    <T4A>
      <T4ASlip>
        <RCPNT_NM>
          <snm>Black</snm>
          <gvn_nm>Rae</gvn_nm>
        </RCPNT_NM>
        <sin>130692544</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <RCPNT_ADDR>
          <addr_l1_txt>1 Alder St</addr_l1_txt>
          <cty_nm>Vancouver</cty_nm>
          <prov_cd>BC</prov_cd>
          <cntry_cd>CAN</cntry_cd>
          <pstl_cd>V6A 1A1</pstl_cd>
        </RCPNT_ADDR>
        <rcpnt_nbr>1</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>C</rpt_tcd>
        <T4A_AMT>
          <fee_or_oth_srvc_amt>700.00</fee_or_oth_srvc_amt>
        </T4A_AMT>
      </T4ASlip>
      <T4ASummary>
        <bn>123456789RP0001</bn>
        <PAYR_NM>
          <l1_nm>Example Harm Reduction Society</l1_nm>
        </PAYR_NM>
        <PAYR_ADDR>
          <addr_l1_txt>1 Main St</addr_l1_txt>
          <cty_nm>Vancouver</cty_nm>
          <prov_cd>BC</prov_cd>
          <cntry_cd>CAN</cntry_cd>
          <pstl_cd>V6A 1A1</pstl_cd>
        </PAYR_ADDR>
        <CNTC>
          <cntc_nm>Jane Doe</cntc_nm>
          <cntc_area_cd>604</cntc_area_cd>
          <cntc_phn_nbr>555-1234</cntc_phn_nbr>
        </CNTC>
        <tx_yr>2026</tx_yr>
        <slp_cnt>1</slp_cnt>
        <rpt_tcd>A</rpt_tcd>
        <fileramendmentnote>Payment of 2026-04-01 voided: paid twice. Cancelled slips: Black, Rae (recipient 1): honoraria paid in 2026 now 300.00, not over the 500.00 threshold.</fileramendmentnote>
        <T4A_TAMT>
          <rpt_tot_fee_srvc_amt>700.00</rpt_tot_fee_srvc_amt>
        </T4A_TAMT>
      </T4ASummary>
    </T4A>
  </Return>
</Submission>
EOT
check "the whole amended return: Moss and Kestrel amended (A), Raven cancelled (C) with the slip as filed, each return totalling its own slips; Wren (address only) and Sage (never filed) left out" \
    diff -u "$tmp/want" "$tmp/got"
ref2=$(xmllint --xpath 'string(//sbmt_ref_id)' "$tmp/amended.xml")
check "a reference of its own" test "$ref2" != "$ref1" -a "${ref2#26}" != "$ref2"
err_has 'peer 1 \(Raven\): cancelled: honoraria paid in 2026 now 300\.00, not over the 500\.00 threshold$' \
    "a note per slip cancelled"
err_has 'peer 3 \(Kestrel\): amended: amount 600\.00 to 700\.00$' \
    "and per slip amended"
err_has 'peer 5 \(Sage\): needs a slip and none is on file: it goes in an original return \(without --amend\)' \
    "the slip never filed is named"
err_has '2026: amended T4A return, 2 amended slips \(1210\.25\), 1 cancelled \(700\.00\), box 048, reference 26[0-9A-Z]{6}$' \
    "a note sums it up"
err_has '2026: 1 required slip not on file: it goes in an original return \(run without --amend\)$' \
    "and says what is left"
lacks "Wren's new address alone is no amendment" 'rcpnt_nbr>4<' \
    "$tmp/amended.xml"
unchanged "the amended return"

# Recorded: the same file, and the slips on file follow.
run t4a-report --year 2026 --format xml --amend \
    --note "Payment of 2026-04-01 voided: paid twice." --filed
is_rc 1 "--amend --filed (Sage still pending)"
is_out "$tmp/amended.xml" "records exactly the return it prints"
err_has 'reference 26[0-9A-Z]{6}; recorded as filed$' "the note says recorded"
run filed
is_rc 0 "the slips on file are read"
thru tail -n 3
is_outs "1|C|70000|Black|********* 544 sealed|Vancouver
2|A|51025|Ng|********* 782 sealed|Vancouver
3|A|70000|Smith|********* 188 sealed|-" "in peer order: A for the amended slips, C for the cancelled one, as filed"
run sql "SELECT action, $(json_col before code), \
    $(json_col before sin), $(json_col after code), \
    $(json_col after sin) FROM audit WHERE kind = 't4a_slip' \
    AND action != 'file' ORDER BY id"
is_rc 0 "the audit is read"
is_outs "cancel|O|***-***-544|C|***-***-544
amend|O||A|***-***-782
amend|O|***-***-188|A|***-***-188" "audited with the slip on file before and after, SINs masked"
snap
run t4a-report --year 2026 --format xml --amend --filed
is_rc 1 "amending again: only Sage is left"
check "writes nothing" test ! -s "$tmp/out"
err_has '2026: nothing to amend: the slips on file match the store' "says so"
unchanged "amending again"

# Sage's slip, in an additional original return of its own.
run t4a-report --year 2026 --format xml --filed
is_rc 0 "the additional original, recorded"
check "Sage alone" test "$(slips "$tmp/out")" = "5 O 550.00"
valid "the additional original" "$tmp/out"
check "recorded" test "$(filed | tail -n 1)" = "5|O|55000|Sagebrush|000000000|-"
snap
run t4a-report --year 2026 --format xml
is_rc 0 "everything on file"
check "nothing more to file" test ! -s "$tmp/out"
run t4a-report --year 2026 --format xml --amend
is_rc 0 "and nothing to amend"
check "writes nothing" test ! -s "$tmp/out"
unchanged "once all is filed"

# A slip cancelled and due again is an original once more.
pay --peer Raven --amount 250.00 --date 2026-10-01
run t4a-report --year 2026 --format xml
is_rc 0 "Raven, cancelled, due again"
check "an original slip" test "$(slips "$tmp/out")" = "1 O 550.00"

# Refusals.
bad_quiet 74 '<stdout>: write error: nothing recorded as filed' \
    "--filed when the return cannot be written" \
    sh -c 't4a-report --year 2026 --format xml --filed >/dev/full'
bad_quiet 64 '--filed does not go with the report \(it goes with --format xml\)' "--filed without xml" \
    t4a-report --year 2026 --filed
bad_quiet 64 '--filed does not go with the report \(it goes with --format xml\)' "--filed with the report as JSON" \
    t4a-report --year 2026 --filed --json
bad_quiet 64 '--note goes with --amend' "--note on an original" \
    t4a-report --year 2026 --format xml --note "why"
bad_quiet 64 '--note does not go with the report \(it goes with --format xml\)' "--note alone" \
    t4a-report --year 2026 --note "why"
bad_quiet 64 '--note: 1 to 2000 characters' "an empty --note" \
    t4a-report --year 2026 --format xml --amend --note ""
long=$(awk 'BEGIN { while (n++ < 2001) printf "é" }')
bad_quiet 64 '--note: 1 to 2000 characters' "a --note of 2001 characters" \
    t4a-report --year 2026 --format xml --amend --note "$long"
bad_quiet 64 '--dry-run goes with --filed' "--dry-run alone" \
    t4a-report --year 2026 --format xml --dry-run
bad_quiet 65 "submission reference $ref1 was filed on 2026-11-23: the CRA wants a new one for each submission" \
    "--filed with a reference used before" \
    t4a-report --year 2026 --format xml --filed --ref "$ref1"
bad_quiet 65 '2025: no T4A slip is recorded as filed' "--amend for a year not filed" \
    t4a-report --year 2025 --format xml --amend
sed 's/box: "048"/box: "028"/' "$data/t4a-config.yaml" >"$tmp/028.yaml"
bad_quiet 78 't4a\.box: 028, but the 2026 slips on file were filed in box 048: the CRA takes no amendment that changes the kind of income' \
    "another box than the one filed" \
    t4a-report --config "$tmp/028.yaml" --year 2026 --format xml --amend
sed 's/123456789RP0001/123456789RP0002/' "$data/t4a-config.yaml" >"$tmp/rp2.yaml"
bad_quiet 78 'payer\.account_number: 123456789RP0002, but the 2026 slips on file were filed under 123456789RP0001' \
    "another account than the one filed" \
    t4a-report --config "$tmp/rp2.yaml" --year 2026 --format xml --amend --filed
bad_quiet 66 'no store yet' "--filed without a store" \
    t4a-report --db "$tmp/none.db" --year 2026 --format xml --filed
check "none is created" test ! -e "$tmp/none.db"
run sql "DELETE FROM t4a_filed"
is_fail "deleting a filed slip with sqlite3 or psql"
check "the store refuses to delete a filed slip" grep -q \
    'filed slips are amended or cancelled, never deleted' "$tmp/err"
done_testing
