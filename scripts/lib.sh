# Shared by scripts/up, scripts/down, scripts/test and scripts/dev. Source it; do not run it.
# shellcheck shell=bash

ENCORE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENCORE_STATE="$ENCORE_ROOT/.encore"
ENCORE_PG_PORT=${ENCORE_PG_PORT:-15432}
ENCORE_REDIS_PORT=${ENCORE_REDIS_PORT:-16379}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

java_major() { # prints the major version of the java binary given
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# Exports JAVA_HOME for a JDK of version 21 or newer: JAVA_HOME if it qualifies, then /usr/lib/jvm, then PATH.
pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  if is_debian; then
    local pkg
    for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
      if apt_has "$pkg"; then
        say "Installing $pkg"
        as_root apt-get install -y -qq "$pkg" >/dev/null && { unset JAVA_HOME; pick_jdk; return; }
      fi
    done
  fi
  die "no JDK 21 or newer found: install one (Temurin 21+, or openjdk-21-jdk) and set JAVA_HOME"
}

is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

APT_UPDATED=
apt_has() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  # not grep -q: it would stop reading early, and apt-cache's SIGPIPE would fail the pipe under pipefail
  apt-cache policy "$1" 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return; fi
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v pg_ctl)")"
}

# PostgreSQL (15 or newer) and Redis server binaries; installed with apt when missing on Debian.
ensure_servers() {
  local missing=()
  [ -n "$(pg_bindir)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_debian; then
    die "missing: ${missing[*]}. Install PostgreSQL 15+ server binaries (initdb, pg_ctl, postgres) and Redis 7 (redis-server, redis-cli) with your package manager, then run this again."
  fi
  say "Installing ${missing[*]} (apt)"
  as_root apt-get update -qq >/dev/null
  APT_UPDATED=1
  # Debian's packages start their own system services; encore runs its own on other ports and leaves those alone
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -n "$(pg_bindir)" ] && command -v redis-server >/dev/null 2>&1 || die "installing ${missing[*]} did not provide the binaries"
}

# kubectl (its kustomize renders k8s/) and promtool (checks and unit-tests the alert rules) for module k8s's tests.
# promtool comes out of Debian's prometheus package, unpacked under .encore/tools: nothing is installed or started.
ensure_check_tools() {
  if ! command -v kubectl >/dev/null 2>&1; then
    if is_debian && apt_has kubectl; then
      say "Installing kubectl (apt)"
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq kubectl >/dev/null
    fi
    command -v kubectl >/dev/null 2>&1 || die "kubectl is missing: install it (k8s/ is rendered with its kustomize)"
  fi
  if command -v promtool >/dev/null 2>&1; then
    ENCORE_PROMTOOL=$(command -v promtool)
  else
    local dir="$ENCORE_STATE/tools/prometheus"
    if [ ! -x "$dir/usr/bin/promtool" ]; then
      { is_debian && apt_has prometheus; } || die "promtool is missing: install Prometheus's promtool and put it on PATH"
      say "Unpacking promtool from Debian's prometheus package into .encore/tools"
      mkdir -p "$dir"
      (cd "$dir" && apt-get download -qq prometheus >/dev/null 2>&1 && dpkg-deb -x prometheus_*.deb . && rm -f prometheus_*.deb) \
        || die "could not fetch Debian's prometheus package for promtool"
    fi
    ENCORE_PROMTOOL="$dir/usr/bin/promtool"
  fi
  export ENCORE_PROMTOOL
}

# The local cluster lives in .encore/pg, unless the postgres user cannot reach the checkout (say, under /root).
pg_data_dir() {
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$ENCORE_STATE" 2>/dev/null; then
    echo "$ENCORE_STATE/pg"
  else
    echo "/var/tmp/encore-$(echo "$ENCORE_ROOT" | md5sum | cut -c1-8)/pg"
  fi
}

# initdb and postgres refuse to run as root: run them as the postgres user then.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ENCORE_SERVICES=(user-service:8081 catalog-service:8082 booking-service:8083 closing-job:8084 edge-proxy:8080)
ENCORE_DATABASES=(encore_user encore_catalog encore_booking)

# The environment scripts/up gives every service: dev profile, local secrets, Redis, JWKS, each database.
load_stack_env() {
  set -a; . "$ENCORE_STATE/local.env"; set +a
  export QUARKUS_PROFILE=dev
  # this machine only, as in Quarkus dev mode: /internal routes and /q/metrics must not face the network
  export QUARKUS_HTTP_HOST=${ENCORE_HTTP_HOST:-localhost}
  export ENCORE_REDIS_URL="redis://127.0.0.1:$ENCORE_REDIS_PORT"
  export ENCORE_JWT_KEY_DIR="$ENCORE_STATE/keys"
  export ENCORE_JWKS_URL="http://localhost:8081/.well-known/jwks.json"
  local db
  for db in "${ENCORE_DATABASES[@]}"; do
    export "$(echo "$db" | tr a-z A-Z)_DB_URL=jdbc:postgresql://127.0.0.1:$ENCORE_PG_PORT/$db"
  done
}

port_of() {
  local entry
  for entry in "${ENCORE_SERVICES[@]}"; do
    if [ "${entry%%:*}" = "$1" ]; then echo "${entry##*:}"; return 0; fi
  done
  die "unknown service $1"
}

# Starts one packaged service in the background with the stack's environment (plus the caller's exports).
start_service() {
  local module=$1
  ( load_stack_env
    cd "$ENCORE_ROOT"
    echo "--- started $(date -u +%FT%TZ)" >> "$ENCORE_STATE/logs/$module.log"
    # appended, not overwritten: a restart during a benchmark must not erase what happened before it
    nohup "$JAVA_HOME/bin/java" -jar "$module/target/quarkus-app/quarkus-run.jar" >> "$ENCORE_STATE/logs/$module.log" 2>&1 &
    echo $! > "$ENCORE_STATE/run/$module.pid" )
}

stop_service() {
  local file="$ENCORE_STATE/run/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

wait_ready() {
  local module=$1 port i
  port=$(port_of "$module")
  for i in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    if ! kill -0 "$(cat "$ENCORE_STATE/run/$module.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
      tail -n 30 "$ENCORE_STATE/logs/$module.log" >&2
      die "$module exited during start-up; its log: .encore/logs/$module.log"
    fi
    sleep 1
  done
  die "$module not ready after 120 s; its log: .encore/logs/$module.log"
}
