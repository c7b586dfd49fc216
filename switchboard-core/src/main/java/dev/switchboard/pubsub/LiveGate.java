package dev.switchboard.pubsub;

import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * The live side of a subscription that receives positions: while its join recovers, live
 * broadcasts are held; afterwards, a broadcast at or before a position already delivered (in the
 * same epoch) is dropped. Together with a replay read after subscribing, this gives a recovering
 * client every message once, in offset order: the replay covers what came before the read, the
 * held live messages what came after, and the overlap is dropped. Confined to the subscription's
 * shard.
 */
final class LiveGate {
    /** Live frames held while the join recovers; null once live. */
    private List<Held> held;
    private String epoch;
    private long through = -1;

    private record Held(Position position, EncodedFrame frame) {}

    void hold() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** True when {@code frame} is to be written now; false when held or already delivered. */
    boolean admit(Position position, EncodedFrame frame) {
        if (held != null) {
            held.add(new Held(position, frame));
            return false;
        }
        return advance(position);
    }

    /**
     * Ends the hold: everything up to {@code delivered} (the last replayed position, or the latest
     * one when nothing was replayed) has reached the client. Returns the held frames still due, in
     * order; from now on frames pass straight through.
     */
    List<EncodedFrame> release(Position delivered) {
        if (delivered != null) {
            epoch = delivered.epoch();
            through = delivered.offset();
        }
        List<Held> waiting = held == null ? List.of() : held;
        held = null;
        List<EncodedFrame> due = new ArrayList<>(waiting.size());
        for (Held h : waiting) {
            if (advance(h.position())) {
                due.add(h.frame());
            }
        }
        return due;
    }

    /** A frame without a position always passes; one with a position only when it is new. */
    private boolean advance(Position position) {
        if (position == null) {
            return true;
        }
        if (position.epoch().equals(epoch) && position.offset() <= through) {
            return false;
        }
        epoch = position.epoch();
        through = position.offset();
        return true;
    }
}
