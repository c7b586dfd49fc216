package dev.switchboard.presence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import java.util.Collection;
import java.util.LinkedHashMap;

/**
 * The joins and leaves of one topic collected during a batch window, coalesced so that a client
 * applying the diff (phoenix.js processes joins before leaves) ends in the same state as if it had
 * seen every change one by one:
 * <ul>
 *   <li>a join whose ref leaves within the same batch was never seen by anyone: both vanish;</li>
 *   <li>a leave whose ref joins again within the batch (a node declared down, then back with the
 *       same entries) is no change for a client that still has it: both vanish.</li>
 * </ul>
 * Once a state that includes the batch's changes so far has been handed out ({@link #exposed()}),
 * cancelling is wrong: a client holding that state would keep a presence that left (a ghost) or
 * miss one that came back. From then on the latest change of a ref wins instead — a join then a
 * leave goes out as the leave, a leave then a join as the join — which is right both for clients
 * with the state (a leave removes what they have; a join they have is idempotent by
 * {@code phx_ref}) and for clients with an older state (a leave of a ref they never had is ignored).
 * Not thread-safe: guarded by the lock of the {@link TopicPresence} that owns it.
 */
final class PendingDiff {
    private final LinkedHashMap<String, PresenceEntry> joins = new LinkedHashMap<>();
    private final LinkedHashMap<String, PresenceEntry> leaves = new LinkedHashMap<>();
    /** A state including these changes went to a client (or the application) before they went out. */
    private boolean exposed;

    void join(PresenceEntry entry) {
        if (leaves.remove(entry.ref()) == null || exposed) {
            joins.put(entry.ref(), entry);
        }
    }

    void leave(PresenceEntry entry) {
        if (joins.remove(entry.ref()) == null || exposed) {
            leaves.put(entry.ref(), entry);
        }
    }

    /** A state built from the entries as they are now has been handed out. */
    void exposed() {
        exposed = true;
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty();
    }

    int joinCount() {
        return joins.size();
    }

    int leaveCount() {
        return leaves.size();
    }

    /** The {@code presence_diff} payload: {@code {"joins": {key: {"metas": [...]}}, "leaves": {...}}}, both maps always present. */
    JsonPayload toPayload() {
        ObjectNode diff = Json.MAPPER.createObjectNode();
        diff.set("joins", byKey(joins.values()));
        diff.set("leaves", byKey(leaves.values()));
        return Payload.json(diff);
    }

    void clear() {
        joins.clear();
        leaves.clear();
        exposed = false;
    }

    /** Entries grouped as Phoenix sends them: {@code {key: {"metas": [meta, ...]}}}. */
    static ObjectNode byKey(Collection<PresenceEntry> entries) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (PresenceEntry e : entries) {
            ObjectNode presence = (ObjectNode) out.get(e.key());
            if (presence == null) {
                presence = out.putObject(e.key());
                presence.putArray("metas");
            }
            ((ArrayNode) presence.get("metas")).add(e.meta());
        }
        return out;
    }
}
