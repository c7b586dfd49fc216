package dev.switchboard.client;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import java.io.IOException;

/**
 * {@link InteropApp} in a JVM of its own, for measurements of the client JVM alone: prints
 * {@code port N}, serves until its stdin closes (the measuring JVM ending it, or dying), then stops.
 */
public final class LoadServer {
    private LoadServer() {}

    public static void main(String[] args) throws IOException {
        SwitchboardServer server = InteropApp.start(dev.switchboard.socket.SocketOptions.DEFAULTS);
        System.out.println("port " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for stdin to close
        }
        server.close();
    }
}
