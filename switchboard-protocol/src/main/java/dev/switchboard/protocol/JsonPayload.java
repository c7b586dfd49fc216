package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JSON value kept as its UTF-8 bytes, with a tree view built on first use.
 *
 * <p>Instances are immutable and safe to share between threads; the byte array must not be mutated.
 */
public final class JsonPayload implements Payload {
    static final JsonPayload EMPTY_OBJECT = new JsonPayload(new byte[] {'{', '}'});

    private final byte[] json;
    private volatile JsonNode node;

    private JsonPayload(byte[] json) {
        this.json = json;
    }

    /** Wraps bytes that are already known to hold exactly one valid JSON value (no validation). */
    public static JsonPayload trusted(byte[] json) {
        return new JsonPayload(Objects.requireNonNull(json, "json"));
    }

    static JsonPayload of(Object value) {
        if (value instanceof JsonPayload p) {
            return p;
        }
        try {
            return new JsonPayload(Json.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not serializable to JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonPayload parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            JsonNode tree = Json.MAPPER.reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON text");
            }
            JsonPayload payload = new JsonPayload(bytes);
            payload.node = tree;
            return payload;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** The UTF-8 JSON bytes, not copied. */
    public byte[] bytes() {
        return json;
    }

    /** The payload as a Jackson tree (parsed once, then cached). */
    public JsonNode node() {
        JsonNode n = node;
        if (n == null) {
            try {
                n = Json.MAPPER.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            node = n;
        }
        return n;
    }

    /** True when the payload is a JSON object. */
    public boolean isObject() {
        int i = 0;
        while (i < json.length && Character.isWhitespace(json[i])) {
            i++;
        }
        return i < json.length && json[i] == '{';
    }

    /** The payload as an object node; an empty object when the payload is not an object. */
    public ObjectNode object() {
        JsonNode n = node();
        return n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    }

    /** Binds the payload to a Java type with Jackson. */
    public <T> T as(Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload does not match " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPayload other && Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
