# Onboarding: each role's checklist, steps at intake, a yearly renewal,
# and the weekly list whose exit status says whether anything is due.
echo
echo "== Onboarding (onboard-check): checklists per role, with renewals"
echo "A participant's checklist; exit status 1 means something is due:"
say 'onboard-check Wren || echo "exit $?: something is due"'
echo "At intake, several items in one step; a waiver needs a reason:"
say 'onboard-check Wren --done job-description --done orientation --done confidentiality --date 2026-11-02 --note "at the drop-in"'
say 'onboard-check Wren --waive payment-setup --reason "prefers cash; declined bank set-up"'
say 'onboard-check Wren && echo "exit 0: nothing due"'
echo "A peer worker: overdose response training must be renewed every 12 months."
say 'onboard-check Raven --done job-description --done orientation --done confidentiality --done team-agreement --done payment-setup --done harm-reduction --done trauma-informed-care --done cultural-safety --done mentor --date 2026-10-15 --quiet >/dev/null'
say 'onboard-check Raven --done overdose-response --date 2025-12-10'
echo "Criminal record checks never block work: a record excludes no one."
say 'onboard-check Raven --json | jq -r "select(.blocks | not) | [.key, .status] | @tsv"'
echo "The weekly cron job: every active peer with something due, expiring or expired."
say 'onboard-check --all --role peer-worker && echo "exit 0: only a renewal coming up"'
say 'onboard-check --all --json | jq -r "[.alias, .status] | @tsv" | sort | uniq -c'
say 'onboard-check --all -q >/dev/null || echo "exit $?: mail the coordinator"'
