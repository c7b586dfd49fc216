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
 */
public record SocketOptions(int maxChannels, Duration idleTimeout, int maxFrameBytes, boolean authToken) {

    public static final SocketOptions DEFAULTS = new SocketOptions(100, Duration.ofSeconds(60), 10_000_000, true);

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

    public SocketOptions withMaxChannels(int value) {
        return new SocketOptions(value, idleTimeout, maxFrameBytes, authToken);
    }

    public SocketOptions withIdleTimeout(Duration value) {
        return new SocketOptions(maxChannels, value, maxFrameBytes, authToken);
    }

    public SocketOptions withMaxFrameBytes(int value) {
        return new SocketOptions(maxChannels, idleTimeout, value, authToken);
    }

    public SocketOptions withAuthToken(boolean value) {
        return new SocketOptions(maxChannels, idleTimeout, maxFrameBytes, value);
    }
}
