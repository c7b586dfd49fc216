package dev.switchboard.pubsub;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link InMemoryPubSub} knows of one topic with local subscribers: which shards have them
 * (the fan-out's mask), how many client channels are subscribed and how many broadcasts the topic
 * carried here. Kept up to date on subscribe, unsubscribe and publish so that a look at a topic, or
 * at all of them, never walks the subscribers.
 *
 * <p>{@code mask} changes only inside the map's {@code compute} for the topic (one writer at a
 * time) and is read by any thread. {@code subscribers} is counted without the map's lock while
 * the shard already has the topic (most joins and leaves of a busy topic), so subscribers coming
 * and going on several event loops do not queue on one map entry.
 */
final class TopicEntry {
    volatile long mask;
    /** Client channels subscribed on this node (listeners not counted). */
    final AtomicInteger subscribers = new AtomicInteger();
    final LongAdder published = new LongAdder();
}
