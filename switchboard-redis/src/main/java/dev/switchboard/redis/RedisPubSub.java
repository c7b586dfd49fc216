package dev.switchboard.redis;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.Subscription;
import java.util.concurrent.CompletionStage;

/**
 * The PubSub of a node in a Redis cluster: the in-memory fan-out for this node's subscribers,
 * plus Redis for every other node.
 *
 * <p><b>Topics without history:</b> local delivery comes first and never waits for Redis: a
 * publish hands the broadcast to this node's shards, then starts an asynchronous PUBLISH and
 * returns. While Redis is away the local clients keep receiving everything published on this
 * node; the PUBLISH fails at once and is counted in {@link RedisMetrics#publishFailures()} (what
 * other nodes miss is not replayed). Other nodes hand the broadcast to all their subscribers:
 * {@code broadcastFrom} excludes one subscriber, and it lives on the publishing node. A node
 * ignores the copies of its own broadcasts that Redis sends back.
 *
 * <p><b>Topics with history:</b> the broadcast gets its position in Redis first
 * ({@link RedisHistory}), then every node — this one from the script's reply, the others from
 * Pub/Sub — delivers it in offset order ({@link OffsetOrder}). While Redis is away such a
 * broadcast is not accepted at all: its stage fails, nobody receives it, and the publisher knows.
 *
 * <p>Closing it closes the {@link RedisCluster} it belongs to (the bus shares its connections).
 */
public final class RedisPubSub extends InMemoryPubSub {
    private final RedisCluster cluster;
    private final RedisHistory history;
    private final OffsetOrder order;

    RedisPubSub(RedisCluster cluster, RedisHistory history, RedisMetrics metrics) {
        super(null);
        this.cluster = cluster;
        this.history = history;
        this.order = new OffsetOrder(history, this::publishLocal, this::hasSubscribers, metrics);
    }

    @Override
    public CompletionStage<Position> publish(Broadcast broadcast, Subscription from) {
        HistoryOptions options = historyOf(broadcast);
        if (options == null) {
            publishLocal(broadcast, from);
            cluster.forward(broadcast);
            return NO_POSITION;
        }
        return history.publish(broadcast, options).thenApply(position -> {
            order.offer(broadcast.at(position), from);
            return position;
        });
    }

    @Override
    public HistoryStore history() {
        return new HistoryStore() {
            @Override
            public dev.switchboard.history.HistoryRules rules() {
                return history.rules();
            }

            @Override
            public CompletionStage<dev.switchboard.history.HistoryRead> read(String topic, Position since, int limit) {
                // Every join of a history topic reads the latest position: follow the topic from there.
                return history.read(topic, since, limit).whenComplete((read, e) -> {
                    if (read != null) {
                        order.seed(topic, read.latest());
                    }
                });
            }
        };
    }

    /** A broadcast from another node: this node's subscribers only, none excluded. */
    void receive(Broadcast broadcast) {
        publishLocal(broadcast, null);
    }

    /** A positioned broadcast from another node, delivered in offset order. */
    void receivePositioned(Broadcast positioned) {
        order.offer(positioned, null);
    }

    /** After a Redis reconnect: catch every followed history topic up from its stream. */
    void reconnected() {
        order.catchUp();
    }

    @Override
    public void close() {
        order.close();
        cluster.close();
    }
}
