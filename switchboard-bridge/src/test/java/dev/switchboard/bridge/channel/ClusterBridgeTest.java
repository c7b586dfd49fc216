package dev.switchboard.bridge.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.support.BridgedServer;
import dev.switchboard.bridge.support.NodeClient;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.exec.Workers;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.redis.RedisCluster;
import dev.switchboard.redis.RedisOptions;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.testsupport.process.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a real Redis: a topic's program runs on one node and its lines reach subscribers
 * on both; when that node's subscribers are gone, the other node takes the program over. A
 * per-join program's broadcasts reach the other node too.
 */
class ClusterBridgeTest {
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Endpoint node(String name) {
        RedisCluster cluster = RedisCluster.connect(RedisOptions.builder(redis.uri(), name).build());
        return Endpoint.builder(cluster.pubsub()).workers(Workers.create(4)).bus(cluster.bus()).presence(PresenceOptions.DEFAULTS).build()
                .addHealthCheck(cluster);
    }

    private Bridges tickerBridges() {
        Path script = Programs.script(dir, "ticker.py", String.join("\n",
                "import json, os, time",
                "n = 0",
                "while True:",
                "    n += 1",
                "    print(json.dumps({'pid': os.getpid(), 'n': n}), flush=True)",
                "    time.sleep(0.05)"));
        return Bridges.builder().bridge(ChannelBridge.perTopic("ticker:*", Program.of("python3", script.toString()))
                .grace(Duration.ofMillis(300)).build()).build();
    }

    @Test
    void aTopicProgramRunsOnceInTheClusterAndIsTakenOverWhenItsNodeEmpties() throws Exception {
        Endpoint endpointA = node("node-a");
        Endpoint endpointB = node("node-b");
        Bridges bridgesA = tickerBridges();
        Bridges bridgesB = tickerBridges();
        try (BridgedServer a = BridgedServer.start(bridgesA, endpointA); BridgedServer b = BridgedServer.start(bridgesB, endpointB)) {
            Path ready = dir.resolve("x-joined");
            Process x = BridgedServer.startScenario(a.url(), "collect",
                    Map.of("topic", "ticker:c", "events", List.of("data"), "count", 20, "readyFile", ready.toString()));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));
            Process y = BridgedServer.startScenario(b.url(), "collect",
                    Map.of("topic", "ticker:c", "events", List.of("data"), "count", 80, "waitMs", 20000));

            JsonNode onA = NodeClient.result("collect", x);
            JsonNode onB = NodeClient.result("collect", y);

            long pidA = onA.at("/seen/0/payload/pid").asLong();
            assertThat(pids(onA)).containsOnly(pidA);
            List<Long> seenOnB = pids(onB);
            // B first heard A's program (through Redis), then ran its own once A's subscriber had gone
            assertThat(seenOnB.get(0)).isEqualTo(pidA);
            assertThat(seenOnB.stream().distinct().toList()).hasSize(2).startsWith(pidA);
            assertThat(bridgesA.metrics().startedCount()).isEqualTo(1);
            assertThat(bridgesB.metrics().startedCount()).isEqualTo(1);
        } finally {
            endpointA.close();
            endpointB.close();
        }
        assertThat(bridgesA.runningPrograms() + bridgesB.runningPrograms()).isZero();
    }

    @Test
    void aPerJoinProgramsBroadcastReachesSubscribersOnTheOtherNode() throws Exception {
        Path script = Programs.script(dir, "say.py", String.join("\n",
                "import json, os, sys",
                "for line in sys.stdin:",
                "    m = json.loads(line)",
                "    print(json.dumps({'broadcast': 'said', 'payload': {'text': m['payload']['text'], 'pid': os.getpid()}}), flush=True)",
                "    print(json.dumps({'reply': m['ref']}), flush=True)"));
        Endpoint endpointA = node("node-a");
        Endpoint endpointB = node("node-b");
        Bridges bridgesA = Bridges.builder().bridge(ChannelBridge.perJoin("chat:*", Program.of("python3", script.toString())).build()).build();
        Bridges bridgesB = Bridges.builder().bridge(ChannelBridge.perJoin("chat:*", Program.of("python3", script.toString())).build()).build();
        try (BridgedServer a = BridgedServer.start(bridgesA, endpointA); BridgedServer b = BridgedServer.start(bridgesB, endpointB)) {
            Path ready = dir.resolve("listener-joined");
            Process listener = BridgedServer.startScenario(b.url(), "collect",
                    Map.of("topic", "chat:room", "events", List.of("said"), "count", 1, "readyFile", ready.toString()));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));

            JsonNode speaker = a.scenario("collect", Map.of("topic", "chat:room", "events", List.of("said"), "count", 1,
                    "push", Map.of("event", "say", "payload", Map.of("text", "hello from a"))));
            JsonNode heard = NodeClient.result("collect", listener);

            assertThat(speaker.at("/push/status").asText()).isEqualTo("ok");
            assertThat(heard.at("/seen/0/payload/text").asText()).isEqualTo("hello from a");
            assertThat(heard.at("/seen/0/payload/pid").asLong()).isEqualTo(speaker.at("/seen/0/payload/pid").asLong());
        } finally {
            endpointA.close();
            endpointB.close();
        }
    }

    private static List<Long> pids(JsonNode obs) {
        List<Long> pids = new ArrayList<>();
        obs.get("seen").forEach(s -> pids.add(s.at("/payload/pid").asLong()));
        return pids;
    }
}
