package dev.switchboard.protocol;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reconnect hint a close reason may end with: {@code reconnect within <N> ms}. It asks the
 * client to reconnect after a uniformly random delay between 0 and N milliseconds, so the clients
 * a node lets go at once reach the other nodes spread over N ms rather than in the same
 * millisecond. The text stays readable for people, and clients that do not know the hint still
 * read "reconnect" and reconnect as they always do.
 */
public final class ReconnectHint {
    /** The largest window a hint may name (a day); a larger number is not a hint. */
    public static final long MAX_WINDOW_MILLIS = 86_400_000;
    private static final Pattern HINT = Pattern.compile("reconnect within (\\d{1,8}) ms$");

    private ReconnectHint() {}

    /** {@code reconnect within <N> ms}, for a window of 1 ms to a day. */
    public static String format(Duration window) {
        long millis = window.toMillis();
        if (millis < 1 || millis > MAX_WINDOW_MILLIS) {
            throw new IllegalArgumentException("reconnect window must be 1 ms to 1 day, got " + window);
        }
        return "reconnect within " + millis + " ms";
    }

    /** The window a close reason asks for, when it ends with a hint. */
    public static Optional<Duration> parse(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        Matcher m = HINT.matcher(reason);
        if (!m.find()) {
            return Optional.empty();
        }
        long millis = Long.parseLong(m.group(1));
        return millis >= 1 && millis <= MAX_WINDOW_MILLIS ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }
}
