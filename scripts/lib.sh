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

# kubectl (its kustomize renders k8s/), promtool (checks and unit-tests the alert rules) and action-validator (checks
# the GitHub workflow) for module k8s's tests. promtool comes out of Debian's prometheus package, unpacked under
# .encore/tools: nothing is installed or started.
ensure_check_tools() {
  if ! command -v kubectl >/dev/null 2>&1; then
    if is_debian && apt_has kubectl; then
      say "Installing kubectl (apt)"
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq kubectl >/dev/null
    fi
    command -v kubectl >/dev/null 2>&1 \
      || die "kubectl is missing (Debian 12 has no package): install it from https://dl.k8s.io (k8s/ is rendered with its kustomize)"
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
  # action-validator checks .github/workflows against GitHub's workflow schema (npm, into .encore/tools/npm)
  local npm_dir="$ENCORE_STATE/tools/npm"
  if [ ! -x "$npm_dir/node_modules/.bin/action-validator" ]; then
    command -v npm >/dev/null 2>&1 || { is_debian && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq npm >/dev/null; } \
      || die "npm is missing: install Node.js and npm (the workflow check uses @action-validator/cli)"
    say "Installing @action-validator/cli into .encore/tools/npm"
    mkdir -p "$npm_dir"
    (cd "$npm_dir" && npm install --silent --no-audit --no-fund @action-validator/cli@0.6.0 >/dev/null) \
      || die "could not install @action-validator/cli from the npm registry"
  fi
  export ENCORE_ACTION_VALIDATOR="$npm_dir/node_modules/.bin/action-validator"
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
  export ENCORE_TICKET_KEY_DIR="$ENCORE_STATE/ticket-keys"
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
    # a readiness check that hangs (a Redis that takes connections and never answers) costs one try, not the wait
    curl -fsS --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    if ! kill -0 "$(cat "$ENCORE_STATE/run/$module.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
      tail -n 30 "$ENCORE_STATE/logs/$module.log" >&2
      die "$module exited during start-up; its log: .encore/logs/$module.log"
    fi
    sleep 1
  done
  die "$module not ready after 120 s; its log: .encore/logs/$module.log"
}

# ---- container images (scripts/images, scripts/test) -------------------------------------------------------------
# Offline, images are built on a JRE 21 base made here from Debian packages and pushed to a registry of this machine;
# with ENCORE_IMAGE_REGISTRY they are built on the production base (quarkus.jib.base-jvm-image) and pushed there.
ENCORE_IMAGES="$ENCORE_STATE/images"
ENCORE_LOCAL_REGISTRY_PORT=${ENCORE_LOCAL_REGISTRY_PORT:-15000}
ENCORE_BASE_SUITE=${ENCORE_BASE_SUITE:-trixie}
ENCORE_BASE_PACKAGES=openjdk-21-jre-headless,ca-certificates-java
ENCORE_DEBIAN_MIRROR=${ENCORE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ENCORE_IMAGE_MODULES=(user-service catalog-service booking-service closing-job edge-proxy)

# debootstrap makes the base's root filesystem, umoci turns it into an OCI image, skopeo copies images between a
# registry and files, docker-registry is the local registry (Debian's packaging of the CNCF distribution registry).
ensure_image_tools() {
  local missing=() tool
  for tool in debootstrap umoci skopeo docker-registry; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  is_debian || die "missing: ${missing[*]}. Install them, or set ENCORE_IMAGE_REGISTRY to build on the production base and push"
  say "Installing ${missing[*]} (apt)"
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The local JVM base, an OCI layout under .encore/images/base: Debian $ENCORE_BASE_SUITE with OpenJDK 21's headless
# JRE, without apt's caches, documentation or device nodes (a container runtime mounts /dev). Made once; delete the
# folder to pick up Debian's security updates.
ensure_base_image() {
  local arch base="$ENCORE_IMAGES/base"
  arch=$(dpkg --print-architecture)
  local stamp="$ENCORE_BASE_SUITE $ENCORE_BASE_PACKAGES $arch"
  [ -f "$base/stamp" ] && [ "$(cat "$base/stamp")" = "$stamp" ] && return 0
  say "Making the JVM base image (Debian $ENCORE_BASE_SUITE, $ENCORE_BASE_PACKAGES, $arch) in .encore/images/base"
  as_root rm -rf "$base"
  mkdir -p "$base"
  local rootfs="$base/rootfs"
  as_root debootstrap --variant=minbase --include="$ENCORE_BASE_PACKAGES" "$ENCORE_BASE_SUITE" "$rootfs" \
    "$ENCORE_DEBIAN_MIRROR" > "$base/debootstrap.log" 2>&1 || die "debootstrap failed: see $base/debootstrap.log"
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc \
    "$rootfs"/usr/share/man "$rootfs"/usr/share/locale "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/dev/*
  # as root: the tree holds files only root may read (/etc/shadow)
  as_root umoci init --layout "$base/oci"
  as_root umoci new --image "$base/oci:jre21"
  as_root umoci insert --image "$base/oci:jre21" "$rootfs" /
  as_root umoci config --image "$base/oci:jre21" --os linux --architecture "$arch" \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.env "JAVA_HOME=/usr/lib/jvm/java-21-openjdk-$arch" --config.env "LANG=C.UTF-8"
  as_root umoci gc --layout "$base/oci"
  as_root rm -rf "$rootfs"
  as_root chown -R "$(id -u):$(id -g)" "$base"
  echo "$stamp" > "$base/stamp"
}

# Starts this checkout's local registry on 127.0.0.1:$ENCORE_LOCAL_REGISTRY_PORT (storage in .encore/images/registry)
# unless it runs already, and puts the base image in it as encore/jre21:local. Sets LOCAL_REGISTRY to its address,
# and LOCAL_REGISTRY_STARTED=1 if it was started here. A port held by anything else (another checkout's registry
# too) stops it.
start_local_registry() {
  local port=$ENCORE_LOCAL_REGISTRY_PORT dir="$ENCORE_IMAGES/registry"
  LOCAL_REGISTRY="127.0.0.1:$port"
  LOCAL_REGISTRY_STARTED=
  mkdir -p "$dir/storage"
  if ! local_registry_pid "$port" >/dev/null; then
    if curl -s -o /dev/null "http://$LOCAL_REGISTRY/" 2>/dev/null; then
      die "something else listens on $LOCAL_REGISTRY: set ENCORE_LOCAL_REGISTRY_PORT to a free port"
    fi
    cat > "$dir/config-$port.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $dir/storage }, delete: { enabled: true } }
http: { addr: $LOCAL_REGISTRY }
YAML
    nohup docker-registry serve "$dir/config-$port.yml" > "$dir/registry-$port.log" 2>&1 &
    local pid=$!
    echo "$pid" > "$dir/pid-$port"
    LOCAL_REGISTRY_STARTED=1
    local tries=0
    until curl -fsS "http://$LOCAL_REGISTRY/v2/" >/dev/null 2>&1; do
      tries=$((tries + 1))
      if ! kill -0 "$pid" 2>/dev/null || [ $tries -ge 50 ]; then
        rm -f "$dir/pid-$port"
        die "the local registry did not start on $LOCAL_REGISTRY: $(tail -n 1 "$dir/registry-$port.log")"
      fi
      sleep 0.2
    done
  fi
  skopeo copy -q --dest-tls-verify=false "oci:$ENCORE_IMAGES/base/oci:jre21" "docker://$LOCAL_REGISTRY/encore/jre21:local"
}

# Prints the PID of this checkout's registry on port $1 if it runs: the recorded process, and only if it still is
# docker-registry serving this checkout's configuration (a PID can be reused after a reboot).
local_registry_pid() {
  local dir="$ENCORE_IMAGES/registry" pid
  [ -f "$dir/pid-$1" ] || return 1
  pid=$(cat "$dir/pid-$1")
  if { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -F "docker-registry serve $dir/config-$1.yml" >/dev/null; then
    echo "$pid"
  else
    rm -f "$dir/pid-$1"
    return 1
  fi
}

# Stops every registry this checkout started, whatever port it was given.
stop_local_registry() {
  local pidfile pid
  for pidfile in "$ENCORE_IMAGES"/registry/pid-*; do
    [ -f "$pidfile" ] || continue
    if pid=$(local_registry_pid "${pidfile##*/pid-}"); then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

project_version() { sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ENCORE_ROOT/pom.xml"; }

# Maven arguments that make Quarkus build every service's image and push it to registry $1; with a second argument,
# on that base and over plain HTTP (the local registry).
image_build_args() {
  # @QuarkusIntegrationTest would test a built image in a container runtime: none runs here, so the *IT tests keep
  # testing the packaged jar (k8s's ImagesIT starts the images)
  IMAGE_ARGS=(-Dquarkus.container-image.build=true -Dquarkus.container-image.push=true
    "-Dquarkus.container-image.registry=$1" -Dquarkus.test.integration-test-artifact-type=jar)
  if [ -n "${2:-}" ]; then
    IMAGE_ARGS+=(-Dquarkus.container-image.insecure=true "-Dquarkus.jib.base-jvm-image=$2")
  fi
  if [ -n "${ENCORE_IMAGE_TAG:-}" ]; then
    # the OCI distribution spec's tag grammar
    [[ "$ENCORE_IMAGE_TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] \
      || die "ENCORE_IMAGE_TAG '$ENCORE_IMAGE_TAG' is not a valid image tag (letters, digits, _ . -; at most 128)"
    IMAGE_ARGS+=("-Dquarkus.container-image.tag=$ENCORE_IMAGE_TAG")
  fi
}
