package dev.switchboard.server.transport.longpoll;

import java.time.Duration;

/**
 * Long-poll timings. Every option has Phoenix's default.
 *
 * @param window          how long a poll (GET) is held when there is nothing to send before it is
 *                        answered 204 (default 10 s; phoenix.js gives up on a request after 20 s,
 *                        so keep it well below that). A stalled POST is answered 408 after it too.
 * @param sessionLifetime a session that receives no poll for this long is closed and its channels
 *                        terminate; a parked poll counts as activity, POSTs do not. Null (the
 *                        default) means 1.5 × {@code window}. Found by a once-a-second sweep per
 *                        event loop, so a session dies within {@code sessionLifetime + 1 s}.
 * @param tokenMaxAge     session tokens older than this are refused (default 14 days, as Phoenix)
 */
public record LongPollOptions(Duration window, Duration sessionLifetime, Duration tokenMaxAge) {

    public static final LongPollOptions DEFAULTS = new LongPollOptions(Duration.ofSeconds(10), null, Duration.ofDays(14));

    public LongPollOptions {
        requirePositive(window, "window");
        if (sessionLifetime != null) {
            requirePositive(sessionLifetime, "sessionLifetime");
        }
        requirePositive(tokenMaxAge, "tokenMaxAge");
    }

    /** The session lifetime in effect: the configured one, or 1.5 × window. */
    public Duration effectiveSessionLifetime() {
        return sessionLifetime != null ? sessionLifetime : window.plus(window.dividedBy(2));
    }

    public LongPollOptions withWindow(Duration value) {
        return new LongPollOptions(value, sessionLifetime, tokenMaxAge);
    }

    public LongPollOptions withSessionLifetime(Duration value) {
        return new LongPollOptions(window, value, tokenMaxAge);
    }

    public LongPollOptions withTokenMaxAge(Duration value) {
        return new LongPollOptions(window, sessionLifetime, value);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
