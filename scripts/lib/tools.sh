# shellcheck shell=bash
# Sourced, not executed. Provides ensure_tools: builds the two dev-only servers (Temporal CLI dev
# server and FerretDB) once per machine from the Go module proxy into a versioned cache outside
# the clone, because there is no Docker engine and no other way to fetch binaries here.
# After ensure_tools: TEMPORAL_BIN and FERRETDB_BIN are exported.
# ensure_time_skipping_server (separate, called by scripts/test.sh): fetches Temporal's Java
# time-skipping test server with its runtime dependencies from Maven Central into the same
# cache, for tests/support/time-skipping.ts; exports TEMPORAL_TEST_SERVER_LIB.

ETOM_TOOLS_DIR="${ETOM_TOOLS_DIR:-$HOME/.cache/etom-flow/tools}"
# v1.5.1 embeds Temporal server 1.29.1 (same as docker-compose.yml). Later CLI versions carry a
# `replace` directive that `go install pkg@version` refuses; v1.4.1 is the fallback.
TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_CLI_FALLBACK_VERSION="v1.4.1"
FERRETDB_VERSION="v1.24.2"
# Our build of it carries one fix (see _etom_build_ferretdb); the suffix keys the cache, so a
# binary built without it is never reused.
FERRETDB_BUILD="$FERRETDB_VERSION-etom1"
# io.temporal:temporal-testing on Maven Central (its io.temporal.testserver.TestServer is the
# time-skipping server the SDKs otherwise download as a native binary, which can't be had here).
TEMPORAL_TEST_SERVER_VERSION="1.38.0"

# A cached binary counts only if it runs: an older cache may hold a FerretDB built by plain
# `go install`, which panics at start-up (see _etom_build_ferretdb).
_etom_tool_ok() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

# builder: OUT_DIR PACKAGE VERSION
_etom_build_go_install() { GOBIN="$1" go install "$2@$3"; }

# FerretDB reads its version from build/version/version.txt, a file its release tooling
# generates and the module zip lacks; a binary built with `go install pkg@version` panics
# ("Invalid build/version/version.txt file content") on every start. So: copy the module
# source from the Go module cache, write that file, and build from the copy.
_etom_build_ferretdb() {
  local out="$1" pkg="$2" version="$3" mod="github.com/FerretDB/FerretDB" src
  src="$(cd "$out" && go mod download -json "$mod@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$src" && -d "$src" ]] || { echo "go mod download $mod@$version gave no source dir" >&2; return 1; }
  cp -R "$src" "$out/src"
  chmod -R u+w "$out/src"
  printf '%s\n' "$version" >"$out/src/build/version/version.txt"
  # Its SQLite backend finds documents by _id with `_ferretdb_sjson->'$._id'` while the unique
  # index it creates is on `_ferretdb_sjson->"_id"`: SQLite cannot match the two, so every find,
  # update and delete by _id scans the whole table (at 100 000 tasks, seconds per write). Both
  # mean the same field; use the indexed form. Fail loudly if the line ever changes.
  local meta="$out/src/internal/backends/sqlite/metadata/metadata.go"
  grep -qF "IDColumn = DefaultColumn + \"->'\$._id'\"" "$meta" || { echo "FerretDB $version: the _id column expression to fix is not in $meta" >&2; return 1; }
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$meta"
  grep -qF "IDColumn = DefaultColumn + \"->'_id'\"" "$meta" || { echo "FerretDB $version: fixing the _id column expression failed" >&2; return 1; }
  (cd "$out/src" && go build -trimpath -buildvcs=false -o "$out/ferretdb" "./${pkg#"$mod"/}")
}

# _etom_take_lock FILE WHAT: an exclusive lock on FILE, so concurrent first runs (npm start and
# npm test at once) wait instead of doing the same work twice on a small machine. Sets
# ETOM_LOCK_FD to the open descriptor (close it to release), or to "" without flock.
_etom_take_lock() {
  ETOM_LOCK_FD=""
  command -v flock >/dev/null 2>&1 || return 0
  exec {ETOM_LOCK_FD}>"$1"
  if ! flock -n "$ETOM_LOCK_FD"; then
    echo "waiting for another $2 to finish..." >&2
    flock "$ETOM_LOCK_FD"
  fi
}

# _etom_build BUILDER PACKAGE VERSION DIR BINARY LABEL
# Builds PACKAGE@VERSION as DIR/BINARY unless a working one is already there.
_etom_build() {
  local builder="$1" pkg="$2" version="$3" dir="$4" bin="$5" label="$6"
  _etom_tool_ok "$dir/$bin" && return 0
  if ! command -v go >/dev/null 2>&1; then
    echo "error: $label is not built yet and 'go' is not on PATH." >&2
    echo "       Install Go >= 1.24 (https://go.dev/dl/) and retry; it is only needed once." >&2
    return 1
  fi
  mkdir -p "$dir"

  local lock_fd
  _etom_take_lock "$dir/.build.lock" "build of $label"
  lock_fd="$ETOM_LOCK_FD"
  if [[ -n "$lock_fd" ]]; then
    if _etom_tool_ok "$dir/$bin"; then
      exec {lock_fd}>&-
      return 0
    fi
    # Holding the lock, leftovers of an interrupted build are nobody's: remove them.
    local stale
    for stale in "$dir"/.build.*/; do
      [[ -d "$stale" ]] && chmod -R u+w "$stale" && rm -rf "$stale"
    done
  fi

  # Build into a temp dir on the same filesystem, check the binary runs, then rename:
  # an interrupted or broken build never leaves a bad binary at the final path.
  local tmp started rc=0
  tmp="$(mktemp -d "$dir/.build.XXXXXX")"
  started=$SECONDS
  echo "building $label $version (first time only, a few minutes)..." >&2
  "$builder" "$tmp" "$pkg" "$version" >"$tmp/build.log" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]] && _etom_tool_ok "$tmp/$bin"; then
    mv -f "$tmp/$bin" "$dir/$bin"
    echo "built $label $version in $((SECONDS - started)) s -> $dir/$bin" >&2
  else
    [[ $rc -eq 0 ]] && echo "(the build succeeded but '$bin --version' failed)" >>"$tmp/build.log"
    echo "error: building $label $version failed (exit $rc). Last lines of the build log:" >&2
    tail -n 20 "$tmp/build.log" >&2 || true
    rc=1
  fi
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
  [[ -n "$lock_fd" ]] && exec {lock_fd}>&-
  return "$rc"
}

ensure_tools() {
  local tdir="$ETOM_TOOLS_DIR/temporal-$TEMPORAL_CLI_VERSION"
  local fdir="$ETOM_TOOLS_DIR/temporal-$TEMPORAL_CLI_FALLBACK_VERSION"
  local ferret_dir="$ETOM_TOOLS_DIR/ferretdb-$FERRETDB_BUILD"

  if _etom_tool_ok "$tdir/temporal"; then
    TEMPORAL_BIN="$tdir/temporal"
  elif _etom_tool_ok "$fdir/temporal"; then
    # An earlier primary build failed and the fallback was built: don't retry a
    # multi-minute failing build on every start. Delete $fdir to retry the primary.
    TEMPORAL_BIN="$fdir/temporal"
    echo "note: using Temporal CLI $TEMPORAL_CLI_FALLBACK_VERSION (fallback) from $fdir" >&2
  elif _etom_build _etom_build_go_install github.com/temporalio/cli/cmd/temporal \
      "$TEMPORAL_CLI_VERSION" "$tdir" temporal "Temporal CLI"; then
    TEMPORAL_BIN="$tdir/temporal"
  else
    command -v go >/dev/null 2>&1 || return 1 # already explained; a fallback needs go too
    echo "Temporal CLI $TEMPORAL_CLI_VERSION failed to build; trying $TEMPORAL_CLI_FALLBACK_VERSION instead." >&2
    _etom_build _etom_build_go_install github.com/temporalio/cli/cmd/temporal \
      "$TEMPORAL_CLI_FALLBACK_VERSION" "$fdir" temporal "Temporal CLI" || return 1
    TEMPORAL_BIN="$fdir/temporal"
  fi

  _etom_build _etom_build_ferretdb github.com/FerretDB/FerretDB/cmd/ferretdb \
    "$FERRETDB_VERSION" "$ferret_dir" ferretdb "FerretDB" || return 1
  FERRETDB_BIN="$ferret_dir/ferretdb"

  export TEMPORAL_BIN FERRETDB_BIN
}

# The lib dir of the time-skipping test server: where ensure_time_skipping_server puts it and
# scripts/time-skipping-server.sh looks for it.
etom_time_skipping_server_lib() {
  printf '%s\n' "$ETOM_TOOLS_DIR/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION/lib"
}

# A lib dir counts once it holds the server's jar (io.temporal.testserver.TestServer lives in
# temporal-test-server-*.jar): a lib dir only ever appears by renaming a complete fetch.
_etom_test_server_ok() { [[ -f "$1/temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION.jar" ]]; }

# A throwaway pom in OUT_DIR, then Maven copies temporal-testing and all its runtime
# dependencies into OUT_DIR/lib. slf4j-nop (the API version the SDK uses) only silences SLF4J's
# "no binding, defaulting to NOP" warning on every server start; the logging stays off.
_etom_fetch_test_server() {
  local out="$1"
  cat >"$out/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>etom-flow.tools</groupId>
  <artifactId>temporal-test-server</artifactId>
  <version>$TEMPORAL_TEST_SERVER_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-testing</artifactId>
      <version>$TEMPORAL_TEST_SERVER_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
POM
  (cd "$out" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out/lib")
}

ensure_time_skipping_server() {
  local label="Temporal test server" lib dir
  lib="$(etom_time_skipping_server_lib)"
  dir="${lib%/lib}"
  if ! _etom_test_server_ok "$lib"; then
    local missing=() tool
    for tool in java mvn; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    if ((${#missing[@]} > 0)); then
      echo "error: $label $TEMPORAL_TEST_SERVER_VERSION is not fetched yet and '${missing[*]}' is not on PATH." >&2
      echo "       Install a JDK >= 17 and Maven >= 3.8 (Debian: apt-get install openjdk-17-jdk-headless maven)" >&2
      echo "       and retry; Maven is only needed once, java on every run of the time-skipping tests." >&2
      return 1
    fi
    mkdir -p "$dir"
    local lock_fd
    _etom_take_lock "$dir/.fetch.lock" "fetch of $label"
    lock_fd="$ETOM_LOCK_FD"
    if [[ -n "$lock_fd" ]]; then
      local stale
      for stale in "$dir"/.fetch.*/; do
        [[ -d "$stale" ]] && rm -rf "$stale"
      done
    fi
    if ! _etom_test_server_ok "$lib"; then
      # Fetch into a temp dir beside the final one, then rename: an interrupted or failed
      # fetch never leaves a half-filled lib dir at the final path.
      local tmp started rc=0
      tmp="$(mktemp -d "$dir/.fetch.XXXXXX")"
      started=$SECONDS
      echo "fetching $label $TEMPORAL_TEST_SERVER_VERSION (io.temporal:temporal-testing) and its dependencies from Maven Central (first time only)..." >&2
      _etom_fetch_test_server "$tmp" >"$tmp/fetch.log" 2>&1 || rc=$?
      if [[ $rc -eq 0 ]] && _etom_test_server_ok "$tmp/lib"; then
        rm -rf "$lib" # only ever a leftover without the server jar
        mv "$tmp/lib" "$lib"
        echo "fetched $label $TEMPORAL_TEST_SERVER_VERSION ($(find "$lib" -name '*.jar' | wc -l) jars) in $((SECONDS - started)) s -> $lib" >&2
      else
        [[ $rc -eq 0 ]] && echo "(maven succeeded but temporal-test-server-$TEMPORAL_TEST_SERVER_VERSION.jar is not in lib/)" >>"$tmp/fetch.log"
        echo "error: fetching $label $TEMPORAL_TEST_SERVER_VERSION failed (exit $rc). From the Maven log:" >&2
        # Maven's first [ERROR] line says what failed; the rest is boilerplate.
        sed 's/\x1b\[[0-9;]*m//g' "$tmp/fetch.log" | { grep -m 1 '^\[ERROR\] [^ ]' || tail -n 20 "$tmp/fetch.log"; } >&2 || true
        rc=1
      fi
      rm -rf "$tmp"
      if ((rc != 0)); then
        [[ -n "$lock_fd" ]] && exec {lock_fd}>&-
        return 1
      fi
    fi
    [[ -n "$lock_fd" ]] && exec {lock_fd}>&-
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "error: $label is fetched ($lib) but 'java' is not on PATH; install a JDK >= 17." >&2
    return 1
  fi
  TEMPORAL_TEST_SERVER_LIB="$lib"
  export TEMPORAL_TEST_SERVER_LIB
}
