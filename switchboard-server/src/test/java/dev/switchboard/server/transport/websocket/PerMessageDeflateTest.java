package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.Frame;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** permessage-deflate over a raw socket: negotiation, an inflated message, a deflate bomb. */
class PerMessageDeflateTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final String JOIN = "[\"1\",\"1\",\"room:a\",\"phx_join\",{}]";

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
        server = SwitchboardServer.builder().port(0).compression(compression)
                .socket(SocketDefinition.builder("/socket")
                        .options(SocketOptions.DEFAULTS.withMaxFrameBytes(MAX_FRAME))
                        .channel("room:*", () -> (t, p, c) -> JoinResult.ok()).build())
                .build().start();
    }

    /** Upgrades offering permessage-deflate as browsers do; returns the response. */
    private RawResponse upgrade() throws IOException {
        socket = WebSocketClient.connect(RawConnection.to(server.port()), Handshake.to("/socket/websocket?vsn=2.0.0")
                .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        return socket.handshakeResponse();
    }

    /** Raw deflate, without the 00 00 ff ff tail (RFC 7692 §7.2.1). */
    private static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
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

        sendText(compress(JOIN.getBytes(StandardCharsets.UTF_8)), true);
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
        byte[] compressed = compress(bomb);
        assertThat(compressed.length).isLessThan(8 * 1024);

        sendText(compressed, true);
        Frame close = socket.next();
        assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(close.closeStatus().code()).isEqualTo(1009);
    }

    @Test
    void compressionIsOffByDefault() throws Exception {
        start(false);
        RawResponse upgrade = upgrade();
        assertThat(upgrade.status()).isEqualTo(101);
        assertThat(upgrade.header("sec-websocket-extensions")).isEmpty();
    }
}
