package dev.switchboard.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of a topic's past is kept for clients that reconnect (RECOVERY.md).
 *
 * @param size the last this many broadcasts are kept (1 to {@value #MAX_SIZE}); a client that
 *             missed more learns it ({@code "too_old"}) instead of receiving a partial replay
 * @param ttl  how long a topic's history outlives its last broadcast: a message stays at least
 *             this long unless {@code size} newer ones push it out, and a topic quiet for longer
 *             forgets its history (and starts a new epoch). At least one second
 */
public record HistoryOptions(int size, Duration ttl) {
    /** The most messages one topic may keep: a replay is written to one client at once. */
    public static final int MAX_SIZE = 100_000;

    public HistoryOptions {
        Objects.requireNonNull(ttl, "ttl");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("history size must be 1-" + MAX_SIZE + ", got " + size);
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("history ttl must be at least 1 s, got " + ttl);
        }
    }

    /** Keeps the last {@code size} broadcasts for at least {@code ttl}. */
    public static HistoryOptions of(int size, Duration ttl) {
        return new HistoryOptions(size, ttl);
    }
}
