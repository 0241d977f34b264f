# Critical incidents: a peer responded; the program offers a debrief and
# check-ins, respects a refusal, and only aggregates leave the record.
echo
echo "== Critical incidents (engage-log --incident): follow-ups, and only aggregates out"
echo "Raven responded to an overdose on an outreach shift: the shift and the incident in one command."
say 'engage-log --incident overdose-response --peer Raven --hours 4 --activity outreach --level involve --date 2026-11-20'
echo "Wren was at a death in the community, on no shift: the incident alone, never the client."
say 'engage-log --incident death --peer Wren --date 2026-11-16'
echo "The follow-ups are items of onboard-check; exit status 1 while one is due."
say 'onboard-check Raven --json | jq -r "select(.incident_id) | [.key, .status, .due_by] | @tsv"'
echo "Wren declined the debrief: respected, recorded, never overdue."
say 'onboard-check Wren --declined debrief --date 2026-11-17'
say 'onboard-check --all --json | jq -r "select(.incident_id) | [.alias, .key, .status] | @tsv"'
echo "Only aggregates leave a peer's record, small groups suppressed (here 1: none):"
say 'engage-log --summary --period 2026-11 --by kind --suppress 1'
