#!/bin/sh
# peer-add --update, --deactivate, --reactivate: changes are audited,
# nothing is deleted, an update that changes nothing writes nothing.
. "$(dirname "$0")/lib.sh"

peer-add --alias Raven --role peer-worker --region North >/dev/null
peer-add --alias Moss --sin 130692544 >/dev/null

run peer-add --update Raven --role outreach-worker --site Hub --json
is_rc 0 "--update by alias"
check "changes the fields given" jq -e '.role == "outreach-worker" and .site == "Hub" and .region == "North"' "$tmp/out"
run peer-add --update 1 --site "" --json
is_rc 0 "--update by id with an empty value"
check "clears that field" jq -e '.site == null' "$tmp/out"
uuid=$(peer-list Raven --json | jq -r .uuid)
run peer-add --update "$uuid" --notes "back in March" --json
is_rc 0 "--update by uuid"
check "audit has a create and three updates" test "$(sqlite3 "$PEERKIT_DB" "select group_concat(action) from audit where record_id=1 and kind='peer'")" = "create,update,update,update"
check "the audit keeps before and after" test "$(sqlite3 "$PEERKIT_DB" "select json_extract(before,'$.role') || '>' || json_extract(after,'$.role') from audit where record_id=1 and action='update' order by id limit 1")" = "peer-worker>outreach-worker"

snap
run peer-add --update Raven --region North
is_rc 0 "an update that changes nothing"
unchanged "an update that changes nothing"

run peer-add --deactivate Raven --json
is_rc 0 "--deactivate"
check "status inactive" jq -e '.status == "inactive"' "$tmp/out"
check "the peer is still there" test "$(sqlite3 "$PEERKIT_DB" "select count(*) from peers")" = 2
run peer-list --status active --format csv
is_rc 0 "list active peers"
is_outs "$(printf 'id,alias,role,region,site,payment_method,sin,status\r\n2,Moss,,,,,***-***-544,active\r')" "inactive peers are left out"
run peer-add --reactivate raven --json
is_rc 0 "--reactivate (alias is case-insensitive)"
check "status active again" jq -e '.status == "active"' "$tmp/out"

# A SIN update through stdin, never in argv.
echo "193 286 671" | peer-add --update Moss --sin - >/dev/null
check "--sin - reads the SIN from stdin" test "$(sqlite3 "$PEERKIT_DB" "select sin from peers where alias='Moss'")" = 193286671
run peer-list Moss --reveal-sin --json
check "--reveal-sin shows it" jq -e '.sin == "193286671"' "$tmp/out"
run peer-list Moss --json
check "masked otherwise" jq -e '.sin == "***-***-671"' "$tmp/out"
done_testing
