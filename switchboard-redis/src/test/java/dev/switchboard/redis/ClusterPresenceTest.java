package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.presence.PresenceTracker;
import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence across two in-process nodes on a real Redis: what one node tracks, the other lists
 * and announces in its own diffs; a node that vanishes without a goodbye, and a Redis outage.
 * Short heartbeat and down timeout keep the waits small; the rules are the same as the defaults'.
 */
class ClusterPresenceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final PresenceOptions FAST = PresenceOptions.DEFAULTS
            .withHeartbeatInterval(Duration.ofMillis(100))
            .withDownTimeout(Duration.ofMillis(1_000));
    private static final String TOPIC = "room:presence";

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
        ClusterNode node = ClusterNode.start(RedisOptions.builder(redis.uri(), id).build(), FAST);
        open.add(node);
        return node;
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    @Test
    void whatOneNodeTracksTheOtherListsAndAnnounces() throws Exception {
        ClusterNode a = node("pa");
        ClusterNode b = node("pb");
        TestSocket watcher = track(b.connect());
        watcher.join(TOPIC);
        PresenceTracker onA = a.server.endpoint().presence();
        PresenceTracker onB = b.server.endpoint().presence();
        Object owner = new Object();

        String ref = onA.track(owner, TOPIC, "ada", Map.of("device", "web"));
        await().atMost(PATIENCE).until(() -> onB.list(TOPIC).keys().contains("ada"));
        assertThat(onB.list(TOPIC).metas("ada")).singleElement()
                .satisfies(m -> assertThat(m.path("phx_ref").asText()).isEqualTo(ref));
        await().atMost(PATIENCE).until(() -> hasJoin(watcher, "ada", ref));

        String updated = onA.update(owner, TOPIC, "ada", Map.of("device", "web", "status", "away"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(onB.list(TOPIC).metas("ada")).singleElement()
                .satisfies(m -> {
                    assertThat(m.path("phx_ref").asText()).isEqualTo(updated);
                    assertThat(m.path("phx_ref_prev").asText()).isEqualTo(ref);
                    assertThat(m.path("status").asText()).isEqualTo("away");
                }));

        onA.untrack(owner, TOPIC, "ada");
        await().atMost(PATIENCE).until(() -> onB.list(TOPIC).isEmpty());
        await().atMost(PATIENCE).until(() -> hasLeave(watcher, "ada", updated));
    }

    @Test
    void aNodeThatVanishesWithoutGoodbyeLeavesEverywhereWithinTheDownTimeout() throws Exception {
        ClusterNode a = node("va");
        ClusterNode b = node("vb");
        TestSocket watcher = track(b.connect());
        watcher.join(TOPIC);
        String ref = a.server.endpoint().presence().track(new Object(), TOPIC, "grace", Map.of());
        PresenceTracker onB = b.server.endpoint().presence();
        await().atMost(PATIENCE).until(() -> onB.list(TOPIC).keys().contains("grace"));

        // Cut a off Redis without a goodbye: its heartbeats stop, as when its process dies.
        a.cluster.close();

        long cut = System.nanoTime();
        await().atMost(PATIENCE).until(() -> onB.list(TOPIC).isEmpty());
        long tookMillis = (System.nanoTime() - cut) / 1_000_000;
        assertThat(tookMillis).as("time for a's presences to vanish on b").isGreaterThanOrEqualTo(500);
        await().atMost(PATIENCE).until(() -> hasLeave(watcher, "grace", ref));
    }

    @Test
    void changesMadeWhileRedisWasAwayReachTheOtherNodeAfterItReturns() throws Exception {
        ClusterNode a = node("ra");
        ClusterNode b = node("rb");
        PresenceTracker onA = a.server.endpoint().presence();
        PresenceTracker onB = b.server.endpoint().presence();
        Object owner = new Object();
        onA.track(owner, TOPIC, "before", Map.of());
        await().atMost(PATIENCE).until(() -> onB.list(TOPIC).keys().contains("before"));

        redis.kill();
        await().atMost(PATIENCE).until(() -> !a.cluster.connected() && !b.cluster.connected());
        onA.track(owner, TOPIC, "during", Map.of()); // its delta cannot travel now
        onA.untrack(owner, TOPIC, "before");
        redis.restart();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(onB.list(TOPIC).keys()).containsExactly("during"));
        assertThat(onA.list(TOPIC).keys()).containsExactly("during");
    }

    private static boolean hasJoin(TestSocket socket, String key, String ref) {
        return diffs(socket, "joins", key).stream().anyMatch(m -> m.path("phx_ref").asText().equals(ref));
    }

    private static boolean hasLeave(TestSocket socket, String key, String ref) {
        return diffs(socket, "leaves", key).stream().anyMatch(m -> m.path("phx_ref").asText().equals(ref));
    }

    private static List<JsonNode> diffs(TestSocket socket, String side, String key) {
        List<JsonNode> metas = new ArrayList<>();
        for (JsonNode diff : socket.payloads("presence_diff")) {
            diff.path(side).path(key).path("metas").forEach(metas::add);
        }
        return metas;
    }
}
