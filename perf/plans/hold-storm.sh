# perf/run hold-storm: the hold storm straight, through the edge, nginx and the bare Vert.x proxy, and at the bare
# endpoint; confirms; the limits. Sourced by perf/run, whose functions and variables it uses.
threads=${THREADS:-100}; start_proxies
for target in direct edge nginx vertx bare; do
  storm="storm_$target"; warm="warm_$target"; [ "$target" != bare ] || { storm=storm_direct; warm=warm_direct; }
  [ "$target" = bare ] || { tool attempts http://localhost:8080 "${!warm}" "$work/fans.csv" "$contenders" "$work/$warm.csv"
    tool attempts http://localhost:8080 "${!storm}" "$work/fans.csv" "$contenders" "$work/$storm.csv"; }
  jmeter hold-storm "hold-storm-$target" "$target" threads="$threads" "warmupAttempts=$work/$warm.csv" "attempts=$work/$storm.csv"
  row "hold-storm-$target" hold "hold storm, $target"
  [ "$target" = bare ] && continue
  won=$(awk -F, '$3 == "hold" && $4 == 201 { n++ } END { print n + 0 }' "$out/hold-storm-$target/results.csv")
  [ "$won" -eq "$seats" ] && record ok "hold-storm ($target): $won winners for $seats seats" || record FAIL "hold-storm ($target): $won winners for $seats seats"
  check_claims "${!storm}" "$seats" "hold-storm ($target)"
done
say "Confirming every winning hold once (simulated provider at zero latency), 32 at a time"
for storm in $storm_edge $storm_nginx $storm_direct; do # the first two warm the confirm path up; the last is measured
  booking_sql -F ' ' -c "SELECT id, user_id FROM seat_hold WHERE performance_id = $storm AND status = 'ACTIVE'" > "$work/holds"
  confirm=$(tool confirm http://localhost:8083 "$work/fans.csv" "$work/holds" 32 | tee "$out/confirm.txt")
done
check confirmed-bookings "$storm_direct" "$seats" confirm; check_claims "$storm_direct" "$seats" confirm
field() { echo "$confirm" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
created=$(echo "$confirm" | grep -o '201=[0-9]*' | cut -d= -f2 || echo 0)
printf '| confirm, straight (32 at a time) | %s | %.1f | %.0f | | %.0f | | %s |\n' "$(field requests)" "$(field rps)" \
  "$(field p50_ms)" "$(field p99_ms)" "$(( $(field requests) - created ))" >> "$out/table.md"
say "Limits: redis-benchmark (SET NX PX on seat keys) and pgbench (tools/confirm.sql)"
redis_rps=$(redis-benchmark -h 127.0.0.1 -p "$ENCORE_REDIS_PORT" -c "$threads" -n 200000 -r 100000000 --csv \
  SET "perf-limit:{perf:0}:seat:__rand_int__" x NX PX 60000 | tail -n 1 | cut -d, -f2 | tr -d '"')
pg_tps=$("$here/tools/confirm-limit" | tee "$out/pgbench.txt" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
rps() { stat "hold-storm-$1" hold throughput; }
cat >> "$out/limits.md" <<EOF
| hold storm straight ÷ the bare endpoint | $(ratio "$(rps direct)" "$(rps bare)") |
| hold storm through the edge ÷ straight | $(ratio "$(rps edge)" "$(rps direct)") |
| hold storm through the edge ÷ through nginx (issue 16: ≥ 0.85) | $(target "$(rps edge)" "$(rps nginx)" 0.85) |
| hold storm through the edge ÷ through the bare Vert.x proxy | $(ratio "$(rps edge)" "$(rps vertx)") |
| hold storm through the bare Vert.x proxy ÷ through nginx | $(ratio "$(rps vertx)" "$(rps nginx)") |
| redis-benchmark SET NX PX, $threads clients, alone (a hold is a script of several such commands, and more) | $(printf '%.0f' "$redis_rps")/s |
| confirms ÷ pgbench of tools/confirm.sql ($(printf '%.0f' "$pg_tps")/s) | $(ratio "$(field rps)" "$pg_tps") |
EOF
