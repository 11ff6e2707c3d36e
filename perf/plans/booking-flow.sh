# perf/run booking-flow: the whole buyer flow through the edge, paying through tools/PaymentSimulator.java, optionally
# with chaos. Sourced by perf/run, whose functions and variables it uses.
( nohup "$JAVA_HOME/bin/java" "$here/tools/PaymentSimulator.java" 9090 > "$out/payment-simulator.log" 2>&1 & echo $! > "$work/simulator.pid" )
for _ in $(seq 1 30); do curl -fsS http://localhost:9090/ledger >/dev/null 2>&1 && break; sleep 0.5; done
flow_settings=("${booking_settings[@]}" ENCORE_PAYMENT_PROVIDER=http ENCORE_PAYMENT_URL=http://localhost:9090)
restart booking-service "${flow_settings[@]}"
duration=${DURATION:-60}
if [ -n "$chaos" ]; then
  ( sleep $((duration / 3)); say "chaos: killing booking-service (SIGKILL)"; kill -9 "$(cat "$run/booking-service.pid")"
    sleep 5; say "chaos: starting booking-service again"; ( export "${flow_settings[@]}"; start_service booking-service )
  ) > "$out/chaos.log" 2>&1 & chaos_pid=$!
fi
jmeter booking-flow booking-flow edge threads="${THREADS:-50}" duration="$duration" "fans=$work/fans.csv" "performanceId=$booking_flow"
[ -z "$chaos" ] || { wait "$chaos_pid"; wait_ready booking-service; }
say "Waiting for PENDING bookings to be settled (the reconciler asks the provider)"
for _ in $(seq 1 60); do [ "$(booking_sql -c "SELECT count(*) FROM booking WHERE performance_id = $booking_flow AND status = 'PENDING'")" -eq 0 ] && break; sleep 1; done
for label in login hold book "my bookings"; do row booking-flow "$label" "booking flow: $label"; done
check_claims "$booking_flow" any booking-flow; check no-booking-left-pending "$booking_flow" any booking-flow
booking_sql -F ' ' -c "SELECT id, status, coalesce(payment_reference, '-') FROM booking WHERE performance_id = $booking_flow" > "$work/bookings"
ledger=$(tool ledger http://localhost:9090 "$work/bookings"); confirmed=${ledger#*confirmed=}
[ "${ledger%% *}" = violations=0 ] && [ "$confirmed" -gt 0 ] && record ok "booking-flow: $confirmed CONFIRMED bookings, each with exactly its one charge; no other charge" \
  || record FAIL "booking-flow: ledger and bookings disagree or nothing sold ($ledger)"
# while booking-service is down the edge must answer at once and plainly (503), never time out or hang
unexplained=$(awk -F, 'NR > 1 && $8 == "false" && $4 != 503 { n++ } END { print n + 0 }' "$out/booking-flow/results.csv")
[ "$unexplained" -eq 0 ] && record ok "booking-flow: every failed request was a 503" || record FAIL "booking-flow: $unexplained failed requests were not a 503"
stop_pid simulator; restart booking-service "${booking_settings[@]}"
