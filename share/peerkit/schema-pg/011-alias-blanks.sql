-- peerkit store on PostgreSQL, schema version 11
-- (schema/011-alias-blanks.sql): the blanks around an alias are no
-- part of it.  pk_fold drops them, as pk_utf8_fold now does, and the
-- folds on record lose theirs.
CREATE OR REPLACE FUNCTION pk_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN btrim(normalize(translate(replace(regexp_replace(
	lower(normalize(t, NFKD) COLLATE "und-x-icu"),
	'[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f'
	'\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0'
	'\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a'
	'\U000e0000-\U000e0fff'
	'\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]',
	'', 'g'), chr(223), 'ss'),
	chr(8217) || chr(8216) || chr(700) || chr(962),
	repeat('''', 3) || chr(963)), NFC),
	' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13));
UPDATE peers SET alias_fold = btrim(alias_fold,
    ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))
    WHERE alias_fold <> btrim(alias_fold,
    ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13));
