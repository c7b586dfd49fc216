#!/usr/bin/env node
// The phoenix.js counterpart of ClientLoadMeasurement, for docs/PERFORMANCE.md: the same steps
// against the same kind of server (the demo room:* contract), so the Java client's figures can be
// read next to the official client's in Node.
//   1. warm-up: 200 sockets connect and join, then go;
//   2. 1,000 sockets (each its own WebSocket, npm ws) connect and join room:load at once: time from
//      the first connect() to the last join reply; V8 heap after GC and RSS added, per socket;
//   3. one broadcast to all of them;
//   4. one socket pushes "ping" with 100 pushes in flight: 3 s warm-up, then 10 s measured.
// The last line, RESULT ..., holds every figure. Every step is bounded in time; the script exits
// by itself (1 on failure).
//
//   node --expose-gc client-load.mjs ws://127.0.0.1:4000/socket [server-pid]
// The npm packages come from $PHOENIX_JS_MODULES (the server module's test node_modules).

import {createRequire} from "node:module"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

const require = createRequire(path.join(process.env.PHOENIX_JS_MODULES, "..", "package.json"))
const {Socket} = require("phoenix")
const WebSocket = require("ws")

const [endpoint, serverPidArg] = process.argv.slice(2)
const serverPid = Number(serverPidArg || 0)
const SOCKETS = 1000
const IN_FLIGHT = 100
const RUN_MS = 10_000
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
setTimeout(() => fail("did not finish within 180 s"), 180_000).unref()

function fail(message) {
  process.stdout.write(JSON.stringify({error: message}) + "\n")
  process.exit(1)
}

function within(ms, what, promise) {
  return Promise.race([promise, sleep(ms).then(() => { throw new Error(what + " took over " + ms + " ms") })])
}

async function connectAndJoin(n, topic) {
  const sockets = []
  const channels = []
  const joins = []
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const socket = new Socket(endpoint, {transport: WebSocket, timeout: 30_000})
    socket.connect()
    const channel = socket.channel(topic)
    joins.push(new Promise((resolve, reject) => channel.join()
      .receive("ok", resolve).receive("error", reject).receive("timeout", () => reject(new Error("join timeout")))))
    sockets.push(socket)
    channels.push(channel)
  }
  await within(60_000, "joining " + n, Promise.all(joins))
  return {sockets, channels, millis: Number(process.hrtime.bigint() - start) / 1e6}
}

async function snapshot() {
  for (let i = 0; i < 3; i++) {
    global.gc()
    await sleep(200)
  }
  return {heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss}
}

function serverCpuNanos() {
  if (!serverPid) return 0
  const stat = fs.readFileSync(`/proc/${serverPid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) * 10_000_000
}

function clientCpuNanos() {
  const u = process.cpuUsage()
  return (u.user + u.system) * 1000
}

/** Keeps IN_FLIGHT pings outstanding for ms; resolves with the count of replies and their mean round trip. */
function pushLoop(channel, ms) {
  return new Promise(resolve => {
    const end = Date.now() + ms
    const start = process.hrtime.bigint()
    let replies = 0, notOk = 0, outstanding = 0, rttTotal = 0n
    const send = () => {
      outstanding++
      const t0 = process.hrtime.bigint()
      const done = ok => {
        outstanding--
        replies++
        if (!ok) notOk++
        rttTotal += process.hrtime.bigint() - t0
        if (Date.now() < end) {
          send()
        } else if (outstanding === 0) {
          resolve({replies, notOk, millis: Number(process.hrtime.bigint() - start) / 1e6,
            meanRttMs: Number(rttTotal) / 1e6 / Math.max(1, replies)})
        }
      }
      channel.push("ping", {n: 1}).receive("ok", () => done(true)).receive("error", () => done(false))
        .receive("timeout", () => done(false))
    }
    for (let i = 0; i < IN_FLIGHT; i++) send()
  })
}

try {
  const warm = await connectAndJoin(200, "room:warm")
  warm.sockets.forEach(s => s.disconnect())
  await sleep(1000)

  const before = await snapshot()
  const joined = await connectAndJoin(SOCKETS, "room:load")
  const after = await snapshot()
  const heapPerSocket = (after.heap - before.heap) / 1024 / SOCKETS
  const rssPerSocket = (after.rss - before.rss) / 1024 / SOCKETS
  console.log(`connect+join ${SOCKETS} sockets at once: ${joined.millis.toFixed(0)} ms`)
  console.log(`V8 heap after GC: ${heapPerSocket.toFixed(1)} KiB per socket; RSS ${rssPerSocket.toFixed(1)} KiB per socket`)

  let reached = 0
  const all = new Promise(resolve => joined.channels.forEach(c => c.on("msg", () => { if (++reached === SOCKETS) resolve() })))
  const sent = process.hrtime.bigint()
  joined.channels[0].push("broadcast", {to: "all"})
  await within(30_000, "the broadcast", all)
  const broadcastMs = Number(process.hrtime.bigint() - sent) / 1e6
  console.log(`one broadcast reached all ${SOCKETS} sockets in ${broadcastMs.toFixed(0)} ms`)
  joined.sockets.forEach(s => s.disconnect())

  const socket = new Socket(endpoint, {transport: WebSocket})
  socket.connect()
  const room = socket.channel("room:rate")
  await within(10_000, "joining room:rate", new Promise((resolve, reject) =>
    room.join().receive("ok", resolve).receive("error", reject).receive("timeout", reject)))
  await pushLoop(room, 3000)
  const client0 = clientCpuNanos(), server0 = serverCpuNanos()
  const rate = await within(RUN_MS + 30_000, "the push loop", pushLoop(room, RUN_MS))
  const clientPct = (clientCpuNanos() - client0) / 1e4 / rate.millis
  const serverPct = (serverCpuNanos() - server0) / 1e4 / rate.millis
  const perSecond = rate.replies * 1000 / rate.millis
  console.log(`one socket, ${IN_FLIGHT} pushes in flight: ${rate.replies} replies in ${rate.millis.toFixed(0)} ms = `
    + `${perSecond.toFixed(0)} replies/s, mean round trip ${rate.meanRttMs.toFixed(2)} ms, ${rate.notOk} not ok; `
    + `CPU client ${clientPct.toFixed(0)}%, server ${serverPct.toFixed(0)}%`)
  socket.disconnect()
  const phoenixVersion = JSON.parse(fs.readFileSync(path.join(process.env.PHOENIX_JS_MODULES, "phoenix", "package.json"))).version
  console.log(`RESULT client=phoenix.js-${phoenixVersion} node=${process.version} `
    + `cores=${os.cpus().length} endpoint=${endpoint} sockets=${SOCKETS} connect_join_ms=${joined.millis.toFixed(0)} `
    + `heap_kib_per_socket=${heapPerSocket.toFixed(1)} rss_kib_per_socket=${rssPerSocket.toFixed(1)} `
    + `broadcast_ms=${broadcastMs.toFixed(0)} in_flight=${IN_FLIGHT} replies_per_s=${perSecond.toFixed(0)} `
    + `mean_rtt_ms=${rate.meanRttMs.toFixed(2)} client_cpu_pct=${clientPct.toFixed(0)} server_cpu_pct=${serverPct.toFixed(0)}`)
  if (rate.notOk > 0) fail(`${rate.notOk} pushes not ok`)
  process.exit(0)
} catch (e) {
  fail(String(e && e.stack || e))
}
