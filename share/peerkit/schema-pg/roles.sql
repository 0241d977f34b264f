-- peerkit on PostgreSQL: the roles of who sees what.  Not a migration:
-- an administrator runs it in the store's database, once the store
-- exists (the first peerkit run by its owner creates it), and again
-- after an upgrade that adds a table:
--
--	psql -v ON_ERROR_STOP=1 -d peerkit -f roles.sql
--
-- It creates the three group roles if they are missing (roles belong to
-- the cluster, so a second store's database shares them) and grants them
-- the tables.  Row-level security (the migrations) then chooses the
-- rows: site staff read and write their site's peers and those peers'
-- records, coordinators read their region's, finance reads and writes
-- everything.  Which site or region a login serves is a row of
-- staff_scope, which only the owner reads or writes.  Nothing is granted
-- DELETE or TRUNCATE: nothing is deleted.  See peerkit(7) for creating
-- the logins.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles
	    WHERE rolname = 'peerkit_site_staff') THEN
		CREATE ROLE peerkit_site_staff NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles
	    WHERE rolname = 'peerkit_coordinator') THEN
		CREATE ROLE peerkit_coordinator NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles
	    WHERE rolname = 'peerkit_finance') THEN
		CREATE ROLE peerkit_finance NOLOGIN;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA public
    TO peerkit_site_staff, peerkit_coordinator, peerkit_finance;
GRANT SELECT ON ALL TABLES IN SCHEMA public
    TO peerkit_site_staff, peerkit_coordinator, peerkit_finance;
REVOKE ALL ON staff_scope
    FROM peerkit_site_staff, peerkit_coordinator, peerkit_finance;
-- Site staff and finance write the tables whose rows row-level security
-- gives them, and only those: the keys' fingerprints (privacy) and the
-- schema's version are the administrator's, a rejected submission
-- finance's, a filing finance's (site staff still seal and forget their
-- peers' slips: an update).
DO $$
DECLARE
	t regclass;
BEGIN
	FOR t IN SELECT c.oid::regclass FROM pg_class c
	    WHERE c.relnamespace = 'public'::regnamespace
	    AND c.relkind IN ('r', 'p') AND c.relrowsecurity
	    AND c.relname <> 'staff_scope' LOOP
		EXECUTE format('GRANT INSERT, UPDATE ON %s '
		    'TO peerkit_site_staff, peerkit_finance', t);
	END LOOP;
END
$$;
-- Writers read back the id of the row they added (RETURNING id, else
-- lastval()); lastval() reads the table's sequence, whose last value
-- says no more than the ids of one's own rows do.
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public
    TO peerkit_site_staff, peerkit_finance;
REVOKE INSERT ON t4a_filed FROM peerkit_site_staff;
GRANT INSERT ON t4a_rejected TO peerkit_finance;

-- No JIT compiling in the store's database.  PostgreSQL costs a
-- policy's EXISTS by its per-row plan even where it runs the hashed one,
-- so a scan by a role reads as a costly query and is compiled first:
-- site staff counting 200,000 engagements took 1.6 s with JIT, 0.39 s
-- without (the owner, under no policy, 0.28 s).  Peerkit's statements
-- gain nothing from it.
DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
