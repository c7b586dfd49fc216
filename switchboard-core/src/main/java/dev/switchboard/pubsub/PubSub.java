package dev.switchboard.pubsub;

import dev.switchboard.protocol.Broadcast;

/**
 * Delivers broadcasts to the subscribers of a topic, on this node and (for cluster adapters) on
 * every other node. Implementations are thread-safe.
 */
public interface PubSub extends AutoCloseable {

    /** Subscribes on the subscriber's own shard thread; takes effect for broadcasts published after it. */
    void subscribe(String topic, Subscriber subscriber);

    /** Unsubscribes; must be called on the subscriber's shard thread. Unknown subscriptions are ignored. */
    void unsubscribe(String topic, Subscriber subscriber);

    /**
     * Publishes to every subscriber of {@code broadcast.topic()} except {@code from} (null: everyone).
     * Broadcasts from one publisher thread to one topic arrive in publish order.
     */
    void publish(Broadcast broadcast, Subscriber from);

    default void publish(Broadcast broadcast) {
        publish(broadcast, null);
    }

    /**
     * Delivers to this node's subscribers only, never to other nodes. For state every node derives
     * for itself (presence diffs: each node turns replicated changes into its own diffs).
     */
    void publishLocal(Broadcast broadcast, Subscriber from);

    @Override
    default void close() {}
}
