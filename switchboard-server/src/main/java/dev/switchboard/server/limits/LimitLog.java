package dev.switchboard.server.limits;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line for one limit at most once per {@link #PERIOD_NANOS}, so a flood of refused
 * connections cannot flood the log too; each line says how many were refused in all.
 */
public final class LimitLog {
    static final long PERIOD_NANOS = 10_000_000_000L;

    private final Logger log;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - PERIOD_NANOS - 1);

    public LimitLog(Logger log) {
        this.log = log;
    }

    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous > PERIOD_NANOS && last.compareAndSet(previous, now)) {
            log.warn(format, args);
        }
    }
}
