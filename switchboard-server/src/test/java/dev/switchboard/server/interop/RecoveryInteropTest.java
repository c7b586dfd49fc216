package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.js.NodeScript;
import dev.switchboard.testsupport.net.TcpProxy;
import dev.switchboard.testsupport.process.ChildProcess;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official phoenix.js client, written as RECOVERY.md §2 shows (a params function handing back
 * the last position), behind a proxy that cuts its TCP connection while 200 messages are
 * published: once it is back, it has every message exactly once, in order, and its rejoin says
 * {@code recovered: true}. Over both transports.
 */
@Tag("interop")
class RecoveryInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BEFORE = 50;
    private static final int DURING = 200;
    private static final int AFTER = 50;
    private static final int TOTAL = BEFORE + DURING + AFTER;

    /** {@code spec}: the three lines of RECOVERY.md §2; {@code helper}: the server's /switchboard/recovery.js. */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"websocket, spec", "longpoll, spec", "websocket, helper", "longpoll, helper"})
    void aCutConnectionLosesNothingAndDuplicatesNothing(String transport, String clientKind) throws Exception {
        String topic = "room:recover-" + transport + "-" + clientKind;
        try (SwitchboardServer server = start();
             TcpProxy proxy = TcpProxy.to(server.port()).start()) {
            List<JsonNode> lines = new CopyOnWriteArrayList<>();
            try (ChildProcess client = NodeScript.start("phoenix/recovery.mjs", List.of(
                    "--url", "http://127.0.0.1:" + proxy.port() + "/socket", "--transport", transport,
                    "--topic", topic, "--count", String.valueOf(TOTAL), "--client", clientKind), line -> lines.add(parse(line)))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> joins(lines).size() == 1);

                publish(server, topic, 1, BEFORE);
                Thread.sleep(300); // let them arrive before the cut
                proxy.refuseNewConnections();
                assertThat(proxy.cutAll(TcpProxy.Cut.RESET)).isPositive();
                publish(server, topic, BEFORE + 1, BEFORE + DURING); // nobody is connected: all of these are missed
                Thread.sleep(500);
                proxy.acceptNewConnections();
                await().atMost(Duration.ofSeconds(15)).until(() -> joins(lines).size() >= 2);
                publish(server, topic, BEFORE + DURING + 1, TOTAL);

                JsonNode done = JSON.readTree(client.awaitLine(line -> line.contains("\"done\""), Duration.ofSeconds(30))).get("done");

                assertThat(numbers(done.get("received"))).as(client.stderr()).containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
                List<String> positions = new ArrayList<>();
                done.get("positions").forEach(p -> positions.add(p.asText()));
                assertThat(positions).doesNotHaveDuplicates().allMatch(p -> p.contains("@"));
                List<JsonNode> joins = joins(lines);
                assertThat(joins.get(0).get("recovered").asBoolean()).isTrue();
                assertThat(joins.get(0).get("replayed").asInt()).isZero();
                JsonNode rejoin = joins.get(1);
                assertThat(rejoin.get("recovered").asBoolean()).as(rejoin.toString()).isTrue();
                assertThat(rejoin.get("replayed").asInt()).isGreaterThanOrEqualTo(DURING);
                assertThat(rejoin.has("reason")).isFalse();
            }
        }
    }

    @Test
    void clientsThatDoNotAskSeeTheSameBytesAsOnATopicWithoutHistory() throws Exception {
        try (SwitchboardServer server = start();
             WebSocketClient plain = WebSocketClient.connect(server.port(), "/socket/websocket?vsn=2.0.0");
             WebSocketClient recovering = WebSocketClient.connect(server.port(), "/socket/websocket?vsn=2.0.0");
             WebSocketClient elsewhere = WebSocketClient.connect(server.port(), "/socket/websocket?vsn=2.0.0")) {
            plain.sendText("[\"1\",\"1\",\"room:bytes\",\"phx_join\",{}]");
            assertThat(plain.nextText()).isEqualTo("[\"1\",\"1\",\"room:bytes\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            recovering.sendText("[\"1\",\"1\",\"room:bytes\",\"phx_join\",{\"recover\":true}]");
            assertThat(recovering.nextText()).startsWith("[\"1\",\"1\",\"room:bytes\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"recovery\":");
            elsewhere.sendText("[\"1\",\"1\",\"plain:bytes\",\"phx_join\",{}]");
            assertThat(elsewhere.nextText()).isEqualTo("[\"1\",\"1\",\"plain:bytes\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

            Position position = server.endpoint().broadcast("room:bytes", "msg", Payload.parse("{\"n\":1,\"s\":\"é\"}"))
                    .toCompletableFuture().join();
            server.endpoint().broadcast("plain:bytes", "msg", Payload.parse("{\"n\":1,\"s\":\"é\"}")).toCompletableFuture().join();

            String plainFrame = plain.nextText();
            assertThat(plainFrame).isEqualTo("[null,null,\"room:bytes\",\"msg\",{\"n\":1,\"s\":\"é\"}]");
            assertThat(elsewhere.nextText()).isEqualTo(plainFrame.replace("room:bytes", "plain:bytes"));
            assertThat(recovering.nextText()).isEqualTo("[null,\"" + position + "\",\"room:bytes\",\"msg\",{\"n\":1,\"s\":\"é\"}]");
        }
    }

    private static SwitchboardServer start() {
        SocketDefinition socket = SocketDefinition.builder(InteropApp.PATH)
                .channel("room:*", InteropApp.RoomChannel::new)
                .channel("plain:*", InteropApp.RoomChannel::new)
                .history("room:*", HistoryOptions.of(1_000, Duration.ofMinutes(5)))
                .build();
        return SwitchboardServer.builder().host("127.0.0.1").port(0).socket(socket).build().start();
    }

    private static void publish(SwitchboardServer server, String topic, int from, int to) {
        for (int n = from; n <= to; n++) {
            server.endpoint().broadcast(topic, "msg", Payload.parse("{\"n\":" + n + "}")).toCompletableFuture().join();
        }
    }

    private static List<JsonNode> joins(List<JsonNode> lines) {
        return lines.stream().filter(line -> line.has("joined")).map(line -> line.get("joined")).toList();
    }

    private static List<Integer> numbers(JsonNode array) {
        List<Integer> numbers = new ArrayList<>();
        array.forEach(n -> numbers.add(n.asInt()));
        return numbers;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", line);
        }
    }
}
