#!/bin/sh
# peer-add --forget REF: an inactive peer's legal name, SIN, address,
# phone and email erased from the record, the slips on file and the
# audit trail, once six years have passed since the end of the last tax
# year their details support; the alias, the money and the fact of the
# erasure kept.  Refused, saying until when, otherwise.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
ok_cmd peerkit-keys --make
sin=130692544

echo "$sin" >"$tmp/sin"
ok_cmd peer-add -q --alias Kestrel --surname Zyxwvut --given-name Qorra \
    --address-line1 "77 Quillfeather Rd" --city Vancouver --province BC \
    --postal-code "V6A 1A1" --phone 250-555-0199 --email qorra@example.org \
    --sin - <"$tmp/sin"
ok_cmd honorarium-pay -q --peer Kestrel --amount 700.00 --date 2019-03-01 \
    --today 2019-03-01
ok_cmd t4a-report -q --year 2019 --format xml --filed --today 2020-02-01
check "a slip on file for 2019" test "$(sql \
    "SELECT count(*) FROM t4a_filed WHERE peer_id = 1 AND sin_key IS NOT NULL")" = 1
ok_cmd peer-add -q --alias Moss --surname Mossley
ok_cmd honorarium-pay -q --peer Moss --amount 700.00 --date 2021-06-01 \
    --today 2021-06-01
ok_cmd peer-add -q --deactivate Moss

bad_quiet 65 "peer 1 \(Kestrel\) is active: deactivate the record first \(peer-add --deactivate 1\)" \
    "an active peer is not forgotten" peer-add --forget Kestrel
bad_quiet 65 "peer 2 \(Moss\): their details support the 2021 T4A year, and the CRA asks that records be kept six years after the end of it: --forget works from 2028-01-01" \
    "within six years of the last tax year: refused, saying until when" \
    peer-add --forget Moss
bad_quiet 65 "peer 2 \(Moss\).*--forget works from 2028-01-01" \
    "on the last day of the six years: still refused" \
    peer-add --forget Moss --today 2027-12-31
bad_quiet 65 'no peer' "an unknown REF" peer-add --forget Nobody
run peer-add --forget Kestrel --alias Other
is_rc 64 "--forget with a field option: a usage error"

ok_cmd peer-add -q --deactivate Kestrel
ok_cmd -o "$tmp/totals.before" honorarium-pay --totals --year 2019 --json
snap
run peer-add --forget Kestrel --dry-run --json
is_rc 0 "--dry-run"
check "shows the record as it would be" jq -e '.surname == null and .sin == null' "$tmp/out"
unchanged "--dry-run writes nothing"

run peer-add --forget Kestrel --json --today 2026-01-01
is_rc 0 "forgotten, six years after the end of 2019"
check "the record keeps its alias and status, nothing that identifies" \
    jq -e '.alias == "Kestrel" and .status == "inactive" and ([.surname, .given_name, .initial, .sin, .address_line1, .address_line2, .city, .province, .postal_code, .country, .phone, .email] | all(. == null))' "$tmp/out"
check "the slip on file keeps its amount, not the person" test "$(sql \
    "SELECT amount || '|' || surname || '|' || coalesce(given_name, '-') || '|' || coalesce(sin_key, '-') || '|' || coalesce(city, '-') FROM t4a_filed WHERE peer_id = 1")" = "70000||-|-|-"
ok_cmd -o "$tmp/totals.after" honorarium-pay --totals --year 2019 --json
check "the money is as it was" cmp "$tmp/totals.before" "$tmp/totals.after"
run sql "SELECT after FROM audit WHERE action = 'forget'"
is_rc 0 "the audit row of the erasure"
is_outs '{"forgotten":["surname","given_name","sin","address_line1","city","province","postal_code","phone","email"],"slips":1,"audit_rows":3}' \
    "audited: the fields erased, never their values"
# The store's file (SQLite zeroes what it frees: secure_delete) and a
# backup.  On PostgreSQL a backup (pg_dump): the database's files keep
# the old versions of the rows until VACUUM reuses their space, as they
# do any row's, and so does the server's WAL.
store_backup "$tmp/backup.db"
if on_pg; then
	g_files=
else
	g_files=$PEERKIT_DB
fi
run grep -alE "Zyxwvut|Qorra|Quillfeather|250-555-0199|qorra@|$sin" \
    $g_files "$tmp/backup.db"
is_rc 1 "no trace of them in the store or a backup, audit trail included"
run peer-list --history Kestrel --json
is_rc 0 "the history is still there"
check "with the values forgotten" jq -se 'map(.changes[]? | select(.field == "surname")) | length > 0 and all(.after == "(forgotten)" or .after == null)' "$tmp/out"
run peer-add --forget Kestrel --today 2026-01-01
is_rc 0 "forgetting again"
err_has "peer 1 \(Kestrel\) holds nothing to forget" "says there is nothing to do"
run sql "UPDATE audit SET after = '{}' WHERE kind = 'payment'"
is_fail "the audit rows of money stay append-only"
run sql "UPDATE audit SET action = 'x' WHERE kind = 'peer'"
is_fail "and of a peer, but for the values forgotten"

# A record merged into the one forgotten is the same person's history:
# their details on it go too, and its last tax year counts.
printf '314159203\n' >"$tmp/sin2"
ok_cmd peer-add --alias Keeper --surname Plumtree --given-name Jo \
    --address-line1 "9 Secretlane" --city Nelson --province BC \
    --postal-code V1L1A1 --sin - <"$tmp/sin2"
ok_cmd peer-add --alias Dupper --surname Plumtree --given-name Jo \
    --address-line1 "9 Secretlane" --city Nelson --province BC \
    --postal-code V1L1A1 --phone 250-555-0100 --email dup@secret.example
ok_cmd honorarium-pay -q --peer Dupper --amount 600.00 --date 2019-03-01 \
    --today 2019-03-01
ok_cmd peer-add --merge Dupper --into Keeper
ok_cmd peer-add --deactivate Keeper
bad 65 'peer [0-9]+ \(Keeper\): .*works from 2026-01-01' \
    "within six years of the merged record's last tax year" \
    peer-add --forget Keeper --today 2025-12-31
run peer-add --forget Keeper --today 2026-01-01
is_rc 0 "forgetting the record kept by a merge"
run peer-list --json Dupper
is_rc 0 "the merged record is read"
thru jq -c '[.surname, .given_name, .address_line1, .phone, .email]'
is_outs '[null,null,null,null,null]' "its details are forgotten with it"
check "each record's erasure is audited" test "$(sql "SELECT count(*) FROM
    audit WHERE action = 'forget' AND record_id IN (SELECT id FROM peers
    WHERE alias IN ('Keeper', 'Dupper'))")" = 2
store_backup "$tmp/backup2.db"
if on_pg; then g_files=; else g_files=$PEERKIT_DB; fi
run grep -alE "Plumtree|Secretlane|250-555-0100|dup@secret|314159203" \
    $g_files "$tmp/backup2.db"
is_rc 1 "no trace of the person in the store or a backup"

done_testing
