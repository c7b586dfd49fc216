package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.testsupport.process.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Redis stopped and restarted while nodes serve clients: each node keeps serving its own
 * clients, reports itself degraded and counts what it could not publish, then reconnects and
 * resubscribes by itself (SUBSCRIBE and SSUBSCRIBE alike) and cross-node delivery resumes.
 */
class RedisOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @ParameterizedTest(name = "sharded={0}, {1}")
    @CsvSource({"false, kill", "true, kill", "false, stop", "true, stop"})
    void nodesServeLocallyThroughAnOutageAndReconnectByThemselves(boolean sharded, String how) throws Exception {
        try (RedisServer redis = RedisServer.start();
             ClusterNode a = ClusterNode.start(redis.uri(), "out-a", sharded);
             ClusterNode b = ClusterNode.start(redis.uri(), "out-b", sharded);
             TestSocket a1 = a.connect();
             TestSocket a2 = a.connect();
             TestSocket b1 = b.connect()) {
            for (TestSocket s : new TestSocket[] {a1, a2, b1}) {
                s.join("room:o");
            }
            AtomicInteger reconnects = new AtomicInteger();
            b.cluster.bus().onReconnect(reconnects::incrementAndGet);
            a1.push("room:o", "shout", "before");
            await().atMost(PATIENCE).until(() -> b1.count("before") == 1);

            if (how.equals("kill")) {
                redis.kill();
            } else {
                redis.stop();
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertHealth(a, 200, "degraded");
                assertHealth(b, 200, "degraded");
            });
            assertThat(health(a).path("checks").path("redis").path("detail").asText()).contains("lost connection to Redis at " + redis.uri());

            a1.push("room:o", "shout", "during"); // answered at once: nothing waits for Redis
            await().atMost(PATIENCE).until(() -> a2.count("during") == 1 && a1.count("during") == 1);
            assertThat(a.cluster.metrics().publishFailures()).isPositive();
            assertThat(a.get("/metrics").body()).containsPattern("switchboard_redis_publish_failures_total [1-9]")
                    .contains("switchboard_redis_connected 0.0");

            redis.restart();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertHealth(a, 200, "ok");
                assertHealth(b, 200, "ok");
            });
            assertThat(reconnects).hasValue(1);
            assertThat(b.cluster.metrics().reconnects()).isEqualTo(1);
            assertThat(b.get("/metrics").body()).contains("switchboard_redis_connected 1.0")
                    .contains("switchboard_redis_reconnects_total 1.0");

            a1.push("room:o", "shout", "after");
            b1.push("room:o", "shout", "back");
            await().atMost(PATIENCE).until(() -> b1.count("after") == 1 && a2.count("back") == 1);
            assertThat(b1.count("during")).as("not replayed").isZero();
        }
    }

    private static void assertHealth(ClusterNode node, int status, String word) throws Exception {
        HttpResponse<String> response = node.get("/health");
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(Json.MAPPER.readTree(response.body()).path("status").asText()).isEqualTo(word);
    }

    private static JsonNode health(ClusterNode node) throws Exception {
        return Json.MAPPER.readTree(node.get("/health").body());
    }
}
