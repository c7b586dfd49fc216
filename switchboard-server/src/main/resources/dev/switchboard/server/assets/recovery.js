// Switchboard recovery for phoenix.js channels: nothing lost across reconnects (docs/RECOVERY.md).
//
//   import { recoverable } from "/switchboard/recovery.js";
//   const room = recoverable(socket, "room:lobby", { user: "ann" }, {
//     onRecovery: ({ recovered, reason }) => { if (!recovered) showNotice(reason); },
//   });
//   room.on("msg", (payload) => render(payload));   // every message once, in order
//   room.join();
//
// It keeps the position of the last message this channel saw and joins with it (the reserved
// join param "recover"), which phoenix.js re-evaluates on every rejoin. The server replays what
// was missed, then goes on live; when it cannot (the gap outgrew the history, the server lost
// it), onRecovery says so with a reason and the channel continues from the server's latest
// position. Plain phoenix.js underneath: the channel it returns is a Phoenix Channel.
//
// It also spreads the socket's reconnects (spreadReconnects below): phoenix.js retries after
// fixed steps (10 ms, 50 ms, ...), so every client of a node that goes away comes back in the
// same instant; with recovery, a client loses nothing by waiting a little, so it waits a random
// delay instead — within the window a draining server names in its close reason, or with full
// jitter after an unannounced loss. Pass { spread: false } to keep phoenix.js's timing.

const isPosition = (ref) => typeof ref === "string" && ref.includes("@");
const HINT = /reconnect within (\d{1,8}) ms$/;
const spread = new WeakSet();

/**
 * Makes a phoenix.js socket reconnect after a random delay: uniform within the window a server
 * names at the end of its close reason ("... reconnect within 2000 ms", sent by a draining
 * Switchboard node), otherwise full jitter, uniform in [0, min(cap, base * 2^(tries-1))] ms.
 * Idempotent.
 *
 * @param socket  a Phoenix.Socket (before or after connect())
 * @param options base (ms, default 1000) and cap (ms, default 10000) of the jitter
 */
export function spreadReconnects(socket, { base = 1000, cap = 10000 } = {}) {
  if (spread.has(socket)) {
    return;
  }
  spread.add(socket);
  let window = null;
  // The close event reaches onConnClose before the reconnect delay is asked for: read the hint there.
  const onConnClose = socket.onConnClose.bind(socket);
  socket.onConnClose = (event) => {
    const hint = event && typeof event.reason === "string" ? HINT.exec(event.reason) : null;
    window = hint ? Number(hint[1]) : null;
    return onConnClose(event);
  };
  socket.reconnectTimer.timerCalc = (tries) =>
    Math.random() * (window !== null ? window : Math.min(cap, base * 2 ** Math.max(0, tries - 1)));
}

/**
 * A phoenix.js channel that recovers what it missed whenever it rejoins.
 *
 * @param socket   a Phoenix.Socket
 * @param topic    the topic to join
 * @param params   join params, an object or a function returning one (called on every join)
 * @param options  onRecovery(recovery): called after every join with the server's recovery
 *                 object {recovered, reason, position, replayed}; position: a position to start
 *                 from (for example one kept in sessionStorage across page loads); spread:
 *                 false to keep phoenix.js's reconnect timing (see spreadReconnects)
 */
export function recoverable(socket, topic, params = {}, options = {}) {
  if (options.spread !== false) {
    spreadReconnects(socket);
  }
  let last = options.position || true;
  const channel = socket.channel(topic, () => ({
    ...(typeof params === "function" ? params() : params),
    recover: last,
  }));

  // Every message passes through onMessage before the bindings: remember each position seen.
  const dispatch = channel.onMessage.bind(channel);
  channel.onMessage = (event, payload, ref, joinRef) => {
    if (isPosition(ref)) {
      last = ref;
    }
    return dispatch(event, payload, ref, joinRef);
  };

  // The join reply carries the recovery outcome; replayed messages follow it.
  channel.joinPush.receive("ok", (response) => {
    const recovery = response && response.recovery;
    if (!recovery) {
      return; // a server without recovery: plain Phoenix behaviour
    }
    if (!recovery.recovered || last === true) {
      // Nothing to catch up (or nothing possible): continue from the server's latest position.
      last = recovery.position || true;
    }
    if (options.onRecovery) {
      options.onRecovery(recovery);
    }
  });

  channel.position = () => (last === true ? null : last);
  return channel;
}
