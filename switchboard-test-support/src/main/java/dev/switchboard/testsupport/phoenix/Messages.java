package dev.switchboard.testsupport.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** V2 JSON messages, {@code [join_ref, ref, topic, event, payload]}, as Jackson trees. */
public final class Messages {
    /** Shared and thread-safe once configured (it is never reconfigured). */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {}

    /** Parses JSON text; a test's own literal that does not parse is a bug, hence unchecked. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** Whether {@code message} is the {@code phx_reply} to {@code ref}. */
    public static boolean isReply(JsonNode message, String ref) {
        return message.isArray() && message.size() == 5 && ref.equals(message.get(1).asText(null))
                && "phx_reply".equals(message.get(3).asText());
    }

    /** {@code [joinRef, ref, topic, event, payloadJson]} as text; null refs become JSON null. */
    public static String frame(String joinRef, String ref, String topic, String event, String payloadJson) {
        return "[" + quote(joinRef) + "," + quote(ref) + "," + quote(topic) + "," + quote(event) + "," + payloadJson + "]";
    }

    private static String quote(String s) {
        return s == null ? "null" : JSON.getNodeFactory().textNode(s).toString();
    }
}
