// The Switchboard dashboard: live numbers and charts from the server's own feed (a phoenix-protocol
// channel, admin:samples on /api/admin/live), tables paged by the server (/api/admin/*), and the
// actions, each confirmed first and sent with the csrf token. Values reach the page only through
// textContent and attributes, never as HTML.
(function () {
  "use strict";

  const API = "/api/admin/";
  const LIVE_TOPIC = "admin:samples";
  const KEEP = 300; // samples charted: the server's ring holds five minutes
  const PAGE = 20; // table rows per page
  const REFRESH_MS = 2000; // tables
  const SVG = "http://www.w3.org/2000/svg";

  const state = {
    key: sessionStorage.getItem("switchboard-admin-key"),
    csrf: null,
    samples: [],
    inSinceOpen: 0,
    topics: {offset: 0, total: 0},
    connections: {offset: 0, total: 0},
  };
  const $ = (id) => document.getElementById(id);

  // -------------------------------------------------------------------------------------------
  // the API

  async function api(path, options) {
    const init = Object.assign({headers: {}}, options || {});
    if (state.key) { init.headers["Authorization"] = "Bearer " + state.key; }
    if (init.method === "POST") {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-Switchboard-Csrf"] = state.csrf;
    }
    const response = await fetch(API + path, init);
    const body = await response.json().catch(() => ({error: "HTTP " + response.status}));
    if (!response.ok) {
      const error = new Error(body.error || "HTTP " + response.status);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  async function start() {
    let session;
    try {
      session = await api("session");
    } catch (e) {
      if (e.status === 401) { askForKey(state.key ? "wrong key: " + e.message : ""); return; }
      setLive("off", "admin API refused: " + e.message);
      return;
    }
    state.csrf = session.csrf;
    $("node").textContent = "node " + session.node;
    $("key-form").hidden = true;
    $("main").hidden = false;
    buildCharts();
    connectLive();
    wireControls();
    refreshTables();
    setInterval(refreshTables, REFRESH_MS);
  }

  function askForKey(message) {
    $("key-form").hidden = false;
    $("key-error").textContent = message;
    $("key-form").onsubmit = (event) => {
      event.preventDefault();
      state.key = $("key").value;
      sessionStorage.setItem("switchboard-admin-key", state.key);
      start();
    };
  }

  // -------------------------------------------------------------------------------------------
  // the live feed: the phoenix protocol (vsn 2.0.0) spoken directly, join + heartbeat

  function connectLive() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = scheme + "//" + location.host + API + "live/websocket?vsn=2.0.0&csrf=" + encodeURIComponent(state.csrf);
    // The key travels as phoenix.js's authToken does: a subprotocol, never in the URL.
    const protocols = state.key
      ? ["phoenix", "base64url.bearer.phx." + btoa(state.key).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")]
      : undefined;
    const ws = new WebSocket(url, protocols);
    let ref = 0;
    let joinRef = null;
    let heartbeat = null;
    ws.onopen = () => {
      joinRef = String(++ref);
      ws.send(JSON.stringify([joinRef, joinRef, LIVE_TOPIC, "phx_join", {}]));
      heartbeat = setInterval(() => ws.send(JSON.stringify([null, String(++ref), "phoenix", "heartbeat", {}])), 30000);
    };
    ws.onmessage = (event) => {
      const [, msgRef, topic, name, payload] = JSON.parse(event.data);
      if (name === "phx_reply" && msgRef === joinRef) {
        if (payload.status === "ok") {
          state.samples = payload.response.samples.slice(-KEEP);
          setLive("live", "live");
          render();
        } else {
          setLive("off", "feed refused");
        }
      } else if (topic === LIVE_TOPIC && name === "sample") {
        state.samples.push(payload);
        if (state.samples.length > KEEP) { state.samples.shift(); }
        state.inSinceOpen += payload.messagesIn;
        render();
      }
    };
    ws.onclose = () => {
      clearInterval(heartbeat);
      setLive("reconnecting", "reconnecting…");
      setTimeout(connectLive, 2000);
    };
  }

  function setLive(name, text) {
    $("live").dataset.state = name;
    $("live").textContent = text;
  }

  // -------------------------------------------------------------------------------------------
  // numbers and charts

  const CHARTS = [
    {id: "connections", title: "connections", lines: [["connections", "#1a4fa0"]]},
    {id: "joins", title: "joins/s", lines: [["joins", "#1f7a3a"]]},
    {id: "messages", title: "messages in / out per second", lines: [["messagesIn", "#1a4fa0"], ["messagesOut", "#c0622b"]]},
    {id: "deliveries", title: "deliveries/s", lines: [["deliveries", "#6b3fa0"]]},
    {id: "closes", title: "closes/s", lines: [["closesTotal", "#a11"]], legend: true},
  ];

  function buildCharts() {
    const root = $("charts");
    if (root.childElementCount) { return; }
    for (const chart of CHARTS) {
      const box = document.createElement("div");
      box.className = "chart";
      box.id = "chart-" + chart.id;
      const title = document.createElement("h3");
      title.textContent = chart.title;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 " + KEEP + " 100");
      svg.setAttribute("preserveAspectRatio", "none");
      for (const [field, color] of chart.lines) {
        const line = document.createElementNS(SVG, "polyline");
        line.setAttribute("class", "line-" + field);
        line.setAttribute("fill", "none");
        line.setAttribute("stroke", color);
        line.setAttribute("stroke-width", "2");
        line.setAttribute("vector-effect", "non-scaling-stroke");
        svg.appendChild(line);
      }
      const legend = document.createElement("div");
      legend.className = "legend";
      box.append(title, svg, legend);
      root.appendChild(box);
    }
  }

  function render() {
    const last = state.samples[state.samples.length - 1];
    if (last) {
      stat("stat-connections", last.connections);
      stat("stat-topics", last.topics);
      stat("stat-joins", last.joins);
      stat("stat-in", last.messagesIn);
      stat("stat-out", last.messagesOut);
      stat("stat-deliveries", last.deliveries);
    }
    stat("stat-in-total", state.inSinceOpen);
    const rows = state.samples.map((s) => Object.assign({closesTotal: Object.values(s.closes).reduce((a, b) => a + b, 0)}, s));
    for (const chart of CHARTS) {
      const box = $("chart-" + chart.id);
      const max = Math.max(1, ...rows.flatMap((r) => chart.lines.map(([field]) => r[field])));
      for (const [field] of chart.lines) {
        const offset = KEEP - rows.length;
        const points = rows.map((r, i) => (offset + i) + "," + (100 - (r[field] / max) * 96).toFixed(1));
        box.querySelector(".line-" + field).setAttribute("points", points.join(" "));
      }
      box.dataset.points = String(rows.length);
      let legend = "max " + max + " · last " + rows.length + " s";
      if (chart.legend) {
        const byReason = {};
        for (const r of rows) { for (const [k, v] of Object.entries(r.closes)) { byReason[k] = (byReason[k] || 0) + v; } }
        const parts = Object.entries(byReason).map(([k, v]) => k + " " + v);
        legend += parts.length ? " · " + parts.join(", ") : " · none";
      }
      box.querySelector(".legend").textContent = legend;
    }
  }

  function stat(id, value) {
    $(id).textContent = String(value);
    $(id).dataset.value = String(value);
  }

  // -------------------------------------------------------------------------------------------
  // tables, paged by the server

  function wireControls() {
    $("topics-sort").onchange = () => { state.topics.offset = 0; refreshTopics(); };
    $("topics-q").oninput = () => { state.topics.offset = 0; refreshTopics(); };
    $("connections-q").oninput = () => { state.connections.offset = 0; refreshConnections(); };
    pager("topics", refreshTopics);
    pager("connections", refreshConnections);
    $("publish-form").onsubmit = (event) => { event.preventDefault(); publish(); };
    $("drain-button").onclick = drain;
  }

  function pager(name, refresh) {
    $(name + "-prev").onclick = () => { state[name].offset = Math.max(0, state[name].offset - PAGE); refresh(); };
    $(name + "-next").onclick = () => {
      if (state[name].offset + PAGE < state[name].total) { state[name].offset += PAGE; refresh(); }
    };
  }

  function refreshTables() {
    refreshNodes();
    refreshTopics();
    refreshConnections();
    refreshCloses();
  }

  function query(params) {
    return Object.entries(params).filter(([, v]) => v !== "" && v != null)
      .map(([k, v]) => k + "=" + encodeURIComponent(v)).join("&");
  }

  async function refreshNodes() {
    const body = await api("nodes").catch(showError);
    if (!body) { return; }
    const silent = body.silent.map((id) => [id, "no answer", "–", "–", "–", "–", "–"]);
    fill("nodes", body.nodes.map((n) => [n.node, n.status, num(n.connections), num(n.tcpConnections), num(n.topics),
      num(n.eventLoops), new Date(n.startedAt).toISOString().replace("T", " ").slice(0, 19)]).concat(silent));
    $("nodes-note").textContent = body.busError ? body.busError
      : body.silent.length ? "partial: " + body.silent.join(", ") + " did not answer" : "";
  }

  async function refreshTopics() {
    const body = await api("topics?" + query({sort: $("topics-sort").value, q: $("topics-q").value,
      offset: state.topics.offset, limit: PAGE})).catch(showError);
    if (!body) { return; }
    state.topics.total = body.total;
    pageText("topics", body);
    fill("topics", body.topics.map((t) => [link(t.topic), num(t.subscribers), num(t.clusterSubscribers),
      num(t.rate == null ? "–" : t.rate), num(t.published)]));
  }

  async function refreshConnections() {
    const body = await api("connections?" + query({q: $("connections-q").value, offset: state.connections.offset,
      limit: PAGE})).catch(showError);
    if (!body) { return; }
    state.connections.total = body.total;
    pageText("connections", body);
    fill("connections", body.connections.map((c) => [c.id, c.transport, c.remote, c.socketId || "–",
      c.topics.join(" ") + (c.channels > c.topics.length ? " …" : ""),
      new Date(c.openedAt).toISOString().slice(11, 19), disconnectButton(c)]));
  }

  async function refreshCloses() {
    const body = await api("closes").catch(showError);
    if (!body) { return; }
    const rows = Object.keys(body.sinceStart).filter((r) => body.sinceStart[r] > 0)
      .map((r) => [r, num(body.recent[r] || 0), num(body.sinceStart[r])]);
    fill("closes", rows);
  }

  function pageText(name, body) {
    const last = Math.min(body.offset + body.limit, body.total);
    $(name + "-page").textContent = body.total === 0 ? "none" : (body.offset + 1) + "–" + last + " of " + body.total;
  }

  /** Replaces a table's rows; a cell is text, or an element made here. */
  function fill(id, rows) {
    const tbody = $(id).querySelector("tbody");
    tbody.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement("tr");
      for (const cell of cells) {
        const td = document.createElement("td");
        if (cell instanceof Node) { td.appendChild(cell); }
        else if (cell && cell.numeric) { td.className = "num"; td.textContent = cell.text; }
        else { td.textContent = String(cell); }
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function num(value) {
    return {numeric: true, text: String(value)};
  }

  function link(topic) {
    const a = document.createElement("a");
    a.className = "topic";
    a.textContent = topic;
    a.onclick = () => showTopic(topic);
    return a;
  }

  async function showTopic(topic) {
    const body = await api("topics/" + encodeURIComponent(topic) + "?limit=" + PAGE).catch(showError);
    if (!body) { return; }
    const box = $("topic-detail");
    box.hidden = false;
    const history = body.history ? "history keeps " + body.history.keeps + ", at " + (body.history.position || "–") : "no history";
    const present = Object.keys(body.presence);
    box.textContent = topic + ": " + body.subscribers + " subscribers here; " + history + "; presence: "
      + (present.length ? present.join(", ") : "nobody") + "; subscribers: "
      + body.subscriberList.connections.map((c) => c.id + " (" + c.remote + ")").join(", ");
  }

  function disconnectButton(connection) {
    const button = document.createElement("button");
    button.className = "disconnect";
    button.dataset.id = connection.id;
    button.textContent = "Disconnect…";
    button.onclick = async () => {
      if (!confirm("Disconnect connection " + connection.id + " (" + connection.remote + ")? It will reconnect.")) { return; }
      const result = await api("disconnect", {method: "POST", body: JSON.stringify({connection: connection.id})}).catch(showError);
      if (result) { report("disconnected connection " + connection.id); refreshConnections(); }
    };
    return button;
  }

  // -------------------------------------------------------------------------------------------
  // actions

  async function publish() {
    const topic = $("publish-topic").value;
    let payload;
    try {
      payload = JSON.parse($("publish-payload").value);
    } catch (e) {
      report("payload is not JSON: " + e.message, true);
      return;
    }
    const event = $("publish-event").value || "msg";
    if (!confirm("Publish '" + event + "' to " + topic + "? Every subscriber receives it.")) { return; }
    const result = await api("publish", {method: "POST", body: JSON.stringify({topic, event, payload})}).catch(showError);
    if (result) { report("published " + result.event + " to " + result.topic + (result.position ? " at " + result.position : "")); }
  }

  async function drain() {
    if (!confirm("Drain this node? It stops accepting connections and moves its clients away.")) { return; }
    const result = await api("drain", {method: "POST", body: "{}"}).catch(showError);
    if (result) { report("draining node " + result.node + " (" + result.connections + " connections)"); }
  }

  function report(text, isError) {
    $("action-result").textContent = text;
    $("action-result").className = isError ? "error" : "";
  }

  function showError(e) {
    report(e.message, true);
    return null;
  }

  start();
})();
