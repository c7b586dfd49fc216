package dev.switchboard.bridge.websocketd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bridge.support.Programs;
import dev.switchboard.bridge.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** websocketd's framing with real programs: a message is a stdin line, a stdout line is a message. */
class WebsocketdFramingTest {
    @TempDir
    Path dir;
    private WebsocketdServer server;

    private WebsocketdServer start(WebsocketdOptions.Builder options) {
        server = WebsocketdServer.start(options.port(0).build());
        return server;
    }

    private String url() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void catEchoesEveryMessageAsALine() {
        start(WebsocketdOptions.builder().command("cat"));
        try (WsClient client = WsClient.connect(url())) {
            client.send("hello").send("wörld ✓").send("");
            assertThat(List.of(client.nextText(), client.nextText(), client.nextText()))
                    .containsExactly("hello", "wörld ✓", "");
        }
    }

    @Test
    void theClientLeavingStopsTheProgram() {
        start(WebsocketdOptions.builder().command("cat"));
        try (WsClient client = WsClient.connect(url())) {
            client.send("x");
            assertThat(client.nextText()).isEqualTo("x");
            assertThat(server.runningPrograms()).isEqualTo(1);
            client.closeNormally();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);
    }

    @Test
    void aProgramThatExitsClosesWith1000AfterItsLastLine() {
        Programs.bash(dir, "two.sh", "echo one", "printf 'two'"); // the last line has no newline
        start(WebsocketdOptions.builder().command(dir.resolve("two.sh").toString()));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.textsUntilClose(Duration.ofSeconds(5))).containsExactly("one", "two");
            assertThat(client.awaitClose(Duration.ZERO)).isEqualTo(new WsClient.Close(1000, "program exited"));
        }
    }

    @Test
    void aProgramThatFailsClosesWith1011NamingItsStatus() {
        Programs.bash(dir, "fail.sh", "echo bye", "exit 3");
        start(WebsocketdOptions.builder().command(dir.resolve("fail.sh").toString()));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.textsUntilClose(Duration.ofSeconds(5))).containsExactly("bye");
            assertThat(client.awaitClose(Duration.ZERO)).isEqualTo(new WsClient.Close(1011, "program exited with status 3"));
        }
    }

    @Test
    void crLfLineEndsAreRemoved() {
        Programs.bash(dir, "crlf.sh", "printf 'a\\r\\nb\\r\\n'");
        start(WebsocketdOptions.builder().command(dir.resolve("crlf.sh").toString()));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.textsUntilClose(Duration.ofSeconds(5))).containsExactly("a", "b");
        }
    }

    @Test
    void argumentsReachTheProgramUnchangedWithoutAShell() {
        start(WebsocketdOptions.builder().command("printf", "%s|%s\\n", "$HOME", "a b;c"));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.textsUntilClose(Duration.ofSeconds(5))).containsExactly("$HOME|a b;c");
        }
    }

    @Test
    void binaryModeSendsChunksAndWritesBinaryMessagesAsTheyAre() {
        start(WebsocketdOptions.builder().command("cat").binary(true));
        try (WsClient client = WsClient.connect(url())) {
            byte[] data = {0, 1, 2, (byte) 0xff, '\n', 'x'};
            client.sendBinary(data);
            List<Byte> received = new ArrayList<>();
            while (received.size() < data.length) {
                WsClient.Message m = client.next(Duration.ofSeconds(5));
                assertThat(m).isNotNull();
                assertThat(m.isText()).isFalse();
                for (byte b : m.binary()) {
                    received.add(b);
                }
            }
            assertThat(received).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 0xff, (byte) '\n', (byte) 'x');
        }
    }

    @Test
    void inBinaryModeATextMessageStillGetsItsNewline() {
        start(WebsocketdOptions.builder().command("cat").binary(true));
        try (WsClient client = WsClient.connect(url())) {
            client.send("hi");
            WsClient.Message m = client.next(Duration.ofSeconds(5));
            assertThat(new String(m.binary(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        }
    }

    @Test
    void aShellRunsOnlyWhenAskedFor() {
        start(WebsocketdOptions.builder().command("echo $((6 * 7)) | cat").shell(true));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.textsUntilClose(Duration.ofSeconds(5))).containsExactly("42");
        }
    }

    @Test
    void aMessageOverMaxFrameSizeClosesWith1009() {
        start(WebsocketdOptions.builder().command("cat").maxFrameBytes(100));
        try (WsClient client = WsClient.connect(url())) {
            client.send("x".repeat(101));
            assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);
        assertThat(server.metrics().refusals(dev.switchboard.bridge.metrics.Refusal.MESSAGE_TOO_BIG)).isEqualTo(1);
    }

    @Test
    void anOutputLineOverTheCapClosesWith1009AndIsCounted() {
        Programs.bash(dir, "long.sh", "echo short", "head -c 5000 /dev/zero | tr '\\0' x; echo", "sleep 5");
        start(WebsocketdOptions.builder().command(dir.resolve("long.sh").toString()).maxLineBytes(1000));
        try (WsClient client = WsClient.connect(url())) {
            assertThat(client.nextText()).isEqualTo("short");
            assertThat(client.awaitClose(Duration.ofSeconds(5)))
                    .isEqualTo(new WsClient.Close(1009, "program output line longer than 1000 bytes"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);
        assertThat(server.metrics().refusals(dev.switchboard.bridge.metrics.Refusal.OUTPUT_LINE_TOO_LONG)).isEqualTo(1);
    }

    @Test
    void maxLineRateSlowsAFastProgramDownWithoutDroppingALine() {
        Programs.bash(dir, "fast.sh", "for i in $(seq 1 50); do echo \"$i\"; done", "sleep 5");
        start(WebsocketdOptions.builder().command(dir.resolve("fast.sh").toString()).maxLinesPerSecond(20));
        try (WsClient client = WsClient.connect(url())) {
            long start = System.nanoTime();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                lines.add(client.nextText());
            }
            long tookMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                expected.add(Integer.toString(i));
            }
            assertThat(lines).isEqualTo(expected);
            assertThat(tookMs).as("20 lines at once (a second's worth), 30 more at 20 a second").isGreaterThanOrEqualTo(1400);
            assertThat(server.metrics().throttledCount()).isGreaterThanOrEqualTo(29);
        }
    }
}
