-- peerkit store on PostgreSQL, schema version 10
-- (schema/010-engagements-date-covering.sql): the engagements of a
-- period read from the date index alone.
--
-- Summaries and the program report walk a period's engagements by date
-- and need of each only its status, level and peer when they count:
-- with those in the date index, a count is an index-only scan (on
-- PostgreSQL, of the pages the visibility map says are all visible).
-- The same index as SQLite's, so that the schema is one.
DROP INDEX engagements_date;
CREATE INDEX engagements_date ON engagements (date, status, level, peer_id);
