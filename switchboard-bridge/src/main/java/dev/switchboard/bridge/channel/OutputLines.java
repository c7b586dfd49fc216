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

/** Reads program output lines into {@link ProgramOutput}s (the grammar is described there). */
final class OutputLines {
    private OutputLines() {}

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> REPLY_KEYS = Set.of("reply", "status", "response");

    /** A {@link LineFormat#LINES} line: event {@code line}, payload {@code {"line": TEXT}}. */
    static ProgramOutput line(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        return new ProgramOutput.Data(ProgramOutput.LINE_EVENT, Payload.json(Map.of("line", text)));
    }

    /** A {@link LineFormat#JSON} line. */
    static ProgramOutput parse(byte[] bytes, int length) {
        JsonNode node;
        try {
            node = READER.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            return new ProgramOutput.Invalid("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return new ProgramOutput.Invalid("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return new ProgramOutput.Invalid("a line must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        ObjectNode object = (ObjectNode) node;
        if (object.has("reply") && onlyKeys(object, REPLY_KEYS)) {
            return reply(object);
        }
        for (String kind : new String[] {"push", "broadcast"}) {
            if (object.has(kind) && onlyKeys(object, Set.of(kind, "payload"))) {
                JsonNode event = object.get(kind);
                if (!event.isTextual() || event.asText().isEmpty()) {
                    return new ProgramOutput.Invalid("\"" + kind + "\" must name the event (a non-empty string)");
                }
                JsonNode payload = object.get("payload");
                if (payload != null && !payload.isObject()) {
                    return new ProgramOutput.Invalid("\"payload\" must be a JSON object");
                }
                Payload p = payload == null ? Payload.empty() : Payload.json(payload);
                return kind.equals("push") ? new ProgramOutput.Push(event.asText(), p) : new ProgramOutput.Broadcast(event.asText(), p);
            }
        }
        // Plain data: the line itself is the payload; it was just validated, so no re-encoding.
        return new ProgramOutput.Data(ProgramOutput.DATA_EVENT, JsonPayload.trusted(java.util.Arrays.copyOf(bytes, length)));
    }

    private static ProgramOutput reply(ObjectNode object) {
        JsonNode ref = object.get("reply");
        if (!(ref.isTextual() || ref.isIntegralNumber())) {
            return new ProgramOutput.Invalid("\"reply\" must be the ref of a client message (a string)");
        }
        JsonNode status = object.get("status");
        if (status != null && (!status.isTextual() || status.asText().isEmpty())) {
            return new ProgramOutput.Invalid("\"status\" must be a non-empty string such as \"ok\" or \"error\"");
        }
        JsonNode response = object.get("response");
        if (response != null && !response.isObject()) {
            return new ProgramOutput.Invalid("\"response\" must be a JSON object");
        }
        return new ProgramOutput.Reply(ref.asText(), status == null ? "ok" : status.asText(),
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
