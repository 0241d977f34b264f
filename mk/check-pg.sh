#!/bin/sh
# check-pg.sh TESTS... - the CLI tests again, each on a PostgreSQL
# database of its own (tests/cli/lib.sh makes and drops it), on a
# throwaway cluster that mk/pg.sh starts in a temporary directory.
#
# The cluster is stopped and its directory removed however this ends: the
# tests passing or failing, an error, ^C or a kill.  As root (CI) pg.sh
# runs the server as the postgres user; the tests connect over the Unix
# socket in that directory, and nowhere else.
#
# tests/cli/pg-pending names tests (one file name a line, # comments)
# that do not pass on PostgreSQL yet: they run in a second prove whose
# failures are reported ("PENDING on PostgreSQL: ...") but do not fail
# this script.  A pending test that passes is reported too, to be taken
# off the list.  The exit status is the first prove's.
#
# make check and make check-pg pass the test files, with PK_BIN and
# PK_FUZZ set as for the SQLite run.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
pending_list=$top/tests/cli/pg-pending
[ $# -gt 0 ] || { echo "usage: check-pg.sh TEST..." >&2; exit 64; }

# /tmp, not $TMPDIR: a socket's path is short, and as root the postgres
# user must reach the directory (pg.sh gives it to that user).
dir=$(mktemp -d /tmp/peerkit-pg.XXXXXX) || exit 1
cleanup() {
	trap - EXIT HUP INT TERM
	sh "$top/mk/pg.sh" stop "$dir" >/dev/null 2>&1 ||
	    echo "check-pg: could not stop the cluster in $dir" >&2
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

uri=$(sh "$top/mk/pg.sh" start "$dir") || exit 1
PK_PG=$dir
export PK_PG

# Split the tests: those listed as pending, the others.
pending=
for t do
	shift
	if [ -f "$pending_list" ] &&
	    sed 's/#.*//; s/[[:space:]]//g' "$pending_list" |
	    grep -qxF -- "$(basename "$t")"; then
		pending="$pending $t"
	else
		set -- "$@" "$t"
	fi
done

echo "check-pg: the CLI tests on PostgreSQL ($uri)"
# Three at a time on two cores: a script on PostgreSQL spends part of its
# time waiting on the server (make check's ten minutes hold with it).
st=0
if [ $# -gt 0 ]; then
	prove -j3 --exec '' "$@"
	st=$?
fi

if [ -n "$pending" ]; then
	echo "check-pg: tests pending on PostgreSQL (tests/cli/pg-pending; their failures do not fail the check)"
	# shellcheck disable=SC2086
	prove -j3 --exec '' $pending >"$dir/pending.log" 2>&1
	failed=$(sed -n 's/^\([^ ]*\.sh\) *(Wstat.*/\1/p' "$dir/pending.log")
	for t in $pending; do
		case " $(echo $failed) " in
		*" $t "*) echo "PENDING on PostgreSQL: $(basename "$t") fails" ;;
		*) echo "PENDING on PostgreSQL: $(basename "$t") now passes: take it off tests/cli/pg-pending" ;;
		esac
	done
	tail -n 1 "$dir/pending.log"
fi
exit $st
