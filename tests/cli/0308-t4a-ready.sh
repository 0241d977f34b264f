#!/bin/sh
# t4a-report --format xml --ready (#16): a return of the ready slips
# only, beside peers not ready (no surname, no SIN, no full address);
# those are listed on stderr and the exit status is
# 1.  --filed records only the slips sent, and the ones left out go in a
# later original return once they are ready.  Every return is validated
# against the CRA's schema.
. "$(dirname "$0")/lib.sh"
export PEERKIT_CONFIG="$data/t4a-config.yaml"
filed() {	# the slips on file: peer and code
	sql "SELECT peer_id || ' ' || code \
	    FROM t4a_filed ORDER BY id" | tr '\n' ' '
}

ok_cmd peerkit-keys --make
addr="--address-line1 1_Main_St --city Kelowna --province BC --postal-code V1Y1A1"
# shellcheck disable=SC2086
ok_cmd peer-add -q --alias Ready --surname Able --sin "130 692 544" $addr
ok_cmd peer-add -q --alias NoName --sin "271 828 188" $addr
# shellcheck disable=SC2086
ok_cmd peer-add -q --alias NoSin --surname Baker $addr
ok_cmd peer-add -q --alias NoAddr --surname Carter --sin "331 415 927" \
    --city Kelowna
# shellcheck disable=SC2086
ok_cmd peer-add -q --alias Abroad --surname Dupont --sin "193 456 787" \
    --address-line1 "2 rue Cler" --city Paris --country FRA \
    --postal-code 75007
for p in Ready NoName NoSin NoAddr Abroad; do
	ok_cmd honorarium-pay -q --peer $p --amount 600.00 --date 2026-03-01
done

snap
run t4a-report --year 2026 --format xml
is_rc 65 "without --ready a slip without a surname blocks the return"
unchanged "the refused return"

run t4a-report --year 2026 --format xml --ready -o "$tmp/ready.xml"
is_rc 1 "--ready: a return of the ready slips, some left out"
valid "the --ready return" "$tmp/ready.xml"
check "two slips: the ready one and the one abroad" \
    test "$(xpath 'count(//T4ASlip)' "$tmp/ready.xml")" = 2
check "peers 1 and 5" test "$(xpath 'concat(//T4ASlip[1]/rcpnt_nbr, " ", //T4ASlip[2]/rcpnt_nbr)' "$tmp/ready.xml")" = "1 5"
check "the summary counts the slips sent" \
    test "$(xpath 'string(//T4ASummary/slp_cnt)' "$tmp/ready.xml")" = 2
check "and totals them" \
    test "$(xpath 'string(//T4ASummary/T4A_TAMT/rpt_tot_fee_srvc_amt)' "$tmp/ready.xml")" = 1200.00
err_has '^t4a-report: peer 2 \(NoName\): not ready \(missing: legal surname\): left out of this return, for a later original return$' \
    "a slip without a surname is listed"
err_has '^t4a-report: peer 3 \(NoSin\): not ready \(missing: SIN\): left out' \
    "one without a SIN"
err_has '^t4a-report: peer 4 \(NoAddr\): not ready \(missing: address\): left out' \
    "one without a full address"
err_has '^t4a-report: 2026: 3 required slips not ready, left out: they go in a later original return$' \
    "the count of those left out"
err_has '^t4a-report: 2026: original T4A return, 2 slips, 1200.00 in box 048' \
    "the return's own line"
lacks "no warning of a zero SIN for a slip not sent" '000000000' "$tmp/err"

# --filed records the slips sent only.
run t4a-report --year 2026 --format xml --ready --filed -o "$tmp/filed.xml"
is_rc 1 "--ready --filed"
valid "the return filed" "$tmp/filed.xml"
check "only the two slips sent are on file" test "$(filed)" = "1 O 5 O "
err_has 'recorded as filed' "says it recorded them"

# A second --ready run: nothing more is ready.
snap
run t4a-report --year 2026 --format xml --ready
is_rc 1 "nothing more is ready"
err_has '^t4a-report: 2026: no required slip is ready: no return to file$' \
    "and says so"
check "nothing on stdout" test ! -s "$tmp/out"
unchanged "the store"

# Fixed, the rest goes in a later original return.
ok_cmd peer-add -q --update NoName --surname Nolan
ok_cmd peer-add -q --update NoAddr --address-line1 "3 Main St" \
    --province BC --postal-code V1Y1A1
run t4a-report --year 2026 --format xml --ready -o "$tmp/later.xml"
is_rc 1 "one slip still not ready"
valid "the later return" "$tmp/later.xml"
check "it carries the two now ready" test "$(xpath 'concat(count(//T4ASlip), ":", //T4ASlip[1]/rcpnt_nbr, " ", //T4ASlip[2]/rcpnt_nbr)' "$tmp/later.xml")" = "2:2 4"
check "an original return" test "$(xpath 'string(//T4ASummary/rpt_tcd)' "$tmp/later.xml")" = O
err_has '^t4a-report: 2026: additional original T4A return, 2 slips' \
    "an additional original return"
err_has 'peer 3 \(NoSin\): not ready \(missing: SIN\)' "the one without a SIN is left"

# Without --ready the slip without a SIN goes with zeros, as before.
run t4a-report --year 2026 --format xml --filed -o "$tmp/all.xml"
is_rc 0 "without --ready, every slip"
valid "that return" "$tmp/all.xml"
check "three slips, one with zeros" test "$(xpath 'concat(count(//T4ASlip), ":", //T4ASlip[rcpnt_nbr=3]/sin)' "$tmp/all.xml")" = "3:000000000"

# --ready is a return's option.
bad_quiet 64 'ready' "--ready without --format xml" t4a-report --year 2026 --ready

done_testing
