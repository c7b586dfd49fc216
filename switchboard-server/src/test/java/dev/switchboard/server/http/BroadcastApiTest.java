package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publish API, both forms, against a real server and a real WebSocket subscriber. */
class BroadcastApiTest {
    private static SwitchboardServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/socket")
                        .channel("room:*", () -> (topic, params, ctx) -> JoinResult.ok(), Execution.EVENT_LOOP)
                        .build())
                .broadcastApi(true)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private final List<WebSocketClient> subscribers = new ArrayList<>();

    @AfterEach
    void closeSubscribers() {
        subscribers.forEach(WebSocketClient::close);
    }

    @Test
    void bodyIsBroadcastAsMsgToSubscribers() throws Exception {
        WebSocketClient frames = subscribe("room:api");
        HttpResponse<String> response = post("/api/broadcast/room:api", "{\"body\":\"hello\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"event\":\"msg\"");
        assertThat(frames.nextText()).isEqualTo("[null,null,\"room:api\",\"msg\",{\"body\":\"hello\"}]");
    }

    @Test
    void eventAndPayloadMembersChooseTheEvent() throws Exception {
        WebSocketClient frames = subscribe("room:api2");
        HttpResponse<String> response = post("/api/broadcast/room%3Aapi2", "{\"event\":\"alert\",\"payload\":{\"level\":3}}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(frames.nextText()).isEqualTo("[null,null,\"room:api2\",\"alert\",{\"level\":3}]");
    }

    @Test
    void badInputGets400WithAReason() throws Exception {
        assertThat(post("/api/broadcast/room:x", "{not json").body()).contains("invalid JSON");
        assertThat(post("/api/broadcast/room:x", "{not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/broadcast/room:x", "[1,2]").body()).contains("must be a JSON object");
        assertThat(post("/api/broadcast/room:x", "").body()).contains("empty body");
        assertThat(post("/api/broadcast/room:x", "{\"event\":5}").body()).contains("'event' must be a string");
        assertThat(post("/api/broadcast/room:x", "{\"payload\":[]}").body()).contains("'payload' must be a JSON object");
        assertThat(post("/api/broadcast/", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        for (String path : new String[] {"/api/broadcast/room:x", "/api/broadcast"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).contains("POST");
            assertError(response, 405, "method GET is not allowed: use POST");
        }
    }

    @Test
    void aPlusInTheTopicIsAPlusNotASpace() throws Exception {
        WebSocketClient frames = subscribe("room:a+b");
        assertThat(post("/api/broadcast/room:a+b", "{}").statusCode()).isEqualTo(202);
        assertThat(frames.nextText()).isEqualTo("[null,null,\"room:a+b\",\"msg\",{}]");
    }

    @Test
    void singleTopicErrorsNameTheField() throws Exception {
        assertError(post("/api/broadcast/room:x", "{\"payload\":{},\"topic\":\"room:y\"}"), 400,
                "unknown field 'topic' in the {\"event\",\"payload\"} form; allowed: event, payload");
        assertError(post("/api/broadcast/room:x", "{\n\"a\":1,,}"), 400, "invalid JSON at line 2, column 7: ");
        assertError(post("/api/broadcast/" + "t".repeat(256), "{}"), 400, "'topic' is 256 bytes; the limit is 255 bytes (UTF-8)");
        assertError(post("/api/broadcast/", "{}"), 400, "missing topic: POST /api/broadcast/{topic}");
    }

    @Test
    void aBatchReachesSubscribersInOrder() throws Exception {
        WebSocketClient frames = subscribe("room:batch");
        StringBuilder messages = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            messages.append(i == 1 ? "" : ",")
                    .append("{\"topic\":\"room:batch\",\"event\":\"e").append(i).append("\",\"payload\":{\"n\":").append(i).append("}}");
        }
        messages.append(",{\"topic\":\"room:elsewhere\",\"payload\":{}},{\"topic\":\"room:batch\",\"payload\":{\"n\":6}}");

        HttpResponse<String> response = post("/api/broadcast", "{\"messages\":[" + messages + "]}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"status\":\"accepted\",\"count\":7}"));
        for (int i = 1; i <= 5; i++) {
            assertThat(frames.nextText()).isEqualTo("[null,null,\"room:batch\",\"e" + i + "\",{\"n\":" + i + "}]");
        }
        assertThat(frames.nextText()).isEqualTo("[null,null,\"room:batch\",\"msg\",{\"n\":6}]");
    }

    @Test
    void aBatchWithABadThirdEntryPublishesNothing() throws Exception {
        WebSocketClient frames = subscribe("room:all-or-nothing");
        String good = "{\"topic\":\"room:all-or-nothing\",\"payload\":{\"n\":1}}";

        HttpResponse<String> refused = post("/api/broadcast",
                "{\"messages\":[" + good + "," + good + ",{\"topic\":\"room:all-or-nothing\",\"payload\":\"text\"}]}");
        assertError(refused, 400, "'messages[2].payload' must be a JSON object");

        assertThat(post("/api/broadcast/room:all-or-nothing", "{\"marker\":true}").statusCode()).isEqualTo(202);
        assertThat(frames.nextText()).as("the first broadcast after the refused batch")
                .isEqualTo("[null,null,\"room:all-or-nothing\",\"msg\",{\"marker\":true}]");
    }

    @Test
    void batchErrorsNameTheFieldAndTheLimit() throws Exception {
        assertError(post("/api/broadcast", "{\"messages\":[{\"topic\":\"a\",\"payload\":{},\"data\":1}]}"), 400,
                "unknown field 'data' in 'messages[0]'; allowed: topic, event, payload");
        assertError(post("/api/broadcast", "{\"msgs\":[]}"), 400, "missing 'messages'");
        assertError(post("/api/broadcast", "{\"messages\":[],\"topic\":\"a\"}"), 400,
                "unknown field 'topic' in the batch form; allowed: messages");
        assertError(post("/api/broadcast", "{\"messages\":[{\"topic\":1,\"payload\":{}}]}"), 400, "'messages[0].topic' must be a string");
        String entry = "{\"topic\":\"room:x\",\"payload\":{}}";
        assertError(post("/api/broadcast", "{\"messages\":[" + String.join(",", Collections.nCopies(1001, entry)) + "]}"),
                413, "'messages' has 1001 entries; the limit is 1000 per request (MAX_BATCH_MESSAGES)");
    }

    @Test
    void formEncodedBodiesAreReadAsJsonBecauseCurlDashDSendsThat() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/broadcast/room:form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void otherContentTypesAre415() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/broadcast/room:x"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\n\r\n{}\r\n--b--")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(response, 415, "unsupported Content-Type multipart/form-data; boundary=b: send a JSON body as application/json");
    }

    @Test
    void withAnApiKeyEveryRequestMustPresentIt() throws Exception {
        String key = "test-key-0123456789abcdef";
        try (SwitchboardServer keyed = SwitchboardServer.builder().port(0).broadcastApi(true).apiKey(key).build().start()) {
            URI target = URI.create("http://127.0.0.1:" + keyed.port() + "/api/broadcast/room:k");

            HttpResponse<String> missing = post(target, "{}", null);
            assertError(missing, 401, "missing API key: send the header Authorization: Bearer <key>");
            assertThat(missing.headers().firstValue("www-authenticate")).contains("Bearer realm=\"switchboard\"");

            HttpResponse<String> wrong = post(target, "{}", "Bearer " + key.substring(0, key.length() - 1) + "X");
            assertError(wrong, 401, "invalid API key");
            assertThat(wrong.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));

            assertError(post(target, "{}", "Basic " + key), 401, "the Authorization header must use the Bearer scheme");
            assertThat(post(target, "{}", "Bearer " + key).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void withoutAnApiKeyLoopbackClientsArePublishers() throws Exception {
        // 127.0.0.2 is another loopback address; non-loopback decisions are pinned down in ApiKeyCheckTest
        try (RawConnection socket = RawConnection.to(server.port()).from("127.0.0.2").open()) {
            socket.write("POST /api/broadcast/room:lo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(socket.readLine()).isEqualTo("HTTP/1.1 202 Accepted");
        }
    }

    /** Every error is {@code {"error": reason}} as JSON. */
    static void assertError(HttpResponse<String> response, int status, String reasonStart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.path("error").asText()).startsWith(reasonStart);
    }

    private static HttpResponse<String> post(URI target, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(uri(path), body, null);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Opens a WebSocket and joins the topic; what it reads next comes after the join reply. */
    private WebSocketClient subscribe(String topic) throws Exception {
        WebSocketClient ws = WebSocketClient.connect(server.port(), "/socket/websocket?vsn=2.0.0");
        subscribers.add(ws);
        ws.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
        assertThat(ws.nextText()).contains("phx_reply").contains("\"ok\"");
        return ws;
    }
}
