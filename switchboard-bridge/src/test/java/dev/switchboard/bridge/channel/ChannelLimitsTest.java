package dev.switchboard.bridge.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.support.BridgedServer;
import dev.switchboard.bridge.support.NodeClient;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.bridge.support.RawUpgrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of programs behind channels, each seen by the client (a join error or a
 * {@code bridge_error} push with the reason) and in {@code /metrics}: the global cap, the output
 * rate cap (slowing the program, dropping nothing), the output line cap, and the shutdown
 * schedule a leave starts.
 */
class ChannelLimitsTest {
    @TempDir
    Path dir;

    @Test
    void joinsOverTheGlobalCapAreRefusedWithTheReasonAndCountedInMetrics() throws Exception {
        Bridges bridges = Bridges.builder().maxProcesses(1)
                .bridge(ChannelBridge.perJoin("a:*", Program.of("cat")).format(LineFormat.LINES).build())
                .bridge(ChannelBridge.perJoin("b:*", Program.of("cat")).format(LineFormat.LINES).build())
                .build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            Process holder = BridgedServer.startScenario(server.url(), "collect",
                    Map.of("topic", "a:1", "events", List.of("line"), "count", 99, "waitMs", 20000));
            await().atMost(Duration.ofSeconds(10)).until(() -> bridges.runningPrograms() == 1);

            JsonNode other = server.scenario("lines", Map.of("topic", "b:1", "lines", List.of(), "expect", 0));

            assertThat(other.at("/join/status").asText()).isEqualTo("error");
            assertThat(other.at("/join/response/reason").asText()).isEqualTo("max processes (1) reached: 1 programs running");
            long refused = bridges.metrics().refusals(Refusal.MAX_PROCESSES); // phoenix.js retried the join meanwhile
            assertThat(refused).isGreaterThanOrEqualTo(1);
            String metrics = RawUpgrade.get(server.server.port(), "/metrics").body();
            assertThat(metrics).contains("switchboard_bridge_refusals_total{mode=\"channel\",reason=\"max_processes\"} " + refused + ".0")
                    .contains("switchboard_bridge_refusals_total{mode=\"channel\",reason=\"pattern_max_processes\"} 0.0")
                    .contains("switchboard_bridge_programs_running{mode=\"channel\"} 1.0");
            holder.destroy();
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void aProgramFasterThanItsRateCapIsSlowedDownAndLosesNothing() {
        Path flood = Programs.script(dir, "flood.py", String.join("\n",
                "import json, sys",
                "for n in range(1, 51):",
                "    sys.stdout.write(json.dumps({'n': n}) + '\\n')",
                "sys.stdout.flush()",
                "sys.stdin.read()"));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("flood:*", Program.of("python3", flood.toString()))
                .maxLinesPerSecond(20).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            long start = System.nanoTime();
            JsonNode obs = server.scenario("collect", Map.of("topic", "flood:1", "events", List.of("data"), "count", 50));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            List<Integer> seen = new ArrayList<>();
            obs.get("seen").forEach(s -> seen.add(s.at("/payload/n").asInt()));
            assertThat(seen).hasSize(50);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(i + 1);
            }
            // 20 lines pass at once (a second's worth), the other 30 at 20 a second
            assertThat(tookMs).as("50 lines at 20/s after a burst of 20").isGreaterThanOrEqualTo(1400);
            assertThat(bridges.metrics().throttledCount()).isGreaterThanOrEqualTo(29);
            assertThat(bridges.metrics().linesOut()).isEqualTo(50);
        }
    }

    @Test
    void anOutputLineOverTheCapIsRefusedToTheClientAndTheNextLineStillArrives() {
        Path longLine = Programs.script(dir, "long.py", String.join("\n",
                "import json, sys",
                "print(json.dumps({'n': 1}))",
                "print(json.dumps({'pad': 'x' * 100}))",
                "print(json.dumps({'n': 2}), flush=True)",
                "sys.stdin.read()"));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("long:*", Program.of("python3", longLine.toString()))
                .maxLineBytes(64).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("collect", Map.of("topic", "long:1", "events", List.of("data", "bridge_error"),
                    "count", 3));

            JsonNode seen = obs.get("seen");
            List<String> events = new ArrayList<>();
            seen.forEach(s -> events.add(s.get("event").asText()));
            assertThat(events).containsExactlyInAnyOrder("data", "data", "bridge_error");
            assertThat(obs.findValues("n").stream().map(JsonNode::asInt).toList()).containsExactly(1, 2);
            JsonNode error = obs.findParent("reason");
            assertThat(error.get("reason").asText()).startsWith("output line of ").endsWith(" bytes, over the 64-byte cap");
            assertThat(bridges.metrics().refusals(Refusal.OUTPUT_LINE_TOO_LONG)).isEqualTo(1);
        }
    }

    @Test
    void leavingStopsTheProgramOnTheShutdownScheduleEvenWhenItIgnoresSignals() throws Exception {
        Path stubborn = Programs.bash(dir, "stubborn.sh", "trap '' INT TERM",
                "echo '{\"push\": \"ready\", \"payload\": {\"pid\": '$$'}}'", "while true; do sleep 0.05; done");
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("stubborn:*", Program.of(stubborn.toString())).build())
                .build();
        Path left = dir.resolve("left");
        try (BridgedServer server = BridgedServer.start(bridges)) {
            Process client = BridgedServer.startScenario(server.url(), "leave",
                    Map.of("topic", "stubborn:1", "leftFile", left.toString(), "holdMs", 3000));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> Files.exists(left));
            long leftAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> bridges.runningPrograms() == 0);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leftAt);
            assertThat(client.isAlive()).as("the socket is still open: the leave stopped the program").isTrue();

            JsonNode obs = NodeClient.result("bridge-scenarios.mjs", client);
            assertThat(obs.at("/leave/status").asText()).isEqualTo("ok");
            assertThat(obs.get("connectedAfterHold").asBoolean()).isTrue();
            assertThat(tookMs).as("stdin closed, +100 ms SIGINT, +250 ms SIGTERM, +500 ms SIGKILL").isBetween(650L, 2500L);
            assertThat(bridges.metrics().killedCount()).isEqualTo(1);
            assertThat(ProcessHandle.of(obs.at("/ready/pid").asLong())).isEmpty();
        }
    }
}
