#!/usr/bin/env node
// The reconnect storm of bench/storm.sh: N official phoenix.js sockets on one node, each joined to
// one topic through the server's recovery helper. When that node is killed, every socket comes
// back on one of the other nodes (a random one, as a balancer would pick) and rejoins; the script
// measures how long until every client has rejoined.
//
//   node storm.mjs --nodes http://127.0.0.1:A,http://127.0.0.1:B,http://127.0.0.1:C \
//        --clients 10000 --mode spread|phoenix [--timeout-ms 120000]
//
// --mode phoenix keeps phoenix.js's reconnect steps (10, 50, 100, 150, 200, 250, 500 ms, ...);
// --mode spread lets the helper spread the reconnects (full jitter, base 1 s). Everything else is
// the same. stdout: {"ready": N} once all joined on the first node, then one {"result": {...}}
// line after the first node went away and every client rejoined (or the timeout), and exit.
// Before that, the surviving nodes are warmed up with 2 × 1,000 short sessions each.

import {Socket} from "phoenix"
import WebSocket from "ws"

const args = {nodes: null, clients: 10000, mode: "spread", "timeout-ms": 120000, topic: "room:storm"}
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, "")
  if (!(key in args)) { process.stderr.write(`unknown argument ${argv[i]}\n`); process.exit(2) }
  args[key] = ["clients", "timeout-ms"].includes(key) ? Number(argv[i + 1]) : argv[i + 1]
}
const [first, ...others] = args.nodes.split(",")
const emit = (value, then) => process.stdout.write(JSON.stringify(value) + "\n", then)
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))
setTimeout(() => finish("timeout"), args["timeout-ms"]).unref()

const source = await (await fetch(first + "/switchboard/recovery.js")).text()
const {recoverable} = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"))

let joined = 0
let lostAt = null
let rejoined = 0
let connectErrors = 0
let joinErrors = 0
let unrecovered = 0
const rejoinMs = []

function start(id) {
  const socket = new Socket(first.replace(/^http/, "ws") + "/socket", {transport: WebSocket, timeout: 10000})
  let joins = 0
  socket.onError(() => { connectErrors++ })
  socket.onClose(() => {
    if (lostAt === null) { lostAt = Date.now() }
    // The node is gone: the next attempt goes to a surviving one, as through a balancer.
    socket.endPoint = others[Math.floor(Math.random() * others.length)].replace(/^http/, "ws") + "/socket/websocket"
  })
  const channel = recoverable(socket, args.topic, {}, {
    spread: args.mode === "spread",
    onRecovery: (recovery) => {
      joins++
      if (joins === 1) {
        if (++joined === args.clients) { emit({ready: joined}) }
        return
      }
      if (!recovery.recovered) { unrecovered++ }
      rejoinMs.push(Date.now() - lostAt)
      if (++rejoined === args.clients) { finish("all rejoined") }
    },
  })
  channel.join().receive("error", () => { joinErrors++ })
  socket.connect()
}

function finish(why) {
  const sorted = [...rejoinMs].sort((a, b) => a - b)
  const at = (p) => sorted.length ? sorted[Math.max(0, Math.ceil(p / 100 * sorted.length) - 1)] : null
  emit({result: {mode: args.mode, clients: args.clients, why, rejoined, allRejoinedMs: rejoined === args.clients ? at(100) : null,
    p50Ms: at(50), p90Ms: at(90), p99Ms: at(99), connectErrors, joinErrors, unrecovered}}, () => process.exit(0))
}

// Warm the surviving nodes first (a node in production has served for a while, its code is
// compiled): 1,000 sockets connect, join and leave on each, twice.
async function warm(url) {
  for (let round = 0; round < 2; round++) {
    const sockets = []
    await Promise.all(Array.from({length: 1000}, () => new Promise((resolve) => {
      const socket = new Socket(url.replace(/^http/, "ws") + "/socket", {transport: WebSocket, timeout: 10000})
      sockets.push(socket)
      socket.connect()
      socket.channel(args.topic + "-warm", {recover: true}).join().receive("ok", resolve).receive("error", resolve)
        .receive("timeout", resolve)
    })))
    sockets.forEach(socket => socket.disconnect())
    await sleep(200)
  }
}
for (const url of others) {
  await warm(url)
}

// Connect in steps of 500, so that the start is not itself a storm.
for (let id = 0; id < args.clients; id++) {
  start(id)
  if (id % 500 === 499) { await sleep(250) }
}
