package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.CloseStatus;
import dev.switchboard.testsupport.ws.Frame;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection-level behaviour over real sockets: timeouts, control frames, closes, backpressure. */
class WebSocketConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HEARTBEAT = "[null,\"1\",\"phoenix\",\"heartbeat\",{}]";

    private SwitchboardServer server;

    private static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }

    private void start(SocketOptions options, long maxOutboundBytes) {
        server = SwitchboardServer.builder().port(0).maxOutboundBytes(maxOutboundBytes)
                .socket(SocketDefinition.builder("/socket")
                        .connect(req -> ConnectResult.accept(Map.of(), req.param("id")))
                        .channel("room:*", Room::new, Execution.EVENT_LOOP)
                        .options(options)
                        .build())
                .build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void idleConnectionIsClosedWith1001NotWith1000() throws Exception {
        start(SocketOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(500)), 1 << 20);
        try (WebSocketClient client = connect("")) {
            CloseStatus closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(closed.reason()).isEqualTo("idle timeout");
        }
    }

    @Test
    void framesKeepAConnectionAlive() throws Exception {
        start(SocketOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(1500)), 1 << 20);
        try (WebSocketClient client = connect("")) {
            for (int i = 0; i < 6; i++) {
                client.sendText("[null,\"" + i + "\",\"phoenix\",\"heartbeat\",{}]");
                assertThat(client.nextText()).contains("phx_reply");
                Thread.sleep(500);
            }
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void protocolPingIsAnsweredWithPong() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient client = connect("")) {
            client.sendPing(new byte[] {1, 2, 3});
            Frame pong = client.next();
            assertThat(pong.opcode()).isEqualTo(Frame.PONG);
            assertThat(pong.payload()).isEqualTo(new byte[] {1, 2, 3});
        }
    }

    @Test
    void serverShutdownClosesClientsWith1012() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient client = connect("")) {
            server.close();
            server = null;
            assertThat(client.awaitClose().code()).isEqualTo(1012);
        }
    }

    @Test
    void disconnectingASocketIdClosesOnlyThoseConnectionsWith1001() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient user7a = connect("&id=user:7");
             WebSocketClient user7b = connect("&id=user:7");
             WebSocketClient other = connect("&id=user:8")) {
            server.endpoint().disconnect("user:7");
            assertThat(user7a.awaitClose().code()).isEqualTo(1001);
            assertThat(user7b.awaitClose().code()).isEqualTo(1001);
            other.sendText(HEARTBEAT);
            assertThat(other.nextText()).contains("phx_reply");
        }
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndOthersKeepReceiving() throws Exception {
        start(SocketOptions.DEFAULTS, 256 * 1024);
        try (WebSocketClient reader = connect("")) {
            reader.sendText("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
            assertThat(reader.nextText()).contains("\"ok\"");

            // A small receive buffer (set before connecting) makes a reader that falls behind fast.
            try (WebSocketClient stalled = WebSocketClient.connect(RawConnection.to(server.port()).receiveBufferSize(4096)
                    .readTimeout(WAIT), Handshake.to("/socket/websocket?vsn=2.0.0"))) {
                stalled.sendText("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
                assertThat(stalled.nextText()).contains("phx_reply"); // joined; from now on it never reads

                String big = "{\"data\":\"" + "x".repeat(16 * 1024) + "\"}";
                for (int i = 0; i < 400; i++) { // ~6.5 MB per subscriber, far over the 256 KiB limit
                    server.endpoint().broadcast("room:flood", "msg", Payload.parse(big));
                    // Paced by the reading client, which keeps up the whole time.
                    assertThat(reader.nextText()).isNotNull();
                }
                // The stalled client was disconnected: reading what was buffered ends in EOF.
                InputStream in = stalled.connection().input();
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
                assertThat(total).isLessThan(400L * 16 * 1024);
            }
            reader.sendText("[null,\"9\",\"phoenix\",\"heartbeat\",{}]");
            String reply = null;
            for (int i = 0; i < 1000 && (reply == null || !reply.contains("phx_reply")); i++) {
                reply = reader.nextText();
            }
            assertThat(reply).contains("phx_reply");
        }
    }

    @Test
    void aFragmentedMessageIsReassembledIntoOne() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient client = connect("")) {
            client.sendFragment(Frame.TEXT, bytes("[null,\"1\",\"phoe"), false);
            client.sendFragment(Frame.CONTINUATION, bytes("nix\",\"heartbeat\",{}]"), true);
            assertThat(client.nextText()).isEqualTo("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        }
    }

    @Test
    void aFragmentedMessageOverTheLimitIsClosedWith1009() throws Exception {
        start(SocketOptions.DEFAULTS.withMaxFrameBytes(4096), 1 << 20);
        try (WebSocketClient client = connect("")) {
            String part = "x".repeat(3000);
            client.sendFragment(Frame.TEXT, bytes("[null,\"1\",\"phoenix\",\"heartbeat\",{\"a\":\"" + part), false);
            client.trySendRaw(client.encode(Frame.CONTINUATION, bytes(part), true)); // the server may have closed already
            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void aContinuationWithoutAMessageIsAProtocolError() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient raw = connect("")) {
            raw.sendFrame(Frame.FIN | Frame.CONTINUATION, bytes("orphan"));
            assertThat(raw.awaitClose().code()).isEqualTo(1002);
        }
    }

    @Test
    void aClientCloseIsEchoedAndTheConnectionEnds() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (WebSocketClient raw = connect("")) {
            raw.sendClose(1001, ""); // going away
            assertThat(raw.awaitClose().code()).isEqualTo(1001);
            assertThat(raw.connection().input().read()).isEqualTo(-1);
        }
    }

    @Test
    void preStandardHandshakesAreRefusedWith426() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (RawConnection raw = RawConnection.open(server.port())) {
            // A draft-76/00 handshake: no Sec-WebSocket-Version, two numeric keys.
            raw.write("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                    + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U");
            RawResponse response = ResponseReader.read(raw.input(), false);
            assertThat(response.status()).isEqualTo(426);
            assertThat(response.firstHeader("sec-websocket-version")).isEqualTo("13");
        }
    }

    /** A raw client past the 101, reads waiting up to 10 s. */
    private WebSocketClient connect(String query) throws Exception {
        return WebSocketClient.connect(RawConnection.to(server.port()).readTimeout(WAIT),
                Handshake.to("/socket/websocket?vsn=2.0.0" + query));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
