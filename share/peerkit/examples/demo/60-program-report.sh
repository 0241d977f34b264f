# 60-program-report.sh - the month on one page (sourced by demo.sh)

echo
echo "== program-report: the month on one page =="
echo "The manager's page for November: headline figures, engagements by level"
echo "over twelve months, honoraria by region and site, onboarding due.  Cells"
echo "of fewer than report.suppress peers (3 in the demo's config) are hidden:"
export report_dir="${PK_DEMO_OUT:-$top/build/demo}"
mkdir -p "$report_dir"
say 'program-report --period 2026-11 --format text'
echo "The same as one HTML page (inline CSS and SVG, nothing fetched) to print"
echo "or mail, and as JSON for a script:"
say 'program-report --period 2026-11 -o "$report_dir/program-report-2026-11.html" && echo "wrote $report_dir/program-report-2026-11.html"'
say 'program-report --period 2026-11 --json | jq -c .figures'
