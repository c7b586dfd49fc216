package dev.switchboard.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retry number {@code attempt} (1 for the first retry after a failure;
 * the count restarts after a success).
 *
 * <p>The socket's default is {@link #fullJitter(Duration, Duration) full jitter}: a uniformly
 * random delay between zero and an exponentially growing ceiling. When a server restarts, every
 * client reconnects at a different moment instead of all at once (phoenix.js's fixed steps make
 * them arrive together, phoenix#4045). Channels rejoin with {@link #phoenixRejoin()}.
 */
@FunctionalInterface
public interface Backoff {

    /** The delay before retry number {@code attempt} (at least 1). */
    Duration delay(int attempt);

    /**
     * The delay when the server may have named a reconnect window ({@link CloseInfo#reconnectHint()},
     * null when it did not): a uniformly random delay within the window, which the server sized
     * for the clients it lets go at once; otherwise this backoff's own delay. The socket calls
     * this for every reconnect.
     */
    default Duration delay(int attempt, Duration serverHint) {
        if (serverHint == null) {
            return delay(attempt);
        }
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(serverHint.toNanos() + 1));
    }

    /**
     * Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): uniform in
     * {@code [0, min(cap, base × 2^(attempt-1))]}.
     */
    static Backoff fullJitter(Duration base, Duration cap) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("full jitter needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        return attempt -> {
            int doublings = Math.max(attempt, 1) - 1;
            // base × 2^doublings, computed only while it stays under the cap (so it cannot overflow)
            long ceiling = doublings < 63 && baseNanos <= (capNanos >> doublings) ? baseNanos << doublings : capNanos;
            return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
        };
    }

    /** Fixed steps, the last one repeating (phoenix.js's style). */
    static Backoff steps(Duration... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("at least one step");
        }
        List<Duration> list = List.copyOf(Arrays.asList(steps));
        list.forEach(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative step " + d);
            }
        });
        return attempt -> list.get(Math.min(Math.max(attempt, 1), list.size()) - 1);
    }

    /** phoenix.js's reconnect steps: 10, 50, 100, 150, 200, 250, 500, 1000, 2000 ms, then 5 s. */
    static Backoff phoenixReconnect() {
        return steps(ms(10), ms(50), ms(100), ms(150), ms(200), ms(250), ms(500), ms(1000), ms(2000), ms(5000));
    }

    /** phoenix.js's rejoin steps: 1, 2, 5 s, then 10 s. */
    static Backoff phoenixRejoin() {
        return steps(ms(1000), ms(2000), ms(5000), ms(10_000));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
