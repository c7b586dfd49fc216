package dev.switchboard.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of presence replication (bus kind {@value #KIND}), one JSON object each. Every
 * message carries the format version {@code v}, its type {@code t} and the sender's incarnation
 * {@code epoch} (random per start, so a restarted node with the same id is a new node):
 *
 * <pre>
 * {"v":1,"t":"hb",   "epoch":E,"seq":S}                 heartbeat: my deltas so far number S
 * {"v":1,"t":"delta","epoch":E,"seq":S,"changes":[...]} my changes since S-1
 *     change: {"op":"join","topic":T,"key":K,"meta":{"phx_ref":R,...}} | {"op":"leave","topic":T,"key":K,"ref":R}
 * {"v":1,"t":"sync", "epoch":E}                         send me your snapshot (to one node, or to all)
 * {"v":1,"t":"state","epoch":E,"seq":S,"entries":[{"topic":T,"key":K,"meta":{...}},...]}
 *                                                       all my entries, as of delta S (or later)
 * {"v":1,"t":"bye",  "epoch":E}                         I am shutting down: drop my entries now
 * </pre>
 *
 * @param changes delta changes, or a snapshot's entries as joins
 */
record ReplicationMessage(Type type, String epoch, long seq, List<Change> changes) {
    static final String KIND = "presence";
    static final int VERSION = 1;

    enum Type { HEARTBEAT("hb"), DELTA("delta"), SYNC("sync"), STATE("state"), BYE("bye");

        final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        static Type of(String wire) {
            for (Type t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One change of one entry: joined or left. */
    record Change(boolean join, PresenceEntry entry) {}

    static byte[] heartbeat(String epoch, long seq) {
        return bytes(header(Type.HEARTBEAT, epoch).put("seq", seq));
    }

    static byte[] sync(String epoch) {
        return bytes(header(Type.SYNC, epoch));
    }

    static byte[] bye(String epoch) {
        return bytes(header(Type.BYE, epoch));
    }

    static byte[] delta(String epoch, long seq, List<Change> changes) {
        ObjectNode m = header(Type.DELTA, epoch).put("seq", seq);
        ArrayNode list = m.putArray("changes");
        for (Change c : changes) {
            ObjectNode o = list.addObject()
                    .put("op", c.join() ? "join" : "leave")
                    .put("topic", c.entry().topic())
                    .put("key", c.entry().key());
            if (c.join()) {
                o.set("meta", c.entry().meta());
            } else {
                o.put("ref", c.entry().ref());
            }
        }
        return bytes(m);
    }

    static byte[] state(String epoch, long seq, List<PresenceEntry> entries) {
        ObjectNode m = header(Type.STATE, epoch).put("seq", seq);
        ArrayNode list = m.putArray("entries");
        for (PresenceEntry e : entries) {
            list.addObject().put("topic", e.topic()).put("key", e.key()).set("meta", e.meta());
        }
        return bytes(m);
    }

    /**
     * Reads a message from {@code node}; entries are attributed to that node.
     *
     * @throws IllegalArgumentException when the bytes are not a presence message of this version
     */
    static ReplicationMessage decode(String node, byte[] body) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (m.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("unsupported version " + m.get("v") + " (this node speaks " + VERSION + ")");
        }
        Type type = Type.of(m.path("t").asText());
        if (type == null) {
            throw new IllegalArgumentException("unknown type " + m.get("t"));
        }
        String epoch = text(m, "epoch");
        long seq = m.path("seq").asLong(-1);
        if ((type == Type.HEARTBEAT || type == Type.DELTA || type == Type.STATE) && seq < 0) {
            throw new IllegalArgumentException(type.wire + " without a valid seq");
        }
        List<Change> changes = List.of();
        if (type == Type.DELTA) {
            changes = changes(node, m.path("changes"));
        } else if (type == Type.STATE) {
            changes = entries(node, m.path("entries"));
        }
        return new ReplicationMessage(type, epoch, seq, changes);
    }

    private static List<Change> changes(String node, JsonNode list) {
        List<Change> out = new ArrayList<>(list.size());
        for (JsonNode c : list) {
            String op = text(c, "op");
            if (op.equals("join")) {
                out.add(new Change(true, joined(node, c)));
            } else if (op.equals("leave")) {
                String ref = text(c, "ref");
                out.add(new Change(false, new PresenceEntry(node, text(c, "topic"), text(c, "key"), ref, null)));
            } else {
                throw new IllegalArgumentException("unknown change op " + op);
            }
        }
        return out;
    }

    private static List<Change> entries(String node, JsonNode list) {
        List<Change> out = new ArrayList<>(list.size());
        for (JsonNode e : list) {
            out.add(new Change(true, joined(node, e)));
        }
        return out;
    }

    private static PresenceEntry joined(String node, JsonNode c) {
        JsonNode meta = c.get("meta");
        if (!(meta instanceof ObjectNode object)) {
            throw new IllegalArgumentException("join without an object meta");
        }
        return new PresenceEntry(node, text(c, "topic"), text(c, "key"), text(object, "phx_ref"), object);
    }

    private static ObjectNode header(Type type, String epoch) {
        return Json.MAPPER.createObjectNode().put("v", VERSION).put("t", type.wire).put("epoch", epoch);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing string field " + field);
        }
        return value.asText();
    }

    private static byte[] bytes(ObjectNode m) {
        try {
            return Json.MAPPER.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a presence message", e);
        }
    }
}
