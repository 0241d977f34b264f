# Year-end: the T4A slips for the CRA.  Last year's payroll is brought
# in first, so the year-end does not depend on what the parts before
# paid this year.
echo "== Year-end (t4a-report): who needs a T4A slip"
cd "$demo"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	echo "{\"peer\":\"Kestrel\",\"amount\":\"75.00\",\"date\":\"2025-$m-15\",\"ref\":\"2025-kestrel-$m\"}"
	echo "{\"peer\":\"Wren\",\"amount\":\"6.00\",\"date\":\"2025-$m-15\",\"kind\":\"reimbursement\",\"category\":\"transit\",\"ref\":\"2025-wren-$m\"}"
done >payroll-2025.jsonl
for m in 02 03 04 05 06 07 08 09 10 11; do
	echo "{\"peer\":\"Moss\",\"amount\":\"55.00\",\"date\":\"2025-$m-20\",\"method\":\"etransfer\",\"ref\":\"2025-moss-$m\"}"
done >>payroll-2025.jsonl
for d in 03-03 06-02 09-01 12-01; do
	echo "{\"peer\":\"Raven\",\"amount\":\"100.00\",\"date\":\"2025-$d\",\"ref\":\"2025-raven-$d\"}"
done >>payroll-2025.jsonl
echo '{"peer":"Sage","amount":"250.00","date":"2025-04-10","ref":"2025-sage-1"}' >>payroll-2025.jsonl
echo '{"peer":"Sage","amount":"250.00","date":"2025-10-10","ref":"2025-sage-2"}' >>payroll-2025.jsonl
echo '{"peer":"Sage","amount":"90.00","date":"2025-10-11","ref":"2025-sage-3"}' >>payroll-2025.jsonl
echo "Last year's payroll, carried over from the old spreadsheet as JSON Lines:"
say 'head -n 2 payroll-2025.jsonl'
say 'honorarium-pay - <payroll-2025.jsonl >/dev/null'
echo "Sage's last payment was entered twice; it is voided, never deleted:"
say 'honorarium-pay --quiet --list --peer Sage --period 2025 --json | jq -r "select(.ref == \"2025-sage-3\") | .id" | xargs -I{} honorarium-pay --void {} --reason "entered twice"'
echo "Everyone paid honoraria in 2025: over 500.00 needs a slip; exactly 500.00"
echo "does not; reimbursements (Wren's transit) are not income:"
say 't4a-report --year 2025 --all'
echo "In January, a cron job asks whether every slip can be filed (exit 1: no):"
say 't4a-report --year 2025 --check || echo "exit $?: details missing"'
echo "A slip without a legal surname cannot be filed; a missing SIN is filed as"
echo "zeros, and the dates it was asked for are kept as proof of the effort."
echo "--filed records the slips of the return as it is written, so the store"
echo "knows what the CRA holds:"
say 'peer-add --quiet --update Moss --surname Green --given-name Morgan --sin-requested 2026-01-15'
say 't4a-report --year 2025 --format xml --filed -o t4a-2025.xml'
say 'sed -n "/<T4ASummary>/,/<\/T4ASummary>/p" t4a-2025.xml'
if command -v xmllint >/dev/null 2>&1 && [ -d "$top/tests/data/cra-xsd" ]; then
	cp -r "$top/tests/data/cra-xsd" .
	echo "Checked against the CRA's schema:"
	say 'xmllint --noout --schema cra-xsd/T619_T4A.xsd t4a-2025.xml'
fi
echo "A statement for each peer with a slip (one page each):"
say 't4a-report --year 2025 --slips | sed -n "/statement for Moss/,/the CRA\./p"'
echo "Moss brings the SIN (read from stdin, out of sight of ps) and an address;"
echo "now every slip is ready.  The amended return carries the slips on file"
echo "that changed (A) or are no longer due (C), and a note for the CRA:"
say 'echo "271 828 188" | peer-add --quiet --update Moss --sin - --address-line1 "300 Hastings St" --city Vancouver --province BC --postal-code "V6A 1A1"'
say 't4a-report --year 2025 --check'
say 't4a-report --year 2025 --format xml --amend --note "SIN received after filing." --filed -o t4a-2025-amended.xml'
say 'grep -E "<(rcpnt_nbr|rpt_tcd|fee_or_oth_srvc_amt|fileramendmentnote)>" t4a-2025-amended.xml'
echo "Nothing is left to amend:"
say 't4a-report --year 2025 --format xml --amend'
