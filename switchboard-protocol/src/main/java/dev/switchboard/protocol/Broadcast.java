package dev.switchboard.protocol;

import java.util.Objects;

/** A message for every subscriber of a topic: {@code [null, null, topic, event, payload]}. */
public record Broadcast(String topic, String event, Payload payload) implements Frame {

    public Broadcast {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }
}
