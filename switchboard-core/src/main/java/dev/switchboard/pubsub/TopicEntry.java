package dev.switchboard.pubsub;

import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link InMemoryPubSub} knows of one topic with local subscribers: which shards have them
 * (the fan-out's mask), how many client channels are subscribed and how many broadcasts the topic
 * carried here. Kept up to date on subscribe, unsubscribe and publish so that a look at a topic, or
 * at all of them, never walks the subscribers.
 *
 * <p>{@code mask} and {@code subscribers} change only inside the map's {@code compute} for the
 * topic (one writer at a time) and are read by any thread.
 */
final class TopicEntry {
    volatile long mask;
    /** Client channels subscribed on this node (listeners not counted). */
    volatile int subscribers;
    final LongAdder published = new LongAdder();
}
