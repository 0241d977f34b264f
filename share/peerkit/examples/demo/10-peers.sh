# Intake: a chosen name is all a peer needs to give.
echo "== Registering peers (peer-add): a chosen name is enough"
say 'peer-add --alias Raven --role peer-worker --region "Vancouver Coastal" --site "Downtown Eastside"'
say 'peer-add --alias Moss --role outreach-worker --region "Vancouver Coastal" --site "Downtown Eastside" --payment-method etransfer --benefit-program bc-disability'
echo "A SIN is read from standard input (--sin -), out of sight of ps and the shell's history:"
say 'echo "130 692 544" | peer-add --alias Kestrel --role peer-coordinator --region Interior --site Kelowna --surname Smith --given-name Alex --address-line1 "12 Lake Rd" --city Kelowna --province BC --postal-code "V1Y 1A1" --sin -'
echo "The SIN is stored sealed: a box only the secret key opens.  The keys were made on first need; intake machines need only the public and index keys:"
say 'peerkit-keys'
echo "A batch of JSON Lines, all or nothing:"
say "printf '%s\n' '{\"alias\":\"Wren\",\"role\":\"participant\",\"region\":\"Interior\"}' '{\"alias\":\"Sage\",\"role\":\"systems-navigator\",\"region\":\"Interior\"}' | peer-add -"
echo "== Listing (peer-list): SINs are masked"
say 'peer-list'
say 'peer-list --region Interior --json | jq -c "{id, alias, role}"'
say 'peer-list Kestrel'
