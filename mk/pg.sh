#!/bin/sh
# pg.sh start DIR      - a throwaway PostgreSQL 15 cluster in DIR; prints its URI
# pg.sh stop DIR       - stops it (safe twice, or if it never started)
# pg.sh db DIR NAME    - creates database NAME in it; prints its URI
# For the tests and make bench only: the server listens on a Unix socket
# in DIR and nowhere else, trusts every local connection, and runs with
# fsync, synchronous_commit and full_page_writes off (a crash loses it).
# initdb refuses root, so as root the server runs as the postgres system
# user (Debian's postgresql-15 creates it) and DIR is given to it; the
# caller's own name is the cluster's superuser either way, so
# psql "postgresql:///postgres?host=DIR" connects as the caller.
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

die() { echo "pg.sh: $*" >&2; exit 1; }
usage() { die "usage: pg.sh start DIR | stop DIR | db DIR NAME"; }

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
me=$(id -un)

# The cluster's files belong to the server's user: as root, postgres.
server() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$dir" && runuser -u postgres -- "$@")
	else
		(cd "$dir" && "$@")
	fi
}

# The URI names the socket directory as its host: keep to characters
# that need no escaping there.
uri() {
	case $dir/$1 in
	*[!A-Za-z0-9/._+-]*) die "$dir: a directory (and a name) of letters, digits and /._+- only" ;;
	esac
	echo "postgresql:///$1?host=$dir"
}

case $cmd in
start)
	[ $# = 2 ] || usage
	[ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb: not found (install postgresql-15)"
	mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || die "$dir: cannot create"
	uri postgres >/dev/null
	# A socket's path is at most 107 bytes.
	[ ${#dir} -le 90 ] || die "$dir: too long a path for a Unix socket"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "no postgres user to run the server as"
		chown postgres "$dir" || die "$dir: cannot give it to postgres"
		runuser -u postgres -- test -w "$dir" ||
		    die "$dir: the postgres user cannot reach it (a parent directory closed to others?)"
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		server "$PGBIN/initdb" -D "$dir/data" -U "$me" -E UTF8 \
		    --locale=C.UTF-8 --auth-local=trust --auth-host=reject \
		    >"$dir/initdb.log" 2>&1 || {
			cat "$dir/initdb.log" >&2
			die "$dir: initdb failed"
		}
		cat >>"$dir/data/postgresql.conf" <<-EOF
		# mk/pg.sh: a throwaway cluster for tests, never for a real store
		listen_addresses = ''
		unix_socket_directories = '$dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		EOF
	fi
	server "$PGBIN/pg_ctl" start -w -s -D "$dir/data" -l "$dir/server.log" \
	    >/dev/null || {
		cat "$dir/server.log" >&2
		die "$dir: the server did not start"
	}
	uri postgres
	;;
stop)
	[ $# = 2 ] || usage
	[ -f "$dir/data/postmaster.pid" ] || exit 0
	dir=$(cd "$dir" && pwd)
	# 3: no server running (a crash left its pid file).
	rc=0
	server "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1 || rc=$?
	[ $rc = 3 ] && exit 0
	server "$PGBIN/pg_ctl" stop -w -s -m immediate -D "$dir/data" ||
	    die "$dir: the server did not stop"
	;;
db)
	[ $# = 3 ] || usage
	dir=$(cd "$dir" && pwd) || die "$dir: no such cluster"
	name=$3
	case $name in
	'' | *[!A-Za-z0-9_]*) die "$name: a database name of letters, digits and _ only" ;;
	esac
	"$PGBIN/createdb" -h "$dir" -U "$me" "$name" || die "$name: cannot create"
	uri "$name"
	;;
*)
	usage
	;;
esac
