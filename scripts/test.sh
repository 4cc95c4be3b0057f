#!/usr/bin/env bash
# `npm test`: build, lint, typecheck, then jest against real servers (Temporal dev server and
# FerretDB) in a throwaway data dir on their own ports, so it can run while `npm start` is up.
# Extra arguments go to jest (npm test -- -t 'lead').
#
# env: TEST_DATA_DIR (.data/test, wiped)  TEST_TEMPORAL_PORT (17233)  TEST_TEMPORAL_UI_PORT (18233)
#      TEST_FERRETDB_PORT (37017)  TEST_FERRETDB_DEBUG_PORT (37018)  TEST_TEMPORAL_NAMESPACE (default)
# (TEST_-prefixed so the TEMPORAL_PORT etc. of a dev shell never point the tests at dev servers.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"
# shellcheck source-path=SCRIPTDIR source=lib/own-servers.sh
source "$ROOT/scripts/lib/own-servers.sh"

etom_own_server_env TEST_ "$ROOT/.data/test" 17233 18233 37017 37018 etomflow-test

T_START=$SECONDS
T_PHASE=$SECONDS
TIMINGS=()
phase_done() { # name
  local s=$((SECONDS - T_PHASE))
  TIMINGS+=("$(printf '%-10s %4d s' "$1" "$s")")
  printf '[test] %s done in %d s\n' "$1" "$s" >&2
  T_PHASE=$SECONDS
}

SERVERS_STARTED=0
# shellcheck disable=SC2317 # only called from the EXIT trap
on_exit() {
  local rc=$?
  trap '' INT TERM
  if ((SERVERS_STARTED)); then bash "$ROOT/scripts/servers.sh" stop || true; fi
  if ((${#TIMINGS[@]} > 0)); then
    printf '[test] timings:\n' >&2
    printf '[test]   %s\n' "${TIMINGS[@]}" "$(printf '%-10s %4d s' total $((SECONDS - T_START)))" >&2
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ! -d node_modules ]]; then
  npm ci
  phase_done "npm ci"
fi
ensure_tools
ensure_time_skipping_server # for tests/workflow/time-skipping.test.ts
phase_done tools

npm run build
phase_done build
npm run lint
phase_done lint
npm run typecheck
phase_done typecheck

SERVERS_STARTED=1
etom_start_fresh_servers "$ROOT"
phase_done servers

results="$ETOM_DATA_DIR/jest-results.json"
rc=0
npx jest --ci --json --outputFile="$results" "$@" || rc=$?
phase_done jest

# One plain closing line that CI can read whatever jest's reporter printed.
if [[ -s "$results" ]]; then
  # shellcheck disable=SC2016 # JavaScript template literals, not shell
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$results" || true
fi
if ((rc != 0)); then
  printf '[test] jest failed (exit %d); server logs: %s/{temporal,ferretdb}.log\n' "$rc" "$ETOM_DATA_DIR" >&2
fi
exit "$rc"
