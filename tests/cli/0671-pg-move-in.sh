#!/bin/sh
# PostgreSQL: moving a site in.  A site's SQLite store (peers, a SIN,
# engagements, one void, payments paid one at a time and by a payroll
# run, one void, a reimbursement) goes into a PostgreSQL store through
# the tools' own export and import, by uuid, as the README says (peers,
# engagements, then payments).  The totals, the T4A amounts and the
# engagements' counts are the same on both; importing again adds nothing.
. "$(dirname "$0")/lib.sh"
pg_store_only "a move from an SQLite store into PostgreSQL's"

site=$tmp/site.db
pg=$PEERKIT_DB
s() { ok_cmd "$@" --db "$site"; }
s peer-add --alias Raven --surname Lee --given-name Ray --region north --site A
s peer-add --alias Moss --region north --site A --payment-method etransfer
s peer-add --alias Wren --region north --site A
printf '130 692 544\n' >"$tmp/sin"
ok_cmd peer-add --db "$site" --update Raven --sin - <"$tmp/sin"
ok_cmd engage-log --db "$site" --peer Raven --peer Moss --peer Wren --hours 8 \
    --activity shift --level involve --date 2026-03-02 --amount 400.00
ok_cmd engage-log --db "$site" --peer Raven --hours 2 --activity meeting \
    --level consult --date 2026-04-06
ok_cmd engage-log --db "$site" --peer Moss --hours 1 --activity event \
    --level inform --date 2026-04-07
ok_cmd engage-log --db "$site" --peer Wren --hours 1 --activity event \
    --level inform --date 2026-04-08
ok_cmd engage-log --db "$site" --void 6 --reason "logged twice"
s honorarium-pay --peer Raven --amount 150.00 --date 2026-03-10
s honorarium-pay --peer Moss --amount 60.00 --date 2026-03-11
s honorarium-pay --void 2 --reason "wrong amount"
s honorarium-pay --peer Wren --amount 12.50 --kind reimbursement \
    --category transit --date 2026-03-12
s honorarium-pay --run --period 2026-03 --date 2026-03-31
s honorarium-pay --peer Raven --for 4 --date 2026-04-10

# The export, and the import into PostgreSQL.
ok_cmd -o "$tmp/peers.jsonl" peer-list --db "$site" --json --reveal-sin
ok_cmd -o "$tmp/eng.jsonl" engage-log --db "$site" --list --period 2026 --json
ok_cmd -o "$tmp/pay.jsonl" honorarium-pay --db "$site" --list --period 2026 --json
check "3 peers, 6 engagements and 7 payments exported" test \
    "$(wc -l <"$tmp/peers.jsonl") $(wc -l <"$tmp/eng.jsonl") $(wc -l <"$tmp/pay.jsonl")" = "3 6 7"
# import_all WHEN: the peers, engagements and payments into PostgreSQL.
import_all() {
	run peer-add -q - <"$tmp/peers.jsonl"
	is_rc 0 "the peers imported into PostgreSQL$1"
	run engage-log -q - <"$tmp/eng.jsonl"
	is_rc 0 "the engagements$1"
	run honorarium-pay -q - <"$tmp/pay.jsonl"
	is_rc 0 "the payments$1"
}
import_all ""

# both NAME CMD...: CMD's stdout on the SQLite store and on PostgreSQL's
# ($tmp/NAME.sqlite, $tmp/NAME.pg).
both() {
	b_n=$1
	shift
	ok_cmd -o "$tmp/$b_n.sqlite" "$@" --db "$site"
	ok_cmd -o "$tmp/$b_n.pg" "$@" --db "$pg"
}
# same NAME FILTER DESC: FILTER gives the same on both (and not nothing).
same() {
	jq -S -s "$2" "$tmp/$1.sqlite" >"$tmp/$1.a" &&
	    jq -S -s "$2" "$tmp/$1.pg" >"$tmp/$1.b"
	check "$3: jq reads both" test $? = 0
	run diff -u "$tmp/$1.a" "$tmp/$1.b"
	is_rc 0 "$3: the same on both"
	check "$3: something to compare" test -s "$tmp/$1.a"
	cp "$tmp/$1.a" "$tmp/out"
}
both totals honorarium-pay --totals --year 2026 --json
same totals 'map(del(.id, .peer_id))' "honorarium-pay --totals"
thru jq -r '.[] | "\(.alias) \(.taxable) \(.reimbursements)"'
is_outs "Raven 450.00 0.00
Moss 400.00 0.00
Wren 400.00 12.50" "each peer's honoraria and reimbursements, the void payment left out"
both t4a t4a-report --year 2026 --all --json
same t4a 'map({uuid, alias, total, payments})' "t4a-report's amounts"
both eng engage-log --list --period 2026 --json
same eng 'group_by(.status) | map({status: .[0].status, n: length,
    due: (map(.amount_due | tonumber * 100 | round) | add),
    paid: (map(.amount_paid | tonumber * 100 | round) | add)})' \
    "the engagements counted and summed by status"
thru jq -r '.[] | "\(.status) \(.n)"'
is_outs "paid 4
unpaid 1
void 1" "4 paid, 1 unpaid, 1 void"
both pay honorarium-pay --list --period 2026 --json
same pay 'map({uuid, peer_uuid, amount, kind, status, engagement_uuids,
    allocations: (.allocations | map({engagement_uuid, amount}))})' \
    "each payment, by uuid, with what it paid"

# The same export read again: nothing new.
snap
import_all " again"
unchanged "a second import adds nothing"
done_testing
