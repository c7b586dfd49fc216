package dev.switchboard.redis;

import dev.switchboard.protocol.Broadcast;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.Subscription;

/**
 * The PubSub of a node in a Redis cluster: the in-memory fan-out for this node's subscribers,
 * plus one envelope per broadcast through Redis for every other node.
 *
 * <p>Local delivery comes first and never waits for Redis: a publish hands the broadcast to this
 * node's shards, then starts an asynchronous PUBLISH and returns. While Redis is away the local
 * clients keep receiving everything published on this node; the PUBLISH fails at once and is
 * counted in {@link RedisMetrics#publishFailures()} (what other nodes miss is not replayed).
 *
 * <p>Other nodes hand the broadcast to their own subscribers, all of them: {@code broadcastFrom}
 * excludes one subscriber, and that subscriber lives on the publishing node. A node ignores the
 * copies of its own broadcasts that Redis sends back to it.
 *
 * <p>Closing it closes the {@link RedisCluster} it belongs to (the bus shares its connections).
 */
public final class RedisPubSub extends InMemoryPubSub {
    private final RedisCluster cluster;

    RedisPubSub(RedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void publish(Broadcast broadcast, Subscription from) {
        publishLocal(broadcast, from);
        cluster.forward(broadcast);
    }

    /** A broadcast from another node: this node's subscribers only, none excluded. */
    void receive(Broadcast broadcast) {
        publishLocal(broadcast, null);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
