package dev.switchboard.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.net.FreePort;
import dev.switchboard.testsupport.process.Haproxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite: three {@code serve --redis} nodes, a real Redis with AOF, a real round-robin
 * HAProxy, 60 phoenix.js clients (WebSocket and long-poll, through the recovery helper) on three
 * history topics, and a publisher at a fixed rate through the publish API of a random node. Each
 * scenario breaks something while messages flow; afterwards every client must have every message
 * once, in order, with every rejoin recovered ({@link ChaosReport}). Each prints a row of the table
 * in docs/OPERATIONS.md, also written to {@code target/chaos/report.md}.
 *
 * <p>The default run does each scenario once (about two minutes); {@code -Dswitchboard.chaos.rounds=N}
 * (the {@code soak} profile: 5) repeats each scenario's disruption N times.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {
    private static final int CLIENTS = 60;
    private static final int RATE = 30; // messages per second, over the three topics
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int ROUNDS = Integer.getInteger("switchboard.chaos.rounds", 1);

    private RedisServer redis;
    private final List<String> nodeArgs = new ArrayList<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    /** The nodes the publisher may use: running and not draining. */
    private final List<NodeProcess> serving = new CopyOnWriteArrayList<>();
    private Haproxy haproxy;
    private final List<ChaosReport> reports = new ArrayList<>();
    private List<ChaosClients.ClientRecord> lastRecords = List.of();
    /** The client the slow-consumer scenario stalls: a WebSocket one (even id). */
    private static final int STALLED = 0;

    @BeforeAll
    void startCluster() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-chaos");
        redis = RedisServer.start(true);
        // Drain in small batches so that a node's clients leave in several steps; a short age
        // bound so that a stalled client is closed within the stall.
        nodeArgs.addAll(List.of("--redis", redis.uri(), "--drain-batch-size", "5", "--drain-batch-interval", "300ms",
                "--max-outbound-age", "2s"));
        for (String name : List.of("a", "b", "c")) {
            nodes.add(NodeProcess.start(name, FreePort.loopback(), nodeArgs));
        }
        serving.addAll(nodes);
        int port = FreePort.loopback();
        haproxy = Haproxy.start(dir, HaproxyConfig.roundRobin(port, nodes), port);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
        if (!reports.isEmpty()) {
            StringBuilder table = new StringBuilder(ChaosReport.header()).append('\n');
            reports.forEach(r -> table.append(r.row()).append('\n'));
            System.out.println(table);
            Path out = Path.of("target", "chaos");
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.md"), table, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    @Test
    @Order(1)
    void aRollingRestartWithDrainLosesNothing() throws Exception {
        scenario("rolling restart (drain)", "rolling", (clients, publisher) -> {
            for (int i = 0; i < nodes.size(); i++) {
                serving.remove(nodes.get(i));
                nodes.get(i).stop(); // SIGTERM: health 503, listener closed, 1012 in batches, exit
                restart(i);
            }
        });
    }

    @Test
    @Order(2)
    void aKilledNodeLosesNothing() throws Exception {
        scenario("kill -9 of a node, restart", "kill", (clients, publisher) -> {
            int i = 1;
            serving.remove(nodes.get(i));
            nodes.get(i).kill();
            Thread.sleep(2_000);
            restart(i);
        });
    }

    @Test
    @Order(3)
    void aRedisRestartLosesNothing() throws Exception {
        scenario("Redis stopped 5 s, restarted", "redis", (clients, publisher) -> {
            redis.stop();
            Thread.sleep(5_000);
            redis.restart();
            Thread.sleep(1_000);
        });
    }

    @Test
    @Order(4)
    void aClientThatStopsReadingIsClosedAndCatchesUpOnReconnect() throws Exception {
        scenario("a client stops reading 10 s", "stall", (clients, publisher) -> {
            // 384 KB messages on its topic (3.8 MB/s) fill the stalled client's kernel buffers within seconds,
            // then the server's outbound buffer: past the age bound (2 s) it is closed with 1013,
            // and it recovers when it reads again and finds the close.
            String topic = clients.topicOf(STALLED);
            publisher.pad(topic, 384 * 1024);
            clients.stall(STALLED, Duration.ofSeconds(10));
            Thread.sleep(10_000);
            publisher.pad(topic, 0);
        });
        ChaosClients.ClientRecord stalled = lastRecords.get(STALLED);
        assertThat(stalled.stalled()).isTrue();
        assertThat(stalled.closes()).as("the stalled client is closed as a slow consumer").contains(1013);
        assertThat(stalled.recoveries()).as("and recovers what it missed").isGreaterThanOrEqualTo(1);
    }

    private void restart(int i) throws InterruptedException {
        NodeProcess old = nodes.get(i);
        old.close();
        NodeProcess again = NodeProcess.start(old.name(), old.port(), nodeArgs);
        nodes.set(i, again);
        Thread.sleep(1_500); // HAProxy's health check sees it up (rise 2 × 500 ms)
        serving.add(again);
    }

    interface Disruption {
        void run(ChaosClients clients, ChaosPublisher publisher) throws Exception;
    }

    private void scenario(String name, String slug, Disruption disruption) throws Exception {
        List<String> topics = List.of("room:chaos-" + slug + "-1", "room:chaos-" + slug + "-2", "room:chaos-" + slug + "-3");
        String url = "http://127.0.0.1:" + haproxy.port() + "/socket";
        try (ChaosClients clients = ChaosClients.start(url, CLIENTS, topics, PATIENCE)) {
            ChaosPublisher publisher = new ChaosPublisher(topics, RATE, () -> serving);
            ChaosReport report;
            try {
                Thread.sleep(1_000);
                for (int round = 0; round < ROUNDS; round++) {
                    disruption.run(clients, publisher);
                    Thread.sleep(1_000);
                }
            } finally {
                publisher.close();
            }
            lastRecords = clients.report(publisher.accepted(), PATIENCE);
            report = ChaosReport.of(name, lastRecords, publisher);
            reports.add(report);
            System.out.println(ChaosReport.header() + "\n" + report.row());
            lastRecords.stream().filter(c -> c.opens() > 1).forEach(c -> System.out.printf(
                    "  client %d (%s, %s): %d connections, closes %s, recovered rejoins %d%n",
                    c.id(), c.transport(), c.topic(), c.opens(), c.closes(), c.recoveries()));
            assertThat(report.failures()).as("%s; clients' log:%n%s", name, clients.log()).isEmpty();
            assertThat(report.published()).as("messages published during %s", name).isGreaterThan(RATE);
        }
    }
}
