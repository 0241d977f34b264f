#!/bin/sh
# onboard-check: every bad input gets a message naming the item, file,
# line and column, a documented exit status, and leaves the store as it
# was.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias Wren --role participant
ok_cmd peer-add --alias Ash
ok_cmd peer-add --alias Sam --region North
# peer-add refuses an alias that folds like one on record (0031); a
# store from before may hold both: made with the sqlite3 shell.
ok_cmd sql "INSERT INTO peers (uuid, alias, region,
    created_at, updated_at) VALUES ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9eff',
    'sam', 'South', '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
ok_cmd onboard-check Raven --done orientation --date 2026-11-01

# The issue's bad inputs.
bad 65 '^onboard-check: item "nope": not in the onboarding checklist \(<built-in onboarding.yaml>\)$' \
    "an unknown item key" onboard-check Raven --done nope
bad 65 '^onboard-check: item "mentor": not needed for role "participant"$' \
    "an item the peer's role does not need" onboard-check Wren --done mentor
bad 65 '^onboard-check: item "mentor": not needed for a peer with no role$' \
    "an item a peer with no role does not need" onboard-check Ash --waive mentor --reason x
bad 65 '^onboard-check: item "mentor": date 2026-11-24 is after today \(2026-11-23\)$' \
    "--done with a date after today" onboard-check Raven --done mentor --date 2026-11-24
bad 65 'date 2026-12-01 is after today \(2026-11-30\)' \
    "after a --today given" onboard-check Raven --done mentor --date 2026-12-01 --today 2026-11-30

# One bad step and the good ones with it are not stored.
bad 65 'item "nope": not in the onboarding checklist' \
    "a good step and a bad one: nothing stored" onboard-check Raven --done mentor --done nope
bad 65 'item "nope"' "a bad step with --format json" onboard-check Raven --done nope --format json
check "prints nothing on stdout" test ! -s "$tmp/out"
check "the good step of that command is not stored" \
    test "$(sql "select count(*) from onboarding where item = 'mentor'")" = 0

# Other steps the store refuses.
bad 65 '^onboard-check: item "mentor": neither done nor waived: nothing to undo$' \
    "--undo of an item never done" onboard-check Raven --undo mentor
ok_cmd onboard-check Raven --undo orientation
bad 65 'item "orientation": neither done nor waived: nothing to undo' \
    "--undo twice" onboard-check Raven --undo orientation
bad 65 'item "mentor": a waiver needs a reason' \
    "--waive with an empty reason" onboard-check Raven --waive mentor --reason ""
bad 65 'item "mentor": control characters are not allowed in a note' \
    "a note with an escape sequence" onboard-check Raven --done mentor --note "$(printf 'a\033[2Jb')"
long=$(printf '%01001d' 0)
bad 65 'item "mentor": the note is longer than 1000 bytes' \
    "a note over 1000 bytes" onboard-check Raven --done mentor --note "$long"
bad 65 '^onboard-check: no peer "Nobody"$' "an unknown REF" onboard-check Nobody
bad 65 'no peer "Nobody"' "an unknown REF, writing" onboard-check Nobody --done mentor
bad 65 'no peer with id 99' "an unknown id" onboard-check 99
bad 65 'peer "SAM" is ambiguous: id 4 \(region North\); id 5 \(region South\)' \
    "an ambiguous alias lists the candidates" onboard-check SAM

# Usage errors (64) are found before the store is opened.
bad 64 'give one REF, or --all' "no REF" onboard-check
bad 64 'give one REF, or --all' "two REFs" onboard-check Raven Wren
bad 64 '--all does not go with a REF' "--all and a REF" onboard-check --all Raven
bad 64 'give one of --all or --done/--undo/--waive' "--all --done" onboard-check --all --done mentor
bad 64 '--role does not go with a REF alone \(it goes with --all\)' "--role without --all" onboard-check Raven --role peer-worker
bad 64 '--date does not go with a REF alone \(it goes with --done/--undo/--waive\)' "--date alone" onboard-check Raven --date 2026-11-01
bad 64 '--dry-run does not go with a REF alone \(it goes with --done/--undo/--waive\)' "--dry-run alone" onboard-check Raven --dry-run
bad 64 '--waive needs --reason' "--waive without --reason" onboard-check Raven --waive mentor
bad 64 '--reason goes with --waive' "--reason without --waive" onboard-check Raven --done mentor --reason x
bad 64 '--note goes with --done or --undo; a waiver takes --reason' \
    "--note on a waiver" onboard-check Raven --waive mentor --reason x --note y
bad 64 'item "mentor" is named twice' "an item named twice" onboard-check Raven --done mentor --waive mentor --reason x
bad 64 '--date: date "2026-11-31": no such date' "an impossible --date" onboard-check Raven --done mentor --date 2026-11-31
bad 64 '--date: date "yesterday": expected YYYY-MM-DD' "a --date that is not a date" onboard-check Raven --done mentor --date yesterday
bad 64 '--within: "-1" is not a number of days from 0 to 3650' "a negative --within" onboard-check Raven --within -1
bad 64 '--within: "3651" is not a number of days from 0 to 3650' "--within over ten years" onboard-check Raven --within 3651
bad 64 '--role: "boss" is not in the configured roles' "--all --role with a typo" onboard-check --all --role boss
bad 64 'unrecognized option' "an unknown option" onboard-check Raven --nope
check "a usage error prints the usage" grep -q '^usage: onboard-check' "$tmp/err"
bad 64 '^onboard-check: --format: unknown format "xml"' "an unknown format" onboard-check Raven --format xml
lacks "a bad value is one line, without the usage" '^usage:' "$tmp/err"
bad 66 'no store yet' "no store" onboard-check --db "$tmp/none.db" Raven
check "and creates none" test ! -e "$tmp/none.db"

# The checklist file: YAML and values refused with file:line:column, 78.
cl() {	# cl NAME TEXT: a checklist and a config that names it
	printf '%s' "$2" >"$tmp/$1.yaml"
	printf 'onboarding: %s.yaml\n' "$1" >"$tmp/$1-config.yaml"
}
cl dupitem 'items:
  - key: orientation
    title: Orientation
    roles: all
  - key: orientation
    title: Orientation again
    roles: all
'
bad 78 '^onboard-check: .*/dupitem.yaml:5:10: key "orientation": already the key of the item at line 2$' \
    "a duplicate item key" onboard-check --config "$tmp/dupitem-config.yaml" Raven
bad 78 'dupitem.yaml:5:10: key "orientation"' \
    "a duplicate item key, when writing" onboard-check --config "$tmp/dupitem-config.yaml" Raven --done orientation
cl dupkey 'items:
  - key: orientation
    title: Orientation
    roles: all
    title: Again
'
bad 78 'dupkey.yaml:5:5: duplicate key "title"$' \
    "a duplicate map key" onboard-check --config "$tmp/dupkey-config.yaml" Raven
cl syntax 'items:
  - key: orientation
    title: [Orientation
    roles: all
'
bad 78 "syntax.yaml:4:10: did not find expected ',' or ']' \\(while parsing a flow sequence at 3:12\\)" \
    "a syntax error" onboard-check --config "$tmp/syntax-config.yaml" Raven
cl tabs 'items:
	- key: orientation
'
bad 78 'tabs.yaml:2:1: found character that cannot start any token' \
    "a tab for indentation" onboard-check --config "$tmp/tabs-config.yaml" Raven
cl role 'items:
  - {key: orientation, title: Orientation, roles: [peer-worker, boss]}
'
bad 78 'role.yaml:2:65: roles: "boss" is not in the configured roles$' \
    "a role the config does not list" onboard-check --config "$tmp/role-config.yaml" Raven
cl crc 'items:
  - key: criminal-record-check
    title: Criminal record check
    roles: all
    blocks: true
'
bad 78 'crc.yaml:5:13: item "criminal-record-check": a criminal record check never blocks work' \
    "a blocking criminal record check" onboard-check --config "$tmp/crc-config.yaml" Raven
cl valid 'items:
  - {key: orientation, title: Orientation, roles: all, valid_for: 1 fortnight}
'
bad 78 'valid.yaml:2:67: valid_for: "1 fortnight": expected N days, N months or N years' \
    "a bad valid_for" onboard-check --config "$tmp/valid-config.yaml" Raven
printf 'onboarding: missing.yaml\n' >"$tmp/missing-config.yaml"
bad 66 'onboarding checklist: .*/missing.yaml: No such file or directory' \
    "a checklist file that is not there" onboard-check --config "$tmp/missing-config.yaml" Raven
printf 'roles: [participant, peer-worker]\n' >"$tmp/roles-config.yaml"
bad 78 '<built-in onboarding.yaml>:[0-9]+:[0-9]+: roles: "outreach-worker" is not in the configured roles \(the built-in checklist is written for the default roles' \
    "roles changed, built-in checklist kept" onboard-check --config "$tmp/roles-config.yaml" Raven

done_testing
