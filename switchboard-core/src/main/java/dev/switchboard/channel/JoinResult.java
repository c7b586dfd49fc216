package dev.switchboard.channel;

import dev.switchboard.protocol.Payload;

/** The outcome of {@link Channel#join}. */
public sealed interface JoinResult {

    /** Joined; the reply's response is {@code {}}. */
    static JoinResult ok() {
        return Ok.EMPTY;
    }

    /** Joined; {@code response} (a map, record or JSON node) becomes the reply's response object. */
    static JoinResult ok(Object response) {
        return new Ok(toPayload(response));
    }

    /** Refused; {@code response} becomes the error reply's response, e.g. {@code Map.of("reason", "unauthorized")}. */
    static JoinResult error(Object response) {
        return new Error(toPayload(response));
    }

    /** Refused with {@code {"reason": reason}}. */
    static JoinResult refuse(String reason) {
        return new Error(Payload.json(java.util.Map.of("reason", reason)));
    }

    record Ok(Payload response) implements JoinResult {
        static final Ok EMPTY = new Ok(Payload.empty());
    }

    record Error(Payload response) implements JoinResult {}

    private static Payload toPayload(Object value) {
        return value instanceof Payload p ? p : Payload.json(value);
    }
}
