package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real server nodes on one real Redis, real WebSocket clients: broadcasts reach every client of
 * every node exactly once, whichever node published, in global and in sharded mode.
 */
class ClusterBroadcastTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    void everyClientGetsEveryBroadcastExactlyOnceWhicheverNodePublished(boolean sharded) throws Exception {
        List<ClusterNode> nodes = nodes(sharded, "all", 3);
        List<TestSocket> clients = new ArrayList<>();
        for (ClusterNode node : nodes) {
            for (int i = 0; i < 2; i++) {
                TestSocket client = track(node.connect());
                client.join("room:all");
                clients.add(client);
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).push("room:all", "shout", "client-" + i);
            ids.add("client-" + i);
        }
        for (int n = 0; n < nodes.size(); n++) {
            nodes.get(n).broadcast("room:all", "shout", "{\"id\":\"server-" + n + "\"}");
            ids.add("server-" + n);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (TestSocket client : clients) {
                assertThat(client.broadcasts()).containsAll(ids.stream().map(id -> "room:all shout " + id).toList());
            }
        });
        // A last broadcast from every node: once each client has those, any duplicate of the
        // earlier ones (which travelled the same paths before them) would have arrived too.
        for (int n = 0; n < nodes.size(); n++) {
            nodes.get(n).broadcast("room:all", "shout", "{\"id\":\"end-" + n + "\"}");
            ids.add("end-" + n);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (TestSocket client : clients) {
                for (int n = 0; n < nodes.size(); n++) {
                    assertThat(client.count("end-" + n)).isEqualTo(1);
                }
            }
        });
        for (TestSocket client : clients) {
            assertThat(client.broadcasts()).hasSize(ids.size());
            for (String id : ids) {
                assertThat(client.count(id)).as("copies of %s", id).isEqualTo(1);
            }
        }
        for (ClusterNode node : nodes) {
            assertThat(node.cluster.metrics().invalid()).isZero();
            assertThat(node.cluster.metrics().publishFailures()).isZero();
        }
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    void broadcastFromSkipsOnlyTheSenderOnItsOwnNode(boolean sharded) throws Exception {
        List<ClusterNode> nodes = nodes(sharded, "from", 2);
        TestSocket sender = track(nodes.get(0).connect());
        TestSocket neighbour = track(nodes.get(0).connect());
        TestSocket remote = track(nodes.get(1).connect());
        for (TestSocket s : List.of(sender, neighbour, remote)) {
            s.join("room:from");
        }
        sender.push("room:from", "shout_from", "not-to-sender");
        sender.push("room:from", "shout", "to-all"); // same sender, published after: arrives after
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(neighbour.broadcasts()).containsExactly("room:from shout_from not-to-sender", "room:from shout to-all");
            assertThat(remote.broadcasts()).containsExactly("room:from shout_from not-to-sender", "room:from shout to-all");
            assertThat(sender.broadcasts()).contains("room:from shout to-all");
        });
        assertThat(sender.broadcasts()).containsExactly("room:from shout to-all");
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    void topicsOnEveryShardCrossNodes(boolean sharded) throws Exception {
        List<ClusterNode> nodes = nodes(sharded, "spread", 2);
        TestSocket client = track(nodes.get(0).connect());
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < 40; t++) { // 40 topics cover all 16 shards (RedisChannelsTest)
            client.join("room:t" + t);
            expected.add("room:t" + t + " shout m" + t);
        }
        for (int t = 0; t < 40; t++) {
            nodes.get(1).broadcast("room:t" + t, "shout", "{\"id\":\"m" + t + "\"}");
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.broadcasts()).containsExactlyInAnyOrderElementsOf(expected));
    }

    private List<ClusterNode> nodes(boolean sharded, String name, int count) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(track(ClusterNode.start(redis.uri(), name + "-" + (sharded ? "s" : "g") + i, sharded)));
        }
        return nodes;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }
}
