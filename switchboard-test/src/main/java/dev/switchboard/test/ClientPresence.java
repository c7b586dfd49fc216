package dev.switchboard.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.presence.Presence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The presences one test client sees on its channel, kept the way phoenix.js's {@code Presence}
 * keeps them: a {@code presence_state} (pushed after each join) replaces the view; a
 * {@code presence_diff} adds its joins, then removes its leaves, by {@code phx_ref}; diffs that
 * arrive before the current join's state wait for it. So the view is what a browser would list —
 * and a server that sends a diff a client cannot apply shows up as a wrong list.
 */
public final class ClientPresence {
    /** key → metas, in the order phoenix.js would list them. Guarded by this. */
    private final LinkedHashMap<String, List<JsonNode>> state = new LinkedHashMap<>();
    private final List<JsonNode> pendingDiffs = new ArrayList<>();
    private String stateJoinRef;
    private boolean synced;

    /** The keys present, in the order phoenix.js would list them. */
    public synchronized Set<String> keys() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(state.keySet()));
    }

    /** The metas of {@code key} ({@code phx_ref} included), empty when absent. */
    public synchronized List<JsonNode> metas(String key) {
        List<JsonNode> metas = state.get(key);
        return metas == null ? List.of() : List.copyOf(metas);
    }

    /** Every key with its metas. */
    public synchronized Map<String, List<JsonNode>> list() {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        state.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** Number of metas over all keys. */
    public synchronized int size() {
        return state.values().stream().mapToInt(List::size).sum();
    }

    /** True once the current join's {@code presence_state} arrived. */
    public synchronized boolean synced() {
        return synced;
    }

    /** A new join: the next state replaces everything, diffs wait for it. */
    synchronized void reset() {
        synced = false;
        stateJoinRef = null;
        pendingDiffs.clear();
    }

    synchronized void apply(ReceivedFrame frame, String channelJoinRef) {
        if (frame.payload() == null || !frame.payload().isObject()) {
            return;
        }
        if (frame.event().equals(Presence.STATE_EVENT)) {
            stateJoinRef = channelJoinRef;
            synced = true;
            syncState(frame.payload());
            for (JsonNode diff : pendingDiffs) {
                syncDiff(diff.path("joins"), diff.path("leaves"));
            }
            pendingDiffs.clear();
        } else if (!synced || !Objects.equals(stateJoinRef, channelJoinRef)) {
            pendingDiffs.add(frame.payload());
        } else {
            syncDiff(frame.payload().path("joins"), frame.payload().path("leaves"));
        }
    }

    /** phoenix.js {@code Presence.syncState}: the differences between the view and the new state, applied as a diff. */
    private void syncState(JsonNode newState) {
        Map<String, List<JsonNode>> joins = new LinkedHashMap<>();
        Map<String, List<JsonNode>> leaves = new LinkedHashMap<>();
        state.forEach((key, metas) -> {
            if (!newState.has(key)) {
                leaves.put(key, metas);
            }
        });
        newState.fields().forEachRemaining(e -> {
            List<JsonNode> newMetas = metasOf(e.getValue());
            List<JsonNode> current = state.get(e.getKey());
            if (current == null) {
                joins.put(e.getKey(), newMetas);
                return;
            }
            List<String> newRefs = refs(newMetas);
            List<String> curRefs = refs(current);
            List<JsonNode> joined = newMetas.stream().filter(m -> !curRefs.contains(ref(m))).toList();
            List<JsonNode> left = current.stream().filter(m -> !newRefs.contains(ref(m))).toList();
            if (!joined.isEmpty()) {
                joins.put(e.getKey(), joined);
            }
            if (!left.isEmpty()) {
                leaves.put(e.getKey(), left);
            }
        });
        apply(joins, leaves);
    }

    private void syncDiff(JsonNode joins, JsonNode leaves) {
        Map<String, List<JsonNode>> j = new LinkedHashMap<>();
        Map<String, List<JsonNode>> l = new LinkedHashMap<>();
        joins.fields().forEachRemaining(e -> j.put(e.getKey(), metasOf(e.getValue())));
        leaves.fields().forEachRemaining(e -> l.put(e.getKey(), metasOf(e.getValue())));
        apply(j, l);
    }

    /** phoenix.js {@code Presence.syncDiff}: joins first (keeping current metas not re-joined ahead), then leaves by phx_ref. */
    private void apply(Map<String, List<JsonNode>> joins, Map<String, List<JsonNode>> leaves) {
        joins.forEach((key, joined) -> {
            List<JsonNode> current = state.get(key);
            List<JsonNode> next = new ArrayList<>();
            if (current != null) {
                List<String> joinedRefs = refs(joined);
                current.stream().filter(m -> !joinedRefs.contains(ref(m))).forEach(next::add);
            }
            next.addAll(joined);
            state.put(key, next);
        });
        leaves.forEach((key, left) -> {
            List<JsonNode> current = state.get(key);
            if (current == null) {
                return;
            }
            List<String> remove = refs(left);
            for (Iterator<JsonNode> it = current.iterator(); it.hasNext(); ) {
                if (remove.contains(ref(it.next()))) {
                    it.remove();
                }
            }
            if (current.isEmpty()) {
                state.remove(key);
            }
        });
    }

    private static List<JsonNode> metasOf(JsonNode presence) {
        List<JsonNode> metas = new ArrayList<>();
        presence.path("metas").forEach(metas::add);
        return metas;
    }

    private static List<String> refs(List<JsonNode> metas) {
        return metas.stream().map(ClientPresence::ref).toList();
    }

    private static String ref(JsonNode meta) {
        return meta.path("phx_ref").asText(null);
    }

    @Override
    public synchronized String toString() {
        return state.toString();
    }
}
