#!/bin/sh
# engage-log: one engagement from options, a group, the amount due, dry run.
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOF'
regions: [Vancouver Coastal, Interior]
sites: [Downtown Eastside, Kelowna]
EOF
export PEERKIT_CONFIG="$tmp/config.yaml"
ok_cmd peer-add --alias Raven --region "Vancouver Coastal" --site "Downtown Eastside"
ok_cmd peer-add --alias Moss --region "Vancouver Coastal" --site "Downtown Eastside"
ok_cmd peer-add --alias Wren --region Interior

# JSON without the random uuids, for exact comparison.
strip() {
	cp "$tmp/out" "$tmp/raw"
	jq -c 'del(.uuid, .peer_uuid, .created_at, .updated_at)' "$tmp/raw" >"$tmp/out"
}

run engage-log --peer Raven --hours 1.5 --activity meeting --level consult \
    --date 2026-11-20
is_rc 0 "one engagement"
is_outs 'ID  DATE        PEER   ACTIVITY  LEVEL    HOURS    DUE  STATUS  PROJECT
 1  2026-11-20  Raven  meeting   consult   1.50  37.50  unpaid  -' \
    "a table row: 1.5 h at the meeting rate of 25.00"

run engage-log --peer Moss --peer wren --hours 2 --activity outreach \
    --level involve --support meal,transit --support meal --project "naloxone kits" \
    --note "two sites" --json
is_rc 0 "a group: one record per peer"
strip
is_outs '{"id":2,"peer_id":2,"alias":"Moss","date":"2026-11-23","hours":"2.00","minutes":120,"activity":"outreach","level":"involve","project":"naloxone kits","region":"Vancouver Coastal","site":"Downtown Eastside","supports":["transit","meal"],"note":"two sites","amount_due":"50.00","payment_id":null,"status":"unpaid","void_reason":null,"payment_uuid":null,"amount_paid":"0.00","balance":"50.00","paid_elsewhere":"0.00"}
{"id":3,"peer_id":3,"alias":"Wren","date":"2026-11-23","hours":"2.00","minutes":120,"activity":"outreach","level":"involve","project":"naloxone kits","region":"Interior","site":null,"supports":["transit","meal"],"note":"two sites","amount_due":"50.00","payment_id":null,"status":"unpaid","void_reason":null,"payment_uuid":null,"amount_paid":"0.00","balance":"50.00","paid_elsewhere":"0.00"}' \
    "date today, region and site from each peer, supports once each in config order"

# The amount due, from the default rates: hourly, flat, minimum, rounding.
amount() {	# amount HOURS ACTIVITY [options]: prints hours, amount_due and status
	h=$1 a=$2
	shift 2
	engage-log --peer Raven --hours "$h" --activity "$a" --level inform \
	    --json "$@" >"$tmp/amount.json" || return
	jq -r '"\(.hours) \(.amount_due) \(.status)"' "$tmp/amount.json"
}
run amount 0.5 meeting
is_rc 0 "0.5 h of meeting: logged"
is_outs '0.50 25.00 unpaid' "meeting: the 25.00 minimum"
run amount 0:20 consultation
is_rc 0 "0:20 h of consultation: logged"
is_outs '0.33 50.00 unpaid' "consultation: 20 minutes, the 50.00 minimum"
run amount 0:40 training
is_rc 0 "0:40 h of training: logged"
is_outs '0.67 13.33 unpaid' "training: 20.00 x 40/60 = 13.333 rounds to 13.33"
run amount 0:10 shift
is_rc 0 "0:10 h of shift: logged"
is_outs '0.17 4.17 unpaid' "shift: 25.00 x 10/60 = 4.1666 rounds half up to 4.17"
run amount 3 event
is_rc 0 "3 h of event: logged"
is_outs '3.00 40.00 unpaid' "event: flat 40.00 whatever the hours"
run amount 2.5 outreach --amount 60
is_rc 0 "2.5 h of outreach --amount 60: logged"
is_outs '2.50 60.00 unpaid' "--amount overrides the rate"
run amount 4 shift --no-honorarium
is_rc 0 "4 h of shift --no-honorarium: logged"
is_outs '4.00 0.00 no-honorarium' "--no-honorarium: nothing due"
run amount 24 shift
is_rc 0 "24 h of shift: logged"
is_outs '24.00 600.00 unpaid' "24 hours is allowed"

run engage-log --peer Wren --hours 1 --activity meeting --level empower \
    --site Kelowna --region "" --json
is_rc 0 "site and region given"
check "site given wins over the peer's" test "$(jq -r .site "$tmp/out")" = Kelowna
check "an empty region means none" test "$(jq -r .region "$tmp/out")" = null

# Every record is in the audit trail, with the tool that wrote it.
run sql "SELECT count(*), min(tool), min(action) FROM audit WHERE kind = 'engagement'"
is_rc 0 "the audit trail is read"
is_outs '12|engage-log|create' "each engagement audited as created by engage-log"
run sql "SELECT after FROM audit WHERE kind = 'engagement' AND record_id = 1"
is_rc 0 "the audit of engagement 1 is read"
thru jq -r .amount_due
is_outs '37.50' "the audit holds the record as stored"

# --dry-run prints what would be stored and writes nothing.
snap
run engage-log --dry-run --peer Raven --hours 2 --activity shift --level collaborate
is_rc 0 "dry run"
is_outs 'ID  DATE        PEER   ACTIVITY  LEVEL        HOURS    DUE  STATUS  PROJECT
13  2026-11-23  Raven  shift     collaborate   2.00  50.00  unpaid  -' "dry run prints the record"
err_has 'dry run: nothing written' "dry run says so"
unchanged "dry run"

# --today sets the default date.
run engage-log --today 2026-11-01 --peer Raven --hours 1 --activity shift \
    --level inform --json
is_rc 0 "--today"
check "--today sets the default date" test "$(jq -r .date "$tmp/out")" = 2026-11-01
run engage-log --peer Raven --hours 1 --activity shift --level inform -q
is_rc 0 "--quiet"
check "--quiet: nothing on stderr" test ! -s "$tmp/err"
done_testing
