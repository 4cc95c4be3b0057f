#!/usr/bin/env bash
# `npm start`: build, start the local servers (Temporal dev server + FerretDB), the worker and
# the api, load the demo data, then stay in the foreground. Ctrl-C stops everything; if the api
# or the worker dies, everything is stopped and the exit status is non-zero.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export ETOM_DATA_DIR="${ETOM_DATA_DIR:-$ROOT/.data/dev}"
export TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export FERRETDB_PORT="${FERRETDB_PORT:-27017}"
export FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-$((FERRETDB_PORT + 1))}"
export PORT="${PORT:-3000}"
export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:$FERRETDB_PORT/etomflow}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-120}"
CHILD_STOP_TIMEOUT=20 # the worker drains in-flight activity tasks on SIGTERM

log() { printf '[start] %s\n' "$*" >&2; }

API_PID=""
WORKER_PID=""
STOP_SERVERS=0

# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() {
  local rc=$?
  # A second Ctrl-C must not cut the clean shutdown short.
  trap '' INT TERM
  trap - EXIT
  local pids=() pid
  for pid in "$API_PID" "$WORKER_PID"; do
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && pids+=("$pid")
  done
  if ((${#pids[@]} > 0)); then
    log "stopping api and worker..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # Poll rather than a background `sleep` killer: bash defers a signal to a subshell until its
    # sleep ends, which held every Ctrl-C for the whole timeout.
    local deadline=$((SECONDS + CHILD_STOP_TIMEOUT))
    local alive
    while ((SECONDS < deadline)); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if ((STOP_SERVERS)); then
    bash "$ROOT/scripts/servers.sh" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Fail before building anything if the api port is taken.
if timeout 2 bash -c ": </dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then
  log "error: port $PORT is already in use (another npm start?). Set PORT=... to use another one."
  exit 1
fi

if [[ ! -d node_modules ]]; then
  log "node_modules missing: npm ci"
  npm ci
fi
npm run build

# Servers someone started before us (scripts/servers.sh start) are left running at exit.
if bash scripts/servers.sh status >/dev/null 2>&1; then
  log "servers already running from $ETOM_DATA_DIR: reusing them, they stay up after exit"
else
  STOP_SERVERS=1
fi
bash scripts/servers.sh start

# Local tokens are HS256 with a secret generated once per data dir (never committed, never a
# built-in default); `npm run token` reads the same file. Production sets AUTH_JWKS_URL instead.
if [[ -z "${AUTH_DEV_SECRET:-}" && -z "${AUTH_JWKS_URL:-}" ]]; then
  secret_file="$ETOM_DATA_DIR/auth-dev-secret"
  [[ -s "$secret_file" ]] || (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' >"$secret_file")
  AUTH_DEV_SECRET="$(<"$secret_file")"
  export AUTH_DEV_SECRET
fi

node dist/worker/main.js &
WORKER_PID=$!
node dist/api/main.js &
API_PID=$!

# Non-zero if the api or the worker has exited.
children_alive() {
  local pid
  for pid in "$API_PID" "$WORKER_PID"; do
    kill -0 "$pid" 2>/dev/null || return 1
    # A dead child stays a zombie until we wait for it; kill -0 would still succeed.
    if [[ -r "/proc/$pid/stat" ]]; then
      local stat
      stat="$(<"/proc/$pid/stat")"
      stat="${stat##*) }"
      [[ "${stat%% *}" != Z ]] || return 1
    fi
  done
}

deadline=$((SECONDS + HEALTH_TIMEOUT))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health" 2>/dev/null; do
  if ! children_alive; then
    log "error: the api or the worker exited during start-up (see its output above)"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    log "error: http://127.0.0.1:$PORT/health did not answer 200 within ${HEALTH_TIMEOUT} s"
    exit 1
  fi
  sleep 0.5
done

# Demo data is a convenience: a failure is reported, it does not take the stack down.
if [[ -f dist/scripts/seed-demo.js ]]; then
  node dist/scripts/seed-demo.js || log "warning: loading the demo data failed (see above); continuing"
else
  log "warning: dist/scripts/seed-demo.js not found; no demo data loaded"
fi

cat >&2 <<EOF

  +------------------------------------------------------------------------+
    etom-flow is running (Ctrl-C stops api, worker and servers)

    API          http://127.0.0.1:$PORT/api
    API docs     http://127.0.0.1:$PORT/docs
    Temporal UI  http://127.0.0.1:$TEMPORAL_UI_PORT
    MongoDB      $MONGODB_URI   (FerretDB)
    Data, logs   $ETOM_DATA_DIR

    Get a token:
      npm run --silent token -- --user alice --groups marketing-manager
  +------------------------------------------------------------------------+

EOF

# Stay up until a signal (handled by the traps) or until the api or the worker exits.
rc=0
wait -n "$API_PID" "$WORKER_PID" || rc=$?
if ! kill -0 "$API_PID" 2>/dev/null; then
  API_PID=""
  log "error: the api exited (status $rc); stopping everything"
else
  WORKER_PID=""
  log "error: the worker exited (status $rc); stopping everything"
fi
exit $((rc == 0 ? 1 : rc))
