package dev.switchboard.protocol;

import java.util.Objects;

/**
 * The five-field message of the protocol: {@code [join_ref, ref, topic, event, payload]}.
 *
 * <p>Inbound, it is what a client sent. Outbound, it is a server push to one client
 * ({@code ref} null, {@code join_ref} naming the channel instance) or a channel control frame
 * ({@code phx_close}, {@code phx_error}: {@code ref == join_ref}).
 */
public record Message(Ref joinRef, Ref ref, String topic, String event, Payload payload) implements Frame {

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }

    /** Convenience for string refs (as phoenix.js sends them); nulls allowed. */
    public static Message of(String joinRef, String ref, String topic, String event, Payload payload) {
        return new Message(Ref.of(joinRef), Ref.of(ref), topic, event, payload);
    }
}
