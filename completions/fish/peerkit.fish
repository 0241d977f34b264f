# fish completion for the peerkit tools:
# peer-add peer-list engage-log honorarium-pay t4a-report onboard-check
#
# It knows nothing about any one tool.  Option names come from
# `TOOL --complete options` and values from `TOOL --complete KIND`, asked
# with the --db and --config already on the command line, so candidates
# come from the same store and configuration the command will use.  All
# that lives here is which KIND of value an option takes.
#
# Installed as TOOL.fish for each tool in vendor_completions.d.  The copy
# fish loads first defines the completions of all six tools; a later copy
# finds them defined and does nothing.

if not set -q __peerkit_completions

set -g __peerkit_completions peer-add peer-list engage-log honorarium-pay \
    t4a-report onboard-check

# The KIND of value an option takes: a --complete KIND, "files", "none"
# (a value with no candidates), or nothing (a flag, or an option this
# file does not know).
function __peerkit_kind --argument-names opt
    switch $opt
        case --peer --update --deactivate --reactivate
            echo peers
        case --role
            echo roles
        case --region
            echo regions
        case --site
            echo sites
        case --support --supports
            echo supports
        case --activity
            echo activities
        case --benefit-program --program
            echo programs
        case --level
            echo levels
        case --method --payment-method
            echo methods
        case --kind
            echo kinds
        case --category
            echo categories
        case --format
            echo formats
        case --status
            echo statuses
        case --period
            echo periods
        case --province
            echo provinces
        case --item --done --undo --waive
            echo items
        case --by
            echo summary-keys
        case --db --config
            echo files
        case --today --date --year --amount --hours --receipt --search \
            --alias --surname --given-name --initial --sin --address-line1 \
            --address-line2 --city --postal-code --country --phone --email \
            --notes --note --sin-requested --demographics --project --reason \
            --suppress --void --for --ref --within --complete
            echo none
    end
end

# The candidates for the token under the cursor, one per line.
function __peerkit_complete
    set -l toks (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmd $toks[1]
    set -l n (count $toks)
    set -l pass
    set -l positional 0
    set -l kind
    set -l prefix ''
    set -l i 2

    # The --db and --config given so far; whether "--" ended the options.
    while test $i -le $n
        set -l w $toks[$i]
        switch $w
            case --
                set positional 1
            case '--db=*' '--config=*'
                set -l kv (string split -m 1 = -- $w)
                set -a pass $kv[1] (string replace -r '^~(?=/|$)' ~ -- $kv[2])
            case --db --config
                if test $i -lt $n
                    set -a pass $w (string replace -r '^~(?=/|$)' ~ -- $toks[(math $i + 1)])
                end
        end
        set i (math $i + 1)
    end

    if test $positional = 0; and string match -q -- '--*=*' $cur
        # --opt=value: complete the value, keeping "--opt=".
        set -l parts (string split -m 1 = -- $cur)
        set kind (__peerkit_kind $parts[1])
        test -n "$kind"; or return
        set prefix "$parts[1]="
        set cur $parts[2]
    else if test $positional = 0; and string match -q -- '-*' $cur
        set kind options
    else
        set kind (__peerkit_kind $toks[-1])
        if test $positional = 1; or test -z "$kind"
            switch (string replace -r '.*/' '' -- $cmd)
                case peer-list onboard-check
                    set kind peers
                case peer-add engage-log honorarium-pay
                    set kind files
                case '*'
                    return
            end
        end
    end

    switch $kind
        case none
            return
        case files
            for f in (__fish_complete_path $cur)
                echo $prefix$f
            end
        case '*'
            for c in ($cmd $pass --complete $kind 2>/dev/null </dev/null)
                echo $prefix$c
            end
    end
end

for __peerkit_t in $__peerkit_completions
    complete -c $__peerkit_t -f -a '(__peerkit_complete)'
end
set -e __peerkit_t

end
