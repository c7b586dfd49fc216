package dev.switchboard.bridge.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.support.BridgedServer;
import dev.switchboard.bridge.support.ChildProcesses;
import dev.switchboard.bridge.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One program per topic, shared by its subscribers, driven by the official phoenix.js client. */
class PerTopicBridgeTest {
    /** Prints {"pid", "n"} every 50 ms; writes what it reads to a file. */
    static String ticker(Path inputLog) {
        return String.join("\n",
                "import json, os, sys, threading, time",
                "def read():",
                "    with open('" + inputLog + "', 'a') as log:",
                "        for line in sys.stdin:",
                "            log.write(line); log.flush()",
                "threading.Thread(target=read, daemon=True).start()",
                "n = 0",
                "while True:",
                "    n += 1",
                "    print(json.dumps({'pid': os.getpid(), 'n': n}), flush=True)",
                "    time.sleep(0.05)");
    }

    @TempDir
    Path dir;

    @Test
    void fiftyClientsShareOneProcessWhichStopsAGracePeriodAfterTheLastLeaves() throws Exception {
        Path input = dir.resolve("input.log");
        Path script = Programs.script(dir, "ticker.py", ticker(input));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("ticker:*", Program.of("python3", script.toString()))
                .grace(Duration.ofMillis(700)).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("topicFanout", Map.of("topic", "ticker:a", "clients", 50, "messages", 5, "push", true));

            assertThat(obs.get("pids")).hasSize(1); // every client saw the same program
            assertThat(bridges.metrics().startedCount()).isEqualTo(1);
            obs.get("counts").forEach(c -> assertThat(c.asInt()).isGreaterThanOrEqualTo(5));
            obs.get("sequences").forEach(seq -> { // in order, nothing skipped
                for (int i = 1; i < seq.size(); i++) {
                    assertThat(seq.get(i).asInt()).isEqualTo(seq.get(i - 1).asInt() + 1);
                }
            });
            assertThat(obs.at("/push/status").asText()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(input) && Files.readString(input).contains("\"note\""));
            JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(input).trim());
            assertThat(written.get("event").asText()).isEqualTo("note");
            assertThat(written.at("/payload/text").asText()).isEqualTo("hi");

            // everyone left: the program outlives them by the grace period, then stops
            assertThat(bridges.runningPrograms()).isEqualTo(1);
            long allLeft = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> bridges.runningPrograms() == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - allLeft)).isGreaterThan(Duration.ofMillis(300));
            assertThat(bridges.topicCount()).isZero();
            assertThat(ChildProcesses.zombies()).isEmpty();
        }
    }

    @Test
    void aSubscriberReturningWithinTheGracePeriodFindsTheSameProcess() {
        Path script = Programs.script(dir, "ticker.py", ticker(dir.resolve("in.log")));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("ticker:*", Program.of("python3", script.toString()))
                .grace(Duration.ofSeconds(3)).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode first = server.scenario("topicFanout", Map.of("topic", "ticker:b", "clients", 1, "messages", 2));
            JsonNode second = server.scenario("topicFanout", Map.of("topic", "ticker:b", "clients", 1, "messages", 2));

            assertThat(second.get("pids")).isEqualTo(first.get("pids"));
            assertThat(bridges.metrics().startedCount()).isEqualTo(1);
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void eachTopicGetsItsOwnProcessWithTheTopicInItsEnvironment() {
        Path script = Programs.script(dir, "named.py", String.join("\n",
                "import json, os, time",
                "while True:",
                "    print(json.dumps({'broadcast': 'data', 'payload': {'pid': os.getpid(), 'n': 1,",
                "          'topic': os.environ['SWITCHBOARD_TOPIC'], 'mode': os.environ['SWITCHBOARD_MODE']}}), flush=True)",
                "    time.sleep(0.05)"));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("named:*", Program.of("python3", script.toString()))
                .build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode a = server.scenario("collect", Map.of("topic", "named:a", "events", List.of("data"), "count", 1));
            JsonNode b = server.scenario("collect", Map.of("topic", "named:b", "events", List.of("data"), "count", 1));

            assertThat(a.at("/seen/0/payload/topic").asText()).isEqualTo("named:a");
            assertThat(b.at("/seen/0/payload/topic").asText()).isEqualTo("named:b");
            assertThat(a.at("/seen/0/payload/mode").asText()).isEqualTo("topic");
            assertThat(a.at("/seen/0/payload/pid").asLong()).isNotEqualTo(b.at("/seen/0/payload/pid").asLong());
        }
    }

    @Test
    void aTopicProgramThatCrashesMakesItsSubscribersRejoinAndStartsAgain() {
        Path script = Programs.script(dir, "short.py", String.join("\n",
                "import json, os, time",
                "for n in range(3):",
                "    print(json.dumps({'pid': os.getpid(), 'n': n}), flush=True)",
                "    time.sleep(0.05)",
                "raise SystemExit(2)"));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("short:*", Program.of("python3", script.toString()))
                .build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("collect", Map.of("topic", "short:a", "events", List.of("data"), "count", 6));

            assertThat(obs.findValues("pid").stream().map(JsonNode::asLong).distinct().count())
                    .as("a second program after the rejoin").isGreaterThanOrEqualTo(2);
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void aPerTopicJoinWaitsForTheServerAndIsRefusedWithoutOne() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("t:*", Program.of("cat")).build()).build();
        try {
            TopicProcesses processes = bridges.topicsOf("t:x");
            Bridges.Refused refused = processes.join("t:x", null);
            assertThat(refused.message()).isEqualTo("the bridge is not attached to a server yet");
        } finally {
            bridges.close();
        }
    }

}
