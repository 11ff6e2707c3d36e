# perf/run browse: catalog listing and details through the edge. Sourced by perf/run, whose functions and variables it
# uses.
jmeter browse browse edge threads="${THREADS:-32}" duration="${DURATION:-20}"
row browse listing "catalog listing, edge"; row browse "performance detail" "performance detail, edge"
errors=$(stat browse Total errorCount)
[ "$errors" -eq 0 ] && record ok "browse: every answer 200" || record FAIL "browse: $errors unexpected answers"
