#!/bin/sh
# peer-add: register with an alias alone, every field, the store's mode.
. "$(dirname "$0")/lib.sh"

run peer-add --alias Raven --role peer-worker --json
is_rc 0 "an alias and a role suffice"
check "prints the stored record with an id" jq -e '.id == 1 and .alias == "Raven" and .status == "active"' "$tmp/out"
migrations=$(ls "$top"/share/peerkit/schema/*.sql | wc -l | tr -d ' ')
if on_pg; then
	check "schema version: the latest migration" \
	    test "$(sql "select max(version) from peerkit_schema")" = "$migrations"
else
	check "store file is 0600" test "$(stat -c %a "$PEERKIT_DB")" = 600
	check "the store is in WAL mode" test "$(sqlite3 "$PEERKIT_DB" "pragma journal_mode")" = wal
	check "schema version: the latest migration" \
	    test "$(sqlite3 "$PEERKIT_DB" "pragma user_version")" = "$migrations"
fi

run peer-add --db "$tmp/sub/dir/p.db" --alias Fern
is_rc 0 "--db in a directory that does not exist yet"
check "new directories are 0700" test "$(stat -c %a "$tmp/sub/dir")" = 700
check "that store is 0600" test "$(stat -c %a "$tmp/sub/dir/p.db")" = 600

ok_cmd sh -c 'umask 000 && exec peer-add --db "$1" --alias Open' - "$tmp/open.db"
check "0600 even under umask 000" test "$(stat -c %a "$tmp/open.db")" = 600

run peer-add --alias Kestrel --surname Smith --given-name Alex --initial J \
    --sin "130 692 544" --address-line1 "12 Lake Rd" --address-line2 "Unit 4" \
    --city Kelowna --province bc --postal-code v1y1a1 --country can \
    --phone 250-555-0100 --email k@example.org --role peer-coordinator \
    --region Interior --site Kelowna --payment-method etransfer \
    --notes "prefers mornings" --sin-requested 2026-01-15 \
    --demographics '{"indigenous":true}' --json
is_rc 0 "every field option"
jq -c 'del(.uuid)' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOT'
{"id":2,"alias":"Kestrel","surname":"Smith","given_name":"Alex","initial":"J","sin":"***-***-544","address_line1":"12 Lake Rd","address_line2":"Unit 4","city":"Kelowna","province":"BC","postal_code":"V1Y 1A1","country":"CAN","phone":"250-555-0100","email":"k@example.org","role":"peer-coordinator","role_since":"2026-11-23","term_end":null,"region":"Interior","site":"Kelowna","payment_method":"etransfer","benefit_program":null,"sin_requested":["2026-01-15"],"demographics":{"indigenous":true},"status":"active","notes":"prefers mornings","created_at":"2026-11-23T12:00:00Z","updated_at":"2026-11-23T12:00:00Z","merged_into":null}
EOT
check "JSON record, normalised, SIN masked" diff -u "$tmp/want" "$tmp/got"
check "uuid is a v4 uuid" jq -e '.uuid | test("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")' "$tmp/out"
check "the SIN is stored sealed: no plain column, its key and box" test "$(sql "select count(*) from peers where id=2 and sin is null and sin_key like '544:%' and length(sin_key) = 68 and length(sin_box) = 81")" = 1
ok_cmd -o "$tmp/full" peer-list --reveal-sin --json 2
check "and read back in full with the secret key" jq -e '.sin == "130692544"' "$tmp/full"

run peer-add --alias Wren
is_rc 0 "table output by default"
is_outs "ID  ALIAS  ROLE  REGION  SITE  SIN  STATUS
 3  Wren   -     -       -     -    active" "the table"

run peer-add --alias Temp --sin 925444440 --json
is_rc 0 "a temporary SIN is accepted"
err_has "temporary SIN" "with a warning"
run peer-add --alias Zero --sin 000000000 --json
is_rc 0 "000000000 is accepted"
check "and means no SIN" jq -e '.sin == null' "$tmp/out"

check "every change is audited" test "$(sql "select count(*) from audit where kind='peer' and action='create'")" = 5
ok_cmd -o "$tmp/audit" sql 'select after from audit'
check "the audit trail is there" test -s "$tmp/audit"
lacks "the audit trail masks the SIN" 130692544 "$tmp/audit"
check "the audit names the tool" test "$(sql "select distinct tool from audit")" = peer-add

run peer-add --alias Dry --dry-run --json
is_rc 0 "--dry-run"
check "prints the record" jq -e '.alias == "Dry"' "$tmp/out"
check "writes nothing" test "$(sql "select count(*) from peers where alias='Dry'")" = 0
run peer-add --db "$tmp/never.db" --alias Dry --dry-run
is_rc 0 "--dry-run without a store"
check "creates no store" test ! -e "$tmp/never.db"

run peer-add --version
is_rc 0 "--version"
check "nothing on stderr" test ! -s "$tmp/err"
check "names tool and version" grep -q "^peer-add (peerkit) [0-9]" "$tmp/out"
run peer-add --help
is_rc 0 "--help"
check "--help shows the usage" grep -q "^usage: peer-add" "$tmp/out"
done_testing
