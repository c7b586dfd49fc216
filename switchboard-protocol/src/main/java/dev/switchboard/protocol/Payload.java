package dev.switchboard.protocol;

/**
 * The body of a frame: either JSON or raw bytes (binary frames).
 *
 * <p>JSON payloads keep the exact UTF-8 bytes they were received or created with, so a payload
 * that is only forwarded (echoed, broadcast) is never parsed into a tree and re-serialized:
 * encoders copy the bytes straight into the outgoing frame.
 */
public sealed interface Payload permits JsonPayload, BinaryPayload {

    /** The empty JSON object {@code {}}, the payload of most control frames. */
    static JsonPayload empty() {
        return JsonPayload.EMPTY_OBJECT;
    }

    /** Serializes any Jackson-serializable value (map, record, {@code JsonNode}, ...) to a JSON payload. */
    static JsonPayload json(Object value) {
        return JsonPayload.of(value);
    }

    /** A JSON payload from JSON text; the text is validated. */
    static JsonPayload parse(String json) {
        return JsonPayload.parse(json);
    }

    /** A binary payload (sent as a binary WebSocket frame in V2). */
    static BinaryPayload binary(byte[] bytes) {
        return new BinaryPayload(bytes);
    }

    /** True for binary payloads. */
    default boolean isBinary() {
        return this instanceof BinaryPayload;
    }

    /**
     * The payload as a Jackson tree ({@code payload.json().path("body").asText()}).
     *
     * @throws IllegalStateException for a binary payload
     */
    default com.fasterxml.jackson.databind.JsonNode json() {
        if (this instanceof JsonPayload p) {
            return p.node();
        }
        throw new IllegalStateException("binary payload has no JSON view");
    }

    /**
     * Binds a JSON payload to a Java type (a record, a map) with Jackson.
     *
     * @throws IllegalStateException for a binary payload
     * @throws IllegalArgumentException when the JSON does not fit the type
     */
    default <T> T as(Class<T> type) {
        if (this instanceof JsonPayload p) {
            return p.as(type);
        }
        throw new IllegalStateException("binary payload cannot be read as " + type.getSimpleName());
    }
}
