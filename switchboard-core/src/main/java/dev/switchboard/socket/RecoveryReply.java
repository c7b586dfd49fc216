package dev.switchboard.socket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.util.Base64;

/**
 * The join reply of a join that asked for positions (RECOVERY.md §3): the app's response object
 * with one more key, {@code recovery}: {@code {"recovered", "position", "replayed"}} and
 * {@code "reason"} when not recovered. An app response that is not a JSON object is not mixed
 * in: the reply is then {@code {"recovery": …, "response": <app response>}} (a binary response as
 * a base64 string).
 */
final class RecoveryReply {
    static final String KEY = "recovery";

    private RecoveryReply() {}

    /**
     * @param read    what the history said (its {@code latest} is null for a topic without history)
     * @param failure why the client does not get everything after its position, or null
     * @param replayed how many messages follow as replay
     */
    static Payload of(Payload appResponse, HistoryRead read, RecoveryFailure failure, int replayed) {
        ObjectNode recovery = Json.MAPPER.createObjectNode();
        recovery.put("recovered", failure == null);
        if (read.latest() != null) {
            recovery.put("position", read.latest().toString());
        }
        recovery.put("replayed", replayed);
        if (failure != null) {
            recovery.put("reason", failure.wireName());
        }
        ObjectNode response;
        if (appResponse instanceof JsonPayload json && json.isObject()) {
            response = json.object().deepCopy();
            response.set(KEY, recovery);
        } else {
            response = Json.MAPPER.createObjectNode();
            response.set(KEY, recovery);
            if (appResponse instanceof BinaryPayload binary) {
                response.put("response", Base64.getEncoder().encodeToString(binary.bytes()));
            } else {
                response.set("response", ((JsonPayload) appResponse).node());
            }
        }
        return Payload.json(response);
    }
}
