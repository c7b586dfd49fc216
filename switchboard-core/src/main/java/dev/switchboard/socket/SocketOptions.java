package dev.switchboard.socket;

import java.time.Duration;

/**
 * Per-socket limits and timeouts. Every option has a default chosen to match Phoenix.
 *
 * @param maxChannels    channels one connection may have joined at once (default 100, as
 *                       Phoenix ≥ 1.8.9); the next join gets {@code {"reason":"too many channels joined"}}
 * @param idleTimeout    a WebSocket that sends no frame for this long is closed with 1001
 *                       (default 60 s; phoenix.js heartbeats every 30 s)
 * @param maxFrameBytes  largest inbound WebSocket message, after reassembly of fragments
 *                       (default 10,000,000 bytes, as Phoenix's effective default); larger → close 1009
 * @param authToken      accept the {@code authToken} subprotocol / header and expose it in
 *                       {@link ConnectInfo#authToken()} (default true)
 * @param websocket      serve the WebSocket transport at {@code path/websocket} (default true);
 *                       when false that URL answers 404, so phoenix.js clients with
 *                       {@code longPollFallbackMs} fall back to long-polling at once
 * @param longpoll       serve the long-poll transport at {@code path/longpoll} (default true; it
 *                       also needs the server's {@code longPoll(true)}, which is the default)
 */
public record SocketOptions(int maxChannels, Duration idleTimeout, int maxFrameBytes, boolean authToken,
                            boolean websocket, boolean longpoll) {

    public static final SocketOptions DEFAULTS =
            new SocketOptions(100, Duration.ofSeconds(60), 10_000_000, true, true, true);

    public SocketOptions {
        if (maxChannels < 1) {
            throw new IllegalArgumentException("maxChannels must be at least 1");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
        }
    }

    /** The options with both transports enabled (the form before per-transport switches existed). */
    public SocketOptions(int maxChannels, Duration idleTimeout, int maxFrameBytes, boolean authToken) {
        this(maxChannels, idleTimeout, maxFrameBytes, authToken, true, true);
    }

    public SocketOptions withMaxChannels(int value) {
        return new SocketOptions(value, idleTimeout, maxFrameBytes, authToken, websocket, longpoll);
    }

    public SocketOptions withIdleTimeout(Duration value) {
        return new SocketOptions(maxChannels, value, maxFrameBytes, authToken, websocket, longpoll);
    }

    public SocketOptions withMaxFrameBytes(int value) {
        return new SocketOptions(maxChannels, idleTimeout, value, authToken, websocket, longpoll);
    }

    public SocketOptions withAuthToken(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, value, websocket, longpoll);
    }

    public SocketOptions withWebsocket(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, value, longpoll);
    }

    public SocketOptions withLongpoll(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, websocket, value);
    }
}
