-- peerkit store on PostgreSQL, schema version 6
-- (schema/006-alias-fold.sql): aliases matched as people type them.
--
-- A reference to a peer ("--peer raven", "emilie", "Nak'waxda'xw")
-- matches an alias without regard to case, accents or which apostrophe
-- was typed: alias_fold holds the alias so folded (lib/utf8.c,
-- pk_utf8_fold), written with the alias by every peerkit tool, and
-- indexed, so a reference is one index lookup.
--
-- pk_fold() is the fold in SQL, as near pk_utf8_fold as PostgreSQL's
-- built-ins come: compatibility decomposition, lower case (ICU's, so
-- the database's LC_CTYPE does not matter; ß and final sigma as case
-- folding has them), the default-ignorable characters and the accents
-- of utf8.c's blocks dropped, the three apostrophes made ASCII, NFC.
-- It is lower case, not case folding, elsewhere (Cherokee folds to
-- upper case): the C code binds values it folded itself wherever it can
-- (alias_fold on every write), and SQL folds only where it must.
CREATE FUNCTION pk_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN normalize(translate(replace(regexp_replace(
	lower(normalize(t, NFKD) COLLATE "und-x-icu"),
	'[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f'
	'\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0'
	'\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a'
	'\U000e0000-\U000e0fff'
	'\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]',
	'', 'g'), chr(223), 'ss'),
	chr(8217) || chr(8216) || chr(700) || chr(962),
	repeat('''', 3) || chr(963)), NFC);

-- SQLite's migration then folds the aliases on record; a new store has
-- none.
ALTER TABLE peers ADD COLUMN alias_fold text;
CREATE INDEX peers_alias_fold ON peers (alias_fold);
