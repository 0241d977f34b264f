#!/bin/sh
# t4a-report --format xml: the CRA T619 T4A return, validated against
# the CRA's schema; recipient text mapped to the CRA's characters, cut
# and escaped; a peer without a SIN gets zeros; a slip without a surname is refused; --ref, box 028; the
# summary is the sum of the slips; the transmitter is the payer's bn15.
# Amended returns are in 0305.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

ok_cmd peer-add --alias "Kés & <Trél> \"K\" 'k'" \
    --surname "O'Brien & <Sons> Smithsonian-Longfellow" \
    --given-name "Élodie-Marguerite" --initial É --sin "130 692 544" \
    --address-line1 '12 "Lake" Rd & Unit 4, Rear Building' \
    --address-line2 "c/o Downtown Eastside Women's Centre" \
    --city "Saint-Jean-Baptiste-de-Rouville-Nord" --province qc \
    --postal-code h2x1y4
ok_cmd peer-add --alias Moss --surname Ng --given-name Li --city Vancouver \
    --sin-requested 2026-01-15 --sin-requested 2026-02-20
ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Sage --sin "271 828 188"
pay() { ok_cmd honorarium-pay -q "$@"; }
pay --peer 1 --amount 600.00 --date 2026-03-01
pay --peer 1 --amount 250.50 --date 2026-10-01
pay --peer Moss --amount 510.25 --date 2026-08-01
pay --peer Raven --amount 100.00 --date 2026-08-01
pay --peer Sage --amount 700.00 --date 2026-08-02

snap
run t4a-report --year 2026 --format xml
is_rc 65 "a required slip without a legal surname"
err_has '1 required slip without a legal surname \(in Latin letters, as the CRA.s return takes it\), or with its SIN on two records, cannot be filed: peer 4 \(Sage\); add the surname \(peer-add --update ID --surname NAME\) or merge the records \(peer-add --merge DUP --into KEEP\) and run again$' \
    "the message names the peer"
check "nothing on stdout" test ! -s "$tmp/out"
unchanged "a refused return"

ok_cmd peer-add --update Sage --surname Sagebrush
snap
run t4a-report --year 2026 --format xml
is_rc 0 "the return"
cp "$tmp/out" "$tmp/t4a.xml"
valid "the return" "$tmp/t4a.xml"
cat >"$tmp/want" <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<Submission xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="layout-topologie.xsd">
  <T619>
    <sbmt_ref_id>26EX8CK5</sbmt_ref_id>
    <TransmitterAccountNumber>
      <bn15>123456789RP0001</bn15>
    </TransmitterAccountNumber>
    <summ_cnt>1</summ_cnt>
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
          <snm>O&apos;Brien &amp; Sons Smith</snm>
          <gvn_nm>Élodie-Margu</gvn_nm>
          <init>É</init>
        </RCPNT_NM>
        <sin>130692544</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <RCPNT_ADDR>
          <addr_l1_txt>12 &apos;Lake&apos; Rd &amp; Unit 4 Rear Bui</addr_l1_txt>
          <addr_l2_txt>c/o Downtown Eastside Women&apos;s</addr_l2_txt>
          <cty_nm>Saint-Jean-Baptiste-de-Rouvi</cty_nm>
          <prov_cd>QC</prov_cd>
          <cntry_cd>CAN</cntry_cd>
          <pstl_cd>H2X 1Y4</pstl_cd>
        </RCPNT_ADDR>
        <rcpnt_nbr>1</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>O</rpt_tcd>
        <T4A_AMT>
          <fee_or_oth_srvc_amt>850.50</fee_or_oth_srvc_amt>
        </T4A_AMT>
      </T4ASlip>
      <T4ASlip>
        <RCPNT_NM>
          <snm>Ng</snm>
          <gvn_nm>Li</gvn_nm>
        </RCPNT_NM>
        <sin>000000000</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <RCPNT_ADDR>
          <cty_nm>Vancouver</cty_nm>
          <cntry_cd>CAN</cntry_cd>
        </RCPNT_ADDR>
        <rcpnt_nbr>2</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>O</rpt_tcd>
        <T4A_AMT>
          <fee_or_oth_srvc_amt>510.25</fee_or_oth_srvc_amt>
        </T4A_AMT>
      </T4ASlip>
      <T4ASlip>
        <RCPNT_NM>
          <snm>Sagebrush</snm>
        </RCPNT_NM>
        <sin>271828188</sin>
        <rcpnt_bn>000000000RP0000</rcpnt_bn>
        <rcpnt_nbr>4</rcpnt_nbr>
        <bn>123456789RP0001</bn>
        <rpt_tcd>O</rpt_tcd>
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
        <slp_cnt>3</slp_cnt>
        <rpt_tcd>O</rpt_tcd>
        <T4A_TAMT>
          <rpt_tot_fee_srvc_amt>2060.75</rpt_tot_fee_srvc_amt>
        </T4A_TAMT>
      </T4ASummary>
    </T4A>
  </Return>
</Submission>
EOT
is_out "$tmp/want" "the whole return: text cut to 20, 12, 1, 30, 28 characters, < > and quotes mapped, and escaped; zeros for no SIN"
err_has 'peer 2 \(Moss\): no SIN on file: the slip carries 000000000 \(SIN requested on 2026-01-15, 2026-02-20\)' \
    "a missing SIN is a warning with the dates it was asked for"
err_has 'peer 4 \(Sage\): no full address on file' "so is a missing address"
err_has '2026: original T4A return, 3 slips, 2060\.75 in box 048, reference 26[0-9A-Z]{6}$' \
    "a note sums it up"
unchanged "the return"
lacks "the alias is not in the return" 'Trél' "$tmp/t4a.xml"
check "the summary total is the sum of the slips" test \
    "$(xpath 'sum(//T4ASlip/T4A_AMT/fee_or_oth_srvc_amt)' "$tmp/t4a.xml")" = \
    "$(xpath 'number(//T4ASummary/T4A_TAMT/rpt_tot_fee_srvc_amt)' "$tmp/t4a.xml")"
check "the slip count is the number of slips" test \
    "$(xpath 'count(//T4ASlip)' "$tmp/t4a.xml")" = \
    "$(xpath 'string(//slp_cnt)' "$tmp/t4a.xml")"
check "every slip and the summary carry the payer's account" test \
    "$(xpath 'count(//bn[. = "123456789RP0001"])' "$tmp/t4a.xml")" = 4
check "no amendment note in an original return" test \
    "$(xpath 'count(//fileramendmentnote)' "$tmp/t4a.xml")" = 0

run t4a-report --year 2026 --format xml --quiet
is_rc 0 "the return again, --quiet"
is_out "$tmp/t4a.xml" "the same store gives the same file, reference included"
check "--quiet: no warnings" test ! -s "$tmp/err"

# An amendment needs to know what was filed: nothing is recorded here.
snap
run t4a-report --year 2026 --format xml --amend
is_rc 65 "--amend with nothing recorded as filed"
err_has '2026: no T4A slip is recorded as filed, so there is nothing to amend: record the return you file with --filed' \
    "the message says why and what to do"
check "nothing on stdout" test ! -s "$tmp/out"
unchanged "--amend with nothing filed"

run t4a-report --year 2026 --format xml --ref R2026B01
is_rc 0 "--ref"
check "gives the submission reference" test "$(xpath 'string(//sbmt_ref_id)' "$tmp/out")" = R2026B01
valid "with --ref" "$tmp/out"

sed 's/box: "048"/box: "028"/' "$data/t4a-config.yaml" >"$tmp/box028.yaml"
run t4a-report --config "$tmp/box028.yaml" --year 2026 --format xml
is_rc 0 "box 028"
cp "$tmp/out" "$tmp/028.xml"
valid "box 028" "$tmp/028.xml"
check "amounts in OTH_INFO/oth_incamt" test \
    "$(xpath 'count(//T4ASlip/OTH_INFO/oth_incamt)' "$tmp/028.xml")" = 3
check "none in T4A_AMT" test "$(xpath 'count(//T4A_AMT)' "$tmp/028.xml")" = 0
check "Kestrel's 850.50 in box 028" test \
    "$(xpath 'string(//T4ASlip[rcpnt_nbr = 1]/OTH_INFO/oth_incamt)' "$tmp/028.xml")" = 850.50
check "the summary totals other information" test \
    "$(xpath 'string(//rpt_tot_oth_info_amt)' "$tmp/028.xml")" = 2060.75
err_has 'in box 028' "the note names the box"

sed 's/threshold: "500.00"/threshold: "850.50"/' "$data/t4a-config.yaml" >"$tmp/high.yaml"
run t4a-report --config "$tmp/high.yaml" --year 2026 --format xml
is_rc 0 "no slip over the configured threshold"
check "no return is written" test ! -s "$tmp/out"
err_has '2026: no slip required: no return to file' "and the note says why"
run t4a-report --year 2025 --format xml
is_rc 0 "a year with no payments"
check "writes nothing" test ! -s "$tmp/out"

ok_cmd peer-add --update Moss --given-name Zoë --initial 7
run t4a-report --year 2026 --format xml
is_rc 0 "a given name with a diaeresis, an initial that is not a letter"
valid "non-ASCII given name" "$tmp/out"
check "the name kept whole" test "$(xpath 'string(//T4ASlip[rcpnt_nbr = 2]/RCPNT_NM/gvn_nm)' "$tmp/out")" = Zoë
check "the initial left out (the schema wants a letter)" test \
    "$(xpath 'count(//T4ASlip[rcpnt_nbr = 2]/RCPNT_NM/init)' "$tmp/out")" = 0
done_testing
