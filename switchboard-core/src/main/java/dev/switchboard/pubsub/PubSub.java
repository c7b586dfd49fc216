package dev.switchboard.pubsub;

import dev.switchboard.protocol.Broadcast;

/**
 * Delivers broadcasts to the subscriptions of a topic, on this node and (for cluster adapters) on
 * every other node. Implementations are thread-safe.
 */
public interface PubSub extends AutoCloseable {

    /**
     * Adds a subscription; call on its shard's thread. It takes effect for broadcasts published
     * after it; adding the same instance twice is a no-op.
     */
    void subscribe(Subscription subscription);

    /** Removes a subscription; call on its shard's thread. Unknown subscriptions are ignored. */
    void unsubscribe(Subscription subscription);

    /**
     * Publishes to every subscription of {@code broadcast.topic()} except {@code from} (null:
     * everyone). Broadcasts from one publisher thread to one topic arrive in publish order.
     */
    void publish(Broadcast broadcast, Subscription from);

    default void publish(Broadcast broadcast) {
        publish(broadcast, null);
    }

    /**
     * Delivers to this node's subscriptions only, never to other nodes. For state every node derives
     * for itself (presence diffs: each node turns replicated changes into its own diffs), and for
     * cluster adapters handing on what another node published.
     */
    void publishLocal(Broadcast broadcast, Subscription from);

    @Override
    default void close() {}
}
