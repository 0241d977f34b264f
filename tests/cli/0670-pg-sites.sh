#!/bin/sh
# PostgreSQL: who sees what, through the tools.  The store's owner makes
# the store and runs roles.sql; logins of site A's and site B's staff,
# the north's coordinator and finance are made as peerkit(7) says.  Site
# staff see their site's peers only: another site's peer is no peer (the
# same message and status as a peer that does not exist), and a write
# for another site is refused with 77, nothing written.  The coordinator
# reads the region and writes nothing; finance reads and pays everyone.
. "$(dirname "$0")/lib.sh"
pg_store_only "row-level security by site is PostgreSQL's"

owner=$PEERKIT_DB
printf '130 692 544\n' >"$tmp/sin.ada"
printf '193 456 787\n' >"$tmp/sin.amy"
ok_cmd peer-add --alias Ada --site A --region north --sin - <"$tmp/sin.ada"
ok_cmd peer-add --alias Abe --site A --region north
ok_cmd peer-add --alias Bea --site B --region north
ok_cmd peer-add --alias Cy --site C --region south
ok_cmd engage-log --peer Ada --peer Bea --peer Cy --hours 1 \
    --activity meeting --level consult --date 2026-11-02
ok_cmd honorarium-pay --peer Bea --amount 25.00 --date 2026-11-03

# The administrator: roles.sql, then the logins and what each serves.
pg_login a b north fin nobody
a=${t_pgdb}_a b=${t_pgdb}_b north=${t_pgdb}_north fin=${t_pgdb}_fin
nobody=${t_pgdb}_nobody
run psql -XAtq -v ON_ERROR_STOP=1 "$owner" -f "$top/share/peerkit/schema-pg/roles.sql"
is_rc 0 "the owner runs roles.sql"
run psql -XAtq -v ON_ERROR_STOP=1 "$owner" -c "
CREATE ROLE \"$a\" LOGIN IN ROLE peerkit_site_staff;
CREATE ROLE \"$b\" LOGIN IN ROLE peerkit_site_staff;
CREATE ROLE \"$north\" LOGIN IN ROLE peerkit_coordinator;
CREATE ROLE \"$fin\" LOGIN IN ROLE peerkit_finance;
CREATE ROLE \"$nobody\" LOGIN;
INSERT INTO staff_scope (role, site) VALUES ('$a', 'A'), ('$b', 'B');
INSERT INTO staff_scope (role, region) VALUES ('$north', 'north');"
is_rc 0 "and makes the logins: staff of sites A and B, the north's coordinator, finance"
as_a="$owner&user=$a" as_b="$owner&user=$b" as_north="$owner&user=$north"
as_fin="$owner&user=$fin" as_nobody="$owner&user=$nobody"

aliases() {	# aliases URI [options]: the aliases peer-list shows
	d=$1
	shift
	peer-list --db "$d" --json "$@" >"$tmp/aliases.json" || return
	jq -r '.alias' "$tmp/aliases.json" | tr '\n' ' ' | sed 's/ $//'
	echo
}

#
# Site A's staff.
#
run aliases "$as_a"
is_rc 0 "site A's staff list the peers"
is_outs "Ada Abe" "only site A's"
run aliases "$as_b"
is_rc 0 "site B's staff list the peers"
is_outs "Bea" "only site B's"

run peer-list --db "$as_a" Zed
is_rc 65 "a peer that does not exist"
cp "$tmp/err" "$tmp/err.none"
run peer-list --db "$as_a" Bea
is_rc 65 "site B's peer, to site A's staff: no such peer"
err_has '^peer-list: no peer "Bea"$' "the message of a peer that does not exist"
check "word for word" test "$(sed 's/Zed/Bea/' "$tmp/err.none")" = "$(cat "$tmp/err")"
run peer-list --db "$as_a" 99
is_rc 65 "no peer 99"
cp "$tmp/err" "$tmp/err.none"
run peer-list --db "$as_a" 3
is_rc 65 "nor peer 3, by its id"
check "the same message" test "$(sed 's/ 99$/ 3/' "$tmp/err.none")" = "$(cat "$tmp/err")"

bad 77 '^peer-add: .*: add the peer: not allowed to your login \(new row violates row-level security policy for table "peers"\): site staff read and write their site.s peers and records' \
    "site A's staff add a peer of site B: refused" \
    peer-add --db "$as_a" --alias Bo --site B
err_has '^peer-add: nothing written$' "and said so"
bad 77 'not allowed to your login' "nor a peer of no site" \
    peer-add --db "$as_a" --alias Xo
run sql "SELECT count(*) FROM peers WHERE alias IN ('Bo', 'Xo')"
is_rc 0 "the owner counts them"
is_outs 0 "neither was added"

bad 65 '^engage-log: no peer "Bea"$' "site A's staff log an engagement of site B's peer: no such peer" \
    engage-log --db "$as_a" --peer Bea --hours 1 --activity meeting --level consult
bad 65 '^honorarium-pay: no peer "Bea"$' "nor pay her" \
    honorarium-pay --db "$as_a" --peer Bea --amount 10.00

run peer-add --db "$as_a" --alias Amy --site A --region north --sin - <"$tmp/sin.amy"
is_rc 0 "site A's staff add a peer of their own site, with a SIN"
run peer-list --db "$as_a" --json --reveal-sin Amy
is_rc 0 "and read it back"
thru jq -r '.sin'
is_outs 193456787 "the SIN sealed with the program's keys, and revealed to them"
run engage-log --db "$as_a" --peer Amy --peer Ada --hours 2 --activity outreach \
    --level involve --date 2026-11-10
is_rc 0 "log their peers' engagements"
run honorarium-pay --db "$as_a" --peer Amy --amount 20.00 --date 2026-11-11
is_rc 0 "and pay them"
run sql "SELECT count(*) FROM audit a JOIN peers p ON p.id = a.record_id
    WHERE a.kind = 'peer' AND a.action = 'create' AND p.alias = 'Amy'"
is_rc 0 "the owner reads the audit trail"
is_outs 1 "what site A's staff wrote is audited"

run engage-log --db "$as_a" --list --json
is_rc 0 "site A's staff list the engagements"
thru jq -r '.alias'
is_outs "Ada
Amy
Ada" "their site's only"
run honorarium-pay --db "$as_b" --list --json
is_rc 0 "site B's staff list the payments"
thru jq -r '"\(.alias) \(.amount)"'
is_outs "Bea 25.00" "their site's only"
run aliases "$as_b"
is_rc 0 "site B's staff list the peers again"
is_outs "Bea" "Amy is not theirs"

#
# The coordinator reads the region; finance everything.
#
run aliases "$as_north"
is_rc 0 "the north's coordinator lists the peers"
is_outs "Ada Abe Bea Amy" "the region's, sites A and B"
run engage-log --db "$as_north" --list --json
is_rc 0 "and the engagements"
thru jq -r '.alias'
is_outs "Ada
Bea
Amy
Ada" "the region's"
bad 77 'not allowed to your login \(permission denied for table peers\)' \
    "the coordinator adds no peer" \
    peer-add --db "$as_north" --alias Al --site A

run aliases "$as_fin"
is_rc 0 "finance lists the peers"
is_outs "Ada Abe Bea Cy Amy" "every one"
run honorarium-pay --db "$as_fin" --run --period 2026-11 --date 2026-11-20
is_rc 0 "finance runs the payroll"
err_has 'paid: 3 payments, 130\.00 in all, for 4 engagements$' \
    "every site's balances: Ada 75.00, Cy 25.00, Amy 30.00 (50.00 less 20.00 paid)"
run honorarium-pay --db "$as_fin" --totals --year 2026 --json
is_rc 0 "finance totals the year"
thru jq -r '"\(.alias) \(.taxable)"'
is_outs "Ada 75.00
Bea 25.00
Cy 25.00
Amy 50.00" "every site's peers"
run t4a-report --db "$as_fin" --year 2026 --all --json
is_rc 0 "finance's T4A report"
thru jq -r '"\(.alias) \(.total)"'
is_outs "Ada 75.00
Bea 25.00
Cy 25.00
Amy 50.00" "every peer paid"
run honorarium-pay --db "$as_a" --totals --year 2026 --json
is_rc 0 "site A's staff total the year"
thru jq -r '.alias'
is_outs "Ada
Amy" "their site's only"

bad 77 'read the schema version: not allowed to your login' \
    "a login in none of peerkit's roles reads nothing" \
    peer-list --db "$as_nobody"
done_testing
