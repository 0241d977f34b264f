-- peerkit store, schema version 2: the T4A slips filed with the CRA.
--
-- One row per slip sent in a return, as it was written (the recipient's
-- text already cut to the CRA's lengths).  The slip on file for a peer
-- and a year is the latest row; an amended return is the difference
-- between it and the store.  Rows are never edited or deleted: a slip
-- amended or cancelled is a new row with code A or C.

CREATE TABLE t4a_filed (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	year INTEGER NOT NULL CHECK (year BETWEEN 1966 AND 2099),
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	code TEXT NOT NULL CHECK (code IN ('O', 'A', 'C')),	-- rpt_tcd
	ref TEXT NOT NULL,			-- sbmt_ref_id of the submission
	bn TEXT NOT NULL CHECK (length(bn) = 15),	-- the payer's account
	box TEXT NOT NULL CHECK (box IN ('048', '028')),
	amount INTEGER NOT NULL CHECK (amount >= 0),	-- cents
	surname TEXT NOT NULL,
	given_name TEXT,
	initial TEXT,
	sin TEXT NOT NULL CHECK (length(sin) = 9),	-- 000000000: none
	address_line1 TEXT,
	address_line2 TEXT,
	city TEXT,
	province TEXT,
	country TEXT,
	postal_code TEXT,
	filed_at TEXT NOT NULL
);
-- The latest row of each peer in a year is one seek.
CREATE INDEX t4a_filed_year ON t4a_filed (year, peer_id, id);
CREATE INDEX t4a_filed_ref ON t4a_filed (ref);

CREATE TRIGGER t4a_filed_kept BEFORE DELETE ON t4a_filed
BEGIN SELECT RAISE(ABORT, 'filed slips are amended or cancelled, never deleted'); END;
CREATE TRIGGER t4a_filed_not_edited BEFORE UPDATE ON t4a_filed
BEGIN SELECT RAISE(ABORT, 'a filed slip is never edited'); END;
