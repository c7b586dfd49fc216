#!/usr/bin/env node
// Holds a set of official phoenix.js clients open against a Switchboard cluster (normally through a
// load balancer) and answers commands, one JSON object per line on stdin, with one JSON line each on
// stdout. The Java cluster tests (switchboard-cli ClusterTest) decide pass/fail; this script only
// does what it is told and reports what the clients saw.
//
//   node cluster.mjs --url http://127.0.0.1:PORT/socket --websocket 4 --longpoll 4 --topic room:cluster
//
// Commands:
//   {"id":1,"cmd":"status"}                       -> per client: transport, opens, joins, errors, joined
//   {"id":2,"cmd":"received"}                     -> per client: the payloads of every "msg" seen so far
//   {"id":3,"cmd":"push","client":0,"event":"ping","payload":{}} -> the reply of one push
//   {"id":6,"cmd":"track","client":0,"key":"user-0"} -> presence_join as key; repeated after every rejoin
//   {"id":4,"cmd":"presence"}                     -> per client: its phoenix.js Presence list, {key: metas count}
//   {"id":5,"cmd":"close"}                        -> disconnects everyone, then exits
// Every client joins the topic once at start; phoenix.js rejoins by itself after reconnects.
// Progress notes go to stderr.

import {LongPoll, Presence, Socket} from "phoenix"
import WebSocket from "ws"
import readline from "node:readline"

const args = {url: null, websocket: 0, longpoll: 0, topic: "room:cluster"}
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, "")
  if (!(key in args)) { process.stderr.write(`unknown argument ${argv[i]}\n`); process.exit(2) }
  args[key] = key === "url" || key === "topic" ? argv[i + 1] : Number(argv[i + 1])
}
if (!args.url) { process.stderr.write("--url is required\n"); process.exit(2) }

const startedAt = Date.now()
const trace = (...parts) => process.stderr.write(`[${String(Date.now() - startedAt).padStart(6)} ms] ${parts.join(" ")}\n`)
const answer = (value) => process.stdout.write(JSON.stringify(value) + "\n")

const clients = []

function open(index, transport) {
  const options = {
    // Fast reconnects and rejoins keep the node-failure tests short; the production defaults back off longer.
    reconnectAfterMs: () => 200,
    rejoinAfterMs: () => 200,
    timeout: 5000,
    params: {client: String(index)},
  }
  if (transport === "longpoll") { options.transport = LongPoll } else { options.transport = WebSocket }
  const socket = new Socket(args.url, options)
  const client = {index, transport, socket, opens: 0, closes: 0, errors: 0, joins: 0, joined: false, received: [],
    presenceKey: null, tracked: 0}
  socket.onOpen(() => { client.opens++; trace(`client ${index} (${transport}) open #${client.opens}`) })
  socket.onClose((e) => { client.closes++; trace(`client ${index} (${transport}) closed`, e && e.code) })
  socket.onError(() => { client.errors++ })
  socket.connect()
  const channel = socket.channel(args.topic, {})
  client.channel = channel
  channel.on("msg", (payload) => client.received.push(payload))
  // phoenix.js Presence as an app would use it: synced from presence_state + presence_diff.
  client.presence = new Presence(channel)
  client.syncs = 0
  client.presence.onSync(() => { client.syncs++ })
  channel.onError(() => { client.joined = false })
  channel.onClose(() => { client.joined = false })
  channel.join()
    .receive("ok", () => {
      client.joins++; client.joined = true; trace(`client ${index} joined #${client.joins}`)
      // Like the chat page: after a rejoin (a new join_ref), announce presence again so that the
      // server pushes a fresh presence_state, without which phoenix.js Presence never syncs again.
      if (client.presenceKey) { presenceJoin(client) }
    })
    .receive("error", (r) => trace(`client ${index} join refused`, JSON.stringify(r)))
  clients.push(client)
}

let n = 0
for (let i = 0; i < args.websocket; i++) { open(n++, "websocket") }
for (let i = 0; i < args.longpoll; i++) { open(n++, "longpoll") }

function presenceJoin(client) {
  return new Promise((resolve) => {
    client.channel.push("presence_join", {user_id: client.presenceKey}, 5000)
      .receive("ok", (r) => { client.tracked++; resolve({status: "ok", response: r}) })
      .receive("error", (r) => resolve({status: "error", response: r}))
      .receive("timeout", () => resolve({status: "timeout"}))
  })
}

function status() {
  return clients.map((c) => ({index: c.index, transport: c.transport, opens: c.opens, closes: c.closes,
    errors: c.errors, joins: c.joins, joined: c.joined && c.channel.state === "joined", received: c.received.length}))
}

function push(command) {
  const client = clients[command.client]
  return new Promise((resolve) => {
    client.channel.push(command.event, command.payload || {}, command.timeout || 5000)
      .receive("ok", (r) => resolve({status: "ok", response: r}))
      .receive("error", (r) => resolve({status: "error", response: r}))
      .receive("timeout", () => resolve({status: "timeout"}))
  })
}

const input = readline.createInterface({input: process.stdin})
input.on("line", async (line) => {
  let command
  try { command = JSON.parse(line) } catch (e) { answer({error: `unreadable command: ${line}`}); return }
  try {
    switch (command.cmd) {
      case "status": answer({id: command.id, clients: status()}); break
      case "received": answer({id: command.id, clients: clients.map((c) => c.received)}); break
      case "presence":
        answer({id: command.id, clients: clients.map((c) => {
          const view = {}
          c.presence.list((key, {metas}) => { view[key] = metas.length })
          return {syncs: c.syncs, tracked: c.tracked, presences: view}
        })})
        break
      case "push": answer({id: command.id, ...(await push(command))}); break
      case "track": {
        const client = clients[command.client]
        client.presenceKey = command.key
        answer({id: command.id, ...(await presenceJoin(client))})
        break
      }
      case "close":
        clients.forEach((c) => c.socket.disconnect())
        answer({id: command.id, closed: true})
        setTimeout(() => process.exit(0), 50)
        break
      default: answer({id: command.id, error: `unknown command ${command.cmd}`})
    }
  } catch (e) {
    answer({id: command.id, error: String(e && e.stack || e)})
  }
})
// The Java side closing our stdin (or dying) ends the run: never outlive the test.
input.on("close", () => process.exit(0))
