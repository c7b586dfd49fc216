package dev.switchboard.bridge.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a batch the publish API did not publish, from its 503/504 answer (docs/API.md):
 * {@code "failed"}, the indexes nobody received, and {@code "unknown"}, those that may have gone
 * out. Everything else in the batch was published.
 */
record PartialPublish(List<Integer> failed, List<Integer> unknown, int published) {

    /** The answer's lists, or null when the body has none (the whole batch failed, say a proxy's 502). */
    static PartialPublish parse(String body, int batchSize) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (json == null || !json.path("failed").isArray()) {
            return null;
        }
        List<Integer> failed = indexes(json.path("failed"), batchSize);
        List<Integer> unknown = indexes(json.path("unknown"), batchSize);
        if (failed == null || unknown == null) {
            return null;
        }
        return new PartialPublish(failed, unknown, batchSize - failed.size() - unknown.size());
    }

    private static List<Integer> indexes(JsonNode array, int batchSize) {
        List<Integer> out = new ArrayList<>();
        if (array.isMissingNode()) {
            return out;
        }
        for (JsonNode n : array) {
            if (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() >= batchSize || out.contains(n.asInt())) {
                return null; // not an answer to this batch: treat the batch as failed
            }
            out.add(n.asInt());
        }
        return out;
    }
}
