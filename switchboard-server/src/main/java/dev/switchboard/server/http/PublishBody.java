package dev.switchboard.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and validates the body of a publish request into {@link Publication}s. Nothing here
 * publishes: a request is either valid as a whole or refused with an {@link ApiError} naming the
 * field and the rule, so a batch with one bad entry publishes nothing.
 *
 * <p>Two forms (see {@link BroadcastApi}): one topic from the URL with the body as payload or as
 * an {@code {"event","payload"}} envelope, and a batch {@code {"messages":[...]}}.
 */
public final class PublishBody {
    /** Longest topic, in UTF-8 bytes; topics are routing keys, not data. */
    public static final int MAX_TOPIC_BYTES = 255;
    /** Most messages in one batch request; enough to amortise a request, small enough to validate quickly. */
    public static final int MAX_BATCH_MESSAGES = 1000;
    /** The event when a request names none. */
    public static final String DEFAULT_EVENT = "msg";

    static final List<String> ENVELOPE_FIELDS = List.of("event", "payload");
    static final List<String> BATCH_FIELDS = List.of("messages");
    static final List<String> ENTRY_FIELDS = List.of("topic", "event", "payload");

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private PublishBody() {}

    /**
     * {@code POST /api/broadcast/{topic}}: with a {@code "payload"} member the body is an
     * envelope ({@code "event"} and {@code "payload"} only); without one the whole body is the
     * payload and its own {@code "event"} string, if any, names the event.
     */
    static Publication single(String topic, byte[] body) throws ApiError {
        checkTopic(topic, "topic");
        byte[] json = withoutBom(body);
        JsonNode root = object(parse(json), "body");
        String event = event(root.get("event"), "event");
        JsonNode payload = root.get("payload");
        if (payload == null) {
            // forwarded as received: strictly valid UTF-8 holding one JSON object (checked by parse)
            return new Publication(topic, event, JsonPayload.trusted(json));
        }
        rejectUnknownFields(root, ENVELOPE_FIELDS, "the {\"event\",\"payload\"} form",
                "; to publish an object with other members, send it as the body without a 'payload' member");
        return new Publication(topic, event, Payload.json(object(payload, "payload")));
    }

    /**
     * One message as the body, {@code {"topic","event","payload"}} (the admin API's publish),
     * checked as an entry of a batch is.
     */
    public static Publication message(byte[] body) throws ApiError {
        return entry(parse(withoutBom(body)), "body");
    }

    /** {@code POST /api/broadcast}: {@code {"messages":[{"topic","event","payload"}, ...]}}, validated as a whole. */
    static List<Publication> batch(byte[] body) throws ApiError {
        JsonNode root = object(parse(withoutBom(body)), "body");
        JsonNode messages = root.get("messages");
        if (messages == null) {
            throw ApiError.badRequest("missing 'messages': POST /api/broadcast takes"
                    + " {\"messages\":[{\"topic\":\"...\",\"event\":\"...\",\"payload\":{...}}]};"
                    + " to publish to one topic, POST /api/broadcast/{topic}");
        }
        rejectUnknownFields(root, BATCH_FIELDS, "the batch form", "");
        if (!messages.isArray()) {
            throw ApiError.badRequest("'messages' must be an array");
        }
        if (messages.isEmpty()) {
            throw ApiError.badRequest("'messages' is empty: send 1 to " + MAX_BATCH_MESSAGES + " messages");
        }
        if (messages.size() > MAX_BATCH_MESSAGES) {
            throw new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "'messages' has " + messages.size()
                    + " entries; the limit is " + MAX_BATCH_MESSAGES + " per request (MAX_BATCH_MESSAGES)");
        }
        List<Publication> publications = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            publications.add(entry(messages.get(i), "messages[" + i + "]"));
        }
        return publications;
    }

    private static Publication entry(JsonNode node, String name) throws ApiError {
        JsonNode entry = object(node, name);
        rejectUnknownFields(entry, ENTRY_FIELDS, "'" + name + "'", "");
        JsonNode topic = entry.get("topic");
        if (topic == null) {
            throw ApiError.badRequest("'" + name + ".topic' is missing");
        }
        if (!topic.isTextual()) {
            throw ApiError.badRequest("'" + name + ".topic' must be a string");
        }
        checkTopic(topic.textValue(), name + ".topic");
        String event = event(entry.get("event"), name + ".event");
        JsonNode payload = entry.get("payload");
        if (payload == null) {
            throw ApiError.badRequest("'" + name + ".payload' is missing: each message needs a payload object");
        }
        return new Publication(topic.textValue(), event, Payload.json(object(payload, name + ".payload")));
    }

    /** A topic is 1 to {@value #MAX_TOPIC_BYTES} UTF-8 bytes. */
    static void checkTopic(String topic, String name) throws ApiError {
        if (topic.isEmpty()) {
            throw ApiError.badRequest(name.equals("topic")
                    ? "missing topic: POST /api/broadcast/{topic}"
                    : "'" + name + "' must not be empty");
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            throw ApiError.badRequest("'" + name + "' is " + bytes + " bytes; the limit is "
                    + MAX_TOPIC_BYTES + " bytes (UTF-8)");
        }
    }

    private static String event(JsonNode event, String name) throws ApiError {
        if (event == null) {
            return DEFAULT_EVENT;
        }
        if (!event.isTextual()) {
            throw ApiError.badRequest("'" + name + "' must be a string");
        }
        return event.textValue();
    }

    private static JsonNode object(JsonNode node, String name) throws ApiError {
        if (!node.isObject()) {
            throw ApiError.badRequest(name.equals("body") ? "body must be a JSON object" : "'" + name + "' must be a JSON object");
        }
        return node;
    }

    private static void rejectUnknownFields(JsonNode object, List<String> allowed, String form, String hint) throws ApiError {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "' in " + form + "; allowed: "
                        + String.join(", ", allowed) + hint);
            }
        }
    }

    /**
     * Parses strictly valid UTF-8 JSON (RFC 8259 §8.1). The text, not the bytes, goes to the
     * parser, so UTF-16 or malformed UTF-8 can never reach subscribers inside a text frame.
     */
    private static JsonNode parse(byte[] json) throws ApiError {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("body is not valid UTF-8: send JSON as UTF-8");
        }
        if (text.isBlank()) {
            throw ApiError.badRequest("empty body: send a JSON object");
        }
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid JSON" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static byte[] withoutBom(byte[] body) {
        return body.length >= 3 && Arrays.equals(body, 0, 3, UTF8_BOM, 0, 3) ? Arrays.copyOfRange(body, 3, body.length) : body;
    }
}
