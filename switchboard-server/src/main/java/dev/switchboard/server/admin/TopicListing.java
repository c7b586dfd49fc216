package dev.switchboard.server.admin;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.pubsub.TopicStats;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages through the topics with subscribers on this node, sorted by subscribers or by message
 * rate. Reads the PubSub's topic table (one pass over the topics, never over subscribers).
 *
 * <p>A topic's rate is its broadcasts per second between the previous snapshot of every topic's
 * count and now. A snapshot is taken by a listing when the last one is at least
 * {@value #MIN_WINDOW_MILLIS} ms old, so the rate covers the time between two looks (a dashboard
 * refreshing every few seconds sees the last few seconds) and costs nothing between looks.
 */
final class TopicListing {
    static final long MIN_WINDOW_MILLIS = 1_000;
    static final List<String> SORTS = List.of("subscribers", "rate", "name");

    private final InMemoryPubSub pubsub;
    /** Guarded by {@code this}. */
    private Map<String, Long> snapshot = Map.of();
    /** As if the last snapshot were a window old: the first listing takes one. */
    private long snapshotNanos = System.nanoTime() - MIN_WINDOW_MILLIS * 1_000_000;

    TopicListing(InMemoryPubSub pubsub) {
        this.pubsub = pubsub;
    }

    /** A topic with its rate (null until a snapshot older than the topic's counts exists). */
    record Row(TopicStats stats, Double rate) {}

    record Page(List<Row> rows, int total) {}

    Page list(String sort, String q, int offset, int limit) {
        List<TopicStats> all = pubsub.topics();
        Map<String, Long> before;
        double seconds;
        synchronized (this) {
            long now = System.nanoTime();
            before = snapshot;
            seconds = (now - snapshotNanos) / 1e9;
            if (now - snapshotNanos >= MIN_WINDOW_MILLIS * 1_000_000) {
                Map<String, Long> next = new HashMap<>(all.size() * 2);
                all.forEach(t -> next.put(t.topic(), t.published()));
                snapshot = next;
                snapshotNanos = now;
            }
        }
        List<Row> rows = all.stream()
                .filter(t -> q == null || t.topic().contains(q))
                .map(t -> new Row(t, rate(t, before, seconds)))
                .sorted(order(sort))
                .toList();
        int from = Math.min(offset, rows.size());
        return new Page(rows.subList(from, Math.min(from + limit, rows.size())), rows.size());
    }

    /** One topic with its rate against the last snapshot, or null when no client channel here is on it. */
    Row one(String topic) {
        TopicStats stats = pubsub.topic(topic);
        if (stats == null) {
            return null;
        }
        synchronized (this) {
            return new Row(stats, rate(stats, snapshot, (System.nanoTime() - snapshotNanos) / 1e9));
        }
    }

    private static Double rate(TopicStats t, Map<String, Long> before, double seconds) {
        Long then = before.get(t.topic());
        if (then == null || seconds <= 0 || t.published() < then) {
            return null;
        }
        return (t.published() - then) / seconds;
    }

    private static Comparator<Row> order(String sort) {
        Comparator<Row> byName = Comparator.comparing(r -> r.stats().topic());
        return switch (sort) {
            case "rate" -> Comparator.<Row>comparingDouble(r -> r.rate() == null ? -1 : r.rate()).reversed().thenComparing(byName);
            case "name" -> byName;
            default -> Comparator.<Row>comparingInt(r -> r.stats().subscribers()).reversed().thenComparing(byName);
        };
    }
}
