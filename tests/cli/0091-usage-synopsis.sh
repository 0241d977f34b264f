#!/bin/sh
# --help and the usage printed with a usage error say what the man
# page's SYNOPSIS says, form for form, for every tool.
. "$(dirname "$0")/lib.sh"
engine_free "--help against the man pages"
tools="peer-add peer-list engage-log honorarium-pay t4a-report onboard-check
peerkit-keys program-report"

# forms TOOL: lines read on stdin joined into the tool's forms, one per
# line: a line that begins with the tool's name begins a form, any other
# continues it; blanks are squeezed.
forms() {
	sed 's/^usage: //' | awk -v t="$1" '
	    { sub(/^ +/, ""); sub(/ +$/, "") }
	    !NF { next }
	    index($0, t " ") == 1 || $0 == t { if (f != "") print f; f = $0; next }
	    { f = f " " $0 }
	    END { if (f != "") print f }' | tr -s ' '
}
# The SYNOPSIS as mandoc prints it, on lines wide enough not to wrap.
synopsis() {
	mandoc -Tascii -Owidth=500 "$top/share/man/man1/$1.1" | col -b |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on'
}

for t in $tools; do
	synopsis "$t" | forms "$t" >"$tmp/synopsis"
	check "$t.1 has a SYNOPSIS" test -s "$tmp/synopsis"
	run "$t" --help
	is_rc 0 "$t --help"
	sed '/^$/q' "$tmp/out" | forms "$t" >"$tmp/usage"
	diff -u "$tmp/synopsis" "$tmp/usage" >"$tmp/diff"
	t_result $? "$t --help: the usage is $t.1's SYNOPSIS"
	sed 's/^/#   /' "$tmp/diff"
	run "$t" --no-such-option
	is_rc 64 "$t: an unknown option"
	sed -n '/^usage: /,$p' "$tmp/err" | forms "$t" >"$tmp/usage"
	diff -u "$tmp/synopsis" "$tmp/usage" >"$tmp/diff"
	t_result $? "$t: a usage error prints the same usage on stderr"
	sed 's/^/#   /' "$tmp/diff"
done
done_testing
