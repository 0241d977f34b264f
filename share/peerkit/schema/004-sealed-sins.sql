-- peerkit store, schema version 4: sealed SINs.
--
-- A SIN is kept as sin_key, "LLL:HHHH..." (its last three digits, for
-- the mask, and a keyed hash under the index key, for one person one
-- SIN), and sin_box, a libsodium sealed box to the program's public key
-- that only the secret key opens (privacy.c).  The plain column sin is
-- NULL from now on (in t4a_filed, which needs nine characters there,
-- "*********", and "000000000" still for a slip without a SIN): the migration's own step seals what it held, then the store is
-- vacuumed so no plain SIN is left in a free page, the WAL or a backup.
ALTER TABLE peers ADD COLUMN sin_key TEXT;
ALTER TABLE peers ADD COLUMN sin_box BLOB;
DROP INDEX peers_sin;
CREATE INDEX peers_sin_key ON peers (sin_key) WHERE sin_key IS NOT NULL;

ALTER TABLE t4a_filed ADD COLUMN sin_key TEXT;
ALTER TABLE t4a_filed ADD COLUMN sin_box BLOB;
-- A filed slip is still never edited, but its SIN is sealed, re-sealed
-- when the keys change (peerkit-keys --rotate), and its recipient's
-- name, SIN and address erased once the CRA's six years are past
-- (peer-add --forget).
DROP TRIGGER t4a_filed_not_edited;
CREATE TRIGGER t4a_filed_not_edited BEFORE UPDATE OF
    id, uuid, year, peer_id, code, ref, bn, box, amount, filed_at
    ON t4a_filed
BEGIN SELECT RAISE(ABORT, 'a filed slip is never edited'); END;
CREATE TRIGGER t4a_filed_sin_sealed BEFORE UPDATE OF sin ON t4a_filed
    WHEN NEW.sin <> '*********' AND NEW.sin IS NOT OLD.sin
BEGIN SELECT RAISE(ABORT, 'a filed slip''s SIN is only ever sealed'); END;

-- Which keys the store's SINs use: fingerprints, never the keys.
CREATE TABLE privacy (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- The audit trail stays append-only, but for one thing: forgetting a
-- peer past the CRA's six years (peer-add --forget) replaces the values
-- of their legal name, SIN, address, phone and email in the rows about
-- them and their slips with "(forgotten)".  Nothing else of a row, and
-- no other row, can change.
DROP TRIGGER audit_append_only_u;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
    WHEN OLD.kind NOT IN ('peer', 't4a_slip') OR NEW.id IS NOT OLD.id
    OR NEW.at IS NOT OLD.at OR NEW.who IS NOT OLD.who
    OR NEW.tool IS NOT OLD.tool OR NEW.action IS NOT OLD.action
    OR NEW.kind IS NOT OLD.kind OR NEW.record_id IS NOT OLD.record_id
    OR NEW.record_uuid IS NOT OLD.record_uuid
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
