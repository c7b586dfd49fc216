package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Payload;
import java.util.Optional;

/**
 * A message a channel received: a broadcast, a push from the channel, or a replayed message.
 *
 * @param topic   the channel's topic
 * @param event   the event name
 * @param payload JSON or bytes
 * @param ref     the frame's {@code ref} slot: null for plain broadcasts and pushes; a position
 *                ({@code "42@k7Qd2x"}) when the server numbers the topic's messages
 * @param joinRef the frame's {@code join_ref}, or the channel's current one when the frame had
 *                none (as phoenix.js hands bindings), so handlers can tell joins apart
 */
public record Incoming(String topic, String event, Payload payload, String ref, String joinRef) {

    /** The payload as a Jackson tree. @throws IllegalStateException for a binary payload */
    public JsonNode json() {
        return payload.json();
    }

    /** The bytes of a binary payload. @throws IllegalStateException for a JSON payload */
    public byte[] bytes() {
        if (payload instanceof BinaryPayload binary) {
            return binary.bytes();
        }
        throw new IllegalStateException("event " + event + " on " + topic + " has a JSON payload, not bytes");
    }

    /** The JSON payload bound to a type with Jackson. @throws IllegalArgumentException when it does not fit */
    public <T> T as(Class<T> type) {
        return payload.as(type);
    }

    /** True for a binary payload. */
    public boolean isBinary() {
        return payload.isBinary();
    }

    /** The message's position when the ref slot carries one ({@code "<offset>@<epoch>"}). */
    public Optional<String> position() {
        return ref != null && ref.indexOf('@') > 0 ? Optional.of(ref) : Optional.empty();
    }
}
