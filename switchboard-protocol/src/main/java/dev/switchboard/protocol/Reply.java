package dev.switchboard.protocol;

import java.util.Objects;

/**
 * A {@code phx_reply} to the client message with the same {@code ref}. On the JSON wire the payload
 * is {@code {"status": status, "response": response}}; a binary response uses the binary reply layout.
 */
public record Reply(Ref joinRef, Ref ref, String topic, String status, Payload response) implements Frame {

    public Reply {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(response, "response");
    }

    public static Reply of(String joinRef, String ref, String topic, String status, Payload response) {
        return new Reply(Ref.of(joinRef), Ref.of(ref), topic, status, response);
    }
}
