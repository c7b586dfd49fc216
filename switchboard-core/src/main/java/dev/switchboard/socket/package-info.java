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
 */
package dev.switchboard.socket;
