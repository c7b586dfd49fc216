#!/usr/bin/env node
// One phoenix.js client that recovers what it missed, written exactly as RECOVERY.md §2 shows:
// a params function that hands back the last position seen. The Java test drives everything
// else (publishing, cutting the connection) and reads this script's stdout, one JSON line per
// event:
//   {"joined": {...recovery...}}        after every successful (re)join
//   {"done": {"received": [n...], "positions": [...], "joins": [...], "opens": k}}
//                                       once `count` messages have arrived (then it exits 0)
//   {"error": "..."}                    on failure (exit 1)
//
//   node recovery.mjs --url http://127.0.0.1:PORT/socket --transport websocket|longpoll \
//        --topic room:x --count 300 [--timeout-ms 30000] [--client spec|helper]
//
// --client helper uses the server's own /switchboard/recovery.js (fetched from the server and
// imported as it is) instead of the three lines of the spec.

import {LongPoll, Socket} from "phoenix"
import WebSocket from "ws"

const args = {transport: "websocket", timeoutMs: 30000, client: "spec"}
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) {
  const [key, value] = [argv[i], argv[i + 1]]
  if (key === "--url") { args.url = value }
  else if (key === "--transport") { args.transport = value }
  else if (key === "--topic") { args.topic = value }
  else if (key === "--count") { args.count = Number(value) }
  else if (key === "--timeout-ms") { args.timeoutMs = Number(value) }
  else if (key === "--client") { args.client = value }
  else { console.log(JSON.stringify({error: `unknown argument ${key}`})); process.exit(2) }
}

function emit(line, code) {
  process.stdout.write(JSON.stringify(line) + "\n", () => { if (code !== undefined) { process.exit(code) } })
}

const timer = setTimeout(() => emit({error: `timed out after ${args.timeoutMs} ms`, received: received.length}, 1), args.timeoutMs)

const socket = new Socket(args.url.replace(/^http/, "ws"), {
  transport: args.transport === "longpoll" ? LongPoll : WebSocket,
  timeout: 5000,
  // Quick retries keep the test short; the schedule itself is not what is tested.
  reconnectAfterMs: () => 200,
  rejoinAfterMs: () => 200,
})
let opens = 0
socket.onOpen(() => { opens++ })

const received = []
const positions = []
const joins = []
function onMsg(payload, position) {
  received.push(payload.n)
  positions.push(position ?? null)
  if (received.length === args.count) {
    // Anything extra (a duplicate) would arrive right behind: wait a little before reporting.
    setTimeout(() => {
      clearTimeout(timer)
      emit({done: {received, positions, joins, opens}}, 0)
    }, 300)
  }
}
function onJoined(recovery) {
  joins.push(recovery)
  emit({joined: recovery})
}

let channel
if (args.client === "helper") {
  const source = await (await fetch(args.url.replace(/\/socket$/, "") + "/switchboard/recovery.js")).text()
  const {recoverable} = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"))
  channel = recoverable(socket, args.topic, {}, {onRecovery: onJoined})
  channel.on("msg", onMsg)
  channel.join().receive("error", response => emit({joinError: response}))
} else {
  // The client side of recovery, as the spec writes it.
  let last = true
  channel = socket.channel(args.topic, () => ({recover: last}))
  channel.on("msg", (payload, position) => {
    if (position) { last = position }
    onMsg(payload, position)
  })
  channel.join()
    .receive("ok", response => onJoined(response.recovery ?? null))
    .receive("error", response => emit({joinError: response}))
}

socket.connect()
