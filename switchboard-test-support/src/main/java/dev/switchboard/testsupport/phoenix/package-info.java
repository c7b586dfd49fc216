/**
 * Phoenix Channels on the wire, for tests that check a server's answers message by message:
 * {@link dev.switchboard.testsupport.phoenix.PhoenixSocket} speaks V2 JSON over a WebSocket;
 * {@link dev.switchboard.testsupport.phoenix.LongPollClient} makes the long-poll requests phoenix.js
 * makes (and any other), and {@link dev.switchboard.testsupport.phoenix.BackgroundPoller} keeps one
 * poll in flight as phoenix.js does. Frames are Jackson trees:
 * {@code [join_ref, ref, topic, event, payload]}.
 */
package dev.switchboard.testsupport.phoenix;
