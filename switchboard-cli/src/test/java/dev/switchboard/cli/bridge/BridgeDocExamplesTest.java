package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.channel.BridgeSpecs;
import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.ChannelBridge;
import dev.switchboard.bridge.channel.CommandLines;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.bridge.websocketd.WebsocketdOptions;
import dev.switchboard.bridge.websocketd.WebsocketdServer;
import dev.switchboard.cli.Main;
import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.server.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bridge examples of README.md and docs/BRIDGE.md: every {@code ./switchboard} command line
 * in their shell blocks is accepted as written (every {@code --bridge} value too), and the
 * examples given in full run as the text says they do.
 */
class BridgeDocExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static String doc(String name) throws Exception {
        return Files.readString(ROOT.resolve(name));
    }

    /** The {@code ./switchboard ...} command lines of the shell blocks, as argv (without the trailing comment). */
    private static List<List<String>> commandLines(String markdown) {
        List<List<String>> lines = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(markdown);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                int at = line.indexOf("./switchboard ");
                if (at < 0) {
                    continue;
                }
                String command = line.substring(at + "./switchboard ".length());
                int comment = command.indexOf("  #");
                lines.add(CommandLines.split(comment < 0 ? command : command.substring(0, comment)));
            }
        }
        return lines;
    }

    @Test
    void everyCommandLineAndBridgeSpecOfTheDocsIsAccepted() throws Exception {
        List<List<String>> lines = new ArrayList<>(commandLines(doc("docs/BRIDGE.md")));
        lines.addAll(commandLines(doc("README.md")).stream().filter(l -> List.of("bridge", "publish").contains(l.get(0))
                || l.contains("--bridge")).toList());
        assertThat(lines).as("command lines in the docs").hasSizeGreaterThanOrEqualTo(10);

        int specs = 0;
        for (List<String> argv : lines) {
            CommandLine cli = new CommandLine(new Main());
            cli.parseArgs(argv.toArray(String[]::new)); // throws, naming the problem, on a bad flag or value
            for (int i = 0; i < argv.size() - 1; i++) {
                if (argv.get(i).equals("--bridge")) {
                    BridgeSpecs.parse(argv.get(i + 1), Program.DEFAULT_PASS_ENV);
                    specs++;
                }
            }
        }
        assertThat(specs).as("--bridge values in the docs").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theReadmeCountScriptCountsToFiveOverAWebSocketThenCloses() throws Exception {
        String printf = doc("README.md").lines().filter(l -> l.startsWith("printf ") && l.contains("count.sh"))
                .findFirst().orElseThrow();
        Process shell = new ProcessBuilder("/bin/bash", "-c", printf).directory(dir.toFile()).inheritIO().start();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS) && shell.exitValue() == 0).as(printf).isTrue();

        try (WebsocketdServer bridge = WebsocketdServer.start(WebsocketdOptions.builder().port(0)
                .command(dir.resolve("count.sh").toString()).build());
             PlainWs ws = new PlainWs("ws://127.0.0.1:" + bridge.port() + "/")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lines.add(ws.next());
            }
            assertThat(lines).containsExactly("1", "2", "3", "4", "5");
            assertThat(ws.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void theReadmeCalculatorAndClockAnswerAsShown() throws Exception {
        List<String> serve = commandLines(doc("README.md")).stream().filter(l -> l.get(0).equals("serve") && l.contains("--bridge"))
                .findFirst().orElseThrow();
        List<ChannelBridge> bridges = new ArrayList<>();
        for (int i = 0; i < serve.size() - 1; i++) {
            if (serve.get(i).equals("--bridge")) {
                bridges.add(BridgeSpecs.parse(serve.get(i + 1), Program.DEFAULT_PASS_ENV));
            }
        }
        try (Running running = Running.with(Bridges.builder().bridges(bridges).build());
             PhoenixWire wire = new PhoenixWire(running.server.port())) {
            String calc = wire.join("calc:me");
            wire.send(calc, "calc:me", "line", "{\"line\":\"2^10\"}");
            assertThat(wire.event("calc:me", "line").at("/4/line").asText()).isEqualTo("1024");

            wire.join("clock:utc");
            assertThat(wire.event("clock:utc", "line").at("/4/line").asText()).contains("UTC");
        }
    }

    @Test
    void theUpperProgramOfBridgeMdAnswersByRefPushesAndBroadcasts() throws Exception {
        Matcher file = Pattern.compile("<!-- file: upper.py -->\n```python\n(.*?)```", Pattern.DOTALL).matcher(doc("docs/BRIDGE.md"));
        assertThat(file.find()).as("upper.py in docs/BRIDGE.md").isTrue();
        Path upper = Files.writeString(dir.resolve("upper.py"), file.group(1));
        // as `serve --bridge 'upper:*=python3 upper.py'` started in that directory
        Bridges bridges = Bridges.builder().bridge(BridgeSpecs.parse("upper:*=python3 " + upper, Program.DEFAULT_PASS_ENV)).build();
        try (Running running = Running.with(bridges);
             PhoenixWire wire = new PhoenixWire(running.server.port())) {
            String join = wire.join("upper:lobby");
            assertThat(wire.event("upper:lobby", "hello").at("/4/topic").asText()).isEqualTo("upper:lobby");

            String ref = wire.send(join, "upper:lobby", "upper", "{\"text\":\"hello\"}");
            JsonNode reply = wire.await(f -> f.get(1).asText().equals(ref), Duration.ofSeconds(10));
            assertThat(reply.at("/4/status").asText()).isEqualTo("ok");
            assertThat(reply.at("/4/response/text").asText()).isEqualTo("HELLO");

            wire.send(join, "upper:lobby", "shout", "{\"text\":\"hi all\"}");
            assertThat(wire.event("upper:lobby", "shout").at("/4/text").asText()).isEqualTo("hi all");

            String other = wire.send(join, "upper:lobby", "nope", "{}");
            JsonNode refused = wire.await(f -> f.get(1).asText().equals(other), Duration.ofSeconds(10));
            assertThat(refused.at("/4/status").asText()).isEqualTo("error");
            assertThat(refused.at("/4/response/reason").asText()).isEqualTo("unknown event");
        }
    }

    /** The demo socket with {@code bridges}, as {@code serve --bridge} runs it; closed together. */
    private record Running(SwitchboardServer server, Bridges bridges) implements AutoCloseable {
        static Running with(Bridges bridges) {
            SwitchboardServer server = SwitchboardServer.builder().host("127.0.0.1").port(0).socket(DemoApp.socket(bridges))
                    .build().start();
            bridges.attach(server);
            return new Running(server, bridges);
        }

        @Override
        public void close() {
            server.close();
            bridges.close();
        }
    }
}
