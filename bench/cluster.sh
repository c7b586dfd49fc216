#!/usr/bin/env bash
# Cross-node figures for docs/CLUSTER.md: fan-out and latency on one node, then the same through
# Redis with two nodes (`switchboard serve --redis`), clients spread over the nodes by
# `bench --url A,B`. Starts its own redis-server and nodes on loopback and stops them at the end.
#
#   bench/cluster.sh [--out bench/results/cluster] [--runs 3]
#
# Needs a built jar (mvn -q -B install -DskipTests) and redis-server. Every bench run is bounded
# by its own --phase-timeout.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
out="$root/bench/results/cluster"
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
java="${JAVA:-java}"
redis_port="${REDIS_PORT:-6480}"
port_a="${PORT_A:-4101}"
port_b="${PORT_B:-4102}"
mkdir -p "$out"

work="$(mktemp -d)"
cp "$root/switchboard-cli/target/switchboard.jar" "$work/switchboard.jar"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT


node() { # name port [args...]
  local name="$1" port="$2"; shift 2
  "$java" -XX:+UseSerialGC -Xmn16m -jar "$work/switchboard.jar" serve --port "$port" --node-name "$name" "$@" \
      >"$out/node-$name.log" 2>&1 &
  pids+=($!)
  wait_for_port "$port"
}

bench() { # label urls args...
  local label="$1" urls="$2"; shift 2
  for i in $(seq 1 "$runs"); do
    echo "== $label run $i: switchboard bench $* --url $urls"
    "$java" -jar "$work/switchboard.jar" bench "$@" --url "$urls" --json "$out/$label-$i.json" >"$out/$label-$i.txt" 2>&1 || true
    grep -E "deliveries_per_s|p50|p99|RESULT|lost|duplicated" "$out/$label-$i.txt" | head -8 || true
  done
}

ws() { echo "ws://127.0.0.1:$1/socket/websocket"; }

fanout=(fanout -n 1000 -m 2000 --window 100)
latency=(fanout -n 1000 --rate 20 --duration 15)

echo "# single node"
node single "$port_a"
bench single-fanout "$(ws "$port_a")" "${fanout[@]}"
bench single-latency "$(ws "$port_a")" "${latency[@]}"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

echo "# two nodes on Redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/redis.log" 2>&1 &
pids+=($!)
wait_for_port "$redis_port"
node a "$port_a" --redis "redis://127.0.0.1:$redis_port"
node b "$port_b" --redis "redis://127.0.0.1:$redis_port"
# Connection i goes to URL i mod 2: the publisher (connection 0) on a, half the subscribers on b.
bench cross-fanout "$(ws "$port_a"),$(ws "$port_b")" "${fanout[@]}"
bench cross-latency "$(ws "$port_a"),$(ws "$port_b")" "${latency[@]}"
# Nine of ten subscribers on b: latency through Redis dominates the percentiles.
urls="$(ws "$port_a")"; for _ in $(seq 1 9); do urls="$urls,$(ws "$port_b")"; done
bench remote-latency "$urls" "${latency[@]}"
echo "results in $out"
