#!/usr/bin/env node
// The JavaScript a page written for websocketd runs, in Node (the `ws` package has the browser's
// WebSocket API: onopen, onmessage, onclose, send). Connects, sends each message given, records
// every message received and how the connection closed, and prints ONE line of JSON.
//
//   node websocketd-client.mjs ws://127.0.0.1:PORT/path [--wait-ms 5000] [--expect N] [message ...]
//
// It stops when the server closes, when --expect messages have arrived (then it closes itself),
// or after --wait-ms.

import WebSocket from "ws"

const args = process.argv.slice(2)
const url = args.shift()
let waitMs = 5000
let expect = Infinity
const outgoing = []
while (args.length) {
  const a = args.shift()
  if (a === "--wait-ms") { waitMs = Number(args.shift()) }
  else if (a === "--expect") { expect = Number(args.shift()) }
  else { outgoing.push(a) }
}

const received = []
let done = false
function finish(close) {
  if (done) { return }
  done = true
  process.stdout.write(JSON.stringify({received, close}) + "\n", () => process.exit(0))
}

const ws = new WebSocket(url)
ws.onopen = () => { for (const m of outgoing) { ws.send(m) } }
ws.onmessage = event => {
  received.push(typeof event.data === "string" ? event.data : {binary: Buffer.from(event.data).toString("hex")})
  if (received.length >= expect) { ws.close(1000, "enough") }
}
ws.onclose = event => finish({code: event.code, reason: event.reason, initiatedBy: received.length >= expect ? "client" : "server"})
ws.onerror = () => {}
setTimeout(() => finish({code: null, reason: "timeout"}), waitMs)
