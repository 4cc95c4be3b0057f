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

export ETOM_DATA_DIR="${BENCH_DATA_DIR:-$ROOT/.data/bench}"
export TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-19233}"
export TEMPORAL_UI_PORT="${BENCH_TEMPORAL_UI_PORT:-19234}"
export FERRETDB_PORT="${BENCH_FERRETDB_PORT:-39017}"
export FERRETDB_DEBUG_PORT="${BENCH_FERRETDB_DEBUG_PORT:-39018}"
export TEMPORAL_NAMESPACE="${BENCH_TEMPORAL_NAMESPACE:-default}"

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

# A crashed earlier run may have left servers on this data dir: stop them, then wipe it.
bash scripts/servers.sh stop >/dev/null 2>&1 || true
[[ -n "$ETOM_DATA_DIR" && "$ETOM_DATA_DIR" != / ]] || { echo "[bench] refusing to wipe '$ETOM_DATA_DIR'" >&2; exit 1; }
rm -rf "$ETOM_DATA_DIR"
SERVERS_STARTED=1
bash scripts/servers.sh start

export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
export MONGODB_URI="mongodb://127.0.0.1:$FERRETDB_PORT/etomflow-bench"
# A fresh HS256 secret per run: the bench mints its own token with it.
AUTH_DEV_SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')"
export AUTH_DEV_SECRET
export BENCH_RESULT_FILE="$ETOM_DATA_DIR/$BENCH.json"

node "dist/bench/$BENCH.bench.js" "$@"
