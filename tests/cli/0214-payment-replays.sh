#!/bin/sh
# A payment played back, or merged into another store, is paid as it
# was, once, whatever happened to it since:
#   - a run's payment over payment.max_amount (a run is not held to it)
#     is a duplicate in its own store and is merged into another, with
#     its T4A income;
#   - an export read before the credit it left was used is the same
#     payment after, and the engagement that credit paid arrives in the
#     other store paid by it, not also "paid elsewhere": no credit is
#     counted twice, and a run there pays what is owed, no more;
#   - a site's store is merged whole when a peer has left since: their
#     engagements and payments are history, not new work;
#   - a retry of a --ref payment that named an engagement by uuid is a
#     duplicate, and so is one that names a record merged since.
. "$(dirname "$0")/lib.sh"

new_store a a
new_store b b
export PEERKIT_DB="$a"
merge() {	# merge: A's peers, engagements and payments into B
	peer-list --db "$a" --json >"$tmp/p.jsonl" &&
	    engage-log --db "$a" --list --json >"$tmp/e.jsonl" &&
	    honorarium-pay --db "$a" --list --json >"$tmp/pay.jsonl" || return 1
	peer-add --db "$b" -q "$tmp/p.jsonl" &&
	    engage-log --db "$b" -q "$tmp/e.jsonl" &&
	    honorarium-pay --db "$b" -q "$tmp/pay.jsonl"
}
balance() {	# balance STORE: due paid owed credit, of Raven
	honorarium-pay --db "$1" --balance Raven --json 2>/dev/null |
	    jq -r '"\(.due) \(.paid) \(.owed) \(.credit)"'
}

# --- A run's payment of 1,200.00: over max_amount (1,000.00) ---
ok_cmd peer-add --alias Raven
for d in 02 03 04 05 06 07; do
	ok_cmd engage-log --peer Raven --hours 8 --activity meeting \
	    --level inform --date 2026-11-$d
done
ok_cmd honorarium-pay -q --run --period 2026-11 --method etransfer
check "the run paid 1200.00 in one payment" test \
    "$(honorarium-pay --list --json | jq -r .amount)" = 1200.00
ok_cmd -o "$tmp/run.jsonl" honorarium-pay --list --json
snap
run honorarium-pay "$tmp/run.jsonl"
is_rc 0 "the run's export played back"
err_has 'already paid as payment 1 .*nothing to do' "is a duplicate"
unchanged "the play-back"
run merge
is_rc 0 "merged into another store"
check "with its income there" test "$(t4a-report --db "$b" --year 2026 \
    --json 2>/dev/null | jq -r .total)" = 1200.00
check "and the same balance" test "$(balance "$b")" = "$(balance "$a")"
bad 65 'field "amount": 1200.00 is more than 1000.00' \
    "a typed amount over max_amount is still refused" \
    honorarium-pay --peer Raven --amount 1200.00

# --- An export read before its credit was used ---
new_store a2 a2
new_store b2 b2
a=$a2 b=$b2
export PEERKIT_DB="$a"
ok_cmd peer-add --alias Raven
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform \
    --date 2026-11-02
ok_cmd honorarium-pay -q --peer Raven --amount 50.00 --method etransfer
check "25.00 paid, 25.00 left in credit" test "$(balance "$a")" = \
    "25.00 25.00 0.00 25.00"
ok_cmd -o "$tmp/week1.jsonl" honorarium-pay --list --json
ok_cmd merge
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform \
    --date 2026-11-03
check "the credit pays the next engagement" test "$(balance "$a")" = \
    "50.00 50.00 0.00 0.00"
snap
run honorarium-pay "$tmp/week1.jsonl"
is_rc 0 "the export read before is played back"
err_has 'already paid as payment 1 .*nothing to do' "a duplicate: the same payment"
unchanged "the play-back"
run merge
is_rc 0 "merged again, with the engagement the credit paid"
lacks "that engagement is not said to be paid elsewhere" 'does not hold' "$tmp/err"
check "B agrees with A: no credit counted twice" test "$(balance "$b")" = \
    "50.00 50.00 0.00 0.00"
check "the engagement is paid by the payment B holds" test "$(engage-log \
    --db "$b" --list --json | jq -r 'select(.date == "2026-11-03") |
    "\(.amount_paid) \(.paid_elsewhere) \(.payment_uuid)"')" = \
    "25.00 0.00 $(honorarium-pay --db "$b" --list --json | jq -r .uuid)"
check "B's ledger: the credit moved to the engagement" test "$(PEERKIT_DB=$b \
    sql "SELECT sum(amount) FROM allocations WHERE engagement_id IS NULL")" = 0
ok_cmd engage-log --db "$b" --peer Raven --hours 1 --activity meeting \
    --level inform --date 2026-11-05
check "a new engagement in B is owed, not paid by credit that is not" test \
    "$(balance "$b")" = "75.00 50.00 25.00 0.00"
run honorarium-pay --db "$b" --run --period 2026-11 --json
is_rc 0 "a run in B"
thru jq -r .amount
is_outs 25.00 "pays the 25.00 owed, no more"

# --- A site's store merged after a peer has left ---
# The peer's engagements and payments are their history, and the
# honoraria paid are T4A income: they come whatever became of the peer.
new_store site site
new_store region region
a=$site b=$region
export PEERKIT_DB="$a"
ok_cmd peer-add --alias Fern
ok_cmd engage-log --peer Fern --hours 1 --activity meeting --level consult \
    --date 2026-11-10
ok_cmd honorarium-pay -q --peer Fern --amount 25.00 --date 2026-11-10
ok_cmd peer-add --deactivate Fern
run merge
is_rc 0 "a site's store with a peer since deactivated is merged"
check "with the peer's engagement and payment" test "$(balance "$b")" = \
    "$(balance "$a")"
check "and their income" test "$(honorarium-pay --db "$b" --totals --year \
    2026 --json 2>/dev/null | jq -r .taxable)" = 25.00
bad 65 'peer "Fern" \(id 1\) is inactive' \
    "new work for the inactive peer is still refused" \
    engage-log --db "$b" --peer 1 --hours 1 --activity meeting \
    --level consult --date 2026-11-11
printf '{"peer":"Fern","date":"2026-11-12","hours":"1.00","activity":"meeting","level":"consult"}\n' \
    >"$tmp/new.jsonl"
bad 65 'new.jsonl:1: peer "Fern" \(id 1\) is inactive' \
    "as a record without created_at" engage-log --db "$b" "$tmp/new.jsonl"
bad 65 'peer Fern \(id 1\) is inactive' "and a payment to them" \
    honorarium-pay --db "$b" --peer 1 --amount 5.00

# --- A --ref retry that named an engagement by uuid ---
new_store c c
export PEERKIT_DB="$c"
ok_cmd peer-add --alias Raven
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform \
    --date 2026-11-02
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform \
    --date 2026-11-03
u=$(engage-log --list --json | jq -r 'select(.id == 1).uuid')
ok_cmd honorarium-pay --for "$u" --amount 50.00 --note "both meetings" --ref r1
snap
run honorarium-pay --for "$u" --amount 50.00 --note "both meetings" --ref r1
is_rc 0 "the same --ref payment again, by uuid"
err_has 'ref r1: already paid as payment 1' "is a duplicate"
unchanged "the retry by uuid"
run honorarium-pay --for 1 --amount 50.00 --note "both meetings" --ref r1
is_rc 0 "and by id"
bad 65 'ref "r1" is already payment 1, a different payment \(its engagements differs\)' \
    "the same ref for other engagements is refused" \
    honorarium-pay --for 2 --amount 50.00 --note "both meetings" --ref r1

# --- A retry, or an export, naming a record merged since ---
# The payment went with the record to the one kept: naming the old
# record, the same payment is a duplicate; another peer's is not.
ok_cmd peer-add --alias "Alex S"
ok_cmd honorarium-pay -q --peer "Alex S" --amount 20.00 --ref r2
ok_cmd -o "$tmp/alex.jsonl" honorarium-pay --list --json --peer "Alex S"
ok_cmd peer-add -q --merge "Alex S" --into Raven
snap
run honorarium-pay --peer "Alex S" --amount 20.00 --ref r2
is_rc 0 "a --ref retry naming the record merged since"
err_has 'ref r2: already paid as payment 2 .*Raven' "is a duplicate, the payment now Raven's"
run honorarium-pay "$tmp/alex.jsonl"
is_rc 0 "an export made before the merge, played back"
err_has 'already paid as payment 2' "a duplicate too"
unchanged "the retries after the merge"
ok_cmd peer-add --alias Zed
bad 65 'ref "r2" is already payment 2, a different payment \(its peer differs\)' \
    "the same ref for another peer is still refused" \
    honorarium-pay --peer Zed --amount 20.00 --ref r2
done_testing
