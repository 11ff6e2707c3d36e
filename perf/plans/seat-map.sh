# perf/run seat-map: full and 304 seat map reads straight, through the edge, nginx and the bare Vert.x proxy, the
# targets taking turns ROUNDS times (ratios from the last round, as hold-storm). Sourced by perf/run, whose
# functions and variables it uses.
threads=${THREADS:-32}; duration=${DURATION:-20}; start_proxies
etag=$(curl -fsS -D - -o /dev/null "http://localhost:8080/api/performances/$seat_map/seats" | sed -n 's/^[Ee][Tt]ag: \(.*\)\r$/\1/p')
for r in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    [ "$target" != bare ] || continue # the bare endpoint only places holds
    name="seat-map-$target-$r"
    jmeter seat-map "$name" "$target" threads="$threads" duration="$duration" warmup="$warmup" "performanceId=$seat_map" "etag=$etag"
    for label in "seat map (full)" "seat map (304)"; do
      row "$name" "$label" "$label, $target, round $r of $rounds"
      errors=$(stat "$name" "$label" errorCount)
      [ "$errors" -eq 0 ] && record ok "$name: every \"$label\" answer as expected" || record FAIL "$name: $errors unexpected \"$label\" answers"
    done
  done
done
if [[ " ${targets[*]} " == *" edge "* ]] && [[ " ${targets[*]} " == *" nginx "* ]]; then
  for label in "seat map (full)" "seat map (304)"; do
    echo "| $label through the edge ÷ through nginx (issue 16: ≥ 0.85) | $(target "$(stat "seat-map-edge-$rounds" "$label" throughput)" "$(stat "seat-map-nginx-$rounds" "$label" throughput)" 0.85) |" >> "$out/limits.md"
  done
fi
