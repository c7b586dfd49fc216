#!/usr/bin/env node
// The clients of the chaos suite (switchboard-cli ChaosTest): official phoenix.js sockets, half
// WebSocket and half long-poll, each joining one of the topics through the server's own recovery
// helper (/switchboard/recovery.js, imported as served), which also spreads their reconnects.
// The script records what every client saw; the Java side decides pass/fail.
//
//   node chaos-clients.mjs --url http://127.0.0.1:PORT/socket --clients 60 --topics room:a,room:b,room:c
//
// stdout, one JSON object per line:
//   {"ready": 60}                        once every client has joined the first time
//   {"client": {...}}                    per client, after "report": id, topic, transport, ns (the
//                                        payloads' n in arrival order), offsets (of their positions),
//                                        joins [{recovered, replayed, reason}], opens, closes (codes),
//                                        recoverMs (from a connection loss to the next recovered
//                                        join), stalled, lagP99 (ms from the payload's "t", the
//                                        publisher's clock, to arrival)
//   {"end": {"waitedMs": t, "complete": bool}}
// stdin, one JSON object per line:
//   {"stall": {"client": 0, "ms": 10000}}  that (WebSocket) client stops reading its socket for ms
//   {"report": {"last": {"room:a": 300, ...}, "timeoutMs": 30000}}
//                                        waits until every client has received the last n of its
//                                        topic (or the timeout), then reports and exits
// Progress notes go to stderr.

import {LongPoll, Socket} from "phoenix"
import WebSocket from "ws"
import readline from "node:readline"

const args = {url: null, clients: 60, topics: "room:chaos"}
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, "")
  if (!(key in args)) { process.stderr.write(`unknown argument ${argv[i]}\n`); process.exit(2) }
  args[key] = key === "clients" ? Number(argv[i + 1]) : argv[i + 1]
}
if (!args.url) { process.stderr.write("--url is required\n"); process.exit(2) }
const topics = args.topics.split(",")

const startedAt = Date.now()
const trace = (...parts) => process.stderr.write(`[${String(Date.now() - startedAt).padStart(6)} ms] ${parts.join(" ")}\n`)
const emit = (value, then) => process.stdout.write(JSON.stringify(value) + "\n", then)

const source = await (await fetch(args.url.replace(/\/socket$/, "") + "/switchboard/recovery.js")).text()
const {recoverable} = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"))

const clients = []
let ready = 0

function start(id) {
  const transport = id % 2 === 0 ? "websocket" : "longpoll"
  const topic = topics[Math.floor(id / 2) % topics.length]
  const socket = new Socket(args.url, {transport: transport === "longpoll" ? LongPoll : WebSocket, timeout: 5000})
  const client = {id, topic, transport, socket, ns: [], offsets: [], lags: [], joins: [], opens: 0, closes: [],
    recoverMs: [], lostAt: null, stalled: false}
  socket.onOpen(() => { client.opens++ })
  const lost = () => { if (client.lostAt === null) { client.lostAt = Date.now() } }
  socket.onClose((event) => { lost(); client.closes.push(event && event.code); trace(`client ${id} (${transport}) closed`, event && event.code, event && event.reason) })
  socket.onError(lost)
  const channel = recoverable(socket, topic, {}, {
    onRecovery: (recovery) => {
      client.joins.push({recovered: recovery.recovered, replayed: recovery.replayed, reason: recovery.reason ?? null})
      if (client.joins.length === 1 && ++ready === args.clients) { emit({ready}) }
      if (client.lostAt !== null && recovery.recovered) {
        client.recoverMs.push(Date.now() - client.lostAt)
      }
      client.lostAt = null
    },
  })
  channel.on("msg", (payload, position) => {
    client.ns.push(payload.n)
    client.lags.push(Date.now() - payload.t)
    client.offsets.push(typeof position === "string" ? Number(position.split("@")[0]) : null)
  })
  channel.join()
  socket.connect()
  clients.push(client)
}

function stall(id, ms) {
  const client = clients[id]
  const raw = client.socket.conn && client.socket.conn._socket // the ws library's net.Socket
  if (!raw) { trace(`client ${id} has no WebSocket to stall`); return }
  raw.pause()
  client.stalled = true
  trace(`client ${id} stops reading for ${ms} ms`)
  setTimeout(() => { raw.resume(); trace(`client ${id} reads again`) }, ms)
}

function percentile(values, p) {
  if (values.length === 0) { return 0 }
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p / 100 * sorted.length) - 1)]
}

async function report(last, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  const complete = () => clients.every(c => c.ns.includes(last[c.topic] ?? 0) || (last[c.topic] ?? 0) === 0)
  while (!complete() && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  // Anything extra (a duplicate) would arrive right behind the last message.
  await new Promise(resolve => setTimeout(resolve, 500))
  const waitedMs = timeoutMs - Math.max(0, deadline - Date.now())
  for (const c of clients) {
    emit({client: {id: c.id, topic: c.topic, transport: c.transport, ns: c.ns, offsets: c.offsets, joins: c.joins,
      opens: c.opens, closes: c.closes, recoverMs: c.recoverMs, stalled: c.stalled, lagP99: percentile(c.lags, 99)}})
  }
  clients.forEach(c => c.socket.disconnect())
  emit({end: {waitedMs, complete: complete()}}, () => process.exit(0))
}

readline.createInterface({input: process.stdin}).on("line", (line) => {
  let command
  try { command = JSON.parse(line) } catch { trace(`not JSON: ${line}`); return }
  if (command.stall) { stall(command.stall.client, command.stall.ms) }
  else if (command.report) { report(command.report.last, command.report.timeoutMs ?? 30000) }
  else { trace(`unknown command: ${line}`) }
})

for (let id = 0; id < args.clients; id++) {
  start(id)
}
