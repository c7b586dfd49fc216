package dev.switchboard.testsupport.ws;

import dev.switchboard.testsupport.http.RawHttp;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * A WebSocket client over a {@link RawConnection}: frames go out masked (unless a test asks
 * otherwise), frames come in one at a time on the caller's thread, each read bounded by the
 * connection's read timeout. Nothing is answered automatically.
 *
 * <pre>{@code
 * try (WebSocketClient ws = WebSocketClient.connect(port, "/socket/websocket?vsn=2.0.0")) {
 *     ws.sendText("[null,\"1\",\"phoenix\",\"heartbeat\",{}]");
 *     String reply = ws.nextText();
 *     ws.sendClose(1000, "bye");
 *     CloseStatus echoed = ws.awaitClose();
 * }
 * }</pre>
 *
 * Not thread-safe: one thread sends and reads (a second thread may {@link #close()}).
 */
public final class WebSocketClient implements AutoCloseable {
    /** Frames read while waiting for a close before giving up on a server that never sends one. */
    private static final int MAX_FRAMES_BEFORE_CLOSE = 10_000;

    private final RawConnection connection;
    private final RawResponse handshakeResponse;
    private final Random random;
    private CloseStatus closeReceived;
    private boolean ended;

    private WebSocketClient(RawConnection connection, RawResponse handshakeResponse, Random random) {
        this.connection = connection;
        this.handshakeResponse = handshakeResponse;
        this.random = random;
    }

    /** Connects to {@code 127.0.0.1:port} with a valid handshake for {@code target}. */
    public static WebSocketClient connect(int port, String target) throws IOException {
        return connect(RawConnection.to(port), Handshake.to(target));
    }

    /**
     * Opens the connection and sends the handshake.
     *
     * @throws HandshakeRefusedException when the answer is not {@code 101}; it carries the response
     */
    public static WebSocketClient connect(RawConnection.Options options, Handshake handshake) throws IOException {
        return connect(options, handshake, new Random());
    }

    /** As {@link #connect(RawConnection.Options, Handshake)}, masking with keys from {@code random} (seeded runs repeat). */
    public static WebSocketClient connect(RawConnection.Options options, Handshake handshake, Random random) throws IOException {
        RawConnection connection = options.open();
        try {
            connection.write(handshake.defaultHost("127.0.0.1:" + options.port()).bytes());
            RawResponse response = ResponseReader.read(connection.input(), false);
            if (response.status() != 101) {
                throw new HandshakeRefusedException(response);
            }
            return new WebSocketClient(connection, response, random);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Sends the handshake on a fresh connection to 127.0.0.1:port and returns the server's answer,
     * whatever it is: the {@code 101} head, or a refusal with its body. The connection is closed.
     */
    public static RawResponse upgradeResponse(int port, Handshake handshake) throws IOException {
        return RawHttp.exchange(port, handshake.defaultHost("127.0.0.1:" + port).bytes());
    }

    /** The server's {@code 101} response (its headers: accept, protocol, extensions). */
    public RawResponse handshakeResponse() {
        return handshakeResponse;
    }

    /** The connection underneath, for raw bytes, half-closes and resets. */
    public RawConnection connection() {
        return connection;
    }

    // ---- sending ----

    /** One masked, final text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(Frame.FIN | Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked, final binary frame. */
    public void sendBinary(byte[] payload) throws IOException {
        sendFrame(Frame.FIN | Frame.BINARY, payload);
    }

    /** A masked ping. */
    public void sendPing(byte[] payload) throws IOException {
        sendFrame(Frame.FIN | Frame.PING, payload);
    }

    /** A masked close frame with a code and reason. */
    public void sendClose(int code, String reason) throws IOException {
        sendFrame(Frame.FIN | Frame.CLOSE, FrameCodec.closePayload(code, reason));
    }

    /**
     * One fragment of a message: the first with {@link Frame#TEXT} or {@link Frame#BINARY}, the
     * rest with {@link Frame#CONTINUATION}; {@code last} sets FIN.
     */
    public void sendFragment(int opcode, byte[] payload, boolean last) throws IOException {
        sendFrame((last ? Frame.FIN : 0) | opcode, payload);
    }

    /** A masked frame with this first byte (FIN, RSV bits and opcode as given, legal or not). */
    public void sendFrame(int firstByte, byte[] payload) throws IOException {
        connection.write(encode(firstByte, payload, true));
    }

    /** The bytes of a frame as {@link #sendFrame} would write them (masked or not), for tests that batch or cut them. */
    public byte[] encode(int firstByte, byte[] payload, boolean masked) {
        return FrameCodec.encode(firstByte, payload, masked, random);
    }

    /** Bytes as they are: half frames, several frames at once, garbage. */
    public void sendRaw(byte[] bytes) throws IOException {
        connection.write(bytes);
    }

    /** {@link #sendRaw} that reports a connection the server already closed as false instead of throwing. */
    public boolean trySendRaw(byte[] bytes) {
        return connection.tryWrite(bytes);
    }

    // ---- receiving ----

    /**
     * The next frame, control frames included.
     *
     * @return the frame, or null when the server ended the connection (cleanly or with a reset)
     * @throws SocketTimeoutException when nothing arrives within the read timeout
     */
    public Frame next() throws IOException {
        Frame frame;
        try {
            frame = FrameCodec.read(connection.input());
        } catch (SocketTimeoutException | ProtocolException e) {
            throw e;
        } catch (IOException endedMidFrame) {
            ended = true;
            return null;
        }
        if (frame == null) {
            ended = true;
        } else if (frame.opcode() == Frame.CLOSE) {
            closeReceived = frame.closeStatus();
        }
        return frame;
    }

    /** {@link #next()} with another read timeout for this one read. */
    public Frame next(Duration timeout) throws IOException {
        int previous = connection.socket().getSoTimeout();
        connection.readTimeout(timeout);
        try {
            return next();
        } finally {
            connection.socket().setSoTimeout(previous);
        }
    }

    /**
     * The next whole text message, fragments joined, pings and pongs skipped.
     *
     * @throws ClosedByServerException when a close frame or the end of the connection comes first
     * @throws ProtocolException when a binary message comes first
     */
    public String nextText() throws IOException {
        return new String(nextMessage(Frame.TEXT), StandardCharsets.UTF_8);
    }

    /** The next whole binary message, as {@link #nextText()} does for text. */
    public byte[] nextBinary() throws IOException {
        return nextMessage(Frame.BINARY);
    }

    private byte[] nextMessage(int expectedOpcode) throws IOException {
        ByteArrayOutputStream message = null;
        while (true) {
            Frame frame = next();
            if (frame == null || frame.opcode() == Frame.CLOSE) {
                throw new ClosedByServerException(frame == null ? null : frame.closeStatus());
            }
            if (frame.opcode() == Frame.PING || frame.opcode() == Frame.PONG) {
                continue;
            }
            if (message == null) {
                if (frame.opcode() != expectedOpcode) {
                    throw new ProtocolException("expected opcode " + expectedOpcode + " but got " + frame);
                }
                message = new ByteArrayOutputStream(frame.payload().length);
            } else if (frame.opcode() != Frame.CONTINUATION) {
                throw new ProtocolException("expected a continuation but got " + frame);
            }
            message.writeBytes(frame.payload());
            if (frame.fin()) {
                return message.toByteArray();
            }
        }
    }

    /**
     * Reads until the server's close frame and returns its status; data frames before it are
     * dropped.
     *
     * @throws EOFException when the connection ends without a close frame
     * @throws SocketTimeoutException when nothing ends it within the read timeout
     * @throws ProtocolException when the server keeps sending frames and never closes
     */
    public CloseStatus awaitClose() throws IOException {
        if (closeReceived != null) {
            return closeReceived;
        }
        for (int i = 0; i < MAX_FRAMES_BEFORE_CLOSE; i++) {
            Frame frame = next();
            if (frame == null) {
                throw new EOFException("the connection ended without a close frame");
            }
            if (frame.opcode() == Frame.CLOSE) {
                return frame.closeStatus();
            }
        }
        throw new ProtocolException(MAX_FRAMES_BEFORE_CLOSE + " frames and no close");
    }

    /** The close frame read so far, or null. */
    public CloseStatus closeReceived() {
        return closeReceived;
    }

    /** Whether, as far as this client has read, the server has neither sent a close nor ended the connection. */
    public boolean isOpen() {
        return closeReceived == null && !ended && !connection.socket().isClosed();
    }

    /** Closes the TCP connection without a close frame (as a client that goes away does). */
    @Override
    public void close() {
        connection.close();
    }
}
