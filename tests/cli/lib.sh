# lib.sh - sourced by every tests/cli/NNNN-tool-topic.sh.
#
# Each script gets a scratch directory ($tmp) and its own store, a fixed
# "today" and clock (PEERKIT_TODAY=2026-11-23,
# PEERKIT_NOW=2026-11-23T12:00:00Z),
# a time zone and a locale, and prints TAP for prove.  The binaries come
# from $PK_BIN (make check sets it; default bin/ of this checkout).
#
#   PK_TEST_TZ      the TZ the tests run in (default UTC)
#   PK_TEST_LOCALE  the LC_ALL the tests run in (default C)
#
# A make target sets these to run the tests in another zone and locale,
# e.g. PK_TEST_TZ=Pacific/Kiritimati PK_TEST_LOCALE=C.UTF-8, to show that
# they do not depend on UTC or C; today and the clock stay fixed.
#
#   run CMD...          run, keeping $rc, $tmp/out and $tmp/err; its exit
#                       status must then be asserted with is_rc: a run
#                       whose status is not (at the next run, or at
#                       done_testing) is a failing test
#   is_rc N DESC        exit status of the last run
#   is_fail DESC        the last run failed (status not 0), for commands
#                       not of peerkit (sqlite3) whose status may vary
#   is_out FILE DESC    stdout of the last run equals FILE (diff -u)
#   is_outs TEXT DESC   stdout of the last run equals TEXT
#   err_has RE DESC     stderr of the last run matches the regex
#   check DESC CMD...   CMD must succeed (e.g. test, grep, jq -e)
#   lacks DESC RE FILE  no line of FILE matches RE (a grep error fails)
#   ok_cmd [-o FILE] CMD...  a setup step: CMD must exit 0 (a test of its
#                       own); its stdout goes to FILE (default
#                       $tmp/ok.out), its stderr is shown if it fails
#   thru CMD...         the last run's stdout through the filter CMD, in
#                       place (CMD must exit 0: a test of its own)
#   bad STATUS RE DESC CMD...   a refused command: exit STATUS, stderr
#                       matching RE, the store unchanged
#   bad_quiet STATUS RE DESC CMD...   the same, and nothing on stdout
#   snap / unchanged DESC   store content before and after is the same
#   valid DESC FILE      the CRA's T4A schema accepts FILE
#   xpath EXPR FILE      an XPath's answer in FILE
#   sql SQL             run SQL on the store (sqlite3 or psql), rows as
#                       sqlite3 prints them: fields joined by |
#   new_store VAR NAME  VAR is the name of a further store of the script:
#                       $tmp/NAME.db, or on PostgreSQL a database of its
#                       own, dropped at the end
#   json_col COL KEY    SQL for the member KEY of COL's JSON text, for sql
#                       (json_extract on SQLite, ->> on PostgreSQL)
#   store_backup FILE   a copy of the store in FILE as an administrator
#                       makes one: sqlite3's .backup, or pg_dump (a test)
#   store_files         sets $store_files to where the store's bytes lie,
#                       to search with grep -r: the file and its WAL, or
#                       on PostgreSQL the database's directory on the
#                       server, a CHECKPOINT written (a test)
#   valid DESC FILE      the CRA's T4A schema accepts FILE
#   xpath EXPR FILE      an XPath's answer in FILE
#   sql SQL             run SQL on the store (sqlite3 or psql), rows as
#                       sqlite3 prints them: fields joined by |
#
# With PK_PG set to a PostgreSQL server's socket directory (make check
# runs the suite a second time so, on a server mk/pg.sh starts), each
# script's store is a database of its own on that server, made here and
# dropped at the end:
#
#   on_pg               true when the store is PostgreSQL's
#   file_store_only WHY a script about the store's file (its mode, a
#                       copy, a corrupt page) is skipped on PostgreSQL
#   pg_store_only WHY   a script about PostgreSQL's store (its roles, a
#                       move from SQLite into it) is skipped on SQLite
#   engine_free WHY     a script about what no store's engine changes
#                       (help, completions, a terminal's lines, parsers
#                       replayed) runs once, on SQLite
#   pg_long WHY         a long script whose PostgreSQL run make check-pg
#                       makes (PK_PG_ALL=1), not make check, which must
#                       hold its ten minutes: .ci/run runs both
#   pg_login NAME...    ${t_pgdb}_NAME, a role the script makes, is
#                       dropped at the end (roles are the cluster's)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PK_BIN=${PK_BIN:-$top/bin}
PATH=$PK_BIN:$PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerkit-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset PEERKIT_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME
export TZ="${PK_TEST_TZ:-UTC}" LC_ALL="${PK_TEST_LOCALE:-C}" \
    HOME="$tmp/home" PEERKIT_DB="$tmp/peerkit.db" \
    PEERKIT_TODAY=2026-11-23 PEERKIT_NOW=2026-11-23T12:00:00Z
mkdir -p "$HOME"
on_pg() { [ -n "${PK_PG:-}" ]; }
# Debian's psql and pg_dump are a Perl program that picks the server's
# version and runs the real one: the real one straight away (mk/pg.sh's
# PostgreSQL 15) starts in a third of the time, and a script on
# PostgreSQL asks psql for every digest and every query of sql.
if on_pg && [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/psql" ]; then
	t_pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
	psql() { "$t_pgbin/psql" "$@"; }
	pg_dump() { "$t_pgbin/pg_dump" "$@"; }
fi
if on_pg; then
	t_pgdb=t$$_$(basename "$0" .sh | tr -c 'a-z0-9\n' _ | cut -c 1-40)
	psql -Xq "postgresql:///postgres?host=$PK_PG" \
	    -c "CREATE DATABASE \"$t_pgdb\"" >/dev/null || {
		echo "Bail out! cannot make database $t_pgdb on $PK_PG"
		exit 1
	}
	PEERKIT_DB="postgresql:///$t_pgdb?host=$PK_PG"
	t_pgstores=$t_pgdb t_pgroles=
	trap 'rm -rf "$tmp"; for t_d in $t_pgstores; do
		psql -Xq "postgresql:///postgres?host=$PK_PG" \
		    -c "DROP DATABASE IF EXISTS \"$t_d\" WITH (FORCE)" >/dev/null
	    done; for t_r in $t_pgroles; do
		psql -Xq "postgresql:///postgres?host=$PK_PG" \
		    -c "DROP ROLE IF EXISTS \"$t_r\"" >/dev/null
	    done' EXIT
fi
# The whole script skipped, saying why (TAP's plan of none).
t_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}
file_store_only() { ! on_pg || t_skip_all "on PostgreSQL: $*"; }
engine_free() { ! on_pg || t_skip_all "on PostgreSQL: the same as on SQLite: $*"; }
pg_long() {
	! on_pg || [ "${PK_PG_ALL:-0}" = 1 ] ||
	    t_skip_all "on PostgreSQL in make check (make check-pg runs it): $*"
}
pg_store_only() { on_pg || t_skip_all "on SQLite: $*"; }
pg_login() {	# pg_login NAME...: each ${t_pgdb}_NAME is dropped at the end
	for t_r; do
		t_pgroles="$t_pgroles ${t_pgdb}_$t_r"
	done
}
sql() {
	if on_pg; then
		psql -XAtq -F '|' -v ON_ERROR_STOP=1 "$PEERKIT_DB" -c "$1"
	else
		sqlite3 "$PEERKIT_DB" "$1"
	fi
}
new_store() {
	if on_pg; then
		psql -Xq "postgresql:///postgres?host=$PK_PG" \
		    -c "CREATE DATABASE \"${t_pgdb}_$2\"" >/dev/null || {
			echo "Bail out! cannot make database ${t_pgdb}_$2 on $PK_PG"
			exit 1
		}
		t_pgstores="$t_pgstores ${t_pgdb}_$2"
		eval "$1=\"postgresql:///${t_pgdb}_$2?host=\$PK_PG\""
	else
		eval "$1=\"\$tmp/$2.db\""
	fi
}
json_col() {
	if on_pg; then
		printf "(%s::json ->> '%s')" "$1" "$2"
	else
		printf "json_extract(%s, '\$.%s')" "$1" "$2"
	fi
}
data=$top/tests/data
t_n=0 t_fail=0 rc=0
t_unchecked=	# the last run's command while its status is not asserted

t_result() {	# t_result STATUS DESC
	t_n=$((t_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_fail=$((t_fail + 1))
	fi
}
# t_oneline TEXT: TEXT on one line, cut to 100 characters, the scratch
# directory as $tmp and # escaped (for the description of a TAP line)
t_oneline() {
	printf '%s\n' "$1" | sed "s|$tmp|\$tmp|g" | tr '\n\t' '  ' | cut -c1-100 |
	    sed 's/ *$//; s/#/\\#/g'
}
# A run whose exit status nobody asserted is a failure: a command that
# failed would otherwise pass unseen when its output happens to fit.
t_asserted() {
	if [ -n "$t_unchecked" ]; then
		t_result 1 "exit status of \`$(t_oneline "$t_unchecked")\` (run after test $t_unchecked_at) was not asserted"
		t_unchecked=
	fi
}
run() {
	t_asserted
	t_unchecked="$*"
	t_unchecked_at=$t_n
	[ -n "$t_unchecked" ] || t_unchecked="(run with no command)"
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
is_rc() {
	t_unchecked=
	[ "$rc" = "$1" ]
	t_result $? "$2 (exit $1)"
	if [ "$rc" != "$1" ]; then
		echo "#   exit status $rc; stderr:"
		sed 's/^/#   /' "$tmp/err" | head -n 20
	fi
}
is_fail() {	# is_fail DESC: the last run failed, with any status (for
		# a command not of peerkit's, whose status varies by version)
	t_unchecked=
	[ "$rc" != 0 ]
	t_result $? "$1 (exit $rc, not 0)"
}
is_out() {
	diff -u "$1" "$tmp/out" >"$tmp/diff"
	t_result $? "$2"
	sed 's/^/#   /' "$tmp/diff" | head -n 40
}
is_outs() {
	printf '%s\n' "$1" >"$tmp/want"
	is_out "$tmp/want" "$2"
}
err_has() {
	grep -Eq -- "$1" "$tmp/err"
	t_result $? "$2"
	grep -Eq -- "$1" "$tmp/err" || {
		echo "#   stderr does not match /$1/:"
		sed 's/^/#   /' "$tmp/err" | head -n 20
	}
}
check() {	# check DESC CMD...: CMD must succeed
	t_desc=$1
	shift
	"$@" >/dev/null 2>&1
	t_result $? "$t_desc"
}
lacks() {	# lacks DESC RE FILE: no line of FILE matches the basic regex RE
	# (grep's 1; its 2, an error such as no FILE, is a failure)
	grep -q -- "$2" "$3" 2>"$tmp/lacks.err"
	t_st=$?
	[ "$t_st" = 1 ]
	t_result $? "$1"
	case $t_st in
	0) grep -- "$2" "$3" | head -n 5 | sed 's/^/#   found: /' ;;
	1) ;;
	*) echo "#   grep exit status $t_st:"; sed 's/^/#   /' "$tmp/lacks.err" ;;
	esac
}
ok_cmd() {	# ok_cmd [-o FILE] CMD...: a setup step, which must exit 0
	t_okout=$tmp/ok.out
	if [ "$1" = -o ]; then
		t_okout=$2
		shift 2
	fi
	"$@" >"$t_okout" 2>"$tmp/ok.err"
	t_st=$?
	t_result "$t_st" "$(t_oneline "$*") (exit 0)"
	if [ "$t_st" != 0 ]; then
		echo "#   exit status $t_st; stderr:"
		sed 's/^/#   /' "$tmp/ok.err" | head -n 20
	fi
	return "$t_st"
}
thru() {	# thru CMD...: the last run's stdout through CMD, in place
	"$@" <"$tmp/out" >"$tmp/thru.out" 2>"$tmp/thru.err"
	t_st=$?
	mv "$tmp/thru.out" "$tmp/out"
	t_result "$t_st" "stdout through $(t_oneline "$*") (exit 0)"
	[ "$t_st" = 0 ] || sed 's/^/#   /' "$tmp/thru.err" | head -n 20
}
bad() {	# bad STATUS REGEX DESC CMD...: refused, the store unchanged
	b_st=$1 b_re=$2 b_desc=$3
	shift 3
	snap
	run "$@"
	is_rc "$b_st" "$b_desc"
	err_has "$b_re" "$b_desc: message"
	unchanged "$b_desc"
}
bad_quiet() {	# bad_quiet STATUS REGEX DESC CMD...: bad, and nothing on stdout
	b_st=$1 b_re=$2 b_desc=$3
	shift 3
	snap
	run "$@"
	is_rc "$b_st" "$b_desc"
	err_has "$b_re" "$b_desc: message"
	check "$b_desc: nothing on stdout" test ! -s "$tmp/out"
	unchanged "$b_desc"
}
# A digest of the store's content (not its pages): equal before and after
# a refused command means nothing was written.  A store that cannot be
# dumped is an error, never "unchanged".
digest() {
	if on_pg; then
		pg_digest
	elif [ -f "$PEERKIT_DB" ]; then
		sqlite3 "file:$PEERKIT_DB?mode=ro" .dump >"$tmp/dump" 2>"$tmp/dump.err" ||
		    { echo "error: sqlite3 .dump: exit $?: $(head -c 200 "$tmp/dump.err" | tr '\n' ' ')"; return; }
		# .dump exits 0 even when it cannot read: it says so in the dump.
		if grep -q '^/\*\*\*\* ERROR:' "$tmp/dump"; then
			echo "error: sqlite3 .dump: $(grep -m 1 '^/\*\*\*\* ERROR:' "$tmp/dump")"
			return
		fi
		sha256sum <"$tmp/dump"
	else
		echo none
	fi
}
# On PostgreSQL: every table's rows in id order (a refused write still
# takes numbers from a sequence, so sequences are left out), each after
# a line naming its table; one psql (\gexec runs each cell of the
# query's rows in turn), since a connection each is slow.
pg_digest() {
	printf '%s\n' "SELECT format('SELECT %L', '-- ' || tablename),
	    format('COPY (SELECT * FROM %I ORDER BY 1) TO STDOUT', tablename)
	    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename \gexec" |
	    psql -XAtq -v ON_ERROR_STOP=1 "$PEERKIT_DB" >"$tmp/dump" \
	    2>"$tmp/dump.err" || { echo "error: psql: $(head -c 200 "$tmp/dump.err")"; return; }
	sha256sum <"$tmp/dump"
}
snap() { t_digest=$(digest); }
unchanged() {
	t_after=$(digest)
	case $t_digest$t_after in
	*error:*) false ;;
	*) [ "$t_after" = "$t_digest" ] ;;
	esac
	t_result $? "$1: store unchanged"
	case $t_digest$t_after in
	*error:*) printf '#   before: %s\n#   after: %s\n' "$t_digest" "$t_after" ;;
	esac
}
store_backup() {
	rm -f "$1" "$1-wal" "$1-shm"
	if on_pg; then
		ok_cmd pg_dump -f "$1" "$PEERKIT_DB"
	else
		ok_cmd sqlite3 "$PEERKIT_DB" ".backup '$1'"
	fi
}
store_files() {
	if on_pg; then
		ok_cmd -o "$tmp/store_files" sql "CHECKPOINT; SELECT setting ||
		    '/base/' || (SELECT oid FROM pg_database WHERE datname =
		    current_database()) FROM pg_settings WHERE name = 'data_directory'"
		store_files=$(cat "$tmp/store_files")
	else
		store_files=$PEERKIT_DB
		[ -e "$PEERKIT_DB-wal" ] && store_files="$store_files $PEERKIT_DB-wal"
	fi
}
# The CRA's T4A return: its schema, and asking an XML file.
xsd=$data/cra-xsd/T619_T4A.xsd
valid() {	# valid DESC FILE: the CRA's schema accepts FILE
	xmllint --noout --schema "$xsd" "$2" >"$tmp/xmllint" 2>&1
	t_result $? "$1: valid against T619_T4A.xsd"
	grep -v validates "$tmp/xmllint" | sed 's/^/#   /' | head -n 10
}
xpath() {	# xpath EXPR FILE (on failure, text that equals no other answer)
	xmllint --xpath "$1" "$2" 2>/dev/null || echo "(xpath $1 failed: exit $?)"
}
done_testing() {
	t_asserted
	echo "1..$t_n"
	[ "$t_fail" = 0 ]
	exit $?
}
