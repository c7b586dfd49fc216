package dev.switchboard.bridge.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How a program is stopped when its client goes away (or its channel ends), in websocketd's
 * steps: stdin is closed at once (many programs end on end of input); after
 * {@code afterClose} it gets SIGINT, after a further {@code afterInterrupt} SIGTERM, and after a
 * further {@code afterTerminate} SIGKILL, which cannot be ignored. Each step is skipped when the
 * program has already exited.
 *
 * <p>{@link #websocketd(long)} gives websocketd's numbers: 100 ms, 250 ms and 500 ms, each
 * stretched by {@code closeMs} ({@code --closems}), so a program that ignores everything is gone
 * after 850 ms + 3 × closeMs.
 */
public record ShutdownSchedule(Duration afterClose, Duration afterInterrupt, Duration afterTerminate) {
    /** websocketd's schedule with {@code --closems 0}. */
    public static final ShutdownSchedule DEFAULT = websocketd(0);
    /** The longest {@code closeMs} accepted: a minute per step. */
    public static final long MAX_CLOSE_MS = 60_000;

    public ShutdownSchedule {
        Objects.requireNonNull(afterClose, "afterClose");
        Objects.requireNonNull(afterInterrupt, "afterInterrupt");
        Objects.requireNonNull(afterTerminate, "afterTerminate");
        if (afterClose.isNegative() || afterInterrupt.isNegative() || afterTerminate.isNegative()) {
            throw new IllegalArgumentException("shutdown steps cannot be negative");
        }
    }

    /**
     * websocketd's steps, each stretched by {@code closeMs} (0..{@value #MAX_CLOSE_MS}): SIGINT
     * 100 ms + closeMs after stdin closed, SIGTERM 250 ms + closeMs later, SIGKILL 500 ms + closeMs later.
     */
    public static ShutdownSchedule websocketd(long closeMs) {
        if (closeMs < 0 || closeMs > MAX_CLOSE_MS) {
            throw new IllegalArgumentException("closeMs must be 0.." + MAX_CLOSE_MS + ", got " + closeMs);
        }
        return new ShutdownSchedule(Duration.ofMillis(100 + closeMs), Duration.ofMillis(250 + closeMs),
                Duration.ofMillis(500 + closeMs));
    }

    /** From stdin closed to SIGKILL. */
    public Duration total() {
        return afterClose.plus(afterInterrupt).plus(afterTerminate);
    }
}
