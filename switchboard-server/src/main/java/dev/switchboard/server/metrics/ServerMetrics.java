package dev.switchboard.server.metrics;

import dev.switchboard.history.MemoryHistory;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.history.RecoveryStats;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.server.io.CloseCounts;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.server.limits.LimitCounters;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.TrafficStats;
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
 * The server's own meters: open connections ({@code switchboard.connections.open}), how every
 * client connection ended ({@code switchboard.connections.closed}, tagged {@code transport} and
 * {@code reason}, one series per {@link CloseReason.Cause}) and how often each connection limit
 * was hit ({@code switchboard.limits.hits}, tagged {@code limit}). Read from the counters the
 * server keeps anyway, so binding them costs nothing on the hot path.
 */
public final class ServerMetrics implements MeterBinder {
    public static final String CONNECTIONS_OPEN = "switchboard.connections.open";
    public static final String LIMIT_HITS = "switchboard.limits.hits";
    public static final String CONNECTIONS_CLOSED = "switchboard.connections.closed";

    private final IntSupplier openConnections;
    private final LimitCounters limits;
    private final CloseCounts closes;

    public ServerMetrics(IntSupplier openConnections, LimitCounters limits, CloseCounts closes) {
        this.openConnections = openConnections;
        this.limits = limits;
        this.closes = closes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(CONNECTIONS_OPEN, openConnections, IntSupplier::getAsInt)
                .description("Open TCP connections (WebSocket, long-poll and plain HTTP)")
                .register(registry);
        limit(registry, "maxConnections", LimitCounters::maxConnectionsHits);
        limit(registry, "maxConnectionsPerIp", LimitCounters::maxConnectionsPerIpHits);
        limit(registry, "handshakeTimeout", LimitCounters::handshakeTimeoutHits);
        for (TransportKind kind : TransportKind.values()) {
            for (CloseReason.Cause cause : CloseReason.Cause.values()) {
                FunctionCounter.builder(CONNECTIONS_CLOSED, closes, c -> c.get(kind, cause))
                        .tag("transport", kind.label())
                        .tag("reason", cause.label())
                        .description("Client connections (WebSocket connections, long-poll sessions) that ended, by cause")
                        .register(registry);
            }
        }
    }

    /**
     * Binds, once each, every {@link MeterBinder} among the endpoint's PubSub, bus and health
     * checks (a Redis cluster is all three).
     */
    public static void bindEndpoint(Endpoint endpoint, MeterRegistry registry) {
        bindRecovery(endpoint.recoveryStats(), registry);
        bindTraffic(endpoint, registry);
        if (endpoint.pubsub().history() instanceof MemoryHistory memory) {
            Gauge.builder("switchboard.history.bytes", memory, MemoryHistory::bytes)
                    .description("Memory accounted to topic histories kept in this process (capped at "
                            + memory.maxBytes() + " bytes)")
                    .baseUnit("bytes").register(registry);
            Gauge.builder("switchboard.history.topics", memory, MemoryHistory::topics)
                    .description("Topics with a history in this process").register(registry);
        }
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<Object> parts = new ArrayList<>(List.of(endpoint.pubsub(), endpoint.bus()));
        parts.addAll(endpoint.healthChecks());
        for (Object part : parts) {
            if (part instanceof MeterBinder binder && seen.put(part, Boolean.TRUE) == null) {
                binder.bindTo(registry);
            }
        }
    }

    /**
     * What the dashboard charts, for Prometheus to keep: joins, messages in and out, broadcasts
     * fanned out and their deliveries (the last two when the PubSub is the in-memory engine or
     * built on it).
     */
    private static void bindTraffic(Endpoint endpoint, MeterRegistry registry) {
        TrafficStats traffic = endpoint.traffic();
        FunctionCounter.builder("switchboard.joins", traffic, TrafficStats::joins)
                .description("Channel joins answered ok").register(registry);
        FunctionCounter.builder("switchboard.messages.in", traffic, TrafficStats::messagesIn)
                .description("Messages received from clients, heartbeats included").register(registry);
        FunctionCounter.builder("switchboard.messages.out", traffic, TrafficStats::messagesOut)
                .description("Frames sent to single clients: replies, pushes, channel closes").register(registry);
        if (endpoint.pubsub() instanceof InMemoryPubSub pubsub) {
            FunctionCounter.builder("switchboard.broadcasts.published", pubsub, InMemoryPubSub::publishedCount)
                    .description("Broadcasts fanned out to this node's subscribers").register(registry);
            FunctionCounter.builder("switchboard.broadcasts.delivered", pubsub, InMemoryPubSub::deliveredCount)
                    .description("Broadcast copies handed to this node's subscribers").register(registry);
        }
    }

    /** Recovering joins: attempted, recovered, failed by reason, refused for an unreachable history, messages replayed. */
    private static void bindRecovery(RecoveryStats stats, MeterRegistry registry) {
        FunctionCounter.builder("switchboard.recovery.attempted", stats, RecoveryStats::attemptedCount)
                .description("Joins that asked to recover from a position").register(registry);
        FunctionCounter.builder("switchboard.recovery.recovered", stats, RecoveryStats::recoveredCount)
                .description("Joins that received everything after their position").register(registry);
        for (RecoveryFailure reason : RecoveryFailure.values()) {
            FunctionCounter.builder("switchboard.recovery.failed", stats, s -> s.failedCount(reason))
                    .tag("reason", reason.wireName())
                    .description("Joins answered recovered: false, by reason").register(registry);
        }
        FunctionCounter.builder("switchboard.recovery.unavailable", stats, RecoveryStats::unavailableCount)
                .description("Recovering joins refused because the history could not be read").register(registry);
        FunctionCounter.builder("switchboard.recovery.replayed", stats, RecoveryStats::replayedCount)
                .description("Messages replayed to recovering clients").register(registry);
    }

    private void limit(MeterRegistry registry, String name, ToDoubleFunction<LimitCounters> hits) {
        FunctionCounter.builder(LIMIT_HITS, limits, hits)
                .tag("limit", name)
                .description("Connections refused or closed because a connection limit was hit")
                .register(registry);
    }
}
