package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.Deflate;
import dev.switchboard.testsupport.ws.Frame;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** permessage-deflate over a raw socket: negotiation, an inflated message, a deflate bomb. */
class PerMessageDeflateTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final String JOIN = "[\"1\",\"1\",\"room:a\",\"phx_join\",{}]";
    private static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";
    private static final int MIN_BYTES = 128;

    private SwitchboardServer server;
    private WebSocketClient socket;

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }

    private void start(boolean compression) {
        start(compression, true);
    }

    private void start(boolean compression, boolean socketCompression) {
        server = SwitchboardServer.builder().port(0).compression(compression).compressMinBytes(MIN_BYTES)
                .socket(SocketDefinition.builder("/socket")
                        .options(SocketOptions.DEFAULTS.withMaxFrameBytes(MAX_FRAME).withCompression(socketCompression))
                        .channel("room:*", () -> (t, p, c) -> JoinResult.ok()).build())
                .build().start();
    }

    /** Upgrades offering permessage-deflate as browsers do; returns the response. */
    private RawResponse upgrade() throws IOException {
        return upgrade(BROWSER_OFFER);
    }

    private RawResponse upgrade(String offer) throws IOException {
        socket = open(offer);
        return socket.handshakeResponse();
    }

    private WebSocketClient open(String offer) throws IOException {
        Handshake handshake = Handshake.to("/socket/websocket?vsn=2.0.0");
        return WebSocketClient.connect(RawConnection.to(server.port()),
                offer == null ? handshake : handshake.header("Sec-WebSocket-Extensions", offer));
    }

    /** Joins room:a on {@code client} and reads the reply. */
    private static void join(WebSocketClient client) throws IOException {
        client.sendFrame(Frame.FIN | Frame.TEXT, JOIN.getBytes(StandardCharsets.UTF_8));
        assertThat(client.next().text()).contains("phx_reply", "\"ok\"");
    }

    /** A masked, final text frame; RSV1 set when compressed. */
    private void sendText(byte[] payload, boolean compressed) throws IOException {
        socket.sendFrame(Frame.FIN | Frame.TEXT | (compressed ? 0x40 : 0), payload);
    }

    @Test
    void aCompressedMessageIsInflatedWhenTheClientOffersDeflate() throws Exception {
        start(true);
        RawResponse upgrade = upgrade();
        assertThat(upgrade.status()).isEqualTo(101);
        assertThat(upgrade.firstHeader("sec-websocket-extensions")).startsWith("permessage-deflate");

        sendText(Deflate.compress(JOIN.getBytes(StandardCharsets.UTF_8)), true);
        Frame reply = socket.next();
        assertThat(reply.opcode()).isEqualTo(1);
        assertThat(new String(reply.payload(), StandardCharsets.UTF_8))
                .isEqualTo("[\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

        // an uncompressed message is still fine under permessage-deflate
        sendText("[null,\"2\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8), false);
        assertThat(socket.next().text()).contains("\"2\"", "phx_reply");
    }

    @Test
    void aDeflateBombClosesWith1009() throws Exception {
        start(true);
        upgrade();
        byte[] bomb = new byte[MAX_FRAME * 16]; // a MiB of spaces inflates from about a KB
        Arrays.fill(bomb, (byte) ' ');
        byte[] compressed = Deflate.compress(bomb);
        assertThat(compressed.length).isLessThan(8 * 1024);

        sendText(compressed, true);
        Frame close = socket.next();
        assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(close.closeStatus().code()).isEqualTo(1009);
    }

    @Test
    void theServerAnswersWithNoContextTakeoverSoThatItCompressesEachMessageOnItsOwn() throws Exception {
        start(true);
        assertThat(upgrade().firstHeader("sec-websocket-extensions"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
    }

    @Test
    void anOfferLimitingTheServersWindowIsDeclinedAndTheNextOfferTaken() throws Exception {
        start(true);
        assertThat(upgrade("permessage-deflate; server_max_window_bits=10").header("sec-websocket-extensions"))
                .as("the JDK's deflater cannot keep to a smaller window").isEmpty();
        socket.close();
        assertThat(upgrade("permessage-deflate; server_max_window_bits=10, permessage-deflate; client_max_window_bits")
                .firstHeader("sec-websocket-extensions")).startsWith("permessage-deflate");
    }

    @Test
    void aBroadcastGoesOutCompressedToClientsThatNegotiatedItAndPlainToTheOthers() throws Exception {
        start(true);
        upgrade();
        join(socket);
        try (WebSocketClient plain = open(null)) {
            join(plain);
            String text = "hello, room; ".repeat(30);
            server.endpoint().broadcast("room:a", "msg", java.util.Map.of("text", text)).toCompletableFuture().join();
            String expected = "[null,null,\"room:a\",\"msg\",{\"text\":\"" + text + "\"}]";

            Frame compressed = socket.next();
            assertThat(compressed.rsv()).as("RSV1: a compressed message").isEqualTo(4);
            assertThat(compressed.payload().length).isLessThan(expected.length() / 4);
            assertThat(Deflate.inflate(compressed.payload())).isEqualTo(expected);

            Frame uncompressed = plain.next();
            assertThat(uncompressed.rsv()).isZero();
            assertThat(uncompressed.text()).isEqualTo(expected);

            var registry = server.meterRegistry();
            assertThat(registry.get("switchboard.websocket.deflate.messages").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("switchboard.websocket.deflate.bytes").tag("stage", "in").functionCounter().count())
                    .isEqualTo(expected.length());
            assertThat(registry.get("switchboard.websocket.deflate.bytes").tag("stage", "out").functionCounter().count())
                    .isEqualTo(compressed.payload().length);
        }
    }

    @Test
    void messagesUnderTheMinimumGoOutPlain() throws Exception {
        start(true);
        upgrade();
        sendText("[null,\"2\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8), false);
        Frame reply = socket.next();
        assertThat(reply.rsv()).isZero();
        assertThat(reply.text()).contains("\"2\"", "phx_reply");
    }

    @Test
    void aSocketCanKeepCompressionOffWhileTheServerHasItOn() throws Exception {
        start(true, false);
        assertThat(upgrade().header("sec-websocket-extensions")).isEmpty();
    }

    @Test
    void compressionIsOffByDefault() throws Exception {
        start(false);
        RawResponse upgrade = upgrade();
        assertThat(upgrade.status()).isEqualTo(101);
        assertThat(upgrade.header("sec-websocket-extensions")).isEmpty();
    }
}
