# perf/run seat-map: full and 304 seat map reads straight, through the edge and through nginx. Sourced by perf/run,
# whose functions and variables it uses.
threads=${THREADS:-32}; duration=${DURATION:-20}; start_proxies
etag=$(curl -fsS -D - -o /dev/null "http://localhost:8080/api/performances/$seat_map/seats" | sed -n 's/^[Ee][Tt]ag: \(.*\)\r$/\1/p')
for target in direct edge nginx vertx; do
  jmeter seat-map "seat-map-$target" "$target" threads="$threads" duration="$duration" warmup="$warmup" "performanceId=$seat_map" "etag=$etag"
  for label in "seat map (full)" "seat map (304)"; do
    row "seat-map-$target" "$label" "$label, $target"
    errors=$(stat "seat-map-$target" "$label" errorCount)
    [ "$errors" -eq 0 ] && record ok "seat-map ($target): every \"$label\" answer as expected" || record FAIL "seat-map ($target): $errors unexpected \"$label\" answers"
  done
done
for label in "seat map (full)" "seat map (304)"; do
  echo "| $label through the edge ÷ through nginx (issue 16: ≥ 0.85) | $(target "$(stat seat-map-edge "$label" throughput)" "$(stat seat-map-nginx "$label" throughput)" 0.85) |" >> "$out/limits.md"
done
