package dev.switchboard.server.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #capacity()} per-second samples, oldest overwritten first, so a dashboard that
 * opens has the last minutes to draw at once. Long-term history belongs to Prometheus. Written by
 * the sampler, read by requests: synchronized, which costs nothing at one write a second.
 */
final class SampleRing {
    /** Five minutes of seconds. */
    static final int DEFAULT_CAPACITY = 300;

    private final Sample[] samples;
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.samples = new Sample[capacity];
    }

    int capacity() {
        return samples.length;
    }

    synchronized void add(Sample sample) {
        samples[next] = sample;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** The samples after {@code sinceMillis} (0: all), oldest first. */
    synchronized List<Sample> since(long sinceMillis) {
        List<Sample> out = new ArrayList<>(size);
        int first = (next - size + samples.length) % samples.length;
        for (int i = 0; i < size; i++) {
            Sample s = samples[(first + i) % samples.length];
            if (s.time() > sinceMillis) {
                out.add(s);
            }
        }
        return out;
    }

    /** The newest sample, or null before the first. */
    synchronized Sample latest() {
        return size == 0 ? null : samples[(next - 1 + samples.length) % samples.length];
    }
}
