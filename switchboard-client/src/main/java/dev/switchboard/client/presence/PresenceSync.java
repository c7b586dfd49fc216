package dev.switchboard.client.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * phoenix.js's presence merge ({@code Presence.syncState} / {@code Presence.syncDiff}, spec §6.5),
 * as pure functions over immutable snapshots: the given state is never modified, a new one is
 * returned, and entries that change are copies.
 *
 * <p>A state maps a presence key to its presence object {@code {"metas": [...], ...}}; only the
 * {@code phx_ref} of each meta identifies it. {@code syncState} turns a full state into the joins
 * and leaves relative to the current one, then applies them as a diff. {@code syncDiff} applies
 * joins first (the joined presence replaces the entry, and the current metas whose refs are not
 * among the joined ones are put in front of it), then leaves (metas with a listed ref are removed;
 * a key without metas is removed; a leave for an unknown key is ignored), so an update (new meta
 * in joins, old in leaves) works and a repeated join is harmless.
 */
public final class PresenceSync {
    private PresenceSync() {}

    /** Receives one key's change: the entry before (null for a new key) and the joined or left part. */
    @FunctionalInterface
    public interface Change {
        void accept(String key, ObjectNode current, ObjectNode changed);
    }

    /** Applies a full {@code presence_state}. */
    public static Map<String, ObjectNode> syncState(Map<String, ObjectNode> current, JsonNode newState,
            Change onJoin, Change onLeave) {
        ObjectNode joins = newState.isObject() ? ((ObjectNode) newState).objectNode() : null;
        if (joins == null) {
            throw new IllegalArgumentException("presence state must be a JSON object, got " + newState.getNodeType());
        }
        ObjectNode leaves = joins.objectNode();
        current.forEach((key, presence) -> {
            if (!newState.has(key)) {
                leaves.set(key, presence);
            }
        });
        newState.fields().forEachRemaining(field -> {
            String key = field.getKey();
            if (!field.getValue().isObject()) {
                return;
            }
            ObjectNode newPresence = (ObjectNode) field.getValue();
            ObjectNode currentPresence = current.get(key);
            if (currentPresence == null) {
                joins.set(key, newPresence);
                return;
            }
            Set<String> newRefs = refs(metas(newPresence));
            Set<String> currentRefs = refs(metas(currentPresence));
            List<JsonNode> joined = without(metas(newPresence), currentRefs);
            List<JsonNode> left = without(metas(currentPresence), newRefs);
            if (!joined.isEmpty()) {
                joins.set(key, withMetas(newPresence, joined));
            }
            if (!left.isEmpty()) {
                leaves.set(key, withMetas(currentPresence, left));
            }
        });
        ObjectNode diff = joins.objectNode();
        diff.set("joins", joins);
        diff.set("leaves", leaves);
        return syncDiff(current, diff, onJoin, onLeave);
    }

    /** Applies a {@code presence_diff} ({@code {"joins": {...}, "leaves": {...}}}). */
    public static Map<String, ObjectNode> syncDiff(Map<String, ObjectNode> current, JsonNode diff,
            Change onJoin, Change onLeave) {
        if (!diff.isObject()) {
            throw new IllegalArgumentException("presence diff must be a JSON object, got " + diff.getNodeType());
        }
        Map<String, ObjectNode> state = new LinkedHashMap<>(current);
        diff.path("joins").fields().forEachRemaining(field -> {
            if (!field.getValue().isObject()) {
                return;
            }
            String key = field.getKey();
            ObjectNode joined = (ObjectNode) field.getValue().deepCopy();
            ObjectNode currentPresence = state.get(key);
            ObjectNode next = joined.deepCopy();
            if (currentPresence != null) {
                Set<String> joinedRefs = refs(metas(next));
                List<JsonNode> kept = without(metas(currentPresence), joinedRefs);
                ArrayNode merged = next.arrayNode();
                kept.forEach(m -> merged.add(m.deepCopy()));
                metas(next).forEach(merged::add);
                next.set("metas", merged);
            }
            state.put(key, next);
            onJoin.accept(key, currentPresence, joined);
        });
        diff.path("leaves").fields().forEachRemaining(field -> {
            String key = field.getKey();
            ObjectNode currentPresence = state.get(key);
            if (currentPresence == null || !field.getValue().isObject()) {
                return;
            }
            ObjectNode left = (ObjectNode) field.getValue().deepCopy();
            ObjectNode remaining = withMetas(currentPresence, without(metas(currentPresence), refs(metas(left))));
            state.put(key, remaining);
            onLeave.accept(key, remaining, left);
            if (metas(remaining).isEmpty()) {
                state.remove(key);
            }
        });
        return state;
    }

    /** The metas of a presence object (an empty list when missing or not an array). */
    static List<JsonNode> metas(JsonNode presence) {
        JsonNode metas = presence.get("metas");
        List<JsonNode> out = new ArrayList<>();
        if (metas != null && metas.isArray()) {
            metas.forEach(out::add);
        }
        return out;
    }

    private static Set<String> refs(List<JsonNode> metas) {
        Set<String> refs = new HashSet<>();
        metas.forEach(m -> refs.add(ref(m)));
        return refs;
    }

    private static String ref(JsonNode meta) {
        JsonNode ref = meta.get("phx_ref");
        return ref == null || ref.isNull() ? null : ref.asText();
    }

    private static List<JsonNode> without(List<JsonNode> metas, Set<String> refs) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode meta : metas) {
            if (!refs.contains(ref(meta))) {
                out.add(meta);
            }
        }
        return out;
    }

    private static ObjectNode withMetas(ObjectNode presence, List<JsonNode> metas) {
        ObjectNode copy = presence.deepCopy();
        ArrayNode array = copy.arrayNode();
        metas.forEach(m -> array.add(m.deepCopy()));
        copy.set("metas", array);
        return copy;
    }
}
