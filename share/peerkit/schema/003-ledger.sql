-- peerkit store, schema version 3: a ledger, and one person one record.
--
-- What a peer is owed is what their engagements are due minus what was
-- paid for them.  Each honorarium paid is allocated to engagements (the
-- ones it names, else the peer's oldest open balances); what is left is
-- a credit the next engagements consume.  The allocations are a journal:
-- rows are added, never edited or deleted; a change (a void, credit
-- applied, an engagement voided) is a row with a negative amount.  An
-- engagement's amount_paid and a peer's credit are the sums of their
-- rows, kept beside them so that a payroll run need not add them up
-- (an engagement's amount_paid with what it arrived paid elsewhere).

CREATE TABLE allocations (
	id INTEGER PRIMARY KEY,
	payment_id INTEGER NOT NULL REFERENCES payments (id),
	engagement_id INTEGER REFERENCES engagements (id),	-- NULL: credit
	amount INTEGER NOT NULL CHECK (amount <> 0),		-- cents
	created_at TEXT NOT NULL
);
CREATE INDEX allocations_payment ON allocations (payment_id);
CREATE INDEX allocations_engagement ON allocations (engagement_id)
    WHERE engagement_id IS NOT NULL;

CREATE TRIGGER allocations_kept BEFORE DELETE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocations are a journal: never deleted'); END;
CREATE TRIGGER allocations_not_edited BEFORE UPDATE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocations are a journal: never edited'); END;

ALTER TABLE engagements ADD COLUMN amount_paid INTEGER NOT NULL DEFAULT 0
    CHECK (amount_paid >= 0 AND amount_paid <= amount_due);
-- Of amount_paid, what was paid in another store by payments not (yet)
-- imported here: an engagement that arrives paid is not owed here, and
-- its payment, when it comes, takes this over.
ALTER TABLE engagements ADD COLUMN paid_elsewhere INTEGER NOT NULL DEFAULT 0
    CHECK (paid_elsewhere >= 0 AND paid_elsewhere <= amount_paid);
ALTER TABLE peers ADD COLUMN credit INTEGER NOT NULL DEFAULT 0
    CHECK (credit >= 0);
-- One person, one record: a SIN is on one record (peer-add refuses it
-- on a second), and a person registered twice is merged, the duplicate
-- kept on record, merged into the other.
ALTER TABLE peers ADD COLUMN merged_into INTEGER REFERENCES peers (id);
CREATE INDEX peers_sin ON peers (sin) WHERE sin IS NOT NULL;

-- The engagements with something still owed, oldest first: what a
-- payment that names none pays, and what a peer's credit goes to.
CREATE INDEX engagements_open ON engagements (peer_id, date, id)
    WHERE status = 'logged' AND amount_paid < amount_due;

-- A payment is never edited, but for its peer when that peer's record is
-- merged into another: the person is the same.
DROP TRIGGER payments_not_edited;
CREATE TRIGGER payments_not_edited BEFORE UPDATE OF
    uuid, date, amount, method, kind, category, ref, engagements
    ON payments
BEGIN SELECT RAISE(ABORT, 'payments are voided, never edited'); END;
CREATE TRIGGER payments_peer_merged BEFORE UPDATE OF peer_id ON payments
    WHEN NEW.peer_id IS NOT (SELECT merged_into FROM peers
    WHERE id = OLD.peer_id)
BEGIN SELECT RAISE(ABORT,
    'a payment moves only to the record its peer was merged into'); END;

-- The store as it was, in the ledger.  First what each paid honorarium
-- settled: its engagements, oldest first, each its amount due as far as
-- the payment goes (a payment smaller than what it settled, an advance
-- marked as settling a whole engagement, leaves the rest owed).
INSERT INTO allocations (payment_id, engagement_id, amount, created_at)
SELECT payment_id, id, given, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (SELECT e.payment_id, e.id, min(e.amount_due, max(0, p.amount -
    coalesce(sum(e.amount_due) OVER (PARTITION BY e.payment_id
    ORDER BY e.date, e.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
    0))) AS given
    FROM engagements e JOIN payments p ON p.id = e.payment_id
    WHERE p.status = 'paid' AND p.kind = 'honorarium'
    AND e.status = 'logged')
WHERE given > 0;

-- What is left of each paid honorarium is credit: all of a payment that
-- named no engagement (cash paid on the spot).
INSERT INTO allocations (payment_id, engagement_id, amount, created_at)
SELECT p.id, NULL, p.amount - coalesce(a.given, 0),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM payments p LEFT JOIN (SELECT payment_id, sum(amount) AS given
    FROM allocations GROUP BY payment_id) a ON a.payment_id = p.id
WHERE p.status = 'paid' AND p.kind = 'honorarium'
    AND p.amount > coalesce(a.given, 0);

-- Credit then goes to what is still owed, each peer's oldest credit to
-- their oldest open balance: laid end to end, credits and balances
-- overlap where one pays the other.
WITH credit AS (
	SELECT a.payment_id, p.peer_id, a.amount,
	    sum(a.amount) OVER w - a.amount AS c0, sum(a.amount) OVER w AS c1
	FROM allocations a JOIN payments p ON p.id = a.payment_id
	WHERE a.engagement_id IS NULL
	WINDOW w AS (PARTITION BY p.peer_id ORDER BY p.date, p.id)
), paid AS (
	SELECT engagement_id, sum(amount) AS amount FROM allocations
	WHERE engagement_id IS NOT NULL GROUP BY engagement_id
), open AS (
	SELECT e.id, e.peer_id, e.amount_due - coalesce(paid.amount, 0) AS owed,
	    sum(e.amount_due - coalesce(paid.amount, 0)) OVER w -
	    (e.amount_due - coalesce(paid.amount, 0)) AS b0,
	    sum(e.amount_due - coalesce(paid.amount, 0)) OVER w AS b1
	FROM engagements e LEFT JOIN paid ON paid.engagement_id = e.id
	WHERE e.status = 'logged' AND e.amount_due > coalesce(paid.amount, 0)
	WINDOW w AS (PARTITION BY e.peer_id ORDER BY e.date, e.id)
), moves AS (
	SELECT c.payment_id, o.id AS engagement_id,
	    min(c.c1, o.b1) - max(c.c0, o.b0) AS amount
	FROM credit c JOIN open o ON o.peer_id = c.peer_id
	AND o.b0 < c.c1 AND c.c0 < o.b1
)
INSERT INTO allocations (payment_id, engagement_id, amount, created_at)
SELECT payment_id, engagement_id, amount,
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM moves
UNION ALL
SELECT payment_id, NULL, -amount, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM moves;

UPDATE engagements SET amount_paid = (SELECT sum(amount) FROM allocations
    WHERE engagement_id = engagements.id)
WHERE id IN (SELECT engagement_id FROM allocations
    WHERE engagement_id IS NOT NULL);
UPDATE peers SET credit = (SELECT coalesce(sum(a.amount), 0)
    FROM allocations a JOIN payments p ON p.id = a.payment_id
    WHERE p.peer_id = peers.id AND a.engagement_id IS NULL)
WHERE id IN (SELECT peer_id FROM payments);
-- payment_id names the payment that settled an engagement in full.
UPDATE engagements SET payment_id = NULL
WHERE payment_id IS NOT NULL AND amount_paid < amount_due;
UPDATE engagements SET payment_id = (SELECT payment_id FROM allocations
    WHERE engagement_id = engagements.id AND amount > 0
    ORDER BY id DESC LIMIT 1)
WHERE amount_paid = amount_due AND amount_due > 0;
