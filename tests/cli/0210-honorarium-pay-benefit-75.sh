#!/bin/sh
# honorarium-pay: the benefit notice comes when a year's earnings reach
# 75% of an annual limit, 75% exactly included, and not a cent before;
# BC's figures per family type, commented out in the shipped config,
# are separate programs that two peers use side by side.
. "$(dirname "$0")/lib.sh"

shipped=$top/share/peerkit/config.yaml

# The shipped config: the BC entries are comments, so no program is
# configured until one is uncommented.
run peer-add --config "$shipped" --alias Raven
is_rc 0 "the shipped config loads"
bad 65 'field "benefit_program": "bc-disability-single" is not in the configured benefit_programs' \
    "its BC entries are comments only" \
    peer-add --config "$shipped" --alias Raven --benefit-program bc-disability-single
for what in "source" "UNVERIFIED" "NOT FOUND" "copied here 2026-12-05" \
	"family with children"; do
	check "the BC comments say: $what" grep -q "^#.*$what" "$shipped"
done

# The disability entries uncommented as they ship, and a larger payment
# maximum so a year's earnings can be paid in one.
sed -e 's/^benefit_programs: \[\]$/benefit_programs:/' \
    -e 's/^#\(  - name: bc-disability-\)/\1/' \
    -e 's/^#\(    year: 2026\)$/\1/' \
    -e 's/^#\(    annual_limit: \)/\1/' \
    -e 's/^  max_amount: "1000.00"$/  max_amount: "20000.00"/' \
    -e 's/^  suppress: 10$/  suppress: 0/' "$shipped" >"$tmp/config.yaml"
check "three programs uncommented" test \
    "$(grep -c '^  - name: bc-disability-' "$tmp/config.yaml")" = 3
export PEERKIT_CONFIG="$tmp/config.yaml"
run peer-list
is_rc 0 "the BC disability entries load"
# Both have what a T4A slip needs: the only notices are the benefit's.
# Paid to the cent: by e-transfer, since cash is paid to 0.05 (0215).
ok_cmd peer-add --alias Kestrel --benefit-program bc-disability-single \
    --surname Smith --sin "130 692 544" --address-line1 "12 Lake Rd" \
    --city Kelowna --province BC --postal-code "V1Y 1A1" \
    --payment-method etransfer
ok_cmd peer-add --alias Wren --benefit-program bc-disability-couple-one-pwd \
    --surname Ash --sin "527 194 831" --address-line1 "1 Main St" \
    --city Kelowna --province BC --postal-code "V1Y 1A1" \
    --payment-method etransfer

# Kestrel, single: 75% of 16200.00 is 12150.00.
run honorarium-pay --peer Kestrel --amount 12149.99 --date 2026-03-02 --json
is_rc 0 "Kestrel is paid 12149.99, a cent short of 75%"
check "no notice a cent short" test ! -s "$tmp/err"
check "none in the record" test "$(jq -c .warnings "$tmp/out")" = '[]'
bad 1 '^honorarium-pay: Kestrel: refused under --strict: benefit limit: earnings for 2026 become 12150.00, reaching 75% of the 16200.00 annual limit of bc-disability-single$' \
    "--strict refuses the payment that reaches 75%" \
    honorarium-pay --peer Kestrel --amount 0.01 --date 2026-03-03 --strict
run honorarium-pay --peer Kestrel --amount 0.01 --date 2026-03-03 --json
is_rc 0 "Kestrel is paid 0.01, 75% exactly"
err_has '^honorarium-pay: warning: Kestrel: benefit limit: earnings for 2026 become 12150.00, reaching 75% of the 16200.00 annual limit of bc-disability-single$' \
    "75% exactly gets the notice"
check "and it is in the record" test "$(jq -c .warnings "$tmp/out")" = \
    '["benefit limit: earnings for 2026 become 12150.00, reaching 75% of the 16200.00 annual limit of bc-disability-single"]'
run honorarium-pay --peer Kestrel --amount 4050.00 --date 2026-04-01
is_rc 0 "Kestrel is paid up to the limit, 16200.00"
check "once: no second notice up to the limit" test ! -s "$tmp/err"

# Wren, a couple with one PWD: the same 12150.00 is well under 75% of
# 23400.00 (17550.00); Wren's own program gives the notice there.
run honorarium-pay --peer Wren --amount 12150.00 --date 2026-03-02
is_rc 0 "Wren is paid 12150.00"
check "Wren's program is not Kestrel's: no notice" test ! -s "$tmp/err"
run honorarium-pay --peer Wren --amount 5399.99 --date 2026-05-01
is_rc 0 "Wren is paid to 17549.99"
check "a cent short of Wren's 75%: no notice" test ! -s "$tmp/err"
run honorarium-pay --peer Wren --amount 0.01 --date 2026-05-02
is_rc 0 "Wren is paid to 17550.00"
err_has '^honorarium-pay: warning: Wren: benefit limit: earnings for 2026 become 17550.00, reaching 75% of the 23400.00 annual limit of bc-disability-couple-one-pwd$' \
    "75% of Wren's own limit exactly gets the notice"

# The figures are for 2026: a year with no entry has no limit.
export PEERKIT_TODAY=2027-01-11
run honorarium-pay --peer Kestrel --amount 16200.00 --date 2027-01-04
is_rc 0 "Kestrel is paid 16200.00 in 2027"
check "no entry for 2027: no notice" test ! -s "$tmp/err"

# program-report counts both, each at 75% or more of their own limit.
run program-report --period 2026-05 --json
is_rc 0 "program-report for 2026-05"
check "both peers reaching 75% counted" jq -e '.figures.benefit_past_75 == 2' "$tmp/out"

# The income assistance entries ship without a figure (none was found):
# uncommented as they are, the config is refused, naming the key.
sed -e 's/^benefit_programs: \[\]$/benefit_programs:/' \
    -e 's/^#\(  - name: bc-income-assistance-\)/\1/' \
    -e 's/^#\(    monthly_limit: \)/\1/' "$shipped" >"$tmp/ia.yaml"
check "two income assistance entries uncommented" test \
    "$(grep -c '^  - name: bc-income-assistance-' "$tmp/ia.yaml")" = 2
bad 78 'ia\.yaml:[0-9]+.*monthly_limit' \
    "uncommented without a figure, the config is refused" \
    peer-list --config "$tmp/ia.yaml"

done_testing
