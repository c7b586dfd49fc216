#!/usr/bin/env bash
# Measures the Java client (switchboard-client-it's ClientLoadMeasurement) and, for comparison,
# the official phoenix.js client in Node (switchboard-client-it/src/test/js/client-load.mjs)
# against `switchboard serve` on loopback: connect + join of 1,000 sockets, their memory in the
# client process, one broadcast to all, and the replies/s of one socket keeping 100 pushes in
# flight. Each run gets a fresh server; Java and Node runs alternate. Prints every run's figures
# and writes them to the output directory (one RESULT line per run in results.txt).
#
#   bench/client-load.sh [--runs 3] [--out bench/results/client] [--only java|node]
#
# Needs a built jar (./switchboard builds it, or mvn -q -B package -DskipTests), Maven, and the
# npm packages of switchboard-server/src/test/js (its test build installs them). Runs Maven
# itself: on a shared machine wrap the whole script in the build lock rather than the Maven call
# inside it. Environment: SB_PORT (4300), JAVA (java), MVN (mvn), CLIENT_PROPS (more -Dname=value
# for the Java client's JVM, e.g. the JDK's jdk.httpclient.* buffer sizes).
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
runs=3
out="$root/bench/results/client"
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
port="${SB_PORT:-4300}"
mvn_cmd="${MVN:-mvn}"
mkdir -p "$out"
modules="$root/switchboard-server/src/test/js/node_modules"
[ -f "$modules/phoenix/package.json" ] || { echo "phoenix.js missing in $modules (build switchboard-server's tests once)" >&2; exit 1; }

# Run from a copy: rebuilding replaces the jar, which breaks a JVM still running from it.
work="$(mktemp -d)"
cp "$root/switchboard-cli/target/switchboard.jar" "$work/switchboard.jar"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_server() { # log file
  # 1,000 client sockets plus the warm-up's all come from 127.0.0.1: above the default per-address limit of 1,000.
  SWITCHBOARD_JAR="$work/switchboard.jar" "$root/switchboard" serve --port "$port" --max-connections-per-ip 5000 \
      >"$1" 2>&1 &
  server_pid=$!
  wait_for_port "$port"
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  sleep 2
}

java_run() { # run number
  local log="$out/java-$1.txt" report="$root/switchboard-client-it/target/surefire-reports/dev.switchboard.client.ClientLoadMeasurement-output.txt"
  start_server "$out/server-java-$1.log"
  echo "== Java client, run $1"
  rm -f "$report"
  (cd "$root" && "$mvn_cmd" -B -o -Pslow test -pl switchboard-client-it -am -Dtest=ClientLoadMeasurement \
      -Dsurefire.failIfNoSpecifiedTests=false -Dclient.load.endpoint="ws://127.0.0.1:$port/socket" \
      -Dclient.load.serverPid="$server_pid" ${CLIENT_PROPS:-}) >"$out/java-$1.maven.log" 2>&1 || { echo "   failed: see $out/java-$1.maven.log"; }
  [ -f "$report" ] && cp "$report" "$log"
  stop_server
  if [ -f "$log" ]; then grep -v '^RESULT' "$log" | sed 's/^/   /'; grep '^RESULT' "$log" | sed "s/^RESULT/RESULT client=java run=$1 props=[${CLIENT_PROPS:-}]/" >>"$out/results.txt"; fi
}

node_run() { # run number
  local log="$out/node-$1.txt"
  start_server "$out/server-node-$1.log"
  echo "== phoenix.js in Node, run $1"
  PHOENIX_JS_MODULES="$modules" node --expose-gc "$root/switchboard-client-it/src/test/js/client-load.mjs" \
      "ws://127.0.0.1:$port/socket" "$server_pid" >"$log" 2>&1 || echo "   failed: see $log"
  stop_server
  grep -v '^RESULT' "$log" | sed 's/^/   /'
  grep '^RESULT' "$log" | sed "s/^RESULT/RESULT run=$1/" >>"$out/results.txt" || true
}

{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -sr), $("${JAVA:-java}" -version 2>&1 | head -1), node $(node --version)"
} >>"$out/results.txt"
for i in $(seq 1 "$runs"); do
  [ "$only" = "node" ] || java_run "$i"
  [ "$only" = "java" ] || node_run "$i"
done
echo
cat "$out/results.txt"
