package dev.switchboard.server.limits;

import java.time.Duration;

/**
 * Server-wide connection limits. Counted per TCP connection: a WebSocket is one connection for
 * its whole life; a long-poll client holds one (or two, while a poll is parked and a POST is in
 * flight) only while it has a request open, so long-poll <em>sessions</em> are not counted here.
 *
 * @param maxConnections      open TCP connections the whole server accepts (default
 *                            {@value #DEFAULT_MAX_CONNECTIONS}): a ceiling one node serves well,
 *                            so a flood meets a clean 503 instead of exhausting memory. The
 *                            process's file-descriptor limit ({@code ulimit -n}) is the real ceiling
 *                            when lower; set this a few hundred under it, so the server still
 *                            answers instead of failing to accept
 * @param maxConnectionsPerIp open TCP connections from one client IP address (default
 *                            {@value #DEFAULT_MAX_CONNECTIONS_PER_IP}): enough for a large office or
 *                            carrier NAT, low enough that one host cannot take the whole server.
 *                            {@code switchboard bench} spreads its connections over 32 loopback
 *                            addresses, so 32 × 1,000 covers its 19,000-connection runs
 * @param handshakeTimeout    time a connection has to send a complete HTTP request, counted from
 *                            accept (TLS handshake included) or from the end of the previous
 *                            response on a keep-alive connection (default 10 s). Stops slowloris
 *                            clients from holding connections open by trickling headers; a
 *                            WebSocket is past it once the 101 is sent, a parked long-poll once
 *                            its request arrived. Doubles as the idle timeout of keep-alive
 *                            HTTP connections
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, Duration handshakeTimeout) {
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS,
            DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_HANDSHAKE_TIMEOUT);

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be at least 1");
        }
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
    }

    public ConnectionLimits withMaxConnections(int value) {
        return new ConnectionLimits(value, maxConnectionsPerIp, handshakeTimeout);
    }

    public ConnectionLimits withMaxConnectionsPerIp(int value) {
        return new ConnectionLimits(maxConnections, value, handshakeTimeout);
    }

    public ConnectionLimits withHandshakeTimeout(Duration value) {
        return new ConnectionLimits(maxConnections, maxConnectionsPerIp, value);
    }
}
