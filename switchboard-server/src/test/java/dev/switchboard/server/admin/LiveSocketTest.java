package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard's live feed: a phoenix-protocol channel with the ring's past, then a sample a second. */
class LiveSocketTest {

    @Test
    void joiningGivesThePastSamplesThenOneASecond() throws Exception {
        try (SwitchboardServer server = AdminServers.start()) {
            AdminClient admin = new AdminClient(server.port(), null);
            String csrf = admin.read("session").path("csrf").asText();
            try (WebSocketClient ws = WebSocketClient.connect(server.port(),
                    LiveSocket.PATH + "/websocket?vsn=2.0.0&csrf=" + csrf)) {
                ws.sendText("[\"1\",\"1\",\"admin:samples\",\"phx_join\",{}]");
                JsonNode reply = AdminClient.JSON.readTree(ws.nextText());
                assertThat(reply.get(3).asText()).isEqualTo("phx_reply");
                assertThat(reply.at("/4/status").asText()).isEqualTo("ok");
                assertThat(reply.at("/4/response/samples").isArray()).isTrue();

                JsonNode sample = AdminClient.JSON.readTree(ws.next(Duration.ofSeconds(3)).text());
                assertThat(sample.get(2).asText()).isEqualTo("admin:samples");
                assertThat(sample.get(3).asText()).isEqualTo("sample");
                assertThat(sample.at("/4/connections").asInt()).as("the feed's own connection").isEqualTo(1);
            }
        }
    }

    @Test
    void withoutTheCsrfTokenTheFeedIsRefused() throws Exception {
        try (SwitchboardServer server = AdminServers.start()) {
            var refused = WebSocketClient.upgradeResponse(server.port(),
                    dev.switchboard.testsupport.ws.Handshake.to(LiveSocket.PATH + "/websocket?vsn=2.0.0&csrf=guess"));
            assertThat(refused.status()).isEqualTo(403);
        }
    }
}
