package dev.switchboard.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a message stands in its topic's history: the topic's offset (1 for its first message, +1
 * for each message, no gaps) within a stream identified by its epoch. On the wire it is one
 * string, {@code "<offset>@<epoch>"} (RECOVERY.md §1), which clients treat as opaque.
 *
 * <p>{@code 0@epoch} names the empty stream: "nothing yet". The epoch changes whenever the server
 * can no longer vouch for the stream (history lost with a restart, a Redis key lost), and offsets
 * restart with it.
 *
 * @param offset the message's offset, at least 0
 * @param epoch  1–32 characters of {@code [A-Za-z0-9_-]}
 */
public record Position(long offset, String epoch) {
    /** What an epoch may hold: short and safe in URLs, logs and Redis keys. */
    public static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Longest wire form: 19 digits of a long, '@', 32 epoch characters. */
    public static final int MAX_WIRE_LENGTH = 19 + 1 + 32;

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (!EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("epoch must be 1-32 characters of [A-Za-z0-9_-]: " + epoch);
        }
    }

    /**
     * Reads the wire form.
     *
     * @throws IllegalArgumentException naming what is wrong: no {@code @}, an offset that is not a
     *                                  non-negative decimal without leading zeros, a bad epoch
     */
    public static Position parse(String wire) {
        Objects.requireNonNull(wire, "position");
        if (wire.length() > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException("position longer than " + MAX_WIRE_LENGTH + " characters");
        }
        int at = wire.indexOf('@');
        if (at < 1) {
            throw new IllegalArgumentException("position must look like <offset>@<epoch>");
        }
        String digits = wire.substring(0, at);
        if ((digits.length() > 1 && digits.charAt(0) == '0') || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("position offset must be a decimal number without leading zeros");
        }
        long offset;
        try {
            offset = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("position offset out of range");
        }
        String epoch = wire.substring(at + 1);
        if (!EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("position epoch must be 1-32 characters of [A-Za-z0-9_-]");
        }
        return new Position(offset, epoch);
    }

    /** The position of the message after this one, in the same epoch. */
    public Position next() {
        return new Position(offset + 1, epoch);
    }

    /** The wire form, {@code "<offset>@<epoch>"}. */
    @Override
    public String toString() {
        return offset + "@" + epoch;
    }
}
