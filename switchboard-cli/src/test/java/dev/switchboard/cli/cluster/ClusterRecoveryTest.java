package dev.switchboard.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testsupport.js.NodeScript;
import dev.switchboard.testsupport.net.FreePort;
import dev.switchboard.testsupport.net.TcpProxy;
import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.process.Haproxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recovery across a cluster (RECOVERY.md §5): nodes a and b behind a round-robin HAProxy (no
 * stickiness), node c publishing through the publish API, one Redis. A phoenix.js client,
 * written as the spec shows, loses its TCP connection (a proxy in front of HAProxy cuts it) while
 * 200 messages are published on c; it reconnects through the other node, or through the only one
 * left after a node is killed, and has every message exactly once, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisServer redis;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Haproxy haproxy;
    private TcpProxy cutter;

    @BeforeAll
    void startCluster() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-cluster-recovery");
        redis = RedisServer.start();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(NodeProcess.start(name, FreePort.loopback(), List.of("--redis", redis.uri())));
        }
        int port = FreePort.loopback();
        haproxy = Haproxy.start(dir, HaproxyConfig.roundRobin(port, nodes.subList(0, 2)), port);
        cutter = TcpProxy.to(port).start();
    }

    @AfterAll
    void stopCluster() {
        for (AutoCloseable c : new AutoCloseable[] {cutter, haproxy}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what is left
            }
        }
        nodes.forEach(NodeProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void aWebSocketClientRecoversThroughTheOtherNode() throws Exception {
        recoverAcrossCuts("websocket", "room:cluster-recover-ws", false);
    }

    @Test
    @Order(2)
    void aLongPollClientRecoversWhileItsRequestsAlternateBetweenNodes() throws Exception {
        recoverAcrossCuts("longpoll", "room:cluster-recover-lp", false);
    }

    @Test
    @Order(3)
    void aClientRecoversWhenItsNodeDies() throws Exception {
        recoverAcrossCuts("websocket", "room:cluster-recover-kill", true);
    }

    /** 50 live, cut, 200 missed, back, 50 live: every message once, in order, and a recovered rejoin. */
    private void recoverAcrossCuts(String transport, String topic, boolean killANode) throws Exception {
        NodeProcess publisher = nodes.get(2);
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        try (ChildProcess client = NodeScript.start("phoenix/recovery.mjs", List.of(
                "--url", "http://127.0.0.1:" + cutter.port() + "/socket", "--transport", transport,
                "--topic", topic, "--count", "300", "--timeout-ms", "60000"), line -> lines.add(parse(line)))) {
            await().atMost(PATIENCE).until(() -> joins(lines).size() == 1);

            publish(publisher, topic, 1, 50);
            Thread.sleep(500);
            cutter.refuseNewConnections();
            cutter.cutAll(TcpProxy.Cut.RESET);
            if (killANode) {
                nodes.get(0).kill();
            }
            publish(publisher, topic, 51, 250);
            Thread.sleep(500);
            cutter.acceptNewConnections();
            await().atMost(PATIENCE).until(() -> joins(lines).size() >= 2);
            publish(publisher, topic, 251, 300);

            JsonNode done = JSON.readTree(client.awaitLine(line -> line.contains("\"done\""), PATIENCE)).get("done");
            List<Integer> received = new ArrayList<>();
            done.get("received").forEach(n -> received.add(n.asInt()));
            assertThat(received).as(() -> "positions " + done.get("positions") + "\n" + client.stderr() + nodeLogs())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 300).boxed().toList());
            List<JsonNode> joins = joins(lines);
            for (JsonNode rejoin : joins.subList(1, joins.size())) {
                assertThat(rejoin.get("recovered").asBoolean()).as("rejoin %s", rejoin).isTrue();
            }
            String position = joins.get(joins.size() - 1).get("position").asText();
            assertThat(Long.parseLong(position.substring(0, position.indexOf('@')))).as(position).isGreaterThanOrEqualTo(250);
        }
    }

    /** One batch through node c's publish API, in order. */
    private void publish(NodeProcess node, String topic, int from, int to) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (int n = from; n <= to; n++) {
            messages.addObject().put("topic", topic).set("payload", JSON.createObjectNode().put("n", n));
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/broadcast"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("content-type", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("positions")).hasSize(to - from + 1);
    }

    /** What the nodes logged about histories and their order, for a failure to show. */
    private String nodeLogs() {
        StringBuilder logs = new StringBuilder();
        for (NodeProcess node : nodes) {
            node.output().lines().filter(line -> line.contains("istory") || line.contains("WARN"))
                    .forEach(line -> logs.append("\n").append(node.name()).append(": ").append(line));
        }
        return logs.toString();
    }

    private static List<JsonNode> joins(List<JsonNode> lines) {
        return lines.stream().filter(line -> line.has("joined")).map(line -> line.get("joined")).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", line);
        }
    }
}
