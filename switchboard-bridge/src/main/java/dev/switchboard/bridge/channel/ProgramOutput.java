package dev.switchboard.bridge.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One line a program wrote, understood. In {@link LineFormat#JSON} a line is one JSON object:
 *
 * <ul>
 *   <li>{@code {"reply": REF, "status": "ok", "response": {...}}} — {@link Reply} to the client
 *       message with that ref ({@code status} defaults to {@code ok}, {@code response} to {@code {}});</li>
 *   <li>{@code {"push": EVENT, "payload": {...}}} — {@link Push} to this client;</li>
 *   <li>{@code {"broadcast": EVENT, "payload": {...}}} — {@link Broadcast} to the topic;</li>
 *   <li>any other object — {@link Data}: event {@code data}, the object as its payload.</li>
 * </ul>
 * An object is an envelope only when it has exactly those keys (so data that happens to have a
 * {@code "push"} field among others stays data). Anything else is {@link Invalid}, with the reason.
 */
sealed interface ProgramOutput {
    /** The event of {@link Data}. */
    String DATA_EVENT = "data";
    /** The event of a {@link LineFormat#LINES} line. */
    String LINE_EVENT = "line";

    record Reply(String ref, String status, Payload response) implements ProgramOutput {}

    record Push(String event, Payload payload) implements ProgramOutput {}

    record Broadcast(String event, Payload payload) implements ProgramOutput {}

    record Data(String event, Payload payload) implements ProgramOutput {}

    record Invalid(String reason) implements ProgramOutput {}

    ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    Set<String> REPLY_KEYS = Set.of("reply", "status", "response");
    Set<String> MESSAGE_KEYS = Set.of("payload");

    /** A {@link LineFormat#LINES} line: event {@code line}, payload {@code {"line": TEXT}}. */
    static ProgramOutput line(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        return new Data(LINE_EVENT, Payload.json(Map.of("line", text)));
    }

    /** A {@link LineFormat#JSON} line. */
    static ProgramOutput parse(byte[] bytes, int length) {
        JsonNode node;
        try {
            node = READER.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            return new Invalid("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return new Invalid("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new Invalid("a line must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        ObjectNode object = (ObjectNode) node;
        if (object.has("reply") && onlyKeys(object, REPLY_KEYS)) {
            return reply(object);
        }
        for (String kind : new String[] {"push", "broadcast"}) {
            if (object.has(kind) && onlyKeys(object, Set.of(kind, "payload"))) {
                JsonNode event = object.get(kind);
                if (!event.isTextual() || event.asText().isEmpty()) {
                    return new Invalid("\"" + kind + "\" must name the event (a non-empty string)");
                }
                JsonNode payload = object.get("payload");
                if (payload != null && !payload.isObject()) {
                    return new Invalid("\"payload\" must be a JSON object");
                }
                Payload p = payload == null ? Payload.empty() : Payload.json(payload);
                return kind.equals("push") ? new Push(event.asText(), p) : new Broadcast(event.asText(), p);
            }
        }
        // Plain data: the line itself is the payload; it was just validated, so no re-encoding.
        return new Data(DATA_EVENT, JsonPayload.trusted(java.util.Arrays.copyOf(bytes, length)));
    }

    private static ProgramOutput reply(ObjectNode object) {
        JsonNode ref = object.get("reply");
        if (!(ref.isTextual() || ref.isIntegralNumber())) {
            return new Invalid("\"reply\" must be the ref of a client message (a string)");
        }
        JsonNode status = object.get("status");
        if (status != null && (!status.isTextual() || status.asText().isEmpty())) {
            return new Invalid("\"status\" must be a non-empty string such as \"ok\" or \"error\"");
        }
        JsonNode response = object.get("response");
        if (response != null && !response.isObject()) {
            return new Invalid("\"response\" must be a JSON object");
        }
        return new Reply(ref.asText(), status == null ? "ok" : status.asText(),
                response == null ? Payload.empty() : Payload.json(response));
    }

    private static boolean onlyKeys(ObjectNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                return false;
            }
        }
        return true;
    }
}
