package dev.switchboard.socket;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the sessions of one endpoint did since it started, counted as they do it: joins that
 * succeeded, messages received from clients (heartbeats included) and frames sent to one client
 * (replies, pushes, channel closes; broadcasts are counted by the PubSub as deliveries). Reading is
 * a sum of a few cells, so a dashboard may look every second at no cost to the sessions. Thread-safe.
 */
public final class TrafficStats {
    private final LongAdder joins = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();

    void joined() {
        joins.increment();
    }

    void received() {
        messagesIn.increment();
    }

    void sent() {
        messagesOut.increment();
    }

    /** Channel joins answered {@code ok}. */
    public long joins() {
        return joins.sum();
    }

    /** Messages decoded from clients. */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Frames sent to a single client: replies, pushes, {@code phx_close}/{@code phx_error}. */
    public long messagesOut() {
        return messagesOut.sum();
    }
}
