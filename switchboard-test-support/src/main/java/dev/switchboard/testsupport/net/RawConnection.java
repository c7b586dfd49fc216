package dev.switchboard.testsupport.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One client TCP connection to a loopback server that writes whatever bytes a test wants (broken
 * requests included) and reads with a timeout, so no read hangs a test.
 *
 * <pre>{@code
 * try (RawConnection c = RawConnection.open(port)) {
 *     c.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
 *     RawResponse r = ResponseReader.read(c.input(), true);
 * }
 * }</pre>
 *
 * Reads go through a buffer, so byte-at-a-time parsing costs no system call per byte.
 */
public final class RawConnection implements AutoCloseable {
    /** Default connect and read timeout: far above any loopback answer, short enough to fail fast. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean resetOnClose;

    private RawConnection(Socket socket, boolean resetOnClose) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
        this.resetOnClose = resetOnClose;
    }

    /** A connection to {@code 127.0.0.1:port} with the default {@link Options}. */
    public static RawConnection open(int port) throws IOException {
        return to(port).open();
    }

    /** Options for a connection to {@code 127.0.0.1:port}; {@link Options#open()} connects. */
    public static Options to(int port) {
        return new Options(port);
    }

    /** The input, buffered; reads time out after the read timeout ({@link SocketTimeoutException}). */
    public InputStream input() {
        return in;
    }

    /** The socket itself, for what these methods do not cover. */
    public Socket socket() {
        return socket;
    }

    /** Changes the read timeout for the following reads. */
    public void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** Writes and flushes. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes the text as ISO-8859-1 (HTTP heads are bytes; keep non-ASCII out of them) and flushes. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes and flushes; false instead of an exception when the server has already closed or
     * reset the connection, which hostile input often provokes on purpose.
     */
    public boolean tryWrite(byte[] bytes) {
        try {
            write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One line, ISO-8859-1, without its CRLF or LF; null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Everything the server sends until it closes the connection. A reset after some bytes keeps
     * those bytes (a server that closes with unread input resets); a read timeout propagates.
     */
    public byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException reset) {
            // what arrived before the reset is the answer
        }
        return all.toByteArray();
    }

    /** {@link #readToEnd()} as ISO-8859-1 text. */
    public String readToEndText() throws IOException {
        return new String(readToEnd(), StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the server has ended the connection: true on end of stream or a reset, false if a
     * byte arrives (that byte is consumed). Waits up to the read timeout.
     */
    public boolean atEof() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Half-close: the server reads end of stream; reading stays possible. Quiet if already closed. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException alreadyClosed) {
            // the server closed first, which is what such a test provokes
        }
    }

    /** Drops the connection with a reset (RST), as a process that dies or a cable pulled does. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
        closeQuietly();
    }

    /** Closes: with a FIN, or with a reset if {@link Options#resetOnClose()} was chosen. */
    @Override
    public void close() {
        if (resetOnClose) {
            reset();
        } else {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a closed socket
        }
    }

    /** How to connect; every option has a default, so {@code RawConnection.to(port).open()} works. */
    public static final class Options {
        private final int port;
        private String host = "127.0.0.1";
        private InetAddress localAddress;
        private int receiveBufferSize;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration readTimeout = DEFAULT_TIMEOUT;
        private boolean resetOnClose;

        private Options(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            this.port = port;
        }

        /** The server's port. */
        public int port() {
            return port;
        }

        /** The server's address; default {@code 127.0.0.1}. */
        public Options host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The local address to connect from, e.g. {@code 127.0.0.2} to be another client address
         * (per-address limits, more than ~28,000 connections); default: the OS picks 127.0.0.1.
         */
        public Options from(String localAddress) throws IOException {
            this.localAddress = InetAddress.getByName(localAddress);
            return this;
        }

        /**
         * SO_RCVBUF, set before connecting so it shapes the TCP window: a small one makes a client
         * that falls behind quickly. Default 0: the OS default.
         */
        public Options receiveBufferSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("receiveBufferSize must be >= 0, got " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /** Default {@link #DEFAULT_TIMEOUT}. */
        public Options connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long a read waits before {@link SocketTimeoutException}; default {@link #DEFAULT_TIMEOUT}. */
        public Options readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * {@link RawConnection#close()} resets (RST) instead of closing with a FIN. Default off.
         * Tests that open thousands of short connections want it: a reset leaves no TIME_WAIT.
         */
        public Options resetOnClose() {
            this.resetOnClose = true;
            return this;
        }

        /** Connects (TCP_NODELAY on: tests write small pieces and expect them sent at once). */
        public RawConnection open() throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                if (receiveBufferSize > 0) {
                    socket.setReceiveBufferSize(receiveBufferSize);
                }
                if (resetOnClose) {
                    socket.setSoLinger(true, 0);
                }
                if (localAddress != null) {
                    socket.bind(new InetSocketAddress(localAddress, 0));
                }
                socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
                socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
                return new RawConnection(socket, resetOnClose);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
