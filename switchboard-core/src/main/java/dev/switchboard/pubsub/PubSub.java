package dev.switchboard.pubsub;

import dev.switchboard.history.HistoryStore;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivers broadcasts to the subscriptions of a topic, on this node and (for cluster adapters) on
 * every other node. Implementations are thread-safe.
 */
public interface PubSub extends AutoCloseable {

    /** The answer of {@link #publish} for a broadcast that gets no position (no history). */
    CompletionStage<Position> NO_POSITION = CompletableFuture.completedStage(null);

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
     *
     * <p>On a topic that keeps history (see {@link #history()}), a broadcast with a JSON payload
     * is given the topic's next {@link Position} first — the same on every node — and subscribers
     * receive it in offset order; the stage completes with that position once it is assigned (at
     * once in memory, after a round trip in a cluster), or exceptionally when it cannot be (the
     * cluster's store is unreachable: then nobody receives it). Otherwise it completes with null.
     */
    CompletionStage<Position> publish(Broadcast broadcast, Subscription from);

    default CompletionStage<Position> publish(Broadcast broadcast) {
        return publish(broadcast, null);
    }

    /** Where this PubSub keeps topic histories, and which topics keep one. */
    HistoryStore history();

    /**
     * Delivers to this node's subscriptions only, never to other nodes. For state every node derives
     * for itself (presence diffs: each node turns replicated changes into its own diffs), and for
     * cluster adapters handing on what another node published.
     */
    void publishLocal(Broadcast broadcast, Subscription from);

    @Override
    default void close() {}
}
