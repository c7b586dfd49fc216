#!/bin/sh
# This machine's CPU and memory, one JSON line a second, for `switchboard serve`'s metrics:* topics
# (one process per topic; every subscriber sees the same samples). Linux /proc only; POSIX sh and awk.
#   {"cpu": 12.5, "mem_used_mb": 3120, "mem_total_mb": 24000, "ts": 1733550000123}
# cpu: percent of all cores busy since the previous sample; mem_used: total minus available.
interval=${METRICS_INTERVAL:-1}
prev_total=0
prev_idle=0
while :; do
  read -r _ user nice system idle iowait irq softirq steal _ < /proc/stat
  total=$((user + nice + system + idle + iowait + irq + softirq + steal))
  idle_all=$((idle + iowait))
  if [ "$prev_total" -gt 0 ] && [ "$total" -gt "$prev_total" ]; then
    busy_tenths=$(( (1000 * ((total - prev_total) - (idle_all - prev_idle))) / (total - prev_total) ))
    awk -v busy="$busy_tenths" -v ts="$(date +%s%3N)" '
      /^MemTotal:/ { total = $2 }
      /^MemAvailable:/ { available = $2 }
      END { printf "{\"cpu\":%.1f,\"mem_used_mb\":%d,\"mem_total_mb\":%d,\"ts\":%s}\n", busy / 10, (total - available) / 1024, total / 1024, ts }
    ' /proc/meminfo
  fi
  prev_total=$total
  prev_idle=$idle_all
  sleep "$interval"
done
