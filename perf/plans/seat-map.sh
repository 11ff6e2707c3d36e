# perf/run seat-map: full and 304 seat map reads straight, through the edge, nginx and the bare Vert.x proxy, the
# targets taking turns ROUNDS times (order reversed every other round; ratios the median of the rounds after the
# first, as hold-storm). Sourced by perf/run, whose functions and variables it uses.
threads=${THREADS:-32}; duration=${DURATION:-20}; start_proxies
etag=$(curl -fsS -D - -o /dev/null "http://localhost:8080/api/performances/$seat_map/seats" | sed -n 's/^[Ee][Tt]ag: \(.*\)\r$/\1/p')
for r in $(seq 1 "$rounds"); do
  mapfile -t order < <(round_order "$r")
  for target in "${order[@]}"; do
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
# the edge's and nginx's figures of $label in a round, for by_round
edge_nginx_reads() { echo "$(stat "seat-map-edge-$1" "$label" throughput) $(stat "seat-map-nginx-$1" "$label" throughput)"; }
edge_nginx_read_cpu() { echo "$(cpu "seat-map-edge-$1" "$label" edge-proxy) $(cpu "seat-map-nginx-$1" "$label" nginx)"; }
if ran edge nginx; then
  for label in "seat map (full)" "seat map (304)"; do
    r=$(by_round edge_nginx_reads); echo "| $label through the edge ÷ through nginx (issue 16: ≥ 0.85) | $r$(flag "$r" 0.85 0) |"
    echo "| CPU per $label, edge-proxy ÷ nginx | $(by_round edge_nginx_read_cpu) |"
  done >> "$out/limits.md"
fi
