package dev.switchboard.server.transport.longpoll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for requests the JDK client will not send and connections a test cuts. */
final class RawSocket implements AutoCloseable {
    private final Socket socket = new Socket();

    RawSocket(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
    }

    /** Sends {@code METHOD target} with a Host header and no body. */
    RawSocket send(String method, String target) throws IOException {
        String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + socket.getPort()
                + "\r\nAccept: application/json\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The status line and everything after it until the server closes or 5 s pass (enough for one small answer). */
    String readStatusLine() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    /** Drops the connection without a word, as a browser tab that goes away does. */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
