#!/usr/bin/env node
// Opens N connections to a websocketd-style server running `cat`, checks each echoes, and holds
// them until stdin closes (or SIGTERM). Prints one JSON line when all are open: how many, how long.
//
//   node hold.mjs ws://127.0.0.1:PORT/ [--connections 1000] [--concurrency 50]

import WebSocket from "ws"

const args = process.argv.slice(2)
const url = args.shift()
const opt = {connections: 1000, concurrency: 50}
while (args.length) { const k = args.shift().replace(/^--/, ""); opt[k] = Number(args.shift()) }

const open = []
let errors = 0
let next = 0
function one(i) {
  return new Promise(resolve => {
    const ws = new WebSocket(url, {perMessageDeflate: false})
    ws.on("open", () => ws.send("h" + i))
    ws.on("message", () => { open.push(ws); resolve() })
    ws.on("error", () => { errors++; resolve() })
  })
}
async function worker() {
  while (next < opt.connections) { await one(next++) }
}
const start = Date.now()
await Promise.all(Array.from({length: opt.concurrency}, worker))
console.log(JSON.stringify({held: open.length, errors, seconds: (Date.now() - start) / 1000}))
const quit = () => { for (const ws of open) { ws.terminate() } ; process.exit(0) }
process.stdin.on("end", quit)
process.stdin.resume()
process.on("SIGTERM", quit)
