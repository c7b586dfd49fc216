package dev.switchboard.cli.bench.stats;

import java.util.Arrays;

/** Event counts per fixed time bucket (100 ms in the reports) from an origin. Not thread-safe. */
public final class Timeline {
    private final long bucketNanos;
    private long[] counts = new long[64];
    private int used;

    public Timeline(long bucketNanos) {
        this.bucketNanos = bucketNanos;
    }

    /** Counts one event at {@code nowNanos}; events before the origin are ignored. */
    public void add(long originNanos, long nowNanos) {
        long d = nowNanos - originNanos;
        if (d < 0) return;
        long b = d / bucketNanos;
        if (b > 100_000_000L) return; // more than a sane run; ignore instead of growing without bound
        int i = (int) b;
        if (i >= counts.length) counts = Arrays.copyOf(counts, Math.max(i + 1, counts.length * 2));
        counts[i]++;
        if (i >= used) used = i + 1;
    }

    public long bucketNanos() {
        return bucketNanos;
    }

    public long[] counts() {
        return Arrays.copyOf(counts, used);
    }

    /** Adds another timeline's counts bucket by bucket. */
    public static long[] sum(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) out[i] += b[i];
        return out;
    }
}
