#!/bin/sh
# completions: each tool says what its options take (--complete
# arguments) and answers the kinds of value they take, its own statuses
# and formats included; the bash completion asks the tools themselves and
# completes options, values from the config and the store, values with
# spaces, --opt=value and the --db of the command line (zsh and fish too,
# where installed); every option a tool offers is in its man page.
. "$(dirname "$0")/lib.sh"
engine_free "completions (peer-list, which they ask, runs on both)"
export PEERKIT_CONFIG="$top/share/peerkit/examples/demo-config.yaml"
tools="peer-add peer-list engage-log honorarium-pay t4a-report onboard-check
peerkit-keys program-report"

ok_cmd peer-add --alias Raven --role peer-worker
ok_cmd peer-add --alias "Sky Walker" --region "Vancouver Coastal"
ok_cmd peer-add --alias Moss
ok_cmd peer-add --deactivate Moss
ok_cmd peer-add --db "$tmp/other.db" --alias "Other Peer"
ok_cmd engage-log --peer Raven --hours 1 --activity meeting --level inform \
    --date 2026-11-02
ok_cmd engage-log --peer Raven --hours 2 --activity shift --level involve \
    --date 2026-11-09
ok_cmd engage-log --peer "Sky Walker" --hours 1 --activity meeting \
    --level consult --date 2026-11-09
ok_cmd honorarium-pay --peer Raven --for 1
# Part of engagement 2 paid: still owed, so --for still offers it.
ok_cmd honorarium-pay --for 2 --amount 1.00 --note advance
mkdir "$tmp/work"
: >"$tmp/work/intake one.jsonl"
: >"$tmp/work/intake2.jsonl"

# comp 'LINE': COMPREPLY of _peerkit for LINE, the cursor at its end, one
# candidate per line.  COMP_WORDS is split as bash splits it: at blanks
# outside quotes, and at the '=' and ':' of COMP_WORDBREAKS.
cat >"$tmp/comp.bash" <<'EOF'
source "$1/completions/bash/peerkit"
line=$2 w= q=
COMP_WORDS=()
for ((i = 0; i < ${#line}; i++)); do
	c=${line:i:1}
	if [[ -n $q ]]; then
		w+=$c
		[[ $c == "$q" ]] && q=
	elif [[ $c == [\"\'] ]]; then
		q=$c
		w+=$c
	elif [[ $c == '\' ]]; then
		w+=$c${line:i+1:1}
		((i++))
	elif [[ $c == ' ' ]]; then
		[[ -n $w ]] && COMP_WORDS+=("$w")
		w=
	elif [[ $c == [=:] ]]; then
		[[ -n $w ]] && COMP_WORDS+=("$w")
		COMP_WORDS+=("$c")
		w=
	else
		w+=$c
	fi
done
[[ -n $w || ${line: -1} == ' ' ]] && COMP_WORDS+=("$w")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
_peerkit
printf '%s\n' "${COMPREPLY[@]}"
EOF
comp() {
	(cd "$tmp/work" && bash "$tmp/comp.bash" "$top" "$1")
}
# is_comp LINE WANT DESC: the candidates, sorted; the completion must
# also run cleanly (exit 0, nothing on stderr), or an empty answer would
# pass for "no candidates".
is_comp() {
	comp "$1" >"$tmp/comp.out" 2>"$tmp/comp.err"
	t_st=$?
	t_got=$(sort "$tmp/comp.out")
	t_want=$(printf '%s\n' "$2" | sort)
	[ "$t_st" = 0 ] && [ ! -s "$tmp/comp.err" ] && [ "$t_got" = "$t_want" ]
	t_result $? "$3"
	[ "$t_got" = "$t_want" ] ||
	    printf '#   %s: got:\n%s\n' "$1" "$t_got" | sed '2,$s/^/#     /'
	[ "$t_st" = 0 ] && [ ! -s "$tmp/comp.err" ] || {
		echo "#   bash exit status $t_st; stderr:"
		sed 's/^/#   /' "$tmp/comp.err" | head -n 10
	}
}

if command -v bash >/dev/null 2>&1; then
	is_comp 'peer-list --ro' '--role' "an option from --complete options"
	is_comp 'peer-add --role ' 'participant
peer-worker
outreach-worker
systems-navigator
peer-coordinator
regional-peer-coordinator' "the configured roles"
	is_comp 'peer-list ' 'Moss
Raven
Sky Walker' "peer-list REF: the aliases, one with a space"
	is_comp 'peer-list sk' 'Sky Walker' "an alias without regard to case"
	is_comp 'peer-list "Sky W' 'Sky Walker' "an alias in an open quote"
	is_comp 'peer-list Sky\ W' 'Sky Walker' "an alias with an escaped space"
	is_comp 'peer-add --update R' 'Raven' "--update REF"
	is_comp 'peer-list --history S' 'Sky Walker' "peer-list --history REF"
	is_comp 'peer-add --format ' 'table
json
jsonl
csv' "--format"
	is_comp 'peer-add --format=js' 'json
jsonl' "--format=value"
	is_comp 'peer-add --province B' 'BC' "--province"
	is_comp 'peer-add --province=b' 'BC' "--province=value, either case"
	is_comp 'peer-list --db ../other.db ' 'Other Peer' "--db on the line"
	is_comp "peer-list --db=$tmp/other.db O" 'Other Peer' "--db=PATH on the line"
	is_comp 'peer-add intake' 'intake one.jsonl
intake2.jsonl' "peer-add FILE"
	is_comp 'peer-add --alias ' '' "a value with no candidates"
	is_comp 'peer-add --json ' 'intake one.jsonl
intake2.jsonl' "after a flag, a FILE"
	is_comp 'peer-list -- ' 'Moss
Raven
Sky Walker' "after --, a REF"
	is_comp 'peer-add --reactivate ' 'Moss' "--reactivate: the inactive peers"
	is_comp 'peer-add --deactivate ' 'Raven
Sky Walker' "--deactivate: the active peers"
	is_comp 'peer-list --status ' 'active
inactive' "peer-list --status: a peer's"
	is_comp 'engage-log --status ' 'unpaid
part-paid
paid
no-honorarium
void' "engage-log --status: an engagement's"
	is_comp 'honorarium-pay --status ' 'paid
void' "honorarium-pay --status: a payment's"
	is_comp 'honorarium-pay --format ' 'table
json
jsonl
csv
html' "honorarium-pay --format: html too, for receipts"
	is_comp 't4a-report --format=x' 'xml' "t4a-report --format=xml"
	is_comp 't4a-report --year ' '2026
2025
this-year
last-year' "t4a-report --year"
	is_comp 't4a-report ' '' "t4a-report takes no operands"
	is_comp 't4a-report --all ' '' "nor after a flag"
	is_comp 'onboard-check --done conf' 'confidentiality' "onboard-check --done: the items"
	is_comp 'onboard-check --waive=photo' 'photo-id' "--waive=ITEM"
	is_comp 'onboard-check ra' 'Raven' "onboard-check REF"
	is_comp 'engage-log --period 2026-Q' '2026-Q4
2026-Q3' "--period: periods near today"
	is_comp 'engage-log --activity=me' 'meeting' "--activity from the config"
	is_comp 'engage-log --by ' 'peer
role
region
site
activity
level
project
month' "--by: the summary keys"
	is_comp 'engage-log --date ' '2026-11-23
2026-11-22' "--date: today and yesterday"
	is_comp 'honorarium-pay --for ' '2
3' "--for: the engagements owed, part-paid too"
	is_comp 'honorarium-pay --peer S' 'Sky Walker' "--peer"
	is_comp 'honorarium-pay --amount ' '' "--amount: no candidates"
	is_comp 'engage-log intake' 'intake one.jsonl
intake2.jsonl' "engage-log FILE"
	is_comp 'peer-add --input-format ' 'csv
jsonl' "--input-format: csv or jsonl"
	is_comp 't4a-report -o intake' 'intake one.jsonl
intake2.jsonl' "-o FILE: files"
	is_comp 'peer-list --output intake' 'intake one.jsonl
intake2.jsonl' "--output FILE: files"
	is_comp 'onboard-check --output=intake2' 'intake2.jsonl' "--output=FILE"
else
	t_result 0 "# SKIP bash is not installed"
fi

# zsh and fish use the same answers: run them where they are installed.
# zsh's completion system is stood in for by compadd and friends that
# print what they are given.
cat >"$tmp/comp.zsh" <<'ZSH'
compadd() {
	local -a names
	local a c
	while (( $# )); do
		case $1 in (-a) shift; names+=($1) ;; (-M) shift ;; esac
		shift
	done
	for a in $names; do
		for c in ${(P)a}; do
			[[ ${(L)c} == ${(L)PREFIX}* ]] && print -r -- $c
		done
	done
}
compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=}; return 0 }
_files() { print -r -- '<files>' }
_message() { print -r -- '<none>' }
source <(sed '$d' $1/completions/zsh/_peerkit)
words=(${(z)2})
[[ $2 == *' ' ]] && words+=('')
CURRENT=$#words
PREFIX=$words[CURRENT]
_peerkit
ZSH
# zcomp LINE WANT DESC: zsh must run cleanly too (nothing on stderr; its
# exit status is that of the stand-in compadd, which says nothing).
zcomp() {
	(cd "$tmp/work" && zsh -f "$tmp/comp.zsh" "$top" "$1") \
	    >"$tmp/comp.out" 2>"$tmp/comp.err"
	t_st=$?
	t_got=$(sort "$tmp/comp.out")
	[ ! -s "$tmp/comp.err" ] && [ "$t_got" = "$(printf '%s\n' "$2" | sort)" ]
	t_result $? "zsh: $3"
	[ ! -s "$tmp/comp.err" ] || {
		echo "#   zsh exit status $t_st; stderr:"
		sed 's/^/#   /' "$tmp/comp.err" | head -n 10
	}
}
fcomp() {	# fcomp LINE WANT DESC: fish must run cleanly too
	(cd "$tmp/work" && fish -N -c "source '$top/completions/fish/peerkit.fish'; complete -C '$1'") \
	    >"$tmp/comp.out" 2>"$tmp/comp.err"
	t_st=$?
	t_got=$(cut -f1 "$tmp/comp.out" | sort)
	[ "$t_st" = 0 ] && [ ! -s "$tmp/comp.err" ] &&
	    [ "$t_got" = "$(printf '%s\n' "$2" | sort)" ]
	t_result $? "fish: $3"
	[ "$t_st" = 0 ] && [ ! -s "$tmp/comp.err" ] || {
		echo "#   fish exit status $t_st; stderr:"
		sed 's/^/#   /' "$tmp/comp.err" | head -n 10
	}
}
if command -v zsh >/dev/null 2>&1; then
	zcomp 'peer-list --sta' '--status' "an option"
	zcomp 'engage-log --status ' 'unpaid
part-paid
paid
no-honorarium
void' "engage-log --status"
	zcomp 't4a-report --format=x' 'xml' "--format=xml"
	zcomp 'honorarium-pay --input-format ' 'csv
jsonl' "honorarium-pay --input-format"
	zcomp 'onboard-check sk' 'Sky Walker' "a REF"
	zcomp 'peer-list --history r' 'Raven' "peer-list --history REF"
	zcomp 'peer-add --json ' '<files>' "a FILE"
	zcomp 'peer-list -o ' '<files>' "-o FILE"
	zcomp 'peer-add --alias ' '<none>' "no candidates"
	zcomp 't4a-report ' '' "no operands"
else
	t_result 0 "# SKIP zsh is not installed"
fi
if command -v fish >/dev/null 2>&1; then
	fcomp 'peer-list --sta' '--status' "an option"
	fcomp 'honorarium-pay --status ' 'paid
void' "honorarium-pay --status"
	fcomp 'engage-log --input-format ' 'csv
jsonl' "engage-log --input-format"
	fcomp 't4a-report --format=x' '--format=xml' "--format=xml"
	fcomp 'onboard-check --undo photo' 'photo-id' "--undo ITEM"
	fcomp 'peer-list --history R' 'Raven' "peer-list --history REF"
	fcomp 'peer-add --json intake' 'intake one.jsonl
intake2.jsonl' "a FILE"
	fcomp 't4a-report -o intake' 'intake one.jsonl
intake2.jsonl' "-o FILE"
	fcomp 't4a-report ' '' "no operands"
else
	t_result 0 "# SKIP fish is not installed"
fi

# Every option a tool offers is in its man page (SYNOPSIS, or an item of
# DESCRIPTION), and every one there is offered; --complete, for the
# scripts, is documented but not offered.
for t in $tools; do
	awk '/^\.Sh SYNOPSIS/ { s = 1; next } /^\.Sh DESCRIPTION/ { s = 0; d = 1; next }
	    /^\.Sh/ { s = 0; d = 0 } s || (d && /^\.It/)' \
	    "$top/share/man/man1/$t.1" | LC_ALL=C grep -o 'Fl -[a-z0-9-]*' |
	    sed 's/^Fl /-/' | LC_ALL=C sort -u >"$tmp/man"
	run "$t" --complete options
	is_rc 0 "$t --complete options"
	echo --complete >>"$tmp/out"
	thru env LC_ALL=C sort
	is_out "$tmp/man" "$t: the options it offers are those of $t.1"
done

# What each option takes, as the tool says.
run peer-add --complete arguments
is_rc 0 "peer-add --complete arguments: exit 0"
is_outs "--alias none
--surname none
--given-name none
--initial none
--sin none
--address-line1 none
--address-line2 none
--city none
--province provinces
--postal-code none
--country countries
--phone none
--email none
--role roles
--region regions
--site sites
--payment-method methods
--benefit-program programs
--notes none
--sin-requested dates
--demographics none
--update peers
--deactivate active-peers
--reactivate inactive-peers
--merge peers
--into peers
--forget inactive-peers
--input-format input-formats
--term-end dates
--date dates
--db files
--config files
--today dates
--format formats
--output files
-o files
operands files" "peer-add --complete arguments"
run peer-list --complete arguments
is_rc 0 "peer-list --complete arguments: exit 0"
is_outs "--role roles
--region regions
--site sites
--status statuses
--search none
--history peers
--db files
--config files
--today dates
--format formats
--output files
-o files
operands peers" "peer-list --complete arguments"
run engage-log --complete arguments
is_rc 0 "engage-log --complete arguments: exit 0"
is_outs "--peer peers
--date dates
--hours none
--activity activities
--level levels
--project none
--region regions
--site sites
--support supports
--note none
--amount none
--period periods
--status statuses
--by summary-keys
--suppress none
--void none
--reason none
--input-format input-formats
--incident incident-kinds
--db files
--config files
--today dates
--format formats
--output files
-o files
operands files" "engage-log --complete arguments"
run honorarium-pay --complete arguments
is_rc 0 "honorarium-pay --complete arguments: exit 0"
is_outs "--peer peers
--amount none
--method methods
--date dates
--for engagements
--kind kinds
--category categories
--ref none
--note none
--period periods
--void none
--reason none
--status statuses
--year years
--receipt none
--input-format input-formats
--month months
--db files
--config files
--today dates
--format formats
--output files
-o files
operands files" "honorarium-pay --complete arguments"
run onboard-check --complete arguments
is_rc 0 "onboard-check --complete arguments: exit 0"
is_outs "--done items
--undo items
--waive items
--date dates
--note none
--reason none
--within none
--role roles
--region regions
--site sites
--declined items
--db files
--config files
--today dates
--format formats
--output files
-o files
operands peers" "onboard-check --complete arguments"
# t4a-report's options are changing under another task: its own two.
run t4a-report --complete arguments
is_rc 0 "t4a-report --complete arguments"
check "t4a-report: --year takes years" grep -qx -- '--year years' "$tmp/out"
check "t4a-report: --format takes formats" grep -qx -- '--format formats' "$tmp/out"
lacks "t4a-report: no operands" '^operands' "$tmp/out"

# The candidates of each kind, exactly, from the demo configuration and
# this store, today being 2026-11-23.
want() {	# want TOOL KIND: the candidates expected
	case $2 in
	roles) printf '%s\n' participant peer-worker outreach-worker \
	    systems-navigator peer-coordinator regional-peer-coordinator ;;
	regions) printf '%s\n' "Vancouver Coastal" Interior ;;
	sites) printf '%s\n' "Downtown Eastside" Kelowna ;;
	supports) printf '%s\n' childcare transit meal other ;;
	activities) printf '%s\n' meeting shift consultation outreach \
	    training event ;;
	programs) printf '%s\n' bc-disability bc-income-assistance ;;
	levels) printf '%s\n' inform consult involve collaborate empower ;;
	methods) printf '%s\n' cash etransfer cheque direct-deposit gift-card ;;
	kinds) printf '%s\n' honorarium reimbursement ;;
	categories) printf '%s\n' transit childcare meal other ;;
	provinces) printf '%s\n' AB BC MB NB NL NS NT NU ON PE QC SK YT ;;
	countries) echo CAN ;;
	input-formats) printf '%s\n' csv jsonl ;;
	incident-kinds) printf '%s\n' overdose-response death violence other ;;
	dates) printf '%s\n' 2026-11-23 2026-11-22 ;;
	periods) printf '%s\n' this-month last-month this-year last-year \
	    2026-11 2026-10 2026-Q4 2026-Q3 2026 2025 ;;
	months) printf '%s\n' this-month last-month 2026-11 2026-10 ;;
	years) printf '%s\n' 2026 2025
	    [ "$1" != t4a-report ] || printf '%s\n' this-year last-year ;;
	formats) printf '%s\n' table json jsonl csv
	    [ "$1" != t4a-report ] || echo xml
	    [ "$1" != honorarium-pay ] || echo html ;;
	report-formats) printf '%s\n' html text json ;;
	statuses) case $1 in
	    peer-list) printf '%s\n' active inactive ;;
	    engage-log) printf '%s\n' unpaid part-paid paid no-honorarium void ;;
	    honorarium-pay) printf '%s\n' paid void ;;
	    esac ;;
	summary-keys) printf '%s\n' peer role region site activity level \
	    project month ;;
	items) printf '%s\n' job-description orientation confidentiality \
	    team-agreement payment-setup photo-id business-cards \
	    harm-reduction trauma-informed-care cultural-safety \
	    overdose-response mentor benefits-enrolment \
	    transit-reimbursement criminal-record-check ;;
	peers) printf '%s\n' Raven "Sky Walker" Moss ;;
	active-peers) printf '%s\n' Raven "Sky Walker" ;;
	inactive-peers) echo Moss ;;
	engagements) printf '%s\n' 2 3 ;;
	*) echo "no candidates expected for kind $2" ;;
	esac
}
for t in $tools; do
	ok_cmd -o "$tmp/args" "$t" --complete arguments
	nk=0
	for k in $(cut -d' ' -f2 "$tmp/args" | sort -u); do
		case $k in files|none) continue ;; esac
		nk=$((nk + 1))
		want "$t" "$k" >"$tmp/want"
		run "$t" --complete "$k"
		is_rc 0 "$t --complete $k: exit 0"
		is_out "$tmp/want" "$t --complete $k"
	done
	check "$t: some kinds of value were completed ($nk)" test "$nk" -gt 0
done
# Every option completion offers is in the tool's --help and its man
# page, so a user who finds one can read what it does.
for t in $tools; do
	ok_cmd -o "$tmp/opts" "$t" --complete options
	ok_cmd -o "$tmp/help" "$t" --help
	for o in $(cat "$tmp/opts"); do
		grep -q -- "$o\>" "$tmp/help"
		t_result $? "$t --help names $o"
		grep -q -- "Fl -${o#--}\>" "$top/share/man/man1/$t.1"
		t_result $? "$t(1) names $o"
	done
done
# Every month --month is offered is one it takes.
ok_cmd -o "$tmp/months" honorarium-pay --complete months
for m in $(cat "$tmp/months"); do
	run honorarium-pay --statement Raven --month "$m" --format table
	is_rc 0 "honorarium-pay takes --month $m, as completion offers it"
done
run t4a-report --complete statuses
is_rc 0 "a kind the tool's options do not take: still exit 0"
check "a kind the tool's options do not take: nothing" test ! -s "$tmp/out"
run peer-list --complete items
is_rc 0 "another tool's kind: still exit 0"
check "nor another tool's kind" test ! -s "$tmp/out"
run peer-list --db "$tmp/other.db" --complete peers
is_rc 0 "--db before --complete: exit 0"
is_outs "Other Peer" "--db before --complete"
# With neither --db nor $PEERKIT_DB, the store the configuration names
# (store:), as the tool itself would open.
printf 'store: %s\n' "$tmp/other.db" >"$tmp/store.yaml"
run env -u PEERKIT_DB peer-list --config "$tmp/store.yaml" --complete peers
is_rc 0 "the store of the configuration: exit 0"
is_outs "Other Peer" "the peers of the store the configuration names"
run env -u PEERKIT_DB PEERKIT_CONFIG="$tmp/store.yaml" engage-log \
    --complete peers
is_rc 0 "the store of \$PEERKIT_CONFIG: exit 0"
is_outs "Other Peer" "the peers of the store \$PEERKIT_CONFIG names"
run peer-list --config "$tmp/nope.yaml" --complete roles
is_rc 0 "a config that does not exist: still exit 0"
check "and nothing" test ! -s "$tmp/out"

# --complete formats lists exactly what each tool accepts.
for t in $tools; do
	# program-report writes html, text and json, none of the common ones
	# but json: a kind of its own.
	kind=formats min=4
	[ "$t" != program-report ] || kind=report-formats min=3
	ok_cmd -o "$tmp/formats" "$t" --complete $kind
	nf=0
	for f in $(cat "$tmp/formats"); do
		nf=$((nf + 1))
		run "$t" --format "$f" --version
		is_rc 0 "$t accepts --format $f"
	done
	check "$t lists its formats ($nf)" test "$nf" -ge $min
	# And an unknown format is refused with the same list.
	[ "$t" = program-report ] && continue
	run "$t" --format xyz --version
	is_rc 64 "$t refuses --format xyz"
	err_has "unknown format \"xyz\" \($(paste -sd, "$tmp/formats" |
	    sed 's/,/, /g')\)\$" "$t's message lists the formats it takes"
done
for tf in peer-list:xml peer-add:html engage-log:xml t4a-report:html \
    honorarium-pay:xml onboard-check:xml program-report:csv; do
	run "${tf%%:*}" --format "${tf#*:}" --version
	is_rc 64 "${tf%%:*} refuses --format ${tf#*:}, which it does not list"
done
done_testing
