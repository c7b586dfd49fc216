#!/usr/bin/env node
// The official phoenix.js client against bridged programs. Runs one scenario and prints ONE line of
// JSON observations; the Java tests decide pass/fail. Exit 0 = observations printed, 1 = failed
// ({"error": ..., "partial": ...}).
//
//   node bridge-scenarios.mjs <scenario> --url ws://127.0.0.1:PORT/socket [--extra '{"k":1}']

import {Socket} from "phoenix"
import WebSocket from "ws"

const argv = process.argv.slice(2)
const scenario = argv[0]
let url = null
let extra = {}
for (let i = 1; i < argv.length; i++) {
  if (argv[i] === "--url") { url = argv[++i] }
  else if (argv[i] === "--extra") { extra = JSON.parse(argv[++i]) }
  else { throw new Error(`unknown argument ${argv[i]}`) }
}

const obs = {}
const started = Date.now()
let finished = false
const trace = (...parts) => process.stderr.write(`[${String(Date.now() - started).padStart(5)} ms] ${parts.join(" ")}\n`)
function finish(code, value) {
  if (finished) { return }
  finished = true
  process.stdout.write(JSON.stringify(value) + "\n", () => process.exit(code))
}
function fail(error) {
  trace("FAILED:", error && error.stack ? error.stack : String(error))
  finish(1, {error: error && error.message ? error.message : String(error), partial: obs})
}
process.on("unhandledRejection", fail)
process.on("uncaughtException", fail)

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
async function waitFor(predicate, ms, what) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) { throw new Error(`timed out after ${ms} ms waiting for ${what}`) }
    await sleep(5)
  }
}

const sockets = []
async function connect(params = {}) {
  const socket = new Socket(url, {transport: WebSocket, params, timeout: 5000, rejoinAfterMs: () => 200,
    reconnectAfterMs: () => 200})
  socket.connect()
  sockets.push(socket)
  await waitFor(() => socket.isConnected(), 5000, "the socket to open")
  return socket
}

function outcome(push) {
  return new Promise(resolve => {
    push.receive("ok", response => resolve({status: "ok", response}))
      .receive("error", response => resolve({status: "error", response}))
      .receive("timeout", () => resolve({status: "timeout", response: null}))
  })
}

/** Records every event of a channel: [{event, payload}]. */
function record(channel, events) {
  const seen = []
  for (const e of events) { channel.on(e, payload => seen.push({event: e, payload})) }
  return seen
}

const scenarios = {
  /**
   * One client joins a per-join topic with join and socket params; the program tells what it got
   * in its environment, then several pushes are answered by ref (the program answers out of order).
   */
  async perJoin() {
    const socket = await connect({token: "t-1", user: "ann"})
    const channel = socket.channel(extra.topic, {room: "blue", n: 7})
    const seen = record(channel, ["env", "data", "bridge_error", "shout"])
    obs.join = await outcome(channel.join())
    await waitFor(() => seen.some(s => s.event === "env"), 5000, "the env push")
    const pushes = []
    for (let i = 1; i <= extra.pushes; i++) { pushes.push(outcome(channel.push("add", {a: i, b: 10 * i}))) }
    obs.replies = await Promise.all(pushes)
    if (extra.bogus) {
      obs.bogus = await outcome(channel.push("bogus", {}))
      await waitFor(() => seen.some(s => s.event === "bridge_error"), 5000, "the bridge_error push")
    }
    obs.seen = seen
  },

  /** A push makes the program exit with a status; observe phx_error + rejoin, or phx_close. */
  async exit() {
    const socket = await connect()
    const channel = socket.channel(extra.topic, {})
    const seen = record(channel, ["hello"])
    let errors = 0
    let closes = 0
    channel.onError(() => errors++)
    channel.onClose(() => closes++)
    obs.join = await outcome(channel.join())
    await waitFor(() => seen.length >= 1, 5000, "the first hello")
    channel.push("exit", {status: extra.status})
    if (extra.status === 0) {
      await waitFor(() => closes >= 1, 5000, "phx_close")
      await sleep(500) // a rejoin would happen by now
    } else {
      await waitFor(() => errors >= 1 && seen.length >= 2, 8000, "phx_error and a hello from the rejoined program")
      obs.afterRejoin = await outcome(channel.push("ping", {}))
    }
    obs.errors = errors
    obs.closes = closes
    obs.hellos = seen.map(s => s.payload)
    obs.state = channel.state
  },

  /** N sockets join one per-topic topic and collect M "data" events each; then all leave. */
  async topicFanout() {
    const clients = extra.clients
    const channels = []
    const received = []
    for (let i = 0; i < clients; i++) {
      const socket = await connect()
      const channel = socket.channel(extra.topic, {})
      const seen = []
      channel.on("data", payload => seen.push(payload))
      const joined = await outcome(channel.join())
      if (joined.status !== "ok") { throw new Error(`client ${i} could not join: ${JSON.stringify(joined)}`) }
      channels.push(channel)
      received.push(seen)
    }
    obs.joinedAt = Date.now()
    await waitFor(() => received.every(r => r.length >= extra.messages), 15000, `${extra.messages} messages at every client`)
    obs.pids = [...new Set(received.flat().map(p => p.pid))]
    obs.counts = received.map(r => r.length)
    obs.sequences = received.map(r => r.slice(-extra.messages).map(p => p.n))
    if (extra.push) { obs.push = await outcome(channels[0].push("note", {text: "hi"})) }
    for (const channel of channels) { await outcome(channel.leave()) }
  },

  /** One client joins a topic and collects the events named in extra.events until extra.count arrived. */
  async collect() {
    const socket = await connect()
    const channel = socket.channel(extra.topic, {})
    const seen = record(channel, extra.events)
    obs.join = await outcome(channel.join())
    if (extra.readyFile) {
      const fs = await import("node:fs")
      fs.writeFileSync(extra.readyFile, "joined")
    }
    if (extra.push) { obs.push = await outcome(channel.push(extra.push.event, extra.push.payload)) }
    await waitFor(() => seen.length >= extra.count, extra.waitMs || 10000, `${extra.count} events`)
    obs.seen = seen
  },

  /**
   * One client joins, waits for the program's "ready" push, leaves the channel and keeps its socket
   * open for extra.holdMs, so that only the leave can stop the program; extra.leftFile is written
   * when the leave was acknowledged.
   */
  async leave() {
    const socket = await connect()
    const channel = socket.channel(extra.topic, {})
    const seen = record(channel, ["ready"])
    obs.join = await outcome(channel.join())
    await waitFor(() => seen.length >= 1, 5000, "the ready push")
    obs.ready = seen[0].payload
    obs.leave = await outcome(channel.leave())
    const fs = await import("node:fs")
    fs.writeFileSync(extra.leftFile, "left")
    await sleep(extra.holdMs)
    obs.connectedAfterHold = socket.isConnected()
  },

  /** A line program: push lines, collect "line" events. */
  async lines() {
    const socket = await connect()
    const channel = socket.channel(extra.topic, {})
    const seen = []
    channel.on("line", payload => seen.push(payload.line))
    obs.join = await outcome(channel.join())
    obs.pushes = []
    for (const line of extra.lines) { obs.pushes.push(await outcome(channel.push("line", {line}))) }
    obs.bad = await outcome(channel.push("line", {nope: 1}))
    await waitFor(() => seen.length >= extra.expect, 5000, `${extra.expect} lines`)
    obs.lines = seen
  },
}

if (!scenarios[scenario]) { fail(new Error(`unknown scenario ${scenario}`)) }
else {
  scenarios[scenario]()
    .then(() => { for (const s of sockets) { s.disconnect() } ; finish(0, obs) })
    .catch(fail)
}
