package dev.switchboard.presence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.switchboard.protocol.JsonPayload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is present on a topic at one moment, across the cluster (this node's entries and the
 * replicas of the others'): each key with its metas, in the order they were first seen. This is
 * what {@code presence_state} carries, {@link #toPayload()} in Phoenix's shape
 * {@code {key: {"metas": [{"phx_ref": ..., ...}, ...]}}}.
 */
public final class PresenceState {
    private final String topic;
    private final List<PresenceEntry> entries;
    private volatile JsonPayload payload;

    PresenceState(String topic, List<PresenceEntry> entries) {
        this.topic = topic;
        this.entries = entries;
    }

    public String topic() {
        return topic;
    }

    /** The keys present, in first-seen order. */
    public Set<String> keys() {
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (PresenceEntry e : entries) {
            keys.add(e.key());
        }
        return Collections.unmodifiableSet(keys);
    }

    /** Copies of the metas of one key ({@code phx_ref} included); empty when the key is absent. */
    public List<JsonNode> metas(String key) {
        List<JsonNode> metas = new ArrayList<>();
        for (PresenceEntry e : entries) {
            if (e.key().equals(key)) {
                metas.add(e.meta().deepCopy());
            }
        }
        return metas;
    }

    /** Number of entries (metas) over all keys. */
    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The {@code presence_state} payload, rendered once. Streamed rather than built as a tree: for a
     * topic with thousands of presences this is most of the cost of a join.
     */
    public JsonPayload toPayload() {
        JsonPayload p = payload;
        if (p == null) {
            p = render(entries);
            payload = p;
        }
        return p;
    }

    /** {@code {key: {"metas": [...]}}} from entries grouped by key (as the tracker lists them). */
    private static JsonPayload render(List<PresenceEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 96);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.setCodec(Json.MAPPER);
            g.writeStartObject();
            String key = null;
            for (PresenceEntry e : entries) {
                if (!e.key().equals(key)) {
                    if (key != null) {
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    key = e.key();
                    g.writeFieldName(key);
                    g.writeStartObject();
                    g.writeFieldName("metas");
                    g.writeStartArray();
                }
                g.writeTree(e.meta());
            }
            if (key != null) {
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a presence state", e);
        }
        return JsonPayload.trusted(out.toByteArray());
    }

    /** Keys with the number of metas each has, e.g. for logs and tests. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PresenceEntry e : entries) {
            counts.merge(e.key(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return topic + " " + toPayload();
    }
}
