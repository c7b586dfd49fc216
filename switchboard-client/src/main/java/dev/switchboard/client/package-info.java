/**
 * A Java client for Phoenix Channels: {@link dev.switchboard.client.Socket} (one connection,
 * kept open), {@link dev.switchboard.client.Channel} (a joined topic: push with reply futures,
 * event handlers, automatic rejoin), their options, and the reply and message types.
 *
 * <p>It speaks only the Phoenix protocol (V2 JSON and binary frames, or V1 JSON, over WebSocket
 * or long-poll), plus Switchboard's optional recovery extension when a channel asks for it, so it
 * works against Switchboard and any Phoenix server. It needs the JDK's {@code java.net.http} and
 * Jackson, nothing else.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>All API methods are thread-safe and return at once; none blocks on the network.</li>
 *   <li>Each socket has one <em>state machine</em> (a serial executor on a small shared pool) that
 *       owns its connection, channels, timers and reply matching; network threads only decode
 *       frames and hand them to it. It never runs application code.</li>
 *   <li>Each socket has one <em>callback executor</em>, serial: every callback of that socket (its
 *       own, its channels', presence's) and every future completion runs there, one at a time, in
 *       the order the events happened. Per channel that is the server's order. On JDK 21+ it uses
 *       virtual threads; on 17 a shared pool of daemon threads; or
 *       {@link dev.switchboard.client.SocketOptions#callbackExecutor()}.</li>
 *   <li>Callbacks may block: that delays the later callbacks of the same socket only, never the
 *       network, heartbeats, timeouts or other sockets.</li>
 *   <li>Waiting in a callback for a future of the same socket would deadlock, so {@code get()} and
 *       {@code join()} on such a future throw {@link java.lang.IllegalStateException} there.</li>
 * </ul>
 */
package dev.switchboard.client;
