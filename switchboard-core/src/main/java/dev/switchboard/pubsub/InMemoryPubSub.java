package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single-node PubSub and the local fan-out engine.
 *
 * <p>Each shard keeps its own topic → subscribers table ({@link ShardSubscriptions}), touched
 * only on that shard's thread. A global map records, per topic, which shards have subscribers
 * (a 64-bit mask), so a publish hands exactly one task to each interested shard, which then
 * writes the shared encoding to its own connections.
 *
 * <p>The same map keeps each topic's counts ({@link #topic}, {@link #topics()}), and two node-wide
 * counters record broadcasts fanned out and deliveries made: what an operator looks at costs a
 * counter read, never a walk over the subscribers.
 *
 * <p>Topic histories are kept in a {@link MemoryHistory}: a broadcast on a topic with history gets
 * its position and is handed to the shards under the topic's lock, so every shard sees the topic's
 * broadcasts in offset order.
 */
public class InMemoryPubSub implements PubSub {
    private final AtomicReferenceArray<ShardSubscriptions> shards = new AtomicReferenceArray<>(Shard.MAX_SHARDS);
    private final ConcurrentHashMap<String, TopicEntry> topics = new ConcurrentHashMap<>();
    /** Topics with at least one client channel subscribed here (listener-only topics excluded). */
    private final AtomicInteger channelTopics = new AtomicInteger();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final MemoryHistory history;

    /** A PubSub keeping histories in memory with the default cap. */
    public InMemoryPubSub() {
        this(new MemoryHistory());
    }

    /**
     * @param history where topic histories are kept; null for a subclass that keeps them elsewhere
     *                (and overrides {@link #publish} and {@link #history()})
     */
    public InMemoryPubSub(MemoryHistory history) {
        this.history = history;
    }

    @Override
    public void subscribe(Subscription subscription) {
        Shard shard = subscription.shard();
        int before = shards(shard).add(subscription);
        if (before == ShardSubscriptions.UNCHANGED) {
            return;
        }
        boolean client = !subscription.isListener();
        if (before > 0) {
            // The shard already has the topic, so its entry stays while this shard's thread runs: no lock.
            if (client) {
                counted(topics.get(subscription.topic()), 1);
            }
            return;
        }
        long bit = 1L << shard.id();
        topics.compute(subscription.topic(), (t, entry) -> {
            TopicEntry e = entry != null ? entry : new TopicEntry();
            e.mask |= bit;
            if (client) {
                counted(e, 1);
            }
            return e;
        });
    }

    @Override
    public void unsubscribe(Subscription subscription) {
        Shard shard = subscription.shard();
        ShardSubscriptions table = shards.get(shard.id());
        int left = table == null ? ShardSubscriptions.UNCHANGED : table.remove(subscription);
        if (left == ShardSubscriptions.UNCHANGED) {
            return;
        }
        boolean client = !subscription.isListener();
        if (left > 0) {
            if (client) {
                counted(topics.get(subscription.topic()), -1);
            }
            return;
        }
        long bit = 1L << shard.id();
        topics.computeIfPresent(subscription.topic(), (t, e) -> {
            if (client) {
                counted(e, -1);
            }
            e.mask &= ~bit;
            return e.mask == 0 ? null : e;
        });
    }

    /** Adds {@code delta} client channels to a topic, keeping the count of topics that have any. */
    private void counted(TopicEntry e, int delta) {
        int now = e.subscribers.addAndGet(delta);
        if (delta > 0 && now == delta) {
            channelTopics.incrementAndGet();
        } else if (delta < 0 && now == 0) {
            channelTopics.decrementAndGet();
        }
    }

    @Override
    public CompletionStage<Position> publish(Broadcast broadcast, Subscription from) {
        HistoryOptions options = historyOf(broadcast);
        if (options == null) {
            publishLocal(broadcast, from);
            return NO_POSITION;
        }
        return CompletableFuture.completedStage(history.append(broadcast, options, b -> publishLocal(b, from)));
    }

    /**
     * What {@code broadcast}'s topic keeps, or null: no rule matches, or the payload is binary
     * (binary broadcasts are never kept, so they take no offset, RECOVERY.md §4).
     */
    protected final HistoryOptions historyOf(Broadcast broadcast) {
        HistoryStore store = history();
        if (store.rules().isEmpty() || broadcast.payload().isBinary()) {
            return null;
        }
        return store.rules().match(broadcast.topic());
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    /** Fans a broadcast out to this node's subscribers only; cluster adapters call this for remote messages. */
    @Override
    public final void publishLocal(Broadcast broadcast, Subscription from) {
        TopicEntry entry = topics.get(broadcast.topic());
        if (entry == null) {
            return;
        }
        entry.published.increment();
        published.increment();
        Delivery delivery = new Delivery(broadcast, from);
        long m = entry.mask;
        while (m != 0) {
            int id = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            ShardSubscriptions table = shards.get(id);
            if (table != null) {
                // Always queued, even from the same shard: keeps per-publisher order and lets the
                // shard batch the writes of several broadcasts into one flush.
                table.shard().execute(() -> table.deliver(delivery));
            }
        }
    }

    /** Number of local subscribers of a topic on one shard (for tests and metrics). Call on that shard. */
    public int subscriberCount(Shard shard, String topic) {
        ShardSubscriptions table = shards.get(shard.id());
        return table == null ? 0 : table.count(topic);
    }

    /** True when any shard has a subscriber for the topic. */
    public boolean hasSubscribers(String topic) {
        return topics.containsKey(topic);
    }

    /** A topic's counts on this node, or null when no client channel here is subscribed to it. */
    public TopicStats topic(String topic) {
        TopicEntry e = topics.get(topic);
        int n = e == null ? 0 : e.subscribers.get();
        return n == 0 ? null : new TopicStats(topic, n, e.published.sum());
    }

    /**
     * Every topic a client channel here is subscribed to, with its counts: one pass over the
     * topics (not the subscribers), for listings that sort or search them.
     */
    public List<TopicStats> topics() {
        List<TopicStats> all = new ArrayList<>(channelTopics.get());
        topics.forEach((topic, e) -> {
            int n = e.subscribers.get();
            if (n > 0) {
                all.add(new TopicStats(topic, n, e.published.sum()));
            }
        });
        return all;
    }

    /** Topics a client channel here is subscribed to (a counter, not a count). */
    public int topicCount() {
        return channelTopics.get();
    }

    /** Broadcasts fanned out on this node since start (published here or received from other nodes) that had local subscribers. */
    public long publishedCount() {
        return published.sum();
    }

    /** Broadcasts handed to local subscribers since start: one per subscriber per broadcast. */
    public long deliveredCount() {
        return delivered.sum();
    }

    private ShardSubscriptions shards(Shard shard) {
        ShardSubscriptions table = shards.get(shard.id());
        if (table == null) {
            shards.compareAndSet(shard.id(), null, new ShardSubscriptions(shard, delivered));
            table = shards.get(shard.id());
            if (table.shard() != shard) {
                throw new IllegalStateException("two shards share id " + shard.id());
            }
        }
        return table;
    }
}
