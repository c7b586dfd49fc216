package dev.switchboard.client.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the server said about recovery when a channel with {@code recover(true)} joined (the
 * {@code recovery} object of the join reply).
 *
 * @param recovered true when every message after the client's position follows (the replay, then
 *                  live messages, no gap, no duplicate); false when that cannot be, see {@code reason}
 * @param position  the topic's latest position when the join was handled; null if the server gave none
 * @param replayed  how many replayed messages follow the reply
 * @param reason    why not recovered: {@code epoch_changed}, {@code too_old}, {@code invalid_position}
 *                  or {@code no_history}; null when recovered
 */
public record Recovery(boolean recovered, String position, int replayed, String reason) {

    /** Reads a {@code recovery} object; empty when it is not one. */
    public static Optional<Recovery> from(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("recovered").isBoolean()) {
            return Optional.empty();
        }
        JsonNode position = node.get("position");
        JsonNode reason = node.get("reason");
        return Optional.of(new Recovery(node.get("recovered").asBoolean(),
                position != null && position.isTextual() ? position.asText() : null,
                node.path("replayed").asInt(0),
                reason != null && reason.isTextual() ? reason.asText() : null));
    }
}
