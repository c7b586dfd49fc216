package dev.switchboard.bridge.channel;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a program reads for each client push. {@link LineFormat#JSON}: one line
 * {@code {"event":E,"payload":P,"ref":R}} ({@code ref} null for a push that wants no reply).
 * {@link LineFormat#LINES}: the payload's {@code line} string and a newline.
 */
final class StdinMessages {
    private StdinMessages() {}

    /** @throws IllegalArgumentException for a binary payload (JSON lines carry JSON only) */
    static byte[] json(String event, Payload payload, String ref) {
        if (!(payload instanceof JsonPayload json)) {
            throw new IllegalArgumentException("binary payloads cannot be written to a JSON-lines program");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + json.bytes().length);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", event);
            g.writeFieldName("payload");
            g.writeRawValue(new String(json.bytes(), StandardCharsets.UTF_8));
            g.writeStringField("ref", ref);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the payload has no {@code line} string */
    static byte[] line(Payload payload) {
        if (payload instanceof JsonPayload json && json.isObject() && json.object().path("line").isTextual()) {
            return (json.object().get("line").asText() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("a lines program takes pushes whose payload has a \"line\" string");
    }
}
