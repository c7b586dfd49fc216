package dev.switchboard.server.admin;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.server.io.CloseCounts;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.TrafficStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the admin API reads this node's numbers: counters the server keeps anyway (open
 * connections per loop, close counts, the sessions' traffic, the PubSub's topic table). Every read
 * is a sum of counters; nothing here walks connections.
 */
final class NodeCounters {
    private final Endpoint endpoint;
    private final Shards shards;
    /** The PubSub when it is the in-memory engine (or a cluster adapter built on it); else null. */
    private final InMemoryPubSub pubsub;

    NodeCounters(Endpoint endpoint, Shards shards) {
        this.endpoint = endpoint;
        this.shards = shards;
        this.pubsub = endpoint.pubsub() instanceof InMemoryPubSub memory ? memory : null;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Shards shards() {
        return shards;
    }

    /** Null when the PubSub keeps no topic table the admin API can read. */
    InMemoryPubSub pubsub() {
        return pubsub;
    }

    int connections() {
        return shards.openConnections();
    }

    int topics() {
        return pubsub == null ? 0 : pubsub.topicCount();
    }

    TrafficStats traffic() {
        return endpoint.traffic();
    }

    long published() {
        return pubsub == null ? 0 : pubsub.publishedCount();
    }

    long deliveries() {
        return pubsub == null ? 0 : pubsub.deliveredCount();
    }

    /** Connections that ended since start, by reason (every transport together), in the causes' order. */
    Map<String, Long> closes() {
        CloseCounts counts = shards.closes();
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (CloseReason.Cause cause : CloseReason.Cause.values()) {
            long n = 0;
            for (TransportKind kind : TransportKind.values()) {
                n += counts.get(kind, cause);
            }
            byReason.put(cause.label(), n);
        }
        return byReason;
    }
}
