package dev.switchboard.server.admin;

import static dev.switchboard.server.admin.AdminClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API's reads against a real server with real WebSocket clients. */
class AdminReadsTest {
    private SwitchboardServer server;
    private AdminClient admin;
    private final List<WebSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = AdminServers.start();
        admin = new AdminClient(server.port(), null);
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        server.close();
    }

    private WebSocketClient join(String id, String topic, String user) throws Exception {
        WebSocketClient ws = AdminServers.join(server, id, topic, user);
        clients.add(ws);
        return ws;
    }

    @Test
    void theOverviewCountsConnectionsTopicsAndJoins() throws Exception {
        join(null, "room:a", "ann");
        join(null, "room:a", "bob");
        join(null, "room:b", "cy");

        JsonNode overview = admin.read("overview");
        assertThat(overview.path("node").asText()).isEqualTo(server.nodeId());
        assertThat(overview.path("connections").asInt()).isEqualTo(3);
        assertThat(overview.path("partial").asBoolean()).isFalse();
        assertThat(overview.path("silent")).isEmpty();
        JsonNode node = overview.path("nodes").get(0);
        assertThat(node.path("topics").asInt()).isEqualTo(2);
        assertThat(node.path("status").asText()).isEqualTo("ok");
        assertThat(node.at("/totals/joins").asLong()).isEqualTo(3);
        assertThat(node.at("/totals/messagesIn").asLong()).as("the three joins").isEqualTo(3);
        assertThat(admin.read("nodes").path("nodes").get(0).path("node").asText()).isEqualTo(server.nodeId());
        assertThat(admin.get("overview").headers().firstValue("cache-control")).contains("no-store");
    }

    @Test
    void samplesAreTakenEverySecondAndCountWhatHappenedInIt() throws Exception {
        long before = System.currentTimeMillis();
        join(null, "room:s", "ann");
        JsonNode sample = awaitSample(s -> s.path("joins").asLong() >= 1);
        assertThat(sample.path("time").asLong()).isGreaterThan(before);
        assertThat(sample.path("connections").asInt()).isEqualTo(1);

        JsonNode later = admin.read("samples?since=" + sample.path("time").asLong());
        for (JsonNode s : later.path("samples")) {
            assertThat(s.path("time").asLong()).isGreaterThan(sample.path("time").asLong());
        }
        assertThat(admin.read("samples").path("capacity").asInt()).isEqualTo(SampleRing.DEFAULT_CAPACITY);
    }

    @Test
    void connectionsArePagedOldestFirst() throws Exception {
        for (int i = 0; i < 5; i++) {
            join("user-" + i, "room:p", "u" + i);
        }
        JsonNode first = admin.read("connections?limit=2");
        assertThat(first.path("total").asInt()).isEqualTo(5);
        assertThat(ids(first)).hasSize(2);
        JsonNode rest = admin.read("connections?offset=2&limit=10");
        assertThat(ids(rest)).hasSize(3);
        List<Long> all = new ArrayList<>(ids(first));
        all.addAll(ids(rest));
        assertThat(all).isSorted().doesNotHaveDuplicates();
        assertThat(first.path("connections").get(0).path("socketId").asText()).isEqualTo("user-0");
        assertThat(admin.read("connections?offset=5").path("connections")).isEmpty();
    }

    @Test
    void connectionsAreFoundBySocketIdAddressOrTopic() throws Exception {
        join("alice-1", "room:x", "alice");
        join("bob-2", "room:y", "bob");
        join(null, "room:xy", "cy");

        assertThat(socketIds(admin.read("connections?q=alice"))).containsExactly("alice-1");
        assertThat(admin.read("connections?q=127.0.0.1").path("total").asInt()).isEqualTo(3);
        assertThat(admin.read("connections?q=room:x").path("total").asInt()).as("part of a topic").isEqualTo(2);
        assertThat(socketIds(admin.read("connections?topic=room:y"))).containsExactly("bob-2");
        assertThat(admin.read("connections?q=nobody").path("total").asInt()).isZero();
        JsonNode row = admin.read("connections?q=bob").path("connections").get(0);
        assertThat(row.path("transport").asText()).isEqualTo("websocket");
        assertThat(row.path("remote").asText()).startsWith("127.0.0.1:");
        assertThat(row.path("topics")).extracting(JsonNode::asText).containsExactly("room:y");
    }

    @Test
    void topicsAreSortedBySubscribersOrByMessageRate() throws Exception {
        for (int i = 0; i < 3; i++) {
            join(null, "room:big", "b" + i);
        }
        join(null, "room:busy", "q");

        JsonNode bySubscribers = admin.read("topics");
        assertThat(topicNames(bySubscribers)).containsExactly("room:big", "room:busy");
        assertThat(bySubscribers.path("topics").get(0).path("clusterSubscribers").asInt()).as("one node: its own")
                .isEqualTo(3);
        assertThat(bySubscribers.path("partial").asBoolean()).isFalse();
        admin.read("topics?sort=rate"); // the first look takes the snapshot rates are measured against
        Thread.sleep(TopicListing.MIN_WINDOW_MILLIS + 100);
        for (int i = 0; i < 20; i++) {
            server.endpoint().broadcast("room:busy", "msg", java.util.Map.of("n", i));
        }
        JsonNode byRate = admin.read("topics?sort=rate");
        assertThat(topicNames(byRate)).containsExactly("room:busy", "room:big");
        assertThat(byRate.path("topics").get(0).path("rate").asDouble()).isGreaterThan(0);
        assertThat(byRate.path("topics").get(0).path("published").asLong()).as("20 and the presence diffs").isGreaterThanOrEqualTo(20);
        assertThat(topicNames(admin.read("topics?q=busy"))).containsExactly("room:busy");
        assertThat(topicNames(admin.read("topics?sort=name&limit=1&offset=1"))).containsExactly("room:busy");
    }

    @Test
    void oneTopicShowsItsSubscribersPresenceAndHistory() throws Exception {
        join("ann-1", "room:t", "ann");
        join("bob-1", "room:t", "bob");
        server.endpoint().broadcast("room:t", "msg", java.util.Map.of("n", 1)).toCompletableFuture().join();

        JsonNode topic = awaitRead("topics/room%3At", t -> t.path("presence").size() == 2);
        assertThat(topic.path("subscribers").asInt()).isEqualTo(2);
        assertThat(topic.path("presence").has("ann")).isTrue();
        assertThat(topic.at("/history/keeps").asInt()).isEqualTo(10);
        assertThat(topic.at("/history/position").asText()).startsWith("1@");
        assertThat(socketIds(topic.path("subscriberList"))).containsExactlyInAnyOrder("ann-1", "bob-1");

        JsonNode nobody = admin.read("topics/room:empty");
        assertThat(nobody.path("subscribers").asInt()).isZero();
        assertThat(nobody.at("/history/position").asText()).startsWith("0@");
    }

    @Test
    void badParametersAre400sNamingTheParameter() throws Exception {
        assertError(admin.get("connections?limit=0"), 400, "'limit' must be a whole number from 1 to 500 (got '0')");
        assertError(admin.get("connections?limit=501"), 400, "'limit' must be a whole number from 1 to 500");
        assertError(admin.get("topics?offset=-1"), 400, "'offset' must be a whole number from 0 to 10000");
        assertError(admin.get("topics?offset=10001"), 400, "'offset' must be a whole number from 0 to 10000");
        assertError(admin.get("topics?sort=size"), 400, "'sort' must be one of subscribers, rate, name (got 'size')");
        assertError(admin.get("connections?limt=5"), 400, "unknown parameter 'limt'; allowed: offset, limit, q, topic");
        assertError(admin.get("overview?x=1"), 400, "unknown parameter 'x': this endpoint takes none");
        assertError(admin.get("connections?limit[a]=2"), 400, "'limit' must be a plain value, not a nested parameter");
        assertError(admin.get("connections?q=" + "x".repeat(256)), 400, "'q' is 256 characters; the limit is 255");
        assertError(admin.get("samples?since=yesterday"), 400, "'since' must be a whole number");
        try (RawConnection raw = RawConnection.to(server.port()).open()) {
            raw.write("GET /api/admin/connections?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readLine()).as("malformed percent-encoding").isEqualTo("HTTP/1.1 400 Bad Request");
        }
        assertError(admin.get("topics/"), 400, "missing topic");
        assertError(admin.get("sessions"), 404, "no admin endpoint /api/admin/sessions; reads: session, overview");
        assertError(admin.send(admin.request("overview").PUT(java.net.http.HttpRequest.BodyPublishers.noBody())), 405,
                "method PUT is not allowed on /api/admin/overview: use GET");
    }

    @Test
    void thePageIsServedAtDashboard() throws Exception {
        var page = admin.get("/dashboard");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("/dashboard/dashboard.js");
        assertThat(admin.get("/dashboard/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(admin.get("/dashboard/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutTheAdminApiNeitherTheApiNorThePageExist() throws Exception {
        try (SwitchboardServer plain = AdminServers.builder().adminApi(false).build().start()) {
            AdminClient client = new AdminClient(plain.port(), null);
            assertThat(client.get("overview").statusCode()).isEqualTo(404);
            assertThat(client.get("/dashboard").statusCode()).isEqualTo(404);
            assertThat(client.get("/api/admin/live/websocket?vsn=2.0.0").statusCode()).isEqualTo(404);
        }
    }

    private JsonNode awaitSample(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode s : admin.read("samples").path("samples")) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such sample within 5 s: " + admin.read("samples"));
    }

    private JsonNode awaitRead(String path, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode last = admin.read(path);
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = admin.read(path);
        }
        return last;
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("connections").forEach(c -> ids.add(Long.parseLong(c.path("id").asText())));
        return ids;
    }

    private static List<String> socketIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("connections").forEach(c -> ids.add(c.path("socketId").asText()));
        return ids;
    }

    private static List<String> topicNames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("topics").forEach(t -> names.add(t.path("topic").asText()));
        return names;
    }
}
