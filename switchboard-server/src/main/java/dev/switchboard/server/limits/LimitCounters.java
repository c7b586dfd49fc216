package dev.switchboard.server.limits;

import java.util.concurrent.atomic.AtomicLong;

/** How often each connection limit was hit since the server started. Thread-safe. */
public final class LimitCounters {
    final AtomicLong maxConnections = new AtomicLong();
    final AtomicLong maxConnectionsPerIp = new AtomicLong();
    final AtomicLong handshakeTimeout = new AtomicLong();

    /** Connections refused with 503 because the server held {@code maxConnections}. */
    public long maxConnectionsHits() {
        return maxConnections.get();
    }

    /** Connections refused with 429 because their IP held {@code maxConnectionsPerIp}. */
    public long maxConnectionsPerIpHits() {
        return maxConnectionsPerIp.get();
    }

    /** Connections closed because no complete request arrived within {@code handshakeTimeout}. */
    public long handshakeTimeoutHits() {
        return handshakeTimeout.get();
    }

    @Override
    public String toString() {
        return "maxConnections=" + maxConnectionsHits() + ", maxConnectionsPerIp=" + maxConnectionsPerIpHits()
                + ", handshakeTimeout=" + handshakeTimeoutHits();
    }
}
