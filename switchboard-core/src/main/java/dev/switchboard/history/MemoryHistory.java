package dev.switchboard.history;

import dev.switchboard.exec.Ticker;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Position;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Topic histories in this process: a bounded ring of the last {@link HistoryOptions#size()}
 * broadcasts per topic, with its offset counter and epoch. The epoch is random per topic and
 * per process start, so a restart is seen by every client as an epoch change.
 *
 * <p><b>Memory.</b> Every kept message is accounted (payload, event and a fixed overhead per
 * entry, {@value #ENTRY_OVERHEAD_BYTES} bytes, and {@value #TOPIC_OVERHEAD_BYTES} per topic).
 * Past {@code maxBytes} (default 64 MiB) whole histories are evicted, least recently published
 * topic first, until 90% of the cap is free again; an evicted topic keeps its epoch and offset,
 * so clients behind it learn {@code too_old}, never a wrong replay. A topic quiet for longer than
 * its ttl is forgotten entirely (the next broadcast starts a new epoch); forgotten histories are
 * freed at the next broadcast on any topic (at most one sweep per second) or when read.
 *
 * <p>Thread-safe: one lock per topic, held while a broadcast gets its offset and is handed to the
 * local subscribers, so every subscriber sees a topic's broadcasts in offset order.
 */
public final class MemoryHistory implements HistoryStore {
    /** The default cap on the memory all histories may hold. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Accounted per kept message besides its payload and event: entry, array slot, position. */
    static final int ENTRY_OVERHEAD_BYTES = 96;
    /** Accounted per topic with a history, even an empty one. */
    static final int TOPIC_OVERHEAD_BYTES = 160;
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HistoryRules rules = new HistoryRules();
    private final ConcurrentHashMap<String, TopicLog> topics = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    private final Ticker ticker;
    private volatile long lastSweepNanos;

    /** Histories capped at {@link #DEFAULT_MAX_BYTES}, timed by the system clock. */
    public MemoryHistory() {
        this(DEFAULT_MAX_BYTES, Ticker.SYSTEM);
    }

    /** @param maxBytes the cap on all histories together (at least 64 KiB) */
    public MemoryHistory(long maxBytes, Ticker ticker) {
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("history memory cap must be at least 64 KiB, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.ticker = ticker;
        this.lastSweepNanos = ticker.nanoTime();
    }

    @Override
    public HistoryRules rules() {
        return rules;
    }

    /**
     * Gives {@code broadcast} the topic's next position, keeps it, and calls {@code deliver} with the
     * positioned broadcast — all under the topic's lock, so deliveries leave in offset order.
     */
    public Position append(Broadcast broadcast, HistoryOptions options, Consumer<Broadcast> deliver) {
        long now = ticker.nanoTime();
        if (now - lastSweepNanos > SWEEP_INTERVAL_NANOS) {
            sweep(now);
        }
        Position position = null;
        while (position == null) {
            TopicLog log = live(broadcast.topic(), options, now);
            synchronized (log) {
                if (log.dead) {
                    continue; // forgotten between the lookup and the lock: take the fresh one
                }
                Broadcast positioned = broadcast.at(new Position(log.latest + 1, log.epoch));
                bytes.addAndGet(log.add(positioned, now));
                deliver.accept(positioned);
                position = positioned.position();
            }
        }
        if (bytes.get() > maxBytes) {
            evict(); // outside the topic's lock: eviction takes other topics' locks
        }
        return position;
    }

    @Override
    public CompletionStage<HistoryRead> read(String topic, Position since, int limit) {
        HistoryOptions options = rules.match(topic);
        if (options == null) {
            return CompletableFuture.completedFuture(HistoryRead.failed(null, RecoveryFailure.NO_HISTORY));
        }
        long now = ticker.nanoTime();
        while (true) {
            TopicLog log = live(topic, options, now);
            synchronized (log) {
                if (!log.dead) {
                    return CompletableFuture.completedFuture(log.read(since, limit));
                }
            }
        }
    }

    /** Bytes accounted to all histories now. */
    public long bytes() {
        return bytes.get();
    }

    /** Topics with a history now. */
    public int topics() {
        return topics.size();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The topic's log, a new one (new epoch) when it has none or its old one outlived its ttl. */
    private TopicLog live(String topic, HistoryOptions options, long now) {
        TopicLog log = topics.get(topic);
        if (log != null && !log.expired(now)) {
            return log;
        }
        return topics.compute(topic, (t, old) -> {
            if (old != null && !old.expired(now) && !old.dead) {
                return old;
            }
            if (old != null) {
                bytes.addAndGet(-old.kill());
            }
            bytes.addAndGet(TOPIC_OVERHEAD_BYTES);
            return new TopicLog(newEpoch(), options, now);
        });
    }

    private void sweep(long now) {
        lastSweepNanos = now;
        for (Map.Entry<String, TopicLog> e : topics.entrySet()) {
            if (e.getValue().expired(now)) {
                topics.computeIfPresent(e.getKey(), (t, log) -> {
                    if (!log.expired(now)) {
                        return log;
                    }
                    bytes.addAndGet(-log.kill());
                    return null;
                });
            }
        }
    }

    /** Frees kept messages, least recently published topic first, down to 90% of the cap. */
    private void evict() {
        long target = maxBytes - maxBytes / 10;
        while (bytes.get() > target) {
            TopicLog oldest = null;
            for (TopicLog log : topics.values()) {
                if (log.count > 0 && (oldest == null || log.lastAppendNanos < oldest.lastAppendNanos)) {
                    oldest = log;
                }
            }
            if (oldest == null) {
                return;
            }
            synchronized (oldest) {
                bytes.addAndGet(-oldest.clearEntries());
            }
        }
    }

    private static String newEpoch() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One topic's stream: its epoch, offset counter and ring of kept messages. Guarded by itself. */
    private static final class TopicLog {
        final String epoch;
        final Broadcast[] ring;
        final int[] sizes;
        final long ttlNanos;
        long latest;
        int head;
        int count;
        volatile long lastAppendNanos;
        boolean dead;

        TopicLog(String epoch, HistoryOptions options, long now) {
            this.epoch = epoch;
            this.ring = new Broadcast[options.size()];
            this.sizes = new int[options.size()];
            this.ttlNanos = options.ttl().toNanos();
            this.lastAppendNanos = now;
        }

        boolean expired(long now) {
            return now - lastAppendNanos > ttlNanos;
        }

        /** Keeps one more message (dropping the oldest when full); returns the change in accounted bytes. */
        long add(Broadcast positioned, long now) {
            latest = positioned.position().offset();
            lastAppendNanos = now;
            int size = ENTRY_OVERHEAD_BYTES + positioned.event().length()
                    + ((JsonPayload) positioned.payload()).bytes().length;
            int slot = (head + count) % ring.length;
            long delta = size;
            if (count == ring.length) {
                delta -= sizes[slot]; // full: the slot after the newest is the oldest, overwritten
                head = (head + 1) % ring.length;
            } else {
                count++;
            }
            ring[slot] = positioned;
            sizes[slot] = size;
            return delta;
        }

        HistoryRead read(Position since, int limit) {
            Position latestPosition = new Position(latest, epoch);
            if (since == null) {
                long from = latest - Math.min(count, Math.max(0, limit));
                return HistoryRead.recovered(latestPosition, after(from, limit));
            }
            if (!since.epoch().equals(epoch)) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.EPOCH_CHANGED);
            }
            if (since.offset() > latest) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.INVALID_POSITION);
            }
            long oldestKept = latest - count + 1;
            if (since.offset() < oldestKept - 1) {
                return HistoryRead.failed(latestPosition, RecoveryFailure.TOO_OLD);
            }
            return HistoryRead.recovered(latestPosition, after(since.offset(), limit));
        }

        /** The kept messages after offset {@code from} (which is at least the oldest kept minus one), at most {@code limit}. */
        private List<Broadcast> after(long from, int limit) {
            int missed = (int) (latest - from);
            int n = Math.min(missed, Math.max(0, limit));
            List<Broadcast> messages = new ArrayList<>(n);
            int first = count - missed; // index (from the oldest kept) of the message after `from`
            for (int i = 0; i < n; i++) {
                messages.add(ring[(head + first + i) % ring.length]);
            }
            return messages;
        }

        /** Drops every kept message, keeping epoch and offset; returns the bytes freed. */
        long clearEntries() {
            long freed = 0;
            for (int i = 0; i < count; i++) {
                int slot = (head + i) % ring.length;
                freed += sizes[slot];
                ring[slot] = null;
            }
            count = 0;
            head = 0;
            return freed;
        }

        /** The log is forgotten; returns every byte it accounted. */
        long kill() {
            synchronized (this) {
                dead = true;
                return clearEntries() + TOPIC_OVERHEAD_BYTES;
            }
        }
    }
}
