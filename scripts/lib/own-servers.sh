# shellcheck shell=bash
# Sourced, not executed, by scripts/test.sh and scripts/bench.sh: each runs on servers of its own
# (data dir and ports from PREFIX-ed variables, so the TEMPORAL_PORT etc. of a dev shell never
# point it at dev servers), started fresh, with a fresh dev secret.

# etom_own_server_env PREFIX DATA_DIR TEMPORAL_PORT TEMPORAL_UI_PORT FERRETDB_PORT FERRETDB_DEBUG_PORT DATABASE
# e.g. etom_own_server_env TEST_ "$ROOT/.data/test" 17233 18233 37017 37018 etomflow-test
# reads TEST_DATA_DIR, TEST_TEMPORAL_PORT, ... and exports what scripts/servers.sh, the api,
# the worker and the tests read.
etom_own_server_env() {
  local p="$1" v
  v="${p}DATA_DIR" && export ETOM_DATA_DIR="${!v:-$2}"
  v="${p}TEMPORAL_PORT" && export TEMPORAL_PORT="${!v:-$3}"
  v="${p}TEMPORAL_UI_PORT" && export TEMPORAL_UI_PORT="${!v:-$4}"
  v="${p}FERRETDB_PORT" && export FERRETDB_PORT="${!v:-$5}"
  v="${p}FERRETDB_DEBUG_PORT" && export FERRETDB_DEBUG_PORT="${!v:-$6}"
  v="${p}TEMPORAL_NAMESPACE" && export TEMPORAL_NAMESPACE="${!v:-default}"
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
  export MONGODB_URI="mongodb://127.0.0.1:$FERRETDB_PORT/$7"
  # A fresh HS256 secret per run: the tests and benches mint their own tokens with it.
  AUTH_DEV_SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')"
  export AUTH_DEV_SECRET
}

# etom_start_fresh_servers ROOT: stops servers a crashed earlier run left on the data dir, wipes
# it, and starts the servers.
etom_start_fresh_servers() {
  bash "$1/scripts/servers.sh" stop >/dev/null 2>&1 || true
  [[ -n "$ETOM_DATA_DIR" && "$ETOM_DATA_DIR" != / ]] || { echo "refusing to wipe '$ETOM_DATA_DIR'" >&2; return 1; }
  rm -rf "$ETOM_DATA_DIR"
  bash "$1/scripts/servers.sh" start
}
