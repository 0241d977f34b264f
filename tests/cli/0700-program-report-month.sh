#!/bin/sh
# program-report: a realistic month built through the tools themselves.
# The HTML, the text and the JSON agree with each other and, to the cent,
# with engage-log --summary, honorarium-pay --totals, onboard-check --all
# and t4a-report; no cell under report.suppress is shown, and a cell
# hidden only to protect another says so; the store is only read.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOT'
regions: [North, South]
sites: [Hub, Clinic]
benefit_programs:
  - {name: disability, annual_limit: "400.00"}
report:
  suppress: 5
EOT
export PEERKIT_CONFIG="$tmp/config.yaml" PEERKIT_TODAY=2026-12-01

# 24 peers: 14 in the North, 10 in the South; three at the Clinic.
roles="participant peer-worker outreach-worker systems-navigator"
i=1
while [ $i -le 24 ]; do
	region=North site=Hub
	[ $i -gt 14 ] && region=South
	[ $i -gt 21 ] && site=Clinic
	role=$(echo $roles | cut -d' ' -f$(( (i - 1) % 4 + 1 )))
	bp=
	[ $i -le 2 ] && bp=',"benefit_program":"disability"'
	printf '{"alias":"P%d","role":"%s","region":"%s","site":"%s"%s}\n' \
	    $i "$role" $region $site "$bp"
	i=$((i + 1))
done >"$tmp/peers.jsonl"
ok_cmd peer-add -q "$tmp/peers.jsonl"

# November: every peer at a meeting (consult, 1 hour, 25.00), the North
# at a shift too (involve, 2 hours, 50.00), four at a consultation
# (collaborate, 1 hour, 50.00), P1 and P2 training (empower) and outreach
# (inform); transit for the South, childcare for two.  Earlier months:
# peers 1-20 at a meeting in each of June to October, so that 21-24 are
# the month's new peers.
{
	i=1
	while [ $i -le 24 ]; do
		region=North site=Hub
		[ $i -gt 14 ] && region=South
		[ $i -gt 21 ] && site=Clinic
		sup='[]'
		[ $i -gt 14 ] && sup='["transit"]'
		[ $i -le 2 ] && sup='["childcare"]'
		printf '{"peer":"P%d","date":"2026-11-04","hours":"1","activity":"meeting","level":"consult","region":"%s","site":"%s","supports":%s}\n' \
		    $i $region $site "$sup"
		[ $i -le 14 ] && printf '{"peer":"P%d","date":"2026-11-12","hours":"2","activity":"shift","level":"involve","region":"North","site":"Hub"}\n' $i
		[ $i -le 4 ] && printf '{"peer":"P%d","date":"2026-11-18","hours":"1","activity":"consultation","level":"collaborate","region":"%s","site":"Hub"}\n' $i $region
		if [ $i -le 20 ]; then
			for m in 06 07 08 09 10; do
				printf '{"peer":"P%d","date":"2026-%s-10","hours":"1","activity":"meeting","level":"consult","region":"%s","site":"%s"}\n' \
				    $i $m $region $site
			done
		fi
		i=$((i + 1))
	done
	for p in P1 P2; do
		printf '{"peer":"%s","date":"2026-11-20","hours":"3","activity":"training","level":"empower","region":"North","site":"Hub"}\n' $p
		printf '{"peer":"%s","date":"2026-11-21","hours":"1:30","activity":"outreach","level":"inform","region":"North","site":"Hub"}\n' $p
	done
} >"$tmp/engagements.jsonl"
ok_cmd engage-log -q "$tmp/engagements.jsonl"

# Payments, all received in November: the North paid in cash, the South
# by e-transfer, P23 and P24 not yet (still owed); P1 and P2 paid more
# in advance (P1 past 75% of the disability limit, P2 over the T4A
# threshold without a surname or SIN: not ready); reimbursements.
{
	i=1
	while [ $i -le 22 ]; do
		method=cash
		[ $i -gt 14 ] && method=etransfer
		amt=25.00
		[ $i -le 14 ] && amt=75.00
		[ $i -le 4 ] && amt=125.00
		printf '{"peer":"P%d","amount":"%s","date":"2026-11-25","method":"%s"}\n' $i $amt $method
		[ $i -gt 14 ] && printf '{"peer":"P%d","amount":"6.00","date":"2026-11-25","method":"cash","kind":"reimbursement","category":"transit"}\n' $i
		i=$((i + 1))
	done
	echo '{"peer":"P1","amount":"200.00","date":"2026-11-26","method":"cash","note":"advance"}'
	echo '{"peer":"P2","amount":"400.00","date":"2026-11-26","method":"cheque","note":"advance"}'
	echo '{"peer":"P1","amount":"30.00","date":"2026-11-26","method":"cash","kind":"reimbursement","category":"childcare"}'
	echo '{"peer":"P2","amount":"30.00","date":"2026-11-26","method":"cash","kind":"reimbursement","category":"childcare"}'
} >"$tmp/payments.jsonl"
ok_cmd honorarium-pay -q "$tmp/payments.jsonl"

# Onboarding: the North has signed the confidentiality agreement; nine
# took overdose response training, valid 12 months, lapsing within 30, 60
# and 90 days of 2026-12-01.
i=1
while [ $i -le 14 ]; do
	ok_cmd onboard-check -q P$i --done confidentiality --date 2026-10-01
	i=$((i + 1))
done
for p in P2:2025-12-15 P3:2025-12-15 P4:2025-12-15 P6:2026-01-20 \
    P7:2026-01-20 P8:2026-01-20 P10:2026-02-20 P11:2026-02-20 P12:2026-02-20; do
	ok_cmd onboard-check -q ${p%%:*} --done overdose-response --date ${p#*:}
done

# jq: money strings to cents and back, for sums to the cent.
jqlib='def cents: sub("\\.";"") | tonumber;
def money: "\(. / 100 | floor).\(. % 100 | tostring | if length == 1 then "0" + . else . end)";'
# same DESC A B: two values (jq's output) are equal.
same() {
	[ "$2" = "$3" ] && [ -n "$2" ]
	t_result $? "$1"
	[ "$2" = "$3" ] || printf '#   %s\n#   %s\n' "$2" "$3"
}

snap
# Every figure, nothing hidden, to compare with the other tools.
run program-report --period 2026-11 --json --suppress 0
is_rc 0 "--json --suppress 0"
cp "$tmp/out" "$tmp/r0.json"
r0() { jq -r "$jqlib $1" "$tmp/r0.json"; }

run engage-log --summary --period 2026-11 --json
is_rc 0 "engage-log --summary"
cp "$tmp/out" "$tmp/sum.json"
same "peers, engagements, hours, due and still owed are engage-log --summary's total" \
    "$(r0 '.figures | [.peers_engaged, .engagements, .hours, .due, .still_owed] | @tsv')" \
    "$(jq -r '[.peers, .engagements, .hours, .due, .outstanding] | @tsv' "$tmp/sum.json")"
for by in region site role; do
	run engage-log --summary --period 2026-11 --by $by --json
	is_rc 0 "engage-log --summary --by $by"
	same "by $by: the rows of engage-log --summary --by $by, every figure" \
	    "$(r0 ".by_$by | map(del(.hidden)) | tojson")" \
	    "$(jq -s -c 'map({from, to, by, group, total, suppressed, engagements, peers,
		minutes, hours, due, paid, outstanding})' "$tmp/out")"
done
for m in 2026-06 2026-11; do
	run engage-log --summary --period $m --by level --json
	is_rc 0 "engage-log --summary --period $m --by level"
	same "$m by level: engage-log --summary --by level" \
	    "$(r0 ".months[] | select(.month == \"$m\") | [.inform, .consult, .involve, .collaborate, .empower, .engagements, .peers] | @tsv")" \
	    "$(jq -s -r 'map({key: (.group // "total"), value: .engagements}) | from_entries as $l |
		[$l.inform // 0, $l.consult // 0, $l.involve // 0, $l.collaborate // 0, $l.empower // 0, $l.total] | @tsv' "$tmp/out")	$(jq -s -r 'last | .peers' "$tmp/out")"
done
same "twelve months, the last the period's" "$(r0 '[.months[].month] | first, last, length' | tr '\n' ' ')" \
    "2025-12 2026-11 12 "

run honorarium-pay --totals --year 2026 --json
is_rc 0 "honorarium-pay --totals (every payment of 2026 was in November)"
cp "$tmp/out" "$tmp/totals.json"
same "honoraria paid: the peers' taxable totals, to the cent" \
    "$(r0 '.figures.honoraria_paid')" \
    "$(jq -s -r "$jqlib map(.taxable | cents) | add | money" "$tmp/totals.json")"
same "reimbursements: the peers' totals, to the cent" \
    "$(r0 '[.figures.reimbursements[] | cents] | add | money')" \
    "$(jq -s -r "$jqlib map(.reimbursements | cents) | add | money" "$tmp/totals.json")"
same "peers paid: the peers with a taxable total" "$(r0 .figures.peers_paid)" \
    "$(jq -s -r 'map(select(.taxable != "0.00")) | length' "$tmp/totals.json")"
run honorarium-pay --list --period 2026-11 --method cash --kind honorarium --json
is_rc 0 "honorarium-pay --list --method cash"
same "paid in cash: the cash honoraria listed, and its share" \
    "$(r0 '.figures | [.honoraria_cash, .cash_share] | @tsv')" \
    "$(jq -s -r "$jqlib (map(select(.status == \"paid\") | .amount | cents) | add | money)" "$tmp/out")	70.7"
same "transit and childcare reimbursed" \
    "$(r0 '.figures.reimbursements | [.transit, .childcare, .meal, .other] | @tsv')" \
    "48.00	60.00	0.00	0.00"

for d in 30 60 90; do
	run onboard-check --all --within $d --json
	is_rc 1 "onboard-check --all --within $d: items due"
	same "onboarding due within $d days: onboard-check --all --within $d" \
	    "$(r0 ".figures.onboarding_due[\"$d\"]")" "$(jq -s length "$tmp/out")"
done
same "items lapsing later count later" "$(r0 '.figures.onboarding_due | [.["30"], .["60"], .["90"]] | @tsv')" \
    "184	187	190"
run t4a-report --year 2026 --json
is_rc 0 "t4a-report --year 2026"
same "T4A: the slips t4a-report says are not ready" "$(r0 .figures.t4a_not_ready)" \
    "$(jq -s 'map(select(.slip_required and (.ready | not))) | length' "$tmp/out")"
run peer-list --json
is_rc 0 "peer-list"
same "benefit: peers on disability whose year reaches 75% of 400.00 (P1 325.00, P2 525.00)" \
    "$(r0 .figures.benefit_past_75)" \
    "$(jq -s -r --slurpfile t "$tmp/totals.json" "$jqlib"' map(select(.benefit_program == "disability")
	| .alias) as $b | [$t[] | select(.alias as $a | any($b[]; . == $a))
	| select((.taxable | cents) >= 30000)] | length' "$tmp/out")"
run engage-log --list --json
is_rc 0 "engage-log --list"
same "new peers: first engaged in November (P21-P24)" "$(r0 .figures.new_peers)" \
    "$(jq -s 'map(select(.status != "void")) | group_by(.peer_id) | map(min_by(.date).date) |
	map(select(. >= "2026-11-01")) | length' "$tmp/out")"
same "supports: engage-log --summary's" "$(r0 '.supports | [.childcare, .transit, .meal, .other] | @tsv')" \
    "$(jq -r '[.support_childcare, .support_transit, .support_meal, .support_other] | @tsv' "$tmp/sum.json")"

# The text and the page show the same numbers as the JSON.
run program-report --period 2026-11 --format text --suppress 0
is_rc 0 "--format text --suppress 0"
cp "$tmp/out" "$tmp/r0.txt"
check "text: 80 columns at most" test "$(awk '{ if (length > m) m = length } END { print m + 0 }' "$tmp/r0.txt")" -le 80
tv() { sed -n "s/^  $1  *//p" "$tmp/r0.txt" | head -n 1; }
same "text: the headline figures are the JSON's" \
    "$(printf '%s\t' "$(tv 'Peers engaged')" "$(tv 'New peers')" "$(tv Engagements)" "$(tv Hours)" \
	"$(tv 'Honoraria paid')" "$(tv 'Share paid in cash (%)')" "$(tv 'Still owed')" \
	"$(tv 'Reimbursed: transit')" "$(tv 'Within 30 days')" "$(tv 'T4A slip, not ready')")" \
    "$(r0 '.figures | [.peers_engaged, .new_peers, .engagements, .hours, .honoraria_paid, .cash_share,
	.still_owed, .reimbursements.transit, .onboarding_due["30"], .t4a_not_ready] | map(tostring + "\t") | join("")')"
same "text: each month's row is the JSON's" \
    "$(awk '$1 ~ /^20[0-9][0-9]-[01][0-9]$/ && NF == 7' "$tmp/r0.txt" | tr -s ' ' | sed 's/^ //')" \
    "$(r0 '.months[] | [.month, .inform, .consult, .involve, .collaborate, .empower, .engagements] | map(tostring) | join(" ")')"
same "text: the regions are the JSON's" \
    "$(awk '/^Honoraria and peers by region/ { on = 1; next } on && /^$/ && n++ { exit } on && NF == 6 && $1 != "REGION"' "$tmp/r0.txt" | tr -s ' ' | sed 's/^ //')" \
    "$(r0 '.by_region[] | [.group // "total", .peers, .engagements, .hours, .due, .paid] | map(tostring) | join(" ")')"

run program-report --period 2026-11 --suppress 0 -o "$tmp/r0.html"
is_rc 0 "HTML (the default format), -o FILE"
check "-o FILE: written 0600" test "$(stat -c %a "$tmp/r0.html")" = 600
check "nothing on stdout with -o" test ! -s "$tmp/out"
hx() { xmllint --xpath "string($1)" "$tmp/r0.html" 2>/dev/null; }
fx() { hx "//table[@class=\"figs\"]//th[.=\"$1\"]/following-sibling::td[1]"; }
same "HTML: the headline figures are the JSON's" \
    "$(printf '%s\t' "$(fx 'Peers engaged')" "$(fx 'New peers')" "$(fx Engagements)" "$(fx Hours)" \
	"$(fx 'Honoraria paid')" "$(fx 'Share paid in cash')" "$(fx 'Still owed')" "$(fx 'Reimbursed: transit')")" \
    "$(r0 '.figures | [.peers_engaged, .new_peers, .engagements, .hours, .honoraria_paid, .cash_share + "%",
	.still_owed, .reimbursements.transit] | map(tostring + "\t") | join("")')"
same "HTML: the month table is the JSON's" \
    "$(xmllint --xpath '//table[thead/tr/th="Month"]/tbody/tr' "$tmp/r0.html" | sed 's/<tr><td>//; s/<\/td><\/tr>//; s/<\/td><td>/ /g')" \
    "$(r0 '.months[] | [.month, .inform, .consult, .involve, .collaborate, .empower, .engagements] | map(tostring) | join(" ")')"
same "HTML: the sites are the JSON's" \
    "$(xmllint --xpath '//div[h2="Honoraria and peers by site"]/table/tbody/tr' "$tmp/r0.html" | sed 's/<tr[^>]*><td>//; s/<\/td><\/tr>//; s/<\/td><td>/ /g')" \
    "$(r0 '.by_site[] | [.group // "Total", .peers, .engagements, .hours, .due, .paid] | map(tostring) | join(" ")')"
same "HTML: the chart's description carries November's numbers" \
    "$(hx '//*[local-name()="desc"]' | grep -o '2026-11: [^.]*\.')" \
    "$(r0 '.months[-1] | "2026-11: \(.engagements) in all, inform \(.inform), consult \(.consult), involve \(.involve), collaborate \(.collaborate), empower \(.empower)."')"

# The page parses as HTML and as XML, and so does each SVG on its own.
check "xmllint --html parses the page" xmllint --html --noout "$tmp/r0.html"
check "xmllint parses the page as XML" xmllint --noout "$tmp/r0.html"
sed -n '/<svg/,/<\/svg>/p' "$tmp/r0.html" >"$tmp/chart.svg"
check "one SVG, with a title and a description" test "$(xmllint --xpath 'count(/*[local-name()="svg"]/*[local-name()="title" or local-name()="desc"])' "$tmp/chart.svg")" = 2
check "the SVG parses as XML" xmllint --noout "$tmp/chart.svg"
lacks "no script" '<script' "$tmp/r0.html"
lacks "nothing fetched" 'src=\|<link\|@import\|url(http\|href="http' "$tmp/r0.html"

# Small cells: report.suppress is 5.  No count from 1 to 4 anywhere; a
# cell hidden to protect another says "hidden", not "<5".
run program-report --period 2026-11 --json
is_rc 0 "--json, report.suppress 5"
cp "$tmp/out" "$tmp/r5.json"
check "JSON: every count shown is 0 or 5 or more" jq -e '
    def ok: . == null or . == 0 or . >= 5;
    ([.figures | .peers_engaged, .new_peers, .engagements, .peers_paid, .benefit_past_75,
	.t4a_not_ready, .onboarding_due[]] + [.supports[]] +
     [.months[] | .engagements, .peers, .inform, .consult, .involve, .collaborate, .empower] +
     [(.by_region, .by_site, .by_role)[] | .engagements, .peers]) | all(ok)' "$tmp/r5.json"
check "JSON: the tables carry no breakdown of a group" jq -e '
    [(.by_region, .by_site, .by_role)[] | keys[]] | unique == ["by", "due", "engagements", "from",
	"group", "hidden", "hours", "minutes", "outstanding", "paid", "peers", "suppressed", "to", "total"]' "$tmp/r5.json"
same "Clinic (3 peers) is small; Hub (21) hidden only to protect it" \
    "$(jq -r '.by_site[] | [.group // "total", .hidden, .peers] | map(tostring) | join(" ")' "$tmp/r5.json")" \
    "Clinic small null
Hub complementary null
total null 24"
same "November: inform, collaborate, empower small; involve (14 peers) hidden to protect them" \
    "$(jq -r '.months[-1].hidden | to_entries | map("\(.key)=\(.value)") | join(" ")' "$tmp/r5.json")" \
    "inform=small involve=complementary collaborate=small empower=small"
same "the figures hidden, and why" "$(jq -r '.hidden | keys | join(" ")' "$tmp/r5.json")" \
    "benefit_past_75 new_peers reimbursements.childcare supports.childcare t4a_not_ready"
run program-report --period 2026-11 --format text
is_rc 0 "--format text, report.suppress 5"
cp "$tmp/out" "$tmp/r5.txt"
check "text: a note says what is hidden" grep -q 'fewer than 5 peers are hidden ("<5")' "$tmp/r5.txt"
same "text: November's levels, small and hidden apart" \
    "$(awk '$1 == "2026-11"' "$tmp/r5.txt" | tr -s ' ' | sed 's/^ //')" "2026-11 <5 24 hidden <5 <5 46"
same "text: Hub hidden, Clinic small" "$(awk '$1 == "Clinic" || $1 == "Hub" { print $1, $2, $3 }' "$tmp/r5.txt")" \
    "Clinic <5 <5
Hub hidden hidden"
check "text: no count from 1 to 4 in any table" awk '
    /^  [A-Za-z0-9(][^ ]* +[-<0-9h]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[1-4]$/) bad = 1 }
    END { exit bad }' "$tmp/r5.txt"
run program-report --period 2026-11 -o "$tmp/r5.html"
is_rc 0 "HTML, report.suppress 5"
check "HTML: no table cell or chart label from 1 to 4" sh -c '
    xmllint --xpath "//td/text()" "$1" | grep -qx "[1-4]" && exit 1
    xmllint --xpath "//*[local-name()=\"text\"]/text()" "$1" | grep -qx "[1-4]" && exit 1
    exit 0' sh "$tmp/r5.html"
check "HTML: the chart's description has no count from 1 to 4" sh -c '
    ! xmllint --xpath "string(//*[local-name()=\"desc\"])" "$1" | grep -Eq "(^|[ ,])[1-4]([,.]|$)"' sh "$tmp/r5.html"
check "HTML: November's involve cell says hidden" test \
    "$(xmllint --xpath 'string(//table[thead/tr/th="Month"]/tbody/tr[td[1]="2026-11"]/td[4])' "$tmp/r5.html")" = hidden
unchanged "program-report only reads the store"

done_testing
