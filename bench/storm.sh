#!/usr/bin/env bash
# The reconnect storm of a killed node, for docs/OPERATIONS.md: three `switchboard serve --redis`
# nodes; N phoenix.js clients (switchboard-test-support/src/main/js/phoenix/storm.mjs) joined on
# node a through the recovery helper; node a is killed (SIGKILL) and every client comes back on b
# or c. Reports the time until every client rejoined (and recovered), and the peak and total CPU
# of nodes b and c over the storm — once with phoenix.js's own reconnect steps, once with the
# helper's spread reconnects, alternating, each run on fresh nodes.
#
#   bench/storm.sh [--clients 10000] [--runs 3] [--out bench/results/storm]
#
# Needs a built jar (./switchboard builds it), redis-server, and the npm packages of
# switchboard-test-support/src/main/js. Every run is bounded (the script's own timeout, 120 s).
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
clients=10000
runs=3
out="$root/bench/results/storm"
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
java="${JAVA:-java}"
redis_port="${REDIS_PORT:-6490}"
ports=(4111 4112 4113)
names=(a b c)
mkdir -p "$out"
scripts="$root/switchboard-test-support/src/main/js"
[ -f "$scripts/node_modules/phoenix/package.json" ] || { echo "phoenix.js missing in $scripts/node_modules (build switchboard-test-support once)" >&2; exit 1; }

work="$(mktemp -d)"
cp "$root/switchboard-cli/target/switchboard.jar" "$work/switchboard.jar"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/redis.log" 2>&1 &
pids+=($!)
wait_for_port "$redis_port"

ticks() { # utime+stime of a pid, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

run() { # mode run-number
  local mode="$1" n="$2" node_pids=()
  redis-cli -p "$redis_port" flushall >/dev/null
  for i in 0 1 2; do
    "$java" -XX:+UseSerialGC -jar "$work/switchboard.jar" serve --port "${ports[$i]}" --node-name "${names[$i]}" \
        --redis "redis://127.0.0.1:$redis_port" --max-connections-per-ip 20000 >"$out/node-${names[$i]}-$mode-$n.log" 2>&1 &
    node_pids+=($!)
    pids+=($!)
  done
  for p in "${ports[@]}"; do wait_for_port "$p"; done
  local hz; hz=$(getconf CLK_TCK)
  local fifo="$work/storm-$mode-$n"
  mkfifo "$fifo"
  (cd "$scripts/phoenix" && exec node storm.mjs --nodes "http://127.0.0.1:${ports[0]},http://127.0.0.1:${ports[1]},http://127.0.0.1:${ports[2]}" \
      --clients "$clients" --mode "$mode" >"$fifo" 2>"$out/storm-$mode-$n.err") &
  local client=$!
  pids+=($client)
  exec 4<"$fifo"
  local line
  read -r -t 120 line <&4 || { echo "$mode run $n: the clients did not all join" >&2; return 1; }
  sleep 2 # let the joins settle
  # Sample nodes b and c every 100 ms from the kill until the result arrives.
  local before_b before_c peak=0 prev_b prev_c prev_t start_t before_client
  before_b=$(ticks "${node_pids[1]}"); before_c=$(ticks "${node_pids[2]}")
  before_client=$(ticks "$client"); local prev_client=$before_client
  prev_b=$before_b; prev_c=$before_c
  start_t=$(date +%s%N); prev_t=$start_t
  kill -9 "${node_pids[0]}"
  local result=""
  while [ -z "$result" ]; do
    if read -r -t 0.1 line <&4; then
      case "$line" in *'"result"'*) result="$line" ;; esac
    fi
    local now_b now_c now_t
    now_b=$(ticks "${node_pids[1]}"); now_c=$(ticks "${node_pids[2]}"); now_t=$(date +%s%N)
    # CPU of b and c over this sample, in cores (ticks per second of wall time)
    local cores
    cores=$(awk "BEGIN{printf \"%d\", 100 * ($now_b - $prev_b + $now_c - $prev_c) / $hz / (($now_t - $prev_t) / 1e9)}")
    [ "$cores" -gt "$peak" ] && peak=$cores
    prev_b=$now_b; prev_c=$now_c; prev_t=$now_t
    local now_client; now_client=$(ticks "$client")
    [ "$now_client" -gt "$prev_client" ] && prev_client=$now_client # 0 once it has exited
    kill -0 "$client" 2>/dev/null || [ -n "$result" ] || { read -r -t 1 result <&4 || true; break; }
  done
  exec 4<&-
  local total=$(( prev_b - before_b + prev_c - before_c ))
  local client_total=$(( prev_client - before_client ))
  # peak: the busiest ~100 ms sample of b and c together, in cores; total: their CPU seconds over the storm.
  echo "$mode run $n: $result peak_cpu_cores=$(awk "BEGIN{printf \"%.2f\", $peak / 100}") cpu_seconds=$(awk "BEGIN{printf \"%.2f\", $total / $hz}") client_cpu_seconds=$(awk "BEGIN{printf \"%.2f\", $client_total / $hz}")" \
      | tee -a "$out/results.txt"
  wait "$client" 2>/dev/null || true
  for p in "${node_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}

: >"$out/results.txt"
for n in $(seq 1 "$runs"); do
  run phoenix "$n"
  run spread "$n"
done
