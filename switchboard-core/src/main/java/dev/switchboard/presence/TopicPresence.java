package dev.switchboard.presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presence state of one topic on this node: entries owned here (by owner, then key) and
 * replicas of other nodes' entries (by node, then ref), both also indexed by key for listing,
 * plus the diff not yet broadcast.
 *
 * <p><b>Confinement:</b> every method must be called holding this object's monitor
 * ({@code synchronized (topicPresence)}); the {@link PresenceTracker} does so. One lock per topic
 * keeps topics independent (channels on different workers and event loops touch different topics
 * in parallel) while all changes to one topic, and the diffs they produce, happen in one order.
 */
final class TopicPresence {
    final String topic;
    /** Every entry, local and replicated, by key then ref, in arrival order. */
    private final LinkedHashMap<String, LinkedHashMap<String, PresenceEntry>> byKey = new LinkedHashMap<>();
    /** Entries owned by this node, by owner then key. */
    private final HashMap<Object, HashMap<String, PresenceEntry>> byOwner = new HashMap<>();
    /** Replicated entries, by node then ref. */
    private final HashMap<String, HashMap<String, PresenceEntry>> byNode = new HashMap<>();
    final PendingDiff pending = new PendingDiff();
    /** A flush of {@link #pending} is scheduled. */
    boolean flushScheduled;
    /** Removed from the tracker's map: a caller holding a stale reference must look again. */
    boolean retired;
    /**
     * The state pushed to joining clients, built (and rendered) at most once between two flushes;
     * null until asked for after a flush. It may lag the entries by what is pending, never by a
     * diff already sent: see {@link PresenceTracker#stateForJoiner}.
     */
    PresenceState forJoiners;
    private int size;

    TopicPresence(String topic) {
        this.topic = topic;
    }

    // ---- entries owned by this node ----

    PresenceEntry local(Object owner, String key) {
        Map<String, PresenceEntry> keys = byOwner.get(owner);
        return keys == null ? null : keys.get(key);
    }

    void addLocal(Object owner, PresenceEntry entry) {
        byOwner.computeIfAbsent(owner, o -> new HashMap<>(2)).put(entry.key(), entry);
        add(entry);
    }

    PresenceEntry removeLocal(Object owner, String key) {
        HashMap<String, PresenceEntry> keys = byOwner.get(owner);
        if (keys == null) {
            return null;
        }
        PresenceEntry entry = keys.remove(key);
        if (keys.isEmpty()) {
            byOwner.remove(owner);
        }
        if (entry != null) {
            remove(entry);
        }
        return entry;
    }

    /** Removes every entry of {@code owner}; returns them. */
    List<PresenceEntry> removeOwner(Object owner) {
        HashMap<String, PresenceEntry> keys = byOwner.remove(owner);
        if (keys == null) {
            return List.of();
        }
        List<PresenceEntry> removed = new ArrayList<>(keys.values());
        removed.forEach(this::remove);
        return removed;
    }

    /** The entries owned by this node (for snapshots). */
    void collectLocal(Collection<PresenceEntry> into) {
        for (HashMap<String, PresenceEntry> keys : byOwner.values()) {
            into.addAll(keys.values());
        }
    }

    // ---- replicas of other nodes' entries; idempotent, as deltas may repeat what a snapshot held ----

    void addRemote(PresenceEntry entry) {
        HashMap<String, PresenceEntry> refs = byNode.computeIfAbsent(entry.node(), n -> new HashMap<>());
        if (refs.putIfAbsent(entry.ref(), entry) == null) {
            add(entry);
        }
    }

    void removeRemote(String node, String ref) {
        HashMap<String, PresenceEntry> refs = byNode.get(node);
        PresenceEntry entry = refs == null ? null : refs.remove(ref);
        if (entry != null) {
            if (refs.isEmpty()) {
                byNode.remove(node);
            }
            remove(entry);
        }
    }

    /** Makes {@code node}'s entries exactly {@code entries} (a snapshot), producing only the differences. */
    void replaceNode(String node, Map<String, PresenceEntry> entries) {
        HashMap<String, PresenceEntry> old = byNode.get(node);
        if (old != null) {
            for (PresenceEntry e : new ArrayList<>(old.values())) {
                if (!entries.containsKey(e.ref())) {
                    removeRemote(node, e.ref());
                }
            }
        }
        entries.values().forEach(this::addRemote);
    }

    void dropNode(String node) {
        HashMap<String, PresenceEntry> refs = byNode.get(node);
        if (refs != null) {
            for (String ref : new ArrayList<>(refs.keySet())) {
                removeRemote(node, ref);
            }
        }
    }

    // ---- the merged view ----

    /** Every entry, grouped by key (copies of the lists, safe to use after the lock is released). */
    List<PresenceEntry> all() {
        List<PresenceEntry> out = new ArrayList<>(size);
        for (LinkedHashMap<String, PresenceEntry> refs : byKey.values()) {
            out.addAll(refs.values());
        }
        return out;
    }

    int size() {
        return size;
    }

    /** Nothing tracked and nothing left to broadcast: the topic can be forgotten. */
    boolean idle() {
        return size == 0 && pending.isEmpty() && !flushScheduled;
    }

    private void add(PresenceEntry entry) {
        byKey.computeIfAbsent(entry.key(), k -> new LinkedHashMap<>(2)).put(entry.ref(), entry);
        size++;
        pending.join(entry);
    }

    private void remove(PresenceEntry entry) {
        LinkedHashMap<String, PresenceEntry> refs = byKey.get(entry.key());
        if (refs != null && refs.remove(entry.ref()) != null) {
            size--;
            if (refs.isEmpty()) {
                byKey.remove(entry.key());
            }
            pending.leave(entry);
        }
    }
}
