package dev.switchboard.pubsub;

/**
 * Which form of a broadcast a subscription receives. A broadcast is encoded at most once per wire
 * format and variant, never per subscriber.
 */
public enum Variant {
    /** {@code ref} null: Phoenix's broadcast frame, byte for byte. */
    PLAIN,
    /** The broadcast's position in the {@code ref} slot (RECOVERY.md §4), when it has one. */
    POSITIONED;

    /** Number of variants; sizes per-variant caches. */
    public static final int COUNT = values().length;
}
