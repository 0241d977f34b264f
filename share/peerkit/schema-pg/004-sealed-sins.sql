-- peerkit store on PostgreSQL, schema version 4
-- (schema/004-sealed-sins.sql): sealed SINs.
--
-- A SIN is kept as sin_key, "LLL:HHHH..." (its last three digits, for
-- the mask, and a keyed hash under the index key, for one person one
-- SIN), and sin_box, a libsodium sealed box to the program's public key
-- that only the secret key opens (privacy.c).  The plain column sin is
-- NULL (in t4a_filed, which needs nine characters there, "*********",
-- and "000000000" still for a slip without a SIN).  SQLite's migration
-- then seals the SINs on record and vacuums; a PostgreSQL store never
-- held a plain one.
ALTER TABLE peers ADD COLUMN sin_key text;
ALTER TABLE peers ADD COLUMN sin_box bytea;
DROP INDEX peers_sin;
CREATE INDEX peers_sin_key ON peers (sin_key) WHERE sin_key IS NOT NULL;

ALTER TABLE t4a_filed ADD COLUMN sin_key text;
ALTER TABLE t4a_filed ADD COLUMN sin_box bytea;
-- A filed slip is still never edited, but its SIN is sealed, re-sealed
-- when the keys change (peerkit-keys --rotate), and its recipient's
-- name, SIN and address erased once the CRA's six years are past
-- (peer-add --forget).
DROP TRIGGER t4a_filed_not_edited ON t4a_filed;
CREATE TRIGGER t4a_filed_not_edited BEFORE UPDATE OF
    id, uuid, year, peer_id, code, ref, bn, box, amount, filed_at
    ON t4a_filed FOR EACH ROW
    EXECUTE FUNCTION pk_refuse('a filed slip is never edited');
CREATE TRIGGER t4a_filed_sin_sealed BEFORE UPDATE OF sin ON t4a_filed
    FOR EACH ROW
    WHEN (NEW.sin <> '*********' AND NEW.sin IS DISTINCT FROM OLD.sin)
    EXECUTE FUNCTION pk_refuse('a filed slip''s SIN is only ever sealed');

-- Which keys the store's SINs use: fingerprints, never the keys.
CREATE TABLE privacy (
	name text PRIMARY KEY,
	value text NOT NULL
);

-- The audit trail stays append-only, but for one thing: forgetting a
-- peer past the CRA's six years (peer-add --forget) replaces the values
-- of their legal name, SIN, address, phone and email in the rows about
-- them and their slips with "(forgotten)".  Nothing else of a row, and
-- no other row, can change.
DROP TRIGGER audit_append_only_u ON audit;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit FOR EACH ROW
    WHEN (OLD.kind NOT IN ('peer', 't4a_slip')
    OR NEW.id IS DISTINCT FROM OLD.id
    OR NEW.at IS DISTINCT FROM OLD.at OR NEW.who IS DISTINCT FROM OLD.who
    OR NEW.tool IS DISTINCT FROM OLD.tool
    OR NEW.action IS DISTINCT FROM OLD.action
    OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.record_id IS DISTINCT FROM OLD.record_id
    OR NEW.record_uuid IS DISTINCT FROM OLD.record_uuid)
    EXECUTE FUNCTION pk_refuse('the audit trail is append-only');
