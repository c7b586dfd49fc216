package dev.switchboard.server.hostile;

import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The raw connections the hostile cases use: short read timeouts (a hang is an answer of its own,
 * {@link Answer#TIMEOUT}) and a reset on close, so thousands of short connections leave no
 * TIME_WAIT behind on the client side.
 */
final class Connections {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private Connections() {}

    static RawConnection.Options to(int port) {
        return RawConnection.to(port).readTimeout(READ_TIMEOUT).connectTimeout(READ_TIMEOUT).resetOnClose();
    }

    static RawConnection open(int port) throws IOException {
        return to(port).open();
    }

    /** A connection past a good upgrade to {@code /socket/websocket?query}. */
    static WebSocketClient webSocket(int port, String query) throws IOException {
        return WebSocketClient.connect(to(port), Handshake.to("/socket/websocket?" + query));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
