#!/bin/sh
# One rule in one place: where two tools meet the same question (which
# peer a record means, whether a T4A slip is ready, what a mistake's exit
# status is, what a refused batch prints), they give the same answer.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --surname "   " --sin 130692544 \
    --address-line1 "1 Main St" --city Kelowna --province BC --postal-code "V1Y 1A1"
ok_cmd peer-add --alias Moss
ok_cmd peer-add --alias Heron
ok_cmd peer-add --deactivate Heron
ok_cmd -o "$tmp/raven.json" peer-list Raven --json
raven_uuid=$(jq -r .uuid "$tmp/raven.json")

# A record whose peer_id and alias name two peers is refused by every
# tool, with the same message.
printf '%s\n' '{"peer_id": 2, "alias": "Raven", "hours": "1", "activity": "meeting", "level": "consult"}' \
    >"$tmp/eng.jsonl"
bad 65 'eng.jsonl:1: field "alias": "Raven" is peer 1, not peer 2 \(Moss\) that field "peer_id" names$' \
    "engage-log: peer_id and alias disagree" engage-log "$tmp/eng.jsonl"
sed 's/^engage-log: //; s/eng\.jsonl//' "$tmp/err" | head -n 1 >"$tmp/eng.msg"
printf '%s\n' '{"peer_id": 2, "alias": "Raven", "amount": "5.00"}' >"$tmp/pay.jsonl"
bad 65 'pay.jsonl:1: field "alias": "Raven" is peer 1, not peer 2 \(Moss\) that field "peer_id" names$' \
    "honorarium-pay: peer_id and alias disagree" honorarium-pay "$tmp/pay.jsonl"
sed 's/^honorarium-pay: //; s/pay\.jsonl//' "$tmp/err" | head -n 1 >"$tmp/pay.msg"
run diff "$tmp/eng.msg" "$tmp/pay.msg"
is_rc 0 "the two tools say the same"

# Beside a peer_uuid, a peer_id is another store's: a merge reads back.
printf '{"peer_uuid": "%s", "peer_id": 99, "alias": "Raven", "hours": "1", "activity": "meeting", "level": "consult", "date": "2026-11-02"}\n' \
    "$raven_uuid" >"$tmp/merge.jsonl"
run engage-log "$tmp/merge.jsonl"
is_rc 0 "engage-log: another store's peer_id beside the uuid"
printf '{"peer_uuid": "%s", "peer_id": 99, "alias": "Raven", "amount": "5.00", "date": "2026-11-02"}\n' \
    "$raven_uuid" >"$tmp/merge-pay.jsonl"
run honorarium-pay "$tmp/merge-pay.jsonl"
is_rc 0 "honorarium-pay: another store's peer_id beside the uuid"
printf '{"peer_uuid": "%s", "alias": "Moss", "amount": "5.00"}\n' \
    "$raven_uuid" >"$tmp/uuid-alias.jsonl"
bad 65 'field "alias": "Moss" is peer 2, not peer 1 \(Raven\) that field "peer_uuid" names$' \
    "but an alias beside the uuid must agree" honorarium-pay "$tmp/uuid-alias.jsonl"

# T4A readiness: a surname of spaces is no surname, to both tools.
run honorarium-pay --peer Raven --amount 600.00 --date 2026-11-03
is_rc 0 "a payment crosses the T4A threshold"
err_has '^honorarium-pay: warning: Raven: T4A: the taxable total for 2026 becomes 605\.00, over the 500\.00 threshold; missing for the slip: legal surname$' \
    "honorarium-pay: the slip lacks a legal surname"
run t4a-report --year 2026 --check --json
is_rc 1 "t4a-report --check: a slip is not ready"
check "t4a-report: the same peer lacks the same thing" \
    jq -e 'select(.alias == "Raven") | .ready == false and .missing == ["surname"]' "$tmp/out"

# A group with one bad peer: nothing on stdout, nothing stored.
bad 65 '^engage-log: peer "Heron" \(id 3\) is inactive$' "a group with an inactive peer" \
    engage-log --peer Moss --peer Raven --peer Heron --hours 1 --activity meeting --level consult
check "prints nothing for the peers before it" test ! -s "$tmp/out"
err_has '^engage-log: nothing written$' "and says nothing was written"

# One status per mistake: a value of the wrong form is 64 on the command
# line in every mode, 65 in a record.
for args in "--list --method bitcoin" "--run --period 2026-11 --method bitcoin" \
    "--peer Moss --amount 5.00 --method bitcoin"; do
	bad 64 '^honorarium-pay: --method: "bitcoin" is not a payment method' \
	    "honorarium-pay $args" honorarium-pay $args
done
for t in "engage-log --list" "engage-log --summary" "honorarium-pay --list" \
    "honorarium-pay --run" "program-report --json"; do
	bad 64 "^${t%% *}: --period: period \"2026-13\": expected" "$t --period 2026-13" \
	    $t --period 2026-13
done
printf '{"peer": "Moss", "amount": "5.00", "method": "bitcoin"}\n' >"$tmp/method.jsonl"
bad 65 'method.jsonl:1: field "method": "bitcoin" is not a payment method' \
    "the same mistake in a record" honorarium-pay "$tmp/method.jsonl"

# The code's shape: a tool (cmd/*.c) asks lib/ and never the store
# itself: no SQL, no transaction of its own, no engine's call (SQLite's
# or libpq's); and of lib/, libpq is db-pg.c's alone (the engine is
# chosen in one place).  grep: 1 is "none found".
shape() {	# shape DESC ERE FILE...: no line of the files matches ERE
	s_desc=$1 s_re=$2
	shift 2
	grep -nE -- "$s_re" "$@" >"$tmp/shape" 2>&1
	s_st=$?
	[ "$s_st" = 1 ]
	t_result $? "$s_desc"
	[ "$s_st" = 1 ] || sed 's/^/#   /' "$tmp/shape" | head -n 10
}
check "the tools' sources are there" test -f "$top/cmd/peer-add.c"
shape "cmd/ names no SQLite call" '\bsqlite3(_[a-z_]+\b|\.h)' "$top"/cmd/*.c
shape "cmd/ names no libpq call" '\bPQ[a-zA-Z]+\b|libpq-fe\.h|\bpg_[a-z_]+\(' "$top"/cmd/*.c
shape "cmd/ opens, commits and rolls back no transaction" \
    '\bpk_store_(begin|commit|rollback)|\bpk_pg_|\bpk_(stmt|prepare|step|bind_[a-z]+)\(' "$top"/cmd/*.c
shape "cmd/ holds no SQL" \
    '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|BEGIN|COMMIT|ROLLBACK|CREATE (TABLE|INDEX))\b' \
    "$top"/cmd/*.c
set --
for f in "$top"/lib/*.c "$top"/lib/*.h; do
	case ${f##*/} in db-pg.c) ;; *) set -- "$@" "$f" ;; esac
done
shape "of lib/, only db-pg.c names libpq" '\bPQ[a-zA-Z]+\(|libpq-fe\.h' "$@"
done_testing
