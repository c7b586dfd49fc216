package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/history/{topic}} against a real server whose {@code room:*} topics keep the last 50 messages. */
class HistoryApiTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SwitchboardServer server;

    @BeforeAll
    static void start() {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .socket(SocketDefinition.builder("/socket")
                        .channel("room:*", () -> (topic, params, ctx) -> JoinResult.ok(), Execution.EVENT_LOOP)
                        .history("room:*", HistoryOptions.of(50, Duration.ofMinutes(1)))
                        .build())
                .broadcastApi(true)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagesThroughWhatFollowsAPositionAndTheLastMessagesWithoutOne() throws Exception {
        List<Position> positions = publish("room:pages", 30);

        JsonNode page = get("/api/history/room:pages?since=" + positions.get(9) + "&limit=5");
        assertThat(page.get("recovered").asBoolean()).isTrue();
        assertThat(page.get("position").asText()).isEqualTo(positions.get(29).toString());
        assertThat(page.get("messages")).hasSize(5);
        assertThat(page.get("messages").get(0).get("position").asText()).isEqualTo(positions.get(10).toString());
        assertThat(page.get("messages").get(0).get("payload").get("n").asInt()).isEqualTo(11);
        assertThat(page.get("messages").get(0).get("event").asText()).isEqualTo("msg");

        JsonNode last = get("/api/history/room%3Apages?limit=3");
        assertThat(last.get("messages")).extracting(m -> m.get("payload").get("n").asInt()).containsExactly(28, 29, 30);
        assertThat(get("/api/history/room:pages").get("messages")).hasSize(30); // the default limit, 100, reaches back to the first
    }

    @Test
    void positionsItCannotAnswerForAreSaidSoWithAReason() throws Exception {
        List<Position> positions = publish("room:reasons", 60); // the history keeps 11..60

        assertThat(reason("/api/history/room:reasons?since=" + positions.get(2))).isEqualTo("too_old");
        assertThat(reason("/api/history/room:reasons?since=3@otherEpoch")).isEqualTo("epoch_changed");
        assertThat(reason("/api/history/room:reasons?since=" + new Position(9_000_000_000_000L, positions.get(0).epoch())))
                .isEqualTo("invalid_position");
        assertThat(reason("/api/history/plain:none")).isEqualTo("no_history");
    }

    @Test
    void malformedPositionsAndLimitsAre400() throws Exception {
        assertThat(status("/api/history/room:x?since=abc")).isEqualTo(400);
        assertThat(status("/api/history/room:x?since=1@" + "e".repeat(200))).isEqualTo(400);
        assertThat(status("/api/history/room:x?since=-1@e")).isEqualTo(400);
        assertThat(status("/api/history/room:x?limit=0")).isEqualTo(400);
        assertThat(status("/api/history/room:x?limit=1001")).isEqualTo(400);
        assertThat(status("/api/history/room:x?limit=99999999999999999999")).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri("/api/history/room:x?since=abc")).GET()).body()).contains("'since'");
        assertThat(send(HttpRequest.newBuilder(uri("/api/history/room:x")).POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(405);
    }

    private static List<Position> publish(String topic, int count) {
        List<Position> positions = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            positions.add(server.endpoint().broadcast(topic, "msg", Payload.parse("{\"n\":" + n + "}")).toCompletableFuture().join());
        }
        return positions;
    }

    private static String reason(String path) throws Exception {
        JsonNode body = get(path);
        assertThat(body.get("recovered").asBoolean()).as(body.toString()).isFalse();
        return body.get("reason").asText();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int status(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET()).statusCode();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
