package dev.switchboard.presence;

import java.time.Duration;
import java.util.Objects;

/**
 * How presence batches diffs and replicates between nodes. Set once per node, on the
 * {@link dev.switchboard.socket.Endpoint}; {@link #DEFAULTS} suit both a single node and a cluster.
 *
 * @param batchWindow       how long changes to one topic are collected before they go out as one
 *                          {@code presence_diff} (default 5 ms: invisible to people, but a burst of
 *                          thousands of joins becomes a few diffs instead of thousands). Also how
 *                          long local changes wait before they are replicated as one delta.
 *                          Zero sends as soon as the presence thread gets to it. At most 1 s.
 * @param heartbeatInterval how often a node tells the others its replication sequence number
 *                          (default 1.5 s, as Phoenix's tracker); a receiver that sees a gap asks
 *                          for a snapshot, so this also bounds how long a lost delta goes
 *                          unnoticed. Unused on a single node. From 10 ms to 1 min.
 * @param downTimeout       a node not heard from for this long is declared down and its presences
 *                          are removed everywhere else (default 10 s). At least two heartbeat
 *                          intervals (one lost heartbeat must not kill a node) and at most 10 min
 *                          (ghosts must vanish in a bounded time).
 */
public record PresenceOptions(Duration batchWindow, Duration heartbeatInterval, Duration downTimeout) {

    private static final Duration MAX_BATCH_WINDOW = Duration.ofSeconds(1);
    private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);
    private static final Duration MAX_HEARTBEAT = Duration.ofMinutes(1);
    private static final Duration MAX_DOWN_TIMEOUT = Duration.ofMinutes(10);

    public static final PresenceOptions DEFAULTS =
            new PresenceOptions(Duration.ofMillis(5), Duration.ofMillis(1500), Duration.ofSeconds(10));

    public PresenceOptions {
        Objects.requireNonNull(batchWindow, "batchWindow");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(downTimeout, "downTimeout");
        if (batchWindow.isNegative() || batchWindow.compareTo(MAX_BATCH_WINDOW) > 0) {
            throw new IllegalArgumentException("batchWindow must be between 0 and 1 s, got " + batchWindow);
        }
        if (heartbeatInterval.compareTo(MIN_HEARTBEAT) < 0 || heartbeatInterval.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("heartbeatInterval must be between 10 ms and 1 min, got " + heartbeatInterval);
        }
        if (downTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0 || downTimeout.compareTo(MAX_DOWN_TIMEOUT) > 0) {
            throw new IllegalArgumentException("downTimeout must be at least two heartbeat intervals ("
                    + heartbeatInterval.multipliedBy(2) + ") and at most 10 min, got " + downTimeout);
        }
    }

    public PresenceOptions withBatchWindow(Duration value) {
        return new PresenceOptions(value, heartbeatInterval, downTimeout);
    }

    public PresenceOptions withHeartbeatInterval(Duration value) {
        return new PresenceOptions(batchWindow, value, downTimeout);
    }

    public PresenceOptions withDownTimeout(Duration value) {
        return new PresenceOptions(batchWindow, heartbeatInterval, value);
    }

    /**
     * The longest a crashed node's presences stay visible on the other nodes: the down timeout,
     * plus one heartbeat interval (how often nodes are checked) plus one batch window.
     */
    public Duration maxGhostTime() {
        return downTimeout.plus(heartbeatInterval).plus(batchWindow);
    }
}
