# Shared by perf/run and perf/replicas, after scripts/lib.sh; uses their $here (perf/) and $out (the results folder).
# shellcheck shell=bash

verdict=PASS
# ok or FAIL, then what was checked; a FAIL fails the run
record() { printf '%s\n' "$2" | sed "s/^/  $1: /" | tee -a "$out/checks.txt"; [ "$1" = ok ] || verdict=FAIL; }
tool() { "$JAVA_HOME/bin/java" "$here/tools/PerfTool.java" "$@"; }
booking_sql() { PGPASSWORD=$ENCORE_BOOKING_DB_PASSWORD "$(pg_bindir)/psql" -h 127.0.0.1 -p "$ENCORE_PG_PORT" -U encore_booking -d encore_booking -qAt "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
check() { # check name (perf/checks/<name>.sql), performance, expected count or any, label
  local answer; answer=$(booking_sql -v performance="$2" -v expected="$3" -f "$here/checks/$1.sql")
  [ "${answer%%|*}" = t ] && record ok "$4: ${answer#*|}" || record FAIL "$4: ${answer#*|}"
}
check_claims() { # performance, expected live claims or any, label
  for name in no-seat-in-two-live-holds one-live-claim-per-seat sold-seats-belong-to-confirmed-bookings confirmed-bookings-own-their-seats; do
    check "$name" "$1" "$2" "$3"
  done
}
