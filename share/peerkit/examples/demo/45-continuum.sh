# The continuum over time: a role change kept with its day, the path it
# makes, summaries by the role held on the day, what the next role
# needs, a term that ends, and whether each group is paid its rate.
echo
echo "== The continuum over time (peer-add, peer-list, onboard-check, engage-log)"
echo "Wren, a participant, becomes a peer worker today; the change is kept with its day:"
say 'peer-add --update Wren --role peer-worker'
say 'engage-log --peer Wren --hours 2 --activity shift --level involve'
say 'peer-list Wren | sed -n "/^Roles/,\$p"'
echo "Summaries by role use the role held on each engagement's date: Wren's October shift counts as a participant's."
say 'engage-log --summary --period 2026-10-01..2026-11-30 --by role --json | jq -c "{group, engagements, peers}"'
echo "What Wren still needs for the next role of the progression:"
say 'onboard-check Wren --next --json | jq -r "[.role, .key, .status] | @tsv" || echo "exit $?: something is due"'
echo "Moss's term as an outreach worker ends on 2026-12-15: onboard-check reminds 30 days before."
say 'peer-add --update Moss --term-end 2026-12-15 --json | jq -c "{alias, role, term_end}"'
say 'onboard-check Moss --json | jq -r "select(.key == \"term-end\") | [.status, .expires_on, .title] | @tsv"'
echo "Pay equity: the honorarium due per hour beside the configured rate, by region:"
say 'engage-log --summary --period 2026-10 --by region --rates'
