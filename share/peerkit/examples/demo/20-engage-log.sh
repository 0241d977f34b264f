# Engagements: what peers did, the honorarium due, and the month's report.
echo
echo "== Logging engagements (engage-log): the amount due comes from the activity's rates"
echo "A group meeting: one command, one record per peer, with the supports provided:"
say 'engage-log --date 2026-10-06 --peer Raven --peer Moss --peer Kestrel --hours 1.5 --activity meeting --level consult --support meal,transit --project "naloxone kits"'
echo "Twenty minutes of consultation earns the activity's minimum; a volunteer shift earns nothing:"
say 'engage-log --date 2026-10-14 --peer Kestrel --hours 0:20 --activity consultation --level involve'
say 'engage-log --date 2026-10-20 --peer Wren --hours 3 --activity shift --level inform --no-honorarium'
echo "A batch of JSON Lines (a sign-in sheet typed up), all or nothing:"
say "printf '%s\n' '{\"peer\":\"Sage\",\"date\":\"2026-10-22\",\"hours\":\"2\",\"activity\":\"training\",\"level\":\"collaborate\"}' '{\"peer\":\"Raven\",\"date\":\"2026-10-28\",\"hours\":\"4\",\"activity\":\"outreach\",\"level\":\"empower\",\"supports\":[\"transit\"]}' '{\"peer\":\"Moss\",\"date\":\"2026-11-04\",\"hours\":\"1\",\"activity\":\"event\",\"level\":\"inform\"}' | engage-log -"
echo "A mistake is refused with the reason, and nothing is stored:"
say 'engage-log --peer Raven --hours 26 --activity meeting --level consult || echo "(exit $?)"'
echo "Logged twice by mistake: void it; it stays on record."
say 'engage-log --date 2026-10-28 --peer Raven --hours 4 --activity outreach --level empower -q'
say 'engage-log --void 9 --reason "logged twice"'
echo "What is owed for October, ready for honorarium-pay:"
say 'engage-log --list --period 2026-10 --unpaid'
say 'engage-log --list --period 2026-10 --unpaid --json | jq -c "{id, alias, amount_due}"'
echo "Re-importing an export changes nothing (every record has a uuid):"
say 'engage-log --list --json | engage-log -'
echo "The monthly report for managers (cron), and the same numbers for machines:"
say 'engage-log --summary --period 2026-10 --by region'
say 'engage-log --summary --period 2026-10 --by role --suppress 2'
say 'engage-log --summary --period 2026-10 --json | jq -c "{engagements, peers, hours, due, outstanding, consult_share}"'
