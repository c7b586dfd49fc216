package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.drain.DrainOptions;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.JavaCommand;
import dev.switchboard.testsupport.ws.CloseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard serve} stopped by SIGTERM: it drains its clients, then exits 0. */
class ServeDrainTest {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermDrainsEveryClientWith1012InBatchesAndExitsZero() throws Exception {
        List<String> args = List.of("serve", "--port", "0", "--drain-grace", "300ms", "--drain-batch-size", "2",
                "--drain-batch-interval", "200ms", "--drain-deadline", "10s");
        try (ChildProcess serve = ChildProcess.builder(JavaCommand.of(List.of(), Main.class.getName(), args))
                .name("serve-drain").start()) {
            Matcher port = LISTENING.matcher(serve.awaitLine(line -> LISTENING.matcher(line).find(),
                    Duration.ofSeconds(60)));
            assertThat(port.find()).isTrue();
            List<PhoenixSocket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    PhoenixSocket client = PhoenixSocket.connect(Integer.parseInt(port.group(1)));
                    client.join("room:lobby");
                    clients.add(client);
                }

                serve.terminate(); // SIGTERM, and waits for the exit

                for (PhoenixSocket client : clients) {
                    CloseStatus close = client.awaitClose();
                    assertThat(close.code()).isEqualTo(1012);
                    assertThat(close.reason()).isEqualTo("server draining: reconnect within 200 ms");
                }
            } finally {
                clients.forEach(PhoenixSocket::close);
            }
            assertThat(serve.waitFor(Duration.ofSeconds(5))).as(serve.output()).isEqualTo(0);
            assertThat(serve.output()).contains("Draining 4 connections").contains("Drain batch 2: closing 2 connections")
                    .contains("Drain finished");
        }
    }

    @Test
    void theFlagDefaultsAreTheDrainDefaultsAndTheReadmeShowsThem() throws Exception {
        assertThat(CommandLine.populateCommand(new DrainFlags()).options()).isEqualTo(DrainOptions.DEFAULTS);
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        for (String flag : List.of("--drain-grace", "--drain-batch-size", "--drain-batch-interval", "--drain-deadline")) {
            assertThat(readme).contains("[" + flag + " " + spec.findOption(flag).defaultValue() + "]");
        }
    }

    private static Path readme() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path file = base.resolveSibling("README.md");
        return Files.exists(file) ? file : base.resolve("README.md");
    }
}
