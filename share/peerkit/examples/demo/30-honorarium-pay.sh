# Paying peers: cash on the spot with a receipt, October's payroll end
# to end (dry run first), a pipe from engage-log, warnings, a void.
echo
echo "== Paying peers (honorarium-pay): cash, payroll, receipts, every cent exact"
echo "Raven was paid for a spring outreach contract, logged as one engagement at"
echo "the amount agreed and paid for with --for:"
say 'engage-log --quiet --peer Raven --hours 16 --activity outreach --level involve --date 2026-06-30 --amount 480.00 --project "spring outreach contract" >/dev/null'
say 'honorarium-pay --for "$(engage-log --list --peer Raven --project "spring outreach contract" --json | jq .id)" --date 2026-06-30 --ref raven-spring-contract'
echo "Sage is on income assistance, with 500.00 a month of exempt earnings:"
say 'peer-add --update Sage --benefit-program bc-income-assistance >/dev/null'
echo "What happened in October, as engage-log records it:"
say 'engage-log --quiet --peer Raven --peer Moss --peer Kestrel --hours 2 --activity meeting --level consult --date 2026-10-07 --project "peer advisory" >/dev/null'
say 'engage-log --quiet --peer Raven --hours 3 --activity outreach --level involve --date 2026-10-14 >/dev/null'
say 'engage-log --quiet --peer Sage --hours 1.5 --activity consultation --level collaborate --date 2026-10-21 >/dev/null'
say 'engage-log --quiet --peer Wren --hours 1 --activity meeting --level inform --date 2026-10-28 --no-honorarium >/dev/null'
say 'engage-log --list --period last-month --unpaid'
echo "The monthly payroll: a dry run shows exactly what would be paid."
echo "Raven's payment crosses the T4A threshold with no legal name, SIN or address:"
say 'honorarium-pay --run --period last-month --dry-run'
say 'honorarium-pay --run --period last-month'
echo "Run again, it pays nothing (exit 0):"
say 'honorarium-pay --run --period last-month'
echo "Cash on the spot at today's meeting, and a receipt to sign; for a peer"
echo "with no ID, the receipt and a witness are the proof of payment.  The cash"
echo "pays Wren's oldest engagement still owed, today's meeting, so the monthly"
echo "run will not pay it again:"
say 'engage-log --quiet --peer Wren --hours 1 --activity meeting --level consult >/dev/null'
say 'id=$(honorarium-pay --quiet --peer Wren --amount 25.00 --ref wren-2026-11-23 --json | jq .id) && honorarium-pay --receipt "$id"'
echo "A script retried with the same ref never pays twice:"
say 'honorarium-pay --peer Wren --amount 25.00 --ref wren-2026-11-23'
echo "A bus ticket is a reimbursement, not income:"
say 'honorarium-pay --peer Wren --amount 6.00 --kind reimbursement --category transit'
echo "Engagements chosen with a filter, paid from a pipe (one payment per peer):"
say 'engage-log --quiet --peer Sage --hours 8 --activity outreach --level involve --date 2026-11-16 >/dev/null'
say 'engage-log --quiet --peer Kestrel --hours 2 --activity training --level involve --date 2026-11-18 >/dev/null'
say 'engage-log --list --unpaid --period this-month --json | honorarium-pay --format table -'
echo "Earnings count in the month received: Sage has had 315.00 in November"
echo "(October's payroll included).  --strict refuses what would cut into the"
echo "assistance (exit 1, nothing written):"
say 'honorarium-pay --strict --peer Sage --amount 320.00 || echo "exit $?: not paid"'
echo "A gift card is accepted, with a warning; Sage asks for cash instead, so"
echo "it is voided (never deleted) and paid again:"
say 'honorarium-pay --peer Sage --amount 20.00 --method gift-card'
say 'honorarium-pay --quiet --list --method gift-card --status paid --json | jq .id | xargs -I{} honorarium-pay --void {} --reason "Sage asked for cash"'
say 'honorarium-pay --peer Sage --amount 20.00'
echo "This month's payments, the year so far per peer, and what each peer is"
echo "owed or holds in credit:"
say 'honorarium-pay --list --period this-month'
say 'honorarium-pay --totals'
say 'honorarium-pay --balance'
echo
echo "Another site keeps its own store.  The region merges it into this one"
echo "by uuid, in order: peers, engagements, then the payments that settled"
echo "them (an engagement arrives unpaid until its payment follows):"
say 'site="${PEERKIT_DB%/*}/site-b.db"; peer-add --db "$site" --quiet --alias Heron >/dev/null && engage-log --db "$site" --quiet --peer Heron --hours 2 --activity meeting --level consult --date 2026-11-10 >/dev/null && honorarium-pay --db "$site" --quiet --run --period this-month >/dev/null'
say 'site="${PEERKIT_DB%/*}/site-b.db"; peer-list --db "$site" --json --reveal-sin | peer-add - && engage-log --db "$site" --list --json | engage-log - && honorarium-pay --db "$site" --quiet --list --json | honorarium-pay -'
say 'honorarium-pay --quiet --list --peer Heron --json | jq -c "{amount, engagement_uuids}"'
echo "Merged again, nothing changes:"
say 'site="${PEERKIT_DB%/*}/site-b.db"; honorarium-pay --db "$site" --quiet --list --json | honorarium-pay -'
