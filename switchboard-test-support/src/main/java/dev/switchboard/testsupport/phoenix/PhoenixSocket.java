package dev.switchboard.testsupport.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.ClosedByServerException;
import dev.switchboard.testsupport.ws.CloseStatus;
import dev.switchboard.testsupport.ws.Frame;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A Phoenix V2 JSON client over a {@link WebSocketClient}: sends messages, reads the server's in
 * order, waits for the reply to a ref. Messages are read off the socket only when a method needs
 * them, on the calling thread; every wait is bounded by the connection's read timeout (5 s by
 * default) and ends in an {@link AssertionError} that says what was seen instead.
 *
 * <pre>{@code
 * try (PhoenixSocket socket = PhoenixSocket.connect(port)) {
 *     socket.join("room:lobby");
 *     JsonNode response = socket.call("room:lobby", "ping", "{\"n\":1}", "ok");
 * }
 * }</pre>
 *
 * Binary messages are kept apart ({@link #binaryReceived()}); {@link #next()} returns JSON ones.
 * Methods are synchronized, so a socket may be handed between threads (e.g. to Awaitility).
 */
public final class PhoenixSocket implements AutoCloseable {
    /** Where Phoenix mounts the WebSocket transport of a socket at {@code /socket}. */
    public static final String DEFAULT_TARGET = "/socket/websocket";

    private final WebSocketClient ws;
    private final Deque<JsonNode> unread = new ArrayDeque<>();
    private final List<byte[]> binary = new ArrayList<>();
    private int ref;

    private PhoenixSocket(WebSocketClient ws) {
        this.ws = ws;
    }

    /** {@code ws://127.0.0.1:port/socket/websocket?vsn=2.0.0}. */
    public static PhoenixSocket connect(int port) throws IOException {
        return connect(port, "vsn=2.0.0");
    }

    /** {@code /socket/websocket?query} on 127.0.0.1:port ({@code query} without the {@code ?}). */
    public static PhoenixSocket connect(int port, String query) throws IOException {
        return over(WebSocketClient.connect(port, DEFAULT_TARGET + "?" + query));
    }

    /** Over a WebSocket to 127.0.0.1:port opened with this handshake (custom headers, subprotocols). */
    public static PhoenixSocket connect(int port, Handshake handshake) throws IOException {
        return over(WebSocketClient.connect(RawConnection.to(port), handshake));
    }

    /** A handshake for {@code /socket/websocket?query}, to add headers or subprotocols to. */
    public static Handshake handshake(String query) {
        return Handshake.to(DEFAULT_TARGET + "?" + query);
    }

    /** Phoenix messages over an open WebSocket (one with a custom handshake, say). */
    public static PhoenixSocket over(WebSocketClient ws) {
        return new PhoenixSocket(ws);
    }

    /** The WebSocket underneath, for frames that are not Phoenix messages. */
    public WebSocketClient webSocket() {
        return ws;
    }

    // ---- sending ----

    /** Sends one text frame as it is (any text: a test decides whether it is a valid message). */
    public synchronized void send(String text) throws IOException {
        ws.sendText(text);
    }

    /** Sends one binary frame. */
    public synchronized void sendBinary(byte[] bytes) throws IOException {
        ws.sendBinary(bytes);
    }

    /** Sends; false if the server has already closed, which hostile input may provoke before the frame is out. */
    public synchronized boolean trySend(String text) {
        try {
            ws.sendText(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@link #trySend(String)} for a binary frame. */
    public synchronized boolean trySendBinary(byte[] bytes) {
        try {
            ws.sendBinary(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code ["1", ref, topic, event, payload]} with the next ref ({@code "1"}, {@code "2"}, …) and returns the ref. */
    public synchronized String push(String topic, String event, String payloadJson) throws IOException {
        String r = String.valueOf(++ref);
        send(Messages.frame("1", r, topic, event, payloadJson));
        return r;
    }

    /** {@link #push} and wait: the whole reply message. */
    public synchronized JsonNode call(String topic, String event, String payloadJson) throws IOException {
        return awaitReply(push(topic, event, payloadJson));
    }

    /** {@link #push} and wait: the reply's {@code response}, asserting its {@code status}. */
    public synchronized JsonNode call(String topic, String event, String payloadJson, String expectedStatus) throws IOException {
        JsonNode reply = call(topic, event, payloadJson);
        JsonNode payload = reply.get(4);
        if (!expectedStatus.equals(payload.path("status").asText())) {
            throw new AssertionError("expected " + expectedStatus + " to " + event + " on " + topic + " but got " + reply);
        }
        return payload.path("response");
    }

    /** Joins with empty params and asserts the join is ok; returns the join's response. */
    public synchronized JsonNode join(String topic) throws IOException {
        return call(topic, "phx_join", "{}", "ok");
    }

    // ---- receiving ----

    /** The next JSON message, waiting up to the read timeout. */
    public synchronized JsonNode next() throws IOException {
        if (unread.isEmpty()) {
            readOne(true);
        }
        return unread.poll();
    }

    /** The messages up to and including the {@code phx_reply} to {@code ref}, in order. */
    public synchronized List<JsonNode> collectUntilReply(String ref) throws IOException {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode message;
            try {
                message = next();
            } catch (AssertionError e) {
                throw new AssertionError("no reply to ref " + ref + ": " + e.getMessage() + "; messages before: " + seen, e);
            }
            seen.add(message);
            if (Messages.isReply(message, ref)) {
                return seen;
            }
        }
    }

    /** The {@code phx_reply} to {@code ref}; messages before it are consumed. */
    public synchronized JsonNode awaitReply(String ref) throws IOException {
        List<JsonNode> seen = collectUntilReply(ref);
        return seen.get(seen.size() - 1);
    }

    /**
     * Every JSON message that has arrived and not been consumed, consumed now, without waiting for
     * more (a frame that has begun to arrive is read to its end).
     */
    public synchronized List<JsonNode> drain() throws IOException {
        while (ws.isOpen() && ws.connection().input().available() > 0) {
            try {
                readOne(false);
            } catch (AssertionError closed) {
                break; // what arrived before the close is drained below
            }
        }
        List<JsonNode> drained = new ArrayList<>(unread);
        unread.clear();
        return drained;
    }

    /** Every binary message received so far (in order), as raw V2 binary frames. */
    public synchronized List<byte[]> binaryReceived() {
        return List.copyOf(binary);
    }

    /**
     * Reads until the server closes and returns its close; messages before it are dropped.
     *
     * @throws AssertionError when the connection ends without a close or nothing ends it in time
     */
    public synchronized CloseStatus awaitClose() throws IOException {
        try {
            return ws.awaitClose();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close within the read timeout; unread messages: " + unread, e);
        } catch (EOFException e) {
            throw new AssertionError("the connection ended without a close frame; unread messages: " + unread, e);
        }
    }

    /** Whether the server has neither closed nor ended the connection, as far as read so far. */
    public synchronized boolean isOpen() {
        return ws.isOpen();
    }

    /** Drops the connection without a close frame. */
    @Override
    public void close() {
        ws.close();
    }

    private void readOne(boolean waitForJson) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = ws.next();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no message within the read timeout" + (ws.isOpen() ? "" : "; " + describeEnd()), e);
            }
            if (frame == null || frame.opcode() == Frame.CLOSE) {
                throw new AssertionError("no message: " + describeEnd(), new ClosedByServerException(ws.closeReceived()));
            }
            if (frame.opcode() == Frame.TEXT) {
                unread.add(Messages.json(new String(whole(frame), StandardCharsets.UTF_8)));
                return;
            }
            if (frame.opcode() == Frame.BINARY) {
                binary.add(whole(frame));
                if (!waitForJson) {
                    return;
                }
            }
            // pings and pongs are not messages
        }
    }

    /** The payload of a message that starts with {@code first}, continuation frames joined. */
    private byte[] whole(Frame first) throws IOException {
        if (first.fin()) {
            return first.payload();
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(first.payload());
        Frame frame = first;
        while (!frame.fin()) {
            frame = ws.next();
            if (frame == null || frame.opcode() != Frame.CONTINUATION) {
                throw new AssertionError("a fragmented message was not continued: " + frame);
            }
            message.writeBytes(frame.payload());
        }
        return message.toByteArray();
    }

    private String describeEnd() {
        CloseStatus close = ws.closeReceived();
        return close == null ? "the connection ended without a close frame" : "closed by the server: " + close;
    }
}
