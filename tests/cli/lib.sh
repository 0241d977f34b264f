# lib.sh - sourced by every tests/cli/NNNN-tool-topic.sh.
#
# Each script gets a scratch directory and its own store, a fixed "today"
# and clock, TZ=UTC and LC_ALL=C, and prints TAP for prove.  The binaries
# come from $PK_BIN (make check sets it; default bin/ of this checkout).
#
#   run CMD...          run, keeping $rc, $tmp/out and $tmp/err
#   is_rc N DESC        exit status of the last run
#   is_out FILE DESC    stdout of the last run equals FILE (diff -u)
#   is_outs TEXT DESC   stdout of the last run equals TEXT
#   err_has RE DESC     stderr of the last run matches the regex
#   check DESC CMD...   CMD must succeed (e.g. test, grep, jq -e)
#   snap / unchanged DESC   store content before and after is the same
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PK_BIN=${PK_BIN:-$top/bin}
PATH=$PK_BIN:$PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peerkit-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset PEERKIT_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME
export TZ=UTC LC_ALL=C HOME="$tmp/home" PEERKIT_DB="$tmp/peerkit.db" \
    PEERKIT_TODAY=2026-11-23 PEERKIT_NOW=2026-11-23T12:00:00Z
mkdir -p "$HOME"
data=$top/tests/data
t_n=0 t_fail=0 rc=0

t_result() {	# t_result STATUS DESC
	t_n=$((t_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $t_n - $2"
	else
		echo "not ok $t_n - $2"
		t_fail=$((t_fail + 1))
	fi
}
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
is_rc() {
	[ "$rc" = "$1" ]
	t_result $? "$2 (exit $1)"
	if [ "$rc" != "$1" ]; then
		echo "#   exit status $rc; stderr:"
		sed 's/^/#   /' "$tmp/err" | head -n 20
	fi
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
# A digest of the store's content (not its pages): equal before and after
# a refused command means nothing was written.
digest() {
	if [ -f "$PEERKIT_DB" ]; then
		sqlite3 "file:$PEERKIT_DB?mode=ro" .dump | sha256sum
	else
		echo none
	fi
}
snap() { t_digest=$(digest); }
unchanged() {
	[ "$(digest)" = "$t_digest" ]
	t_result $? "$1: store unchanged"
}
done_testing() {
	echo "1..$t_n"
	[ "$t_fail" = 0 ]
	exit $?
}
