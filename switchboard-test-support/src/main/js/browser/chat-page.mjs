#!/usr/bin/env node
// Drives the demo chat page, and a page of another origin, in headless Chromium and prints ONE
// line of JSON observations to stdout. ChatPageBrowserTest starts the servers and decides
// pass/fail; this script only records what the browser saw. Exit codes: 0 = observations
// printed, 1 = the scenario could not run ({"error": ..., "partial": ...} printed), 2 = bad usage.
//
//   node chat-page.mjs <scenario> --config '{"chromium": "/usr/bin/chromium", "server": "http://127.0.0.1:PORT", ...}'
//
// Scenarios (config keys besides chromium, server, timeoutMs, scenarioTimeoutMs):
//   load          open the chat page and wait until it is connected
//   conversation  two pages in separate browser contexts join one room, see each other in the
//                 online list (presence) and exchange three messages; then the second page
//                 leaves and the first sees the online list shrink; transport: "websocket" | "longpoll" (?transport=longpoll),
//                 room, screenshot: file for a PNG of the first page afterwards,
//                 useSelector: the first page opens without ?transport= and picks the transport
//                 in the header's selector instead
//   fallback      the page's WebSocket opens but never answers (as behind a proxy that swallows
//                 WebSocket traffic); watch the client fall back to LongPoll and chat over it
//   cross-origin  open crossOrigin + "/cross-origin.html", a page of another site that connects
//                 to server with transport "websocket" | "longpoll"
//   metrics       open the page and wait for the server metrics chart (metrics-chart.js, fed by
//                 the bridged metrics:system program) to draw samples (config.samples, default 2);
//                 screenshot: file for a PNG of the page
//   dashboard     open server + "/dashboard" and wait for its live feed; then a phoenix.js client (in
//                 Node, over WebSocket) connects, joins config.topic and pushes config.pushes
//                 "broadcast" events while the page's numbers are recorded before and after;
//                 publishes from the page's form and records what the client received;
//                 disconnects the client from the page's connections table and records its
//                 close code; every confirmation dialog is accepted and recorded;
//                 screenshot: file for a PNG of the page at the end
//   websocketd-page  open server + "/" (websocketd/index.html, served by websocketd or by
//                 `switchboard bridge --staticdir`) and wait until its WebSocket has closed;
//                 records the lines the page shows
//   compression   open server + "/", then in the page a phoenix.js socket of its own to
//                 config.socketUrl (which may go through a byte-counting proxy) joins config.topic
//                 and pushes config.count "broadcast" events of config.kind (each after the last came back), "chat" (a line of
//                 chat) or "document" (a 2 KB JSON document), one after another; records the
//                 Sec-WebSocket-Extensions the server answered (from the DevTools protocol) and
//                 whether every msg came back exactly as sent
//
// Chromium is the system's (config.chromium); playwright-core never downloads a browser here.
// Progress notes go to stderr, which the Java side shows when an assertion fails.

import {chromium} from "playwright-core"
import {Socket} from "phoenix"
import WebSocket from "ws"

// ---------------------------------------------------------------------------------------------
// command line and output

const SCENARIOS = {load, conversation, fallback, "cross-origin": crossOrigin, metrics, dashboard,
  "websocketd-page": websocketdPage, compression}

function parseArgs(argv) {
  const args = {scenario: argv[0], config: null}
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--config") { args.config = JSON.parse(argv[i + 1]); i++ }
    else { throw new Error(`unknown argument ${argv[i]}`) }
  }
  if (!SCENARIOS[args.scenario] || !args.config || !args.config.chromium || !args.config.server) {
    throw new Error(`usage: chat-page.mjs <${Object.keys(SCENARIOS).join("|")}> --config '{"chromium": PATH, "server": URL, ...}'`)
  }
  return args
}

const obs = {}
const startedAt = Date.now()
let finished = false
let browser = null

function trace(...parts) {
  process.stderr.write(`[${String(Date.now() - startedAt).padStart(5)} ms] ${parts.join(" ")}\n`)
}

async function finish(code, value) {
  if (finished) { return }
  finished = true
  if (browser) {
    // Never leave a browser behind; a close that hangs does not keep us from reporting.
    await Promise.race([browser.close().catch(() => {}), new Promise(resolve => setTimeout(resolve, 5000))])
  }
  process.stdout.write(JSON.stringify(value) + "\n", () => process.exit(code))
}

function fail(error) {
  trace("FAILED:", error && error.stack ? error.stack : String(error))
  return finish(1, {error: error && error.message ? error.message : String(error), partial: obs})
}

process.on("unhandledRejection", fail)
process.on("uncaughtException", fail)

let config
try {
  const args = parseArgs(process.argv.slice(2))
  config = Object.assign({timeoutMs: 15000, scenarioTimeoutMs: 45000}, args.config, {scenario: args.scenario})
} catch (e) {
  process.stdout.write(JSON.stringify({error: e.message}) + "\n", () => process.exit(2))
}

// ---------------------------------------------------------------------------------------------
// browser helpers

async function launch() {
  trace("launching", config.chromium)
  browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    timeout: config.timeoutMs * 2,
    // playwright-core gives every launch a fresh temporary profile (user data dir) of its own.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  })
  obs.browserVersion = browser.version()
  return browser
}

/** A page in a context of its own (separate cookies and storage: another person), with its network watched. */
async function newPage(name) {
  const context = await browser.newContext({
    viewport: {width: 960, height: 640},
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
  })
  context.setDefaultTimeout(config.timeoutMs)
  const page = await context.newPage()
  page.record = watch(page, name)
  return page
}

/** What a page did on the network and in its console. */
function watch(page, name) {
  const record = {consoleErrors: [], pageErrors: [], websockets: [], longPollRequests: []}
  page.on("console", msg => {
    if (msg.type() === "error") { record.consoleErrors.push(msg.text()) }
  })
  page.on("pageerror", error => record.pageErrors.push(error.message))
  page.on("websocket", ws => {
    const entry = {url: ws.url(), framesReceived: 0, error: null, closed: false}
    record.websockets.push(entry)
    trace(name, "websocket", ws.url())
    ws.on("framereceived", () => { entry.framesReceived++ })
    ws.on("socketerror", error => { entry.error = String(error); trace(name, "websocket error", error) })
    ws.on("close", () => { entry.closed = true })
  })
  page.on("request", request => {
    if (request.url().includes("/socket/longpoll")) {
      record.longPollRequests.push({method: request.method(), url: request.url()})
    }
  })
  return record
}

async function waitConnected(page) {
  await page.waitForSelector("#status.status-connected")
}

async function text(page, selector) {
  return (await page.textContent(selector)).trim()
}

async function messages(page) {
  return page.$$eval("#messages li.msg", items => items.map(item => ({
    user: item.querySelector(".msg-user").textContent,
    body: item.querySelector(".msg-body").textContent,
    own: item.classList.contains("own"),
  })))
}

async function systemMessages(page) {
  return page.$$eval("#messages li.system", items => items.map(item => item.textContent))
}

/** The online list (presence): the count shown and each person's chip text. */
async function online(page) {
  return {
    count: await text(page, "#online-count"),
    people: await page.$$eval("#online-list li.person", items => items.map(item => item.textContent)),
  }
}

async function waitOnlineCount(page, count) {
  await page.waitForFunction(n => document.getElementById("online-count").textContent === String(n), count)
}

/** What the chat page shows now, and what it did on the network. */
async function snapshot(page) {
  return {
    url: page.url(),
    online: await online(page),
    status: await text(page, "#status-text"),
    transport: await text(page, "#transport"),
    messages: await messages(page),
    system: await systemMessages(page),
    network: page.record,
  }
}

/**
 * Opens the chat page at url, waits for the connection, joins the room in the URL as name. With
 * pick, first chooses that transport in the selector (which reloads the page).
 */
async function openChat(name, url, pick) {
  const page = await newPage(name)
  trace(name, "opens", url)
  await page.goto(url)
  await waitConnected(page)
  if (pick) {
    trace(name, "picks", pick)
    await Promise.all([page.waitForURL(u => u.searchParams.get("transport") === pick), page.selectOption("#transport-select", pick)])
    page.record.websockets = [] // from here on: what the chosen transport does
    page.record.longPollRequests = []
    await waitConnected(page)
  }
  await page.fill("#name", name)
  await page.click("#join-button")
  await page.waitForSelector("#chat", {state: "visible"})
  await page.waitForSelector("#body:enabled")
  trace(name, "joined", await text(page, "#room-name"))
  return page
}

/** Sends body from page and waits until every page in everyone shows count messages. */
async function say(page, body, everyone, count) {
  await page.fill("#body", body)
  await page.press("#body", "Enter")
  for (const p of everyone) {
    await p.waitForFunction(n => document.querySelectorAll("#messages li.msg").length >= n, count)
  }
}

async function waitUntil(predicate, ms, what) {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) { throw new Error(`timed out after ${ms} ms waiting for ${what}`) }
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

// ---------------------------------------------------------------------------------------------
// scenarios

async function load() {
  const page = await newPage("visitor")
  await page.goto(config.server + "/")
  await waitConnected(page)
  obs.title = await page.title()
  obs.status = await text(page, "#status-text")
  obs.transport = await text(page, "#transport")
  obs.phoenixLoaded = await page.evaluate(() => typeof window.Phoenix === "object" && typeof window.Phoenix.Socket === "function")
  obs.selector = {
    visible: await page.isVisible("#transport-select"),
    value: await page.inputValue("#transport-select"),
    options: await page.$$eval("#transport-select option", options => options.map(o => o.value)),
  }
  obs.joinFormVisible = await page.isVisible("#join-form")
  obs.network = page.record
}

async function conversation() {
  const room = config.room || "browser-test"
  const plain = `${config.server}/?room=${encodeURIComponent(room)}`
  const url = plain + (config.transport === "longpoll" ? "&transport=longpoll" : "")
  const alice = config.useSelector ? await openChat("Alice", plain, config.transport) : await openChat("Alice", url)
  const bob = await openChat("Bob", url)
  const both = [alice, bob]
  for (const p of both) { await waitOnlineCount(p, 2) }
  await say(alice, "Hi Bob, is the deploy done?", both, 1)
  await say(bob, "Yes, all green on staging.", both, 2)
  await say(alice, "Great, ship it!", both, 3)
  obs.alice = await snapshot(alice)
  obs.bob = await snapshot(bob)
  if (config.screenshot) {
    await alice.screenshot({path: config.screenshot})
    obs.screenshot = config.screenshot
  }
  await bob.click("#leave-button")
  await waitOnlineCount(alice, 1)
  obs.aliceOnlineAfterBobLeft = await online(alice)
}

async function fallback() {
  const room = config.room || "fallback-test"
  const page = await newPage("Carol")
  // The page's WebSocket "opens" but no frame ever comes back, like behind a proxy that accepts
  // the upgrade and then swallows the traffic. playwright answers instead of the server.
  obs.swallowedWebSockets = 0
  await page.routeWebSocket(/\/socket\/websocket/, () => { obs.swallowedWebSockets++ })
  // Every label the header shows, in order.
  await page.addInitScript(() => {
    window.transportLabels = []
    document.addEventListener("DOMContentLoaded", () => {
      const label = document.getElementById("transport")
      const note = () => {
        const shown = label.textContent
        if (window.transportLabels[window.transportLabels.length - 1] !== shown) { window.transportLabels.push(shown) }
      }
      note()
      new MutationObserver(note).observe(label, {childList: true, characterData: true, subtree: true})
    })
  })
  const opened = Date.now()
  await page.goto(`${config.server}/?room=${encodeURIComponent(room)}`)
  await page.waitForFunction(() => document.getElementById("transport").textContent.includes("LongPoll"))
  obs.fallbackAfterMs = Date.now() - opened
  await waitConnected(page)
  await page.fill("#name", "Carol")
  await page.click("#join-button")
  await page.waitForSelector("#body:enabled")
  await say(page, "Still here, over long-polling.", [page], 1)
  obs.labels = await page.evaluate(() => window.transportLabels)
  obs.remembered = await page.evaluate(() => window.sessionStorage.getItem("phx:fallback:LongPoll"))
  obs.page = await snapshot(page)
}

async function crossOrigin() {
  const page = await newPage("other-site")
  // playwright reports no response for a request the browser's CORS check blocked, but the
  // DevTools protocol still shows its HTTP status: that is how a 403 to long-polling is seen.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Network.enable")
  const longPoll = new Map()
  const entry = id => {
    if (!longPoll.has(id)) { longPoll.set(id, {method: null, url: null, status: null, bodyStatus: null, failure: null}) }
    return longPoll.get(id)
  }
  const statuses = new Map()
  cdp.on("Network.requestWillBeSent", e => {
    if (e.request.url.includes("/socket/longpoll")) { Object.assign(entry(e.requestId), {method: e.request.method, url: e.request.url}) }
  })
  cdp.on("Network.responseReceivedExtraInfo", e => statuses.set(e.requestId, e.statusCode))
  cdp.on("Network.loadingFailed", e => {
    if (longPoll.has(e.requestId)) {
      entry(e.requestId).failure = e.corsErrorStatus ? `CORS ${e.corsErrorStatus.corsError}` : e.errorText
    }
  })
  page.on("response", async response => {
    if (!response.url().includes("/socket/longpoll")) { return }
    try {
      const body = JSON.parse(await response.text())
      const match = [...longPoll.values()].find(r => r.url === response.url() && r.bodyStatus === null)
      if (match) { match.bodyStatus = body.status }
    } catch (e) {
      // no readable JSON body: the HTTP status says enough
    }
  })
  const longPollRequests = () => [...longPoll.entries()].map(([id, r]) => Object.assign({}, r, {status: statuses.get(id) ?? null}))

  const url = `${config.crossOrigin}/cross-origin.html?server=${encodeURIComponent(config.server)}`
    + `&transport=${encodeURIComponent(config.transport || "websocket")}`
  trace("opens", url)
  await page.goto(url)
  await page.waitForFunction(() => window.observed && window.observed.finished)
  obs.page = await page.evaluate(() => window.observed)
  if (obs.page.opens === 0) {
    // Refused: the server's answer may reach the protocol events just after the page's error.
    if (config.transport === "longpoll") {
      await waitUntil(() => longPollRequests().some(r => r.status !== null), config.timeoutMs, "the long-poll response status")
    } else {
      await waitUntil(() => page.record.websockets.some(ws => ws.error !== null || ws.closed), config.timeoutMs, "the WebSocket outcome")
    }
  }
  obs.longPollRequests = longPollRequests()
  obs.network = page.record
}

async function metrics() {
  const page = await newPage("viewer")
  await page.goto(config.server + "/")
  await waitConnected(page)
  const wanted = config.samples || 2
  await page.waitForFunction(n => Number(document.getElementById("metrics").dataset.samples || 0) >= n, wanted,
    {timeout: config.timeoutMs})
  obs.visible = await page.isVisible("#metrics")
  obs.state = await page.getAttribute("#metrics", "data-state")
  obs.stateText = await text(page, "#metrics-state")
  obs.samples = Number(await page.getAttribute("#metrics", "data-samples"))
  obs.cpu = await text(page, "#metrics-cpu")
  obs.mem = await text(page, "#metrics-mem")
  obs.cpuPoints = await page.getAttribute(".metrics-line-cpu", "points")
  obs.memPoints = await page.getAttribute(".metrics-line-mem", "points")
  if (config.screenshot) { await page.screenshot({path: config.screenshot}) }
  obs.network = page.record
}

/** The dashboard's live numbers as shown now. */
async function dashboardNumbers(page) {
  return page.evaluate(() => Object.fromEntries(["connections", "topics", "joins", "in", "out", "deliveries", "in-total"]
    .map(name => [name, Number(document.getElementById("stat-" + name).dataset.value)])))
}

/** Waits until condition() (evaluated here, in Node) holds, checking every 50 ms. */
async function until(condition, what) {
  const deadline = Date.now() + config.timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) { throw new Error(`timed out waiting for ${what}`) }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

async function dashboard() {
  const topic = config.topic || "room:dashboard"
  const pushes = config.pushes || 5
  const page = await newPage("operator")
  obs.dialogs = []
  page.on("dialog", dialog => { obs.dialogs.push(dialog.message()); dialog.accept() })
  await page.goto(config.server + "/dashboard")
  await page.waitForSelector("#live[data-state=live]")
  await page.waitForFunction(() => Number(document.getElementById("chart-connections").dataset.points || 0) >= 1)
  obs.before = await dashboardNumbers(page)

  trace("client connects and joins", topic)
  const client = {received: [], closes: []}
  const socket = new Socket(config.server.replace(/^http/, "ws") + "/socket",
    {transport: WebSocket, params: {user_id: "probe"}, reconnectAfterMs: () => 60000, timeout: 5000})
  socket.onClose(event => client.closes.push(event && event.code))
  socket.connect()
  const channel = socket.channel(topic, {})
  channel.on("msg", payload => client.received.push(payload))
  await new Promise((resolve, reject) => channel.join().receive("ok", resolve)
    .receive("error", e => reject(new Error("join refused: " + JSON.stringify(e))))
    .receive("timeout", () => reject(new Error("join timed out"))))
  for (let i = 0; i < pushes; i++) { channel.push("broadcast", {n: i}) }
  await page.waitForFunction(([connections, pushes]) =>
    Number(document.getElementById("stat-connections").dataset.value) > connections
      && Number(document.getElementById("stat-in-total").dataset.value) >= pushes,
  [obs.before.connections, pushes])
  obs.after = await dashboardNumbers(page)
  obs.chartPoints = Number(await page.getAttribute("#chart-messages", "data-points"))

  trace("publish from the page")
  await page.fill("#publish-topic", topic)
  await page.fill("#publish-event", "msg")
  await page.fill("#publish-payload", JSON.stringify({from: "dashboard", body: "hello from the dashboard"}))
  await page.click("#publish-button")
  await until(() => client.received.some(p => p.from === "dashboard"), "the published message at the client")
  obs.published = client.received.find(p => p.from === "dashboard")
  await page.waitForFunction(() => document.getElementById("action-result").textContent !== "")
  obs.publishResult = await text(page, "#action-result")

  trace("disconnect from the page")
  await page.fill("#connections-q", topic)
  // The table refreshes on its own: wait for the filtered page, then act on the client's row only.
  const row = page.locator("#connections tbody tr").filter({has: page.locator("td:nth-child(5)", {hasText: topic})})
  await page.waitForFunction(() => document.querySelectorAll("#connections tbody tr").length === 1
    && document.getElementById("connections-page").textContent === "1–1 of 1")
  await row.waitFor()
  obs.connectionRow = await row.locator("td").evaluateAll(cells => cells.slice(0, 5).map(c => c.textContent))
  await row.locator("button.disconnect").click()
  await until(() => client.closes.length > 0, "the client's close")
  obs.clientCloses = client.closes
  // The client can see its close before the page has rendered the server's answer to the click.
  await page.waitForFunction(previous => document.getElementById("action-result").textContent !== previous,
    obs.publishResult)
  obs.disconnectResult = await text(page, "#action-result")
  await page.waitForFunction(() => document.getElementById("closes").textContent.includes("disconnected"))
  obs.closesTable = await text(page, "#closes tbody")
  socket.disconnect()
  if (config.screenshot) { await page.screenshot({path: config.screenshot, fullPage: true}) }
  obs.network = page.record
}

async function websocketdPage() {
  const page = await newPage("websocketd")
  await page.goto(config.server + "/")
  await page.waitForSelector("body[data-state=closed]", {state: "attached"})
  obs.log = (await text(page, "#log")).split("\n")
  obs.network = page.record
}

async function compression() {
  const page = await newPage("compression")
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Network.enable")
  obs.extensions = {} // by WebSocket URL: the page's own chat socket and the one under test
  const urls = {}
  cdp.on("Network.webSocketCreated", event => { urls[event.requestId] = event.url })
  cdp.on("Network.webSocketHandshakeResponseReceived", event => {
    const headers = event.response.headers || {}
    const name = Object.keys(headers).find(h => h.toLowerCase() === "sec-websocket-extensions")
    obs.extensions[urls[event.requestId]] = name ? headers[name] : null
  })
  await page.goto(config.server + "/")
  await waitConnected(page)
  trace("pushing", config.count, config.kind, "messages through", config.socketUrl)
  Object.assign(obs, await page.evaluate(async ({socketUrl, topic, count, kind}) => {
    const words = ["deploy", "staging", "green", "review", "coffee", "release", "ticket", "merge", "lunch", "rollback"]
    const chat = n => ({user: "alice", body: `Hi Bob, is the ${words[n % 10]} done? I'd like to ${words[(n * 3) % 10]} before ${words[(n * 7) % 10]}.`, n})
    const doc = n => ({n, id: `doc-${n}`, title: "Quarterly report", tags: words.slice(0, 6),
      rows: Array.from({length: 18}, (_, i) => ({sku: `SKU-${1000 + i}`, name: `Item ${words[i % 10]} ${i}`, qty: (n + i) % 17, price: 9.99 + i}))})
    const make = kind === "document" ? doc : chat
    const socket = new window.Phoenix.Socket(socketUrl, {transport: WebSocket})
    socket.connect()
    const channel = socket.channel(topic, {})
    const received = []
    channel.on("msg", payload => received.push(payload))
    const failed = (what, reject) => reply => reject(new Error(`${what}: ${JSON.stringify(reply) || "timeout"}`))
    await new Promise((resolve, reject) => channel.join().receive("ok", resolve)
      .receive("error", failed("join", reject)).receive("timeout", failed("join", reject)))
    const sent = []
    for (let n = 0; n < count; n++) {
      const payload = make(n)
      sent.push(payload)
      channel.push("broadcast", payload) // the room answers with the msg broadcast, not a reply
      const deadline = Date.now() + 5000
      while (received.length <= n && Date.now() < deadline) { await new Promise(r => setTimeout(r, 1)) }
      if (received.length <= n) { throw new Error(`msg ${n} did not come back within 5 s`) }
    }
    socket.disconnect()
    return {sent: sent.length, received: received.length, identical: JSON.stringify(sent) === JSON.stringify(received),
      bytesSent: sent.reduce((total, p) => total + JSON.stringify(p).length, 0)}
  }, {socketUrl: config.socketUrl, topic: config.topic || "room:compression", count: config.count || 100, kind: config.kind || "chat"}))
  obs.network = page.record
}

// ---------------------------------------------------------------------------------------------

if (config) {
  const watchdog = setTimeout(() => fail(new Error(`scenario ${config.scenario} did not finish within ${config.scenarioTimeoutMs} ms`)),
    config.scenarioTimeoutMs)
  try {
    obs.scenario = config.scenario
    await launch()
    await SCENARIOS[config.scenario]()
    clearTimeout(watchdog)
    trace("done")
    await finish(0, obs)
  } catch (e) {
    clearTimeout(watchdog)
    await fail(e)
  }
}
