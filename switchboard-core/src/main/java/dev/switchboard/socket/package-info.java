/**
 * Sockets and sessions: how a client connects ({@link dev.switchboard.socket.SocketHandler}),
 * what a socket is made of ({@link dev.switchboard.socket.SocketDefinition}), and the
 * per-connection state machine ({@link dev.switchboard.socket.Session}) that implements the
 * protocol's semantics — heartbeats, joins, duplicate joins, leaves, replies, channel crashes.
 *
 * <p>A session talks to the network only through the {@link dev.switchboard.socket.Transport}
 * seam (send one encoded frame, close with a typed {@link dev.switchboard.socket.CloseReason}),
 * so the same state machine serves WebSocket and long-poll connections and is tested against an
 * in-memory transport.
 *
 * <p>Threading: a {@code Session} and its bookkeeping are confined to the connection's shard; a
 * channel instance's user callbacks run one at a time in its mailbox (a worker or the shard); the
 * shared per-connection facts ({@code Connection}) are immutable but for a volatile closed flag,
 * so channels may send from their own threads. Each class states the rule for each group of its
 * fields.
 */
package dev.switchboard.socket;
