package dev.switchboard.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server on loopback that gets the protocol wrong on purpose, to show that the client
 * never hangs on a bad peer. It speaks just enough HTTP and WebSocket (RFC 6455) by hand:
 * <ul>
 *   <li>{@link Behaviour#CLOSE_AT_ONCE}: accepts the TCP connection and closes it.</li>
 *   <li>{@link Behaviour#SILENT}: completes the WebSocket upgrade, reads everything, answers nothing.</li>
 *   <li>{@link Behaviour#GARBAGE}: completes the upgrade, then sends a text frame that is not a Phoenix frame.</li>
 *   <li>{@link Behaviour#HTTP_GARBAGE}: answers every HTTP request (a long-poll) 200 with a body that is not JSON.</li>
 * </ul>
 */
final class MisbehavingServer implements AutoCloseable {

    enum Behaviour { CLOSE_AT_ONCE, SILENT, GARBAGE, HTTP_GARBAGE }

    static final String GARBAGE = "this is, \"not\" [a phoenix frame";

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    MisbehavingServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "misbehaving-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    String endpoint() {
        return "ws://127.0.0.1:" + port() + "/socket";
    }

    /** TCP connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "misbehaving-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            if (behaviour == Behaviour.CLOSE_AT_ONCE) {
                return;
            }
            String request = readHead(in);
            if (behaviour == Behaviour.HTTP_GARBAGE) {
                byte[] body = "<html>oops</html>".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: " + body.length
                        + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return;
            }
            String key = header(request, "sec-websocket-key");
            String protocol = header(request, "sec-websocket-protocol");
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n"
                    + (protocol != null && protocol.contains("phoenix") ? "Sec-WebSocket-Protocol: phoenix\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (behaviour == Behaviour.GARBAGE) {
                byte[] text = GARBAGE.getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {(byte) 0x81, (byte) text.length});
                out.write(text);
            }
            out.flush();
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // read and ignore whatever the client sends
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
