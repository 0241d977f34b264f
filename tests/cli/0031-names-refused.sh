#!/bin/sh
# A new alias that a reference would match with a peer's on record (case,
# accents and apostrophes aside) is refused, exit 65, naming that peer,
# so that a reference that works today keeps working: in peer-add
# --alias, in --update renames and in batches; nothing is written.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Raven
ok_cmd peer-add --alias "Zoë"
ok_cmd peer-add --alias "Nakʼwaxdaʼxw"

said='references match without regard to case, accents or apostrophes; choose another alias'
bad_quiet 65 "^peer-add: field \"alias\": \"raven\" would match peer 1 \\(Raven\\): $said, so that \"Raven\" keeps naming peer 1\$" \
    "raven beside Raven" peer-add --alias raven
err_has '^peer-add: nothing written$' "raven: nothing written"
bad_quiet 65 'field "alias": "Raven" would match peer 1 \(Raven\)' \
    "the same alias again" peer-add --alias Raven
bad_quiet 65 'field "alias": "Zoë" would match peer 2 \(Zoë\)' \
    "a decomposed Zoë beside the precomposed one" \
    peer-add --alias "$(printf 'Zoe\314\210')"
bad_quiet 65 'field "alias": "ZOE" would match peer 2 \(Zoë\)' \
    "ZOE beside Zoë" peer-add --alias ZOE
bad_quiet 65 "field \"alias\": \"Nak'waxda'xw\" would match peer 3 \\(Nakʼwaxdaʼxw\\)" \
    "an ASCII apostrophe beside U+02BC" peer-add --alias "Nak'waxda'xw"
bad_quiet 65 'would match peer 1 \(Raven\)' "a dry run refuses it too" \
    peer-add --alias RAVEN --dry-run

# Renames: to another peer's alias, refused; a peer's own alias in
# another case, or an update that keeps the alias, allowed.
bad_quiet 65 '^peer-add: field "alias": "zoe" would match peer 2 \(Zoë\)' \
    "--update --alias to another's" peer-add --update Raven --alias zoe
run peer-add --update Raven --alias RAVEN --json
is_rc 0 "a peer's own alias in another case"
thru jq -r .alias
is_outs RAVEN "renamed"
run peer-add --update RAVEN --region North --json
is_rc 0 "an update that keeps the alias"

# A batch: a record alike to one on record, or to an earlier record of
# the same batch, is refused, naming its line; all or nothing.
printf '{"alias":"Moss"}\n{"alias":"Wren"}\n{"alias":"MOSS"}\n' >"$tmp/in.jsonl"
bad_quiet 65 '^peer-add: .*/in.jsonl:3: field "alias": "MOSS" would match peer [0-9]+ \(Moss\)' \
    "two records of one batch that fold alike" peer-add "$tmp/in.jsonl"
run peer-list Moss
is_rc 65 "nothing of the batch was stored"
printf '{"alias":"Kestrel"}\n{"alias":"raven"}\n{"alias":"KESTREL"}\n' >"$tmp/in.jsonl"
run peer-add --keep-going "$tmp/in.jsonl"
is_rc 65 "--keep-going: the good records stored, the exit says some were not"
err_has 'in.jsonl:2: field "alias": "raven" would match peer 1 \(RAVEN\)' \
    "line 2 reported"
err_has 'in.jsonl:3: field "alias": "KESTREL" would match peer [0-9]+ \(Kestrel\)' \
    "line 3 reported"
err_has '1 added, 0 updated, 0 unchanged, 2 rejected' "the tally"
run peer-list --json
is_rc 0 "peer-list"
thru jq -r .alias
is_outs "RAVEN
Zoë
Nakʼwaxdaʼxw
Kestrel" "the aliases: no two alike"

# An export read back restates each alias: no change, no refusal.
run peer-list --json
is_rc 0 "export"
cp "$tmp/out" "$tmp/export.jsonl"
run peer-add "$tmp/export.jsonl"
is_rc 0 "the export read back"
err_has '0 added, 0 updated, 4 unchanged, 0 rejected' "nothing changed"
done_testing
