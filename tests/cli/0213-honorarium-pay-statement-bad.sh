#!/bin/sh
# honorarium-pay --statement refuses, with a clear message and the
# documented status, an unknown peer (65), a month that is not one
# month (64), --all without -o DIR (64), a peer and --all at once or
# neither (64), CSV (64), and a DIR that is not a directory or cannot
# be made (73).  Nothing is written.
. "$(dirname "$0")/lib.sh"

ok_cmd peer-add --alias Kestrel
ok_cmd peer-add --alias kestrel2
ok_cmd honorarium-pay --peer Kestrel --amount 40.00 --date 2026-11-02

bad_quiet 65 '^honorarium-pay: no peer "Nobody"$' "an unknown peer" \
    honorarium-pay --statement Nobody --month 2026-11
bad_quiet 65 '^honorarium-pay: no peer with id 99$' "an unknown id" \
    honorarium-pay --statement 99 --month 2026-11
bad_quiet 64 '^honorarium-pay: --month: period "2026-13"' "month 13" \
    honorarium-pay --statement Kestrel --month 2026-13
bad_quiet 64 '^honorarium-pay: --month: "2026" is not one month \(YYYY-MM\)$' \
    "a year is not a month" honorarium-pay --statement Kestrel --month 2026
bad_quiet 64 '^honorarium-pay: --month: "2026-11-01..2026-12-31" is not one month' \
    "two months are not one" \
    honorarium-pay --statement Kestrel --month 2026-11-01..2026-12-31
bad_quiet 64 '^honorarium-pay: --statement needs --month$' "no month" \
    honorarium-pay --statement Kestrel
bad_quiet 64 '^honorarium-pay: --statement --all writes one file per peer: -o DIR is required$' \
    "--all without -o" honorarium-pay --statement --all --month 2026-11
bad_quiet 64 '^honorarium-pay: --statement takes a peer \(REF\) or --all$' \
    "a peer and --all" \
    honorarium-pay --statement Kestrel --all --month 2026-11 -o "$tmp/d"
check "no DIR made" test ! -e "$tmp/d"
bad_quiet 64 '^honorarium-pay: --statement takes a peer \(REF\) or --all$' \
    "neither" honorarium-pay --statement --month 2026-11
bad_quiet 64 '^honorarium-pay: a statement is text \(--format table\), html or json$' \
    "CSV" honorarium-pay --statement Kestrel --month 2026-11 --format csv
bad_quiet 64 '^honorarium-pay: --month does not go with --list' "--month without --statement" \
    honorarium-pay --list --month 2026-11

: >"$tmp/file"
bad_quiet 73 "^honorarium-pay: $tmp/file: not a directory\$" \
    "-o DIR is a file" \
    honorarium-pay --statement --all --month 2026-11 -o "$tmp/file"
bad_quiet 73 "^honorarium-pay: $tmp/file/sub: cannot create the directory: " \
    "-o DIR cannot be made" \
    honorarium-pay --statement --all --month 2026-11 -o "$tmp/file/sub"
bad_quiet 73 "^honorarium-pay: $tmp/no/such: cannot create the directory: " \
    "-o DIR's parent is missing" \
    honorarium-pay --statement --all --month 2026-11 -o "$tmp/no/such"
check "nothing made" test ! -e "$tmp/no"

done_testing
