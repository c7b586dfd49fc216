package dev.switchboard.history;

import java.util.Locale;

/** Why the messages after a position cannot be delivered (RECOVERY.md §3); the wire name is the lower-case name. */
public enum RecoveryFailure {
    /** The position is from another epoch: the stream it belongs to is gone (restart, lost key). */
    EPOCH_CHANGED,
    /** The history no longer keeps the messages right after the position (size or age). */
    TOO_OLD,
    /** Not a position this topic ever gave: malformed, not a string, or from the future. */
    INVALID_POSITION,
    /** The topic keeps no history. */
    NO_HISTORY;

    /** {@code "epoch_changed"}, {@code "too_old"}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
