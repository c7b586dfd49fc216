#!/usr/bin/env node
// Connection churn against a websocketd-style server running `cat`: C workers, each in a loop
// connect → send one line → wait for its echo → close, until N connections are done or the time
// limit passes. Prints one JSON line: connections/s, connect+echo latency percentiles, errors, and
// this client's own CPU (a client at 100% of a core is the limit, not the server).
//
//   node churn.mjs ws://127.0.0.1:PORT/ [--connections 5000] [--concurrency 16] [--limit-s 120]

import WebSocket from "ws"

const args = process.argv.slice(2)
const url = args.shift()
const opt = {connections: 5000, concurrency: 16, "limit-s": 120}
while (args.length) { const k = args.shift().replace(/^--/, ""); opt[k] = Number(args.shift()) }

const latencies = []
let done = 0
let errors = 0
let next = 0
const deadline = Date.now() + opt["limit-s"] * 1000

function once(i) {
  return new Promise(resolve => {
    const started = process.hrtime.bigint()
    const ws = new WebSocket(url, {perMessageDeflate: false})
    let finished = false
    const finish = ok => {
      if (finished) { return }
      finished = true
      if (ok) { latencies.push(Number(process.hrtime.bigint() - started) / 1e6); done++ } else { errors++ }
      try { ws.close() } catch (_e) { /* closed */ }
      resolve()
    }
    ws.on("open", () => ws.send("n" + i))
    ws.on("message", data => finish(String(data) === "n" + i))
    ws.on("error", () => finish(false))
    ws.on("close", () => finish(false))
  })
}

async function worker() {
  while (next < opt.connections && Date.now() < deadline) {
    await once(next++)
  }
}

const start = Date.now()
const cpuBefore = process.cpuUsage()
await Promise.all(Array.from({length: opt.concurrency}, worker))
const seconds = (Date.now() - start) / 1000
const cpu = process.cpuUsage(cpuBefore)
latencies.sort((a, b) => a - b)
const pct = p => latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2)) : null
console.log(JSON.stringify({connections: done, errors, seconds, per_second: Number((done / seconds).toFixed(1)),
  client_cpu_percent_of_one_core: Number(((cpu.user + cpu.system) / 1000 / (seconds * 1000) * 100).toFixed(1)),
  latency_ms: {p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1)}}))
