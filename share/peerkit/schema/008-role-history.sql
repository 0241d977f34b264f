-- peerkit store, schema version 8: the continuum over time.
--
-- A peer's roles are a history with dates: one row per role taken, from
-- the day it was taken (since, the program's date), never edited or
-- deleted.  The role a peer held on a day is the role of the latest row
-- on or before it (lib/role.c, pk_role_on); summaries by role use it.
-- peers.role stays the role held now.  Each peer on record gets one row:
-- the role it holds, from the day it was registered (created_at's date,
-- UTC), as nothing older was kept.
--
-- A role may end on a date (term_end): onboard-check reminds of it
-- before it comes.
CREATE TABLE peer_roles (
	id INTEGER PRIMARY KEY,
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	role TEXT,
	since TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX peer_roles_peer ON peer_roles (peer_id, since, id);
INSERT INTO peer_roles (peer_id, role, since, created_at)
    SELECT id, role, substr(created_at, 1, 10), created_at FROM peers
    ORDER BY id;
CREATE TRIGGER peer_roles_kept BEFORE DELETE ON peer_roles
BEGIN SELECT RAISE(ABORT, 'a role history is kept, never deleted'); END;
CREATE TRIGGER peer_roles_not_edited BEFORE UPDATE ON peer_roles
BEGIN SELECT RAISE(ABORT, 'a role history is added to, never edited'); END;
ALTER TABLE peers ADD COLUMN term_end TEXT;
