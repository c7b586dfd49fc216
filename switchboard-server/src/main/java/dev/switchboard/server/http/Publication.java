package dev.switchboard.server.http;

import dev.switchboard.protocol.Payload;
import java.util.Objects;

/** One validated broadcast of a publish request: what {@link dev.switchboard.socket.Endpoint#broadcast} gets. */
public record Publication(String topic, String event, Payload payload) {
    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }
}
