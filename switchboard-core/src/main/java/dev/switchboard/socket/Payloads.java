package dev.switchboard.socket;

import dev.switchboard.protocol.Payload;

/** Converts the {@code Object} payloads of the user API. */
final class Payloads {
    private Payloads() {}

    static Payload of(Object value) {
        if (value == null) {
            return Payload.empty();
        }
        return value instanceof Payload p ? p : Payload.json(value);
    }
}
