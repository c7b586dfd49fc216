package dev.switchboard.presence;

/**
 * The same owner tracked the same key on the same topic twice (Phoenix: "already tracked"). Use
 * {@link Presence#update} to change the meta, or a second channel/connection for a second entry.
 */
public final class AlreadyTrackedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AlreadyTrackedException(String topic, String key) {
        super("key \"" + key + "\" is already tracked on " + topic + " by this owner; use update() to change its meta");
    }
}
