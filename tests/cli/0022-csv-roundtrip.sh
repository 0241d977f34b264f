#!/bin/sh
# CSV out has every field of each record, in the order of its JSON, and
# reads back unchanged: peers, engagements and payments exported as CSV
# and imported into a fresh store make the same JSON, and re-importing
# them into their own store changes nothing.
. "$(dirname "$0")/lib.sh"

# Values that test the format: a formula, text that only begins like a
# guarded one, a comma, quotes, a line break, ';' in text and in a list
# item (a gift card's warning), lists, an object, an inactive peer, a
# void engagement, a part payment, a void payment.
cat >"$tmp/peers.jsonl" <<'EOF'
{"alias":"Émilie","role":"peer-worker","region":"North","notes":"meets Tuesdays, at the hub; \"always\"\nsecond line","sin_requested":["2026-01-05","2026-02-01"],"demographics":{"age":"30-39","langs":["fr","en"]}}
{"alias":"=cmd()","role":"participant","city":"Prince George","postal_code":"V2L 1A1","province":"BC"}
{"alias":"'=x","notes":"-5 is not a number here","phone":"+1 250 555 0100"}
{"alias":"Moss","given_name":"M.","surname":"O'Brien","email":"moss@example.org","payment_method":"etransfer"}
EOF
ok_cmd peer-add "$tmp/peers.jsonl"
ok_cmd peer-add --deactivate "'=x"
cat >"$tmp/eng.jsonl" <<'EOF'
{"peer":"Émilie","date":"2026-11-02","hours":"1.5","activity":"meeting","level":"consult","supports":["transit","meal"],"note":"agenda; budget, \"hiring\"","project":"Harm reduction, phase 2"}
{"peer":"=cmd()","date":"2026-11-03","hours":"2","activity":"outreach","level":"involve","amount_due":"60.00"}
{"peer":"Moss","date":"2026-11-04","hours":"1","activity":"meeting","level":"inform"}
{"peer":"Moss","date":"2026-11-05","hours":"1","activity":"shift","level":"inform"}
EOF
ok_cmd engage-log "$tmp/eng.jsonl"
ok_cmd engage-log --void 4 --reason "logged twice, sorry"
ok_cmd honorarium-pay --peer Émilie --for 1 --ref "e-1;a" --note "cash; receipt 12"
ok_cmd honorarium-pay --peer =cmd\(\) --for 2 --amount 20.00 --note "part, the rest later"
ok_cmd honorarium-pay --peer Moss --amount 5.00 --kind reimbursement --category transit
ok_cmd honorarium-pay --peer Moss --amount 30.00 --method gift-card
ok_cmd honorarium-pay --void 3 --reason "wrong peer, paid again"

# lister WHAT: the command that lists the store's peers, engagements or
# payments.
lister() {
	case $1 in
	peers) echo peer-list ;;
	engagements) echo engage-log --list ;;
	payments) echo honorarium-pay --list -q ;;
	esac
}

# CSV out: every field, in the order of the JSON.
for what in peers engagements payments; do
	list=$(lister "$what")
	ok_cmd -o "$tmp/$what.json" $list --json
	ok_cmd -o "$tmp/$what.csv" $list --format csv
	ok_cmd -o "$tmp/$what.keys" jq -r -s '.[0] | keys_unsorted | join(",")' "$tmp/$what.json"
	check "$what: the CSV header is the JSON's fields, in order" \
	    test "$(head -n 1 "$tmp/$what.csv" | tr -d '\r')" = "$(cat "$tmp/$what.keys")"
done
check "a formula guarded" grep -q ",'=cmd()," "$tmp/peers.csv"
check "text that began with an apostrophe gets one more" grep -q ",''=x," "$tmp/peers.csv"
check "a list whose item holds a ; is written as JSON" \
    grep -q ',"\[""gift card: [^;]*;' "$tmp/payments.csv"
ok_cmd -o "$tmp/bom.csv" peer-list --format csv --bom
check "--bom: the output begins with a byte order mark" \
    test "$(head -c 3 "$tmp/bom.csv")" = "$(printf '\357\273\277')"
check "--bom: and is the CSV otherwise" \
    test "$(tail -c +4 "$tmp/bom.csv")" = "$(cat "$tmp/peers.csv")"

# Into a fresh store (a file; from PostgreSQL, into the other engine):
# peers (the BOM file), engagements, payments.
store=$PEERKIT_DB
export PEERKIT_DB="$tmp/fresh.db"
run peer-add "$tmp/bom.csv"
is_rc 0 "peers from CSV into a fresh store"
err_has "4 added, 0 updated, 0 unchanged, 0 rejected" "four peers"
run engage-log "$tmp/engagements.csv"
is_rc 0 "engagements from CSV"
run honorarium-pay -q "$tmp/payments.csv"
is_rc 0 "payments from CSV"
for what in peers engagements payments; do
	list=$(lister "$what")
	run $list --json
	is_rc 0 "the fresh store's $what"
	is_out "$tmp/$what.json" "$what: the JSON of both stores is the same"
	run $list --format csv
	is_rc 0 "the fresh store's $what as CSV"
	is_out "$tmp/$what.csv" "$what: and so is the CSV"
done

# Read back into the store they came from, they change nothing.
export PEERKIT_DB="$store"
snap
run peer-add "$tmp/peers.csv"
is_rc 0 "peers re-imported"
err_has "0 added, 0 updated, 4 unchanged" "all unchanged"
run engage-log "$tmp/engagements.csv"
is_rc 0 "engagements re-imported"
err_has "0 added, 4 unchanged" "all unchanged"
unchanged "re-importing CSV exports"
done_testing
