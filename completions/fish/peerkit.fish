# fish completion for the peerkit tools:
# peer-add peer-list engage-log honorarium-pay t4a-report onboard-check
# peerkit-keys program-report
#
# It knows nothing about any one tool: it asks the tool.  Option names
# come from `TOOL --complete options`, the kind of value each option (and
# the operands) takes from `TOOL --complete arguments`, and the values
# from `TOOL --complete KIND`, asked with the --db and --config already on
# the command line, so candidates come from the same store and
# configuration the command will use.  KIND "files" is a file name and
# "none" a value with no candidates.
#
# Installed as TOOL.fish for each tool in vendor_completions.d.  The copy
# fish loads first defines the completions of all six tools; a later copy
# finds them defined and does nothing.

if not set -q __peerkit_completions

set -g __peerkit_completions peer-add peer-list engage-log honorarium-pay \
    t4a-report onboard-check peerkit-keys program-report

# __peerkit_kind OPTION LINE...: the KIND of value OPTION takes
# ("operands": the operands), from the lines "OPTION KIND" of `CMD
# --complete arguments`; nothing for a flag, an option CMD does not have,
# or operands it does not take.
function __peerkit_kind
    for line in $argv[2..-1]
        set -l kv (string split -m 1 ' ' -- $line)
        if test "$kv[1]" = "$argv[1]"
            echo $kv[2]
            return
        end
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
    set -l args ($cmd --complete arguments 2>/dev/null </dev/null)

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
        set kind (__peerkit_kind $parts[1] $args)
        test -n "$kind"; or return
        set prefix "$parts[1]="
        set cur $parts[2]
    else if test $positional = 0; and string match -q -- '-*' $cur
        set kind options
    else
        if test $positional = 0
            set kind (__peerkit_kind $toks[-1] $args)
        end
        if test $positional = 1; or test -z "$kind"
            set kind (__peerkit_kind operands $args)
            test -n "$kind"; or return
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
