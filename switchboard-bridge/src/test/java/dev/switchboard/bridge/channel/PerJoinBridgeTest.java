package dev.switchboard.bridge.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.support.BridgedServer;
import dev.switchboard.bridge.support.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One program per join, driven by the official phoenix.js client. */
class PerJoinBridgeTest {
    /** Says what it found in its environment, then answers "add" three at a time, newest first. */
    static final String ADDER = String.join("\n",
            "import json, os, sys",
            "names = ['SWITCHBOARD_TOPIC', 'SWITCHBOARD_MODE', 'SWITCHBOARD_JOIN_PARAMS', 'SWITCHBOARD_SOCKET_PARAMS', 'SWITCHBOARD_ASSIGNS']",
            "env = {k: os.environ.get(k) for k in names}",
            "print(json.dumps({'push': 'env', 'payload': {'env': env, 'pid': os.getpid()}}), flush=True)",
            "held = []",
            "for line in sys.stdin:",
            "    m = json.loads(line)",
            "    if m['event'] == 'add':",
            "        held.append(m)",
            "        if len(held) == 3:",
            "            for h in reversed(held):",
            "                p = h['payload']",
            "                print(json.dumps({'reply': h['ref'], 'response': {'sum': p['a'] + p['b']}}), flush=True)",
            "            held = []",
            "    elif m['event'] == 'bogus':",
            "        print('this is not json', flush=True)",
            "        print(json.dumps({'reply': 'no-such-ref'}), flush=True)",
            "        print(json.dumps({'broadcast': 'shout', 'payload': {'from': os.getpid()}}), flush=True)",
            "        print(json.dumps({'reply': m['ref'], 'status': 'error', 'response': {'reason': 'bogus'}}), flush=True)");

    /** Says hello with its pid, answers ping, exits with the status it is asked for. */
    static final String EXITER = String.join("\n",
            "import json, os, sys",
            "print(json.dumps({'push': 'hello', 'payload': {'pid': os.getpid()}}), flush=True)",
            "for line in sys.stdin:",
            "    m = json.loads(line)",
            "    if m['event'] == 'exit':",
            "        sys.exit(m['payload']['status'])",
            "    print(json.dumps({'reply': m['ref']}), flush=True)");

    @TempDir
    Path dir;

    private Program python(String name, String code) {
        Path file = Programs.script(dir, name, code);
        return Program.of("python3", file.toString());
    }

    @Test
    void pushesAreAnsweredByRefWithTheTopicAndParamsInTheEnvironment() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("adder:*", python("adder.py", ADDER)).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("perJoin", Map.of("topic", "adder:ann", "pushes", 6, "bogus", true));

            assertThat(obs.at("/join/status").asText()).isEqualTo("ok");
            JsonNode env = obs.at("/seen/0/payload/env");
            assertThat(env.get("SWITCHBOARD_TOPIC").asText()).isEqualTo("adder:ann");
            assertThat(env.get("SWITCHBOARD_MODE").asText()).isEqualTo("join");
            assertThat(json(env.get("SWITCHBOARD_JOIN_PARAMS").asText())).isEqualTo(json("{\"room\":\"blue\",\"n\":7}"));
            assertThat(json(env.get("SWITCHBOARD_SOCKET_PARAMS").asText())).isEqualTo(json("{\"token\":\"t-1\",\"user\":\"ann\"}"));
            assertThat(json(env.get("SWITCHBOARD_ASSIGNS").asText())).isEqualTo(json("{\"user_id\":\"u-42\"}"));

            List<Integer> sums = new ArrayList<>();
            obs.get("replies").forEach(r -> {
                assertThat(r.get("status").asText()).isEqualTo("ok");
                sums.add(r.at("/response/sum").asInt());
            });
            assertThat(sums).containsExactly(11, 22, 33, 44, 55, 66); // each push got its own answer

            assertThat(obs.at("/bogus/status").asText()).isEqualTo("error");
            assertThat(obs.at("/bogus/response/reason").asText()).isEqualTo("bogus");
            List<String> events = new ArrayList<>();
            obs.get("seen").forEach(s -> events.add(s.get("event").asText() + " " + s.at("/payload/reason").asText("")));
            assertThat(events).anyMatch(e -> e.startsWith("bridge_error not JSON"))
                    .anyMatch(e -> e.equals("bridge_error a reply to ref no-such-ref, which is not waiting for one"))
                    .anyMatch(e -> e.startsWith("shout"));
            assertThat(bridges.metrics().refusals(Refusal.INVALID_OUTPUT)).isEqualTo(1);
            assertThat(bridges.metrics().refusals(Refusal.UNKNOWN_REF)).isEqualTo(1);
        }
    }

    @Test
    void aCrashSendsPhxErrorAndTheRejoinStartsANewProgram() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("exiter:*", python("exiter.py", EXITER)).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("exit", Map.of("topic", "exiter:1", "status", 3));

            assertThat(obs.get("errors").asInt()).isEqualTo(1);
            assertThat(obs.get("closes").asInt()).isZero();
            assertThat(obs.at("/hellos/0/pid").asLong()).isNotEqualTo(obs.at("/hellos/1/pid").asLong());
            assertThat(obs.at("/afterRejoin/status").asText()).isEqualTo("ok");
            assertThat(bridges.metrics().startedCount()).isEqualTo(2);
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void aCleanExitSendsPhxCloseAndTheClientDoesNotRejoin() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("exiter:*", python("exiter.py", EXITER)).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("exit", Map.of("topic", "exiter:1", "status", 0));

            assertThat(obs.get("closes").asInt()).isEqualTo(1);
            assertThat(obs.get("errors").asInt()).isZero();
            assertThat(obs.get("state").asText()).isEqualTo("closed");
            assertThat(bridges.metrics().startedCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> bridges.runningPrograms() == 0);
        }
    }

    @Test
    void aLineProgramSuchAsBcIsAReplPerJoin() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("calc:*", Program.of("bc", "-q"))
                .format(LineFormat.LINES).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            JsonNode obs = server.scenario("lines", Map.of("topic", "calc:1", "lines", List.of("2+3", "scale=2; 1/3", "7*6"),
                    "expect", 3));

            assertThat(obs.findValuesAsText("status")).containsOnly("ok", "ok", "ok", "ok", "error");
            assertThat(obs.at("/bad/response/reason").asText()).contains("\"line\" string");
            List<String> lines = new ArrayList<>();
            obs.get("lines").forEach(l -> lines.add(l.asText()));
            assertThat(lines).containsExactly("5", ".33", "42");
            assertThat(bridges.metrics().refusals(Refusal.INVALID_INPUT)).isEqualTo(1);
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void joinsOverAPatternsCapAreRefusedWithTheReason() {
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perJoin("calc:*", Program.of("bc", "-q"))
                .format(LineFormat.LINES).maxProcesses(1).build()).build();
        try (BridgedServer server = BridgedServer.start(bridges)) {
            Process first = BridgedServer.startScenario(server.url(), "collect",
                    Map.of("topic", "calc:a", "events", List.of("line"), "count", 99, "waitMs", 20000, // holds its join
                            "push", Map.of("event", "line", "payload", Map.of("line", "1+1"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> bridges.runningPrograms() == 1);

            JsonNode second = server.scenario("lines", Map.of("topic", "calc:b", "lines", List.of(), "expect", 0));

            assertThat(second.at("/join/status").asText()).isEqualTo("error");
            assertThat(second.at("/join/response/reason").asText()).isEqualTo("max processes of calc:* (1) reached: 1 programs running");
            assertThat(bridges.metrics().refusals(Refusal.PATTERN_MAX_PROCESSES)).isGreaterThanOrEqualTo(1);
            first.destroy();
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
