#!/bin/sh
# t4a-report over a realistic year: three dozen peers, a year of
# honoraria paid through honorarium-pay in one batch, one peer at exactly
# 500.00 and one at 500.01, reimbursements, voided payments, payments on
# December 31 and January 1 of the years around.  The totals, the slips
# and the summary must match a sum computed independently with awk from
# the batch itself, and the return must pass the CRA's schema.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
xsd=$data/cra-xsd/T619_T4A.xsd
xpath() {	# xpath EXPR FILE (on failure, text that equals no other answer)
	xmllint --xpath "$1" "$2" 2>/dev/null || echo "(xpath $1 failed: exit $?)"
}

# The peers: legal names with accents, apostrophes, ampersands, angle
# brackets, quotes and lengths over the CRA's; every 7th without a SIN
# (asked twice), every 9th without an address, the last two without a
# legal name at all.
awk 'BEGIN {
	split("Tremblay|O\x27Neil|Côté & Fils|Nguyễn|Smith <Jr>|\\\"Red\\\" Cloud|" \
	    "Wiebe|Lévesque-Beaulieu-Descôteaux|Ng|Thunderbird-Whitehorse", sn, "|")
	split("Aimée|Jo|Kateri|Maximilian-Alexander|Zoë|Sam", gn, "|")
	for (i = 1; i <= 36; i++) {
		printf "{\"alias\":\"Peer%02d\"", i
		if (i <= 34)
			printf ",\"surname\":\"%s\",\"given_name\":\"%s\"", \
			    sn[i % 10 + 1], gn[i % 6 + 1]
		if (i % 7 == 0) {
			printf ",\"sin_requested\":[\"2025-03-01\",\"2025-09-15\"]"
		} else {
			p = sprintf("1%07d", i * 104729 % 10000000)
			s = 0
			for (k = 1; k <= 8; k++) {
				v = substr(p, k, 1) + 0
				if (k % 2 == 0 && (v *= 2) > 9)
					v -= 9
				s += v
			}
			printf ",\"sin\":\"%s%d\"", p, (10 - s % 10) % 10
		}
		if (i % 9 != 0)
			printf ",\"address_line1\":\"%d Hastings St & Main, Unit %d\"," \
			    "\"city\":\"Vancouver\",\"province\":\"BC\"," \
			    "\"postal_code\":\"V6A 1A1\"", i * 10, i
		print "}"
	}
}' >"$tmp/peers.jsonl"
run peer-add - <"$tmp/peers.jsonl"
is_rc 0 "36 peers in one batch"

# The payments, one TSV line each: alias, cents, date, kind, ref.  Refs
# starting with v are voided below.
awk -v OFS='\t' 'BEGIN {
	for (i = 1; i <= 36; i++) {
		a = sprintf("Peer%02d", i)
		if (i == 1) {
			print a, 25000, "2025-02-01", "honorarium", "h01-1"
			print a, 25000, "2025-11-30", "honorarium", "h01-2"
		} else if (i == 2) {
			print a, 25000, "2025-02-01", "honorarium", "h02-1"
			print a, 25001, "2025-12-31", "honorarium", "h02-2"
		} else {
			for (j = 1; j <= i % 5 + 1; j++)
				print a, 5000 + (i * 37 + j * 101) % 400 * 50,
				    sprintf("2025-%02d-%02d", (i + j * 3) % 12 + 1,
				    (i * j) % 28 + 1), "honorarium",
				    sprintf("h%02d-%d", i, j)
		}
		if (i % 3 == 0)
			print a, 3500, "2025-06-15", "reimbursement", sprintf("r%02d", i)
		if (i % 4 == 0)
			print a, 30000, "2025-07-01", "honorarium", sprintf("v%02d", i)
		if (i % 6 == 0) {
			print a, 40000, "2024-12-31", "honorarium", sprintf("b%02d", i)
			print a, 40000, "2026-01-01", "honorarium", sprintf("e%02d", i)
		}
	}
}' >"$tmp/pay.tsv"
awk -F'\t' '{
	printf "{\"peer\":\"%s\",\"amount\":\"%d.%02d\",\"date\":\"%s\",\"kind\":\"%s\"",
	    $1, $2 / 100, $2 % 100, $3, $4
	if ($4 == "reimbursement")
		printf ",\"category\":\"transit\""
	# Cash is paid to 0.05: an amount to the cent goes by e-transfer.
	printf ",\"method\":\"%s\",\"ref\":\"%s\"}\n",
	    NR % 3 && $2 % 5 == 0 ? "cash" : "etransfer", $5
}' "$tmp/pay.tsv" >"$tmp/pay.jsonl"
run honorarium-pay --json - <"$tmp/pay.jsonl"
is_rc 0 "a year of payments in one batch"
check "every one stored" test "$(wc -l <"$tmp/out")" = "$(wc -l <"$tmp/pay.tsv")"
jq -r 'select(.ref | startswith("v")) | .id' "$tmp/out" >"$tmp/voids"
check "nine to void" test "$(wc -l <"$tmp/voids")" = 9
while read -r id; do
	ok_cmd honorarium-pay -q --void "$id" --reason "paid twice" </dev/null
done <"$tmp/voids"

# The independent sum: honoraria dated in 2025 that were not voided.
awk -F'\t' '$4 == "honorarium" && $3 >= "2025-01-01" && $3 <= "2025-12-31" &&
    $5 !~ /^v/ { t[$1] += $2; n[$1]++ }
    END { for (a in t) printf "%s\t%d.%02d\t%s\t%d\n", a, int(t[a] / 100),
        t[a] % 100, (t[a] > 50000 ? "true" : "false"), n[a] }' "$tmp/pay.tsv" |
    sort >"$tmp/want"

snap
run t4a-report --year 2025 --all --json
is_rc 0 "the year, --all"
cp "$tmp/out" "$tmp/all.json"
jq -r '[.alias, .total, (.slip_required | tostring), (.payments | tostring)] |
    @tsv' "$tmp/out" | sort >"$tmp/got"
check "every peer's total matches the independent sum" diff -u "$tmp/want" "$tmp/got"
check "Peer01 at exactly 500.00 needs no slip" grep -qx "$(printf 'Peer01\t500.00\tfalse\t2')" "$tmp/got"
check "Peer02 at 500.01 does" grep -qx "$(printf 'Peer02\t500.01\ttrue\t2')" "$tmp/got"
slips=$(awk -F'\t' '$3 == "true"' "$tmp/want" | wc -l | tr -d ' ')
cents=$(awk -F'\t' '$3 == "true" { split($2, m, "."); s += m[1] * 100 + m[2] }
    END { printf "%d.%02d", int(s / 100), s % 100 }' "$tmp/want")
check "some need a slip, some do not" test "$slips" -gt 5 -a "$slips" -lt 30
unchanged "the report"

run t4a-report --year 2025 --format xml
is_rc 0 "the return"
cp "$tmp/out" "$tmp/t4a.xml"
xmllint --noout --schema "$xsd" "$tmp/t4a.xml" >"$tmp/xmllint" 2>&1
t_result $? "the return is valid against the CRA's T619_T4A.xsd"
sed 's/^/#   /' "$tmp/xmllint" | grep -v validates | head
check "one slip per required peer" test \
    "$(xpath 'count(//T4ASlip)' "$tmp/t4a.xml")" = "$slips"
check "slp_cnt says the same" grep -q "<slp_cnt>$slips</slp_cnt>" "$tmp/t4a.xml"
check "the summary total is the independent sum to the cent" \
    grep -q "<rpt_tot_fee_srvc_amt>$cents</rpt_tot_fee_srvc_amt>" "$tmp/t4a.xml"
awk -F'\t' '$3 == "true" { sub(/^Peer0?/, "", $1); print $1 "\t" $2 }' \
    "$tmp/want" | sort -n >"$tmp/want.slips"
awk -F'[<>]' '/<rcpnt_nbr>/ { id = $3 } /<fee_or_oth_srvc_amt>/ { print id "\t" $3 }' \
    "$tmp/t4a.xml" | sort -n >"$tmp/got.slips"
check "each slip's amount is its peer's sum" diff -u "$tmp/want.slips" "$tmp/got.slips"
check "the summary is the sum of the slips" test "$(awk -F'\t' '{ split($2, m, ".");
    s += m[1] * 100 + m[2] } END { printf "%d.%02d", int(s / 100), s % 100 }' \
    "$tmp/got.slips")" = "$cents"
nosin=$(jq -s 'map(select(.slip_required and (.missing | index("sin")))) | length' \
    "$tmp/all.json")
check "zeros for the peers without a SIN ($nosin)" test \
    "$(xpath 'count(//T4ASlip[sin = "000000000"])' "$tmp/t4a.xml")" = "$nosin" -a \
    "$nosin" -gt 0
check "every name within the CRA's 20 characters" test \
    "$(xpath 'count(//snm[string-length(.) > 20])' "$tmp/t4a.xml")" = 0
check "every address line within 30" test \
    "$(xpath 'count(//addr_l1_txt[string-length(.) > 30])' "$tmp/t4a.xml")" = 0
check "the ampersands escaped" grep -q 'Côté &amp; Fils' "$tmp/t4a.xml"
unchanged "the return"

run t4a-report --year 2025 --check --json
is_rc 1 "--check: slips not ready"
jq -r '.alias' "$tmp/out" >"$tmp/got"
awk -F'\t' '$3 == "true" { n = substr($1, 5) + 0; if (n % 7 == 0 || n % 9 == 0) print $1 }' \
    "$tmp/want" >"$tmp/want.check"
check "exactly the required peers without a SIN or an address" diff -u "$tmp/want.check" "$tmp/got"
check "with the dates the SIN was asked for" jq -se 'map(select(.missing | index("sin"))) |
    length > 0 and all(.sin_requested == ["2025-03-01", "2025-09-15"])' "$tmp/out"
done_testing
