package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Protocol;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One frame a test client received from the server, decoded from the bytes the server's serializer
 * wrote (so it is exactly what a Phoenix client would have read).
 *
 * @param kind       what the frame is
 * @param joinRef    the {@code join_ref} slot, or null (broadcasts; every V1 frame)
 * @param ref        the {@code ref} slot, or null; a position for broadcasts and replays of a
 *                   client that asked for positions
 * @param topic      the topic
 * @param event      the event ({@code phx_reply} for replies)
 * @param payload    the JSON payload, for a reply the whole {@code {"status", "response"}}
 *                   object; null for a binary frame
 * @param binary     the payload of a binary frame (for a binary reply, its response), else null
 * @param at         virtual time since the kit started when it arrived
 * @param connection which connection of its client it arrived on (1, then 2 after a reconnect, ...)
 * @param wire       the frame as it was on the wire: its JSON text, or a description of a binary frame
 */
public record ReceivedFrame(Kind kind, String joinRef, String ref, String topic, String event, JsonNode payload,
                            byte[] binary, Duration at, int connection, String wire) {

    /** The kinds of frame a server sends. */
    public enum Kind {
        /** {@code phx_reply} to a message the client sent. */
        REPLY,
        /** A message to this client alone ({@code join_ref} set, {@code ref} null): {@code ctx.push}, a rewritten broadcast. */
        PUSH,
        /** A broadcast to the topic ({@code join_ref} null), with its position in {@code ref} for a client that asked. */
        BROADCAST,
        /** A message replayed after a recovering join: {@code join_ref} set, its position in {@code ref}. */
        REPLAY,
        /** {@code phx_close} or {@code phx_error}: the channel ended. */
        CONTROL
    }

    /** Reply status ({@code ok}, {@code error}, ...), or null for frames that are not replies. */
    public String status() {
        if (kind != Kind.REPLY) {
            return null;
        }
        return payload != null ? payload.path("status").asText(null) : null;
    }

    /** A reply's response object (null when binary or not a reply). */
    public JsonNode response() {
        if (kind != Kind.REPLY || payload == null) {
            return null;
        }
        return payload.get("response");
    }

    /**
     * What assertions compare: a reply's response, any other frame's payload; null for binary
     * frames (see {@link #binary()}).
     */
    public JsonNode body() {
        return kind == Kind.REPLY ? response() : payload;
    }

    /** The position in the {@code ref} slot of a broadcast or replay, or null. */
    public Position position() {
        if ((kind != Kind.BROADCAST && kind != Kind.REPLAY) || ref == null || ref.indexOf('@') < 0) {
            return null;
        }
        try {
            return Position.parse(ref);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** True for a message the client would see as an event on its channel: a push, broadcast or replay. */
    public boolean isMessage() {
        return kind == Kind.PUSH || kind == Kind.BROADCAST || kind == Kind.REPLAY;
    }

    /** True for {@code phx_error}: the channel crashed. */
    public boolean isChannelError() {
        return kind == Kind.CONTROL && Protocol.ERROR.equals(event);
    }

    /** Binds the JSON body (a reply's response, or the payload) to {@code type} with Jackson. */
    public <T> T bodyAs(Class<T> type) {
        JsonNode body = body();
        if (body == null) {
            throw new IllegalStateException("a binary frame has no JSON body: " + wire);
        }
        try {
            return Json.MAPPER.treeToValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("frame body does not match " + type.getSimpleName() + ": " + e.getOriginalMessage()
                    + "\n  frame: " + wire, e);
        }
    }

    /** The frame as it was on the wire. */
    @Override
    public String toString() {
        return wire;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedFrame f && kind == f.kind && java.util.Objects.equals(joinRef, f.joinRef)
                && java.util.Objects.equals(ref, f.ref) && topic.equals(f.topic) && event.equals(f.event)
                && java.util.Objects.equals(payload, f.payload) && Arrays.equals(binary, f.binary)
                && at.equals(f.at) && connection == f.connection;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, joinRef, ref, topic, event, payload, Arrays.hashCode(binary), at, connection);
    }

    static String describeBinary(byte[] bytes) {
        int shown = Math.min(bytes.length, 16);
        return bytes.length + " bytes: " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown) + (bytes.length > shown ? " …" : "");
    }
}
