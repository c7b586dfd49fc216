package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's topic → subscribers table. Confined to the shard's thread: no locks.
 *
 * <p>Subscriber lists are copy-on-write arrays: delivery iterates a snapshot, so a subscriber
 * that unsubscribes (or another that subscribes) while a broadcast is being delivered does not
 * disturb the iteration, and the common operation — delivery — is a plain array walk.
 */
final class ShardSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(ShardSubscriptions.class);
    private static final Subscription[] NONE = new Subscription[0];

    /** Result of {@link #add} and {@link #remove} when nothing changed. */
    static final int UNCHANGED = -1;

    private final Shard shard;
    private final HashMap<String, Subscription[]> byTopic = new HashMap<>();
    /** The PubSub's delivery counter, added to once per delivered broadcast, not once per subscriber. */
    private final LongAdder delivered;

    ShardSubscriptions(Shard shard, LongAdder delivered) {
        this.shard = shard;
        this.delivered = delivered;
    }

    Shard shard() {
        return shard;
    }

    /**
     * Adds a subscription.
     *
     * @return the topic's subscribers on this shard before it, or {@link #UNCHANGED} when it was there already
     */
    int add(Subscription subscriber) {
        String topic = subscriber.topic();
        Subscription[] current = byTopic.getOrDefault(topic, NONE);
        for (Subscription s : current) {
            if (s == subscriber) {
                return UNCHANGED;
            }
        }
        Subscription[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = subscriber;
        byTopic.put(topic, next);
        return current.length;
    }

    /**
     * Removes a subscription.
     *
     * @return the topic's subscribers left on this shard, or {@link #UNCHANGED} when it was not there
     */
    int remove(Subscription subscriber) {
        String topic = subscriber.topic();
        Subscription[] current = byTopic.get(topic);
        if (current == null) {
            return UNCHANGED;
        }
        int index = -1;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == subscriber) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return UNCHANGED;
        }
        if (current.length == 1) {
            byTopic.remove(topic);
            return 0;
        }
        Subscription[] next = new Subscription[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, current.length - index - 1);
        byTopic.put(topic, next);
        return next.length;
    }

    int count(String topic) {
        return byTopic.getOrDefault(topic, NONE).length;
    }

    void deliver(Delivery delivery) {
        Subscription[] subscribers = byTopic.get(delivery.broadcast().topic());
        if (subscribers == null) {
            return;
        }
        Subscription from = delivery.from();
        delivered.add(subscribers.length);
        for (Subscription s : subscribers) {
            if (s == from) {
                continue;
            }
            try {
                s.deliver(delivery);
            } catch (RuntimeException e) {
                // One broken subscriber must not stop delivery to the others.
                log.error("Delivery of {} on {} failed for one subscriber",
                        delivery.broadcast().event(), delivery.broadcast().topic(), e);
            }
        }
    }
}
