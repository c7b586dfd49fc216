package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection-level behaviour over real sockets: timeouts, control frames, closes, backpressure. */
class WebSocketConnectionTest {
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
        Client client = Client.connect(server, "");
        Client.Closed closed = client.closed.get(10, TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1001);
        assertThat(closed.reason()).isEqualTo("idle timeout");
    }

    @Test
    void framesKeepAConnectionAlive() throws Exception {
        start(SocketOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(1500)), 1 << 20);
        Client client = Client.connect(server, "");
        for (int i = 0; i < 6; i++) {
            client.send("[null,\"" + i + "\",\"phoenix\",\"heartbeat\",{}]");
            assertThat(client.next()).contains("phx_reply");
            Thread.sleep(500);
        }
        assertThat(client.closed).isNotDone();
    }

    @Test
    void protocolPingIsAnsweredWithPong() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        Client client = Client.connect(server, "");
        client.ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        assertThat(client.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void serverShutdownClosesClientsWith1012() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        Client client = Client.connect(server, "");
        server.close();
        server = null;
        assertThat(client.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1012);
    }

    @Test
    void disconnectingASocketIdClosesOnlyThoseConnectionsWith1001() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        Client user7a = Client.connect(server, "&id=user:7");
        Client user7b = Client.connect(server, "&id=user:7");
        Client other = Client.connect(server, "&id=user:8");
        server.endpoint().disconnect("user:7");
        assertThat(user7a.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1001);
        assertThat(user7b.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1001);
        other.send("[null,\"1\",\"phoenix\",\"heartbeat\",{}]");
        assertThat(other.next()).contains("phx_reply");
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndOthersKeepReceiving() throws Exception {
        start(SocketOptions.DEFAULTS, 256 * 1024);
        Client reader = Client.connect(server, "");
        reader.send("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
        assertThat(reader.next()).contains("\"ok\"");

        try (Socket stalled = upgradedRawSocket(4096)) {
            OutputStream out = stalled.getOutputStream();
            InputStream in = stalled.getInputStream();
            out.write(maskedText("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]"));
            out.flush();
            assertThat(readTextFrame(in)).contains("phx_reply"); // joined; from now on it never reads

            String big = "{\"data\":\"" + "x".repeat(16 * 1024) + "\"}";
            for (int i = 0; i < 400; i++) { // ~6.5 MB per subscriber, far over the 256 KiB limit
                server.endpoint().broadcast("room:flood", "msg", Payload.parse(big));
                // Paced by the reading client, which keeps up the whole time.
                drain(reader, 1);
            }
            // The stalled client was disconnected: reading what was buffered ends in EOF.
            stalled.setSoTimeout(10_000);
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            assertThat(total).isLessThan(400L * 16 * 1024);
        }
        reader.send("[null,\"9\",\"phoenix\",\"heartbeat\",{}]");
        String reply = null;
        for (int i = 0; i < 1000 && (reply == null || !reply.contains("phx_reply")); i++) {
            reply = reader.next();
        }
        assertThat(reply).contains("phx_reply");
    }

    @Test
    void aFragmentedMessageIsReassembledIntoOne() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        Client client = Client.connect(server, "");
        client.ws.sendText("[null,\"1\",\"phoe", false).get(5, TimeUnit.SECONDS);
        client.ws.sendText("nix\",\"heartbeat\",{}]", true).get(5, TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    }

    @Test
    void aFragmentedMessageOverTheLimitIsClosedWith1009() throws Exception {
        start(SocketOptions.DEFAULTS.withMaxFrameBytes(4096), 1 << 20);
        Client client = Client.connect(server, "");
        String part = "x".repeat(3000);
        client.ws.sendText("[null,\"1\",\"phoenix\",\"heartbeat\",{\"a\":\"" + part, false).get(5, TimeUnit.SECONDS);
        client.ws.sendText(part, false);
        assertThat(client.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
    }

    @Test
    void aContinuationWithoutAMessageIsAProtocolError() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (Socket raw = upgradedRawSocket()) {
            raw.getOutputStream().write(maskedFrame(0x80, "orphan")); // FIN + opcode 0: continuation
            raw.getOutputStream().flush();
            assertThat(readCloseCode(raw)).isEqualTo(1002);
        }
    }

    @Test
    void aClientCloseIsEchoedAndTheConnectionEnds() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (Socket raw = upgradedRawSocket()) {
            byte[] body = {0x03, (byte) 0xE9}; // 1001 going away
            raw.getOutputStream().write(maskedFrame(0x88, body));
            raw.getOutputStream().flush();
            assertThat(readCloseCode(raw)).isEqualTo(1001);
            assertThat(raw.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void preStandardHandshakesAreRefusedWith426() throws Exception {
        start(SocketOptions.DEFAULTS, 1 << 20);
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            // A draft-76/00 handshake: no Sec-WebSocket-Version, two numeric keys.
            raw.getOutputStream().write(("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                    + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U").getBytes(StandardCharsets.US_ASCII));
            String response = new String(raw.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13");
        }
    }

    private Socket upgradedRawSocket() throws Exception {
        return upgradedRawSocket(0);
    }

    /** A raw socket past the 101; a small receive buffer (set before connecting) makes a reader that falls behind fast. */
    private Socket upgradedRawSocket(int receiveBuffer) throws Exception {
        Socket raw = new Socket();
        if (receiveBuffer > 0) {
            raw.setReceiveBufferSize(receiveBuffer);
        }
        raw.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
        raw.setSoTimeout(10_000);
        raw.getOutputStream().write(("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = raw.getInputStream();
        // Skip the 101 response headers.
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("upgrade response").isNotNegative();
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
        }
        return raw;
    }

    /** Reads one (small, unfragmented) server text frame. */
    private static String readTextFrame(InputStream in) throws Exception {
        int b0 = in.read();
        int len = in.read() & 0x7F;
        assertThat(b0).as("a frame before EOF").isNotNegative();
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        }
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /** Reads server frames until a close frame and returns its status code. */
    private static int readCloseCode(Socket raw) throws Exception {
        InputStream in = raw.getInputStream();
        while (true) {
            int b0 = in.read();
            int len = in.read() & 0x7F;
            assertThat(b0).as("a frame before EOF").isNotNegative();
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            }
            byte[] payload = in.readNBytes(len);
            if ((b0 & 0x0F) == 0x8) {
                return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            }
        }
    }

    private static byte[] maskedFrame(int firstByte, String text) {
        return maskedFrame(firstByte, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] maskedFrame(int firstByte, byte[] payload) {
        byte[] mask = {9, 8, 7, 6};
        ByteBuffer frame = ByteBuffer.allocate(2 + 4 + payload.length);
        frame.put((byte) firstByte).put((byte) (0x80 | payload.length)).put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        return frame.array();
    }

    private static void drain(Client client, int atLeast) throws InterruptedException {
        for (int i = 0; i < atLeast; i++) {
            assertThat(client.next()).isNotNull();
        }
    }

    /** A client text frame (clients must mask). */
    private static byte[] maskedText(String text) {
        return maskedFrame(0x81, text);
    }

    /** A JDK WebSocket client that records frames, pongs and the close. */
    static final class Client implements WebSocket.Listener {
        record Closed(int code, String reason) {}

        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect(SwitchboardServer server, String query) throws Exception {
            Client client = new Client();
            client.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0" + query), client)
                    .get(5, TimeUnit.SECONDS);
            return client;
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            return frames.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
