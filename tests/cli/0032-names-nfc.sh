#!/bin/sh
# Text is kept in Unicode's NFC however it was typed: a name typed as a
# letter and a combining accent (as macOS and some keyboards make it) is
# stored as the one precomposed letter, from the command line and from
# JSON, in every field of every record, so that what looks the same is
# the same.
. "$(dirname "$0")/lib.sh"

e_nfd=$(printf 'e\314\201')	# e, U+0301
E_nfd=$(printf 'E\314\201')
hex() {	# hex COLUMN FROM-WHERE: a column in hexadecimal, from the store
	if on_pg; then
		sql "SELECT upper(encode(convert_to($1, 'UTF8'), 'hex')) FROM $2"
	else
		sqlite3 "file:$PEERKIT_DB?mode=ro" "SELECT hex($1) FROM $2"
	fi
}
hexof() {	# hexof TEXT: TEXT in hexadecimal, as sqlite3's hex() writes it
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}

run peer-add --alias "${E_nfd}milie" --surname "Tremblay-B${e_nfd}langer" \
    --notes "r${e_nfd}sum${e_nfd}" --demographics "{\"langue\":\"fran\\u0063\\u0327ais\"}" --json
is_rc 0 "peer-add from the command line, decomposed"
thru jq -r '.alias, .surname, .notes, .demographics.langue'
is_outs "Émilie
Tremblay-Bélanger
résumé
français" "printed composed"
check "the alias stored composed" test "$(hex alias "peers WHERE id = 1")" = C3896D696C6965
check "the surname too" test "$(hex surname "peers WHERE id = 1")" = \
    "$(hexof Tremblay-Bélanger)"
check "the demographics too" test "$(sql \
    "SELECT count(*) FROM peers WHERE demographics LIKE '%français%'")" = 1

printf '{"alias":"Zo%s","given_name":"No%sl"}\n' "$(printf 'e\314\210')" \
    "$(printf 'e\314\210')" >"$tmp/in.jsonl"
run peer-add "$tmp/in.jsonl" --json
is_rc 0 "peer-add from JSON Lines, decomposed"
check "alias composed" test "$(hex alias "peers WHERE id = 2")" = 5A6FC3AB
check "given name composed" test "$(hex given_name "peers WHERE id = 2")" = 4E6FC3AB6C

run engage-log --peer emilie --hours 1 --activity meeting --level consult \
    --note "caf${e_nfd} apr${e_nfd}s" --json
is_rc 0 "engage-log, a decomposed note"
check "the note stored composed" test "$(hex note engagements)" = \
    "$(hexof "café aprés")"
run honorarium-pay --peer "zoë" --amount 5.00 --note "re${e_nfd}u" --json
is_rc 0 "honorarium-pay, a decomposed note"
check "the payment note stored composed" test "$(hex note payments)" = \
    "$(hexof reéu)"

# What is already NFC, and text beyond Latin, is kept byte for byte.
run peer-add --alias "ᐃᓄᒃᑎᑐᑦ" --notes "ਕਿਰਨ" --json
is_rc 0 "syllabics and Gurmukhi"
thru jq -r '.alias, .notes'
is_outs "ᐃᓄᒃᑎᑐᑦ
ਕਿਰਨ" "as typed"
done_testing
