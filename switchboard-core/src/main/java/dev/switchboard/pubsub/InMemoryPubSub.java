package dev.switchboard.pubsub;

import dev.switchboard.exec.Shard;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The single-node PubSub and the local fan-out engine.
 *
 * <p>Each shard keeps its own topic → subscribers table ({@link ShardSubscriptions}), touched
 * only on that shard's thread. A global map records, per topic, which shards have subscribers
 * (a 64-bit mask), so a publish hands exactly one task to each interested shard, which then
 * writes the shared encoding to its own connections.
 *
 * <p>Topic histories are kept in a {@link MemoryHistory}: a broadcast on a topic with history gets
 * its position and is handed to the shards under the topic's lock, so every shard sees the topic's
 * broadcasts in offset order.
 */
public class InMemoryPubSub implements PubSub {
    private final AtomicReferenceArray<ShardSubscriptions> shards = new AtomicReferenceArray<>(Shard.MAX_SHARDS);
    private final ConcurrentHashMap<String, Long> shardsByTopic = new ConcurrentHashMap<>();
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
        if (shards(shard).add(subscription)) {
            long bit = 1L << shard.id();
            shardsByTopic.merge(subscription.topic(), bit, (a, b) -> a | b);
        }
    }

    @Override
    public void unsubscribe(Subscription subscription) {
        Shard shard = subscription.shard();
        ShardSubscriptions table = shards.get(shard.id());
        if (table != null && table.remove(subscription)) {
            long bit = 1L << shard.id();
            shardsByTopic.computeIfPresent(subscription.topic(), (t, mask) -> (mask & ~bit) == 0 ? null : mask & ~bit);
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
        Long mask = shardsByTopic.get(broadcast.topic());
        if (mask == null) {
            return;
        }
        Delivery delivery = new Delivery(broadcast, from);
        long m = mask;
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
        return shardsByTopic.containsKey(topic);
    }

    private ShardSubscriptions shards(Shard shard) {
        ShardSubscriptions table = shards.get(shard.id());
        if (table == null) {
            shards.compareAndSet(shard.id(), null, new ShardSubscriptions(shard));
            table = shards.get(shard.id());
            if (table.shard() != shard) {
                throw new IllegalStateException("two shards share id " + shard.id());
            }
        }
        return table;
    }
}
