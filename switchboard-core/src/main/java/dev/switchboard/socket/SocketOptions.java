package dev.switchboard.socket;

import java.time.Duration;

/**
 * Per-socket limits and timeouts. Every option has a default chosen to match Phoenix.
 *
 * @param maxChannels    channels one connection may have joined at once (default
 *                       {@value #DEFAULT_MAX_CHANNELS}, as Phoenix ≥ 1.8.9); the next join gets
 *                       {@code {"reason":"too many channels joined"}}
 * @param idleTimeout    a WebSocket that sends no frame for this long is closed with 1001
 *                       (default 60 s; phoenix.js heartbeats every 30 s)
 * @param maxFrameBytes  largest inbound WebSocket message, after reassembly of fragments
 *                       (default {@value #DEFAULT_MAX_FRAME_BYTES} bytes, as Phoenix's effective
 *                       default); larger → close 1009
 * @param authToken      accept the {@code authToken} subprotocol / header and expose it in
 *                       {@link ConnectInfo#authToken()} (default true)
 * @param websocket      serve the WebSocket transport at {@code path/websocket} (default true);
 *                       when false that URL answers 404, so phoenix.js clients with
 *                       {@code longPollFallbackMs} fall back to long-polling at once
 * @param longpoll       serve the long-poll transport at {@code path/longpoll} (default true; it
 *                       also needs the server's {@code longPoll(true)}, which is the default)
 * @param maxJoinsPerSecond sustained rate of {@code phx_join}s one connection may send (default
 *                       {@value #DEFAULT_MAX_JOINS_PER_SECOND}/s, a token bucket holding {@value #JOIN_BURST_SECONDS} seconds' worth,
 *                       so 100 joins at once — a client rejoining all its channels after a
 *                       reconnect — pass). It stops a client from making the server create and
 *                       tear down channels in a loop; a join over the rate gets
 *                       {@code {"reason":"join rate limit exceeded"}} and the socket stays open
 * @param compression    permessage-deflate on this socket's WebSocket connections when the server
 *                       enables it (the server's {@code compression(true)}; default true, so the
 *                       server's setting decides); false keeps this socket uncompressed both ways
 *                       whatever the server's setting
 */
public record SocketOptions(int maxChannels, Duration idleTimeout, int maxFrameBytes, boolean authToken,
                            boolean websocket, boolean longpoll, int maxJoinsPerSecond, boolean compression) {

    /** How many seconds of {@link #maxJoinsPerSecond} a connection may spend at once. */
    public static final int JOIN_BURST_SECONDS = 10;

    public static final int DEFAULT_MAX_CHANNELS = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_FRAME_BYTES = 10_000_000;
    public static final int DEFAULT_MAX_JOINS_PER_SECOND = 10;

    public static final SocketOptions DEFAULTS = new SocketOptions(DEFAULT_MAX_CHANNELS, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_MAX_FRAME_BYTES, true, true, true, DEFAULT_MAX_JOINS_PER_SECOND, true);

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
        if (maxJoinsPerSecond < 1) {
            throw new IllegalArgumentException("maxJoinsPerSecond must be at least 1");
        }
    }

    /** Joins one connection may send at once: {@link #JOIN_BURST_SECONDS} seconds' worth. */
    public int joinBurst() {
        return maxJoinsPerSecond * JOIN_BURST_SECONDS;
    }

    public SocketOptions withMaxChannels(int value) {
        return new SocketOptions(value, idleTimeout, maxFrameBytes, authToken, websocket, longpoll, maxJoinsPerSecond, compression);
    }

    public SocketOptions withIdleTimeout(Duration value) {
        return new SocketOptions(maxChannels, value, maxFrameBytes, authToken, websocket, longpoll, maxJoinsPerSecond, compression);
    }

    public SocketOptions withMaxFrameBytes(int value) {
        return new SocketOptions(maxChannels, idleTimeout, value, authToken, websocket, longpoll, maxJoinsPerSecond, compression);
    }

    public SocketOptions withAuthToken(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, value, websocket, longpoll, maxJoinsPerSecond, compression);
    }

    public SocketOptions withWebsocket(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, value, longpoll, maxJoinsPerSecond, compression);
    }

    public SocketOptions withLongpoll(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, websocket, value, maxJoinsPerSecond, compression);
    }

    public SocketOptions withMaxJoinsPerSecond(int value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, websocket, longpoll, value, compression);
    }

    public SocketOptions withCompression(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, authToken, websocket, longpoll, maxJoinsPerSecond, value);
    }
}
