package dev.switchboard.bridge.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}): messages
 * collected in order, the close code and reason kept, and reading pausable ({@link #pause()}),
 * which stops the client from reading its socket, as a slow consumer would.
 */
public final class WsClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received message: text or binary. */
    public record Message(String text, byte[] binary) {
        public boolean isText() {
            return text != null;
        }
    }

    /** How the server closed. */
    public record Close(int code, String reason) {}

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile boolean paused;
    private volatile WebSocket socket;

    private WsClient() {}

    public static WsClient connect(String url) {
        return connect(url, Map.of());
    }

    public static WsClient connect(String url, Map<String, String> headers) {
        return connect(HTTP, url, headers);
    }

    /** Through {@code http}, e.g. one that trusts a test certificate for {@code wss://}. */
    public static WsClient connect(HttpClient http, String url, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(URI.create(url), client.new Listener()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e, e);
        }
        return client;
    }

    public WsClient send(String text) {
        join(socket.sendText(text, true));
        return this;
    }

    public WsClient sendBinary(byte[] data) {
        join(socket.sendBinary(ByteBuffer.wrap(data), true));
        return this;
    }

    /** Sends without waiting; the future completes when the bytes are written to the socket. */
    public CompletableFuture<WebSocket> sendAsync(String text) {
        return socket.sendText(text, true);
    }

    /** The next message, or null after {@code timeout}. */
    public Message next(Duration timeout) {
        try {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next text message; fails after 5 s. */
    public String nextText() {
        Message m = next(Duration.ofSeconds(5));
        if (m == null) {
            throw new AssertionError("no message within 5 s" + (closed.isDone() ? " (closed: " + closed.join() + ")" : ""));
        }
        if (!m.isText()) {
            throw new AssertionError("expected text, got " + m.binary().length + " binary bytes");
        }
        return m.text();
    }

    /** Every text message until the server closes (within {@code timeout}). */
    public List<String> textsUntilClose(Duration timeout) {
        awaitClose(timeout);
        List<String> texts = new ArrayList<>();
        for (Message m : messages) {
            if (m.isText()) {
                texts.add(m.text());
            }
        }
        messages.clear();
        return texts;
    }

    /** How the server closed; fails when it did not within {@code timeout}. */
    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not closed within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public int pending() {
        return messages.size();
    }

    /** Stops reading from the socket (no more demand): the server sees a slow consumer. */
    public void pause() {
        paused = true;
    }

    /** Reads again. */
    public void resume() {
        paused = false;
        socket.request(1);
    }

    /** Sends a normal close and waits for the server's. */
    public void closeNormally() {
        join(socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !closed.isDone()) {
            ws.abort();
        }
    }

    private static void join(CompletableFuture<WebSocket> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed: " + e, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(new Message(text.toString(), null));
                text.setLength(0);
            }
            more(ws);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.write(bytes, 0, bytes.length);
            if (last) {
                messages.add(new Message(null, binary.toByteArray()));
                binary.reset();
            }
            more(ws);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Close(1006, String.valueOf(error)));
        }

        private void more(WebSocket ws) {
            if (!paused) {
                ws.request(1);
            }
        }
    }
}
