#!/usr/bin/env node
// phoenix.js Presence clients sharing a presence topic with Java clients (PresenceWithPhoenixJsTest).
// Prints one JSON line per phase with the view of its observer, then waits for a line on stdin
// before the next phase, so the Java side can compare its own view with phoenix.js's at the same
// moments:
//   synced   - three phoenix.js presences ("ada" twice, 7) and the Java one ("java") are visible
//   updated  - ada's web meta was updated to status "away"
//   left     - the socket of 7 was closed and 7 left
//   java2    - a second Java connection tracked under "java" is visible (two metas)
// then it closes every socket and exits 0. On failure it prints {"error": ...} and exits 1.
//
//   node presence-peer.mjs <url> <websocket|longpoll> <topic>
// The npm packages come from $PHOENIX_JS_MODULES (the server module's test node_modules).

import {createRequire} from "node:module"
import path from "node:path"
import readline from "node:readline"

const require = createRequire(path.join(process.env.PHOENIX_JS_MODULES, "..", "package.json"))
const {Socket, Presence, LongPoll} = require("phoenix")
const WebSocket = require("ws")

const [url, transport, topic] = process.argv.slice(2)
const sockets = []
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const input = readline.createInterface({input: process.stdin})[Symbol.asyncIterator]()

/** Prints a phase and waits until the Java side says "next". */
async function phase(name, presence) {
  print({phase: name, view: view(presence)})
  const line = await input.next()
  if (line.done) { throw new Error("stdin closed before the next phase") }
}

function print(value) {
  process.stdout.write(JSON.stringify(value) + "\n")
}

async function waitFor(predicate, ms, what) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) { throw new Error(`timed out after ${ms} ms waiting for ${what}`) }
    await sleep(10)
  }
}

function push(channel, event, payload) {
  return new Promise((resolve, reject) => {
    channel.push(event, payload)
      .receive("ok", resolve)
      .receive("error", e => reject(new Error(`${event} refused: ${JSON.stringify(e)}`)))
      .receive("timeout", () => reject(new Error(`${event} timed out`)))
  })
}

async function client(userId, meta) {
  const socket = new Socket(url.replace(/^http/, "ws"),
    {transport: transport === "longpoll" ? LongPoll : WebSocket, timeout: 5000})
  sockets.push(socket)
  socket.connect()
  const channel = socket.channel(topic)
  const presence = new Presence(channel)
  await new Promise((resolve, reject) => channel.join().receive("ok", resolve).receive("error", reject))
  await push(channel, "presence_join", {user_id: userId, meta})
  return {socket, channel, presence}
}

/** key -> sorted "ref|device|status" strings: what the Java side compares. */
function view(presence) {
  const out = {}
  presence.list((key, {metas}) => {
    out[key] = metas.map(m => `${m.phx_ref}|${m.device}|${m.status ?? ""}`).sort()
  })
  return out
}

const has = (presence, key, metas) => (view(presence)[key] || []).length === metas

async function main() {
  const ada = await client("ada", {device: "web"})
  const adaPhone = await client("ada", {device: "phone"})
  const seven = await client(7, {device: "cli"})
  const p = ada.presence
  await waitFor(() => has(p, "ada", 2) && has(p, "7", 1) && has(p, "java", 1), 10000, "ada x2, 7 and java")
  await phase("synced", p)

  await push(ada.channel, "presence_update", {meta: {device: "web", status: "away"}})
  await waitFor(() => view(p).ada.some(m => m.endsWith("|web|away")), 10000, "the update")
  await phase("updated", p)

  seven.socket.disconnect()
  await waitFor(() => !("7" in view(p)), 15000, "7 to leave")
  await phase("left", p)

  await waitFor(() => has(p, "java", 2), 10000, "a second java meta")
  await phase("java2", p)
  void adaPhone
}

main().then(() => {
  sockets.forEach(s => s.disconnect())
  setTimeout(() => process.exit(0), 100)
}, error => {
  print({error: error.message})
  process.exit(1)
})
