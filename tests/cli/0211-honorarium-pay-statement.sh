#!/bin/sh
# honorarium-pay --statement: a peer's earnings for a month, what a peer
# on income or disability assistance attaches to the monthly report.
# Its figures are --totals' to the cent; reimbursements are apart and
# not income; void payments are left out; the year to date carries from
# month to month; a peer on a benefit program sees the limits and what
# remains, a peer on none sees no limits; never a SIN.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOF'
payer:
  name: "Eastside Peer Network"
benefit_programs:
  - name: income-assistance
    year: 2026
    monthly_limit: "500.00"
    annual_limit: "1000.00"
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Kestrel --surname Smith --given-name Ann \
    --benefit-program income-assistance --sin "130 692 544"
ok_cmd peer-add --alias Wren

# September: an engagement paid for by name.  October: two honoraria, a
# reimbursement, and a payment voided.  November: two honoraria and a
# reimbursement.
ok_cmd engage-log --peer Kestrel --activity meeting --hours 2 \
    --level consult --date 2026-09-01
ok_cmd honorarium-pay --for 1 --date 2026-09-15 --method etransfer
ok_cmd honorarium-pay --peer Kestrel --amount 250.00 --date 2026-10-03
ok_cmd honorarium-pay --peer Kestrel --amount 12.50 --kind reimbursement \
    --category transit --date 2026-10-03
ok_cmd honorarium-pay --peer Kestrel --amount 37.55 --date 2026-10-20
ok_cmd -o "$tmp/void.json" honorarium-pay --peer Kestrel --amount 99.99 \
    --date 2026-10-21 --json
ok_cmd honorarium-pay --void "$(jq -r .id "$tmp/void.json")" --reason "paid twice"
ok_cmd honorarium-pay --peer Kestrel --amount 400.00 --date 2026-11-02
ok_cmd honorarium-pay --peer Kestrel --amount 25.00 --date 2026-11-16 \
    --method cheque
ok_cmd honorarium-pay --peer Kestrel --amount 8.25 --kind reimbursement \
    --category meal --date 2026-11-05
ok_cmd honorarium-pay --peer Wren --amount 60.00 --date 2026-11-10

# Each month's statement as JSON, and --totals on the month's last day.
for m in 09 10 11; do
	run honorarium-pay --statement Kestrel --month 2026-$m --json
	is_rc 0 "Kestrel's statement for 2026-$m"
	cp "$tmp/out" "$tmp/s$m.json"
done
for d in 10-31 11-30; do
	run honorarium-pay --totals --peer Kestrel --year 2026 --json \
	    --today 2026-$d
	is_rc 0 "--totals for Kestrel on 2026-$d"
	cp "$tmp/out" "$tmp/t$d.json"
done
check "October's income is --totals' month to date on 2026-10-31" \
    jq -e --slurpfile t "$tmp/t10-31.json" \
    '.income == $t[0].month_to_date and .income == "287.55"' "$tmp/s10.json"
check "November's income is --totals' month to date on 2026-11-30" \
    jq -e --slurpfile t "$tmp/t11-30.json" \
    '.income == $t[0].month_to_date and .income == "425.00"' "$tmp/s11.json"
check "November's year to date is --totals' taxable for the year" \
    jq -e --slurpfile t "$tmp/t11-30.json" \
    '.year_to_date == $t[0].taxable and .year_to_date == "762.55"' \
    "$tmp/s11.json"
check "the year to date carries: September's, then each month's income" \
    jq -e -s '.[0].year_to_date == "50.00" and .[1].year_to_date == "337.55"
    and .[2].year_to_date == "762.55"' "$tmp/s09.json" "$tmp/s10.json" \
    "$tmp/s11.json"
check "the reimbursements of the months are --totals' reimbursements" \
    jq -e -s '.[0].reimbursed == "12.50" and .[1].reimbursed == "8.25" and
    .[2].reimbursements == "20.75"' "$tmp/s10.json" "$tmp/s11.json" \
    "$tmp/t11-30.json"
check "honoraria listed by date, each with its amount and method" \
    jq -e '[.honoraria[] | [.date, .amount, .method]] ==
    [["2026-10-03", "250.00", "cash"], ["2026-10-20", "37.55", "cash"]]' \
    "$tmp/s10.json"
check "the void payment is left out, and counted" \
    jq -e '.voided == 1 and ([.honoraria[].amount] | index("99.99") == null)' \
    "$tmp/s10.json"
check "the reimbursement is apart, with its category" \
    jq -e '.reimbursements == [{"payment_id": 3, "date": "2026-10-03",
    "amount": "12.50", "method": "cash", "category": "transit",
    "note": null}]' "$tmp/s10.json"
check "what a payment paid for: the engagement's date and activity" \
    jq -e '.honoraria[0].for == "2026-09-01 meeting" and
    .honoraria[0].method == "etransfer"' "$tmp/s09.json"
check "the peer: alias and legal name, the payer, the month" \
    jq -e '.alias == "Kestrel" and .legal_name == "Ann Smith" and
    .payer == "Eastside Peer Network" and .month == "2026-11" and
    .from == "2026-11-01" and .to == "2026-11-30"' "$tmp/s11.json"
check "the limits and what remains: 75% of the year reached" \
    jq -e '.benefit == {"program": "income-assistance",
    "monthly": {"limit": "500.00", "earned": "425.00", "remaining": "75.00",
    "status": "under"}, "annual": {"limit": "1000.00", "earned": "762.55",
    "remaining": "237.45", "status": "reached-75"}}' "$tmp/s11.json"
lacks "never the SIN" '544' "$tmp/s11.json"

# Over both limits in December: nothing remains.
ok_cmd honorarium-pay --peer Kestrel --amount 600.00 --date 2026-12-01 \
    --today 2026-12-02
run honorarium-pay --statement Kestrel --month 2026-12 --json \
    --today 2026-12-02
is_rc 0 "Kestrel's statement for December"
check "over both limits: 0.00 remains of each" \
    jq -e '.benefit.monthly == {"limit": "500.00", "earned": "600.00",
    "remaining": "0.00", "status": "over"} and .benefit.annual ==
    {"limit": "1000.00", "earned": "1362.55", "remaining": "0.00",
    "status": "over"}' "$tmp/out"

# A peer on no program: no limits, no legal name.
run honorarium-pay --statement Wren --month 2026-11 --json
is_rc 0 "Wren's statement"
check "Wren: no benefit, no legal name, the income" \
    jq -e '.benefit == null and .legal_name == null and .income == "60.00"
    and .year_to_date == "60.00" and .reimbursements == []' "$tmp/out"

# The text, for a terminal or a printer.
run honorarium-pay --statement Kestrel --month 2026-11
is_rc 0 "Kestrel's statement as text"
cat >"$tmp/want" <<'EOF'
Earnings statement, November 2026
Paid by Eastside Peer Network

Peer              Kestrel (peer 1)
Legal name        Ann Smith
Month             2026-11-01 to 2026-11-30

Income received (honoraria)
  DATE            AMOUNT  METHOD          FOR
  2026-11-02      400.00  cash
  2026-11-16       25.00  cheque
  Total           425.00

Reimbursements (not income)
  DATE            AMOUNT  METHOD          WHAT
  2026-11-05        8.25  cash            meal
  Total             8.25

Year to date
  Income, 2026-01-01 to 2026-11-30       762.55

Earnings limits: income-assistance
                      LIMIT      EARNED   REMAINING
  This month         500.00      425.00       75.00
  This year         1000.00      762.55      237.45
  The year's earnings have reached 75% of the annual limit.

Income is counted in the month the money was received.
Reimbursements repay expenses and are not income.
Void payments are not shown.
EOF
is_out "$tmp/want" "the text statement"
check "no line over 80 columns" test "$(awk 'length > 80' "$tmp/out" | wc -l)" = 0
run honorarium-pay --statement Wren --month 2026-11
is_rc 0 "Wren's statement as text"
lacks "no limits for a peer on no program" 'limit' "$tmp/out"
lacks "no legal name line" '^Legal name' "$tmp/out"

# HTML: one page, well formed, every text escaped.
run honorarium-pay --statement Kestrel --month 2026-10 --format html
is_rc 0 "Kestrel's statement as HTML"
check "xmllint --html parses the page" xmllint --html --noout "$tmp/out"
check "nothing for xmllint to complain of" \
    test -z "$(xmllint --html --noout "$tmp/out" 2>&1)"
check "sized for a letter page" grep -q '@page{size:letter' "$tmp/out"
check "the month's income total" test "$(xmllint --html --xpath \
    'string((//table)[2]//tr[@class="total"]/td[2])' "$tmp/out")" = 287.55
check "the reimbursement apart" test "$(xmllint --html --xpath \
    'string((//table)[3]//tr[2]/td[4])' "$tmp/out")" = transit
lacks "never the SIN" '544' "$tmp/out"
ok_cmd peer-add --alias 'Jay <b>&</b>'
ok_cmd honorarium-pay --peer 3 --amount 5.00 --date 2026-11-03
run honorarium-pay --statement 3 --month 2026-11 --format html
is_rc 0 "a statement for an alias with markup"
check "the alias escaped" grep -q 'Jay &lt;b&gt;&amp;&lt;/b&gt; (peer 3)' \
    "$tmp/out"
check "and it parses" xmllint --html --noout "$tmp/out"

# -o FILE: written whole, 0600.
run honorarium-pay --statement Kestrel --month 2026-11 --format html \
    -o "$tmp/k.html"
is_rc 0 "a statement to -o FILE"
check "the file is 0600" test "$(stat -c %a "$tmp/k.html")" = 600
check "the file is the page" grep -q '</html>' "$tmp/k.html"

done_testing
