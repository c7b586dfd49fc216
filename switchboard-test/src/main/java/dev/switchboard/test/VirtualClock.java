package dev.switchboard.test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/** The kit's virtual time as a {@link Clock}, for application code that reads the time through one. */
final class VirtualClock extends Clock {
    private final Supplier<Instant> now;
    private final ZoneId zone;

    VirtualClock(Supplier<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new VirtualClock(now, other);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + zone + "]";
    }
}
