package dev.switchboard.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may happen thousands of times a second (a foreign app flooding a channel,
 * every publish failing while Redis is away) logged at most once per interval, with how many
 * were left out. The counters in {@link RedisMetrics} keep the exact numbers.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code format} (SLF4J style) at WARN unless one was logged within the interval. */
    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            log.warn(format + " ({} more like it not logged in the last {} s)",
                    append(args, skipped, TimeUnit.NANOSECONDS.toSeconds(intervalNanos)));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object a, Object b) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = a;
        all[args.length + 1] = b;
        return all;
    }
}
