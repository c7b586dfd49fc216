package dev.switchboard.server.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.SocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
    private Socket socket;

    @AfterEach
    void stop() throws IOException {
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

    /** Upgrades offering permessage-deflate as browsers do; returns the response head. */
    private String upgrade() throws IOException {
        socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5_000);
        String request = "GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) socket.getInputStream().read());
        }
        return head.toString();
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
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81 | (compressed ? 0x40 : 0));
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Next frame from the server: opcode and payload (the server never masks nor compresses). */
    private record Frame(int opcode, byte[] payload) {}

    private Frame readFrame() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int b0 = in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = (int) in.readLong();
        }
        byte[] payload = in.readNBytes(len);
        return new Frame(b0 & 0x0f, payload);
    }

    @Test
    void aCompressedMessageIsInflatedWhenTheClientOffersDeflate() throws Exception {
        start(true);
        assertThat(upgrade()).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");

        sendText(compress(JOIN.getBytes(StandardCharsets.UTF_8)), true);
        Frame reply = readFrame();
        assertThat(reply.opcode()).isEqualTo(1);
        assertThat(new String(reply.payload(), StandardCharsets.UTF_8))
                .isEqualTo("[\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

        // an uncompressed message is still fine under permessage-deflate
        sendText("[null,\"2\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8), false);
        assertThat(new String(readFrame().payload(), StandardCharsets.UTF_8)).contains("\"2\"", "phx_reply");
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
        Frame close = readFrame();
        assertThat(close.opcode()).isEqualTo(8);
        assertThat(((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff)).isEqualTo(1009);
    }

    @Test
    void compressionIsOffByDefault() throws Exception {
        start(false);
        assertThat(upgrade()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
    }
}
