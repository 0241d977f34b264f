#!/bin/sh
# Hostile inputs: every case of tests/data/bad/MANIFEST (malformed and
# truncated JSON, wrong types, NUL bytes, invalid UTF-8, a 50 MB line,
# 10,000-deep nesting, SQL in every field, formula aliases, huge and
# negative numbers, impossible dates, anchors and alias bombs in the
# config and the onboarding checklist, stores that are not ours) gets
# its documented exit status and a message that names the tool and the
# problem, and leaves the store's content exactly as it was.
. "$(dirname "$0")/lib.sh"
pg_long "277 hostile inputs (SQL in fields: 0615 runs here)"

bad=$top/tests/data/bad
gen=$tmp/gen
mkdir -p "$gen"

# The store every case runs against: something to lose.
cat >"$tmp/peers.jsonl" <<'EOF'
{"alias": "Raven", "role": "peer-worker", "region": "North"}
{"alias": "Sam", "region": "North"}
EOF
# Two aliases alike (Sam, sam): peer-add refuses the second now; a
# store from before holds both, made with SQL (sqlite3 or psql).
cat >"$tmp/peers2.jsonl" <<'EOF'
{"alias": "Kestrel", "uuid": "0f8fad5b-d9cb-469f-a165-70867728950e", "sin": "130692544", "surname": "Smith", "given_name": "Alex"}
{"alias": "Xml", "sin": "527194831", "surname": "O'Brien</snm><sin>999999999</sin>", "given_name": "A&B", "address_line1": "1 <Main> St", "city": "Van&couver", "province": "BC", "postal_code": "V6A 1A1"}
EOF
ok_cmd peer-add -q "$tmp/peers.jsonl"
ok_cmd sql "INSERT INTO peers (uuid, alias, region,
    created_at, updated_at) VALUES ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e03',
    'sam', 'South', '2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z')"
check "the second alike alias is peer 3" test \
    "$(sql "SELECT id FROM peers WHERE alias = 'sam'")" = 3
ok_cmd peer-add -q "$tmp/peers2.jsonl"
ok_cmd engage-log -q --peer Raven --hours 1.5 --activity meeting --level consult \
    --date 2026-11-20
ok_cmd engage-log -q --peer Kestrel --hours 2 --activity shift --level involve \
    --date 2026-11-21
ok_cmd honorarium-pay -q --peer Raven --for 1
ok_cmd honorarium-pay -q --peer Xml --amount 600.00
ok_cmd onboard-check -q --done orientation Raven

# What is too big or too odd to keep in tests/data/bad.  Under valgrind
# the long line is 2 MB: still longer than any buffer, and valgrind
# takes minutes over 50.
if [ "${PK_VALGRIND:-}" = 1 ]; then mb=2; else mb=50; fi
long_line() {	# long_line BYTES CLOSE: {"alias": "xxx...  (BYTES of x) CLOSE
	printf '{"alias": "'
	head -c "$1" /dev/zero | tr '\0' x
	printf '%s\n' "$2"
}
long_line $((mb * 1024 * 1024)) '"}' >"$gen/line-50mb.jsonl"
long_line $((mb * 1024 * 1024)) '' >"$gen/line-50mb-open.jsonl"
# Just under the 1 MiB a record may be: read whole, refused field by field.
long_line 1000000 '"}' >"$gen/line-1mb.jsonl"
long_line 1000000 '' >"$gen/line-1mb-open.jsonl"
{ echo alias; head -c $((mb * 1024 * 1024)) /dev/zero | tr '\0' x; echo; } \
    >"$gen/line-50mb.csv"
deep() {	# deep N OPEN CLOSE
	awk -v n="$1" -v o="$2" -v c="$3" 'BEGIN {
		for (i = 0; i < n; i++) printf "%s", o
		for (i = 0; i < n; i++) printf "%s", c }'
}
{ printf '{"alias": "Fern", "demographics": '; deep 10000 '[' ']'; echo '}'; } \
    >"$gen/nested-10000.jsonl"
{ deep 10000 '[' ']'; echo; } >"$gen/nested-10000.json"
{ deep 10000 '{"a": ' ''; printf 1; deep 10000 '' '}'; } \
    >"$gen/nested-10000-object.txt"
{ printf 'roles: '; deep 10000 '[' ']'; echo; } >"$gen/config-nested-10000.yaml"
for f in "$bad"/onboarding/*.yaml; do
	printf 'onboarding: %s\n' "$f" >"$gen/ob-$(basename "$f")"
done
# Stores that are not ours: a text file, someone else's database, and a
# store from a newer peerkit.  Each must be refused untouched.  (They
# are SQLite files, named by --db, whichever store the script runs on.)
awk 'BEGIN { for (i = 0; i < 40; i++) print "this is not a database" }' \
    >"$gen/not-a-store.db"
ok_cmd sqlite3 "$gen/foreign.db" "CREATE TABLE bookmarks (url TEXT);
    INSERT INTO bookmarks VALUES ('https://example.org/');"
ok_cmd peer-add -q --db "$gen/newer.db" --alias Raven
ok_cmd sqlite3 "$gen/newer.db" "PRAGMA user_version = 99"
sums() { (cd "$gen" && sha256sum not-a-store.db foreign.db newer.db); }
sums_before=$(sums)
check "the three files are summed" test "$(printf '%s\n' "$sums_before" | wc -l)" = 3
cd "$bad" || exit 1

# Each case leaves the store as it was: its content is compared before
# and after each.  On PostgreSQL, where a dump is a connection, once
# before the first and once after the last (a refusal that wrote would
# still show, if not which).
ncases=0
on_pg && snap
while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	want=${line%% | *}
	rest=${line#* | }
	re=${rest%% | *}
	cmd=${rest#* | }
	tool=${cmd%% *}
	ncases=$((ncases + 1))
	on_pg || snap
	eval "$cmd" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	is_rc "$want" "$cmd"
	if [ "$want" = 0 ]; then
		grep -Eq -- "$re" "$tmp/out"
		t_result $? "$cmd: stdout has /$re/"
	else
		err_has "$re" "$cmd: message"
		head -n 1 "$tmp/err" | grep -q "^$tool: "
		t_result $? "$cmd: the message starts with the tool's name"
	fi
	on_pg || unchanged "$cmd"
done <"$bad/MANIFEST"
on_pg && unchanged "all $ncases cases"

check "at least 60 hostile cases ($ncases)" test "$ncases" -ge 60
# A refusal must not touch a file that is not a peerkit store at all.
[ "$(cd "$gen" && sha256sum not-a-store.db newer.db)" = \
    "$(printf '%s\n' "$sums_before" | grep -v foreign.db)" ]
t_result $? "a text file and a newer store are refused byte for byte untouched"
[ "$(sums)" = "$sums_before" ]
t_result $? "someone else's database is refused byte for byte untouched"
check "someone else's database still holds its data" test \
    "$(sqlite3 "$gen/foreign.db" "SELECT url FROM bookmarks")" = \
    https://example.org/
if ! on_pg; then
	check "the store passes integrity_check" test \
	    "$(sqlite3 "$PEERKIT_DB" "PRAGMA integrity_check")" = ok
fi
done_testing
