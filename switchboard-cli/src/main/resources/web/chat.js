// Switchboard demo chat: the official phoenix client against the room:* channel.
//
// The page relies only on the demo channel's contract:
//   push("broadcast", {user, body, ts})  ->  every member of the topic receives "msg" with that payload
//   push("presence_join", {user_id, name})  ->  "presence_state" to us, "presence_diff" to everyone,
//                                             which phoenix.js Presence turns into who is online
// The name is the presence key: two tabs with the same name are one person with two tabs.
// User text only ever reaches the page through textContent, never parsed as HTML.
(function () {
  "use strict";

  const Phoenix = window.Phoenix;
  const params = new URLSearchParams(window.location.search);
  const $ = (id) => document.getElementById(id);

  // Transports the page can use, picked with ?transport=NAME or the selector in the header. Each
  // entry gives the label shown in the header and the options handed to Phoenix.Socket.
  //
  // WebSocket is the default, with phoenix.js's LongPoll fallback: if the WebSocket fails, or
  // opens but cannot answer a heartbeat within LONGPOLL_FALLBACK_MS (a proxy that swallows
  // WebSocket traffic), the client switches to LongPoll and remembers that for the browser tab
  // (sessionStorage key FALLBACK_MEMO_KEY).
  const LONGPOLL_FALLBACK_MS = 2500;
  const FALLBACK_MEMO_KEY = "phx:fallback:LongPoll";
  const TRANSPORTS = {
    websocket: { label: "WebSocket", socketOptions: () => ({ longPollFallbackMs: LONGPOLL_FALLBACK_MS }) },
    longpoll: { label: "LongPoll", socketOptions: () => ({ transport: Phoenix.LongPoll }) },
  };
  const DEFAULT_TRANSPORT = "websocket";

  const ROOM_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
  const NAME_KEY = "switchboard.chat.name";

  const ui = {
    status: $("status"),
    statusText: $("status-text"),
    transport: $("transport"),
    transportSelect: $("transport-select"),
    latency: $("latency"),
    joinForm: $("join-form"),
    joinError: $("join-error"),
    joinButton: $("join-button"),
    name: $("name"),
    room: $("room"),
    chat: $("chat"),
    roomName: $("room-name"),
    me: $("me"),
    leave: $("leave-button"),
    messages: $("messages"),
    sendForm: $("send-form"),
    body: $("body"),
    send: $("send-button"),
    onlineCount: $("online-count"),
    onlineList: $("online-list"),
  };

  let everConnected = false;
  let online = false;   // between onOpen and the next error/close
  let channel = null;   // the joined (or joining) Phoenix.Channel, null when not in a room
  let me = "";
  // ts values of messages this tab sent: tells our own messages apart even when another tab
  // uses the same name.
  const sentByThisTab = new Set();

  if (!Phoenix) {
    setStatus("error", "phoenix.js failed to load");
    return;
  }

  const requested = chooseTransport(params.get("transport"));
  const transport = TRANSPORTS[requested];
  const socket = new Phoenix.Socket("/socket", Object.assign({}, transport.socketOptions(), {
    // ?debug shows the client's own log (frames, heartbeats, reconnects) in the console.
    logger: params.has("debug") ? (kind, msg, data) => console.log(`${kind}: ${msg}`, data) : undefined,
  }));
  window.switchboardSocket = socket; // shared with metrics-chart.js, which joins metrics:system on it

  // ---- connection status ---------------------------------------------------------------

  socket.onOpen(() => {
    everConnected = true;
    online = true;
    setStatus("connected", "connected");
    showTransportInUse();
    measureLatency();
  });

  socket.onError(() => {
    if (everConnected) {
      lostConnection();
    } else {
      setStatus("error", "cannot reach the server — retrying…");
    }
  });

  socket.onClose(() => {
    if (everConnected) {
      lostConnection();
    } // else onError already said that we cannot reach the server
  });

  // Called for every error and close, including each failed reconnect attempt: the outage is
  // announced once.
  function lostConnection() {
    if (online && channel) {
      systemMessage("Connection lost; reconnecting…");
    }
    online = false;
    setStatus("reconnecting", "reconnecting…");
    ui.latency.textContent = "";
  }

  function setStatus(kind, text) {
    ui.status.className = `status status-${kind}`;
    ui.statusText.textContent = text;
    updateComposer();
  }

  function measureLatency() {
    socket.ping((rtt) => {
      ui.latency.textContent = `${rtt} ms`;
    });
  }
  window.setInterval(() => {
    if (socket.isConnected()) {
      measureLatency();
    }
  }, 5000);

  // The transport actually in use, read from the client on every open: with the fallback the
  // client may have switched from WebSocket to LongPoll since the page loaded.
  function showTransportInUse() {
    const longPoll = socket.transport === Phoenix.LongPoll;
    if (longPoll && requested !== "longpoll") {
      ui.transport.textContent = "LongPoll (fallback)";
      ui.transport.title = "WebSocket did not get through, so the client switched to long-polling."
        + " Pick WebSocket in the selector to try it again.";
    } else {
      ui.transport.textContent = longPoll ? TRANSPORTS.longpoll.label : TRANSPORTS.websocket.label;
      ui.transport.title = "";
    }
  }

  // Returns a key of TRANSPORTS.
  function chooseTransport(name) {
    const key = (name || DEFAULT_TRANSPORT).toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(TRANSPORTS, key)) {
      console.warn(`Unknown transport "${name}"; using ${TRANSPORTS[DEFAULT_TRANSPORT].label}.`
        + ` Available: ${Object.keys(TRANSPORTS).join(", ")}.`);
      return DEFAULT_TRANSPORT;
    }
    return key;
  }

  // Switching transports reloads the page with ?transport=NAME (the room is kept in the URL).
  ui.transportSelect.value = requested;
  ui.transportSelect.addEventListener("change", () => {
    const url = new URL(window.location.href);
    url.searchParams.set("transport", ui.transportSelect.value);
    if (ui.transportSelect.value === "websocket") {
      // A deliberate choice: forget a remembered fallback so that WebSocket is tried again.
      try {
        window.sessionStorage.removeItem(FALLBACK_MEMO_KEY);
      } catch (e) {
        // no sessionStorage: nothing was remembered either
      }
    }
    window.location.assign(url);
  });

  // ---- joining and leaving a room ------------------------------------------------------

  ui.name.value = loadName();
  ui.room.value = params.get("room") || "lobby";
  ui.transport.textContent = transport.label;

  ui.joinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = ui.name.value.trim();
    const room = ui.room.value.trim();
    if (!name) {
      return showJoinError("Please enter your name.");
    }
    if (!ROOM_PATTERN.test(room)) {
      return showJoinError("Room names use letters, digits and _ . : - (up to 64 characters).");
    }
    showJoinError("");
    saveName(name);
    joinRoom(name, room);
  });

  ui.leave.addEventListener("click", leaveRoom);

  // Every Switchboard server offers /switchboard/recovery.js: a phoenix.js channel that rejoins
  // with the position of the last message it showed, so what was said while the connection was
  // down arrives once it is back, exactly once and in order (docs/RECOVERY.md).
  const recovery = import("/switchboard/recovery.js");

  function joinRoom(name, room) {
    me = name;
    ui.joinButton.disabled = true;
    recovery.then(
      ({ recoverable }) => enterRoom(recoverable, name, room),
      () => enterRoom(null, name, room), // an older server: plain Phoenix channels
    );
  }

  function enterRoom(recoverable, name, room) {
    let joined = null;
    let recovery = null; // the outcome of the latest join, reported when we are back in the room
    const current = () => joined !== null && channel === joined;
    joined = recoverable
      ? recoverable(socket, `room:${room}`, {}, { onRecovery: (outcome) => { recovery = outcome; } })
      : socket.channel(`room:${room}`, {});
    channel = joined;

    joined.on("msg", renderMessage);
    // Presence waits for presence_state after every (re)join before it applies diffs.
    const presence = new Phoenix.Presence(joined);
    presence.onSync(() => {
      if (current()) {
        renderOnline(presence);
      }
    });
    joined.onError(() => {
      if (current() && socket.isConnected()) {
        systemMessage("The channel crashed on the server; rejoining…");
      }
      updateComposer();
    });

    // The client rejoins by itself after a reconnect, and these hooks run again on every rejoin.
    joined.join()
      .receive("ok", () => {
        if (!current()) {
          return;
        }
        // Every (re)join is a new channel on the server: announce ourselves again each time.
        joined.push("presence_join", { user_id: name, name })
          .receive("error", (response) => {
            if (current()) {
              systemMessage(`Could not show you as online: ${response && response.reason ? response.reason : "refused"}`);
            }
          });
        if (ui.chat.hidden) {
          ui.joinButton.disabled = false;
          showChat(room);
          systemMessage(`You joined room ${room} as ${name}.`);
          ui.body.focus();
        } else {
          systemMessage(`Back in room ${room}.${recoveryNote(recovery)}`);
        }
        updateComposer();
      })
      .receive("error", (response) => {
        if (!current()) {
          return;
        }
        const reason = response && response.reason ? response.reason : "refused";
        leaveRoom();
        showJoinError(`Could not join room ${room}: ${reason}`);
      })
      .receive("timeout", () => {
        if (!current() || !ui.chat.hidden) {
          return; // already in the room: the client keeps trying to rejoin on its own
        }
        leaveRoom();
        showJoinError(`Joining room ${room} timed out; is the server running?`);
      });

    const url = new URL(window.location.href);
    url.searchParams.set("room", room);
    window.history.replaceState(null, "", url);
  }

  function recoveryNote(recovery) {
    if (!recovery) {
      return "";
    }
    if (!recovery.recovered) {
      return ` Messages sent while you were away could not all be recovered (${recovery.reason}).`;
    }
    const n = recovery.replayed;
    return n > 0 ? ` ${n} message${n === 1 ? "" : "s"} sent while you were away follow${n === 1 ? "s" : ""}.` : "";
  }

  function leaveRoom() {
    if (channel) {
      channel.leave();
      channel = null;
    }
    ui.joinButton.disabled = false;
    ui.chat.hidden = true;
    ui.joinForm.hidden = false;
    ui.messages.replaceChildren();
    ui.onlineList.replaceChildren();
    ui.onlineCount.textContent = "0";
    sentByThisTab.clear();
    ui.room.focus();
  }

  function showChat(room) {
    ui.roomName.textContent = room;
    ui.me.textContent = me;
    ui.joinForm.hidden = true;
    ui.chat.hidden = false;
  }

  function showJoinError(text) {
    ui.joinError.textContent = text;
    ui.joinError.hidden = !text;
  }

  // ---- sending and receiving -----------------------------------------------------------

  ui.sendForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = ui.body.value.trim();
    if (!body || !canSend()) {
      return;
    }
    const ts = Date.now();
    sentByThisTab.add(ts);
    // No reply comes back: the message returns to us, like to everyone else, as "msg".
    channel.push("broadcast", { user: me, body, ts });
    ui.body.value = "";
  });

  function canSend() {
    return channel !== null && channel.canPush();
  }

  function updateComposer() {
    const ready = canSend();
    ui.body.disabled = !ready;
    ui.send.disabled = !ready;
    ui.body.placeholder = ready ? "Type a message and press Enter" : "Offline — waiting for the connection…";
  }

  function renderMessage(payload) {
    const user = typeof payload.user === "string" ? payload.user : "anonymous";
    const body = typeof payload.body === "string" ? payload.body : JSON.stringify(payload.body);
    const ts = typeof payload.ts === "number" ? payload.ts : Date.now();
    const own = user === me && sentByThisTab.has(ts);

    const item = element("li", own ? "msg own" : "msg");
    const head = element("div", "msg-head");
    head.append(element("span", "msg-user", own ? `${user} (you)` : user));
    const time = element("time", "msg-time", formatTime(ts));
    time.dateTime = new Date(ts).toISOString();
    head.append(time);
    item.append(head, element("div", "msg-body", body));
    append(item);
  }

  // One chip per presence key, sorted by name; "×2" when that person has two tabs open.
  function renderOnline(presence) {
    const people = presence.list((key, { metas }) => ({
      key,
      name: typeof metas[0].name === "string" ? metas[0].name : key,
      tabs: metas.length,
    }));
    people.sort((a, b) => a.name.localeCompare(b.name));
    ui.onlineCount.textContent = String(people.length);
    ui.onlineList.replaceChildren(...people.map((person) => {
      const mine = person.key === me;
      const item = element("li", mine ? "person me" : "person");
      item.append(element("span", "person-name", mine ? `${person.name} (you)` : person.name));
      if (person.tabs > 1) {
        item.append(element("span", "person-tabs", `×${person.tabs}`));
      }
      return item;
    }));
  }

  function systemMessage(text) {
    append(element("li", "system", text));
  }

  function append(item) {
    const list = ui.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    if (atBottom) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function formatTime(ts) {
    return new Date(ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function loadName() {
    try {
      return window.localStorage.getItem(NAME_KEY) || "";
    } catch (e) {
      return "";
    }
  }

  function saveName(name) {
    try {
      window.localStorage.setItem(NAME_KEY, name);
    } catch (e) {
      // private mode: the name is simply not remembered
    }
  }

  updateComposer();
  socket.connect();
  ui.name.focus();
})();
