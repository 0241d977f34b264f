#!/bin/sh
# demo.sh - what peerkit does, on a scratch store: run by `make demo`.
# Each part in demo/ is one tool's turn, in order, sharing the store.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=${PK_TOP:-$(cd "$here/../../.." && pwd)}
PATH=$top/bin:$PATH
demo=$(mktemp -d "${TMPDIR:-/tmp}/peerkit-demo.XXXXXX")
trap 'rm -rf "$demo"' EXIT
export PEERKIT_DB="$demo/peerkit.db" PEERKIT_TODAY=${PEERKIT_TODAY:-2026-11-23}
export PEERKIT_CONFIG="$here/demo-config.yaml"
# The keys that seal SINs are the demo's own, never the user's.
export XDG_CONFIG_HOME="$demo/config"
# say: print a command as a user would type it, then run it.
say() {
	printf '\n$ %s\n' "$*"
	sh -c "$*"
}
for part in "$here"/demo/*.sh; do
	. "$part"
done
printf '\nThe demo store was %s (removed now).\n' "$PEERKIT_DB"
