-- peerkit store, schema version 6: aliases matched as people type them.
--
-- A reference to a peer ("--peer raven", "emilie", "Nak'waxda'xw")
-- matches an alias without regard to case, accents or which apostrophe
-- was typed: alias_fold holds the alias so folded (lib/utf8.c,
-- pk_utf8_fold), written with the alias by every peerkit tool, and
-- indexed, so a reference is one index lookup.  pk_fold() is the same
-- fold as an SQL function, which every peerkit connection registers;
-- the sqlite3 shell does not have it, and a row it inserts has no
-- alias_fold: peerkit folds such rows' aliases as it reads them.
--
-- A store may already hold two aliases that fold alike ("Raven" and
-- "raven"): they stay as they are; a reference that is one of them
-- exactly names that peer, and a new alias that folds like one on
-- record is refused from now on.
ALTER TABLE peers ADD COLUMN alias_fold TEXT;
UPDATE peers SET alias_fold = pk_fold(alias);
CREATE INDEX peers_alias_fold ON peers (alias_fold);
