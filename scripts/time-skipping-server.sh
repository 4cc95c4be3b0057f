#!/usr/bin/env bash
# Temporal's time-skipping test server (Java, io.temporal:temporal-testing from Maven Central), as
# the executable that TestWorkflowEnvironment.createTimeSkipping runs for
# `server: { executable: { type: 'existing-path', path: <this file> } }`.
#
# The SDK's core (ephemeral_server, TestServerConfig) runs it as `<path> <port> [extraArgs...]`,
# stdin closed, stdout/stderr inherited, and waits at most 5 s for the port to answer gRPC; it stops
# it with SIGKILL. So: no fetching here (scripts/test.sh does that once via
# ensure_time_skipping_server), and `exec` so the signal hits the JVM, not a shell around it.
#
# env: TEMPORAL_TEST_SERVER_LIB (the jars; default: the cache dir of scripts/lib/tools.sh)
#      TEMPORAL_TEST_SERVER_JAVA_OPTS (default: tuned for start-up time, which is what tests feel)
set -euo pipefail

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <port> [--enable-time-skipping]" >&2
  exit 2
fi

if [[ -z "${TEMPORAL_TEST_SERVER_LIB:-}" ]]; then
  # shellcheck source-path=SCRIPTDIR source=lib/tools.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib/tools.sh"
  TEMPORAL_TEST_SERVER_LIB="$(etom_time_skipping_server_lib)"
fi
if ! compgen -G "$TEMPORAL_TEST_SERVER_LIB/temporal-test-server-*.jar" >/dev/null; then
  echo "error: the Temporal time-skipping test server is not fetched ($TEMPORAL_TEST_SERVER_LIB has no temporal-test-server-*.jar)." >&2
  echo "       Run: bash -c 'source scripts/lib/tools.sh && ensure_time_skipping_server' (npm test does it)." >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "error: 'java' is not on PATH; the time-skipping test server needs a JDK >= 17." >&2
  exit 1
fi

# C1 only and the serial GC: the server starts in ~1.6 s instead of ~2.3 s (the SDK gives it 5 s).
# shellcheck disable=SC2086 # word splitting of the options is intended
exec java ${TEMPORAL_TEST_SERVER_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m} \
  -cp "$TEMPORAL_TEST_SERVER_LIB/*" io.temporal.testserver.TestServer "$@"
