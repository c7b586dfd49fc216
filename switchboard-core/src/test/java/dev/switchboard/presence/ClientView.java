package dev.switchboard.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * phoenix.js {@code Presence.syncDiff} (spec §6.5) reduced to what the tests compare: key → refs.
 * Joins are applied before leaves; a leave of an unknown ref changes nothing.
 */
final class ClientView {
    private final Map<String, Map<String, JsonNode>> state = new LinkedHashMap<>();

    void applyState(JsonNode presences) {
        state.clear();
        presences.properties().forEach(e -> e.getValue().get("metas")
                .forEach(meta -> state.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(meta.get("phx_ref").asText(), meta)));
    }

    void applyDiff(JsonNode diff) {
        diff.get("joins").properties().forEach(e -> e.getValue().get("metas")
                .forEach(meta -> state.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(meta.get("phx_ref").asText(), meta)));
        diff.get("leaves").properties().forEach(e -> {
            Map<String, JsonNode> refs = state.get(e.getKey());
            if (refs != null) {
                e.getValue().get("metas").forEach(meta -> refs.remove(meta.get("phx_ref").asText()));
                if (refs.isEmpty()) {
                    state.remove(e.getKey());
                }
            }
        });
    }

    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        state.forEach((k, refs) -> counts.put(k, refs.size()));
        return counts;
    }
}
