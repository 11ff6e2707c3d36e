# perf/run hold-storm: the hold storm straight, through the edge, nginx and the bare Vert.x proxy, and at the bare
# endpoint; confirms; the limits. Sourced by perf/run, whose functions and variables it uses.
threads=${THREADS:-100}; start_proxies
# access tokens live 5 minutes: older than 2, the fans log in again before they are used
fresh_tokens() { [ $(( $(date +%s) - $(date -r "$work/fans.csv" +%s) )) -lt 120 ] || tool relogin http://localhost:8080 "$work/fans.csv"; }
# every target in turn, ROUNDS times: a proxy measured right after its start spends much of its CPU compiling (JIT),
# and alternating spreads the machine's drift over all of them; the order is reversed every other round, so that a
# drift within a round does not always land on the same target; the ratios take the median of the rounds after the first
for r in $(seq 1 "$rounds"); do
  mapfile -t order < <(round_order "$r")
  for target in "${order[@]}"; do
    source=$target; [ "$target" != bare ] || source=direct
    storm="storm_${source}_$r"; warm="warm_${source}_$r"; name="hold-storm-$target-$r"
    [ "$target" = bare ] || { fresh_tokens; tool attempts http://localhost:8080 "${!warm}" "$work/fans.csv" "$contenders" "$work/$warm.csv"
      tool attempts http://localhost:8080 "${!storm}" "$work/fans.csv" "$contenders" "$work/$storm.csv"; }
    jmeter hold-storm "$name" "$target" threads="$threads" "warmupAttempts=$work/$warm.csv" "attempts=$work/$storm.csv"
    row "$name" hold "hold storm, $target, round $r of $rounds"
    [ "$target" = bare ] && continue
    won=$(awk -F, '$3 == "hold" && $4 == 201 { n++ } END { print n + 0 }' "$out/$name/results.csv")
    [ "$won" -eq "$seats" ] && record ok "$name: $won winners for $seats seats" || record FAIL "$name: $won winners for $seats seats"
    # a fast refusal (429, 503, 401) would flatter a target's throughput and CPU per hold: none may come
    other=$(awk -F, '$3 == "hold" && $4 != 201 && $4 != 409 { n++ } END { print n + 0 }' "$out/$name/results.csv")
    [ "$other" -eq 0 ] && record ok "$name: every answer 201 or 409" || record FAIL "$name: $other answers other than 201 or 409"
    check_claims "${!storm}" "$seats" "$name"
  done
done
# the last round's storms: the first ones warm the confirm path up; the last is measured
confirmed=(); for target in "${targets[@]}"; do [ "$target" = bare ] || confirmed+=("storm_${target}_$rounds"); done
if [ ${#confirmed[@]} -gt 0 ]; then
  say "Confirming every winning hold once (simulated provider at zero latency), 32 at a time"
  fresh_tokens
  for storm in "${confirmed[@]}"; do
    booking_sql -F ' ' -c "SELECT id, user_id FROM seat_hold WHERE performance_id = ${!storm} AND status = 'ACTIVE'" > "$work/holds"
    confirm=$(tool confirm http://localhost:8083 "$work/fans.csv" "$work/holds" 32 | tee "$out/confirm.txt")
  done
  measured=${confirmed[-1]}
  check confirmed-bookings "${!measured}" "$seats" confirm; check_claims "${!measured}" "$seats" confirm
  field() { echo "$confirm" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
  created=$(echo "$confirm" | grep -o '201=[0-9]*' | cut -d= -f2 || echo 0)
  printf '| confirm, straight (32 at a time) | %s | %.1f | %.0f | | %.0f | | %s |\n' "$(field requests)" "$(field rps)" \
    "$(field p50_ms)" "$(field p99_ms)" "$(( $(field requests) - created ))" >> "$out/table.md"
fi
rps() { stat "hold-storm-$1-${2:-$rounds}" hold throughput; } # target [round]
# two targets' figures in a round, for by_round: first target, second target, round
pair_rps() { echo "$(rps "$1" "$3") $(rps "$2" "$3")"; }
pair_p99() { echo "$(stat "hold-storm-$1-$3" hold pct3ResTime) $(stat "hold-storm-$2-$3" hold pct3ResTime)"; }
declare -A proxy=([edge]=edge-proxy [nginx]=nginx [vertx]=vertx-proxy)
pair_cpu() { echo "$(cpu "hold-storm-$1-$3" hold "${proxy[$1]}") $(cpu "hold-storm-$2-$3" hold "${proxy[$2]}")"; }
pair_switches() { echo "$(cpu "hold-storm-$1-$3" hold "${proxy[$1]}" 3) $(cpu "hold-storm-$2-$3" hold "${proxy[$2]}" 3)"; }
edge_nginx_rps() { pair_rps edge nginx "$1"; }; edge_nginx_cpu() { pair_cpu edge nginx "$1"; }
edge_nginx_p99() { pair_p99 edge nginx "$1"; }; edge_nginx_switches() { pair_switches edge nginx "$1"; }
edge_vertx_rps() { pair_rps edge vertx "$1"; }; edge_vertx_cpu() { pair_cpu edge vertx "$1"; }
vertx_nginx_rps() { pair_rps vertx nginx "$1"; }; vertx_nginx_cpu() { pair_cpu vertx nginx "$1"; }
{
  ! ran direct bare || echo "| hold storm straight ÷ the bare endpoint | $(ratio "$(rps direct)" "$(rps bare)") |"
  ! ran edge direct || echo "| hold storm through the edge ÷ straight | $(ratio "$(rps edge)" "$(rps direct)") |"
  if ran edge nginx; then
    r=$(by_round edge_nginx_rps); echo "| hold storm through the edge ÷ through nginx (issue 16: ≥ 0.85) | $r$(flag "$r" 0.85 0) |"
    r=$(by_round edge_nginx_cpu); echo "| CPU per hold, edge-proxy ÷ nginx (issue 16: ≤ 2) | $r$(flag "$r" 2 1) |"
    echo "| p99 of a hold, through the edge ÷ through nginx | $(by_round edge_nginx_p99) |"
    echo "| context switches per hold, edge-proxy ÷ nginx | $(by_round edge_nginx_switches) |"
  fi
  if ran edge vertx; then
    echo "| hold storm through the edge ÷ through the bare Vert.x proxy | $(by_round edge_vertx_rps) |"
    echo "| CPU per hold, edge-proxy ÷ the bare Vert.x proxy (what the edge's checks cost above the hop) | $(by_round edge_vertx_cpu) |"
  fi
  if ran vertx nginx; then
    echo "| hold storm through the bare Vert.x proxy ÷ through nginx | $(by_round vertx_nginx_rps) |"
    echo "| CPU per hold, the bare Vert.x proxy ÷ nginx (the hop on the edge's stack) | $(by_round vertx_nginx_cpu) |"
  fi
} >> "$out/limits.md"
say "Limits: redis-benchmark (SET NX PX on seat keys) and pgbench (tools/confirm.sql)"
redis_rps=$(redis-benchmark -h 127.0.0.1 -p "$ENCORE_REDIS_PORT" -c "$threads" -n 200000 -r 100000000 --csv \
  SET "perf-limit:{perf:0}:seat:__rand_int__" x NX PX 60000 | tail -n 1 | cut -d, -f2 | tr -d '"')
echo "| redis-benchmark SET NX PX, $threads clients, alone (a hold is a script of several such commands, and more) | $(printf '%.0f' "$redis_rps")/s |" >> "$out/limits.md"
if [ ${#confirmed[@]} -gt 0 ]; then
  pg_tps=$("$here/tools/confirm-limit" | tee "$out/pgbench.txt" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "| confirms ÷ pgbench of tools/confirm.sql ($(printf '%.0f' "$pg_tps")/s) | $(ratio "$(field rps)" "$pg_tps") |" >> "$out/limits.md"
fi
