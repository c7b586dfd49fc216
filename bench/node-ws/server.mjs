// A plain Node.js + ws server speaking the Phoenix Channels V2 JSON protocol with the room:*
// contract of `switchboard serve`, as a comparison point for `switchboard bench`:
//
//   phx_join room:*  -> reply ok {}
//   ping             -> reply ok, response = the payload
//   broadcast        -> [null,null,topic,"msg",payload] to every member of the topic (sender too),
//                       serialized once and the same bytes sent to all; no reply
//   phx_leave        -> reply ok {}, then phx_close
//   heartbeat on "phoenix" -> reply ok {}
//
// Usage: node server.mjs [--port 4100] [--host 127.0.0.1]
import http from "node:http";
import { WebSocketServer } from "ws";

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option("--port", "4100"));
const host = option("--host", "127.0.0.1");
const SOCKET_PATH = "/socket/websocket";

/** topic -> Set of connections joined to it */
const topics = new Map();

function reply(ws, joinRef, ref, topic, status, response) {
  ws.send(JSON.stringify([joinRef, ref, topic, "phx_reply", { status, response }]));
}

function join(ws, joinRef, ref, topic) {
  const previous = ws.joined.get(topic);
  if (previous !== undefined) {
    // Phoenix semantics: a second join replaces the first, which is closed.
    ws.send(JSON.stringify([previous, previous, topic, "phx_close", {}]));
  } else {
    let members = topics.get(topic);
    if (!members) topics.set(topic, (members = new Set()));
    members.add(ws);
  }
  ws.joined.set(topic, joinRef);
  reply(ws, joinRef, ref, topic, "ok", {});
}

function leave(ws, topic) {
  ws.joined.delete(topic);
  const members = topics.get(topic);
  if (members) {
    members.delete(ws);
    if (members.size === 0) topics.delete(topic);
  }
}

function broadcast(topic, payload) {
  const members = topics.get(topic);
  if (!members) return;
  // Serialize once; the same buffer goes to every member.
  const frame = Buffer.from(JSON.stringify([null, null, topic, "msg", payload]));
  for (const member of members) {
    if (member.readyState === 1) member.send(frame, { binary: false });
  }
}

function handle(ws, data, isBinary) {
  if (isBinary) {
    ws.close(1003, "binary frames are not supported");
    return;
  }
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    ws.close(1011, "invalid JSON");
    return;
  }
  if (!Array.isArray(message) || message.length < 5) {
    ws.close(1011, "expected [join_ref, ref, topic, event, payload]");
    return;
  }
  const [joinRef, ref, topic, event, payload] = message;
  if (topic === "phoenix") {
    if (event === "heartbeat") reply(ws, null, ref, topic, "ok", {});
    return;
  }
  if (event === "phx_join") {
    if (typeof topic === "string" && topic.startsWith("room:")) join(ws, joinRef, ref, topic);
    else reply(ws, joinRef, ref, topic, "error", { reason: "unmatched topic" });
    return;
  }
  const joined = ws.joined.get(topic);
  if (joined === undefined) {
    reply(ws, joinRef, ref, topic, "error", { reason: "unmatched topic" });
    return;
  }
  if (joinRef !== null && joinRef !== joined) return; // stale join_ref: dropped, as Phoenix does
  switch (event) {
    case "ping":
      reply(ws, joined, ref, topic, "ok", payload);
      break;
    case "broadcast":
      broadcast(topic, payload);
      break;
    case "phx_leave":
      leave(ws, topic);
      reply(ws, joined, ref, topic, "ok", {});
      ws.send(JSON.stringify([joined, joined, topic, "phx_close", {}]));
      break;
    default:
      reply(ws, joined, ref, topic, "error", { reason: `unknown event ${event}` });
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 10_000_000 });

server.on("upgrade", (req, socket, head) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname !== SOCKET_PATH || url.searchParams.get("vsn") !== "2.0.0") {
    socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.joined = new Map(); // topic -> join_ref
    ws.on("message", (data, isBinary) => handle(ws, data, isBinary));
    ws.on("close", () => {
      for (const topic of ws.joined.keys()) leave(ws, topic);
    });
    ws.on("error", () => ws.terminate());
  });
});

server.listen(port, host, () => {
  console.log(`node ws comparator (pid ${process.pid}) listening on ws://${host}:${port}${SOCKET_PATH}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
