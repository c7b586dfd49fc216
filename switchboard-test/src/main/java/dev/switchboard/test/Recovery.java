package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Position;

/**
 * What a join reply says about recovery (RECOVERY.md §3), for a join that asked for positions.
 *
 * @param recovered true when every message after the client's position follows (replay, then live)
 * @param position  the topic's latest position when the join was handled
 * @param replayed  how many messages follow as replay
 * @param reason    why not recovered ({@code epoch_changed}, {@code too_old}, {@code invalid_position},
 *                  {@code no_history}), or null
 */
public record Recovery(boolean recovered, Position position, int replayed, String reason) {

    /** The {@code recovery} object of a join reply's response, or null when it has none. */
    static Recovery of(JsonNode response) {
        JsonNode r = response == null ? null : response.get("recovery");
        if (r == null || !r.isObject()) {
            return null;
        }
        JsonNode position = r.get("position");
        return new Recovery(r.path("recovered").asBoolean(), position == null ? null : Position.parse(position.asText()),
                r.path("replayed").asInt(), r.hasNonNull("reason") ? r.get("reason").asText() : null);
    }
}
