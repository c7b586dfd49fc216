package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every other node of the cluster for its node view over the cluster bus and waits for the
 * answers, at most {@value #TIMEOUT_MILLIS} ms: the answer names the nodes that stayed silent, so a
 * dashboard shows a partial cluster instead of hanging on a dead node.
 *
 * <p>A question may name topics: each node then also answers how many subscribers it has on each
 * ({@code topicCounts}), which makes the topic table's cluster-wide counts.
 *
 * <p>Which nodes should answer: those whose presence heartbeats this node hears, and those that
 * answered an earlier question within {@value #REMEMBER_MILLIS} ms (a node that stopped is gone
 * from presence at once when it says goodbye, but an operator wants to see it missing). A node
 * whose admin API is off cannot answer and is named silent too. Answers are made on the bus's
 * thread from counters, without blocking.
 */
final class ClusterGather {
    private static final Logger log = LoggerFactory.getLogger(ClusterGather.class);
    static final String ASK = "admin-ask";
    static final String ANSWER = "admin-answer";
    static final long TIMEOUT_MILLIS = 1_000;
    static final long REMEMBER_MILLIS = 600_000;

    private final ClusterBus bus;
    private final Supplier<ObjectNode> local;
    private final Supplier<Collection<String>> heard;
    private final Function<List<String>, ObjectNode> topicCounts;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAnswered = new ConcurrentHashMap<>();

    /** The nodes that answered (this one first) and those that should have but did not. */
    record Gathered(List<ObjectNode> nodes, List<String> silent, String busError) {}

    /**
     * @param local       what this node answers: its node view
     * @param heard       the other nodes this node knows are up (presence)
     * @param topicCounts this node's subscribers of each of the topics asked about, {@code {topic: n}}
     */
    ClusterGather(ClusterBus bus, Supplier<ObjectNode> local, Supplier<Collection<String>> heard,
                  Function<List<String>, ObjectNode> topicCounts) {
        this.bus = bus;
        this.local = local;
        this.heard = heard;
        this.topicCounts = topicCounts;
        if (!bus.standalone()) {
            bus.handle(ASK, this::onAsk);
            bus.handle(ANSWER, this::onAnswer);
        }
    }

    CompletableFuture<Gathered> gather() {
        return gather(List.of());
    }

    /**
     * Every node's view, each with {@code topicCounts}: its subscribers of each of {@code topics}
     * (none asked: no counts). The question carries the topic names, so it stays small.
     */
    CompletableFuture<Gathered> gather(List<String> topics) {
        ObjectNode self = view(topics);
        if (bus.standalone()) {
            return CompletableFuture.completedFuture(new Gathered(List.of(self), List.of(), null));
        }
        long now = System.currentTimeMillis();
        lastAnswered.values().removeIf(at -> now - at > REMEMBER_MILLIS);
        Set<String> expected = new TreeSet<>(heard.get());
        expected.addAll(lastAnswered.keySet());
        expected.remove(bus.nodeId());
        long id = ids.incrementAndGet();
        Pending p = new Pending(expected);
        pending.put(id, p);
        if (expected.isEmpty()) {
            p.done.complete(null); // nobody else known: still ask, but do not wait for strangers
        }
        ObjectNode question = Json.MAPPER.createObjectNode().put("id", id);
        if (!topics.isEmpty()) {
            ArrayNode asked = question.putArray("topics");
            topics.forEach(asked::add);
        }
        bus.broadcast(ASK, question.toString().getBytes(StandardCharsets.UTF_8))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        p.busError = "cluster bus unavailable: " + error.getMessage();
                        p.done.complete(null);
                    }
                });
        return p.done.completeOnTimeout(null, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).thenApply(x -> {
            pending.remove(id);
            synchronized (p) {
                List<ObjectNode> nodes = new ArrayList<>();
                nodes.add(self);
                nodes.addAll(p.answers.values());
                List<String> silent = new ArrayList<>(expected);
                silent.removeAll(p.answers.keySet());
                return new Gathered(nodes, silent, p.busError);
            }
        });
    }

    private void onAsk(String from, byte[] body) {
        try {
            JsonNode question = Json.MAPPER.readTree(body);
            List<String> topics = new ArrayList<>();
            question.path("topics").forEach(t -> topics.add(t.asText()));
            ObjectNode answer = Json.MAPPER.createObjectNode().put("id", question.path("id").asLong());
            answer.set("node", view(topics));
            bus.send(from, ANSWER, answer.toString().getBytes());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not answer the admin question of node {}: {}", from, e.toString());
        }
    }

    /** This node's view, with its counts of {@code topics} when some are asked about. */
    private ObjectNode view(List<String> topics) {
        ObjectNode view = local.get();
        if (!topics.isEmpty()) {
            view.set("topicCounts", topicCounts.apply(topics));
        }
        return view;
    }

    private void onAnswer(String from, byte[] body) {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            log.warn("Unreadable admin answer from node {}: {}", from, e.getMessage());
            return;
        }
        lastAnswered.put(from, System.currentTimeMillis());
        Pending p = pending.get(answer.path("id").asLong());
        if (p == null || !(answer.get("node") instanceof ObjectNode node)) {
            return; // too late: the question was answered without it
        }
        synchronized (p) {
            p.answers.put(from, node);
            if (p.answers.keySet().containsAll(p.expected)) {
                p.done.complete(null);
            }
        }
    }

    /** One question in flight; answers guarded by the instance. */
    private static final class Pending {
        final Set<String> expected;
        final Map<String, ObjectNode> answers = new java.util.TreeMap<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile String busError;

        Pending(Set<String> expected) {
            this.expected = expected;
        }
    }
}
