package dev.switchboard.server.metrics;

import dev.switchboard.server.limits.LimitCounters;
import dev.switchboard.socket.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's own meters: open connections ({@code switchboard.connections.open}) and how often
 * each connection limit was hit ({@code switchboard.limits.hits}, tagged {@code limit}). Read from
 * the counters the server keeps anyway, so binding them costs nothing on the hot path.
 */
public final class ServerMetrics implements MeterBinder {
    public static final String CONNECTIONS_OPEN = "switchboard.connections.open";
    public static final String LIMIT_HITS = "switchboard.limits.hits";

    private final IntSupplier openConnections;
    private final LimitCounters limits;

    public ServerMetrics(IntSupplier openConnections, LimitCounters limits) {
        this.openConnections = openConnections;
        this.limits = limits;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(CONNECTIONS_OPEN, openConnections, IntSupplier::getAsInt)
                .description("Open TCP connections (WebSocket, long-poll and plain HTTP)")
                .register(registry);
        limit(registry, "maxConnections", LimitCounters::maxConnectionsHits);
        limit(registry, "maxConnectionsPerIp", LimitCounters::maxConnectionsPerIpHits);
        limit(registry, "handshakeTimeout", LimitCounters::handshakeTimeoutHits);
    }

    /**
     * Binds, once each, every {@link MeterBinder} among the endpoint's PubSub, bus and health
     * checks (a Redis cluster is all three).
     */
    public static void bindEndpoint(Endpoint endpoint, MeterRegistry registry) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> parts = new ArrayList<>(List.of(endpoint.pubsub(), endpoint.bus()));
        parts.addAll(endpoint.healthChecks());
        for (Object part : parts) {
            if (part instanceof MeterBinder binder && seen.put(part, Boolean.TRUE) == null) {
                binder.bindTo(registry);
            }
        }
    }

    private void limit(MeterRegistry registry, String name, ToDoubleFunction<LimitCounters> hits) {
        FunctionCounter.builder(LIMIT_HITS, limits, hits)
                .tag("limit", name)
                .description("Connections refused or closed because a connection limit was hit")
                .register(registry);
    }
}
