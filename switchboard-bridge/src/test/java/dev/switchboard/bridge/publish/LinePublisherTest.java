package dev.switchboard.bridge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.channel.LineFormat;
import dev.switchboard.bridge.support.BridgedServer;
import dev.switchboard.bridge.support.NodeClient;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program's lines published to a topic through the publish API of a running server, seen by phoenix.js. */
class LinePublisherTest {
    @TempDir
    Path dir;
    private SwitchboardServer server;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = SwitchboardServer.builder().port(0).ioThreads(2).broadcastApi(true)
                .socket(SocketDefinition.builder("/socket").channel("news:*", () -> (topic, params, ctx) -> JoinResult.ok()).build())
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private LinePublisher publisher(PublishOptions options) {
        return new LinePublisher(options, new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private Process subscriber(String topic, List<String> events, int count, Path ready) {
        return BridgedServer.startScenario("ws://127.0.0.1:" + server.port() + "/socket", "collect",
                Map.of("topic", topic, "events", events, "count", count, "readyFile", ready.toString()));
    }

    @Test
    void aProgramsLinesReachSubscribersInOrderAndBadLinesAreReported() throws Exception {
        Path ready = dir.resolve("ready");
        Process listener = subscriber("news:1", List.of("data", "alert"), 4, ready);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));
        Path program = Programs.bash(dir, "news.sh",
                "echo '{\"n\":1}'",
                "echo 'not json'",
                "echo '{\"broadcast\":\"alert\",\"payload\":{\"level\":2}}'",
                "echo '{\"n\":2}'",
                "sleep 0.05",
                "echo '{\"n\":3}'");
        Process p = new ProcessBuilder(program.toString()).start();

        LinePublisher.Result result = publisher(PublishOptions.of(base(), "news:1")).publish(p.getInputStream());

        assertThat(result).isEqualTo(new LinePublisher.Result(4, 1, 0, null));
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("publish: line refused: not JSON");
        JsonNode seen = NodeClient.result("collect", listener).get("seen");
        List<String> got = new ArrayList<>();
        seen.forEach(s -> got.add(s.get("event").asText() + " " + s.get("payload")));
        assertThat(got).containsExactly("data {\"n\":1}", "alert {\"level\":2}", "data {\"n\":2}", "data {\"n\":3}");
    }

    @Test
    void plainLinesArePublishedAsLineEvents() throws Exception {
        Path ready = dir.resolve("ready");
        Process listener = subscriber("news:2", List.of("line"), 2, ready);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));

        LinePublisher.Result result = publisher(PublishOptions.of(base(), "news:2").withFormat(LineFormat.LINES))
                .publish(new ByteArrayInputStream("first line\r\nsecond ✓\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.published()).isEqualTo(2);
        JsonNode seen = NodeClient.result("collect", listener).get("seen");
        assertThat(seen.get(0).at("/payload/line").asText()).isEqualTo("first line");
        assertThat(seen.get(1).at("/payload/line").asText()).isEqualTo("second ✓");
    }

    @Test
    void aTopicTheServerRefusesIsReportedWithItsReason() {
        LinePublisher.Result result = publisher(PublishOptions.of(base(), "x".repeat(300)))
                .publish(new ByteArrayInputStream("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.published()).isZero();
        assertThat(result.refused()).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("(HTTP 400)").contains("255 bytes");
    }

    @Test
    void aServerThatCannotBeReachedFailsAfterRetries() {
        int port = server.port();
        server.close();

        LinePublisher.Result result = publisher(PublishOptions.of(URI.create("http://127.0.0.1:" + port), "news:3"))
                .publish(new ByteArrayInputStream("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.failed()).isTrue();
        assertThat(result.failure()).contains("cannot reach http://127.0.0.1:" + port);
        server = SwitchboardServer.builder().port(0).socket(SocketDefinition.builder("/socket").build()).build().start();
    }
}
