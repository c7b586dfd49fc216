package dev.switchboard.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.channel.Bridges;
import dev.switchboard.bridge.channel.ChannelBridge;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.cli.Main;
import dev.switchboard.cli.demo.DemoApp;
import dev.switchboard.server.SwitchboardServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Each scenario, tiny, end to end against an in-process demo server: clean delivery and positive rates. */
class BenchScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SwitchboardServer server;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).socket(DemoApp.socket())
                .broadcastApi(true).staticResources("web").build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private JsonNode bench(String... args) throws Exception {
        return bench(server.port(), args);
    }

    private JsonNode bench(int port, String... args) throws Exception {
        Path json = dir.resolve("result.json");
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", "ws://127.0.0.1:" + port + "/socket/websocket",
                "--threads", "2", "--json", json.toString(), "--html", dir.resolve("result.html").toString()));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute(all.toArray(String[]::new));

        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(Files.readString(dir.resolve("result.html"))).contains("<svg");
        return JSON.readTree(json.toFile());
    }

    private static void assertCleanDelivery(JsonNode r) {
        JsonNode c = r.path("correctness");
        assertThat(c.path("lost").asLong()).isZero();
        assertThat(c.path("duplicated").asLong()).isZero();
        assertThat(c.path("out_of_order").asLong()).isZero();
        assertThat(c.path("errors").asLong()).isZero();
        assertThat(c.path("received").asLong()).isEqualTo(c.path("expected").asLong()).isPositive();
        assertThat(r.path("flagged").asBoolean()).isFalse();
    }

    @Test
    void fanoutDeliversEveryMessageToEverySubscriberInOrder() throws Exception {
        JsonNode r = bench("fanout", "-n", "20", "-m", "50", "-w", "10", "--warmup", "10", "--server-pid",
                Long.toString(ProcessHandle.current().pid()));

        assertCleanDelivery(r);
        assertThat(r.path("correctness").path("expected").asLong()).isEqualTo(20 * 50);
        assertThat(r.path("results").path("deliveries_per_s").asDouble()).isPositive();
        assertThat(r.path("latency_us").path("count").asLong()).isEqualTo(1000);
        assertThat(r.path("cpu").has("server_percent_of_one_core")).isTrue();
        assertThat(out.toString()).contains("deliveries_per_s").contains("RESULT: ok");
    }

    @Test
    void fanoutAtAFixedRateMeasuresLatency() throws Exception {
        JsonNode r = bench("fanout", "-n", "10", "--rate", "50", "--duration", "1");

        assertCleanDelivery(r);
        assertThat(r.path("results").path("published").asLong()).isEqualTo(50);
        assertThat(r.path("latency_us").path("p99").asDouble()).isPositive();
    }

    @Test
    void fanoutWithStalledSubscribersMeasuresTheOthersAndTheServersPeakMemory() throws Exception {
        JsonNode r = bench("fanout", "-n", "12", "--stalled", "2", "--rate", "50", "--duration", "1",
                "--payload-bytes", "4096", "--server-pid", Long.toString(ProcessHandle.current().pid()));

        assertCleanDelivery(r);
        assertThat(r.path("parameters").path("stalled_subscribers").asInt()).isEqualTo(2);
        assertThat(r.path("results").path("subscribers_joined").asInt()).isEqualTo(10);
        assertThat(r.path("correctness").path("expected").asLong()).isEqualTo(10 * 50);
        assertThat(r.path("results").path("server_peak_rss_mib").asDouble()).isPositive();
    }

    @Test
    void asManyStalledAsSubscribersIsAUsageError() {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "fanout", "-n", "3", "--stalled", "3", "--url", "ws://127.0.0.1:1/socket/websocket");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--stalled must be below --subscribers");
    }

    @Test
    void rttRepliesToEveryPingInOrder() throws Exception {
        JsonNode r = bench("rtt", "-c", "5", "--duration", "1", "--warmup", "0");

        assertCleanDelivery(r);
        assertThat(r.path("results").path("replies_per_s").asDouble()).isPositive();
        assertThat(r.path("latency_us").path("p50").asDouble()).isPositive();
    }

    @Test
    void churnCompletesSessionsWithoutErrors() throws Exception {
        JsonNode r = bench("churn", "-p", "3", "--duration", "1", "--warmup", "0");

        assertThat(r.path("results").path("sessions_per_s").asDouble()).isPositive();
        assertThat(r.path("results").path("errors").asLong()).isZero();
        assertThat(r.path("failures").size()).isZero();
        assertThat(r.path("flagged").asBoolean()).isFalse();
    }

    @Test
    void recoverCatchesEveryClientUpOnWhatItMissedExactlyOnce() throws Exception {
        JsonNode r = bench("recover", "-n", "20", "-m", "30", "--gap", "0", "--server-pid",
                Long.toString(ProcessHandle.current().pid()));

        assertCleanDelivery(r);
        assertThat(r.path("correctness").path("expected").asLong()).isEqualTo(20 * 30);
        assertThat(r.path("results").path("clients_caught_up").asInt()).isEqualTo(20);
        assertThat(r.path("results").path("all_caught_up_s").asDouble()).isPositive();
        assertThat(r.path("latency_us").path("count").asLong()).isEqualTo(20);
    }

    @Test
    void presenceSeesEveryJoinInDiffsAndTimesTheStateForNewClients() throws Exception {
        JsonNode r = bench("presence", "-n", "30", "--observers", "2", "--probes", "3");

        JsonNode results = r.path("results");
        assertThat(results.path("presences_tracked").asInt()).isEqualTo(30);
        assertThat(results.path("joins_seen_per_s_per_observer").asDouble()).isPositive();
        assertThat(results.path("diffs_per_observer").asDouble()).isBetween(1.0, 30.0);
        assertThat(results.path("presence_state_bytes").asLong()).as("30 presences and the probe's own").isGreaterThan(30 * 40);
        assertThat(r.path("latency_us").path("count").asLong()).isEqualTo(3);
        assertThat(r.path("failures").size()).isZero();
        assertThat(r.path("flagged").asBoolean()).isFalse();
    }

    @Test
    void idleHoldsJoinedConnectionsAndMeasuresServerMemory() throws Exception {
        JsonNode r = bench("idle", "-n", "50", "--settle", "0", "--hold", "1", "--server-pid",
                Long.toString(ProcessHandle.current().pid()));

        assertCleanDelivery(r);
        assertThat(r.path("results").path("connections_joined").asInt()).isEqualTo(50);
        assertThat(r.path("results").path("still_open_after_hold").asInt()).isEqualTo(50);
        assertThat(r.path("results").path("connect_rate_per_s").asDouble()).isPositive();
        assertThat(r.path("results").has("server_rss_per_connection_kib")).isTrue();
    }

    @Test
    void listenCountsEveryLineOfAPerTopicProgramAtEverySubscriberWithItsLatency() throws Exception {
        Path ticker = Files.writeString(dir.resolve("ticker.py"), String.join("\n",
                "import json, time",
                "n = 0",
                "while True:",
                "    n += 1",
                "    print(json.dumps({'n': n, 'us': int(time.time() * 1e6)}), flush=True)",
                "    time.sleep(0.005)",
                ""));
        Bridges bridges = Bridges.builder().bridge(ChannelBridge.perTopic("tick:*", Program.of("python3", ticker.toString()))
                .build()).build();
        try (SwitchboardServer fed = SwitchboardServer.builder().host("127.0.0.1").port(0).socket(DemoApp.socket(bridges))
                .build().start()) {
            bridges.attach(fed);
            JsonNode r = bench(fed.port(), "listen", "-n", "20", "--join-topic", "tick:a", "--duration", "2", "--warmup", "1");

            assertThat(r.path("flagged").asBoolean()).isFalse();
            assertThat(r.path("results").path("subscribers_joined").asInt()).isEqualTo(20);
            assertThat(r.path("results").path("gaps").asLong()).isZero();
            assertThat(r.path("results").path("repeats").asLong()).isZero();
            long deliveries = r.path("results").path("deliveries").asLong();
            assertThat(r.path("results").path("source_messages_per_s").asDouble()).as("about 190 lines/s").isBetween(100.0, 210.0);
            assertThat(r.path("latency_us").path("count").asLong()).isEqualTo(deliveries);
            assertThat(r.path("latency_us").path("p50").asDouble()).isBetween(0.0, 1_000_000.0);
        } finally {
            bridges.close();
        }
        assertThat(bridges.runningPrograms()).isZero();
    }

    @Test
    void moreConnectionsThanFileDescriptorsIsAUsageErrorWithANumberToUse() {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "idle", "-n", "10000000", "--url", "ws://127.0.0.1:1/socket/websocket");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("file descriptors").contains("use at most");
    }

    @Test
    void anUnreachableServerFailsQuicklyWithExitCodeOne() {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "rtt", "-c", "2", "--duration", "1", "--connect-timeout", "2",
                "--url", "ws://127.0.0.1:1/socket/websocket");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("bench rtt failed");
    }
}
