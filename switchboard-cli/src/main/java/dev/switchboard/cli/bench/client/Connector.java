package dev.switchboard.cli.bench.client;

import dev.switchboard.cli.bench.stats.Recorders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Opens many connections, each joined to a topic, with a bounded number of handshakes in flight
 * and an overall deadline. Failures are counted by reason; the run goes on with the rest.
 */
public final class Connector {

    /**
     * What happened: the joined connections in index order, failures by reason, how long it took,
     * each connection's connect-to-joined time and the joins per 100 ms.
     */
    public record Outcome(List<BenchConnection> joined, Map<String, Long> failures, long elapsedNanos,
            Histogram joinLatency, long[] joinTimeline) {
        /** Joined connections per second. */
        public double rate() {
            return elapsedNanos == 0 ? 0 : joined.size() * 1e9 / elapsedNanos;
        }
    }

    private final BenchClient client;
    private final int concurrency;

    public Connector(BenchClient client, int concurrency) {
        this.client = client;
        this.concurrency = Math.max(1, concurrency);
    }

    /**
     * Opens {@code count} connections; connection {@code i} gets {@code listeners.apply(i)} and then
     * joins {@code topics.apply(i)}. Stops starting new ones at {@code deadlineNanos} (System.nanoTime).
     */
    public Outcome openJoined(int count, IntFunction<String> topics, IntFunction<BenchConnection.Listener> listeners,
            long deadlineNanos) throws InterruptedException {
        return openJoined(count, topics, listeners, i -> "{}", deadlineNanos);
    }

    /** {@link #openJoined(int, IntFunction, IntFunction, long)} with join params (JSON objects) per connection. */
    public Outcome openJoined(int count, IntFunction<String> topics, IntFunction<BenchConnection.Listener> listeners,
            IntFunction<String> params, long deadlineNanos) throws InterruptedException {
        long start = System.nanoTime();
        Recorders recorders = new Recorders(start);
        BenchConnection[] joined = new BenchConnection[count];
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(concurrency);
        long opTimeout = client.options().opTimeout().toMillis();
        int started = 0;
        for (; started < count; started++) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            int i = started;
            long t0 = System.nanoTime();
            client.connect().whenComplete((c, e) -> {
                if (e != null) {
                    count(failures, "connect: " + reason(e));
                    permits.release();
                    return;
                }
                c.listener(listeners.apply(i));
                c.join(topics.apply(i), params.apply(i), opTimeout).whenComplete((r, je) -> {
                    if (je == null) {
                        joined[i] = c;
                        long now = System.nanoTime();
                        recorders.record(now, now - t0);
                    } else {
                        count(failures, "join: " + reason(je));
                        c.channel().close();
                    }
                    permits.release();
                });
            });
        }
        if (started < count) {
            failures.computeIfAbsent("not started: phase deadline", k -> new LongAdder()).add(count - started);
        }
        // Wait for the ones in flight, bounded by the connect timeout past the deadline.
        long grace = Math.max(deadlineNanos - System.nanoTime(), 0) + client.options().connectTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(opTimeout);
        if (!permits.tryAcquire(concurrency, grace, TimeUnit.NANOSECONDS)) {
            failures.computeIfAbsent("still pending at deadline", k -> new LongAdder()).add(concurrency - permits.availablePermits());
        }
        long elapsed = System.nanoTime() - start;
        client.quiesce();
        List<BenchConnection> list = new ArrayList<>(Arrays.stream(joined).filter(Objects::nonNull).toList());
        Map<String, Long> byReason = new TreeMap<>();
        failures.forEach((k, v) -> byReason.put(k, v.sum()));
        return new Outcome(list, byReason, elapsed, recorders.latency(), recorders.timeline());
    }

    private static void count(Map<String, LongAdder> failures, String reason) {
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** A short reason a user can act on: the innermost message, without stack traces. */
    public static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        msg = msg.replaceAll(": /?127\\.0\\.0\\.\\d+:\\d+", "");
        return msg.length() > 120 ? msg.substring(0, 120) : msg;
    }
}
