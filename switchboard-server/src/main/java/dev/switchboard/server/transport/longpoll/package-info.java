/**
 * The long-poll transport (spec §5): {@code {mount}/longpoll} for clients that cannot hold a
 * WebSocket open.
 *
 * <p>A long-poll session is an ordinary {@link dev.switchboard.socket.Session} behind a
 * {@link dev.switchboard.server.transport.longpoll.LongPollSession} transport that buffers
 * outbound frames between polls. It lives on one event loop (the loop of the request that
 * created it) and all its state is touched only there; requests arriving on other loops hop to
 * it. Clients hold a signed session token naming the node, event loop, session and mount path;
 * {@link dev.switchboard.server.transport.longpoll.LongPollSessions} resolves it.
 *
 * <p>What the package promises: every JSON answer is HTTP 200 with the real status in the body
 * (as phoenix.js expects); a message is removed from a session's buffer only when it is handed to
 * a poll response, and put back if that response cannot be written; at most one poll per session
 * is parked (a newer poll answers the older one with 204); sessions expire after the configured
 * lifetime without a poll, found by the event loop's sweep rather than per-session timers.
 */
package dev.switchboard.server.transport.longpoll;
