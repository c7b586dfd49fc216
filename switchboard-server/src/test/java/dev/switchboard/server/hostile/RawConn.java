package dev.switchboard.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * One raw TCP connection to the server under test: writes arbitrary bytes, reads an HTTP response
 * head (and a Content-Length body) or WebSocket frames. Closes with RST (linger 0) so thousands of
 * short connections leave no TIME_WAIT behind on the client side.
 */
final class RawConn implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 3_000;
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConn(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    static RawConn open(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoLinger(true, 0);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            return new RawConn(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Opens a connection and completes a WebSocket upgrade to {@code /socket/websocket?query}. */
    static RawConn webSocket(int port, String query) throws IOException {
        RawConn conn = open(port);
        conn.write(upgradeRequest("GET", "/socket/websocket?" + query, KEY, "13"));
        Http head = conn.readHttp(false);
        if (head.status() != 101) {
            conn.close();
            throw new IOException("upgrade refused: " + head.status());
        }
        return conn;
    }

    static byte[] upgradeRequest(String method, String target, String key, String version) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
        if (key != null) {
            sb.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        }
        if (version != null) {
            sb.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes; false when the server has already closed (fine for hostile input). */
    boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // already closed by the server
        }
    }

    /** An HTTP response: status, or {@link Answer#EOF} / {@link Answer#TIMEOUT} as the status. */
    record Http(int status, String head, String body) {}

    /**
     * Reads one response head; with {@code body}, also a Content-Length body (or up to EOF when
     * the server closes without one).
     */
    Http readHttp(boolean body) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream(256);
            int window = 0;
            while (window != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    return new Http(head.size() == 0 ? Answer.EOF : Answer.GARBLED, head.toString(StandardCharsets.ISO_8859_1), "");
                }
                head.write(b);
                window = (window << 8) | b;
                if (head.size() > 65_536) {
                    return new Http(Answer.GARBLED, "", "");
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int status = parseStatus(text);
            String bodyText = "";
            if (body) {
                int length = contentLength(text);
                byte[] bytes = in.readNBytes(Math.max(0, length));
                if (bytes.length < length) {
                    return new Http(Answer.GARBLED, text, "");
                }
                bodyText = new String(bytes, StandardCharsets.UTF_8);
            }
            return new Http(status, text, bodyText);
        } catch (SocketTimeoutException e) {
            return new Http(Answer.TIMEOUT, "", "");
        } catch (IOException e) {
            return new Http(Answer.EOF, "", "");
        }
    }

    private static int parseStatus(String head) {
        if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
            return Answer.GARBLED;
        }
        try {
            return Integer.parseInt(head.substring(9, 12));
        } catch (NumberFormatException e) {
            return Answer.GARBLED;
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** Writes one client frame: first byte as given (FIN/RSV/opcode), masked unless told otherwise. */
    boolean frame(int firstByte, byte[] payload, boolean masked, Random rnd) {
        return write(encode(firstByte, payload, masked, rnd));
    }

    static byte[] encode(int firstByte, byte[] payload, boolean masked, Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            b.write(maskBit | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) payload.length >>> shift));
            }
        }
        if (!masked) {
            b.writeBytes(payload);
            return b.toByteArray();
        }
        byte[] mask = new byte[4];
        rnd.nextBytes(mask);
        b.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            b.write(payload[i] ^ mask[i & 3]);
        }
        return b.toByteArray();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A server frame: opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : Answer.NO_STATUS;
        }
    }

    /** The next frame; null on EOF. Throws {@link SocketTimeoutException} after the read timeout. */
    Frame readFrame() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.read();
        if (b1 < 0) {
            return null;
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (in.read() & 0xff);
            }
        }
        if (len > 16 * 1024 * 1024) {
            throw new IOException("server frame too large: " + len);
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) {
            throw new EOFException("truncated server frame");
        }
        return new Frame(b0 & 0x0f, payload);
    }

    /**
     * Reads frames until a close frame: its code; {@link Answer#EOF} when the connection ends
     * without one, {@link Answer#TIMEOUT} when nothing ends it in time.
     */
    int awaitClose() {
        try {
            for (int i = 0; i < 10_000; i++) {
                Frame f = readFrame();
                if (f == null) {
                    return Answer.EOF;
                }
                if (f.opcode() == 0x8) {
                    return f.closeCode();
                }
            }
            return Answer.GARBLED;
        } catch (SocketTimeoutException e) {
            return Answer.TIMEOUT;
        } catch (IOException e) {
            return Answer.EOF;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
