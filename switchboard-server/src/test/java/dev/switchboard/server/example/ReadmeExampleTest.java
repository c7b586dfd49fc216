package dev.switchboard.server.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.phoenix.Messages;
import dev.switchboard.testsupport.ws.HandshakeRefusedException;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's example channel, behind the README's connect rule, on a real server. */
class ReadmeExampleTest {
    private SwitchboardServer server;

    @BeforeEach
    void start() {
        server = SwitchboardServer.builder().port(0).socket(ChatServer.SOCKET).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void chatMessagesAreBroadcastWithTheSendersName() throws Exception {
        try (WebSocketClient ws = connect("?user=ann&vsn=2.0.0")) {
            ws.sendText("[\"1\",\"1\",\"room:lobby\",\"phx_join\",{}]");
            assertThat(ws.nextText())
                    .isEqualTo("[\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            ws.sendText("[\"1\",\"2\",\"room:lobby\",\"new_msg\",{\"body\":\"hello\"}]");
            // The reply and the broadcast travel independently; either may arrive first.
            List<JsonNode> received = List.of(json(ws.nextText()), json(ws.nextText()));
            assertThat(received).containsExactlyInAnyOrder(
                    json("[\"1\",\"2\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"),
                    json("[null,null,\"room:lobby\",\"new_msg\",{\"user\":\"ann\",\"body\":\"hello\"}]"));
        }
    }

    @Test
    void theSecretRoomRefusesAndAnonymousUsersCannotConnect() throws Exception {
        try (WebSocketClient ws = connect("?user=bob&vsn=2.0.0")) {
            ws.sendText("[\"3\",\"3\",\"room:secret\",\"phx_join\",{}]");
            assertThat(ws.nextText())
                    .isEqualTo("[\"3\",\"3\",\"room:secret\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}]");
        }

        assertThatThrownBy(() -> connect("?vsn=2.0.0"))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, refused -> assertThat(refused.status()).isEqualTo(403));
    }

    private static JsonNode json(String text) {
        assertThat(text).isNotNull();
        return Messages.json(text);
    }

    private WebSocketClient connect(String query) throws Exception {
        return WebSocketClient.connect(server.port(), "/socket/websocket" + query);
    }
}
