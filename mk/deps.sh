#!/bin/sh
# deps.sh [PKG...] - install the Debian packages peerkit builds and tests
# with (zsh and fish: the completion tests run them; chromium, poppler-utils
# and python3: program-report's page is rendered and checked; tzdata and
# faketime: the program's time zone test), and any extra ones
# named (make fuzz asks for clang).
# Run by make before anything else.  Installs what is missing with
# apt-get when run as root; otherwise prints the command and fails.
set -u
pkgs="build-essential pkg-config libsqlite3-dev libjansson-dev libyaml-dev libsodium-dev libcsv-dev
libutf8proc-dev sqlite3 jq libxml2-utils mandoc perl valgrind zsh fish chromium poppler-utils
python3 tzdata faketime postgresql-15 libpq-dev $*"
command -v dpkg-query >/dev/null 2>&1 || {
	# Not Debian: trust pkg-config to find the libraries.
	pkg-config --exists sqlite3 jansson yaml-0.1 libsodium libutf8proc && exit 0
	echo "deps: install sqlite3, jansson, libyaml, libsodium, utf8proc and libcsv development files" >&2
	exit 1
}
missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && $cmd >&2 || {
	echo "deps: apt-get failed" >&2
	exit 1
}
