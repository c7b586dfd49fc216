package dev.switchboard.testsupport.http;

import dev.switchboard.testsupport.net.RawConnection;
import java.io.IOException;

/** One request on a fresh loopback connection, its whole response, then the connection is closed. */
public final class RawHttp {
    private RawHttp() {}

    /** Sends {@code request} (head and body, as ISO-8859-1) to 127.0.0.1:port and reads the response with its body. */
    public static RawResponse exchange(int port, String request) throws IOException {
        try (RawConnection connection = RawConnection.open(port)) {
            connection.write(request);
            return ResponseReader.read(connection.input(), true);
        }
    }

    /** Sends raw bytes and reads the response with its body. */
    public static RawResponse exchange(int port, byte[] request) throws IOException {
        try (RawConnection connection = RawConnection.open(port)) {
            connection.write(request);
            return ResponseReader.read(connection.input(), true);
        }
    }
}
