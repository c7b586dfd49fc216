/**
 * The network side of Switchboard, on Netty: one HTTP/1.1 listener that serves WebSocket
 * upgrades for every mounted socket, the HTTP publish API and static files.
 *
 * <p>{@link dev.switchboard.server.SwitchboardServer} is the entry point, configured by
 * {@link dev.switchboard.server.ServerOptions}; this package assembles the rest (the connection
 * pipeline, the request router), and nothing below it depends on it. Each event loop is a
 * {@link dev.switchboard.exec.Shard}; connections, their sessions and their subscriptions live on
 * one loop, writes are flushed once per batch, and idle connections are swept by one task per
 * loop rather than a timer each.
 */
package dev.switchboard.server;
