package dev.switchboard.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testsupport.net.FreePort;
import dev.switchboard.testsupport.process.Haproxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code switchboard serve --redis} nodes (separate JVMs) on a real redis-server, behind a
 * real HAProxy balancing round-robin without stickiness, with official phoenix.js clients over
 * WebSocket and long-poll connecting through it — what an operator runs, end to end.
 *
 * <p>The tests share one cluster and run in order; the last one kills a node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "room:cluster";
    private static final int WEBSOCKET_CLIENTS = 4;
    private static final int LONGPOLL_CLIENTS = 4;
    private static final int CLIENTS = WEBSOCKET_CLIENTS + LONGPOLL_CLIENTS;
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisServer redis;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Haproxy haproxy;
    private ClusterClients clients;
    private Path dir;
    /** Every broadcast the tests published so far, as the "id" the clients must each have received. */
    private final List<String> published = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("switchboard-cluster");
        redis = RedisServer.start();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(NodeProcess.start(name, FreePort.loopback(), List.of("--redis", redis.uri())));
        }
        int port = FreePort.loopback();
        haproxy = Haproxy.start(dir, HaproxyConfig.roundRobin(port, nodes), port);
        clients = ClusterClients.start("http://127.0.0.1:" + port + "/socket", WEBSOCKET_CLIENTS, LONGPOLL_CLIENTS, TOPIC);
        awaitAllJoined(1);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void everyClientReceivesEveryBroadcastWhicheverNodePublishedIt() throws Exception {
        for (NodeProcess node : nodes) {
            for (int i = 0; i < 5; i++) {
                publishVia(node, node.name() + "-" + i);
            }
        }
        // Pushes from the clients themselves: the demo channel broadcasts them from whichever node holds the client.
        for (int client = 0; client < CLIENTS; client++) {
            String id = "client-" + client;
            // The demo channel does not reply to "broadcast": a short push timeout keeps this quick.
            JsonNode reply = clients.push(client, "broadcast", JSON.createObjectNode().put("id", id), 200);
            assertThat(reply.path("status").asText()).as("push from client %d: %s", client, reply).isEqualTo("timeout");
            published.add(id);
        }
        awaitEveryoneHasEverything();
    }

    @Test
    @Order(2)
    void longPollSessionsKeepWorkingWhileTheirRequestsAlternateBetweenNodes() throws Exception {
        double forwardedBefore = forwardedRequests();
        for (int round = 0; round < 10; round++) {
            for (int client = WEBSOCKET_CLIENTS; client < CLIENTS; client++) {
                JsonNode reply = clients.push(client, "ping", JSON.createObjectNode().put("round", round));
                assertThat(reply.path("status").asText()).as("ping %d from long-poll client %d: %s", round, client, reply)
                        .isEqualTo("ok");
                assertThat(reply.path("response").path("round").asInt()).isEqualTo(round);
            }
        }
        // Round-robin over three nodes: most polls and posts reached a node that does not own the session.
        assertThat(forwardedRequests() - forwardedBefore).isGreaterThan(LONGPOLL_CLIENTS * 10);
        JsonNode status = clients.status();
        for (JsonNode c : status) {
            if (c.path("transport").asText().equals("longpoll")) {
                assertThat(c.path("opens").asInt()).as("long-poll client reconnected: %s", c).isEqualTo(1);
            }
        }
        publishVia(nodes.get(1), "after-pings");
        awaitEveryoneHasEverything();
    }

    @Test
    @Order(3)
    void presenceTrackedOnAnyNodeIsListedOnEveryNode() {
        for (int client = 0; client < CLIENTS; client++) {
            JsonNode reply = clients.track(client, "user-" + client);
            assertThat(reply.path("status").asText()).as("presence_join of client %d: %s", client, reply).isEqualTo("ok");
            assertThat(reply.path("response").path("key").asText()).isEqualTo("user-" + client);
        }
        awaitPresenceOfEveryClientOnce();
    }

    @Test
    @Order(4)
    void whenANodeIsKilledItsClientsCarryOnOnTheOthers() throws Exception {
        NodeProcess victim = nodes.get(1);
        victim.kill();
        assertThat(victim.isAlive()).isFalse();
        List<NodeProcess> alive = List.of(nodes.get(0), nodes.get(2));
        // WebSocket clients of the dead node reconnect through HAProxy to a live one; long-poll
        // sessions it owned answer 410 on the next forwarded request, and phoenix.js starts over.
        // Every client is joined again and receives what is published from here on.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (NodeProcess node : alive) {
                publishVia(node, "after-kill-probe-" + node.name() + "-" + System.nanoTime());
            }
            JsonNode received = clients.received();
            for (int client = 0; client < CLIENTS; client++) {
                JsonNode last = received.get(client).get(received.get(client).size() - 1);
                assertThat(last.path("id").asText()).as("client %d's latest message", client).startsWith("after-kill-probe-");
            }
        });
        // Each node's broadcasts keep their order; those of different nodes have none in common
        // (docs/CLUSTER.md), so a client may see c's first one before a's last.
        List<List<String>> tails = new ArrayList<>();
        for (NodeProcess node : alive) {
            List<String> tail = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "after-kill-" + node.name() + "-" + i;
                publishVia(node, id);
                tail.add(id);
            }
            tails.add(tail);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode received = clients.received();
            for (int client = 0; client < CLIENTS; client++) {
                List<String> ids = ids(received.get(client));
                for (List<String> tail : tails) {
                    assertThat(ids).as("client %d", client).containsSubsequence(tail);
                }
                int first = tails.stream().flatMap(List::stream).mapToInt(ids::indexOf).min().orElseThrow();
                assertThat(new HashSet<>(ids.subList(first, ids.size())))
                        .as("client %d got each message once", client)
                        .hasSize(ids.size() - first);
            }
        });
        // The dead node's presences vanish from the others (it never said goodbye: after the
        // presence down timeout), and its clients, rejoined elsewhere, are tracked again: every
        // key once, no ghosts.
        awaitPresenceOfEveryClientOnce();
        for (NodeProcess node : alive) {
            HttpResponse<String> health = get(node.baseUrl() + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("ok");
        }
    }

    // ---- helpers ----

    /** Every client's phoenix.js Presence lists every client's key, each with exactly one meta. */
    private void awaitPresenceOfEveryClientOnce() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode views = clients.presence();
            for (int client = 0; client < CLIENTS; client++) {
                JsonNode presences = views.get(client).path("presences");
                assertThat(presences.size()).as("keys in client %d's presence list: %s", client, presences).isEqualTo(CLIENTS);
                for (int other = 0; other < CLIENTS; other++) {
                    assertThat(presences.path("user-" + other).asInt())
                            .as("metas of user-%d at client %d: %s", other, client, presences).isEqualTo(1);
                }
            }
        });
    }

    private void awaitAllJoined(int minJoins) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode status = clients.status();
            assertThat(status).hasSize(CLIENTS);
            for (JsonNode c : status) {
                assertThat(c.path("joined").asBoolean()).as("client %s joined%n%s", c, clients.stderr()).isTrue();
                assertThat(c.path("joins").asInt()).isGreaterThanOrEqualTo(minJoins);
            }
        });
    }

    /** Every client has every message published so far, each exactly once, in each publisher's order. */
    private void awaitEveryoneHasEverything() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode received = clients.received();
            for (int client = 0; client < CLIENTS; client++) {
                List<String> ids = ids(received.get(client));
                assertThat(ids).as("client %d (%s)", client, clients.status().get(client))
                        .containsExactlyInAnyOrderElementsOf(published);
                for (NodeProcess node : nodes) {
                    List<String> fromNode = new ArrayList<>();
                    for (String id : ids) {
                        if (id.startsWith(node.name() + "-")) {
                            fromNode.add(id);
                        }
                    }
                    assertThat(fromNode).as("order of node %s's broadcasts at client %d", node.name(), client).isSorted();
                }
            }
        });
    }

    private static List<String> ids(JsonNode payloads) {
        List<String> ids = new ArrayList<>();
        for (JsonNode p : payloads) {
            ids.add(p.path("id").asText());
        }
        return ids;
    }

    private void publishVia(NodeProcess node, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/broadcast/" + TOPIC))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"))
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("publish via %s: %s", node.name(), response.body()).isEqualTo(202);
        if (!id.startsWith("after-kill")) {
            published.add(id);
        }
    }

    /** Long-poll requests the live nodes forwarded to another node, from their /metrics. */
    private double forwardedRequests() throws IOException, InterruptedException {
        Pattern line = Pattern.compile("^switchboard_longpoll_forwarded_total\\{direction=\"out\"[^}]*} (\\S+)$", Pattern.MULTILINE);
        double total = 0;
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                continue;
            }
            Matcher m = line.matcher(get(node.baseUrl() + "/metrics").body());
            assertThat(m.find()).as("forwarding counter in %s's /metrics", node.name()).isTrue();
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
