#!/bin/sh
# one-peer.sh PEER-ADD|sqlite3 DB: one new peer, by peer-add (its path)
# or by the sqlite3 shell, under an alias no other run has used ("Bench"
# and this shell's process id): peerkit refuses a second peer whose alias
# folds like another's.  Both go through this one sh, so its start costs
# the tool and its ceiling alike.
case $1 in
sqlite3)
	exec sqlite3 "$2" "INSERT INTO peers (uuid, alias, alias_fold,
	    created_at, updated_at) VALUES (lower(hex(randomblob(16))),
	    'Bench $$', 'bench $$', '2026-11-23T12:00:00Z',
	    '2026-11-23T12:00:00Z')" ;;
*)
	exec "$1" --db "$2" --alias "Bench $$" ;;
esac
