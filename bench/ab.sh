#!/usr/bin/env bash
# Compares two Switchboard builds (two jars) on the same scenarios, alternating A and B run by run
# so both see the same machine weather. Every run starts a fresh server from its jar through the
# launcher (its default JVM flags); the load always comes from jar B's bench client.
#
#   bench/ab.sh [--runs 3] [--out DIR] [--scenarios "fanout-1k idle"] [--a-args "..."] [--b-args "..."]
#               [--bench-args "..."] A.jar B.jar
#
# --a-args/--b-args are extra `serve` flags for side A or B, so one build can also be compared with
# itself under two configurations (e.g. --a-args "--history-size 0": rooms without history).
# --bench-args are extra `bench` flags for both sides (e.g. "--compress --payload-fill text").
# Scenarios: fanout-1k (fanout -n 1000 -m 2000 -w 100), fanout-10k (fanout -n 10000 -m 200),
# idle (idle -n 19000), latency-1k (fanout -n 1000 --rate 20 --duration 30), rtt (rtt -c 100),
# churn (churn -p 50). Prints one line per run and a median table; JSON reports go to DIR.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
runs=3
out="$root/bench/results/ab-$(date -u +%Y%m%dT%H%M%S)"
scenarios="fanout-1k idle"
a_args=""
b_args=""
bench_args=""
while [ $# -gt 2 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --a-args) a_args="$2"; shift 2 ;;
    --b-args) b_args="$2"; shift 2 ;;
    --bench-args) bench_args="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ $# -eq 2 ] || { echo "usage: bench/ab.sh [--runs N] [--out DIR] [--scenarios LIST] [--a-args ARGS] [--b-args ARGS] [--bench-args ARGS] A.jar B.jar" >&2; exit 2; }
mkdir -p "$out"
work="$(mktemp -d)"
cp "$1" "$work/a.jar"
cp "$2" "$work/b.jar"
port="${SB_PORT:-4000}"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

args_of() {
  case "$1" in
    fanout-1k) echo "fanout -n 1000 -m 2000 -w 100" ;;
    fanout-10k) echo "fanout -n 10000 -m 200 -w 100" ;;
    idle) echo "idle -n 19000" ;;
    latency-1k) echo "fanout -n 1000 --rate 20 --duration 30" ;;
    rtt) echo "rtt -c 100 --duration 10" ;;
    churn) echo "churn -p 50 --duration 10" ;;
    *) echo "unknown scenario: $1" >&2; exit 2 ;;
  esac
}

for scenario in $scenarios; do
  for i in $(seq 1 "$runs"); do
    for side in a b; do
      if [ "$side" = a ]; then extra="$a_args"; else extra="$b_args"; fi
      # shellcheck disable=SC2086
      SWITCHBOARD_JAR="$work/$side.jar" "$root/switchboard" serve --port "$port" $extra >"$out/$side-server.log" 2>&1 &
      server_pid=$!
      wait_for_port "$port"
      base="$out/$side-$scenario-$i"
      # shellcheck disable=SC2046
      java -jar "$work/b.jar" bench $(args_of "$scenario") $bench_args --url "ws://127.0.0.1:$port/socket/websocket" \
          --server-pid "$server_pid" --json "$base.json" >"$base.txt" 2>&1 || echo "  (exit $?; see $base.txt)"
      kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
      echo "$scenario $side run $i: $(grep -E 'per_s|rss_per|p99|server|wire_bytes' "$base.txt" | tr -s ' ' | paste -sd ';' -)"
      sleep 2
    done
  done
done
node "$root/bench/summarize.mjs" "$out" 2>/dev/null | tee "$out/summary.md" || true
