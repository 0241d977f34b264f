#!/bin/sh
# completions: the bash completion asks the tools themselves (--complete)
# and completes options, values from the config and the store, values with
# spaces, --opt=value and the --db of the command line; every option a
# tool offers is in its man page.
. "$(dirname "$0")/lib.sh"

peer-add --alias Raven --role peer-worker >/dev/null
peer-add --alias "Sky Walker" --region "Vancouver Coastal" >/dev/null
peer-add --db "$tmp/other.db" --alias "Other Peer" >/dev/null
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
is_comp() {	# is_comp LINE WANT DESC: the candidates, sorted
	t_got=$(comp "$1" | sort)
	t_want=$(printf '%s\n' "$2" | sort)
	[ "$t_got" = "$t_want" ]
	t_result $? "$3"
	[ "$t_got" = "$t_want" ] ||
	    printf '#   %s: got:\n%s\n' "$1" "$t_got" | sed '2,$s/^/#     /'
}

if command -v bash >/dev/null 2>&1; then
	is_comp 'peer-list --ro' '--role' "an option from --complete options"
	is_comp 'peer-add --role ' 'participant
peer-worker
outreach-worker
systems-navigator
peer-coordinator
regional-peer-coordinator' "the configured roles"
	is_comp 'peer-list ' 'Raven
Sky Walker' "peer-list REF: the aliases, one with a space"
	is_comp 'peer-list sk' 'Sky Walker' "an alias without regard to case"
	is_comp 'peer-list "Sky W' 'Sky Walker' "an alias in an open quote"
	is_comp 'peer-list Sky\ W' 'Sky Walker' "an alias with an escaped space"
	is_comp 'peer-add --update R' 'Raven' "--update REF"
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
	is_comp 'peer-list -- ' 'Raven
Sky Walker' "after --, a REF"
else
	t_result 0 "# SKIP bash is not installed"
fi

# Every option a tool offers is in its man page.
for t in peer-add peer-list; do
	for opt in $("$t" --complete options); do
		grep -Eq -- "Fl ${opt#-}( |\$)" "$top/share/man/man1/$t.1"
		t_result $? "$t.1 documents $opt"
	done
done
done_testing
