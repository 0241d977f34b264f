#!/bin/sh
# t4a-report --format xml: the payer's postal code is a Canadian one
# (A9A 9A9), written upper case with one space; anything else exits 78
# naming the config key.  --ref is exactly 8 letters and digits; the
# transmitter's name takes up to the schema's 35 characters.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
cfg() {	# cfg SED-SCRIPT: a config derived from the test one
	sed "$1" "$data/t4a-config.yaml" >"$tmp/c.yaml"
}

ok_cmd peerkit-keys --make
ok_cmd peer-add --alias Kestrel --surname Smith --sin "130 692 544" \
    --address-line1 "12 Lake Rd" --city Kelowna --province BC \
    --postal-code "V1Y 1A1"
ok_cmd honorarium-pay -q --peer Kestrel --amount 600.00 --date 2026-03-01

# A postal code in lower case, without its space: normalised.
for pc in v6a1n5 "v6a 1n5" V6A1N5 "V6A 1N5" " V6A  1N5"; do
	cfg "s/postal_code: V6A 1A1/postal_code: \"$pc\"/"
	run t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
	is_rc 0 "payer postal code \"$pc\""
	lacks "\"$pc\": no word about it" "postal" "$tmp/err"
	check "\"$pc\" is written V6A 1N5" test \
	    "$(xpath 'string(//T4ASummary/PAYR_ADDR/pstl_cd)' "$tmp/out")" = "V6A 1N5"
	valid "payer postal code \"$pc\"" "$tmp/out"
done

# Not a Canadian postal code: refused, naming the key.
for pc in 12345 "DFI OQU" "V6A 1N" "V6A 1N55" "Z6A 1N5" "W6A 1N5" "V6A-1N5" \
    "VVA 1N5" "V6A 1NN" "98101-1234"; do
	cfg "s/postal_code: V6A 1A1/postal_code: \"$pc\"/"
	bad_quiet 78 "c\\.yaml: payer\\.address\\.postal_code: \"$pc\" is not a Canadian postal code like V6A 1N5" \
	    "payer postal code \"$pc\"" \
	    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
done
cfg "s/postal_code: V6A 1A1/postal_code: \"DFI OQU\"/"
bad_quiet 78 'payer\.address\.postal_code: "DFI OQU" is not a Canadian' \
    "a bad payer postal code with --filed records nothing" \
    t4a-report --config "$tmp/c.yaml" --year 2026 --format xml --filed

# --ref: exactly 8 letters and digits.
for r in A 1234567 R2026B "ABCDEFG"; do
	bad_quiet 64 "^t4a-report: --ref: \"$r\" is not exactly 8 letters and digits \\(the CRA's submission reference\\)$" \
	    "a --ref of ${#r}" t4a-report --year 2026 --format xml --ref "$r"
done
run t4a-report --year 2026 --format xml --ref ABCD1234
is_rc 0 "a --ref of 8"
check "the reference is the one given" \
    test "$(xpath 'string(//sbmt_ref_id)' "$tmp/out")" = ABCD1234
valid "a --ref of 8" "$tmp/out"

# TransmitterName: 35 characters, cut between words; PAYR_NM keeps
# its lines of 30.
transmitter() {	# transmitter DESC NAME WANT: payer.name NAME sends WANT
	cfg "s/name: Example Harm Reduction Society/name: $2/"
	run t4a-report --config "$tmp/c.yaml" --year 2026 --format xml
	is_rc 0 "$1"
	check "$1: the transmitter's name, 35 characters between words" test \
	    "$(xpath 'string(//TransmitterName/l1_nm)' "$tmp/out")" = "$3"
	valid "$1" "$tmp/out"
}
transmitter "a payer name of 55 characters" \
    "Downtown Eastside Peer Workers Harm Reduction Society" \
    "Downtown Eastside Peer Workers Harm"
check "the payer's first name line stays at 30" test \
    "$(xpath 'string(//PAYR_NM/l1_nm)' "$tmp/out")" = "Downtown Eastside Peer Workers"
transmitter "a payer name with accents: characters, not bytes" \
    "Société de réduction des méfaits et pairs aidants" \
    "Société de réduction des méfaits et"

done_testing
