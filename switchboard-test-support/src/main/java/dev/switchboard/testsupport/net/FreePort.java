package dev.switchboard.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port nobody listens on right now, for servers that must be told their port up front
 * (a child process, a restart on the same port). In-process servers should bind port 0 instead:
 * between this call and the bind another process may take the port, which is rare but possible.
 */
public final class FreePort {
    private FreePort() {}

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
