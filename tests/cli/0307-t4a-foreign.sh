#!/bin/sh
# Recipients outside Canada (#16): peer-add takes a US state code and a
# ZIP code with --country USA, another country's postal code and no
# province otherwise; such a slip can be ready, and the return carries
# the state and ZIP, or ZZ and the foreign postal code.  Recipient text
# outside the CRA's characters is mapped, with a warning per field that
# names the peer.  Every return is validated against the CRA's schema.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"

field() {	# field PEER NAME: the peer's field as peer-list gives it
	peer-list --json "$1" | jq -r ".$2"
}

ok_cmd peerkit-keys --make

# --- peer-add: US addresses ---
run peer-add -q --alias Wren --surname Walker --sin "130 692 544" \
    --address-line1 "1200 Pine St" --city Seattle --province wa \
    --country usa --postal-code 98101
is_rc 0 "a US address: state WA, ZIP 98101"
check "the state is kept upper case" test "$(field Wren province)" = WA
check "the ZIP is kept" test "$(field Wren postal_code)" = 98101
run peer-add -q --update Wren --postal-code "981011234"
is_rc 0 "ZIP+4 without its hyphen"
check "ZIP+4 is kept as 98101-1234" \
    test "$(field Wren postal_code)" = 98101-1234
bad 65 'field "postal_code": "9810" is not a US ZIP code like 98101 or 98101-1234' \
    "a ZIP of four digits" peer-add --update Wren --postal-code 9810
bad 65 'field "postal_code": "V6A 1A1" is not a US ZIP code' \
    "a Canadian postal code in the USA" peer-add --update Wren --postal-code "V6A 1A1"
bad 65 'field "province": "ZZ" is not a US state code like WA \(the country is USA\)' \
    "ZZ is no US state" peer-add --update Wren --province ZZ
bad 65 'field "province": "WA" is not a province or territory code' \
    "back to Canada with a US state left" peer-add --update Wren --country CAN
bad 65 'field "province": "BC" is not a US state code' \
    "a province in the USA" peer-add --alias Jay --province BC --country USA
bad 65 'field "province": "W1" is not a province or territory code \(AB .* YT\), or a US state code with --country USA' \
    "a province code that is no code" peer-add --alias Jay --province W1 --country USA

# --- peer-add: other countries ---
run peer-add -q --alias Ines --surname "Müller-Łącka" --given-name "Søren" \
    --initial "Ø" --sin "331 415 927" --address-line1 "Hauptstraße 5" \
    --city "München" --country DEU --postal-code " 80331 "
is_rc 0 "a German address: no province, postal code 80331"
check "the postal code is kept trimmed" test "$(field Ines postal_code)" = 80331
check "no province" test "$(field Ines province)" = null
run peer-add -q --alias Olu --surname Adeyemi --sin "271 828 188" \
    --address-line1 "10 Downing St" --city London --country gbr \
    --postal-code "sw1a  2aa"
is_rc 0 "a British postcode"
check "the postcode is kept upper case, one space" \
    test "$(field Olu postal_code)" = "SW1A 2AA"
bad 65 'field "province": "BY": a province or state goes with country CAN or USA only, not DEU \(the T4A return carries ZZ\): leave it out' \
    "a province abroad" peer-add --update Ines --province BY
bad 65 'field "postal_code": "80331-ABCDEF" is not a postal code of 1 to 10 letters, digits, spaces and hyphens' \
    "a foreign postal code of 12 characters" peer-add --update Ines --postal-code 80331-ABCDEF
bad 65 'field "postal_code": "80#331" is not a postal code of 1 to 10' \
    "a foreign postal code with a #" peer-add --update Ines --postal-code "80#331"
bad 65 'field "province": "WA": a province or state goes with country CAN or USA only, not FRA' \
    "moving abroad with the state left" peer-add --update Wren --country FRA
run peer-add -q --update Ines --province ZZ
is_rc 0 "ZZ, the CRA's code for another country, is taken"
run peer-add -q --update Ines --province ""
is_rc 0 "and taken out"
# Canada as before.
bad 65 'field "postal_code": "98101" is not a Canadian postal code like V6A 1A1' \
    "a ZIP code in Canada" peer-add --alias Jay --province BC --postal-code 98101

# --- readiness: a US or foreign address can be ready ---
ok_cmd honorarium-pay -q --peer Wren --amount 600.00 --date 2026-03-01
run honorarium-pay --peer Ines --amount 700.00 --date 2026-03-01
is_rc 0 "Ines crosses the threshold"
lacks "and nothing is asked for the slip: no province is due abroad, as t4a-report agrees below" \
    'missing' "$tmp/err"
ok_cmd honorarium-pay -q --peer Olu --amount 800.00 --date 2026-03-01
run t4a-report --year 2026 --check
is_rc 0 "a US and two foreign addresses are ready (no province for these)"
err_has 'all 3 required slips are ready' "the check says so"

# --- the return ---
run t4a-report --year 2026 --format xml -o "$tmp/t4a.xml"
is_rc 0 "the return with a US and two foreign recipients"
valid "the return" "$tmp/t4a.xml"
check "US: state WA" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/prov_cd)' "$tmp/t4a.xml")" = WA
check "US: country USA" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/cntry_cd)' "$tmp/t4a.xml")" = USA
check "US: ZIP+4" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/pstl_cd)' "$tmp/t4a.xml")" = 98101-1234
check "Germany: province ZZ" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_ADDR/prov_cd)' "$tmp/t4a.xml")" = ZZ
check "Germany: country DEU" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_ADDR/cntry_cd)' "$tmp/t4a.xml")" = DEU
check "Germany: postal code" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_ADDR/pstl_cd)' "$tmp/t4a.xml")" = 80331
check "UK: ZZ and the postcode" test "$(xpath 'concat(//T4ASlip[rcpnt_nbr=3]/RCPNT_ADDR/prov_cd, "/", //T4ASlip[rcpnt_nbr=3]/RCPNT_ADDR/pstl_cd)' "$tmp/t4a.xml")" = "ZZ/SW1A 2AA"

# --- the CRA's characters ---
check "a surname: ü to u, Ł to L, ą to a" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_NM/snm)' "$tmp/t4a.xml")" = "Muller-Lacka"
check "a given name: ø to o" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_NM/gvn_nm)' "$tmp/t4a.xml")" = "Soren"
check "an initial: Ø to O" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_NM/init)' "$tmp/t4a.xml")" = "O"
check "an address: ß to ss" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=2]/RCPNT_ADDR/addr_l1_txt)' "$tmp/t4a.xml")" = "Hauptstrasse 5"
err_has '^t4a-report: warning: Ines \(peer 2\): surname "Müller-Łącka" sent as "Muller-Lacka"$' \
    "a warning for the surname, naming the peer"
err_has '^t4a-report: warning: Ines \(peer 2\): given name "Søren" sent as "Soren"$' \
    "one for the given name"
err_has '^t4a-report: warning: Ines \(peer 2\): address line 1 "Hauptstraße 5" sent as "Hauptstrasse 5"$' \
    "one for the address line"
err_has '^t4a-report: warning: Ines \(peer 2\): city "München" sent as "Munchen"$' \
    "one for the city"
check "one warning per field changed, none for the others" \
    test "$(grep -c 'sent as' "$tmp/err")" = 4

# Quotes, angle brackets and a comma; French accents stay.
ok_cmd peer-add -q --update Wren --surname "O\"Neil <Sr>" \
    --given-name "Ñoël Élise" --address-line1 '1200 "Pine" St, Apt <4>' \
    --address-line2 "c/o Suite #5 – rear" --city "Cœur d’Alene" \
    --province ID --postal-code 83814
run t4a-report --year 2026 --format xml -o "$tmp/t4a2.xml"
is_rc 0 "names and addresses outside the character set"
valid "that return" "$tmp/t4a2.xml"
check "a double quote becomes ', angle brackets a space" \
    test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_NM/snm)' "$tmp/t4a2.xml")" = "O'Neil Sr"
check "é and ë stay, Ñ becomes N" \
    test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_NM/gvn_nm)' "$tmp/t4a2.xml")" = "Noël Élise"
check "quotes, comma and brackets in an address line" \
    test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/addr_l1_txt)' "$tmp/t4a2.xml")" = "1200 'Pine' St Apt 4"
check "/ and # stay in an address, an en dash becomes -" \
    test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/addr_l2_txt)' "$tmp/t4a2.xml")" = "c/o Suite #5 - rear"
check "œ becomes oe, a curly apostrophe '" \
    test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_ADDR/cty_nm)' "$tmp/t4a2.xml")" = "Coeur d'Alene"
err_has '^t4a-report: warning: Wren \(peer 1\): surname "O"Neil <Sr>" sent as "O.Neil Sr"$' \
    "the warning shows what was stored and what is sent"
lacks "no &lt; &gt; or &quot; reaches the return" '&lt;\|&gt;\|&quot;' "$tmp/t4a2.xml"

# A name already in the CRA's characters draws no warning.
ok_cmd peer-add -q --update Wren --surname "Lévesque-D'Arcy & Fils" \
    --given-name "Zoé" --address-line1 "1200 Pine St" --address-line2 "" \
    --city Seattle
run t4a-report --year 2026 --format xml -o "$tmp/t4a3.xml"
is_rc 0 "a name in the CRA's characters"
lacks "no warning for peer 1" 'Wren (peer 1)' "$tmp/err"
check "sent as it is" test "$(xpath 'string(//T4ASlip[rcpnt_nbr=1]/RCPNT_NM/snm)' "$tmp/t4a3.xml")" = "Lévesque-D'Arcy & Fi"
valid "that return" "$tmp/t4a3.xml"

done_testing
