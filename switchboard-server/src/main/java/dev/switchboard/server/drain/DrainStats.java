package dev.switchboard.server.drain;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drain's meters: {@code switchboard_drain_state} (0 serving, 1 draining, 2 drained),
 * {@code switchboard_drain_batches_total}, {@code switchboard_drain_connections_closed_total}
 * (tag {@code phase}: {@code batch} or {@code deadline}). The connections also count in
 * {@code switchboard_connections_closed_total{reason="drained"}} as they end. Thread-safe.
 */
public final class DrainStats implements MeterBinder {
    /** Values of the state gauge. */
    public static final int SERVING = 0;
    public static final int DRAINING = 1;
    public static final int DRAINED = 2;

    private final AtomicInteger state = new AtomicInteger(SERVING);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong closedInBatches = new AtomicLong();
    private final AtomicLong closedAtDeadline = new AtomicLong();

    void state(int value) {
        state.set(value);
    }

    public int state() {
        return state.get();
    }

    void batch(int closed) {
        batches.incrementAndGet();
        closedInBatches.addAndGet(closed);
    }

    void deadline(int closed) {
        closedAtDeadline.addAndGet(closed);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("switchboard.drain.state", state, AtomicInteger::get)
                .description("0 serving, 1 draining (health answers 503, connections are being closed), 2 drained")
                .register(registry);
        FunctionCounter.builder("switchboard.drain.batches", batches, AtomicLong::get)
                .description("Batches of connections the drain closed").register(registry);
        FunctionCounter.builder("switchboard.drain.connections.closed", closedInBatches, AtomicLong::get)
                .tag("phase", "batch")
                .description("Connections the drain closed, in its batches or at its deadline").register(registry);
        FunctionCounter.builder("switchboard.drain.connections.closed", closedAtDeadline, AtomicLong::get)
                .tag("phase", "deadline")
                .description("Connections the drain closed, in its batches or at its deadline").register(registry);
    }
}
