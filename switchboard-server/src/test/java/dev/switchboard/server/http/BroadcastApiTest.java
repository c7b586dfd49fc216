package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Execution;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/broadcast/{topic}} against a real server and a real WebSocket subscriber. */
class BroadcastApiTest {
    private static SwitchboardServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

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

    @Test
    void bodyIsBroadcastAsMsgToSubscribers() throws Exception {
        BlockingQueue<String> frames = subscribe("room:api");
        HttpResponse<String> response = post("/api/broadcast/room:api", "{\"body\":\"hello\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"event\":\"msg\"");
        assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("[null,null,\"room:api\",\"msg\",{\"body\":\"hello\"}]");
    }

    @Test
    void eventAndPayloadMembersChooseTheEvent() throws Exception {
        BlockingQueue<String> frames = subscribe("room:api2");
        HttpResponse<String> response = post("/api/broadcast/room%3Aapi2", "{\"event\":\"alert\",\"payload\":{\"level\":3}}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("[null,null,\"room:api2\",\"alert\",{\"level\":3}]");
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
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/broadcast/room:x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("POST");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Opens a WebSocket, joins the topic and returns the frames received after the join reply. */
    private static BlockingQueue<String> subscribe(String topic) throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                frames.add(data.toString());
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(5, TimeUnit.SECONDS);
        ws.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]", true).get(5, TimeUnit.SECONDS);
        assertThat(frames.poll(5, TimeUnit.SECONDS)).contains("phx_reply").contains("\"ok\"");
        return frames;
    }
}
