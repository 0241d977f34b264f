#!/bin/sh
# Tables that fit: at a terminal (script(1) makes a real one), the
# default table is as wide as the terminal at most, the columns giving
# way in the order the man pages give; --wide, and output that is not a
# terminal, show every column whole.  Widths are a terminal's: a CJK
# character takes two columns, a combining mark none.
. "$(dirname "$0")/lib.sh"
engine_free "a table's width at a terminal"

cat >"$tmp/config.yaml" <<'EOF'
regions: [Vancouver Coastal Health, Interior Health Authority]
sites: [Downtown Eastside Overdose Prevention Site, Kelowna Drop-in]
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
unset COLUMNS
# Zoe with a combining low line (e, U+0332), three CJK characters, and a
# modifier letter apostrophe (U+02BC, one column).
ok_cmd peer-add -q - <<'EOF'
{"alias":"Raven Thunderbird-Whitehorse","role":"peer-coordinator","region":"Vancouver Coastal Health","site":"Downtown Eastside Overdose Prevention Site","payment_method":"direct-deposit","sin":"130692544"}
{"alias":"Nakʼwaxdaʼxw","role":"outreach-worker","region":"Interior Health Authority","site":"Kelowna Drop-in","payment_method":"etransfer"}
{"alias":"李小龍 Zoe\u0332","role":"participant","region":"Interior Health Authority"}
EOF
ok_cmd engage-log -q - <<'EOF'
{"peer":"Raven Thunderbird-Whitehorse","date":"2026-10-02","hours":"2","activity":"meeting","level":"collaborate","project":"naloxone distribution training 2026"}
{"peer":"Nakʼwaxdaʼxw","date":"2026-10-05","hours":"3","activity":"consultation","level":"involve","project":"harm reduction advisory"}
{"peer":"李小龍 Zoe\u0332","date":"2026-10-06","hours":"1","activity":"meeting","level":"inform"}
EOF

# Not a terminal: every column, whole, as before.
run peer-list
is_rc 0 "peer-list into a pipe"
check "a pipe gets every column" grep -q \
    '^ 1  Raven Thunderbird-Whitehorse  peer-coordinator  Vancouver Coastal Health   Downtown Eastside Overdose Prevention Site  direct-deposit  \*\*\*-\*\*\*-544  active$' \
    "$tmp/out"
cp "$tmp/out" "$tmp/pipe.out"
COLUMNS=40 run peer-list
is_rc 0 "COLUMNS into a pipe"
is_out "$tmp/pipe.out" "COLUMNS does not cut what is not a terminal"

if ! command -v script >/dev/null 2>&1 || ! script -qec true /dev/null \
    </dev/null >/dev/null 2>&1; then
	t_result 0 "# SKIP script(1) (bsdutils) is not installed or has no terminal"
	done_testing
fi

# The display width of each line of stdin, the most, by Unicode's
# properties as perl knows them (not the C library's): wide and
# fullwidth 2, nonspacing and enclosing marks and format characters 0.
cat >"$tmp/width.pl" <<'EOF'
binmode STDIN, ':encoding(UTF-8)';
my $max = 0;
while (<STDIN>) {
	chomp;
	my $w = length($_) - (() = /[\p{Mn}\p{Me}\p{Cf}]/g) +
	    (() = /[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]/g);
	$max = $w if $w > $max;
	print "$w\n" if $ENV{EACH};
}
print "$max\n" unless $ENV{EACH};
EOF
width() { perl "$tmp/width.pl" <"$tmp/out"; }
# Where TEXT starts on each line that has it: the width before it.
column_of() {
	grep -- "$1" "$tmp/out" | sed "s/\\($1\\).*//" | EACH=1 perl "$tmp/width.pl" |
	    sort -u
}
# at_tty COLS CMD...: run CMD at a terminal COLS wide; its output (stdout
# and stderr, as a terminal shows them) in $tmp/out.
at_tty() {
	t_cols=$1
	shift
	run script -qec "stty cols $t_cols; $*" /dev/null </dev/null
	thru tr -d '\r'
}

at_tty 80 peer-list
is_rc 0 "peer-list at a terminal 80 wide"
check "peer-list fits 80 columns" test "$(width)" -le 80
check "METHOD and SITE go first" sh -c "! grep -Eq 'METHOD|SITE' '$tmp/out'"
check "REGION is cut with an ellipsis" grep -q '  Vancouver C…  ' "$tmp/out"
check "the SIN and the status stay" grep -q '\*\*\*-\*\*\*-544  active$' \
    "$tmp/out"
check "the ROLE column is straight, past CJK and a combining mark" \
    test "$(column_of 'peer-coordinator\|outreach-worker\|participant\|ROLE')" = \
    "$(column_of ROLE)"
check "the CJK name is whole" grep -q "李小龍 Zoe$(printf '\314\262')  " "$tmp/out"

at_tty 80 engage-log --list
is_rc 0 "engage-log --list at a terminal 80 wide"
check "engage-log --list fits 80 columns" test "$(width)" -le 80
check "PROJECT and LEVEL go first" sh -c "! grep -Eq 'PROJECT|LEVEL' '$tmp/out'"
check "the STATUS column is straight" \
    test "$(column_of 'unpaid\|STATUS')" = "$(column_of STATUS)"
check "HOURS and DUE stay" grep -q '^ID  DATE  .*HOURS  *DUE  STATUS$' \
    "$tmp/out"

at_tty 80 peer-list --wide
is_rc 0 "peer-list --wide at a terminal"
cmp -s "$tmp/out" "$tmp/pipe.out"
check "--wide is what a pipe gets: nothing cut" test $? = 0
at_tty 80 engage-log --list --wide
is_rc 0 "engage-log --list --wide at a terminal"
check "--wide keeps PROJECT, whole" grep -q 'naloxone distribution training 2026$' \
    "$tmp/out"

# A peer's checklist (1: something is due): TITLE gives way, cut.
at_tty 80 onboard-check 1
is_rc 1 "onboard-check REF at a terminal 80 wide"
check "onboard-check REF fits 80 columns" test "$(width)" -le 80
check "a long TITLE ends in an ellipsis" grep -q '…$' "$tmp/out"
run onboard-check 1
is_rc 1 "onboard-check REF into a pipe"
lacks "into a pipe, no title is cut" '…' "$tmp/out"

# $COLUMNS says how wide, at a terminal.
at_tty 80 COLUMNS=60 peer-list
is_rc 0 "COLUMNS=60 at a terminal"
check "COLUMNS=60 is obeyed" test "$(width)" -le 60
check "at 60, REGION goes too" sh -c "! grep -q 'REGION' '$tmp/out'"
check "the ALIAS is cut, not dropped" grep -q '^ 1  Raven Thunderbi.*…  ' "$tmp/out"

# A table narrow enough already is not touched.
at_tty 200 peer-list
is_rc 0 "peer-list at a terminal 200 wide"
is_out "$tmp/pipe.out" "a wide terminal gets the whole table"

# Other formats are never cut.
at_tty 40 peer-list --format csv
is_rc 0 "CSV at a narrow terminal"
check "CSV is whole" grep -q 'Downtown Eastside Overdose Prevention Site' "$tmp/out"

done_testing
