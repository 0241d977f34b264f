#!/bin/sh
# What is owed, paid and still due, as a new user meets it: cash on the
# spot is not paid again by the monthly run; a partial payment leaves the
# rest owed; an advance is credit the next engagement takes; a typed
# amount due has a ceiling; one SIN is one person.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias Moss
ok_cmd peer-add --alias Wren

# Cash on the spot, then the monthly run: paid once.
ok_cmd engage-log --peer Raven --hours 1.5 --activity meeting --level consult \
    --date 2026-11-10
run honorarium-pay --peer Raven --amount 37.50 --json
is_rc 0 "cash on the spot"
check "it says which engagement it settled" jq -e \
    '.engagements == [1] and .allocations[0].amount == "37.50" and .credit == "0.00"' \
    "$tmp/out"
run honorarium-pay --run --period 2026-11
is_rc 0 "the monthly run"
err_has 'nothing to pay in 2026-11-01\.\.2026-11-30' "pays Raven nothing more"
run engage-log --list --peer Raven --json
is_rc 0 "Raven's engagement"
check "is paid, in full" jq -e '.status == "paid" and .amount_paid == "37.50" and .balance == "0.00"' "$tmp/out"

# A partial payment leaves the rest owed, and the run pays only that.
ok_cmd engage-log --peer Moss --hours 1 --activity meeting --level consult \
    --amount 20 --date 2026-11-12
run honorarium-pay --for 2 --amount 5 --note advance
is_rc 0 "5.00 for a 20.00 engagement"
run engage-log --list --peer Moss --json
is_rc 0 "Moss's engagement"
check "part-paid, 15.00 still owed" jq -e \
    '.status == "part-paid" and .amount_paid == "5.00" and .balance == "15.00"' "$tmp/out"
run engage-log --list --unpaid --json
is_rc 0 "what is still owed"
check "--unpaid lists it" jq -se 'map(.id) == [2]' "$tmp/out"
run honorarium-pay --run --period 2026-11 --json
is_rc 0 "the run"
check "pays the 15.00 owed, nothing more" jq -se \
    'length == 1 and .[0].alias == "Moss" and .[0].amount == "15.00"' "$tmp/out"

# Half before, half after: an advance is credit, which the engagement
# takes when it is logged.
run honorarium-pay --peer Wren --amount 20.00 --note "half before"
is_rc 0 "an advance"
run honorarium-pay --balance Wren --json
is_rc 0 "Wren's balance"
check "20.00 in credit" jq -e '.credit == "20.00" and .owed == "0.00"' "$tmp/out"
run engage-log --peer Wren --hours 1 --activity meeting --level involve \
    --amount 40 --date 2026-11-20 --json
is_rc 0 "the engagement"
check "takes the credit: 20.00 of 40.00 paid" jq -e \
    '.status == "part-paid" and .amount_paid == "20.00"' "$tmp/out"
run honorarium-pay --for 3 --note "half after" --json
is_rc 0 "half after"
check "pays the 20.00 still owed" jq -e '.amount == "20.00"' "$tmp/out"
run honorarium-pay --balance --json
is_rc 0 "every balance"
check "due, paid, owed and credit add up" jq -se \
    'all(.[]; ((.due | tonumber) - (.paid | tonumber)) == (.owed | tonumber))
     and map(.owed) == ["0.00", "0.00", "0.00"] and map(.credit) == ["0.00", "0.00", "0.00"]' \
    "$tmp/out"
run engage-log --summary --period 2026-11 --json
is_rc 0 "the summary"
check "due, paid and outstanding add up to the cent" jq -se \
    '.[-1] | .due == "97.50" and .paid == "97.50" and .outstanding == "0.00"' "$tmp/out"

# A ceiling on what an engagement is due: a typo is refused.
bad 65 'field "amount_due": 3750\.00 is more than 1000\.00, the most one engagement may be due \(engagement\.max_amount\)' \
    "an amount due of 3750" engage-log --peer Raven --hours 1 --activity meeting \
    --level consult --amount 3750
bad 65 'is more than 1000\.00, the most one engagement may be due' \
    "an amount that would wrap a sum" engage-log --peer Raven --hours 1 \
    --activity meeting --level consult --amount 92233720368547758.07
run engage-log --summary --period 2026 --json
is_rc 0 "the summary still adds up"
lacks "no total is negative" '"-' "$tmp/out"

# One person, one SIN.
ok_cmd peer-add --update Raven --sin 130692544
bad 65 'field "sin": \*\*\*-\*\*\*-544 is already the SIN of peer 1 \(Raven\): one person has one record; merge them \(peer-add --merge\)' \
    "a SIN already on another peer" peer-add --alias Corvid --sin 130692544
lacks "the SIN is not in the message" '130692544' "$tmp/err"
bad 65 'already the SIN of peer 1 \(Raven\)' "nor on an update" \
    peer-add --update Moss --sin 130692544
# A person registered twice: their records merged.
ok_cmd peer-add --alias Corvid
ok_cmd engage-log --peer Corvid --hours 1 --activity meeting --level consult \
    --amount 300 --date 2026-11-21
ok_cmd honorarium-pay --peer Corvid --amount 300
ok_cmd honorarium-pay --peer Raven --amount 250 --date 2026-11-22
run t4a-report --year 2026 --json
is_rc 0 "before the merge"
check "nobody needs a slip: two records, each under 500.00" \
    jq -se 'map(select(.slip_required)) == []' "$tmp/out"
run peer-add --merge Corvid --into Raven --json
is_rc 0 "Corvid is Raven"
check "the record kept" jq -e '.alias == "Raven" and .status == "active"' "$tmp/out"
run peer-list Corvid --json
is_rc 0 "the duplicate stays on record"
check "inactive" jq -e '.status == "inactive"' "$tmp/out"
run t4a-report --year 2026 --json
is_rc 0 "after the merge"
check "one person over the threshold: a slip for Raven, 587.50" jq -se \
    'map(select(.slip_required)) | length == 1 and .[0].alias == "Raven" and .[0].total == "587.50"' \
    "$tmp/out"
run engage-log --list --peer Raven --json
is_rc 0 "Raven's engagements"
check "Corvid's is Raven's now" jq -se 'map(.id) | index(4) != null' "$tmp/out"
ok_cmd peer-add --alias Heron --sin 527194831 --surname Heron
ok_cmd peer-add --alias Egret --sin 719236457
bad 65 'peers [0-9]+ \(Heron\) and [0-9]+ \(Egret\) hold different SINs: two people, not one' \
    "two SINs are two people" peer-add --merge Heron --into Egret
ok_cmd peer-add --alias Stork --surname Stork
bad 65 'hold different legal names: two people, not one' "two legal names too" \
    peer-add --merge Stork --into Heron
bad 64 '^peer-add: --merge needs --into$' "--merge without --into" \
    peer-add --merge Heron

# A merge run twice does nothing the second time; a merged record is
# the other's history: not merged again, not kept, not brought back.
snap
run peer-add --merge Corvid --into Raven --json
is_rc 0 "the same merge again"
err_has 'Corvid was merged into Raven \(peer 1\) already: nothing to do' "says so"
unchanged "the merge run twice"
ok_cmd peer-add --alias Ibis
bad 65 'peer [0-9]+ \(Corvid\) was merged into peer 1 already' \
    "a merged record is not merged again" peer-add --merge Corvid --into Ibis
bad 65 'peer [0-9]+ \(Corvid\) was merged into peer 1: merge into that record' \
    "nor kept" peer-add --merge Ibis --into Corvid
bad 65 'peer [0-9]+ \(Corvid\) was merged into peer 1: change that record' \
    "nor reactivated" peer-add --reactivate Corvid
ok_cmd peer-add --alias Plover
ok_cmd peer-add --deactivate Ibis
bad 65 'peer [0-9]+ \(Ibis\) is inactive and [0-9]+ \(Plover\) active: keep the active record' \
    "an active record is not merged into an inactive one" peer-add --merge Plover --into Ibis
run peer-list Corvid --json
is_rc 0 "the merged record"
check "says which record it went to" jq -e '.merged_into == 1 and .status == "inactive"' "$tmp/out"
# What moved is audited record by record, the credit as the ledger
# audits it.
ok_cmd peer-add --alias Snipe
ok_cmd peer-add --alias Dunlin
ok_cmd engage-log --peer Snipe --hours 1 --activity meeting --level consult \
    --amount 10 --date 2026-11-20
ok_cmd honorarium-pay --peer Snipe --amount 15 --date 2026-11-21
mark=$(sql "SELECT max(id) FROM audit")
ok_cmd peer-add --merge Snipe --into Dunlin
snipe=$(sql "SELECT id FROM peers WHERE alias = 'Snipe'")
dunlin=$(sql "SELECT id FROM peers WHERE alias = 'Dunlin'")
run sql "SELECT kind, before, after FROM audit WHERE id > $mark AND action = 'merge' AND kind <> 'peer' ORDER BY id"
is_rc 0 "the merge's audit"
is_outs "engagement|{\"peer_id\":$snipe}|{\"peer_id\":$dunlin}
payment|{\"peer_id\":$snipe}|{\"peer_id\":$dunlin}
credit|{\"credit\":\"5.00\"}|{\"credit\":\"0.00\"}
credit|{\"credit\":\"0.00\"}|{\"credit\":\"5.00\"}" "the engagement, the payment and the credit moved"

# A void says what the peer is owed after it: credit may pay again what
# the payment had paid.
ok_cmd peer-add --alias Avocet
ok_cmd engage-log --peer Avocet --hours 1 --activity meeting --level consult \
    --amount 20 --date 2026-11-20
ok_cmd -o "$tmp/avocet-1" honorarium-pay --peer Avocet --amount 20 --date 2026-11-20 --json
ok_cmd honorarium-pay --peer Avocet --amount 30 --date 2026-11-21
run honorarium-pay --void "$(jq .id "$tmp/avocet-1")" --reason "paid twice"
is_rc 0 "void the first"
err_has 'is void; Avocet is owed 0\.00 in all, with 10\.00 in credit$' \
    "the credit paid it again: nothing owed"
# Two payments toward one engagement are for one engagement.
ok_cmd engage-log --peer Avocet --hours 2 --activity meeting --level consult \
    --amount 50 --date 2026-11-22
run honorarium-pay - <<'EOT'
{"peer":"Avocet","amount":"15.00","ref":"avocet-3"}
{"peer":"Avocet","amount":"25.00","ref":"avocet-4"}
EOT
is_rc 0 "two payments toward what is owed"
err_has 'paid: 2 payments, 40\.00 in all, for 1 engagement$' "counted once"

# Another store's engagement that arrived paid there is not owed here:
# neither credit nor a run pays it, and its payment, when it comes,
# takes it over.
new_store a a
new_store b b
main=$PEERKIT_DB
PEERKIT_DB=$a ok_cmd peer-add --alias Wren
PEERKIT_DB=$a ok_cmd engage-log --peer Wren --hours 1 --activity meeting \
    --level consult --amount 25 --date 2026-11-01
PEERKIT_DB=$a ok_cmd honorarium-pay --for 1 --date 2026-11-02
PEERKIT_DB=$a ok_cmd -o "$tmp/a-peers.jsonl" peer-list --json
PEERKIT_DB=$a ok_cmd -o "$tmp/a-eng.jsonl" engage-log --list --json
PEERKIT_DB=$a ok_cmd -o "$tmp/a-pay.jsonl" honorarium-pay --list --json
export PEERKIT_DB=$b
ok_cmd peer-add -q - <"$tmp/a-peers.jsonl"
ok_cmd honorarium-pay --peer Wren --amount 100 --date 2026-11-03
ok_cmd engage-log "$tmp/a-eng.jsonl"
run engage-log --peer Wren --hours 1 --activity meeting --level consult \
    --amount 25 --date 2026-11-05 --json
is_rc 0 "new work here"
check "takes the credit" jq -e '.status == "paid" and .paid_elsewhere == "0.00"' "$tmp/out"
run honorarium-pay --balance Wren --json
is_rc 0 "Wren's balance"
check "the engagement from A is not owed, and not paid from credit: 75.00 left" \
    jq -e '.owed == "0.00" and .credit == "75.00"' "$tmp/out"
run honorarium-pay "$tmp/a-pay.jsonl"
is_rc 0 "A's payment comes"
err_has 'paid: 1 payment, 25\.00 in all, for 1 engagement$' "and pays the engagement it paid in A"
run engage-log --list --json
is_rc 0 "the engagements"
check "paid by A's payment now, nothing elsewhere" jq -se \
    'map([.status, .amount_paid, .paid_elsewhere, (.payment_id != null)]) == [["paid", "25.00", "0.00", true], ["paid", "25.00", "0.00", true]]' \
    "$tmp/out"
run honorarium-pay --balance Wren --json
is_rc 0 "Wren's balance after"
check "the credit is what it was: nothing paid twice" jq -e '.owed == "0.00" and .credit == "75.00" and .paid == "50.00"' "$tmp/out"
run sql "SELECT after FROM audit WHERE action = 'allocate' AND kind = 'engagement' ORDER BY id DESC LIMIT 1"
is_rc 0 "the audit"
is_outs '{"amount_paid":"25.00","payment_id":2,"claimed_elsewhere":"25.00"}' "the payment took over what was paid elsewhere"
export PEERKIT_DB=$main

# A store from before the rule may hold one SIN twice: the slip is the
# person's, and not ready until the records are merged.
ok_cmd sql "UPDATE peers SET (sin_key, sin_box) = (SELECT sin_key, sin_box FROM peers WHERE alias = 'Heron') WHERE alias = 'Stork'"
ok_cmd honorarium-pay --peer Stork --amount 300 --date 2026-11-01
run honorarium-pay --peer Heron --amount 300 --date 2026-11-02 --json
is_rc 0 "the payment that takes the person over the threshold"
thru jq -r '.warnings[]'
is_outs "T4A: the taxable total for 2026 becomes 600.00, over the 500.00 threshold; missing for the slip: address, one record (the SIN is on two)" \
    "warns as t4a-report will say: the person's total, the records to merge"
run t4a-report --year 2026 --check --json
is_rc 1 "--check: not ready"
check "the two records are one person: 600.00, not ready, a duplicate" jq -se \
    'map(select(.alias == "Heron")) | length == 1 and .[0].total == "600.00" and .[0].ready == false and (.[0].missing | index("duplicate"))' \
    "$tmp/out"
done_testing
