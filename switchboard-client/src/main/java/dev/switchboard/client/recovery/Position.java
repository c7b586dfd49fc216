package dev.switchboard.client.recovery;

import java.util.Objects;
import java.util.Optional;

/**
 * A message position, {@code "<offset>@<epoch>"} on the wire: the topic's offset (1 for its first
 * message, +1 for each) within an epoch (an opaque name that changes when the server can no longer
 * vouch for the stream; offsets restart with it).
 */
public record Position(long offset, String epoch) {

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (epoch.isEmpty()) {
            throw new IllegalArgumentException("empty epoch");
        }
    }

    /** Parses {@code "<offset>@<epoch>"}; empty for null or anything else (a plain ref, garbage). */
    public static Optional<Position> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1 || at > 19) {
            return Optional.empty();
        }
        long offset = 0;
        try {
            for (int i = 0; i < at; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                offset = Math.addExact(Math.multiplyExact(offset, 10), c - '0');
            }
        } catch (ArithmeticException overflow) {
            return Optional.empty();
        }
        return Optional.of(new Position(offset, text.substring(at + 1)));
    }

    /** {@code offset@epoch}, the wire form. */
    @Override
    public String toString() {
        return offset + "@" + epoch;
    }
}
