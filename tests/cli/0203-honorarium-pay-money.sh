#!/bin/sh
# honorarium-pay: money is exact.  Totals in every report equal the sum
# of the stored cents: 0.10 + 0.20, and a year of 1,000 payments checked
# against a sum computed apart, in integer cents.
. "$(dirname "$0")/lib.sh"

# Paid to the cent: by e-transfer, since cash is paid to 0.05 (0215).
ok_cmd peer-add --alias Raven --payment-method etransfer
ok_cmd peer-add --alias Moss --payment-method etransfer
ok_cmd peer-add --alias Wren --payment-method etransfer

ok_cmd honorarium-pay --peer Raven --amount 0.10 --date 2026-01-05
ok_cmd honorarium-pay --peer Raven --amount 0.20 --date 2026-01-06
run honorarium-pay --totals --peer Raven --json
is_rc 0 "totals"
check "0.10 + 0.20 is 0.30" test "$(jq -r .taxable "$tmp/out")" = 0.30
run honorarium-pay --list --peer Raven
is_rc 0 "list"
err_has '2 payments: 0.30 paid' "the list's sum too"

# A year of 1,000 payments, one batch: amounts from 0.01 to 999.99,
# spread over the three peers and the days of 2026 up to today.
awk 'BEGIN {
	for (i = 1; i <= 1000; i++) {
		c = (i * 7919) % 99999 + 1
		m = i % 11 + 1
		d = i % 22 + 1
		kind = i % 9 == 0 ? ", \"kind\": \"reimbursement\", \"category\": \"meal\"" : ""
		printf "{\"peer\": \"%s\", \"amount\": \"%d.%02d\", \"date\": \"2026-%02d-%02d\"%s}\n", \
		    substr("RavenMoss Wren ", (i % 3) * 5 + 1, 5), int(c / 100), c % 100, m, d, kind
	}
}' | sed 's/"\([A-Za-z]*\) "/"\1"/' >"$tmp/year.jsonl"
run honorarium-pay --quiet "$tmp/year.jsonl"
is_rc 0 "1,000 payments in one batch"
check "all stored" test "$(sql "select count(*) from payments")" = 1002

# The expected totals, in integer cents, from the input alone.
awk -F'"' '{
	for (i = 1; i < NF; i++) {
		if ($i == "peer") p = $(i + 2)
		if ($i == "amount") { a = $(i + 2); sub(/\./, "", a); a += 0 }
		if ($i == "date") mon = substr($(i + 2), 1, 7)
	}
	k = index($0, "reimbursement") ? "r" : "t"
	sum[p, k] += a
	if (k == "t" && mon == "2026-11") mtd[p] += a
	n[p]++
}
END {
	split("Raven Moss Wren", order, " ")
	for (j = 1; j <= 3; j++) {
		p = order[j]
		t = sum[p, "t"] + (p == "Raven" ? 30 : 0)
		printf "%s %d.%02d %d.%02d %d.%02d %d\n", p, t / 100, t % 100, \
		    sum[p, "r"] / 100, sum[p, "r"] % 100, mtd[p] / 100, mtd[p] % 100, \
		    n[p] + (p == "Raven" ? 2 : 0)
	}
}' "$tmp/year.jsonl" >"$tmp/want"
run honorarium-pay --totals --year 2026
is_rc 0 "the year's totals"
awk 'NR > 1 { print $2, $3, $4, $5, $6 }' "$tmp/out" >"$tmp/got"
check "equal the sums computed apart" diff -u "$tmp/want" "$tmp/got"
run honorarium-pay --totals --year 2026 --format csv
is_rc 0 "as CSV"
tr -d '\r' <"$tmp/out" | awk -F, 'NR > 1 { print $3, $5, $6, $7, $8 }' >"$tmp/got"
check "CSV: the same figures" diff -u "$tmp/want" "$tmp/got"

# The list's sum is the sum of the rows, and of everything paid.
all=$(awk '{ t = $2; r = $3; sub(/\./, "", t); sub(/\./, "", r); s += t + r }
	END { printf "%d.%02d", s / 100, s % 100 }' "$tmp/want")
run honorarium-pay --list --period 2026
is_rc 0 "the year's list"
err_has "^honorarium-pay: 1002 payments: $all paid" "its sum equals the totals"
rows=$(awk 'NR > 1 { a = $4; sub(/\./, "", a); s += a }
	END { printf "%d.%02d", s / 100, s % 100 }' "$tmp/out")
check "and the sum of its rows" test "$rows" = "$all"

# Voiding takes a payment out of every total, exactly.
run honorarium-pay --void 1 --reason "test" --json
is_rc 0 "void 0.10"
run honorarium-pay --totals --peer Raven --json
is_rc 0 "totals after the void"
check "Raven's total drops by exactly 0.10" test "$(jq -r .taxable "$tmp/out")" = \
    "$(awk '$1 == "Raven" { t = $2; sub(/\./, "", t); t -= 10; printf "%d.%02d", t / 100, t % 100 }' "$tmp/want")"

done_testing
