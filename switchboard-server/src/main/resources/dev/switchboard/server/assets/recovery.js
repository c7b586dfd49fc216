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

const isPosition = (ref) => typeof ref === "string" && ref.includes("@");

/**
 * A phoenix.js channel that recovers what it missed whenever it rejoins.
 *
 * @param socket   a Phoenix.Socket
 * @param topic    the topic to join
 * @param params   join params, an object or a function returning one (called on every join)
 * @param options  onRecovery(recovery): called after every join with the server's recovery
 *                 object {recovered, reason, position, replayed}; position: a position to start
 *                 from (for example one kept in sessionStorage across page loads)
 */
export function recoverable(socket, topic, params = {}, options = {}) {
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
