#!/bin/sh
# Sealed SINs: the keys made on first need, private; intake with the
# public and index keys alone; full SINs (--reveal-sin, the XML return)
# with the secret key only, exit 77 without it; other machines' keys
# refused; a plain-text store of schema 3 sealed on upgrade, with no SIN
# left in the store, its WAL or a .backup copy; keys rotated in one
# transaction.  On PostgreSQL the same but the file's parts (the WAL, a
# store of schema 3): no SIN in the database's files on the server or a
# pg_dump.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
keys=$HOME/.config/peerkit/keys
sin_a=130692544 sin_b=527194831 sin_c=719236457

# grep_store RE DESC: no file of the store (the file, its WAL if there
# is one, a .backup copy; a database's files, a pg_dump) holds RE.
# grep: 1 is "no match".
grep_store() {
	store_backup "$tmp/backup.db"
	store_files
	run grep -ralE "$1" "$tmp/backup.db" $store_files
	is_rc 1 "$2"
}

# First need: the keys are made, private, and the user is told.
echo "$sin_a" >"$tmp/sin"
run peer-add --alias Kestrel --surname Smith --sin - <"$tmp/sin"
is_rc 0 "a SIN stored with no keys yet"
err_has "made the keys that seal SINs: .*public.key, .*secret.key and .*index.key" \
    "the keys made are named"
check "the key directory is 0700" test "$(stat -c %a "$keys")" = 700
for k in public secret index; do
	check "$k.key is 0600" test "$(stat -c %a "$keys/$k.key")" = 600
	check "$k.key is one line of 64 hex digits" grep -qxE '[0-9a-f]{64}' "$keys/$k.key"
done
check "the store has the SIN sealed" test "$(sql \
    "SELECT coalesce(sin, '-'), substr(sin_key, 1, 4), length(sin_box) FROM peers")" = "-|544:|81"
grep_store "$sin_a|130 692 544" "no SIN in the store, a backup or the WAL"
run peerkit-keys --json
is_rc 0 "peerkit-keys shows the keys"
check "this machine can seal and reveal in this store" \
    jq -e '.can_seal and .can_reveal and .public_fingerprint == .store_public_fingerprint and .index_fingerprint == .store_index_fingerprint' "$tmp/out"
bad 73 "keys exist already .*peerkit-keys --rotate replaces them" \
    "--make with keys: refused" peerkit-keys --make
bad 73 "keys exist already" "--make --dry-run with keys: refused the same" \
    peerkit-keys --make --dry-run
run peerkit-keys --dry-run
is_rc 64 "--dry-run without --make or --rotate: a usage error"
run peerkit-keys --make --rotate
is_rc 64 "--make and --rotate together: a usage error"

# The WAL, while another connection holds the store open so that it is
# neither checkpointed nor removed: a SIN stored meanwhile is in it,
# sealed.  (The WAL of a store on a file.)
echo 618345722 >"$tmp/sin"
if on_pg; then
	ok_cmd peer-add -q --alias Ibis --sin - <"$tmp/sin"
else
	mkfifo "$tmp/hold"
	sqlite3 "$PEERKIT_DB" <"$tmp/hold" >"$tmp/held" 2>&1 &
	holder=$!
	exec 4>"$tmp/hold"
	echo "SELECT count(*) FROM peers;" >&4
	# The holder has the store open once it has answered.
	i=0
	while [ ! -s "$tmp/held" ] && [ "$i" -lt 400 ]; do
		i=$((i + 1))
		sleep 0.05
	done
	check "the holder has the store open" test "$(cat "$tmp/held")" = 1
	ok_cmd peer-add -q --alias Ibis --sin - <"$tmp/sin"
	check "the WAL is there, held open" test -s "$PEERKIT_DB-wal"
	run grep -alE "618345722|618 345 722" "$PEERKIT_DB-wal" "$PEERKIT_DB"
	is_rc 1 "no SIN in the WAL or the store while it is held open"
	exec 4>&-
	wait "$holder"
	check "the holder ended" test $? = 0
fi

# Full SINs with the secret key.
run peer-list --reveal-sin --json Kestrel
is_rc 0 "--reveal-sin with the secret key"
check "the SIN in full" jq -e ".sin == \"$sin_a\"" "$tmp/out"
ok_cmd honorarium-pay -q --peer Kestrel --amount 700.00 --date 2026-03-01
ok_cmd peer-add -q --update Kestrel --address-line1 "1 Main St" \
    --city Vancouver --province BC --postal-code "V6A 1A1"
run t4a-report --year 2026 --format xml
is_rc 0 "the XML return with the secret key"
check "it carries the SIN in full" grep -q "<sin>$sin_a</sin>" "$tmp/out"

# An intake machine: the public and index keys, no secret key.
mv "$keys/secret.key" "$tmp/secret.key"
echo "$sin_b" >"$tmp/sin"
run peer-add --alias Moss --sin - <"$tmp/sin"
is_rc 0 "intake stores a SIN without the secret key"
check "masked in what it prints" grep -q '\*\*\*-\*\*\*-831' "$tmp/out"
run peer-list
is_rc 0 "listings need no secret key"
check "SINs masked" grep -q '\*\*\*-\*\*\*-544' "$tmp/out"
echo "$sin_a" >"$tmp/sin"
bad 65 'field "sin": \*\*\*-\*\*\*-544 is already the SIN of peer 1 \(Kestrel\)' \
    "one person, one SIN, without the secret key (the keyed hash)" \
    peer-add --alias Kes --sin - <"$tmp/sin"
bad_quiet 77 "full SINs need the secret key: privacy.secret_key: .*/secret.key: no such key" \
    "--reveal-sin without the secret key" peer-list --reveal-sin
bad_quiet 77 "privacy.secret_key: .*/secret.key: no such key" \
    "the XML return without the secret key" t4a-report --year 2026 --format xml
run t4a-report --year 2026 --json
is_rc 0 "the T4A report (no full SIN) without the secret key"
bad 77 "privacy.secret_key" "a rotation without the secret key" \
    peerkit-keys --rotate
# A dry run that fails leaves any .new key files alone: they may be a
# rotation's own, under way in another process.
printf 'privacy:\n  public_key: nk/public.key\n  secret_key: nk/secret.key\n  index_key: nk/index.key\n' \
    >"$tmp/nk.yaml"
ok_cmd peerkit-keys --config "$tmp/nk.yaml" --make
for k in public index; do cp "$tmp/nk/$k.key" "$keys/$k.key.new"; done
cp "$tmp/nk/secret.key" "$keys/secret.key.new"
bad 77 "privacy.secret_key" "a dry run of it without the secret key too" \
    peerkit-keys --rotate --dry-run
check "the .new key files are left as they were" \
    cmp "$tmp/nk/public.key" "$keys/public.key.new"
rm -f "$keys"/*.key.new
mv "$tmp/secret.key" "$keys/secret.key"
run t4a-report --year 2026 --format xml --filed
is_rc 0 "with the secret key back: the return, recorded as filed"
check "the slip on file holds the SIN sealed" test "$(sql \
    "SELECT sin, substr(sin_key, 1, 3), length(sin_box) FROM t4a_filed")" = "*********|544|81"

# A secret key that others can read is refused.
chmod 644 "$keys/secret.key"
bad_quiet 77 "this key is open to group or others \(mode 0644\): chmod 600 it" \
    "a secret key readable by others" peer-list --reveal-sin
chmod 600 "$keys/secret.key"

# Another machine's keys: refused, nothing sealed that nobody can read.
mkdir -p "$tmp/other"
cat >"$tmp/other.yaml" <<EOF
privacy:
  public_key: other/public.key
  secret_key: other/secret.key
  index_key: other/index.key
EOF
sed -n '/^payer:/,$p' "$data/t4a-config.yaml" >>"$tmp/other.yaml"
cp "$tmp/other.yaml" "$tmp/o.yaml"
run peerkit-keys --config "$tmp/o.yaml" --make --dry-run
is_rc 0 "--make --dry-run"
err_has "dry run: would make .*other/public.key, .*other/secret.key and .*other/index.key; nothing written" \
    "names the keys it would make"
check "and makes none" test ! -e "$tmp/other/public.key"
run peerkit-keys --config "$tmp/o.yaml" --make
is_rc 0 "keys of another store, named in the config (relative to it)"
check "made beside the config" test -s "$tmp/other/public.key"
echo "$sin_c" >"$tmp/sin"
bad 77 "privacy.public_key: .*other/public.key is not the key of this store's SINs" \
    "another store's public key is refused" \
    peer-add --config "$tmp/o.yaml" --alias Sage --sin - <"$tmp/sin"
bad_quiet 77 "privacy.secret_key: .*other/secret.key is not the key of this store's SINs" \
    "another store's secret key is refused" \
    peer-list --config "$tmp/o.yaml" --reveal-sin
run peer-add --config "$tmp/o.yaml" --alias Sage
is_rc 0 "without a SIN, other keys do not matter"
# A machine with no keys at all, on a store whose SINs are sealed: no
# keys are made for it, it is told to copy the store's.
sed 's/other\//none\//' "$tmp/o.yaml" >"$tmp/none.yaml"
echo "$sin_c" >"$tmp/sin"
bad 77 "privacy.public_key: .*none/public.key: no such key: this store's SINs are sealed to key [0-9a-f]{16}; copy its public and index keys here" \
    "no keys on a store with SINs: refused, none made" \
    peer-add --config "$tmp/none.yaml" --alias Sage2 --sin - <"$tmp/sin"
check "no key was made" test ! -e "$tmp/none"

# Rotation: every SIN re-sealed, the store and the key files agree.
old_pk=$(cat "$keys/public.key")
ok_cmd -o "$tmp/before" peer-list --reveal-sin --json
boxes="SELECT hex(sin_box) FROM peers WHERE sin_box IS NOT NULL UNION ALL
    SELECT hex(sin_box) FROM t4a_filed WHERE sin_box IS NOT NULL"
ok_cmd -o "$tmp/boxes.before" sql "$boxes"
check "boxes of three peers and a filed slip" test "$(wc -l <"$tmp/boxes.before")" = 4
# A dry run opens every SIN and seals it again, then writes nothing.
snap
ls -l --time-style=+%s.%N "$keys" >"$tmp/keys.before"
run peerkit-keys --rotate --dry-run
is_rc 0 "--rotate --dry-run"
err_has "dry run: every SIN opened and sealed again to new keys, then rolled back; nothing written" \
    "says what it checked"
unchanged "--rotate --dry-run"
ls -l --time-style=+%s.%N "$keys" >"$tmp/keys.after"
check "no key file written, moved or left" cmp "$tmp/keys.before" "$tmp/keys.after"
check "the same public key" test "$(cat "$keys/public.key")" = "$old_pk"
run peerkit-keys --rotate
is_rc 0 "--rotate"
err_has "every SIN re-sealed to new keys; the old ones are kept as FILE.old" "says so"
check "new keys in place" test "$(cat "$keys/public.key")" != "$old_pk"
check "the old kept as .old" test "$(cat "$keys/public.key.old")" = "$old_pk"
check "the new secret key is 0600" test "$(stat -c %a "$keys/secret.key")" = 600
check "no .new file left" test ! -e "$keys/secret.key.new"
ok_cmd -o "$tmp/after" peer-list --reveal-sin --json
check "every SIN reads back the same" cmp "$tmp/before" "$tmp/after"
ok_cmd -o "$tmp/boxes.after" sql "$boxes"
check "as many boxes after" test "$(wc -l <"$tmp/boxes.after")" = 4
run grep -xFf "$tmp/boxes.before" "$tmp/boxes.after"
is_rc 1 "every box is new, the filed slip's too"
run t4a-report --year 2026 --format xml --amend
is_rc 0 "an amended return after the rotation"
check "finds no change: the filed SIN is the peer's under the new keys" \
    sh -c "! grep -q '<T4ASlip>' '$tmp/out'"
check "audited, with the new fingerprints" test "$(sql \
    "SELECT count(*) FROM audit WHERE action = 'rotate' AND kind = 'keys' AND after LIKE '{\"public_key\":\"%'")" = 1
run peerkit-keys --json
is_rc 0 "peerkit-keys after the rotation"
check "the store has the new keys" jq -e '.can_seal and .can_reveal' "$tmp/out"
mkdir -p "$tmp/oldkeys"
for k in public secret index; do cp "$keys/$k.key.old" "$tmp/oldkeys/$k.key"; done
cat >"$tmp/old.yaml" <<EOF
privacy:
  public_key: oldkeys/public.key
  secret_key: oldkeys/secret.key
  index_key: oldkeys/index.key
EOF
echo "$sin_c" >"$tmp/sin"
bad 77 "is not the key of this store's SINs" "the old keys are refused" \
    peer-add --config "$tmp/old.yaml" --alias Heron --sin - <"$tmp/sin"
grep_store "$sin_a|$sin_b|130 692 544" "after the rotation: no SIN in the store, a backup or the WAL"

# The rest is about stores on a file: a PostgreSQL store is made from
# nothing, at the latest version.
if on_pg; then
	done_testing
fi

# A store of schema 3 with plain SINs, as peerkit kept them until now.
schema=$top/share/peerkit/schema
export PEERKIT_DB="$tmp/old.db"
for f in 001-initial 002-t4a-filed 003-ledger; do
	ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/$f.sql"
done
ok_cmd sqlite3 "$PEERKIT_DB" "PRAGMA user_version = 3;
INSERT INTO peers (id, uuid, alias, surname, sin, created_at, updated_at)
    VALUES (1, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Raven', 'Black',
    '$sin_a', '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z'),
    (2, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e02', 'Wren', 'Wood', '$sin_c',
    '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z'),
    (3, '0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e03', 'Finch', NULL, NULL,
    '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z');
INSERT INTO t4a_filed (uuid, year, peer_id, code, ref, bn, box, amount,
    surname, sin, filed_at) VALUES ('f1', 2025, 1, 'O', 'REF00001',
    '123456789RP0001', '048', 70000, 'Black', '$sin_a',
    '2026-02-01T10:00:00Z'), ('f2', 2025, 3, 'O', 'REF00001',
    '123456789RP0001', '048', 60000, 'Finch', '000000000',
    '2026-02-01T10:00:00Z');
UPDATE peers SET sin = '$sin_c' WHERE id = 2;
UPDATE peers SET sin = '$sin_b' WHERE id = 2;"
ok_cmd chmod 600 "$PEERKIT_DB"
check "the old store holds plain SINs (the search can see them)" \
    grep -aqE "$sin_a" "$PEERKIT_DB"
run peer-list
is_rc 0 "the old store upgraded on first use"
check "the store is at the latest version" test "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = \
    "$(ls "$top"/share/peerkit/schema/*.sql | wc -l | tr -d ' ')"
check "every SIN sealed, none plain" test "$(sqlite3 "$PEERKIT_DB" \
    "SELECT group_concat(id || ':' || coalesce(sin, '-') || ':' || coalesce(substr(sin_key, 1, 3), '-') || ':' || coalesce(length(sin_box), '-'), ' ') FROM peers")" = \
    "1:-:544:81 2:-:831:81 3:-:-:-"
check "the filed slip's SIN sealed, the none kept as zeros" test "$(sqlite3 "$PEERKIT_DB" \
    "SELECT group_concat(sin || ':' || coalesce(substr(sin_key, 1, 3), '-'), ' ') FROM t4a_filed")" = \
    "*********:544 000000000:-"
grep_store "$sin_a|$sin_b|$sin_c" "after the upgrade: no SIN, past or present, in the store, a backup or the WAL"
run peer-list --reveal-sin --format csv
is_rc 0 "the upgraded store's SINs read back"
check "each in full" test "$(awk -F, 'NR > 1 { print $7 }' "$tmp/out" | tr '\n' ' ')" = "$sin_a $sin_b  "
echo "$sin_b" >"$tmp/sin"
bad 65 "is already the SIN of peer 2 \(Wren\)" "one person, one SIN, in the upgraded store" \
    peer-add --alias Wren2 --sin - <"$tmp/sin"

# A store whose upgrade needs keys it cannot have is left as it was.
export PEERKIT_DB="$tmp/old2.db"
for f in 001-initial 002-t4a-filed 003-ledger; do
	ok_cmd sqlite3 "$PEERKIT_DB" <"$schema/$f.sql"
done
ok_cmd sqlite3 "$PEERKIT_DB" "PRAGMA user_version = 3;
INSERT INTO peers (uuid, alias, sin, created_at, updated_at) VALUES
    ('0b6e3c52-1c1a-4f7e-9a55-1f1b7c8d9e01', 'Raven', '$sin_a', 'x', 'x')"
ok_cmd chmod 600 "$PEERKIT_DB"
mv "$keys/index.key" "$tmp/index.key"
bad 77 "privacy.index_key: .*index.key: no such key" \
    "an upgrade without the index key: refused" peer-list
check "still at version 3" test "$(sqlite3 "$PEERKIT_DB" 'PRAGMA user_version')" = 3
mv "$tmp/index.key" "$keys/index.key"

done_testing
