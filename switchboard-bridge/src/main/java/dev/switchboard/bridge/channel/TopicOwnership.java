package dev.switchboard.bridge.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.presence.PresenceState;
import dev.switchboard.presence.PresenceTracker;
import java.util.Map;

/**
 * Which node of a cluster runs a topic's program: the one that claimed it first. Each node with
 * subscribers to the topic claims it with a presence entry on an internal topic (key: its node
 * id, meta: when it claimed); the entry with the earliest claim (then the smallest node id) leads.
 * Presence replicates the claims and removes a dead node's within its down timeout, so the next
 * claimant takes over. Two nodes claiming at the same instant may both run the program until each
 * sees the other's claim (one presence round trip); then the later one stops.
 */
final class TopicOwnership {
    static final String PREFIX = "switchboard:bridge:";

    private final PresenceTracker presence;
    private final String nodeId;
    private final String presenceTopic;
    private boolean claimed;

    TopicOwnership(PresenceTracker presence, String nodeId, String topic) {
        this.presence = presence;
        this.nodeId = nodeId;
        this.presenceTopic = PREFIX + topic;
    }

    /** Enters this node as a candidate (idempotent). */
    void claim() {
        if (!claimed) {
            presence.track(this, presenceTopic, nodeId, Map.of("since", System.currentTimeMillis()));
            claimed = true;
        }
    }

    /** Withdraws this node (idempotent). */
    void release() {
        if (claimed) {
            presence.untrack(this, presenceTopic, nodeId);
            claimed = false;
        }
    }

    /** True when this node claimed and leads. */
    boolean leads() {
        return claimed && nodeId.equals(leader());
    }

    /** The leading node's id, or null when nobody claims the topic. */
    String leader() {
        PresenceState state = presence.list(presenceTopic);
        String best = null;
        long bestSince = Long.MAX_VALUE;
        for (String key : state.keys()) {
            for (JsonNode meta : state.metas(key)) {
                long since = meta.path("since").asLong(Long.MAX_VALUE);
                if (since < bestSince || (since == bestSince && (best == null || key.compareTo(best) < 0))) {
                    best = key;
                    bestSince = since;
                }
            }
        }
        return best;
    }
}
