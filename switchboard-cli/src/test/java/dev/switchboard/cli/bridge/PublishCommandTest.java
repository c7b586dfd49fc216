package dev.switchboard.cli.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.Main;
import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.server.SwitchboardServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard publish} against the demo server: lines reach a subscriber of the topic. */
class PublishCommandTest {
    private SwitchboardServer server;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server = SwitchboardServer.builder().port(0).socket(DemoApp.socket()).broadcastApi(true).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int publish(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aProgramsLinesArePublishedAndItsExitStatusIsTheCommands() throws Exception {
        try (PhoenixWire subscriber = new PhoenixWire(server.port())) {
            subscriber.join("room:pub");

            int exit = publish("publish", "--topic", "room:pub", "--url", "http://127.0.0.1:" + server.port(), "/bin/sh", "-c",
                    "echo '{\"n\":1}'; echo oops; echo '{\"broadcast\":\"alert\",\"payload\":{\"x\":1}}'; exit 3");

            assertThat(exit).as(err::toString).isEqualTo(3);
            assertThat(err.toString()).contains("publish: line refused: not JSON")
                    .contains("publish: 2 lines published to room:pub, 1 refused");
            JsonNode data = subscriber.event("room:pub", "data");
            assertThat(data.get(4).get("n").asInt()).isEqualTo(1);
            assertThat(subscriber.event("room:pub", "alert").at("/4/x").asInt()).isEqualTo(1);
        }
    }

    @Test
    void stdinIsPublishedAsPlainLines() throws Exception {
        InputStream saved = System.in;
        try (PhoenixWire subscriber = new PhoenixWire(server.port())) {
            subscriber.join("room:logs");
            System.setIn(new ByteArrayInputStream("first\nsecond\n".getBytes(StandardCharsets.UTF_8)));

            int exit = publish("publish", "--topic", "room:logs", "--lines", "--stdin", "--url", "http://127.0.0.1:" + server.port());

            assertThat(exit).as(err::toString).isZero();
            assertThat(subscriber.event("room:logs", "line").at("/4/line").asText()).isEqualTo("first");
            assertThat(subscriber.event("room:logs", "line").at("/4/line").asText()).isEqualTo("second");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void neitherACommandNorStdinIsAUsageError() {
        assertThat(publish("publish", "--topic", "t")).as(err::toString).isEqualTo(2);
        assertThat(err.toString()).startsWith("give a COMMAND to run (after --), or --stdin");
    }
}
