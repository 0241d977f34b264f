#!/bin/sh
# peer-add: every bad input gets a clear message naming the field or
# line, a documented exit status, and leaves the store as it was.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Sam --region North
# A second alias that folds like one on record is refused now (0031);
# a store from before may hold one: made here with the database's shell
# (on PostgreSQL, the id's sequence then moved past it, as SQLite's
# next id is past the highest).
legacy() {	# legacy ID ALIAS REGION-SQL: a peer as an older peerkit added it
	ok_cmd sql "INSERT INTO peers (id, uuid, alias, region,
	    created_at, updated_at) VALUES ($1,
	    '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e0$1', '$2', $3,
	    '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
	if on_pg; then
		ok_cmd sql "SELECT setval(pg_get_serial_sequence('peers', 'id'),
		    (SELECT max(id) FROM peers))"
	fi
}
legacy 3 sam "'South'"

batch() {	# batch FILE-CONTENT
	printf '%s\n' "$1" >"$tmp/in.jsonl"
}

batch '{"alias": "A",'
bad 65 'in.jsonl:1: malformed JSON' "malformed JSON" peer-add "$tmp/in.jsonl"
batch '{"alias": "A"}
"alias"'
bad 65 'in.jsonl:2: expected a JSON object, got a string' "a line that is not an object" peer-add "$tmp/in.jsonl"
batch '[{"alias": "A"}, 42]'
bad 65 'in.jsonl: record 2: expected a JSON object' "an array element that is not an object" peer-add "$tmp/in.jsonl"
batch '{"alias": "A", "nickname": "B"}'
bad 65 'in.jsonl:1: unknown field "nickname"' "an unknown field" peer-add "$tmp/in.jsonl"
batch '{"alias": 42}'
bad 65 'in.jsonl:1: field "alias": expected a string' "a wrong type" peer-add "$tmp/in.jsonl"
batch '{"alias": "A", "demographics": [1]}'
bad 65 'field "demographics": expected an object' "demographics not an object" peer-add "$tmp/in.jsonl"
bad 65 'field "alias": empty' "an empty alias" peer-add --alias ""
long=$(printf '%0101d' 0)
bad 65 'field "alias": longer than 100' "an alias over 100 characters" peer-add --alias "$long"
bad 65 'SIN: the check digit is wrong' "a SIN with a bad checksum" peer-add --alias A --sin 130692545
lacks "the message does not repeat the SIN" 13069254 "$tmp/err"
bad 65 'SIN: no SIN begins with 0' "a SIN with leading 0" peer-add --alias A --sin 046454286
bad 65 'SIN: no SIN begins with 8' "a SIN with leading 8" peer-add --alias A --sin 800000002
bad 65 'field "province": "ZZ" is not a province' "an invalid province" peer-add --alias A --province ZZ
bad 65 'field "postal_code": "12345" is not a Canadian postal code' "an invalid postal code" peer-add --alias A --postal-code 12345
bad 65 'field "role": "boss" is not in the configured roles' "a role not in config" peer-add --alias A --role boss
bad 65 'field "benefit_program": "pwd" is not in the configured benefit_programs' "a benefit program not in config" peer-add --alias A --benefit-program pwd
bad 64 '^peer-add: --payment-method: "bitcoin" is not a payment method' "an unknown payment method" peer-add --alias A --payment-method bitcoin
bad 64 '^peer-add: --sin-requested: date "2026-02-30": no such date$' "an impossible date" peer-add --alias A --sin-requested 2026-02-30
bad 65 'field "sin_requested": 2026-12-01 is after today' "a date after today" peer-add --alias A --sin-requested 2026-12-01
bad 65 'no peer "Nobody"' "an unknown REF" peer-add --update Nobody --role participant
bad 65 'no peer with id 99' "an unknown id" peer-add --deactivate 99
bad 65 'peer "SAM" is ambiguous: id 2 \(region North\); id 3 \(region South\); use an id or uuid' "an ambiguous alias lists the candidates" peer-add --update SAM --role participant
ok_cmd peer-add --update 1 --site Hub --region North
ok_cmd peer-add --deactivate 3
legacy 4 RAVEN NULL
bad 65 'peer "raven" is ambiguous: id 1 \(role peer-worker, region North, site Hub\); id 4 \(no role, region or site; added 2026-11-23\); use an id or uuid' "the candidates with role, region and site" peer-list raven
bad 65 'peer "sAm" is ambiguous: id 2 \(region North\); id 3 \(region South, inactive\);' "an inactive candidate says so" peer-list sAm

# An alias a REF could never name: digits (an id) or a uuid's shape.
bad 65 'field "alias": "42" would read as an id, not as an alias: add a letter' "an alias of digits" peer-add --alias 42
bad 65 'field "alias": "0042" would read as an id' "a rename to digits" peer-add --update 2 --alias 0042
bad 65 'field "alias": "0f7b0c3e-3d1f-4f0a-9b7e-1c2d3e4f5a6b" would read as a uuid' "an alias shaped like a uuid" peer-add --alias 0f7b0c3e-3d1f-4f0a-9b7e-1c2d3e4f5a6b
batch '{"alias": "Fern"}
{"alias": "12"}'
bad 65 'in.jsonl:2: field "alias": "12" would read as an id' "a batch with an alias of digits" peer-add "$tmp/in.jsonl"
run peer-add --alias "Agent 99" --json
is_rc 0 "digits among other characters are an alias"

# A store from before the rule, with a peer called "77": reached by uuid
# or id, exported and re-imported as it is, renamed by uuid.
ok_cmd peer-add --alias Placeholder
ok_cmd sql "select id from peers where alias = 'Placeholder'"
old=$(cat "$tmp/ok.out")
ok_cmd sql "update peers set alias = '77' where id = $old"
ok_cmd sql "select uuid from peers where id = $old"
uuid77=$(cat "$tmp/ok.out")
bad 65 "no peer with id 77; the peer with the alias \"77\" is id $old \\(a REF of digits is read as an id: use its id or uuid\\)" "an old alias of digits as a REF" peer-list 77
run peer-list "$uuid77" --json
is_rc 0 "the old peer by uuid"
check "is the peer called 77" jq -e '.alias == "77"' "$tmp/out"
ok_cmd -o "$tmp/77.jsonl" peer-list "$old" --json
snap
run peer-add - <"$tmp/77.jsonl"
is_rc 0 "re-importing its export"
err_has '0 added, 0 updated, 1 unchanged, 0 rejected' "restating the old alias changes nothing"
unchanged "re-importing its export"
bad 65 'field "alias": "78" would read as an id' "but not another alias of digits" peer-add --update "$uuid77" --alias 78
run peer-add --update "$uuid77" --alias Kite --json
is_rc 0 "--update by uuid renames it"
check "to an alias a REF can name" jq -e '.alias == "Kite"' "$tmp/out"
run peer-list kite --json
is_rc 0 "now reached by its alias"
bad 65 'field "alias": control characters' "control characters in an alias" peer-add --alias "$(printf 'a\033[31mb')"

# A batch whose 500th line is bad writes nothing.
awk 'BEGIN { for (i = 1; i <= 600; i++) printf "{\"alias\": \"p%d\"%s}\n", i, i == 500 ? ", \"role\": \"boss\"" : "" }' >"$tmp/big.jsonl"
bad 65 'big.jsonl:500: field "role": "boss"' "a batch whose 500th line is bad" peer-add "$tmp/big.jsonl"
err_has 'nothing written' "the batch says nothing was written"
check "no peer of that batch was stored" test "$(sql "select count(*) from peers where alias like 'p%'")" = 0
printf '{"alias":"ok1"}\n\n{"alias":"ok2"}\n' >"$tmp/blank.jsonl"
bad 65 'blank.jsonl:2: blank line' "a blank line in a batch" peer-add "$tmp/blank.jsonl"

# --keep-going stores the good records and reports each bad one.
printf '%s\n' '{"alias":"g1"}' '{"alias":""}' '{"alias":"g2"}' 'nope' >"$tmp/mixed.jsonl"
run peer-add --keep-going "$tmp/mixed.jsonl"
is_rc 65 "--keep-going with bad records"
err_has 'mixed.jsonl:2: field "alias": empty' "reports line 2"
err_has 'mixed.jsonl:4: malformed JSON' "reports line 4"
err_has '2 added, 0 updated, 0 unchanged, 2 rejected' "summary"
check "the good records are stored" test "$(sql "select alias from peers where alias like 'g%' order by id")" = "g1
g2"

# Usage errors.
bad 64 '^peer-add: --sin -: nothing on standard input$' "--sin - with nothing on stdin" peer-add --alias A --sin - </dev/null
bad 64 '^peer-add: --sin-requested does not go with --deactivate \(it goes with a new peer or --update\)$' "--sin-requested with --deactivate" peer-add --deactivate Raven --sin-requested 2026-11-01
bad 64 '^peer-add: --sin-requested does not go with a FILE \(it goes with a new peer or --update\)$' "--sin-requested with a FILE" peer-add --sin-requested 2026-11-01 "$tmp/in.jsonl"
bad 64 '^peer-add: a new peer needs --alias$' "no alias" peer-add --role peer-worker
bad 64 'unrecognized option' "an unknown option" peer-add --nickname x
bad 64 'give one of' "two modes at once" peer-add --update Raven --deactivate Raven
bad 64 '^peer-add: --alias does not go with a FILE \(it goes with a new peer or --update\)$' "fields with a file" peer-add --alias A "$tmp/in.jsonl"
bad 64 '--today: date "2026-13-01"' "a bad --today" peer-add --alias A --today 2026-13-01
bad 64 'unknown format "xml"' "an unknown format" peer-add --alias A --format xml
bad 66 'nope.jsonl: No such file' "a missing input file" peer-add "$tmp/nope.jsonl"

# Configuration and store errors.
printf 'roles:\n  - a\n  b: [\n' >"$tmp/bad.yaml"
bad 78 'bad.yaml:[0-9]+:[0-9]+: ' "a config with a YAML syntax error" peer-add --config "$tmp/bad.yaml" --alias A
bad 66 'missing.yaml' "a --config that does not exist" peer-add --config "$tmp/missing.yaml" --alias A
printf 'this is not a database, just text\n%.0s' $(seq 200) >"$tmp/notdb.db"
bad 65 'not a peerkit store' "a store file that is not SQLite" peer-add --db "$tmp/notdb.db" --alias A
check "that file is untouched" test "$(wc -l <"$tmp/notdb.db")" = 200
ok_cmd sqlite3 "$tmp/other.db" "create table t(x); insert into t values (1)"
bad 65 'not a peerkit store' "an SQLite database of something else" peer-add --db "$tmp/other.db" --alias A
ok_cmd peer-add --db "$tmp/newer.db" --alias Raven
ok_cmd sqlite3 "$tmp/newer.db" "pragma user_version = 99"
before=$(sha256sum <"$tmp/newer.db")
bad 65 'schema version 99, newer than this peerkit' "a store from a newer version" peer-add --db "$tmp/newer.db" --alias A
check "the newer store is untouched" test "$(sha256sum <"$tmp/newer.db")" = "$before"
bad 65 'schema version 99' "peer-list refuses it too" peer-list --db "$tmp/newer.db"
ok_cmd chmod 000 "$tmp/newer.db"
if [ "$(id -u)" != 0 ]; then
	bad 77 'Permission denied' "a store we may not read" peer-list --db "$tmp/newer.db"
else
	t_result 0 "# SKIP a store we may not read: root may read any file"
fi
done_testing
