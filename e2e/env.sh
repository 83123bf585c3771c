#!/usr/bin/env bash
# e2e/env.sh — start/stop the real components the end-to-end tests of ecs-flow use.
#
#   e2e/env.sh start    install (apt, once) and start everything; idempotent; prints timings
#   e2e/env.sh stop     stop everything this script started (by pid files)
#   e2e/env.sh status   show what runs
#   e2e/env.sh reset    empty moto (POST /moto-api/reset), the registry storage and the bridge log
#   e2e/env.sh env      print the connection details (e2e/.state/env)
#   e2e/env.sh clean    stop, then delete the state dir and the data dir (docker images too)
#
# Everything listens on 127.0.0.1 only. See e2e/README.md.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${E2E_STATE_DIR:-$E2E_DIR/.state}"
DATA="${E2E_DATA_DIR:-/tmp/ecs-flow-e2e}"   # docker data-root, exec-root, registry storage
LOGS="$STATE/logs"

MOTO_PORT="${MOTO_PORT:-5000}"
REGISTRY_PORT="${REGISTRY_PORT:-5001}"
BRIDGE_PORT=80 # fixed: docker's insecure-registry fallback talks plain HTTP to <host>:80
ECR_API_PORT="${ECR_API_PORT:-5002}" # ecr-bridge's ECR API front (forwards to moto)
MOTO_ECS_SERVICE_RUNNING="${MOTO_ECS_SERVICE_RUNNING:-1}"
ECR_ACCOUNT=123456789012
REGION=us-east-1
ECR_HOST="$ECR_ACCOUNT.dkr.ecr.$REGION.amazonaws.com"
ECR_PASSWORD="$ECR_ACCOUNT-auth-token"
BRIDGE_AUTH="${BRIDGE_AUTH:-basic}"           # basic: docker must log in with the ECR password; none
BRIDGE_STRICT_REPOS="${BRIDGE_STRICT_REPOS:-0}" # 1: pushes to repos unknown to moto fail, as on ECR

DOCKER_SOCK="$STATE/docker.sock"
DOCKER_EXEC_ROOT="$DATA/exec"
DOCKER_DATA_ROOT="$DATA/docker"
REGISTRY_STORAGE="$DATA/registry"

T0=$(date +%s.%N)
STOPPED_PIDS=()
ts() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(ts)" 'BEGIN{printf "%.2fs", b-a}'; }
say() { printf '[e2e %6s] %s\n' "$(elapsed "$T0")" "$*"; }
die() { printf '[e2e] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- helpers
pid_of() { [ -s "$1" ] && cat "$1" 2>/dev/null || true; }
# running PID: exists and is not a zombie (orphans are reaped by PID 1, which can take a while)
running() {
  kill -0 "$1" 2>/dev/null || return 1
  local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ]
}
# alive PIDFILE PATTERN: the pid in PIDFILE runs and its cmdline contains PATTERN
alive() {
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" 2>/dev/null || true; }
# wait_for SECONDS DESCRIPTION COMMAND...
wait_for() {
  local secs=$1 what=$2; shift 2
  local end; end=$(awk -v a="$(ts)" -v s="$secs" 'BEGIN{printf "%.3f", a+s}')
  until "$@"; do
    if awk -v e="$end" -v n="$(ts)" 'BEGIN{exit !(n>e)}'; then return 1; fi
    sleep 0.1
  done
}
stop_pidfile() { # stop_pidfile NAME PIDFILE PATTERN
  local name=$1 f=$2 pat=$3 pid
  if alive "$f" "$pat"; then
    pid=$(pid_of "$f")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 300); do running "$pid" || break; sleep 0.05; done
    if running "$pid"; then
      say "$name (pid $pid) ignored SIGTERM for 15s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
    say "stopped $name (pid $pid)"
    STOPPED_PIDS+=("$pid")
  fi
  rm -f "$f"
}

find_python() {
  local p
  for p in python3 python; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import moto.server' 2>/dev/null; then
      "$p" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  return 1
}

moto_ok() { [ "$(http_code "http://127.0.0.1:$MOTO_PORT/moto-api/")" = 200 ]; }
registry_ok() { [ "$(http_code "http://127.0.0.1:$REGISTRY_PORT/v2/")" = 200 ]; }
bridge_ok() {
  [ "$(http_code "http://127.0.0.1:$BRIDGE_PORT/__ecr-bridge/health")" = 200 ] &&
    [ "$(http_code "http://127.0.0.1:$ECR_API_PORT/__ecr-bridge/health")" = 200 ]
}
docker_ok() { [ -S "$DOCKER_SOCK" ] && [ "$(curl -s -m 2 --unix-socket "$DOCKER_SOCK" http://d/_ping 2>/dev/null)" = OK ]; }

# same_config NAME SIGNATURE: true when NAME runs with SIGNATURE; records it otherwise
same_config() { [ "$(cat "$STATE/$1.config" 2>/dev/null)" = "$2" ]; }
save_config() { printf '%s' "$2" >"$STATE/$1.config"; }

# ---------------------------------------------------------------- install
install_packages() {
  local need=()
  [ -x /usr/sbin/dockerd ] || command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ -x /usr/bin/docker-registry ] || need+=(docker-registry)
  # A static busybox: the one program a FROM scratch image can run (the local-run test).
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || need+=(busybox-static)
  if [ ${#need[@]} -eq 0 ]; then say "packages present (dockerd, docker-registry, busybox)"; return 0; fi
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${need[*]}"
  local t; t=$(ts)
  # The packages' maintainer scripts must not start the system services (plain dockerd
  # would create a bridge; the packaged registry would take :5000). policy-rc.d exit 101
  # forbids that; make sure one is in place while we install.
  local made_policy=
  if [ ! -x /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
    [ -e /usr/sbin/policy-rc.d ] && cp -p /usr/sbin/policy-rc.d "$STATE/policy-rc.d.orig"
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  say "apt-get install ${need[*]} ..."
  if ! apt-get update -qq >"$LOGS/apt.log" 2>&1; then
    say "apt-get update failed (see $LOGS/apt.log), trying install anyway"
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
    >>"$LOGS/apt.log" 2>&1 || rc=$?
  if [ -n "$made_policy" ]; then
    if [ -e "$STATE/policy-rc.d.orig" ]; then mv "$STATE/policy-rc.d.orig" /usr/sbin/policy-rc.d
    else rm -f /usr/sbin/policy-rc.d; fi
  fi
  [ $rc = 0 ] || { tail -20 "$LOGS/apt.log" >&2; die "apt-get install failed"; }
  # Belt and braces: if a maintainer script started a system service anyway, stop it.
  if command -v service >/dev/null 2>&1; then
    service docker-registry stop >/dev/null 2>&1 || true
    service docker stop >/dev/null 2>&1 || true
  fi
  say "installed ${need[*]} in $(elapsed "$t")"
}

# ---------------------------------------------------------------- moto
start_moto() {
  local f="$STATE/moto.pid" t; t=$(ts)
  local sig="port=$MOTO_PORT running=$MOTO_ECS_SERVICE_RUNNING"
  if alive "$f" "moto.server" && moto_ok && same_config moto "$sig"; then say "moto already running (pid $(pid_of "$f"), :$MOTO_PORT)"; return 0; fi
  stop_pidfile moto "$f" "moto.server"
  port_open "$MOTO_PORT" && die "127.0.0.1:$MOTO_PORT is taken by a process this script did not start"
  local py; py=$(find_python) || die "no python with moto found (pip install 'moto[server]')"
  MOTO_ECS_SERVICE_RUNNING="$MOTO_ECS_SERVICE_RUNNING" \
    setsid nohup "$py" -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$LOGS/moto.log" 2>&1 </dev/null 9>&- &
  echo $! >"$f"
  wait_for 30 moto moto_ok || { tail -20 "$LOGS/moto.log" >&2; die "moto did not answer on :$MOTO_PORT"; }
  echo fresh >"$STATE/moto.fresh"
  save_config moto "$sig"
  say "moto started (pid $(pid_of "$f"), :$MOTO_PORT, MOTO_ECS_SERVICE_RUNNING=$MOTO_ECS_SERVICE_RUNNING) in $(elapsed "$t")"
}

# ---------------------------------------------------------------- registry
write_registry_config() {
  cat >"$STATE/registry.yml" <<EOF
# generated by e2e/env.sh — Debian's docker-registry (distribution $(/usr/bin/docker-registry --version 2>/dev/null | awk '{print $3}'))
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $REGISTRY_STORAGE
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
  # no blobdescriptor cache: the storage can be wiped under a running registry (env.sh reset)
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  relativeurls: true
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: false
EOF
}

start_registry() {
  local f="$STATE/registry.pid" t; t=$(ts)
  # moto keeps its images in memory: when moto was (re)started, empty the registry too so
  # both sides agree (safe while it runs: no blob descriptor cache is configured).
  if [ -e "$STATE/moto.fresh" ] && [ -d "$REGISTRY_STORAGE" ]; then rm -rf "${REGISTRY_STORAGE:?}"/*; fi
  if alive "$f" "docker-registry" && registry_ok; then say "registry already running (pid $(pid_of "$f"), :$REGISTRY_PORT)"; return 0; fi
  stop_pidfile registry "$f" "docker-registry"
  port_open "$REGISTRY_PORT" && die "127.0.0.1:$REGISTRY_PORT is taken by a process this script did not start"
  mkdir -p "$REGISTRY_STORAGE"
  write_registry_config
  setsid nohup /usr/bin/docker-registry serve "$STATE/registry.yml" >"$LOGS/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$f"
  wait_for 20 registry registry_ok || { tail -20 "$LOGS/registry.log" >&2; die "registry did not answer on :$REGISTRY_PORT"; }
  say "registry started (pid $(pid_of "$f"), 127.0.0.1:$REGISTRY_PORT, storage $REGISTRY_STORAGE) in $(elapsed "$t")"
}

# ---------------------------------------------------------------- ecr bridge
start_bridge() {
  local f="$STATE/bridge.pid" t; t=$(ts)
  local sig="ports=$BRIDGE_PORT,$ECR_API_PORT registry=$REGISTRY_PORT moto=$MOTO_PORT auth=$BRIDGE_AUTH strict=$BRIDGE_STRICT_REPOS"
  if alive "$f" "ecr-bridge.js" && bridge_ok && same_config bridge "$sig"; then say "ecr-bridge already running (pid $(pid_of "$f"), :$BRIDGE_PORT, :$ECR_API_PORT)"; return 0; fi
  stop_pidfile ecr-bridge "$f" "ecr-bridge.js"
  port_open "$BRIDGE_PORT" && die "127.0.0.1:$BRIDGE_PORT is taken by a process this script did not start"
  port_open "$ECR_API_PORT" && die "127.0.0.1:$ECR_API_PORT is taken by a process this script did not start"
  BRIDGE_HOST=127.0.0.1 BRIDGE_PORT="$BRIDGE_PORT" ECR_API_PORT="$ECR_API_PORT" REGISTRY_HOST=127.0.0.1 REGISTRY_PORT="$REGISTRY_PORT" \
    MOTO_URL="http://127.0.0.1:$MOTO_PORT" AWS_REGION="$REGION" AWS_ACCESS_KEY_ID=testing \
    BRIDGE_AUTH="$BRIDGE_AUTH" BRIDGE_STRICT_REPOS="$BRIDGE_STRICT_REPOS" BRIDGE_USER=AWS BRIDGE_PASSWORD="$ECR_PASSWORD" \
    setsid nohup node "$E2E_DIR/ecr-bridge.js" >"$LOGS/bridge.log" 2>&1 </dev/null 9>&- &
  echo $! >"$f"
  wait_for 10 bridge bridge_ok || { tail -20 "$LOGS/bridge.log" >&2; die "ecr-bridge did not answer on :$BRIDGE_PORT"; }
  save_config bridge "$sig"
  say "ecr-bridge started (pid $(pid_of "$f"), registry side 127.0.0.1:$BRIDGE_PORT auth=$BRIDGE_AUTH strict=$BRIDGE_STRICT_REPOS, ECR API front 127.0.0.1:$ECR_API_PORT) in $(elapsed "$t")"
}

# ---------------------------------------------------------------- dockerd
start_dockerd() {
  local f="$STATE/dockerd.pid" t; t=$(ts)
  if alive "$f" "dockerd" && docker_ok; then say "dockerd already running (pid $(pid_of "$f"), $DOCKER_SOCK)"; return 0; fi
  stop_dockerd
  local dockerd; dockerd=$(command -v dockerd || echo /usr/sbin/dockerd)
  mkdir -p "$DOCKER_DATA_ROOT" "$DOCKER_EXEC_ROOT"
  # dockerd alone sees this /etc/hosts (private mount namespace): the ECR host is loopback.
  { grep -v -F "$ECR_HOST" /etc/hosts || true; echo "127.0.0.1 $ECR_HOST"; } >"$STATE/hosts"
  echo '{}' >"$STATE/daemon.json" # keep any system /etc/docker/daemon.json out of it
  rm -f "$DOCKER_SOCK"
  setsid nohup unshare -m --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$STATE/hosts" \
    "$dockerd" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    --config-file "$STATE/daemon.json" \
    --data-root "$DOCKER_DATA_ROOT" \
    --exec-root "$DOCKER_EXEC_ROOT" \
    --host "unix://$DOCKER_SOCK" \
    --pidfile "$STATE/dockerd.daemon.pid" \
    --insecure-registry "$ECR_HOST" \
    >"$LOGS/dockerd.log" 2>&1 </dev/null 9>&- &
  echo $! >"$f" # unshare execs sh, sh execs dockerd: same pid
  wait_for 60 dockerd docker_ok || { tail -30 "$LOGS/dockerd.log" >&2; die "dockerd did not answer on $DOCKER_SOCK"; }
  say "dockerd started (pid $(pid_of "$f"), $DOCKER_SOCK, driver $(docker_api /info | sed -n 's/.*"Driver":"\([^"]*\)".*/\1/p')) in $(elapsed "$t")"
  rm -f "$STATE/buildkit"
}
docker_api() { curl -s -m 5 --unix-socket "$DOCKER_SOCK" "http://d$1"; }

stop_dockerd() {
  stop_pidfile dockerd "$STATE/dockerd.pid" "dockerd"
  rm -f "$STATE/dockerd.daemon.pid"
  # dockerd normally takes its managed containerd with it; if not, stop that too.
  local cf="$DOCKER_EXEC_ROOT/containerd/containerd.pid"
  if [ -s "$cf" ]; then stop_pidfile containerd "$cf" "containerd"; fi
  rm -f "$DOCKER_SOCK"
}

# Does `docker build` of a FROM scratch image work as is, or only with DOCKER_BUILDKIT=0?
probe_builder() {
  [ -s "$STATE/buildkit" ] && return 0
  local t ctx; t=$(ts); ctx=$(mktemp -d)
  printf 'FROM scratch\nCOPY probe.txt /probe.txt\nLABEL org.opencontainers.image.title=e2e-probe\n' >"$ctx/Dockerfile"
  echo probe >"$ctx/probe.txt"
  local mode=
  if DOCKER_HOST="unix://$DOCKER_SOCK" DOCKER_CONFIG="$STATE/docker-config" \
    docker build -q -t ecs-flow-e2e-probe:latest "$ctx" >"$LOGS/builder-probe.log" 2>&1; then
    mode=default
  elif DOCKER_BUILDKIT=0 DOCKER_HOST="unix://$DOCKER_SOCK" DOCKER_CONFIG="$STATE/docker-config" \
    docker build -q -t ecs-flow-e2e-probe:latest "$ctx" >>"$LOGS/builder-probe.log" 2>&1; then
    mode=legacy-needs-DOCKER_BUILDKIT=0
  else
    rm -rf "$ctx"; cat "$LOGS/builder-probe.log" >&2; die "docker build of a FROM scratch image fails"
  fi
  rm -rf "$ctx"
  echo "$mode" >"$STATE/buildkit"
  say "docker build FROM scratch works ($mode) — probed in $(elapsed "$t")"
}

# ---------------------------------------------------------------- env files
write_env() {
  local buildkit_line=
  if [ "$(cat "$STATE/buildkit" 2>/dev/null)" = legacy-needs-DOCKER_BUILDKIT=0 ]; then buildkit_line="DOCKER_BUILDKIT=0"; fi
  mkdir -p "$STATE/docker-config"
  {
    echo "# written by e2e/env.sh start — load with: set -a; . e2e/.state/env; set +a"
    echo "AWS_REGION=$REGION"
    echo "AWS_DEFAULT_REGION=$REGION"
    echo "AWS_ACCESS_KEY_ID=testing"
    echo "AWS_SECRET_ACCESS_KEY=testing"
    echo "AWS_ENDPOINT_URL_ECR=http://127.0.0.1:$ECR_API_PORT"
    echo "AWS_ENDPOINT_URL_ECS=http://127.0.0.1:$MOTO_PORT"
    echo "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=http://127.0.0.1:$MOTO_PORT"
    echo "DOCKER_HOST=unix://$DOCKER_SOCK"
    echo "DOCKER_CONFIG=$STATE/docker-config"
    [ -n "$buildkit_line" ] && echo "$buildkit_line"
    echo "E2E_ECR_ACCOUNT=$ECR_ACCOUNT"
    echo "E2E_ECR_REGISTRY=$ECR_HOST"
    echo "E2E_ECR_USERNAME=AWS"
    echo "E2E_ECR_PASSWORD=$ECR_PASSWORD"
    echo "E2E_MOTO_URL=http://127.0.0.1:$MOTO_PORT"
    echo "E2E_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT"
    echo "E2E_BRIDGE_URL=http://127.0.0.1:$BRIDGE_PORT"
    echo "E2E_ECR_API_URL=http://127.0.0.1:$ECR_API_PORT"
    echo "E2E_BRIDGE_AUTH=$BRIDGE_AUTH"
    echo "E2E_BRIDGE_STRICT_REPOS=$BRIDGE_STRICT_REPOS"
    echo "E2E_DOCKER_BUILDER=$(cat "$STATE/buildkit" 2>/dev/null || echo unknown)"
    echo "E2E_MOTO_ECS_SERVICE_RUNNING=$MOTO_ECS_SERVICE_RUNNING"
    echo "E2E_STATE_DIR=$STATE"
    echo "E2E_DATA_DIR=$DATA"
  } >"$STATE/env.tmp"
  mv "$STATE/env.tmp" "$STATE/env"
  node -e '
    const fs = require("fs");
    const o = {};
    for (const l of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(l);
      if (m) o[m[1]] = m[2];
    }
    fs.writeFileSync(process.argv[2], JSON.stringify(o, null, 2) + "\n");
  ' "$STATE/env" "$STATE/env.json.tmp"
  mv "$STATE/env.json.tmp" "$STATE/env.json"
}

# ---------------------------------------------------------------- commands
cmd_start() {
  mkdir -p "$STATE" "$LOGS" "$DATA"
  rm -f "$STATE/moto.fresh"
  say "start: state $STATE, data $DATA"
  install_packages
  start_moto
  start_registry
  start_bridge
  start_dockerd
  probe_builder
  rm -f "$STATE/moto.fresh"
  write_env
  say "ready in $(elapsed "$T0") — connection details in $STATE/env (+ env.json)"
}

cmd_stop() {
  say "stop"
  stop_pidfile ecr-bridge "$STATE/bridge.pid" "ecr-bridge.js"
  stop_dockerd
  stop_pidfile registry "$STATE/registry.pid" "docker-registry"
  stop_pidfile moto "$STATE/moto.pid" "moto.server"
  rm -f "$STATE/env" "$STATE/env.json" "$STATE/buildkit"
  # The daemons were orphans; PID 1 reaps them a moment after they exit. Wait for that so
  # that no <defunct> entry is left in the process table when stop returns.
  local p
  for _ in $(seq 60); do
    local left=0
    for p in "${STOPPED_PIDS[@]}"; do [ -e "/proc/$p" ] && left=1; done
    [ $left = 0 ] && break
    sleep 0.05
  done
  say "stopped in $(elapsed "$T0")"
}

cmd_status() {
  local rc=0
  row() { # name pidfile pattern healthfn where
    if alive "$2" "$3"; then
      if "$4"; then printf '%-11s running  pid %-7s %s\n' "$1" "$(pid_of "$2")" "$5"
      else printf '%-11s UNHEALTHY pid %-7s %s\n' "$1" "$(pid_of "$2")" "$5"; rc=1; fi
    else printf '%-11s stopped\n' "$1"; rc=1; fi
  }
  row moto "$STATE/moto.pid" moto.server moto_ok "http://127.0.0.1:$MOTO_PORT"
  row registry "$STATE/registry.pid" docker-registry registry_ok "http://127.0.0.1:$REGISTRY_PORT"
  row ecr-bridge "$STATE/bridge.pid" ecr-bridge.js bridge_ok "http://127.0.0.1:$BRIDGE_PORT ($ECR_HOST), ECR API front http://127.0.0.1:$ECR_API_PORT"
  row dockerd "$STATE/dockerd.pid" dockerd docker_ok "unix://$DOCKER_SOCK"
  [ -s "$STATE/env" ] && echo "env: $STATE/env" || echo "env: (none)"
  return $rc
}

cmd_reset() {
  moto_ok && curl -s -o /dev/null -X POST "http://127.0.0.1:$MOTO_PORT/moto-api/reset" && say "moto reset"
  if [ -d "$REGISTRY_STORAGE" ]; then
    rm -rf "${REGISTRY_STORAGE:?}"/* && say "registry storage emptied"
  fi
  bridge_ok && curl -s -o /dev/null -X POST "http://127.0.0.1:$BRIDGE_PORT/__ecr-bridge/reset" && say "bridge events cleared"
  return 0
}

# One env.sh at a time (parallel test workers may all call start).
lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/lock"
  if command -v flock >/dev/null 2>&1; then flock -w 300 9 || die "could not lock $STATE/lock"; fi
}

case "${1:-}" in
  start | stop | reset | restart | clean) lock ;;
esac
case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  env) cat "$STATE/env" ;;
  restart) cmd_stop; T0=$(ts); cmd_start ;;
  clean)
    cmd_stop
    rm -rf "${DATA:?}"
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name lock -exec rm -rf {} +
    say "removed $DATA and the contents of $STATE"
    ;;
  *) echo "usage: $0 start|stop|status|reset|env|restart|clean" >&2; exit 2 ;;
esac
