package dev.switchboard.server.admin;

import static dev.switchboard.server.admin.AdminClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.ws.CloseStatus;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API's actions: publish, disconnect, drain, and what protects them from other sites. */
class AdminActionsTest {
    private SwitchboardServer server;
    private AdminClient admin;
    private final List<WebSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = AdminServers.start();
        admin = new AdminClient(server.port(), null);
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        server.close();
    }

    private WebSocketClient join(String id, String topic) throws Exception {
        WebSocketClient ws = AdminServers.join(server, id, topic, "");
        clients.add(ws);
        return ws;
    }

    @Test
    void publishReachesTheTopicsSubscribers() throws Exception {
        WebSocketClient subscriber = join(null, "room:pub");
        HttpResponse<String> response = admin.act("publish", "{\"topic\":\"room:pub\",\"event\":\"alert\",\"payload\":{\"level\":2}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = AdminClient.JSON.readTree(response.body());
        assertThat(answer.path("status").asText()).isEqualTo("published");
        assertThat(answer.path("position").asText()).as("room:* keeps history").startsWith("1@");
        assertThat(nextBroadcast(subscriber)).isEqualTo("[null,null,\"room:pub\",\"alert\",{\"level\":2}]");
    }

    @Test
    void aBadPublishIsRefusedNamingTheField() throws Exception {
        assertError(admin.act("publish", "{\"topic\":\"room:x\"}"), 400, "'body.payload' is missing");
        assertError(admin.act("publish", "{\"topic\":\"room:x\",\"payload\":[]}"), 400, "'body.payload' must be a JSON object");
        assertError(admin.act("publish", "{\"topic\":\"\",\"payload\":{}}"), 400, "'body.topic' must not be empty");
        assertError(admin.act("publish", "{\"topic\":\"room:x\",\"payload\":{},\"extra\":1}"), 400, "unknown field 'extra'");
        assertError(admin.act("publish", "{oops"), 400, "invalid JSON");
        assertError(admin.act("publish?now=1", "{}"), 400, "unknown parameter 'now'");
        assertError(admin.act("publsh", "{}"), 404, "no admin action /api/admin/publsh; actions: publish, disconnect, drain");
    }

    @Test
    void disconnectByConnectionIdClosesThatConnectionWith1001() throws Exception {
        WebSocketClient target = join("t-1", "room:d");
        WebSocketClient bystander = join("t-2", "room:d");
        String id = admin.read("connections?q=t-1").path("connections").get(0).path("id").asText();

        HttpResponse<String> response = admin.act("disconnect", "{\"connection\":\"" + id + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        CloseStatus close = target.awaitClose();
        assertThat(close.code()).isEqualTo(1001);
        assertThat(bystander.isOpen()).isTrue();
        assertThat(awaitCloses("disconnected")).isEqualTo(1);
        assertError(admin.act("disconnect", "{\"connection\":\"" + id + "\"}"), 404, "no open connection " + id);
    }

    @Test
    void disconnectBySocketIdClosesEveryConnectionWithIt() throws Exception {
        WebSocketClient first = join("same", "room:e");
        WebSocketClient second = join("same", "room:f");
        assertThat(admin.act("disconnect", "{\"socketId\":\"same\"}").statusCode()).isEqualTo(200);
        assertThat(first.awaitClose().code()).isEqualTo(1001);
        assertThat(second.awaitClose().code()).isEqualTo(1001);
    }

    @Test
    void aBadDisconnectIsRefused() throws Exception {
        assertError(admin.act("disconnect", "{}"), 400, "give exactly one of 'connection'");
        assertError(admin.act("disconnect", "{\"connection\":\"1\",\"socketId\":\"a\"}"), 400, "give exactly one of");
        assertError(admin.act("disconnect", "{\"connection\":12}"), 400, "'connection' must be a connection id");
        assertError(admin.act("disconnect", "{\"socketId\":\"\"}"), 400, "'socketId' must be a non-empty string");
        assertError(admin.act("disconnect", "{\"who\":\"x\"}"), 400, "unknown field 'who'");
        assertError(admin.act("disconnect", "[]"), 400, "body must be a JSON object");
    }

    @Test
    void actionsNeedTheCsrfTokenAndThisServersOrigin() throws Exception {
        String body = "{\"topic\":\"room:c\",\"payload\":{}}";
        assertError(admin.post("publish", body, null), 403, "missing header x-switchboard-csrf");
        assertError(admin.post("publish", body, "0123"), 403, "wrong header x-switchboard-csrf");
        String csrf = admin.read("session").path("csrf").asText();
        HttpRequest.Builder foreign = admin.request("publish").header("X-Switchboard-Csrf", csrf)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(body));
        assertError(admin.send(foreign), 403, "admin actions are accepted only from pages of this server (Origin http://evil.example)");
        HttpRequest.Builder own = admin.request("publish").header("X-Switchboard-Csrf", csrf)
                .header("Origin", "http://127.0.0.1:" + server.port()).POST(HttpRequest.BodyPublishers.ofString(body));
        assertThat(admin.send(own).statusCode()).isEqualTo(200);
        assertThat(admin.get("session").headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void drainStartsThisNodesDrain() throws Exception {
        join(null, "room:drain");
        HttpResponse<String> response = admin.act("drain", "{}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = AdminClient.JSON.readTree(response.body());
        assertThat(answer.path("status").asText()).isEqualTo("draining");
        assertThat(answer.path("connections").asInt()).isEqualTo(1);
        assertThat(server.draining()).isTrue();
        assertThat(admin.read("overview").at("/nodes/0/status").asText()).isEqualTo("draining");
    }

    /** Reads frames until a broadcast (no join ref), skipping presence frames. */
    private static String nextBroadcast(WebSocketClient ws) throws Exception {
        for (int i = 0; i < 10; i++) {
            String frame = ws.nextText();
            if (frame.startsWith("[null,null,") && !frame.contains("\"presence_")) {
                return frame;
            }
        }
        throw new AssertionError("no broadcast in 10 frames");
    }

    private long awaitCloses(String reason) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            JsonNode closes = admin.read("closes");
            n = closes.at("/sinceStart/" + reason).asLong();
            if (n > 0 && closes.at("/recent/" + reason).asLong() == n) {
                return n;
            }
            Thread.sleep(200);
        }
        return n;
    }
}
