-- peerkit store on PostgreSQL, schema version 9
-- (schema/009-cash-rounding.sql): Canadian cash rounding.
--
-- There has been no cent coin since 2013: a cash payment is rounded to
-- 0.05 the way the Government of Canada's guidance says (lib/cash.c).
-- amount stays what the peer received; rounding is that amount minus
-- what was owed (-2 to 2 cents), so the ledger allocates amount -
-- rounding and the rounding settles the rest.  Only cash is rounded.
ALTER TABLE payments ADD COLUMN rounding bigint NOT NULL DEFAULT 0
    CHECK (rounding BETWEEN -2 AND 2 AND (rounding = 0 OR method = 'cash'));

DROP TRIGGER payments_not_edited ON payments;
CREATE TRIGGER payments_not_edited BEFORE UPDATE OF
    uuid, date, amount, method, kind, category, ref, engagements, rounding
    ON payments FOR EACH ROW
    EXECUTE FUNCTION pk_refuse('payments are voided, never edited');
