#!/bin/sh
# Blanks alone say nothing, and blanks around an alias are no part of
# it: "Moss " beside Moss would be a second record of one person, and
# "   " a peer without a name or a void without a reason.
#   - a new or changed alias is kept without the blanks around it, and
#     one that is then alike another is refused as any such alias is;
#   - a reference "Moss " names Moss;
#   - an alias, a reason or a waiver's reason of blanks alone is
#     empty, refused (65), the store unchanged; a note of blanks alone
#     is none, so a payment that needs one is refused;
#   - a store of schema 10 holding "Fern " is upgraded: "Fern" names it.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Moss --role peer-worker
bad 65 'field "alias": "Moss" would match peer 1 \(Moss\)' \
    "an alias with a blank after it, beside the same alias" \
    peer-add --alias "Moss "
bad 65 'field "alias": empty' "an alias of blanks alone" \
    peer-add --alias "   "
printf '{"alias": "  Moss"}\n' >"$tmp/moss.jsonl"
bad 65 'moss.jsonl:1: field "alias": "Moss" would match peer 1' \
    "the same from a file, with blanks before" peer-add "$tmp/moss.jsonl"
run peer-add --alias " Fern  " --json
is_rc 0 "a new alias with blanks around it"
thru jq -r .alias
is_outs Fern "is kept without them"
bad 65 'field "alias": "moss" would match peer 1 \(Moss\)' \
    "an alias changed to one alike another, with blanks" \
    peer-add --update Fern --alias "  moss"

run peer-list "Moss " --json
is_rc 0 "a reference with a blank after it"
thru jq -r .id
is_outs 1 "names Moss"
ok_cmd engage-log -q --peer " Moss" --hours 1 --activity meeting \
    --level consult --date 2026-11-02
check "and logs to Moss" test "$(engage-log --list --json | jq -r .peer_id)" = 1

bad 65 'engage-log: a reason is required to void an engagement' \
    "an engagement voided for a reason of blanks" \
    engage-log --void 1 --reason "   "
ok_cmd honorarium-pay -q --peer Moss --amount 10.00 --date 2026-11-03
bad 65 'field "reason": empty' "a payment voided for a reason of blanks" \
    honorarium-pay --void 1 --reason "  "
bad 65 'a waiver needs a reason' "a waiver for a reason of blanks" \
    onboard-check --waive orientation --reason "   " Moss
ok_cmd engage-log -q --peer Moss --hours 1 --activity meeting \
    --level consult --date 2026-11-04
bad 65 'give a note to pay a different amount' \
    "an amount other than what is due, with a note of blanks" \
    honorarium-pay --for 2 --amount 5.00 --note "   "

# --- a store of schema 10 with a padded alias ---
if ! on_pg; then
	new_store old old
	ok_cmd peer-add --db "$old" --alias Raven
	ok_cmd sqlite3 "$old" "INSERT INTO peers (uuid, alias, alias_fold,
	    created_at, updated_at) VALUES
	    ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e07', 'Fern ', 'fern ',
	    '2026-05-01T09:00:00Z', '2026-05-01T09:00:00Z'),
	    ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e08', 'Raven ', 'raven ',
	    '2026-05-01T09:00:00Z', '2026-05-01T09:00:00Z');
	    PRAGMA user_version = 10"
	run peer-list --db "$old" Fern --json
	is_rc 0 "a store of schema 10 is upgraded, and Fern names \"Fern \""
	thru jq -r .id
	is_outs 2 "peer 2"
	check "its fold has lost the blank" test "$(sqlite3 "$old" \
	    "SELECT alias_fold FROM peers WHERE id = 2")" = fern
	check "upgraded to the latest version" test \
	    "$(sqlite3 "$old" 'PRAGMA user_version')" = \
	    "$(ls "$top"/share/peerkit/schema/*.sql | wc -l | tr -d ' ')"
	# Its export plays back unchanged: "Raven " beside Raven, from
	# before, is restated, not renamed nor refused as alike.
	ok_cmd -o "$tmp/old.jsonl" peer-list --db "$old" --json
	snap_old=$(sqlite3 "$old" .dump)
	run peer-add --db "$old" "$tmp/old.jsonl"
	is_rc 0 "the export of a store with aliases from before, played back"
	err_has '0 added, 0 updated, 3 unchanged' "changes nothing"
	check "the store is as it was" test "$(sqlite3 "$old" .dump)" = \
	    "$snap_old"
fi
done_testing
