package dev.switchboard.history;

import java.util.concurrent.atomic.LongAdder;

/**
 * How recovering joins went on this node since it started: joins that asked for a position,
 * joins that got everything ({@code recovered: true}), the failures by reason, joins refused
 * because the history could not be read, and messages replayed. Thread-safe counters.
 */
public final class RecoveryStats {
    private final LongAdder attempted = new LongAdder();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder[] failed = new LongAdder[RecoveryFailure.values().length];
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder replayed = new LongAdder();

    public RecoveryStats() {
        for (int i = 0; i < failed.length; i++) {
            failed[i] = new LongAdder();
        }
    }

    /** A join asked for recovery from a position (not {@code recover: true}). */
    public void attempted() {
        attempted.increment();
    }

    /** It got everything after its position, {@code messages} of them as replay. */
    public void recovered(int messages) {
        recovered.increment();
        replayed.add(messages);
    }

    public void failed(RecoveryFailure reason) {
        failed[reason.ordinal()].increment();
    }

    /** The history could not be read; the join was refused so the client retries. */
    public void unavailable() {
        unavailable.increment();
    }

    public long attemptedCount() {
        return attempted.sum();
    }

    public long recoveredCount() {
        return recovered.sum();
    }

    public long failedCount(RecoveryFailure reason) {
        return failed[reason.ordinal()].sum();
    }

    public long unavailableCount() {
        return unavailable.sum();
    }

    public long replayedCount() {
        return replayed.sum();
    }
}
