package dev.switchboard.bridge.websocketd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bridge.support.ChildProcesses;
import dev.switchboard.bridge.support.Programs;
import dev.switchboard.bridge.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs that misbehave: one that never reads its input, one that floods its output at a
 * client that does not read, ones that ignore SIGINT and SIGTERM. Memory stays bounded, and
 * every program is stopped on schedule.
 */
class WebsocketdLifecycleTest {
    @TempDir
    Path dir;
    private WebsocketdServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(WebsocketdOptions.Builder options) {
        server = WebsocketdServer.start(options.port(0).build());
    }

    private String url() {
        return "ws://127.0.0.1:" + server.port() + "/";
    }

    @Test
    void aProgramThatNeverReadsStdinPausesTheClientInsteadOfBufferingWithoutBound() throws Exception {
        Path ticker = Programs.bash(dir, "ticker.sh", "while true; do echo tick; sleep 0.1; done");
        start(WebsocketdOptions.builder().command(ticker.toString()));
        String kilobyte = "x".repeat(1023);
        long sent = 0;
        try (WsClient client = WsClient.connect(url())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (sent < 30_000 && System.nanoTime() < deadline) {
                CompletableFuture<?> send = client.sendAsync(kilobyte);
                try {
                    send.get(500, TimeUnit.MILLISECONDS);
                    sent++;
                } catch (TimeoutException blocked) {
                    break; // TCP backpressure reached the client
                }
            }
            assertThat(sent).as("the client was held back").isLessThan(30_000);
            long written = server.metrics().linesIn();
            assertThat(written * 1024).as("input accepted for a program that reads nothing").isLessThan(512 * 1024);
            assertThat(client.isClosed()).isFalse();
            while (client.next(Duration.ZERO) != null) {
                // drain the ticks so far
            }
            assertThat(client.nextText()).as("output still flows").isEqualTo("tick");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);
    }

    @Test
    void aProgramFloodingAClientThatDoesNotReadIsHeldBackNotBuffered() {
        Path flood = Programs.bash(dir, "flood.sh", "yes \"$(head -c 1000 /dev/zero | tr '\\0' y)\"");
        start(WebsocketdOptions.builder().command(flood.toString()));
        try (WsClient client = WsClient.connect(url())) {
            client.pause();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.metrics().linesOut() > 0);
            sleep(1500);
            long afterPause = server.metrics().linesOut();
            sleep(1000);
            long later = server.metrics().linesOut();

            // Unheld, `yes` writes hundreds of thousands of 1 KB lines a second. Held back, the lines
            // read are what fits in the socket buffers and the server's small window.
            assertThat(later).as("lines read while the client does not read").isLessThan(20_000);
            assertThat(later - afterPause).as("no progress while paused").isLessThan(100);

            client.resume();
            for (long i = 0; i < later + 1000; i++) { // past everything buffered on the way: the program runs again
                assertThat(client.nextText()).hasSize(1000);
            }
            assertThat(server.metrics().linesOut()).isGreaterThan(later + 500);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);
    }

    @Test
    void aProgramIgnoringSigintAndSigtermIsKilledOnSchedule() {
        Path stubborn = Programs.bash(dir, "stubborn.sh", "trap '' INT TERM", "echo ready", "while true; do sleep 0.05; done");
        start(WebsocketdOptions.builder().command(stubborn.toString()));
        WsClient client = WsClient.connect(url());
        assertThat(client.nextText()).isEqualTo("ready");
        long pid = ChildProcesses.named("stubborn.sh").get(0).pid();

        long closed = System.nanoTime();
        client.close();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> server.runningPrograms() == 0);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);

        assertThat(tookMs).as("stdin closed, +100 ms SIGINT, +250 ms SIGTERM, +500 ms SIGKILL")
                .isBetween(800L, 2500L);
        assertThat(server.metrics().killedCount()).isEqualTo(1);
        assertThat(ProcessHandle.of(pid)).isEmpty();
    }

    @Test
    void closeMsStretchesEveryStep() {
        Path stubborn = Programs.bash(dir, "stubborn.sh", "trap '' INT TERM", "echo ready", "while true; do sleep 0.05; done");
        start(WebsocketdOptions.builder().command(stubborn.toString()).closeMs(300));
        WsClient client = WsClient.connect(url());
        assertThat(client.nextText()).isEqualTo("ready");

        long closed = System.nanoTime();
        client.close();
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(10)).until(() -> server.runningPrograms() == 0);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);

        assertThat(tookMs).as("850 ms + 3 x 300 ms").isBetween(1700L, 3500L);
    }

    @Test
    void aProgramThatDoesNotReadStdinGetsSigintAfterStdinCloses() throws Exception {
        Path mark = dir.resolve("signal.txt");
        Path program = Programs.bash(dir, "int.sh",
                "trap 'echo INT > " + mark + "; exit 0' INT",
                "trap 'echo TERM > " + mark + "; exit 0' TERM",
                "echo ready", "while true; do sleep 0.05; done");
        start(WebsocketdOptions.builder().command(program.toString()));
        WsClient client = WsClient.connect(url());
        assertThat(client.nextText()).isEqualTo("ready");

        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);

        assertThat(Files.readString(mark).trim()).isEqualTo("INT");
        assertThat(server.metrics().killedCount()).isZero();
    }

    @Test
    void aProgramIgnoringOnlySigintGetsSigterm() throws Exception {
        Path mark = dir.resolve("signal.txt");
        Path program = Programs.bash(dir, "term.sh",
                "trap '' INT",
                "trap 'echo TERM > " + mark + "; exit 0' TERM",
                "echo ready", "while true; do sleep 0.05; done");
        start(WebsocketdOptions.builder().command(program.toString()));
        WsClient client = WsClient.connect(url());
        assertThat(client.nextText()).isEqualTo("ready");

        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.runningPrograms() == 0);

        assertThat(Files.readString(mark).trim()).isEqualTo("TERM");
    }

    @Test
    void aProgramThatEndsOnEndOfInputNeedsNoSignal() {
        start(WebsocketdOptions.builder().command("cat"));
        WsClient client = WsClient.connect(url());
        client.send("x");
        assertThat(client.nextText()).isEqualTo("x");

        long closed = System.nanoTime();
        client.close();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> server.runningPrograms() == 0);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed)).isLessThan(100);
        assertThat(server.metrics().killedCount()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
