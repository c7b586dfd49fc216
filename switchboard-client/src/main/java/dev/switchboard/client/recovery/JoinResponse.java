package dev.switchboard.client.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.util.Optional;

/**
 * Splits a join response into the application's response and the server's {@code recovery}
 * object (RECOVERY.md §3): the server adds {@code recovery} to the application's object, or,
 * when the application's response is not an object, answers
 * {@code {"recovery": …, "response": <app response>}}.
 *
 * <p>The two shapes overlap when an application itself answers an object whose only key is
 * {@code response} with a value that is not an object; such a response is read as the wrapped
 * form. Applications that use {@code recover} should not answer that shape.
 */
public record JoinResponse(Payload response, Optional<Recovery> recovery) {

    /** Splits the response of an ok join reply of a channel that asked to recover. */
    public static JoinResponse split(Payload response) {
        if (!(response instanceof JsonPayload json) || !json.isObject()) {
            return new JoinResponse(response, Optional.empty());
        }
        JsonNode tree = json.node();
        Optional<Recovery> recovery = Recovery.from(tree.get("recovery"));
        if (recovery.isEmpty()) {
            return new JoinResponse(response, Optional.empty());
        }
        ObjectNode app = ((ObjectNode) tree).deepCopy();
        app.remove("recovery");
        JsonNode wrapped = app.get("response");
        if (app.size() == 1 && wrapped != null && !wrapped.isObject()) {
            return new JoinResponse(Payload.json(wrapped), recovery);
        }
        return new JoinResponse(Payload.json(app), recovery);
    }
}
