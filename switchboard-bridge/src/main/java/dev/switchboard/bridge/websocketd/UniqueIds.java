package dev.switchboard.bridge.websocketd;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code UNIQUE_ID} values in websocketd's shape: nanoseconds since the epoch, in decimal. Two
 * connections in the same nanosecond (or a clock step back) still get different ids.
 */
final class UniqueIds {
    private final AtomicLong last = new AtomicLong();

    String next() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return Long.toString(last.accumulateAndGet(nanos, (prev, candidate) -> Math.max(prev + 1, candidate)));
    }
}
