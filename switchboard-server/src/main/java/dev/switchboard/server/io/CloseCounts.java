package dev.switchboard.server.io;

import dev.switchboard.socket.CloseReason;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many connections ended, by transport and {@link CloseReason.Cause}, since the server
 * started: one counter per pair, shared by every event loop. Thread-safe.
 */
public final class CloseCounts {
    private static final CloseReason.Cause[] CAUSES = CloseReason.Cause.values();
    private final LongAdder[] counts = new LongAdder[TransportKind.values().length * CAUSES.length];

    public CloseCounts() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void count(TransportKind kind, CloseReason.Cause cause) {
        counts[index(kind, cause)].increment();
    }

    public long get(TransportKind kind, CloseReason.Cause cause) {
        return counts[index(kind, cause)].sum();
    }

    private static int index(TransportKind kind, CloseReason.Cause cause) {
        return kind.ordinal() * CAUSES.length + cause.ordinal();
    }
}
