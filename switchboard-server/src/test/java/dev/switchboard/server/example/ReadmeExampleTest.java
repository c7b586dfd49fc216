package dev.switchboard.server.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's example channel, behind the README's connect rule, on a real server. */
class ReadmeExampleTest {
    private SwitchboardServer server;

    @BeforeEach
    void start() {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .connect(req -> req.param("user") == null ? ConnectResult.refuse()
                        : ConnectResult.accept(Map.of("user", req.param("user"))))
                .channel("room:*", RoomChannel::new)
                .build();
        server = SwitchboardServer.builder().port(0).socket(socket).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void chatMessagesAreBroadcastWithTheSendersName() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = connect("?user=ann&vsn=2.0.0", frames);
        ws.sendText("[\"1\",\"1\",\"room:lobby\",\"phx_join\",{}]", true);
        assertThat(frames.poll(5, TimeUnit.SECONDS))
                .isEqualTo("[\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        ws.sendText("[\"1\",\"2\",\"room:lobby\",\"new_msg\",{\"body\":\"hello\"}]", true);
        // The reply and the broadcast travel independently; either may arrive first.
        java.util.List<com.fasterxml.jackson.databind.JsonNode> received = java.util.List.of(
                json(frames.poll(5, TimeUnit.SECONDS)), json(frames.poll(5, TimeUnit.SECONDS)));
        assertThat(received).containsExactlyInAnyOrder(
                json("[\"1\",\"2\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]"),
                json("[null,null,\"room:lobby\",\"new_msg\",{\"user\":\"ann\",\"body\":\"hello\"}]"));
    }

    @Test
    void theSecretRoomRefusesAndAnonymousUsersCannotConnect() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = connect("?user=bob&vsn=2.0.0", frames);
        ws.sendText("[\"3\",\"3\",\"room:secret\",\"phx_join\",{}]", true);
        assertThat(frames.poll(5, TimeUnit.SECONDS))
                .isEqualTo("[\"3\",\"3\",\"room:secret\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}]");

        Throwable refused = catchCompletion(() -> connect("?vsn=2.0.0", new LinkedBlockingQueue<>()));
        assertThat(refused).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThat(((java.net.http.WebSocketHandshakeException) refused).getResponse().statusCode()).isEqualTo(403);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        assertThat(text).isNotNull();
        return dev.switchboard.protocol.Json.MAPPER.readTree(text);
    }

    private WebSocket connect(String query, BlockingQueue<String> frames) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket" + query),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                frames.add(data.toString());
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(5, TimeUnit.SECONDS);
    }

    private interface Attempt {
        Object run() throws Exception;
    }

    private static Throwable catchCompletion(Attempt attempt) {
        try {
            attempt.run();
            return new AssertionError("expected the connection to be refused");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }
}
