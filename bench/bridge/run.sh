#!/usr/bin/env bash
# Measures the bridge, one server at a time, and writes JSON lines to --out:
#
#  1. websocketd mode: `switchboard bridge` against websocketd itself, running the same program
#     per connection: `cat` (the cheapest program there is, so the servers' own costs show) and
#     `python3 echo.py` (a typical script). Connections/s (connect, one echo, close; churn.mjs,
#     after a warm-up of half as many), the CPU the server and its programs used per connection,
#     then memory with --hold (cat) or --python-hold connections open (hold.mjs): the server's RSS
#     growth per connection and each program's RSS and PSS.
#  2. per-topic fan-out: `switchboard serve --bridge` with ticker.py as a per-topic program and
#     `switchboard bench listen` with --subscribers subscribers on its topic, at the source rates
#     of --rates (lines/s; the topic tick:R makes ticker.py print R lines a second), then a
#     program printing as fast as it can under the bridge's default rate cap (capped:0).
#
#   bench/bridge/run.sh [--connections 5000] [--concurrency 16] [--hold 1000] [--python-connections 1000]
#                       [--python-hold 200] [--subscribers 1000]
#                       [--rates 250,500,1000,2000] [--duration 10] [--out bench/results/bridge]
#                       [--only websocketd|fanout]
#
# JAVA (default java) and JAVA_OPTS choose the servers' JVM and extra flags.
# Needs switchboard-cli/target/switchboard.jar (mvn -B -q package -pl switchboard-cli -am
# -DskipTests), Node.js with `npm ci` done in bench/bridge, websocketd (apt-get install websocketd)
# and python3. Takes about 6 minutes with the defaults.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
connections=5000
concurrency=16
hold=1000
python_connections=1000
python_hold=200
subscribers=1000
rates=250,500,1000,2000
duration=10
only=""
out="$root/bench/results/bridge"
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --hold) hold="$2"; shift 2 ;;
    --python-connections) python_connections="$2"; shift 2 ;;
    --python-hold) python_hold="$2"; shift 2 ;;
    --subscribers) subscribers="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -d "$here/node_modules/ws" ] || { echo "run 'npm ci' in $here first" >&2; exit 2; }
command -v websocketd >/dev/null || { echo "websocketd is not installed (apt-get install websocketd)" >&2; exit 2; }
mkdir -p "$out"
java="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:-}" # added to the servers' JVM flags (the launcher's -XX:+UseSerialGC -Xmn16m)
work="$(mktemp -d)"
cp "$root/switchboard-cli/target/switchboard.jar" "$work/switchboard.jar"
server_pid=""
hold_pid=""
cleanup() {
  if [ -n "$hold_pid" ]; then kill "$hold_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# kib PID FIELD: a /proc figure in KiB (VmRSS from status, Pss from smaps_rollup); 0 when gone.
kib() {
  local v
  if [ "$2" = Pss ]; then v="$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || true)"
  else v="$(awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || true)"; fi
  echo "${v:-0}"
}

# cpu_ms PID: "SELF CHILDREN", CPU milliseconds the process used and its reaped children used.
cpu_ms() {
  local tck
  tck="$(getconf CLK_TCK)"
  # fields after the command name (which may hold spaces): utime is the 12th, cstime the 15th
  sed 's/.*) //' "/proc/$1/stat" | awk -v t="$tck" '{printf "%d %d\n", ($12 + $13) * 1000 / t, ($14 + $15) * 1000 / t}'
}

# programs_of PID: count, summed RSS and summed PSS (KiB) of the server's child processes.
programs_of() {
  local count=0 rss=0 pss=0 child
  for child in $(pgrep -P "$1" || true); do
    count=$((count + 1)); rss=$((rss + $(kib "$child" VmRSS))); pss=$((pss + $(kib "$child" Pss)))
  done
  echo "$count $rss $pss"
}

# measure SERVER PROGRAM PORT CONNECTIONS HOLD: a warm-up, churn (with CPU per connection), then
# HOLD connections held open while memory is read.
measure() {
  local name="$1" program="$2" port="$3" count="$4" held="$5"
  wait_for_port "$port"
  node "$here/churn.mjs" "ws://127.0.0.1:$port/" --connections "$((count / 2))" --concurrency "$concurrency" >/dev/null # warm-up
  sleep 1
  local cpu_before cpu_after churn
  cpu_before="$(cpu_ms "$server_pid")"
  churn="$(node "$here/churn.mjs" "ws://127.0.0.1:$port/" --connections "$count" --concurrency "$concurrency")"
  sleep 2 # the last programs are reaped
  cpu_after="$(cpu_ms "$server_pid")"
  local done_connections per_connection
  done_connections="$(echo "$churn" | sed 's/.*"connections":\([0-9]*\).*/\1/')"
  per_connection="$(echo "$cpu_before $cpu_after $done_connections" | awk '{printf "{\"server_cpu_ms\":%d,\"programs_cpu_ms\":%d,\"server_cpu_us_per_connection\":%.0f,\"programs_cpu_us_per_connection\":%.0f}", $3 - $1, $4 - $2, ($3 - $1) * 1000 / $5, ($4 - $2) * 1000 / $5}')"

  local rss_before programs_before threads_before
  rss_before="$(kib "$server_pid" VmRSS)"
  threads_before="$(ls "/proc/$server_pid/task" | wc -l)"
  programs_before="$(programs_of "$server_pid")"
  local fifo="$work/hold-$name-$program"
  mkfifo "$fifo"
  node "$here/hold.mjs" "ws://127.0.0.1:$port/" --connections "$held" <"$fifo" >"$fifo.out" &
  hold_pid=$!
  exec 7>"$fifo"
  for _ in $(seq 1 600); do [ -s "$fifo.out" ] && break; sleep 0.1; done
  sleep 3
  local rss_after programs threads_held
  rss_after="$(kib "$server_pid" VmRSS)"
  threads_held="$(ls "/proc/$server_pid/task" | wc -l)"
  programs="$(programs_of "$server_pid")"
  exec 7>&-
  wait "$hold_pid" || true
  hold_pid=""
  local p_count p_rss p_pss
  read -r p_count p_rss p_pss <<<"$programs"
  printf '{"server":"%s","program":"%s","churn":%s,"cpu":%s,"held":%s,"server_rss_kib_before":%s,"server_rss_kib_held":%s,"server_kib_per_connection":%s,"server_threads_before":%s,"server_threads_held":%s,"programs_before":"%s","programs":%s,"program_rss_kib_each":%s,"program_pss_kib_each":%s}\n' \
    "$name" "$program" "$churn" "$per_connection" "$(cat "$fifo.out")" "$rss_before" "$rss_after" \
    "$(awk -v a="$rss_after" -v b="$rss_before" -v n="$held" 'BEGIN {printf "%.1f", (a - b) / n}')" \
    "$threads_before" "$threads_held" "$programs_before" "$p_count" \
    "$(awk -v s="$p_rss" -v n="$p_count" 'BEGIN {printf "%.1f", n ? s / n : 0}')" \
    "$(awk -v s="$p_pss" -v n="$p_count" 'BEGIN {printf "%.1f", n ? s / n : 0}')" | tee -a "$out/websocketd-mode.jsonl"
  sleep 2 # the held programs are stopped
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  sleep 1
}

date -u +"run at %Y-%m-%dT%H:%M:%SZ on $(nproc) cores, $(uname -r), $("$java" -version 2>&1 | head -1), websocketd $(websocketd --version 2>&1 | head -1)" \
  | tee -a "$out/machine.txt"

# Both servers start with SIGINT and SIGTERM at their defaults, as from an interactive shell (a
# background job of a script inherits SIGINT ignored, which the bridge would undo for every program
# by starting it through `env --default-signal`, one exec more).
defaults="env --default-signal=INT,TERM"
# The interpreter itself, not a version manager's shim script on the PATH (pyenv's costs half a
# second of CPU per start, which would be measured as the program's cost).
python="$(python3 -c 'import sys; print(sys.executable)')"
if [ "$only" != fanout ]; then
  for program in cat python3; do
    if [ "$program" = cat ]; then argv="cat"; count="$connections"; held="$hold"
    else argv="$python $here/echo.py"; count="$python_connections"; held="$python_hold"; fi
    # shellcheck disable=SC2086
    $defaults "$java" -XX:+UseSerialGC -Xmn16m $JAVA_OPTS -jar "$work/switchboard.jar" bridge --port 8090 --maxforks 4096 $argv \
      >"$work/bridge.log" 2>&1 &
    server_pid=$!
    measure switchboard-bridge "$program" 8090 "$count" "$held"
    stop_server

    # shellcheck disable=SC2086
    $defaults websocketd --port=8091 --address=127.0.0.1 --loglevel=error $argv >"$work/websocketd.log" 2>&1 &
    server_pid=$!
    measure websocketd "$program" 8091 "$count" "$held"
    stop_server
  done
fi

if [ "$only" != websocketd ]; then
  # One python3 process per topic; its lines are broadcast to every subscriber of the topic.
  # tick:* lifts the rate cap so the source rate is ticker.py's; capped:* keeps the default cap.
  # shellcheck disable=SC2086
  $defaults "$java" -XX:+UseSerialGC -Xmn16m $JAVA_OPTS -jar "$work/switchboard.jar" serve --port 4090 \
    --bridge "tick:*[topic,rate=100000,grace=1s]=$python $here/ticker.py" \
    --bridge "capped:*[topic,grace=1s]=$python $here/ticker.py" >"$work/serve.log" 2>&1 &
  server_pid=$!
  wait_for_port 4090
  for topic in $(echo "$rates" | tr ',' ' ' | sed 's/[0-9][0-9]*/tick:&/g') capped:0; do
    "$java" -jar "$work/switchboard.jar" bench listen -n "$subscribers" --join-topic "$topic" --duration "$duration" \
      --url ws://127.0.0.1:4090/socket/websocket --server-pid "$server_pid" --json "$work/listen.json" \
      >"$work/listen.txt" 2>&1 || true # a flagged run (lost lines, dropped subscribers) is a result too
    cat "$work/listen.txt" >>"$out/listen.txt"
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
      const x = r.results, l = r.latency_us || {}, c = r.cpu || {}
      console.log(JSON.stringify({topic: process.argv[2], subscribers: x.subscribers_joined, source_lines_per_s: x.source_messages_per_s,
        deliveries_per_s: x.deliveries_per_s, gaps: x.gaps, repeats: x.repeats, flagged: r.flagged, failures: r.failures,
        latency_ms: {p50: l.p50 / 1000, p99: l.p99 / 1000, max: l.max / 1000},
        server_cpu_percent: c.server_percent_of_one_core, bench_cpu_percent: c.bench_percent_of_one_core}))
    ' "$work/listen.json" "$topic" | tee -a "$out/fanout.jsonl"
    sleep 3 # the topic's program stops a grace period after its last subscriber
  done
  stop_server
fi
