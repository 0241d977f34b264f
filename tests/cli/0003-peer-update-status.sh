#!/bin/sh
# peer-add --update, --deactivate, --reactivate: changes are audited,
# nothing is deleted, an update that changes nothing writes nothing.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role peer-worker --region North
ok_cmd peer-add --alias Moss --sin 130692544

run peer-add --update Raven --role outreach-worker --site Hub --json
is_rc 0 "--update by alias"
check "changes the fields given" jq -e '.role == "outreach-worker" and .site == "Hub" and .region == "North"' "$tmp/out"
run peer-add --update 1 --site "" --json
is_rc 0 "--update by id with an empty value"
check "clears that field" jq -e '.site == null' "$tmp/out"
ok_cmd peer-list Raven --json
uuid=$(jq -r .uuid "$tmp/ok.out")
run peer-add --update "$uuid" --notes "back in March" --json
is_rc 0 "--update by uuid"
check "audit has a create and three updates" test "$(sql "select action from audit where record_id=1 and kind='peer' order by id" | paste -sd ,)" = "create,update,update,update"
check "the audit keeps before and after" test "$(sql "select '[' || before || ',' || after || ']' from audit where record_id=1 and action='update' order by id limit 1" | jq -r '"\(.[0].role)>\(.[1].role)"')" = "peer-worker>outreach-worker"

snap
run peer-add --update Raven --region North
is_rc 0 "an update that changes nothing"
unchanged "an update that changes nothing"

run peer-add --deactivate Raven --json
is_rc 0 "--deactivate"
check "status inactive" jq -e '.status == "inactive"' "$tmp/out"
check "the peer is still there" test "$(sql "select count(*) from peers")" = 2
run peer-list --status active --format csv
is_rc 0 "list active peers"
thru sed 's/,[0-9a-f-]\{36\},/,UUID,/'
is_outs "$(printf 'id,uuid,alias,surname,given_name,initial,sin,address_line1,address_line2,city,province,postal_code,country,phone,email,role,role_since,term_end,region,site,payment_method,benefit_program,sin_requested,demographics,status,notes,created_at,updated_at,merged_into\r\n2,UUID,Moss,,,,***-***-544,,,,,,,,,,,,,,,,,,active,,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,\r')" "inactive peers are left out; CSV has every field"
run peer-add --reactivate raven --json
is_rc 0 "--reactivate (alias is case-insensitive)"
check "status active again" jq -e '.status == "active"' "$tmp/out"

# A SIN update through stdin, never in argv.
echo "193 286 671" >"$tmp/sin"
ok_cmd peer-add --update Moss --sin - <"$tmp/sin"
ok_cmd -o "$tmp/full" peer-list --reveal-sin --json Moss
check "--sin - reads the SIN from stdin" jq -e '.sin == "193286671"' "$tmp/full"
run peer-list Moss --reveal-sin --json
is_rc 0 "peer-list --reveal-sin"
check "--reveal-sin shows it" jq -e '.sin == "193286671"' "$tmp/out"
run peer-list Moss --json
is_rc 0 "peer-list"
check "masked otherwise" jq -e '.sin == "***-***-671"' "$tmp/out"

# --sin-requested keeps a history of asking: dates are added, in order,
# each once.
run peer-add --update Raven --sin-requested 2026-03-02 --json
is_rc 0 "--update with --sin-requested alone"
check "the first date" jq -e '.sin_requested == ["2026-03-02"]' "$tmp/out"
run peer-add --update Raven --sin-requested 2026-11-20 --sin-requested 2026-01-15 --json
is_rc 0 "two more dates"
check "added to the dates on record, in order" jq -e '.sin_requested == ["2026-01-15","2026-03-02","2026-11-20"]' "$tmp/out"
check "audited with before and after" test "$(sql "select '[' || before || ',' || after || ']' from audit where record_id=1 and kind='peer' order by id desc limit 1" | jq -r '"\(.[0].sin_requested | length)>\(.[1].sin_requested | length)"')" = "1>3"
snap
run peer-add --update Raven --sin-requested 2026-03-02
is_rc 0 "a date already on record"
unchanged "a date already on record"
run peer-list Raven
is_rc 0 "peer-list shows the peer in full"
check "with the dates asked" grep -qx "sin_requested:   2026-01-15, 2026-03-02, 2026-11-20" "$tmp/out"
run peer-add --update Raven --sin-requested 2026-11-24
is_rc 65 "a date after today"
err_has 'field "sin_requested": 2026-11-24 is after today' "names the field"
unchanged "a date after today"
run peer-add --update Raven --sin-requested 2026-11-31
is_rc 64 "a date that does not exist"
err_has '^peer-add: --sin-requested: date "2026-11-31": no such date$' "names the option and the date"
unchanged "a date that does not exist"
# A record in a batch states the whole list: taking a date back.
ok_cmd -o "$tmp/raven.jsonl" peer-list Raven --json
ok_cmd -o "$tmp/fewer.jsonl" jq -c '.sin_requested -= ["2026-03-02"]' "$tmp/raven.jsonl"
run peer-add --json - <"$tmp/fewer.jsonl"
is_rc 0 "a re-import with a date taken out"
check "replaces the list" jq -e '.sin_requested == ["2026-01-15","2026-11-20"]' "$tmp/out"
printf '{"uuid":"%s","sin_requested":["2026-05-01","2026-02-01","2026-05-01"]}\n' "$uuid" >"$tmp/dates.jsonl"
run peer-add --json "$tmp/dates.jsonl"
is_rc 0 "a batch list out of order, a date twice"
check "is put in order, each date once" jq -e '.sin_requested == ["2026-02-01","2026-05-01"]' "$tmp/out"
done_testing
