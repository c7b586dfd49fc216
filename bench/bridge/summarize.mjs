#!/usr/bin/env node
// Medians and spreads (min–max) of several bench/bridge/run.sh runs, as Markdown tables.
//
//   node bench/bridge/summarize.mjs RUN_DIR...      (each holding websocketd-mode.jsonl and fanout.jsonl)

import fs from "node:fs"
import path from "node:path"

const dirs = process.argv.slice(2)
if (dirs.length === 0) {
  console.error("usage: summarize.mjs RUN_DIR...")
  process.exit(2)
}

const lines = (dir, file) => {
  const f = path.join(dir, file)
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map(l => JSON.parse(l)) : []
}
const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (x, digits) => Number(x).toLocaleString("en-US", {maximumFractionDigits: digits, minimumFractionDigits: digits})
const cell = (xs, digits = 0) => xs.length === 0 ? "–"
  : `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`

const modes = dirs.flatMap(d => lines(d, "websocketd-mode.jsonl"))
const keys = [...new Set(modes.map(r => `${r.program}|${r.server}`))]
console.log(`websocketd mode, ${dirs.length} runs: median (min–max)\n`)
console.log("| program | server | connections/s | server CPU µs/connection | programs CPU µs/connection | client CPU % of a core | server RSS KiB/connection held | server threads held | program RSS / PSS KiB each |")
console.log("|---|---|---|---|---|---|---|---|---|")
for (const key of keys) {
  const rs = modes.filter(r => `${r.program}|${r.server}` === key)
  const [program, server] = key.split("|")
  console.log(`| ${program} | ${server} | ${cell(rs.map(r => r.churn.per_second), 1)} | ${cell(rs.map(r => r.cpu.server_cpu_us_per_connection))} | `
    + `${cell(rs.map(r => r.cpu.programs_cpu_us_per_connection))} | ${cell(rs.map(r => r.churn.client_cpu_percent_of_one_core))} | `
    + `${cell(rs.map(r => r.server_kib_per_connection), 1)} (${rs[0].held.held} held) | ${cell(rs.map(r => r.server_threads_held))} | `
    + `${cell(rs.map(r => r.program_rss_kib_each))} / ${cell(rs.map(r => r.program_pss_kib_each))} |`)
}
const errors = modes.reduce((n, r) => n + r.churn.errors + r.held.errors, 0)
console.log(`\nfailed connections in all runs: ${errors}\n`)

const fan = dirs.flatMap(d => lines(d, "fanout.jsonl"))
const topics = [...new Set(fan.map(r => r.topic))]
console.log(`per-topic program to subscribers, ${dirs.length} runs: median (min–max)\n`)
console.log("| topic | subscribers | source lines/s | deliveries/s | gaps | latency p50 ms | latency p99 ms | server CPU % of a core | bench CPU % | flagged runs |")
console.log("|---|---|---|---|---|---|---|---|---|---|")
for (const topic of topics) {
  const rs = fan.filter(r => r.topic === topic)
  console.log(`| ${topic} | ${cell(rs.map(r => r.subscribers))} | ${cell(rs.map(r => r.source_lines_per_s))} | ${cell(rs.map(r => r.deliveries_per_s))} | `
    + `${rs.reduce((n, r) => n + r.gaps + r.repeats, 0)} | ${cell(rs.map(r => r.latency_ms.p50), 1)} | ${cell(rs.map(r => r.latency_ms.p99), 1)} | `
    + `${cell(rs.map(r => r.server_cpu_percent))} | ${cell(rs.map(r => r.bench_cpu_percent))} | `
    + `${rs.filter(r => r.flagged).length}${rs.some(r => Object.keys(r.failures || {}).length) ? " (" + rs.map(r => JSON.stringify(r.failures)).join(", ") + ")" : ""} |`)
}
