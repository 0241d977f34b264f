-- peerkit store, schema version 1.
--
-- Nothing is deleted: peers are deactivated, engagements and payments
-- voided, onboarding steps undone by a new row.  Triggers refuse deletes
-- and edits of what was paid, so a bug cannot lose a record either.
-- Money is integer cents; dates are TEXT 'YYYY-MM-DD' (they sort);
-- timestamps are TEXT 'YYYY-MM-DDTHH:MM:SSZ' in UTC.

CREATE TABLE peers (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	alias TEXT NOT NULL CHECK (length(alias) BETWEEN 1 AND 100),
	surname TEXT,
	given_name TEXT,
	initial TEXT,
	sin TEXT CHECK (sin IS NULL OR length(sin) = 9),
	address_line1 TEXT,
	address_line2 TEXT,
	city TEXT,
	province TEXT,
	postal_code TEXT,
	country TEXT,
	phone TEXT,
	email TEXT,
	role TEXT,
	region TEXT,
	site TEXT,
	payment_method TEXT,
	benefit_program TEXT,
	sin_requested TEXT NOT NULL DEFAULT '[]',	-- JSON array of dates
	demographics TEXT,				-- JSON object, self-identified
	status TEXT NOT NULL DEFAULT 'active'
	    CHECK (status IN ('active', 'inactive')),
	notes TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX peers_alias ON peers (alias COLLATE NOCASE);

CREATE TABLE payments (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	date TEXT NOT NULL,			-- the day the money was received
	amount INTEGER NOT NULL CHECK (amount > 0),
	-- ORs, not IN: SQLite checks an IN list of more than two values
	-- through a temporary table built for every row inserted.
	method TEXT NOT NULL CHECK (method = 'cash' OR method = 'etransfer'
	    OR method = 'cheque' OR method = 'direct-deposit'
	    OR method = 'gift-card'),
	kind TEXT NOT NULL CHECK (kind IN ('honorarium', 'reimbursement')),
	category TEXT CHECK (category IS NULL OR category = 'transit'
	    OR category = 'childcare' OR category = 'meal'
	    OR category = 'other'),
	ref TEXT UNIQUE,			-- idempotency key
	note TEXT,
	engagements TEXT NOT NULL DEFAULT '[]',	-- JSON array of the ids it settled
	warnings TEXT NOT NULL DEFAULT '[]',	-- JSON array of strings
	status TEXT NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'void')),
	void_reason TEXT,
	voided_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- Covering: a peer's total for a year or a month is read from the index.
CREATE INDEX payments_peer ON payments (peer_id, date, status, kind, amount);
CREATE INDEX payments_date ON payments (date);

CREATE TABLE engagements (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	date TEXT NOT NULL,
	minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
	activity TEXT NOT NULL,
	-- ORs, not IN: see payments.method.
	level TEXT NOT NULL CHECK (level = 'inform' OR level = 'consult'
	    OR level = 'involve' OR level = 'collaborate' OR level = 'empower'),
	project TEXT,
	region TEXT,
	site TEXT,
	supports TEXT NOT NULL DEFAULT '[]',	-- JSON array of strings
	note TEXT,
	amount_due INTEGER NOT NULL DEFAULT 0 CHECK (amount_due >= 0),
	payment_id INTEGER REFERENCES payments (id),
	status TEXT NOT NULL DEFAULT 'logged' CHECK (status IN ('logged', 'void')),
	void_reason TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX engagements_date ON engagements (date);
CREATE INDEX engagements_peer ON engagements (peer_id, date);
CREATE INDEX engagements_payment ON engagements (payment_id)
    WHERE payment_id IS NOT NULL;

-- One row per step: the state of an item is its latest row.
CREATE TABLE onboarding (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	peer_id INTEGER NOT NULL REFERENCES peers (id),
	item TEXT NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('done', 'undo', 'waive')),
	date TEXT NOT NULL,
	note TEXT,
	by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX onboarding_peer ON onboarding (peer_id, item, id);

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	who TEXT NOT NULL,
	tool TEXT NOT NULL,
	action TEXT NOT NULL,
	kind TEXT NOT NULL,
	record_id INTEGER,
	record_uuid TEXT,
	before TEXT,		-- JSON, SIN masked
	after TEXT		-- JSON, SIN masked
);
CREATE INDEX audit_record ON audit (kind, record_id);

CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER peers_kept BEFORE DELETE ON peers
BEGIN SELECT RAISE(ABORT, 'peers are deactivated, never deleted'); END;
CREATE TRIGGER engagements_kept BEFORE DELETE ON engagements
BEGIN SELECT RAISE(ABORT, 'engagements are voided, never deleted'); END;
CREATE TRIGGER payments_kept BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are voided, never deleted'); END;
CREATE TRIGGER onboarding_kept BEFORE DELETE ON onboarding
BEGIN SELECT RAISE(ABORT, 'onboarding steps are undone, never deleted'); END;
CREATE TRIGGER payments_not_edited BEFORE UPDATE OF
    uuid, peer_id, date, amount, method, kind, category, ref, engagements
    ON payments
BEGIN SELECT RAISE(ABORT, 'payments are voided, never edited'); END;
CREATE TRIGGER payments_void_final BEFORE UPDATE OF status ON payments
    WHEN OLD.status = 'void'
BEGIN SELECT RAISE(ABORT, 'a void payment stays void'); END;
