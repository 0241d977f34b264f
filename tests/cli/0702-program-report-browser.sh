#!/bin/sh
# program-report in a real browser: Debian's chromium, headless, renders
# the page to PDF on one or two letter pages and to a PNG that is not
# blank, with nothing fetched.  No chromium is a failure, never a skip:
# make check installs it (mk/deps.sh).
. "$(dirname "$0")/lib.sh"

cat >"$tmp/config.yaml" <<'EOT'
regions: [Vancouver Coastal, Interior, Northern, Fraser]
sites: [Downtown Eastside, Kelowna, Prince George, Surrey, Chilliwack]
report:
  suppress: 3
EOT
export PEERKIT_CONFIG="$tmp/config.yaml" PEERKIT_TODAY=2026-12-01

# Sixty peers over four regions, five sites and every role; a year of
# engagements at every level; payments in cash and not; reimbursements.
awk -v out="$tmp" 'BEGIN {
	split("Vancouver Coastal:Interior:Northern:Fraser", reg, ":")
	split("Downtown Eastside:Kelowna:Prince George:Surrey:Chilliwack", site, ":")
	split("participant:peer-worker:outreach-worker:systems-navigator:peer-coordinator:regional-peer-coordinator", role, ":")
	split("inform:consult:involve:collaborate:empower", lev, ":")
	for (i = 1; i <= 60; i++) {
		r = reg[i % 4 + 1]; s = site[i % 5 + 1]
		printf "{\"alias\":\"Peer %d\",\"role\":\"%s\",\"region\":\"%s\",\"site\":\"%s\"}\n", i, role[i % 6 + 1], r, s > (out "/peers.jsonl")
		for (m = 1; m <= 11; m++) {
			if ((i + m) % 3 == 0)
				continue
			printf "{\"peer\":\"Peer %d\",\"date\":\"2026-%02d-%02d\",\"hours\":\"1.5\",\"activity\":\"meeting\",\"level\":\"%s\",\"region\":\"%s\",\"site\":\"%s\",\"supports\":[\"transit\"]}\n", i, m, i % 28 + 1, lev[(i + m) % 5 + 1], r, s > (out "/engagements.jsonl")
		}
		if (i > 50)
			continue
		printf "{\"peer\":\"Peer %d\",\"amount\":\"37.50\",\"date\":\"2026-11-28\",\"method\":\"%s\"}\n", i, i % 3 ? "cash" : "etransfer" > (out "/payments.jsonl")
		if (i % 4 == 0)
			printf "{\"peer\":\"Peer %d\",\"amount\":\"7.50\",\"date\":\"2026-11-28\",\"kind\":\"reimbursement\",\"category\":\"transit\"}\n", i > (out "/payments.jsonl")
	}
}'
ok_cmd peer-add -q "$tmp/peers.jsonl"
ok_cmd engage-log -q "$tmp/engagements.jsonl"
ok_cmd honorarium-pay -q "$tmp/payments.jsonl"

run program-report --period 2026-11 -o "$tmp/report.html"
is_rc 0 "program-report --period 2026-11 -o report.html"

check "chromium is installed (make check installs it)" command -v chromium
check "pdfinfo is installed (poppler-utils)" command -v pdfinfo
# The browser's own profile, in the scratch directory; no network of its
# own (no updates, no sync), so a page that fetched anything would show.
chr() {
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$tmp/chr" "$@" "file://$tmp/report.html" \
	    >"$tmp/chr.out" 2>&1
}
run chr --print-to-pdf="$tmp/report.pdf" --no-pdf-header-footer
is_rc 0 "chromium --print-to-pdf"
run pdfinfo "$tmp/report.pdf"
is_rc 0 "pdfinfo reads the PDF"
pages=$(sed -n 's/^Pages: *//p' "$tmp/out")
check "the PDF is one or two pages (it has $pages)" test "${pages:-0}" -ge 1 -a "${pages:-0}" -le 2
check "on letter paper" grep -q '^Page size: *612 x 792 pts (letter)' "$tmp/out"

run chr --screenshot="$tmp/report.png" --window-size=816,1056 --hide-scrollbars
is_rc 0 "chromium --screenshot"
# Decoded with python3's zlib: the samples of a blank page's scanlines
# (filtered, as stored) take two or three values; this page has text,
# rules and five colours of bars.
cat >"$tmp/png.py" <<'EOT'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height = struct.unpack(">II", body[:8])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = (len(raw) // height)
pixels = set()
for y in range(height):
    row = raw[y * stride + 1:(y + 1) * stride]
    bpp = (stride - 1) // width
    for x in range(0, width * bpp, bpp * 7):
        pixels.add(row[x:x + bpp])
print(width, height, len(pixels))
EOT
run python3 "$tmp/png.py" "$tmp/report.png"
is_rc 0 "python3 decodes the PNG"
set -- $(cat "$tmp/out")
check "the PNG is the page's width ($1 px)" test "${1:-0}" = 816
check "the PNG is not blank: $3 distinct samples" test "${3:-0}" -ge 20

done_testing
