#!/bin/sh
# check-pg.sh [--both] TESTS... - the CLI tests again, each on a
# PostgreSQL database of its own (tests/cli/lib.sh makes and drops it),
# on a throwaway cluster that mk/pg.sh starts in a temporary directory.
#
# --both (make check): TESTS also run as they are, on SQLite (unit test
# programs among them), in the same prove: the two engines' runs share
# the machine's cores instead of taking turns, and the slowest scripts
# start first.  A script's PostgreSQL run shows under
# $dir/postgresql/, a two-line script that sets PK_PG and runs it.
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
both=false
if [ "${1:-}" = --both ]; then
	both=true
	shift
fi
[ $# -gt 0 ] || { echo "usage: check-pg.sh [--both] TEST..." >&2; exit 64; }

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
mkdir "$dir/postgresql" || exit 1

# Split the tests: those listed as pending; the others, each a script
# that runs it on PostgreSQL (a CLI test) and, with --both, itself.
# Listed last first: the 06xx scripts, the slowest, start early.
pending= pg= plain=
for t do
	if $both; then
		plain="$t $plain"
	fi
	case $t in
	*.sh) ;;
	*) continue ;;
	esac
	if [ -f "$pending_list" ] &&
	    sed 's/#.*//; s/[[:space:]]//g' "$pending_list" |
	    grep -qxF -- "$(basename "$t")"; then
		pending="$pending $t"
		continue
	fi
	w=$dir/postgresql/$(basename "$t")
	printf '#!/bin/sh\nPK_PG='"'%s'"' exec sh '"'%s/%s'"' "$@"\n' "$dir" \
	    "$(cd "$(dirname "$t")" && pwd)" "$(basename "$t")" >"$w" &&
	    chmod +x "$w" || exit 1
	pg="$w $pg"
done

if $both; then
	echo "check-pg: the tests on SQLite, and the CLI tests again on PostgreSQL ($uri) as $dir/postgresql/*"
else
	echo "check-pg: the CLI tests on PostgreSQL ($uri)"
fi
# Three at a time on two cores: a script on PostgreSQL spends part of its
# time waiting on the server (make check's ten minutes hold with it).
st=0
if [ -n "$pg$plain" ]; then
	# shellcheck disable=SC2086
	prove -j3 --exec '' $pg $plain
	st=$?
fi
PK_PG=$dir
export PK_PG

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
