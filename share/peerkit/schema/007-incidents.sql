-- peerkit store, schema version 7: critical incidents a peer responded
-- to, and the follow-ups the program offers after them.
--
-- An incident names the peer who responded, never the person they
-- responded to: its kind, its date, where, and at most a note.  The
-- follow-ups its kind asked for when it was recorded (config.yaml,
-- incidents:) are rows of their own with the days they fall due, so a
-- later change of configuration does not move what was promised.  Like
-- onboarding items, a follow-up's state is its latest step: done,
-- declined (the peer's choice, respected), waive or undo.
CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	kind TEXT NOT NULL,
	date TEXT NOT NULL,
	region TEXT,
	site TEXT,
	engagement_id INTEGER UNIQUE REFERENCES engagements (id),
	note TEXT,
	by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX incidents_peer ON incidents (peer_id, date);
CREATE INDEX incidents_date ON incidents (date);

CREATE TABLE follow_ups (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents (id),
	key TEXT NOT NULL,
	due_on TEXT NOT NULL,		-- from this day
	due_by TEXT NOT NULL,		-- overdue after this day
	UNIQUE (incident_id, key)
);

CREATE TABLE follow_up_steps (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	follow_up_id INTEGER NOT NULL REFERENCES follow_ups (id),
	action TEXT NOT NULL CHECK (action = 'done' OR action = 'declined'
	    OR action = 'waive' OR action = 'undo'),
	date TEXT NOT NULL,
	note TEXT,
	by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX follow_up_steps_of ON follow_up_steps (follow_up_id, id);

CREATE TRIGGER incidents_kept BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'incidents are kept, never deleted'); END;
CREATE TRIGGER follow_ups_kept BEFORE DELETE ON follow_ups
BEGIN SELECT RAISE(ABORT, 'follow-ups are kept, never deleted'); END;
CREATE TRIGGER follow_ups_fixed BEFORE UPDATE ON follow_ups
BEGIN SELECT RAISE(ABORT, 'follow-ups are fixed when recorded'); END;
CREATE TRIGGER follow_up_steps_kept BEFORE DELETE ON follow_up_steps
BEGIN SELECT RAISE(ABORT, 'follow-up steps are undone, never deleted'); END;
