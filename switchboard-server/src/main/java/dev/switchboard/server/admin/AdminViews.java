package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.presence.PresenceState;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.http.HealthRoute;
import dev.switchboard.socket.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The admin API's answers to reads, as JSON: the node, the topics, one topic, the closes, the
 * samples. Built from counters and the topic table; only the connection listing walks connections.
 */
final class AdminViews {
    private final NodeCounters counters;
    private final SampleRing ring;
    private final ConnectionListing connections;
    private final TopicListing topics;
    private final IntSupplier tcpConnections;
    private final ClusterGather gather;
    private final long startedAt = System.currentTimeMillis();

    AdminViews(NodeCounters counters, SampleRing ring, ConnectionListing connections, IntSupplier tcpConnections) {
        this.counters = counters;
        this.ring = ring;
        this.connections = connections;
        this.topics = counters.pubsub() == null ? null : new TopicListing(counters.pubsub());
        this.tcpConnections = tcpConnections;
        Endpoint endpoint = counters.endpoint();
        this.gather = new ClusterGather(endpoint.bus(), this::node, () -> endpoint.presence().knownNodes(),
                this::topicCounts);
    }

    String nodeId() {
        return counters.endpoint().nodeId();
    }

    /** This node: health, gauges, totals since start and the last second. */
    ObjectNode node() {
        Endpoint endpoint = counters.endpoint();
        ObjectNode health = HealthRoute.report(endpoint);
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("node", endpoint.nodeId())
                .put("status", health.get("status").asText())
                .put("startedAt", startedAt)
                .put("connections", counters.connections())
                .put("tcpConnections", tcpConnections.getAsInt())
                .put("topics", counters.topics())
                .put("eventLoops", counters.shards().size());
        node.set("checks", health.get("checks") == null ? Json.MAPPER.createObjectNode() : health.get("checks"));
        node.putObject("totals")
                .put("joins", counters.traffic().joins())
                .put("messagesIn", counters.traffic().messagesIn())
                .put("messagesOut", counters.traffic().messagesOut())
                .put("published", counters.published())
                .put("deliveries", counters.deliveries());
        Sample last = ring.latest();
        node.set("lastSecond", last == null ? null : last.toJson());
        return node;
    }

    /**
     * Every node that answers within the gathering timeout (this one first), their connections
     * summed, and {@code partial} with the {@code silent} nodes when some did not answer.
     */
    CompletableFuture<ObjectNode> overview() {
        return gather.gather().thenApply(g -> {
            ObjectNode overview = Json.MAPPER.createObjectNode()
                    .put("node", nodeId())
                    .put("standalone", counters.endpoint().bus().standalone())
                    .put("connections", g.nodes().stream().mapToInt(n -> n.path("connections").asInt()).sum());
            nodes(overview, g);
            return overview;
        });
    }

    /** The nodes as {@link #overview()} gathers them. */
    CompletableFuture<ObjectNode> nodes() {
        return gather.gather().thenApply(g -> nodes(Json.MAPPER.createObjectNode(), g));
    }

    private static ObjectNode nodes(ObjectNode body, ClusterGather.Gathered g) {
        body.put("partial", !g.silent().isEmpty() || g.busError() != null);
        ArrayNode silent = body.putArray("silent");
        g.silent().forEach(silent::add);
        if (g.busError() != null) {
            body.put("busError", g.busError());
        }
        ArrayNode nodes = body.putArray("nodes");
        g.nodes().forEach(nodes::add);
        return body;
    }

    CompletableFuture<ObjectNode> connections(ConnectionListing.Request request) {
        return connections.list(request).thenApply(page -> {
            ObjectNode body = pageHeader(page.total(), request.offset(), request.limit());
            ArrayNode rows = body.putArray("connections");
            page.rows().forEach(r -> rows.add(r.toJson(nodeId())));
            return body;
        });
    }

    /**
     * A page of this node's topics (sorted and searched here), each with {@code clusterSubscribers}:
     * its subscribers on every node that answered. In a cluster the page's topics are asked of the
     * other nodes like {@link #overview()}, with {@code partial} and {@code silent} when some did not
     * answer. A topic with subscribers only on other nodes is not in this node's list.
     */
    CompletableFuture<ObjectNode> topics(String sort, String q, int offset, int limit) {
        TopicListing listing = requireTopics();
        TopicListing.Page page = listing.list(sort, q, offset, limit);
        List<String> names = page.rows().stream().map(r -> r.stats().topic()).toList();
        CompletableFuture<ClusterGather.Gathered> counts = names.isEmpty() || counters.endpoint().bus().standalone()
                ? CompletableFuture.completedFuture(null)
                : gather.gather(names);
        return counts.thenApply(g -> {
            ObjectNode body = pageHeader(page.total(), offset, limit).put("sort", sort);
            ArrayNode rows = body.putArray("topics");
            for (TopicListing.Row r : page.rows()) {
                ObjectNode row = topicJson(r);
                int cluster = r.stats().subscribers();
                if (g != null) {
                    cluster = 0;
                    for (ObjectNode node : g.nodes()) {
                        cluster += node.path("topicCounts").path(r.stats().topic()).asInt();
                    }
                }
                rows.add(row.put("clusterSubscribers", cluster));
            }
            body.put("partial", g != null && (!g.silent().isEmpty() || g.busError() != null));
            ArrayNode silent = body.putArray("silent");
            if (g != null) {
                g.silent().forEach(silent::add);
            }
            return body;
        });
    }

    /** This node's subscribers of each topic, {@code {topic: n}} (0 for a topic without any here). */
    private ObjectNode topicCounts(List<String> names) {
        ObjectNode counts = Json.MAPPER.createObjectNode();
        TopicListing listing = topics;
        for (String name : names) {
            TopicListing.Row row = listing == null ? null : listing.one(name);
            counts.put(name, row == null ? 0 : row.stats().subscribers());
        }
        return counts;
    }

    /** One topic: counts, history, presence and the first page of its subscribers. */
    CompletableFuture<ObjectNode> topic(String topic, int limit) {
        Endpoint endpoint = counters.endpoint();
        TopicListing.Row row = requireTopics().one(topic);
        ObjectNode body = row == null
                ? Json.MAPPER.createObjectNode().put("topic", topic).put("subscribers", 0).put("published", 0)
                : topicJson(row);
        PresenceState presence = endpoint.presence().list(topic);
        ObjectNode present = body.putObject("presence");
        for (String key : presence.keys()) {
            ArrayNode metas = present.putArray(key);
            presence.metas(key).forEach(metas::add);
        }
        HistoryOptions history = endpoint.pubsub().history().rules().match(topic);
        CompletableFuture<JsonNode> position = history == null
                ? CompletableFuture.completedFuture(null)
                : endpoint.pubsub().history().read(topic, null, 0).toCompletableFuture()
                        .<JsonNode>thenApply(read -> Json.MAPPER.createObjectNode()
                                .put("keeps", history.size())
                                .put("ttlSeconds", history.ttl().toSeconds())
                                .put("position", read.latest() == null ? null : read.latest().toString()))
                        .exceptionally(e -> Json.MAPPER.createObjectNode()
                                .put("keeps", history.size())
                                .put("error", "history store unavailable: " + e.getMessage()));
        CompletableFuture<ObjectNode> subscribers = connections(new ConnectionListing.Request(topic, null, 0, limit));
        return position.thenCombine(subscribers, (h, subs) -> {
            body.set("history", h);
            body.set("subscriberList", subs);
            return body;
        });
    }

    /** Connections that ended: since start, and over the ring's last minutes, by reason. */
    ObjectNode closes() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode total = body.putObject("sinceStart");
        counters.closes().forEach(total::put);
        List<Sample> samples = ring.since(0);
        body.put("recentSeconds", samples.size());
        ObjectNode recent = body.putObject("recent");
        counters.closes().keySet().forEach(reason -> recent.put(reason, 0L));
        for (Sample s : samples) {
            for (Map.Entry<String, Long> e : s.closes().entrySet()) {
                recent.put(e.getKey(), recent.path(e.getKey()).asLong() + e.getValue());
            }
        }
        return body;
    }

    ObjectNode samples(long since) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("node", nodeId()).put("capacity", ring.capacity());
        ArrayNode list = body.putArray("samples");
        ring.since(since).forEach(s -> list.add(s.toJson()));
        return body;
    }

    private TopicListing requireTopics() {
        if (topics == null) {
            throw new UnsupportedOperationException("this node's PubSub (" + counters.endpoint().pubsub().getClass().getSimpleName()
                    + ") keeps no topic table the admin API can read");
        }
        return topics;
    }

    private static ObjectNode topicJson(TopicListing.Row r) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("topic", r.stats().topic())
                .put("subscribers", r.stats().subscribers()).put("published", r.stats().published());
        if (r.rate() == null) {
            json.putNull("rate");
        } else {
            json.put("rate", Math.round(r.rate() * 10) / 10.0);
        }
        return json;
    }

    private static ObjectNode pageHeader(int total, int offset, int limit) {
        return Json.MAPPER.createObjectNode().put("total", total).put("offset", offset).put("limit", limit);
    }
}
