package dev.switchboard.cli.bench.stats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms and timelines recorded without contention: each event-loop thread writes
 * its own, and {@link #latency()} / {@link #timeline()} merge them once the loops are quiet
 * (after {@code BenchClient.quiesce()}).
 */
public final class Recorders {
    /** Latencies above this (one minute) are recorded as this. */
    public static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The reports' timeline resolution. */
    public static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final List<PerThread> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<PerThread> local = ThreadLocal.withInitial(this::register);
    private volatile long originNanos;

    public Recorders(long originNanos) {
        this.originNanos = originNanos;
    }

    /** Where timeline bucket 0 starts; set it before events to be counted arrive. */
    public void origin(long nanos) {
        this.originNanos = nanos;
    }

    public long origin() {
        return originNanos;
    }

    /** One event with its latency, counted in the timeline at {@code nowNanos}. */
    public void record(long nowNanos, long latencyNanos) {
        PerThread t = local.get();
        t.histogram.recordValue(Math.max(0, Math.min(latencyNanos, MAX_NANOS)));
        t.timeline.add(originNanos, nowNanos);
    }

    /** One event without a latency. */
    public void count(long nowNanos) {
        local.get().timeline.add(originNanos, nowNanos);
    }

    /** All threads' latencies together. */
    public Histogram latency() {
        Histogram h = newHistogram();
        for (PerThread t : all) h.add(t.histogram);
        return h;
    }

    /** All threads' events per {@link #BUCKET_NANOS} from the origin. */
    public long[] timeline() {
        long[] sum = new long[0];
        for (PerThread t : all) sum = Timeline.sum(sum, t.timeline.counts());
        return sum;
    }

    public static Histogram newHistogram() {
        return new Histogram(MAX_NANOS, 3);
    }

    private PerThread register() {
        PerThread t = new PerThread();
        all.add(t);
        return t;
    }

    private static final class PerThread {
        final Histogram histogram = newHistogram();
        final Timeline timeline = new Timeline(BUCKET_NANOS);
    }
}
