package dev.switchboard.redis;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Position;
import dev.switchboard.pubsub.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each history topic's broadcasts to this node's subscribers in offset order, once each.
 * Positioned broadcasts reach a node two ways — the reply of its own publish script, and Pub/Sub
 * for every node's — in no fixed order, and Pub/Sub may lose one (a dropped connection, a
 * subscriber buffer overflow). So per topic this node remembers the last offset it delivered;
 * an older or equal one is a duplicate and dropped; a later one waits until the ones before it
 * arrive, and if they have not after {@link #GAP_GRACE_MILLIS}, they are read from the topic's
 * stream. A gap the stream no longer holds (trimmed, expired) is skipped, logged and counted:
 * live subscribers then miss those messages, and learn it from their positions when they rejoin.
 *
 * <p>A topic is followed only while this node has subscribers for it. Following starts where the
 * first subscriber's join read the latest position (every join of a history topic reads it), not
 * at whichever copy arrives first: a node's own publish reply can overtake an earlier offset
 * still on its way through Pub/Sub. Until the join's read arrives — at most
 * {@link #SEED_WAIT_MILLIS}, for subscribers that never read — broadcasts wait. After a Redis
 * reconnect every followed topic is caught up from its stream.
 *
 * <p>Thread-safe: one lock per topic, held while delivering (which only queues tasks on shards).
 */
final class OffsetOrder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OffsetOrder.class);
    /** How long a later offset waits for the ones before it before the stream is read. */
    static final long GAP_GRACE_MILLIS = 50;
    /** Retry interval when the stream cannot be read (Redis away). */
    private static final long RETRY_MILLIS = 1_000;
    /** Messages one topic may hold waiting for a gap to fill; past it the gap is given up. */
    static final int MAX_WAITING = 10_000;
    /**
     * How long the first broadcasts of a topic not yet followed wait for a join to say where the
     * subscriber started (a join reads the latest position right after subscribing).
     */
    static final long SEED_WAIT_MILLIS = 500;

    /** Delivers a positioned broadcast to this node's subscribers (all but {@code from}). */
    interface Deliver {
        void deliver(Broadcast positioned, Subscription from);
    }

    private final RedisHistory history;
    private final Deliver deliver;
    private final Predicate<String> hasSubscribers;
    private final RedisMetrics metrics;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-history-order");
        t.setDaemon(true);
        return t;
    });

    OffsetOrder(RedisHistory history, Deliver deliver, Predicate<String> hasSubscribers, RedisMetrics metrics) {
        this.history = history;
        this.deliver = deliver;
        this.hasSubscribers = hasSubscribers;
        this.metrics = metrics;
    }

    /** One topic's progress. Guarded by itself. */
    private static final class Topic {
        String epoch;
        long delivered;
        final TreeMap<Long, Waiting> waiting = new TreeMap<>();
        boolean filling;
        /** Broadcasts arrived before the topic was followed; {@link #settle} is scheduled. */
        boolean settling;
    }

    private record Waiting(Broadcast broadcast, Subscription from) {}

    /** A positioned broadcast from a publish reply or from Pub/Sub. */
    void offer(Broadcast positioned, Subscription from) {
        String name = positioned.topic();
        if (!hasSubscribers.test(name)) {
            topics.remove(name); // nobody here to deliver to; a later subscriber starts afresh
            return;
        }
        Topic topic = topics.computeIfAbsent(name, t -> new Topic());
        boolean gap;
        boolean unsettled = false;
        synchronized (topic) {
            if (topic.epoch == null) {
                // Not followed yet: where to start is what the subscriber's join reads, not whichever
                // copy arrives first (a later offset may overtake an earlier one on the way here).
                topic.waiting.put(positioned.position().offset(), new Waiting(positioned, from));
                unsettled = !topic.settling;
                topic.settling = true;
                gap = false;
            } else {
                gap = accept(topic, positioned, from);
            }
        }
        if (unsettled) {
            timer.schedule(() -> settle(name, topic), SEED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (gap) {
            timer.schedule(() -> fill(name, topic), GAP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Delivers, drops or queues one broadcast of a followed topic; true when a gap fill must start. Holding the lock. */
    private boolean accept(Topic topic, Broadcast positioned, Subscription from) {
        Position p = positioned.position();
        if (!topic.epoch.equals(p.epoch())) {
            // A new stream (the old one was lost): its offsets start over from 1.
            log.info("History of {} moved to a new epoch {} (was {}): its earlier positions cannot be recovered",
                    positioned.topic(), p.epoch(), topic.epoch);
            topic.epoch = p.epoch();
            topic.delivered = 0;
            topic.waiting.clear();
        }
        if (p.offset() <= topic.delivered) {
            return false;
        }
        if (p.offset() == topic.delivered + 1) {
            deliver.deliver(positioned, from);
            topic.delivered++;
            drain(topic);
            return false;
        }
        topic.waiting.put(p.offset(), new Waiting(positioned, from));
        if (topic.waiting.size() > MAX_WAITING) {
            giveUpGap(positioned.topic(), topic);
            return false;
        }
        boolean start = !topic.filling;
        topic.filling = true;
        return start;
    }

    /** Starts following a topic from {@code epoch}/{@code delivered}, then takes what waited meanwhile. Holding the lock. */
    private boolean start(Topic topic, String epoch, long delivered) {
        topic.epoch = epoch;
        topic.delivered = delivered;
        topic.settling = false;
        List<Waiting> held = new ArrayList<>(topic.waiting.values());
        topic.waiting.clear();
        boolean gap = false;
        for (Waiting w : held) {
            if (w.broadcast().position().epoch().equals(epoch)) { // another epoch's offsets say nothing here
                gap |= accept(topic, w.broadcast(), w.from());
            }
        }
        return gap;
    }

    /**
     * No join said where to start following (a subscriber that does not read the history): start
     * just before the lowest offset that arrived meanwhile.
     */
    private void settle(String name, Topic topic) {
        boolean gap;
        synchronized (topic) {
            if (topic.epoch != null || topic.waiting.isEmpty()) {
                topic.settling = false;
                return;
            }
            Position first = topic.waiting.firstEntry().getValue().broadcast().position();
            gap = start(topic, first.epoch(), first.offset() - 1);
        }
        if (gap) {
            timer.execute(() -> fill(name, topic));
        }
    }

    /**
     * A join read the topic up to {@code latest}: follow the topic from there (if not followed yet,
     * or followed in another epoch), so nothing after it is skipped and a gap right after it is filled.
     */
    void seed(String name, Position latest) {
        if (latest == null || !hasSubscribers.test(name)) {
            return;
        }
        Topic topic = topics.computeIfAbsent(name, t -> new Topic());
        boolean gap = false;
        synchronized (topic) {
            if (topic.epoch == null || !topic.epoch.equals(latest.epoch())) {
                gap = start(topic, latest.epoch(), latest.offset());
            }
        }
        if (gap) {
            timer.execute(() -> fill(name, topic));
        }
    }

    /** After a Redis reconnect: read every followed topic's stream past what was delivered. */
    void catchUp() {
        for (Map.Entry<String, Topic> e : topics.entrySet()) {
            Topic topic = e.getValue();
            boolean start;
            synchronized (topic) {
                start = topic.epoch != null && !topic.filling;
                topic.filling |= start;
            }
            if (start) {
                timer.execute(() -> fill(e.getKey(), topic));
            }
        }
    }

    /** Reads the stream from the last delivered offset up to the first waiting one (or the latest), then delivers. */
    private void fill(String name, Topic topic) {
        HistoryOptions options = history.rules().match(name);
        long from;
        long upTo;
        String epoch;
        synchronized (topic) {
            if (options == null || topics.get(name) != topic || topic.epoch == null) {
                topic.filling = false;
                return;
            }
            from = topic.delivered;
            upTo = topic.waiting.isEmpty() ? -1 : topic.waiting.firstKey() - 1;
            epoch = topic.epoch;
            if (upTo >= 0 && upTo <= from) {
                drain(topic);
                topic.filling = false;
                return;
            }
        }
        int limit = upTo < 0 ? options.size() : (int) Math.min(options.size(), upTo - from);
        history.range(name, options, new Position(from, epoch), limit, upTo).whenComplete((range, error) -> {
            if (error != null) {
                log.debug("Filling the history gap of {} failed ({}); retrying", name, error.toString());
                timer.schedule(() -> fill(name, topic), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            boolean again;
            synchronized (topic) {
                if (range.epoch().equals(topic.epoch)) {
                    for (Broadcast b : range.messages()) {
                        if (b.position().offset() == topic.delivered + 1) {
                            deliver.deliver(b, null);
                            topic.delivered++;
                            metrics.gapFilled();
                        }
                    }
                    if (!topic.waiting.isEmpty() && topic.waiting.firstKey() > topic.delivered + 1
                            && range.messages().size() < limit) {
                        giveUpGap(name, topic); // the stream no longer holds them
                    }
                    drain(topic);
                }
                again = !topic.waiting.isEmpty();
                topic.filling = again;
            }
            if (again) {
                timer.schedule(() -> fill(name, topic), GAP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Delivers the waiting broadcasts that now follow on. Holding the topic's lock. */
    private void drain(Topic topic) {
        Map.Entry<Long, Waiting> next;
        while ((next = topic.waiting.firstEntry()) != null && next.getKey() <= topic.delivered + 1) {
            topic.waiting.pollFirstEntry();
            if (next.getKey() == topic.delivered + 1) {
                deliver.deliver(next.getValue().broadcast(), next.getValue().from());
                topic.delivered++;
            }
        }
    }

    /** Skips to the first waiting broadcast: the ones before it are gone. Holding the topic's lock. */
    private void giveUpGap(String name, Topic topic) {
        long first = topic.waiting.firstKey();
        long lost = first - topic.delivered - 1;
        log.warn("History of {}: {} broadcasts after offset {} could not be delivered live here (no longer in the "
                + "stream); subscribers learn it when they rejoin", name, lost, topic.delivered);
        metrics.gapLost(lost);
        topic.delivered = first - 1;
        drain(topic);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
