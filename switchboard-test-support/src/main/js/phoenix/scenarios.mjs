#!/usr/bin/env node
// Runs one interop scenario with the official phoenix.js client against a Switchboard server and
// prints ONE line of JSON observations to stdout. The Java tests (PhoenixClientInteropTest) decide
// pass/fail; this script only records what the client saw. Exit codes: 0 = observations printed,
// 1 = the scenario failed to run ({"error": ..., "partial": ...} printed), 2 = bad usage.
//
//   node scenarios.mjs <scenario> --url http://127.0.0.1:PORT/socket --transport websocket [--extra '{"k":1}']
//
// --transport websocket uses the npm `ws` package (Node 20 has no global WebSocket and phoenix.js
// would otherwise silently fall back to LongPoll); --transport longpoll uses Phoenix.LongPoll.
// Progress notes go to stderr, which the Java side shows when an assertion fails.

import {LongPoll, Presence, Socket} from "phoenix"
import WebSocket from "ws"

// ---------------------------------------------------------------------------------------------
// command line

function parseArgs(argv) {
  const args = {scenario: argv[0], url: null, transport: "websocket", extra: {}}
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]
    const value = argv[i + 1]
    if (key === "--url") { args.url = value; i++ }
    else if (key === "--transport") { args.transport = value; i++ }
    else if (key === "--extra") { args.extra = JSON.parse(value); i++ }
    else { throw new Error(`unknown argument ${key}`) }
  }
  if (!args.scenario || !args.url) { throw new Error("usage: scenarios.mjs <scenario> --url URL [--transport websocket|longpoll] [--extra JSON]") }
  if (!["websocket", "longpoll"].includes(args.transport)) { throw new Error(`unknown transport ${args.transport}`) }
  return args
}

// ---------------------------------------------------------------------------------------------
// output: exactly one JSON line, flushed before exiting

const obs = {}
let finished = false
const startedAt = Date.now()

function trace(...parts) {
  process.stderr.write(`[${String(Date.now() - startedAt).padStart(5)} ms] ${parts.join(" ")}\n`)
}

function finish(code, value) {
  if (finished) { return }
  finished = true
  process.stdout.write(JSON.stringify(value) + "\n", () => process.exit(code))
}

function fail(error) {
  const message = error && error.stack ? error.stack : String(error)
  trace("FAILED:", message)
  finish(1, {error: error && error.message ? error.message : String(error), partial: obs})
}

process.on("unhandledRejection", fail)
process.on("uncaughtException", fail)

// ---------------------------------------------------------------------------------------------
// helpers

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function waitFor(predicate, ms, what) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) { throw new Error(`timed out after ${ms} ms waiting for ${what}`) }
    await sleep(5)
  }
}

function hex(buffer) {
  return Buffer.from(buffer).toString("hex")
}

/** JSON-safe view of a received value; binary values become {"$type": <constructor>, "hex": ...}. */
function describe(value) {
  if (value === undefined) { return null }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? value : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)
    return {"$type": value.constructor.name, hex: hex(bytes)}
  }
  if (Array.isArray(value)) { return value.map(describe) }
  if (value !== null && typeof value === "object") {
    const out = {}
    for (const [k, v] of Object.entries(value)) { out[k] = describe(v) }
    return out
  }
  return value
}

function bytesOf(hexString) {
  const buf = Buffer.from(hexString, "hex")
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
}

class Ctx {
  constructor(args) {
    this.args = args
    this.transport = args.transport
    this.extra = args.extra
    // phoenix.js appends /websocket (and LongPoll rewrites it to /longpoll and ws:// to http://)
    this.endpoint = args.url.replace(/^http/, "ws")
    this.httpEndpoint = args.url.replace(/^ws/, "http")
    this.suffix = args.extra.suffix || `${process.pid}-${Date.now()}`
    this.sockets = []
  }

  transportClass() {
    return this.transport === "longpoll" ? LongPoll : WebSocket
  }

  /** A phoenix Socket using the scenario's transport; every decoded frame is kept in socket.frames. */
  socket(opts = {}) {
    const socket = new Socket(this.endpoint, {transport: this.transportClass(), timeout: 5000, ...opts})
    socket.frames = []
    socket.errors = []
    socket.opens = 0
    socket.onMessage(msg => socket.frames.push(frameView(msg)))
    socket.onError(error => socket.errors.push(errorText(error)))
    socket.onOpen(() => { socket.opens++ })
    this.sockets.push(socket)
    return socket
  }

  async connected(opts = {}) {
    const socket = this.socket(opts)
    socket.connect()
    await waitFor(() => socket.isConnected(), 5000, "the socket to open")
      .catch(e => { throw new Error(`${e.message}; transport errors: ${JSON.stringify(socket.errors)}`) })
    return socket
  }

  topic(prefix) {
    return `${prefix}:${this.suffix}`
  }

  closeAll() {
    for (const socket of this.sockets) {
      try { socket.disconnect() } catch (_e) { /* ignore */ }
    }
  }
}

function frameView(msg) {
  return {join_ref: msg.join_ref ?? null, ref: msg.ref ?? null, topic: msg.topic, event: msg.event, payload: describe(msg.payload)}
}

function errorText(error) {
  if (error === undefined || error === null) { return String(error) }
  if (typeof error !== "object") { return String(error) }
  // ws emits an ErrorEvent-like object with .message, e.g. "Unexpected server response: 403"
  return error.message || (error.error && error.error.message) || error.type || JSON.stringify(error)
}

/** Resolves with {status, response} for the first ok/error/timeout of a Push. */
function outcome(push) {
  return new Promise(resolve => {
    push.receive("ok", response => resolve({status: "ok", response: describe(response)}))
      .receive("error", response => resolve({status: "error", response: describe(response)}))
      .receive("timeout", () => resolve({status: "timeout", response: null}))
  })
}

function join(channel) {
  return outcome(channel.join())
}

function push(channel, event, payload) {
  return outcome(channel.push(event, payload))
}

/** Sends a raw message through the socket (bypassing Channel bookkeeping) and waits for its reply frame. */
async function rawRequest(socket, message, ms = 3000) {
  const ref = socket.makeRef()
  socket.push({join_ref: null, ...message, ref})
  await waitFor(() => socket.frames.some(f => f.ref === ref && f.event === "phx_reply"), ms, `the reply to raw ref ${ref}`)
  return socket.frames.find(f => f.ref === ref && f.event === "phx_reply")
}

function framesFor(socket, topic) {
  return socket.frames.filter(f => f.topic === topic)
}

// ---------------------------------------------------------------------------------------------
// scenarios: each fills `obs` and returns; assertions live in PhoenixClientInteropTest

const DEFAULT_PING_PAYLOAD = {
  text: "héllo wörld — ünïcødé ✓ 漢字 🚀",
  nested: {list: [1, 2.5, -3, true, false, null, "x"], deeper: {empty: {}, emptyList: [], quote: "a\"b\\c"}},
  number: 12345678901234,
}

const scenarios = {
  /** connect, join each topic, push "ping" and record the reply (the server echoes the payload). */
  async ping(ctx) {
    const socket = await ctx.connected()
    const prefixes = ctx.extra.prefixes || ["room"]
    const payload = ctx.extra.payload || DEFAULT_PING_PAYLOAD
    obs.sent = payload
    obs.topics = {}
    for (const prefix of prefixes) {
      const topic = ctx.topic(prefix)
      const channel = socket.channel(topic, {hello: "join"})
      const joined = await join(channel)
      const reply = await push(channel, "ping", payload)
      const replyFrame = socket.frames.find(f => f.topic === topic && f.event === "phx_reply" && f.ref !== channel.joinRef())
      obs.topics[prefix] = {topic, join: joined, reply, joinRef: channel.joinRef(), replyFrame}
    }
  },

  /** N clients join one topic; client 0 pushes "broadcast"; count "msg" deliveries per client. */
  async broadcast(ctx) {
    const clients = ctx.extra.clients || 3
    const topic = ctx.topic("room")
    const received = []
    const channels = []
    for (let i = 0; i < clients; i++) {
      const socket = await ctx.connected()
      const channel = socket.channel(topic)
      const seen = []
      channel.on("msg", (payload, ref, joinRef) => seen.push({payload: describe(payload), ref: ref ?? null}))
      received.push(seen)
      const joined = await join(channel)
      if (joined.status !== "ok") { throw new Error(`client ${i} could not join: ${JSON.stringify(joined)}`) }
      channels.push({socket, channel})
    }
    const payload = {body: "hi all ✓", from: 0, n: [1, 2, 3]}
    obs.sent = payload
    channels[0].channel.push("broadcast", payload)
    await waitFor(() => received.every(r => r.length >= 1), 5000, "every client to receive the broadcast")
    await sleep(300) // duplicates would arrive by now
    obs.received = received
    obs.wireFrames = channels.map(({socket}) => framesFor(socket, topic).filter(f => f.event === "msg"))
  },

  /** join, leave, then talk to the topic again without a channel. */
  async leave(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("room")
    const channel = socket.channel(topic)
    let closes = 0
    channel.onClose(() => closes++)
    obs.join = await join(channel)
    const joinRef = channel.joinRef()
    const leavePush = channel.leave()
    const leaveRef = leavePush.ref
    obs.leave = await outcome(leavePush)
    obs.joinRef = joinRef
    obs.leaveRef = leaveRef
    // phoenix.js acknowledges the leave locally; the server's own reply and phx_close follow
    await waitFor(() => socket.frames.some(f => f.topic === topic && f.event === "phx_close"), 3000, "phx_close after leave")
      .catch(e => { obs.closeWaitError = e.message })
    obs.serverLeaveReply = socket.frames.find(f => f.topic === topic && f.ref === leaveRef) || null
    obs.serverClose = socket.frames.find(f => f.topic === topic && f.event === "phx_close") || null
    obs.onCloseCount = closes
    obs.afterLeave = await rawRequest(socket, {topic, event: "ping", payload: {after: "leave"}})
    obs.topicFrames = framesFor(socket, topic)
  },

  /** two Channel objects for the same topic on one socket. */
  async duplicate_join(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("room")
    const first = socket.channel(topic, {which: 1})
    let firstCloses = 0
    let firstErrors = 0
    first.onClose(() => firstCloses++)
    first.onError(() => firstErrors++)
    obs.firstJoin = await join(first)
    obs.firstJoinRef = first.joinRef()
    const second = socket.channel(topic, {which: 2})
    obs.secondJoin = await join(second)
    obs.secondJoinRef = second.joinRef()
    obs.secondPing = await push(second, "ping", {via: "second"})
    await sleep(200)
    obs.firstOnCloseCount = firstCloses
    obs.firstOnErrorCount = firstErrors
    obs.firstState = first.state
    obs.secondState = second.state
    obs.topicFrames = framesFor(socket, topic)
  },

  /** join a topic no route matches. */
  async unmatched_topic(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.extra.topic || "nope:1"
    const channel = socket.channel(topic)
    obs.join = await join(channel)
    obs.joinReplyFrame = socket.frames.find(f => f.topic === topic && f.event === "phx_reply") || null
    channel.leave()
  },

  /** join refused by the channel. */
  async refused_join(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("secret")
    const channel = socket.channel(topic)
    obs.join = await join(channel)
    obs.joinRef = channel.joinRef()
    obs.joinReplyFrame = socket.frames.find(f => f.topic === topic && f.event === "phx_reply") || null
    obs.channelState = channel.state
    channel.leave()
  },

  /** socket.ping(cb) round trips on topic "phoenix". */
  async heartbeat(ctx) {
    const socket = await ctx.connected()
    const count = ctx.extra.count || 3
    obs.rtts = []
    for (let i = 0; i < count; i++) {
      const rtt = await new Promise((resolve, reject) => {
        if (!socket.ping(resolve)) { reject(new Error("socket.ping returned false")) }
      })
      obs.rtts.push(rtt)
    }
    obs.heartbeatReplies = framesFor(socket, "phoenix")
  },

  /** binary push, binary reply, binary push from the channel and a binary broadcast. */
  async binary(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("binary")
    const channel = socket.channel(topic)
    const pushes = []
    const broadcasts = []
    channel.on("bin_push", payload => pushes.push(describe(payload)))
    channel.on("bin_b", payload => broadcasts.push(describe(payload)))
    obs.join = await join(channel)
    obs.joinRef = channel.joinRef()
    const sentHex = ctx.extra.hex || (hex(Buffer.from(Array.from({length: 256}, (_, i) => i))) + hex(Buffer.from("☃ end", "utf8")))
    obs.sentHex = sentHex
    obs.reply = await push(channel, "bin", bytesOf(sentHex))
    await waitFor(() => pushes.length >= 1, 3000, "bin_push").catch(e => { obs.pushWaitError = e.message })
    const broadcastHex = ctx.extra.broadcastHex || "00ff10ef"
    obs.broadcastSentHex = broadcastHex
    channel.push("bcast_bin", bytesOf(broadcastHex))
    await waitFor(() => broadcasts.length >= 1, 3000, "bin_b").catch(e => { obs.broadcastWaitError = e.message })
    await sleep(100)
    obs.pushes = pushes
    obs.broadcasts = broadcasts
    obs.topicFrames = framesFor(socket, topic).filter(f => f.event !== "phx_reply" || f.ref !== channel.joinRef())
  },

  /** client→server binary only (both transports; over long-poll it travels as a base64 ndjson line). */
  async binary_in(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("binary")
    const channel = socket.channel(topic)
    obs.join = await join(channel)
    const sentHex = ctx.extra.hex || (hex(Buffer.from(Array.from({length: 256}, (_, i) => i))) + hex(Buffer.from("☃ end", "utf8")))
    obs.sentHex = sentHex
    obs.reply = await push(channel, "bin_len", bytesOf(sentHex))
    obs.afterBinary = await push(channel, "ping", {still: "text"})
  },

  /** the server disconnects the socket id: the client reconnects and the channel rejoins. */
  async server_disconnect(ctx) {
    const socket = await ctx.connected({params: {id: `user-${ctx.suffix}`}})
    const channel = socket.channel(ctx.topic("room"))
    const joins = []
    channel.join().receive("ok", () => joins.push(channel.joinRef()))
    await waitFor(() => joins.length >= 1, 5000, "the join")
    channel.push("disconnect_me", {})
    await waitFor(() => joins.length >= 2, 10000, "the rejoin after the server disconnected the socket")
    obs.pingAfter = await push(channel, "ping", {after: "disconnect"})
    obs.joins = joins
    obs.opens = socket.opens
  },

  /**
   * WebSocket with longPollFallbackMs (§5.9): where the WebSocket cannot connect the client falls
   * back to LongPoll and remembers it; where it works, it answers the health-check heartbeat and stays.
   */
  async fallback(ctx) {
    const stored = {}
    const storage = {
      getItem: key => (key in stored ? stored[key] : null),
      setItem: (key, value) => { stored[key] = String(value) },
      removeItem: key => { delete stored[key] },
    }
    const socket = ctx.socket({longPollFallbackMs: ctx.extra.fallbackMs || 1000, sessionStorage: storage})
    socket.connect()
    await waitFor(() => socket.isConnected(), 8000, "the socket to open")
    await sleep(ctx.extra.settleMs || 300) // a working WebSocket answers its health check meanwhile
    const topic = ctx.topic("room")
    const channel = socket.channel(topic)
    const received = []
    channel.on("msg", payload => received.push(describe(payload)))
    obs.join = await join(channel)
    channel.push("broadcast", {via: "fallback"})
    await waitFor(() => received.length >= 1, 5000, "the broadcast")
    obs.received = received
    obs.finalTransport = socket.transport === LongPoll ? "longpoll" : "websocket"
    obs.memorized = storage.getItem("phx:fallback:LongPoll")
    obs.errors = socket.errors
  },

  /** vsn=1.0.0 JSON objects. phoenix.js only speaks V2, so it gets a V1 encode/decode (WebSocket). */
  async v1_json(ctx) {
    const topic = ctx.topic("room")
    if (ctx.transport === "longpoll") {
      return v1OverLongPoll(ctx, topic)
    }
    const rawFrames = []
    const v1 = {
      encode(msg, callback) {
        const object = {topic: msg.topic, event: msg.event, payload: msg.payload, ref: msg.ref}
        if (msg.join_ref !== undefined) { object.join_ref = msg.join_ref }
        callback(JSON.stringify(object))
      },
      decode(raw, callback) {
        rawFrames.push(typeof raw === "string" ? raw : {"$type": raw.constructor.name})
        const o = JSON.parse(raw)
        callback({join_ref: o.join_ref, ref: o.ref, topic: o.topic, event: o.event, payload: o.payload})
      },
    }
    const socket = await ctx.connected({vsn: "1.0.0", encode: v1.encode, decode: v1.decode})
    const channel = socket.channel(topic)
    obs.join = await join(channel)
    obs.reply = await push(channel, "ping", {v: 1, text: "ünï"})
    obs.heartbeatRtt = await new Promise(resolve => socket.ping(resolve))
    obs.rawFrames = rawFrames
  },

  /** connect params make the server refuse the connection: onError, never open. */
  async refused_connect(ctx) {
    const socket = ctx.socket({params: {token: "bad"}, reconnectAfterMs: () => 200})
    socket.connect()
    await waitFor(() => socket.errors.length >= 1, 5000, "onError")
    await sleep(ctx.extra.observeMs || 500)
    obs.errors = socket.errors
    obs.opens = socket.opens
    obs.connected = socket.isConnected()
    socket.disconnect()
  },

  /** authToken travels in Sec-WebSocket-Protocol (WS) / X-Phoenix-AuthToken (LP). */
  async auth_token(ctx) {
    const token = ctx.extra.token || "secret-token"
    const socket = await ctx.connected({authToken: token, params: {user: "ann"}})
    const channel = socket.channel(ctx.topic("whoami"))
    obs.join = await join(channel)
    obs.negotiatedProtocol = ctx.transport === "websocket" ? socket.conn.protocol : null
  },

  /** nested connect params reach the connect handler as nested maps of strings. */
  async connect_params(ctx) {
    const params = ctx.extra.params || {token: "a b&c", user: {id: 5}}
    const socket = await ctx.connected({params})
    obs.endpointURL = socket.endPointURL()
    const channel = socket.channel(ctx.topic("whoami"))
    obs.join = await join(channel)
  },

  /** socket.disconnect() then socket.connect(): the channel rejoins and works again. */
  async reconnect(ctx) {
    const socket = await ctx.connected()
    const channel = socket.channel(ctx.topic("room"))
    const joins = []
    const errors = []
    channel.join()
      .receive("ok", () => joins.push({status: "ok", joinRef: channel.joinRef()}))
      .receive("error", r => joins.push({status: "error", response: describe(r)}))
    channel.onError(reason => errors.push(describe(reason)))
    await waitFor(() => joins.length >= 1, 5000, "the first join")
    obs.pingBefore = await push(channel, "ping", {n: 1})
    await new Promise(resolve => socket.disconnect(resolve))
    obs.connectedAfterDisconnect = socket.isConnected()
    socket.connect()
    await waitFor(() => joins.length >= 2, 5000, "the rejoin after connect()")
    obs.pingAfter = await push(channel, "ping", {n: 2})
    obs.joins = joins
    obs.channelErrors = errors
    obs.opens = socket.opens
  },

  /** a channel callback throws: phx_error, onError, rejoin after ~1 s. */
  async crash(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("crash")
    const channel = socket.channel(topic)
    const joins = []
    const errors = []
    channel.join().receive("ok", () => joins.push({at: Date.now(), joinRef: channel.joinRef()}))
    channel.onError(reason => errors.push({at: Date.now(), reason: describe(reason)}))
    await waitFor(() => joins.length >= 1, 5000, "the first join")
    channel.push("boom", {please: "crash"})
    await waitFor(() => errors.length >= 1, 5000, "onError after boom")
    await waitFor(() => joins.length >= 2, 5000, "the rejoin after the crash")
    obs.pingAfterRejoin = await push(channel, "ping", {alive: true})
    obs.joins = joins.map(j => ({joinRef: j.joinRef, atMs: j.at - joins[0].at}))
    obs.errors = errors.map(e => ({reason: e.reason, atMs: e.at - joins[0].at}))
    obs.rejoinDelayMs = joins[1].at - errors[0].at
    obs.errorFrames = framesFor(socket, topic).filter(f => f.event === "phx_error")
  },

  /** the channel stops itself: phx_close, onClose, no rejoin. */
  async server_stop(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("stop")
    const channel = socket.channel(topic)
    let joins = 0
    let closes = 0
    let errors = 0
    channel.join().receive("ok", () => joins++)
    channel.onClose(() => closes++)
    channel.onError(() => errors++)
    await waitFor(() => joins >= 1, 5000, "the join")
    obs.joinRef = channel.joinRef()
    obs.stopReply = await push(channel, "stop", {})
    await waitFor(() => closes >= 1, 3000, "onClose").catch(e => { obs.closeWaitError = e.message })
    await sleep(ctx.extra.observeMs || 1500) // a rejoin would happen after 1 s
    obs.joins = joins
    obs.closes = closes
    obs.errors = errors
    obs.closeFrames = framesFor(socket, topic).filter(f => f.event === "phx_close")
    obs.afterStop = await rawRequest(socket, {topic, event: "ping", payload: {}})
  },

  /**
   * phoenix.js Presence against ctx.presence(): an observer watches while others join (one key
   * from two connections = two metas, a numeric key), one updates its meta, two disconnect, and a
   * late client gets the whole state. Records the observer's list after each step.
   */
  async presence(ctx) {
    const topic = ctx.topic("presence")
    const presenceClient = async (userId, meta) => {
      const socket = await ctx.connected()
      const channel = socket.channel(topic)
      const presence = new Presence(channel)
      const log = {syncs: 0, joins: [], leaves: []}
      presence.onSync(() => { log.syncs++ })
      presence.onJoin((key, current, joined) => log.joins.push({key, refs: joined.metas.map(m => m.phx_ref)}))
      presence.onLeave((key, current, left) => log.leaves.push({key, refs: left.metas.map(m => m.phx_ref)}))
      const joined = await join(channel)
      if (joined.status !== "ok") { throw new Error(`${userId} could not join: ${JSON.stringify(joined)}`) }
      const reply = await push(channel, "presence_join", {user_id: userId, meta})
      return {socket, channel, presence, log, reply}
    }
    const view = presence => {
      const out = {}
      presence.list((key, {metas}) => {
        out[key] = metas.map(m => ({device: m.device ?? null, status: m.status ?? null, ref: m.phx_ref, prev: m.phx_ref_prev ?? null}))
      })
      return out
    }
    const sameKeys = (presence, keys) => JSON.stringify(Object.keys(view(presence)).sort()) === JSON.stringify([...keys].sort())
    const metaCount = (presence, key) => (view(presence)[key] || []).length

    const observer = await presenceClient("observer", {device: "watch"})
    obs.observerReply = observer.reply
    await waitFor(() => sameKeys(observer.presence, ["observer"]), 5000, "the observer to see itself")
    const ada = await presenceClient("ada", {device: "web"})
    const adaPhone = await presenceClient("ada", {device: "phone"})
    const seven = await presenceClient(7, {device: "cli"})
    obs.replies = {ada: ada.reply, adaPhone: adaPhone.reply, seven: seven.reply}
    await waitFor(() => sameKeys(observer.presence, ["observer", "ada", "7"]) && metaCount(observer.presence, "ada") === 2,
      5000, "the observer to see ada twice and 7")
    obs.afterJoins = view(observer.presence)

    obs.update = await push(ada.channel, "presence_update", {meta: {device: "web", status: "away"}})
    await waitFor(() => (view(observer.presence).ada || []).some(m => m.status === "away"), 5000, "the update")
    obs.afterUpdate = view(observer.presence)

    // Over LongPoll the server learns of a gone client when its session expires (no poll for the
    // session lifetime), so leaves take that long; over WebSocket the close is immediate.
    const leaveMs = ctx.extra.leaveTimeoutMs || 10000
    seven.socket.disconnect()
    await waitFor(() => !("7" in view(observer.presence)), leaveMs, "7 to leave when its connection closes")
    adaPhone.socket.disconnect()
    await waitFor(() => metaCount(observer.presence, "ada") === 1, leaveMs, "ada's phone to leave")
    obs.afterDisconnects = view(observer.presence)

    const late = await presenceClient("late", {})
    await waitFor(() => sameKeys(late.presence, ["observer", "ada", "late"]), 5000, "the late client's state")
    await waitFor(() => sameKeys(observer.presence, ["observer", "ada", "late"]), 5000, "the observer to see the late client")
    obs.lateView = view(late.presence)
    obs.observerFinal = view(observer.presence)
    obs.observerLog = observer.log
    const frames = framesFor(observer.socket, topic)
    obs.stateFrames = frames.filter(f => f.event === "presence_state")
    obs.diffFrames = frames.filter(f => f.event === "presence_diff")
    obs.lateStateFrames = framesFor(late.socket, topic).filter(f => f.event === "presence_state")
  },

  /** presence_join with bad input: every reply is an error with a reason; nothing is tracked. */
  async presence_bad_input(ctx) {
    const socket = await ctx.connected()
    const topic = ctx.topic("presence")
    const channel = socket.channel(topic)
    const presence = new Presence(channel)
    obs.join = await join(channel)
    obs.replies = {
      notAnObject: await push(channel, "presence_join", [1, 2]),
      objectUserId: await push(channel, "presence_join", {user_id: {id: 1}}),
      arrayUserId: await push(channel, "presence_join", {user_id: ["a"]}),
      boolUserId: await push(channel, "presence_join", {user_id: true}),
      emptyUserId: await push(channel, "presence_join", {user_id: ""}),
      arrayMeta: await push(channel, "presence_join", {user_id: "ada", meta: [1]}),
      updateBeforeJoin: await push(channel, "presence_update", {meta: {}}),
    }
    obs.first = await push(channel, "presence_join", {user_id: "ada", meta: {ok: true}})
    obs.second = await push(channel, "presence_join", {user_id: "bob"})
    obs.badUpdate = await push(channel, "presence_update", {meta: "away"})
    await waitFor(() => Object.keys(presence.state).length === 1, 5000, "the state")
    obs.keys = Object.keys(presence.state)
  },

  /** many sockets join one topic; one broadcast must reach each exactly once. */
  async fanout(ctx) {
    const clients = ctx.extra.clients || 500
    const batch = ctx.extra.batch || 50
    const topic = ctx.topic("room")
    const counts = new Array(clients).fill(0)
    const channels = []
    const connectStart = Date.now()
    for (let start = 0; start < clients; start += batch) {
      const group = []
      for (let i = start; i < Math.min(clients, start + batch); i++) {
        group.push((async () => {
          const socket = await ctx.connected()
          const channel = socket.channel(topic)
          channel.on("msg", () => { counts[i]++ })
          const joined = await join(channel)
          if (joined.status !== "ok") { throw new Error(`client ${i} could not join: ${JSON.stringify(joined)}`) }
          channels[i] = channel
        })())
      }
      await Promise.all(group)
    }
    obs.clients = clients
    obs.joined = channels.filter(Boolean).length
    obs.connectAndJoinMs = Date.now() - connectStart
    const sendAt = Date.now()
    channels[0].push("broadcast", {fan: "out", at: sendAt})
    await waitFor(() => counts.every(c => c >= 1), ctx.extra.deliveryTimeoutMs || 10000, "every client to receive the broadcast")
      .catch(e => { obs.deliveryWaitError = e.message })
    obs.deliveryMs = Date.now() - sendAt
    await sleep(500) // duplicates would arrive by now
    obs.receivedExactlyOnce = counts.filter(c => c === 1).length
    obs.receivedNever = counts.filter(c => c === 0).length
    obs.receivedMoreThanOnce = counts.filter(c => c > 1).length
  },
}

/** V1 over LongPoll: phoenix.js forces its V2 serializer on LongPoll, so this one is raw HTTP. */
async function v1OverLongPoll(ctx, topic) {
  const url = `${ctx.httpEndpoint}/longpoll?vsn=1.0.0`
  const rawFrames = []
  const first = await (await fetch(url, {headers: {accept: "application/json"}})).json()
  if (first.status !== 410 || !first.token) { throw new Error(`unexpected first poll answer ${JSON.stringify(first)}`) }
  const withToken = `${url}&token=${encodeURIComponent(first.token)}`
  const post = async object => {
    const body = await (await fetch(withToken, {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(object)})).json()
    if (body.status !== 200) { throw new Error(`POST answered ${JSON.stringify(body)}`) }
  }
  const replyTo = async ref => {
    const deadline = Date.now() + 5000
    while (Date.now() < deadline) {
      const found = rawFrames.map(raw => JSON.parse(raw)).find(o => o.ref === ref && o.event === "phx_reply")
      if (found) { return {status: found.payload.status, response: found.payload.response} }
      const polled = await (await fetch(withToken, {headers: {accept: "application/json"}})).json()
      if (polled.status === 200) { rawFrames.push(...polled.messages) }
      else if (polled.status !== 204) { throw new Error(`poll answered ${JSON.stringify(polled)}`) }
    }
    throw new Error(`no V1 reply for ref ${ref}`)
  }
  await post({topic, event: "phx_join", payload: {}, ref: "1", join_ref: "1"})
  obs.join = await replyTo("1")
  await post({topic, event: "ping", payload: {v: 1, text: "ünï"}, ref: "2", join_ref: "1"})
  obs.reply = await replyTo("2")
  await post({topic: "phoenix", event: "heartbeat", payload: {}, ref: "3"})
  await replyTo("3")
  obs.heartbeatRtt = 0
  obs.rawFrames = rawFrames
}

// ---------------------------------------------------------------------------------------------
// main

let args
try {
  args = parseArgs(process.argv.slice(2))
} catch (e) {
  process.stderr.write(`${e.message}\n`)
  process.stdout.write(JSON.stringify({error: e.message}) + "\n", () => process.exit(2))
}

if (args) {
  const scenario = scenarios[args.scenario]
  if (!scenario) {
    fail(new Error(`unknown scenario ${args.scenario}; known: ${Object.keys(scenarios).join(", ")}`))
  } else {
    const ctx = new Ctx(args)
    const timeoutMs = args.extra.timeoutMs || 15000
    const timer = setTimeout(() => {
      ctx.closeAll()
      fail(new Error(`scenario ${args.scenario} timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    obs.scenario = args.scenario
    obs.transport = args.transport
    trace(`scenario ${args.scenario} over ${args.transport} at ${args.url}`)
    scenario(ctx).then(
      () => {
        clearTimeout(timer)
        obs.elapsedMs = Date.now() - startedAt
        ctx.closeAll()
        trace("done")
        finish(0, obs)
      },
      error => {
        clearTimeout(timer)
        ctx.closeAll()
        fail(error)
      })
  }
}
