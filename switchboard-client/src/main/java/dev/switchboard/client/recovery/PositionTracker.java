package dev.switchboard.client.recovery;

import java.util.Optional;

/**
 * The client's half of recovery for one channel: remembers the last position handed to the
 * application, drops what it has already seen, and says what to ask for on the next join.
 *
 * <p>Deduplication is by offset within an epoch: a message whose position is in the current epoch
 * and not after the last one is a duplicate (a replay overlapping what arrived live). A position in
 * another epoch starts that epoch. Messages without a position (binary payloads, pushes to this
 * client, presence) always pass; for them delivery stays at most once, as the extension says.
 * Not thread-safe: one channel's state machine drives it; {@link #last()} may be read anywhere.
 */
public final class PositionTracker {
    private volatile Position last;

    /**
     * Whether a message with this {@code ref} slot is new. Positions move the tracker forward;
     * anything that is not a position passes untouched.
     */
    public boolean accept(String ref) {
        Optional<Position> parsed = Position.parse(ref);
        if (parsed.isEmpty()) {
            return true;
        }
        Position p = parsed.get();
        Position seen = last;
        if (seen != null && seen.epoch().equals(p.epoch()) && p.offset() <= seen.offset()) {
            return false;
        }
        last = p;
        return true;
    }

    /**
     * A join was answered. Not recovered (or nothing seen yet): continue from the server's latest
     * position, since what came before it is either delivered or reported lost. Recovered: keep
     * the last position; the replay that follows starts right after it.
     */
    public void joined(Recovery recovery) {
        Optional<Position> latest = Position.parse(recovery.position());
        if (latest.isPresent() && (last == null || !recovery.recovered())) {
            last = latest.get();
        }
    }

    /** The {@code recover} join param: the last position, or {@code true} when there is none yet. */
    public Object joinParam() {
        Position p = last;
        return p == null ? Boolean.TRUE : p.toString();
    }

    /** The last position seen. */
    public Optional<Position> last() {
        return Optional.ofNullable(last);
    }
}
