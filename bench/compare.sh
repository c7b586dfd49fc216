#!/usr/bin/env bash
# Runs the benchmark table against Switchboard (`switchboard serve`) and the Node.js ws
# comparator (bench/node-ws), one server at a time, and writes every run's JSON and text summary
# plus a summary table (summary.md) to the output directory.
#
#   bench/compare.sh [--runs 3] [--out bench/results] [--only switchboard|node] [--quick]
#
# Needs a built jar (mvn -q -B install -DskipTests) and Node.js. Environment: SB_PORT (4000),
# NODE_PORT (4100), JAVA (java). --quick runs each scenario once with short durations.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
runs=3
out="$root/bench/results"
only=""
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --quick) quick=1; runs=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
java="${JAVA:-java}"
sb_port="${SB_PORT:-4000}"
node_port="${NODE_PORT:-4100}"
mkdir -p "$out"

# Run from a copy: rebuilding replaces the jar, which breaks a JVM still running from it.
work="$(mktemp -d)"
cp "$root/switchboard-cli/target/switchboard.jar" "$work/switchboard.jar"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT


bench() { # name repeats args...
  local name="$1" repeats="$2"; shift 2
  for i in $(seq 1 "$repeats"); do
    local base="$out/$server-$name-$i"
    echo "== $server $name run $i: switchboard bench $*"
    set +e
    "$java" -jar "$work/switchboard.jar" bench "$@" --url "ws://127.0.0.1:$port/socket/websocket" \
        --server-pid "$server_pid" --json "$base.json" --html "$base.html" >"$base.txt" 2>&1
    local rc=$?
    set -e
    grep -E "per_s|latency|CPU|RESULT|rss_per" "$base.txt" || true
    [ $rc -eq 0 ] || echo "   (exit code $rc; see $base.txt)"
    sleep 2
  done
}

scenarios() {
  if [ "$quick" = 1 ]; then
    bench idle 1 idle -n 2000 --settle 2 --hold 2
    bench fanout-1k 1 fanout -n 1000 -m 2000 -w 100
    bench fanout-10k 1 fanout -n 10000 -m 200 -w 100
    bench latency-1k 1 fanout -n 1000 --rate 20 --duration 5
    bench latency-10k 1 fanout -n 10000 --rate 2 --duration 5
    bench rtt-100 1 rtt -c 100 --duration 3
    bench churn-50 1 churn -p 50 --duration 3
    return
  fi
  # idle first, on a fresh server, so its memory figure is not mixed with earlier runs' garbage.
  bench idle 1 idle -n 19000
  bench fanout-1k "$runs" fanout -n 1000 -m 2000 -w 100
  bench fanout-10k "$runs" fanout -n 10000 -m 200 -w 100
  bench latency-1k 1 fanout -n 1000 --rate 20 --duration 30
  bench latency-10k 1 fanout -n 10000 --rate 2 --duration 30
  bench rtt-100 "$runs" rtt -c 100 --duration 10
  bench churn-50 "$runs" churn -p 50 --duration 10
}

if [ -z "$only" ] || [ "$only" = switchboard ]; then
  server=switchboard port="$sb_port"
  # Started exactly as users start it (the launcher's JDK choice and default JVM flags), from the copy.
  SWITCHBOARD_JAR="$work/switchboard.jar" "$root/switchboard" serve --port "$port" >"$out/switchboard-server.log" 2>&1 &
  server_pid=$!
  wait_for_port "$port"
  scenarios
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
fi

if [ -z "$only" ] || [ "$only" = node ]; then
  server=node port="$node_port"
  [ -d "$root/bench/node-ws/node_modules/ws" ] || (cd "$root/bench/node-ws" && npm ci --no-audit --no-fund)
  node "$root/bench/node-ws/server.mjs" --port "$port" >"$out/node-server.log" 2>&1 &
  server_pid=$!
  wait_for_port "$port"
  scenarios
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
fi

node "$root/bench/summarize.mjs" "$out" | tee "$out/summary.md"
