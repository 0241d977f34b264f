#!/bin/sh
# disk-sweep.sh - the long form of 0650-disk-full.sh: a batch import
# (3000 peers, about 2.5 MB of -wal) run out of space at many points
# along the way: a tmpfs filled to leave 48 KB, 96 KB, ... free, then
# file-size limits of 48 KB, 96 KB, ...
# Every run either stores the whole batch (exit 0) or nothing (exit 74,
# with a message), and the store passes integrity_check every time.
#
# PK_SWEEP_STEPS (default 60) sets the number of points of each kind.
. "$(dirname "$0")/../cli/lib.sh"

steps=${PK_SWEEP_STEPS:-60}
q() { sqlite3 "$PEERKIT_DB" "$1"; }
awk 'BEGIN { for (i = 1; i <= 3000; i++)
	printf "{\"alias\": \"k%d\", \"notes\": \"enough text to fill a page or two\"}\n", i }' \
    >"$tmp/peers.jsonl"
stored=0 refused=0
# attempt DESC FILL CMD...: FILL makes the disk full (or nothing), CMD
# is the batch; the counts and checks run with room again.
attempt() {
	a_desc=$1 a_fill=$2
	shift 2
	before=$(q "SELECT count(*) FROM peers")
	$a_fill
	# Not run and is_rc: the status may be either of two, asserted below.
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	rm -f "$tmp/small/filler"
	after=$(q "SELECT count(*) FROM peers")
	case $rc in
	0)	stored=$((stored + 1))
		[ "$after" = $((before + 3000)) ] ;;
	74)	refused=$((refused + 1))
		[ "$after" = "$before" ] && grep -Eq 'disk full|disk I/O error' "$tmp/err" ;;
	*)	false ;;
	esac
	t_result $? "$a_desc: all or nothing, exit 0 or 74 (exit $rc, $before -> $after)"
	check "$a_desc: integrity_check ok" test "$(q "PRAGMA integrity_check")" = ok
}
fill() {	# leave $free KB free on the tmpfs
	avail=$(df -k --output=avail "$tmp/small" | tail -n 1)
	[ "$avail" -gt "$free" ] &&
	    dd if=/dev/zero of="$tmp/small/filler" bs=1k count=$((avail - free)) 2>/dev/null
}

if [ "$(id -u)" = 0 ] && mkdir "$tmp/small" &&
    mount -t tmpfs -o size=32m tmpfs "$tmp/small" 2>/dev/null; then
	trap 'umount "$tmp/small"; rm -rf "$tmp"' EXIT
	PEERKIT_DB=$tmp/small/peerkit.db
	peer-add -q --alias Raven >/dev/null
	i=0
	while [ "$i" -lt "$steps" ]; do
		i=$((i + 1))
		free=$((i * 48))
		attempt "tmpfs with ${free} KB free" fill peer-add -q "$tmp/peers.jsonl"
	done
	PEERKIT_DB=$tmp/peerkit.db
fi
peer-add -q --alias Raven >/dev/null
i=0
while [ "$i" -lt "$steps" ]; do
	i=$((i + 1))
	blocks=$((i * 96))
	attempt "a file-size limit of $((blocks / 2)) KB" : \
	    sh -c 'trap "" XFSZ; ulimit -f "$1"; shift; exec "$@"' sh "$blocks" \
	    peer-add -q "$tmp/peers.jsonl"
done
echo "# $((stored + refused)) runs out of space: $stored stored whole, $refused refused whole"
done_testing
