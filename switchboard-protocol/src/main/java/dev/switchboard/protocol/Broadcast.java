package dev.switchboard.protocol;

import java.util.Objects;

/**
 * A message for every subscriber of a topic: {@code [null, null, topic, event, payload]}.
 *
 * <p>A broadcast on a topic that keeps history also has a {@link Position}, assigned once by the
 * PubSub engine. Subscribers that asked for positions receive it in the {@code ref} slot
 * ({@link #positioned()}); everyone else receives the plain frame, byte for byte as without
 * history.
 *
 * @param position the broadcast's place in its topic's history, or null (no history)
 */
public record Broadcast(String topic, String event, Payload payload, Position position) implements Frame {

    public Broadcast {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }

    /** A broadcast without a position. */
    public Broadcast(String topic, String event, Payload payload) {
        this(topic, event, payload, null);
    }

    /** The same broadcast at {@code position}. */
    public Broadcast at(Position position) {
        return new Broadcast(topic, event, payload, position);
    }

    /**
     * The frame a subscriber that asked for positions receives: {@code [null, "<position>",
     * topic, event, payload]} (RECOVERY.md §4); the plain broadcast when there is no position or
     * the payload is binary (binary frames have no ref field).
     */
    public Frame positioned() {
        if (position == null || payload.isBinary()) {
            return this;
        }
        return new Message(null, Ref.of(position.toString()), topic, event, payload);
    }
}
