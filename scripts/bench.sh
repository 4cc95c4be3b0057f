#!/usr/bin/env bash
# `npm run bench [-- NAME] [ARGS]`: runs bench/NAME.bench.ts (default process-start) on real servers
# (Temporal dev server and FerretDB) in a throwaway data dir on their own ports, so it can run while
# `npm start` or `npm test` is up. The other arguments go to the bench:
#   npm run bench -- --count 500 --concurrency 16 --rounds 5   process starts: API vs bare client
#   npm run bench -- inbox --tasks 100000 --samples 20          inbox queries at scale; task completion
#                                                               through the API vs a bare Update
# Results: $BENCH_DATA_DIR/NAME.json.
#
# env: BENCH_DATA_DIR (.data/bench, wiped)  BENCH_TEMPORAL_PORT (19233)  BENCH_TEMPORAL_UI_PORT (19234)
#      BENCH_FERRETDB_PORT (39017)  BENCH_FERRETDB_DEBUG_PORT (39018)  BENCH_TEMPORAL_NAMESPACE (default)
# (BENCH_-prefixed so the TEMPORAL_PORT etc. of a dev shell never point the bench at dev servers.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"
# shellcheck source-path=SCRIPTDIR source=lib/own-servers.sh
source "$ROOT/scripts/lib/own-servers.sh"

etom_own_server_env BENCH_ "$ROOT/.data/bench" 19233 19234 39017 39018 etomflow-bench

BENCH=process-start
if [[ $# -gt 0 && "$1" != -* ]]; then
  BENCH="$1"
  shift
fi
if [[ ! -f "bench/$BENCH.bench.ts" ]]; then
  echo "[bench] no bench '$BENCH': one of $(cd bench && ls -- *.bench.ts | sed 's/\.bench\.ts$//' | paste -sd' ')" >&2
  exit 2
fi

T_START=$SECONDS
SERVERS_STARTED=0
# shellcheck disable=SC2317 # only called from the EXIT trap
on_exit() {
  local rc=$?
  trap '' INT TERM
  if ((SERVERS_STARTED)); then bash "$ROOT/scripts/servers.sh" stop || true; fi
  printf '[bench] total %d s\n' $((SECONDS - T_START)) >&2
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ! -d node_modules ]]; then npm ci; fi
ensure_tools

npx tsc -p tsconfig.bench.json
node dist/scripts/bundle-workflows.js

SERVERS_STARTED=1
etom_start_fresh_servers "$ROOT"

export BENCH_RESULT_FILE="$ETOM_DATA_DIR/$BENCH.json"

node "dist/bench/$BENCH.bench.js" "$@"
