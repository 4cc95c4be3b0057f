#!/usr/bin/env bash
# Local dev servers without Docker: Temporal CLI dev server (SQLite file) and FerretDB (MongoDB
# wire protocol on SQLite). Both run detached, so they outlive this script; pid files and logs
# live in the data dir, so several instances (dev, test) can run side by side on other ports.
#
# usage: scripts/servers.sh start|stop|restart|status
# env:   ETOM_DATA_DIR (./.data/dev)  TEMPORAL_PORT (7233)  TEMPORAL_UI_PORT (8233)
#        TEMPORAL_NAMESPACE (default)  FERRETDB_PORT (27017)
#        FERRETDB_DEBUG_PORT (FERRETDB_PORT+1; FerretDB's own default 8088 clashes too often)
#        SERVERS_START_TIMEOUT (120 s)  ETOM_TOOLS_DIR (see scripts/lib/tools.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"

ETOM_DATA_DIR="${ETOM_DATA_DIR:-$ROOT/.data/dev}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-$((FERRETDB_PORT + 1))}"
SERVERS_START_TIMEOUT="${SERVERS_START_TIMEOUT:-120}"
STOP_TIMEOUT=15

# Custom search attributes the workflows and the task inbox query on. Keep in sync with
# docker-compose.yml (service temporal-init) and the TypeScript definitions.
SEARCH_ATTRIBUTES=(
  ProcessType=Keyword BusinessKey=Keyword ProcessStage=Keyword ProcessOwner=Keyword
  TaskState=Keyword TaskType=Keyword TaskAssignee=Keyword TaskCandidateGroups=KeywordList
  TaskDueAt=Datetime TaskPriority=Int TaskProcessId=Keyword
)

# Absolute path without creating anything (stop/status must not create dirs); the pid
# liveness check matches it against the server's command line.
case "$ETOM_DATA_DIR" in
  /*) DATA="$ETOM_DATA_DIR" ;;
  *) DATA="$PWD/${ETOM_DATA_DIR#./}" ;;
esac
DATA="${DATA%/}"

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# Alive and not a zombie (a server that died while this script, its parent, still runs
# stays a zombie until we exit; kill -0 alone would call it alive).
is_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -r "/proc/$1/stat" ]]; then
    local stat
    stat="$(<"/proc/$1/stat")" || return 1
    stat="${stat##*) }"
    [[ "${stat%% *}" != Z ]] || return 1
  fi
}

# Prints the pid of server $1 if its pid file names a live process started from this data
# dir (the command line check guards against pid reuse after a reboot).
pid_of() {
  local f="$DATA/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(<"$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  is_alive "$pid" || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DATA/" || return 1
  fi
  echo "$pid"
}

tcp_open() { timeout 2 bash -c ": </dev/tcp/127.0.0.1/$1" 2>/dev/null; }

require_port_free() { # port, what
  if tcp_open "$1"; then
    log "error: port $1 ($2) is already in use by another process (not a server from $DATA):"
    if command -v ss >/dev/null 2>&1; then ss -ltnp "sport = :$1" >&2 || true; fi
    log "       stop it or choose other ports (TEMPORAL_PORT, TEMPORAL_UI_PORT, FERRETDB_PORT, FERRETDB_DEBUG_PORT)."
    exit 1
  fi
}

# Starts "$@" detached as server $name. setsid puts it in its own session so a Ctrl-C in
# the terminal does not hit it directly: start.sh stops api/worker first, then the servers.
# (This script has no job control, so the child is no group leader and setsid does not fork:
# $! is the server's own pid.)
launch() {
  local name="$1"
  shift
  [[ -f "$DATA/$name.log" ]] && mv -f "$DATA/$name.log" "$DATA/$name.log.prev"
  printf '=== %s %s\n' "$(date '+%F %T')" "$*" >"$DATA/$name.log"
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" </dev/null >>"$DATA/$name.log" 2>&1 &
  else
    nohup "$@" </dev/null >>"$DATA/$name.log" 2>&1 &
  fi
  echo "$!" >"$DATA/$name.pid"
}

fail_start() { # name, message: show the log, kill what we launched, exit
  local name="$1" pid
  log "error: $name: $2. Last lines of $DATA/$name.log:"
  tail -n 30 "$DATA/$name.log" >&2 || true
  if pid="$(pid_of "$name")"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$DATA/$name.pid"
  exit 1
}

# The Temporal CLI as a client of our server only: explicit address, and no user config
# profile (which could add TLS or an API key for some other cluster).
TCLI_EXTRA=()
tcli() {
  timeout 10 "$TEMPORAL_BIN" "$@" "${TCLI_EXTRA[@]}" \
    --address "127.0.0.1:$TEMPORAL_PORT" --namespace "$TEMPORAL_NAMESPACE"
}

launch_temporal() {
  local args=(server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT"
    --db-filename "$DATA/temporal.db" --log-level warn)
  # "default" always exists; naming it again is redundant.
  [[ "$TEMPORAL_NAMESPACE" == default ]] || args+=(--namespace "$TEMPORAL_NAMESPACE")
  local sa
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$sa"); done
  launch temporal "$TEMPORAL_BIN" "${args[@]}"
}

launch_ferretdb() {
  mkdir -p "$DATA/ferretdb"
  # Explicit state dir and debug addr: FerretDB's defaults write to the working dir and
  # take port 8088. Telemetry off: no internet here, and no phoning home from dev machines.
  launch ferretdb "$FERRETDB_BIN" --handler=sqlite "--sqlite-url=file:$DATA/ferretdb/" \
    "--state-dir=$DATA/ferretdb" "--listen-addr=127.0.0.1:$FERRETDB_PORT" \
    "--debug-addr=127.0.0.1:$FERRETDB_DEBUG_PORT" --telemetry=disable --log-level=warn
}

# Ready = health SERVING, our namespace visible, and every search attribute registered.
# A data dir created by an older version of this script may lack newer attributes (start-dev
# only registers them when it creates the namespace), so missing ones are created here.
wait_temporal() {
  local t0="$1" deadline=$((SECONDS + SERVERS_START_TIMEOUT)) pid list sa missing
  pid="$(<"$DATA/temporal.pid")"
  until tcli operator cluster health >/dev/null 2>&1 &&
    tcli operator namespace describe >/dev/null 2>&1; do
    is_alive "$pid" || fail_start temporal "exited during startup"
    ((SECONDS < deadline)) || fail_start temporal "not ready after ${SERVERS_START_TIMEOUT} s"
    sleep 0.3
  done
  while :; do
    list="$(tcli operator search-attribute list 2>&1)" || list=""
    missing=()
    for sa in "${SEARCH_ATTRIBUTES[@]}"; do
      grep -qw -- "${sa%%=*}" <<<"$list" || missing+=("$sa")
    done
    ((${#missing[@]} == 0)) && break
    ((SECONDS < deadline)) || fail_start temporal "search attributes missing: ${missing[*]}"
    for sa in "${missing[@]}"; do
      tcli operator search-attribute create --name "${sa%%=*}" --type "${sa#*=}" >/dev/null 2>&1 || true
    done
    sleep 0.5
  done
  log "temporal: ready on 127.0.0.1:$TEMPORAL_PORT (UI http://127.0.0.1:$TEMPORAL_UI_PORT, namespace $TEMPORAL_NAMESPACE, ${#SEARCH_ATTRIBUTES[@]} search attributes) after $(elapsed "$t0")"
}

# Ready = wire port accepts connections and the debug readiness probe says OK.
wait_ferretdb() {
  local t0="$1" deadline=$((SECONDS + SERVERS_START_TIMEOUT)) pid
  pid="$(<"$DATA/ferretdb.pid")"
  until tcp_open "$FERRETDB_PORT" &&
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$FERRETDB_DEBUG_PORT/debug/readyz" 2>/dev/null; do
    is_alive "$pid" || fail_start ferretdb "exited during startup"
    ((SECONDS < deadline)) || fail_start ferretdb "not ready after ${SERVERS_START_TIMEOUT} s"
    sleep 0.2
  done
  log "ferretdb: ready on 127.0.0.1:$FERRETDB_PORT (debug http://127.0.0.1:$FERRETDB_DEBUG_PORT) after $(elapsed "$t0")"
}

cmd_start() {
  command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install curl)"
  ensure_tools
  mkdir -p "$DATA"
  if "$TEMPORAL_BIN" --help 2>/dev/null | grep -q -- --disable-config-file; then
    TCLI_EXTRA=(--disable-config-file)
  fi
  # A server already running from this data dir is reused; otherwise every port it needs
  # must be free. All checks come before any launch, so a conflict leaves nothing behind.
  local pid start_f=1 start_t=1
  if pid="$(pid_of ferretdb)"; then
    log "ferretdb: already running from $DATA (pid $pid) on 127.0.0.1:$FERRETDB_PORT, reusing it"
    start_f=0
  fi
  if pid="$(pid_of temporal)"; then
    log "temporal: already running from $DATA (pid $pid) on 127.0.0.1:$TEMPORAL_PORT, reusing it"
    start_t=0
  fi
  if ((start_f)); then
    require_port_free "$FERRETDB_PORT" "FerretDB"
    require_port_free "$FERRETDB_DEBUG_PORT" "FerretDB debug"
  fi
  if ((start_t)); then
    require_port_free "$TEMPORAL_PORT" "Temporal gRPC"
    require_port_free "$TEMPORAL_UI_PORT" "Temporal UI"
  fi
  # Launch both, then wait: their start-up overlaps. FerretDB first: it binds its fixed
  # ports within milliseconds, before Temporal picks its random internal ones.
  local t0
  t0="$(now_ms)"
  if ((start_f)); then launch_ferretdb; fi
  if ((start_t)); then launch_temporal; fi
  wait_ferretdb "$t0"
  wait_temporal "$t0"
}

cmd_stop() {
  local name pid names=() pids=()
  for name in temporal ferretdb; do
    if pid="$(pid_of "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name")
      pids+=("$pid")
    else
      [[ -f "$DATA/$name.pid" ]] && log "$name: not running (stale pid file removed)"
      rm -f "$DATA/$name.pid"
    fi
  done
  local deadline=$((SECONDS + STOP_TIMEOUT)) i any
  while :; do
    any=0
    for i in "${!pids[@]}"; do is_alive "${pids[$i]}" && any=1; done
    ((any == 0 || SECONDS >= deadline)) && break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if is_alive "${pids[$i]}"; then
      log "${names[$i]}: still running after ${STOP_TIMEOUT} s, sending SIGKILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    rm -f "$DATA/${names[$i]}.pid"
    log "${names[$i]}: stopped (pid ${pids[$i]})"
  done
}

cmd_status() {
  local pid rc=0
  if pid="$(pid_of temporal)"; then
    echo "temporal: running (pid $pid) grpc 127.0.0.1:$TEMPORAL_PORT, UI http://127.0.0.1:$TEMPORAL_UI_PORT"
  else
    echo "temporal: stopped"
    rc=3
  fi
  if pid="$(pid_of ferretdb)"; then
    echo "ferretdb: running (pid $pid) mongodb://127.0.0.1:$FERRETDB_PORT"
  else
    echo "ferretdb: stopped"
    rc=3
  fi
  echo "data dir: $DATA"
  return "$rc"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop && cmd_start ;;
  status) cmd_status ;;
  *)
    log "usage: $0 start|stop|restart|status"
    exit 2
    ;;
esac
