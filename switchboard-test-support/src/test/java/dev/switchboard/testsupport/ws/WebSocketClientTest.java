package dev.switchboard.testsupport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testsupport.net.RawConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a minimal WebSocket server written here: it checks the handshake, echoes
 * each message back in two fragments, and answers the text {@code close} with a close frame.
 */
class WebSocketClientTest {
    private ServerSocket listener;
    private volatile String request;
    private volatile boolean sawMaskedFrames = true;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::serve, "ws-test-server");
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    @Test
    void sendsMaskedFramesAndReadsFragmentedMessagesWhole() throws Exception {
        try (WebSocketClient ws = WebSocketClient.connect(RawConnection.to(listener.getLocalPort()),
                Handshake.to("/ws?vsn=2.0.0").subprotocols("phoenix"))) {
            assertThat(ws.handshakeResponse().firstHeader("sec-websocket-accept")).isEqualTo(Handshake.SAMPLE_ACCEPT);
            ws.sendText("héllo");
            assertThat(ws.nextText()).isEqualTo("héllo");
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.nextBinary()).containsExactly(1, 2, 3);
            assertThat(sawMaskedFrames).isTrue();
            assertThat(request).contains("Sec-WebSocket-Protocol: phoenix\r\n");
        }
    }

    @Test
    void aCloseIsReportedWithCodeAndReason() throws Exception {
        try (WebSocketClient ws = WebSocketClient.connect(listener.getLocalPort(), "/ws")) {
            ws.sendText("close");
            assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(1000, "bye"));
            assertThat(ws.isOpen()).isFalse();
            assertThatThrownBy(ws::nextText).isInstanceOf(ClosedByServerException.class);
        }
    }

    @Test
    void aRefusedUpgradeCarriesTheResponse() {
        assertThatThrownBy(() -> WebSocketClient.connect(listener.getLocalPort(), "/forbidden"))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                request = head.toString();
                if (request.startsWith("GET /forbidden")) {
                    out.write("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                String key = request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+).*", "$1");
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + Handshake.acceptFor(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                echo(in, out);
            } catch (IOException endOfTest) {
                // the client went away
            }
        }
    }

    private void echo(InputStream in, OutputStream out) throws IOException {
        while (true) {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            sawMaskedFrames &= (b1 & 0x80) != 0;
            Frame frame = FrameCodec.read(new java.io.SequenceInputStream(
                    new java.io.ByteArrayInputStream(new byte[] {(byte) b0, (byte) b1}), in));
            if (frame.opcode() == Frame.TEXT && frame.text().equals("close")) {
                out.write(FrameCodec.encode(0x88, FrameCodec.closePayload(1000, "bye"), null));
                return;
            }
            byte[] p = frame.payload();
            int half = p.length / 2;
            out.write(FrameCodec.encode(frame.opcode(), Arrays.copyOf(p, half), null));
            out.write(FrameCodec.encode(Frame.FIN, Arrays.copyOfRange(p, half, p.length), null));
        }
    }
}
