-- peerkit store, schema version 5: submissions the CRA rejected.
--
-- A filed slip is never edited or deleted (002).  When the CRA rejects a
-- submission, t4a-report --unfile REF records it here: the slips of that
-- submission stay in t4a_filed, as they were sent, but are no longer on
-- file; the slip on file for a peer and a year is the latest row of a
-- submission not rejected.  A rejection is never edited or deleted
-- either.  Its reference stays used: the submission sent again takes
-- another.
CREATE TABLE t4a_rejected (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	ref TEXT NOT NULL UNIQUE,		-- sbmt_ref_id in t4a_filed
	year INTEGER NOT NULL CHECK (year BETWEEN 1966 AND 2099),
	slips INTEGER NOT NULL CHECK (slips > 0),	-- its rows in t4a_filed
	rejected_at TEXT NOT NULL
);

CREATE TRIGGER t4a_rejected_kept BEFORE DELETE ON t4a_rejected
BEGIN SELECT RAISE(ABORT, 'a rejected submission is never deleted'); END;
CREATE TRIGGER t4a_rejected_not_edited BEFORE UPDATE ON t4a_rejected
BEGIN SELECT RAISE(ABORT, 'a rejected submission is never edited'); END;
