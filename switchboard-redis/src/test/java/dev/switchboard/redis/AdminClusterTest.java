package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API of one node gathers the other nodes' views over the Redis cluster bus: three
 * nodes answer for their own connections, and when one stops, the asked node answers within the
 * gathering timeout with the others and names the silent one.
 */
class AdminClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PresenceOptions FAST = PresenceOptions.DEFAULTS
            .withHeartbeatInterval(Duration.ofMillis(100))
            .withDownTimeout(Duration.ofMillis(1_000));

    private RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // already closed by the test
            }
        }
        redis.close();
    }

    private ClusterNode node(String id) {
        ClusterNode node = ClusterNode.start(RedisOptions.builder(redis.uri(), id).build(), FAST, true);
        open.add(node);
        return node;
    }

    private TestSocket client(ClusterNode node) throws Exception {
        TestSocket socket = TestSocket.connect(node.server.port());
        open.add(socket);
        socket.join("room:admin");
        return socket;
    }

    @Test
    void oneNodeAnswersForTheClusterAndNamesTheNodeThatStoppedAnswering() throws Exception {
        ClusterNode a = node("admin-a");
        ClusterNode b = node("admin-b");
        ClusterNode c = node("admin-c");
        client(b);
        client(c);
        client(c);

        JsonNode whole = await(a, "/api/admin/overview", o -> o.path("nodes").size() == 3 && o.path("connections").asInt() == 3);
        assertThat(whole.path("partial").asBoolean()).isFalse();
        assertThat(whole.path("silent")).isEmpty();
        assertThat(connectionsByNode(whole)).containsExactly("admin-a=0", "admin-b=1", "admin-c=2");
        // b's dashboard has looked too: b knows c answers admin questions
        await(b, "/api/admin/nodes", n -> n.path("nodes").size() == 3);

        c.close();
        long asked = System.nanoTime();
        JsonNode partial = JSON.readTree(a.get("/api/admin/overview").body());
        long tookMillis = (System.nanoTime() - asked) / 1_000_000;

        assertThat(partial.path("partial").asBoolean()).isTrue();
        assertThat(partial.path("silent")).extracting(JsonNode::asText).containsExactly("admin-c");
        assertThat(connectionsByNode(partial)).containsExactly("admin-a=0", "admin-b=1");
        assertThat(tookMillis).as("answered at the gathering timeout, not later").isLessThan(3_000);

        JsonNode nodes = JSON.readTree(b.get("/api/admin/nodes").body());
        assertThat(nodes.path("silent")).extracting(JsonNode::asText).containsExactly("admin-c");
        assertThat(nodes.path("nodes").get(0).path("node").asText()).as("the asked node first").isEqualTo("admin-b");
    }

    @Test
    void theTopicTableCountsEveryNodesSubscribers() throws Exception {
        ClusterNode a = node("topics-a");
        ClusterNode b = node("topics-b");
        ClusterNode c = node("topics-c");
        client(a);
        client(b);
        client(c);
        client(c);

        JsonNode page = await(a, "/api/admin/topics", t -> clusterSubscribers(t, "room:admin") == 4);
        JsonNode row = page.path("topics").get(0);
        assertThat(row.path("topic").asText()).isEqualTo("room:admin");
        assertThat(row.path("subscribers").asInt()).as("this node's").isEqualTo(1);
        assertThat(page.path("partial").asBoolean()).isFalse();

        c.close();
        JsonNode partial = JSON.readTree(a.get("/api/admin/topics").body());
        assertThat(partial.path("partial").asBoolean()).isTrue();
        assertThat(partial.path("silent")).extracting(JsonNode::asText).containsExactly("topics-c");
        assertThat(clusterSubscribers(partial, "room:admin")).as("the nodes that answered").isEqualTo(2);
    }

    private static int clusterSubscribers(JsonNode page, String topic) {
        for (JsonNode row : page.path("topics")) {
            if (row.path("topic").asText().equals(topic)) {
                return row.path("clusterSubscribers").asInt();
            }
        }
        return -1;
    }

    private static List<String> connectionsByNode(JsonNode overview) {
        List<String> out = new ArrayList<>();
        overview.path("nodes").forEach(n -> out.add(n.path("node").asText() + "=" + n.path("connections").asInt()));
        return out;
    }

    private static JsonNode await(ClusterNode node, String path, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode last = JSON.readTree(node.get(path).body());
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = JSON.readTree(node.get(path).body());
        }
        assertThat(wanted.test(last)).as("%s answered %s", path, last).isTrue();
        return last;
    }
}
