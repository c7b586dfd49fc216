package dev.switchboard.bridge.websocketd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.support.NodeClient;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.bridge.support.RealWebsocketd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scripts under the real websocketd and under {@code switchboard bridge}, driven by the
 * same JavaScript client (the {@code ws} package, which has the browser's WebSocket API): the
 * environment must match (values that must differ — ports, {@code UNIQUE_ID}, the handshake key,
 * the server's name — compared by shape), and so must every message.
 */
class WebsocketdCompatibilityTest {
    /** Set by bash itself, not by either server. */
    private static final Set<String> SHELL_VARIABLES = Set.of("PWD", "SHLVL", "_", "OLDPWD");

    @TempDir
    Path dir;

    @Test
    void theEnvironmentMatchesWebsocketdsVariableForVariable() throws Exception {
        Path dump = Programs.bash(dir, "dump.sh", "env");
        String path = "/some/p%20ath/x?a=1&b=%20c&c";
        Map<String, String> real;
        try (RealWebsocketd websocketd = RealWebsocketd.start(List.of(dump.toString()))) {
            real = env(websocketd.port(), path);
        }
        Map<String, String> ours;
        try (WebsocketdServer bridge = start(WebsocketdOptions.builder().command(dump.toString()))) {
            ours = env(bridge.port(), path);
            assertThat(ours.get("SERVER_PORT")).isEqualTo(Integer.toString(bridge.port()));
        }

        assertThat(ours.keySet()).isEqualTo(real.keySet());
        for (String key : real.keySet()) {
            switch (key) {
                case "UNIQUE_ID" -> assertThat(List.of(real.get(key), ours.get(key))).allMatch(v -> v.matches("\\d{19}"));
                case "REMOTE_PORT", "SERVER_PORT" -> assertThat(List.of(real.get(key), ours.get(key))).allMatch(v -> v.matches("\\d+"));
                case "HTTP_SEC_WEBSOCKET_KEY" -> assertThat(List.of(real.get(key), ours.get(key)))
                        .allMatch(v -> v.matches("[A-Za-z0-9+/]{22}=="));
                case "SERVER_SOFTWARE" -> assertThat(List.of(real.get(key), ours.get(key))).allMatch(v -> v.matches("[a-z-]+/.+"));
                default -> assertThat(ours.get(key)).as(key).isEqualTo(real.get(key));
            }
        }
    }

    @Test
    void dirRoutingGivesTheSameScriptNameAndPathInfo() throws Exception {
        Programs.bash(dir, "sub/greet.sh", "for v in SCRIPT_NAME PATH_INFO PATH_TRANSLATED QUERY_STRING REQUEST_URI; do echo \"$v=${!v}\"; done");
        String path = "/sub/greet.sh/extra/in%20fo?q=1";
        Map<String, String> real;
        try (RealWebsocketd websocketd = RealWebsocketd.start(List.of("--dir=" + dir))) {
            real = env(websocketd.port(), path);
        }
        Map<String, String> ours;
        try (WebsocketdServer bridge = start(WebsocketdOptions.builder().scriptDir(dir))) {
            ours = env(bridge.port(), path);
        }

        assertThat(ours).isEqualTo(real).containsEntry("SCRIPT_NAME", "/sub/greet.sh").containsEntry("PATH_INFO", "/extra/in fo");
    }

    @Test
    void aLineProgramSendsAndReceivesTheSameMessages() throws Exception {
        Path greeter = Programs.bash(dir, "greeter.sh",
                "echo 'hello, who are you?'",
                "while IFS= read -r line; do echo \"got: [$line]\"; printf 'crlf\\r\\n'; done");
        List<String> send = List.of("ann", "two words", "", "ünïcødé ✓");
        JsonNode real;
        try (RealWebsocketd websocketd = RealWebsocketd.start(List.of(greeter.toString()))) {
            real = talk(websocketd.port(), "/", send, 9);
        }
        JsonNode ours;
        try (WebsocketdServer bridge = start(WebsocketdOptions.builder().command(greeter.toString()))) {
            ours = talk(bridge.port(), "/", send, 9);
        }

        assertThat(ours.get("received")).isEqualTo(real.get("received"));
        assertThat(texts(ours)).startsWith("hello, who are you?", "got: [ann]", "crlf", "got: [two words]", "crlf", "got: []");
    }

    @Test
    void aProgramThatEndsSendsTheSameMessagesThenClosesWithADocumentedCode() throws Exception {
        Path count = Programs.bash(dir, "count.sh", "for ((i = 1; i <= 3; i++)); do echo $i; sleep 0.1; done");
        JsonNode real;
        try (RealWebsocketd websocketd = RealWebsocketd.start(List.of(count.toString()))) {
            real = talk(websocketd.port(), "/", List.of(), Integer.MAX_VALUE);
        }
        JsonNode ours;
        try (WebsocketdServer bridge = start(WebsocketdOptions.builder().command(count.toString()))) {
            ours = talk(bridge.port(), "/", List.of(), Integer.MAX_VALUE);
        }

        assertThat(texts(ours)).containsExactly("1", "2", "3").isEqualTo(texts(real));
        // websocketd drops the TCP connection without a close frame (the browser reports 1006);
        // the bridge says the program exited normally.
        assertThat(real.at("/close/code").asInt()).isEqualTo(1006);
        assertThat(ours.at("/close/code").asInt()).isEqualTo(1000);
        assertThat(ours.at("/close/reason").asText()).isEqualTo("program exited");
    }

    @Test
    void binaryModeFramesTheSame() throws Exception {
        JsonNode real;
        try (RealWebsocketd websocketd = RealWebsocketd.start(List.of("--binary", "cat"))) {
            real = talk(websocketd.port(), "/", List.of("hi"), 1);
        }
        JsonNode ours;
        try (WebsocketdServer bridge = start(WebsocketdOptions.builder().command("cat").binary(true))) {
            ours = talk(bridge.port(), "/", List.of("hi"), 1);
        }

        assertThat(ours.get("received")).isEqualTo(real.get("received"));
        assertThat(ours.at("/received/0/binary").asText()).isEqualTo("68690a"); // "hi\n"
    }

    private static WebsocketdServer start(WebsocketdOptions.Builder options) {
        return WebsocketdServer.start(options.port(0).build());
    }

    private static JsonNode talk(int port, String path, List<String> send, int expect) {
        List<String> args = new ArrayList<>(List.of("ws://127.0.0.1:" + port + path, "--wait-ms", "5000"));
        if (expect != Integer.MAX_VALUE) {
            args.addAll(List.of("--expect", Integer.toString(expect)));
        }
        args.addAll(send);
        return NodeClient.run("websocketd-client.mjs", args, 15_000);
    }

    private static Map<String, String> env(int port, String path) {
        Map<String, String> env = new TreeMap<>();
        for (String line : texts(talk(port, path, List.of(), Integer.MAX_VALUE))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !SHELL_VARIABLES.contains(line.substring(0, eq))) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> texts(JsonNode result) {
        List<String> texts = new ArrayList<>();
        result.get("received").forEach(m -> texts.add(m.asText()));
        return texts;
    }
}
