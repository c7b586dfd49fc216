package dev.switchboard.client.transport;

import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The WebSocket transport on {@link java.net.http.WebSocket}.
 *
 * <p>Fragments are joined into whole messages (bounded by {@code maxMessageBytes}); one message is
 * requested at a time and the next as soon as the current one is handed on, so reading never
 * waits for application code. The JDK allows one outstanding send per WebSocket, so frames queue
 * here and go out one after another. With an auth token the subprotocols {@code phoenix} and
 * {@code base64url.bearer.phx.<base64>} are offered (standard base64 without padding, the encoding
 * phoenix.js and Phoenix use despite the name).
 */
final class WebSocketTransport implements Transport, WebSocket.Listener {
    private final TransportListener listener;
    private final int maxMessageBytes;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ArrayDeque<EncodedFrame> outbox = new ArrayDeque<>();
    private volatile WebSocket ws;
    private volatile boolean closed;
    private boolean sending;
    private StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private WebSocketTransport(TransportListener listener, int maxMessageBytes) {
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
    }

    static WebSocketTransport open(TransportContext context, URI url, String authToken, TransportListener listener) {
        WebSocketTransport transport = new WebSocketTransport(listener, context.maxMessageBytes());
        try {
            WebSocket.Builder builder = context.http().newWebSocketBuilder().connectTimeout(context.connectTimeout());
            if (authToken != null) {
                builder.subprotocols(Protocol.SUBPROTOCOL, authTokenProtocol(authToken));
            }
            builder.buildAsync(url, transport).whenComplete((ws, error) -> {
                if (error != null) {
                    transport.fail(handshakeError(url, unwrap(error)));
                }
            });
        } catch (RuntimeException e) {
            // A URL or subprotocol the JDK refuses up front: the same path as a failed handshake.
            transport.fail(e);
        }
        return transport;
    }

    /** {@code base64url.bearer.phx.} + standard base64 of the UTF-8 token, padding removed. */
    static String authTokenProtocol(String token) {
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        if (encoded.indexOf('/') >= 0) {
            throw new IllegalArgumentException("the authToken cannot travel as a WebSocket subprotocol: its base64 "
                    + "contains '/', which is not allowed in a subprotocol (phoenix.js fails the same way); "
                    + "pass it as a connect param instead");
        }
        return Protocol.AUTH_TOKEN_PREFIX + encoded;
    }

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET;
    }

    @Override
    public String subprotocol() {
        WebSocket current = ws;
        return current == null ? "" : current.getSubprotocol();
    }

    // ---- network events (JDK threads; the JDK never overlaps them for one WebSocket)

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        if (closed) {
            webSocket.abort();
            return;
        }
        webSocket.request(1);
        listener.onOpen();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (text.length() + data.length() > maxMessageBytes) {
            return tooLarge(webSocket);
        }
        text.append(data);
        if (last) {
            byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
            text = new StringBuilder();
            listener.onFrame(message, false);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (bytes.size() + data.remaining() > maxMessageBytes) {
            return tooLarge(webSocket);
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        bytes.writeBytes(chunk);
        if (last) {
            byte[] message = bytes.toByteArray();
            bytes.reset();
            listener.onFrame(message, true);
        }
        webSocket.request(1);
        return null;
    }

    private CompletionStage<?> tooLarge(WebSocket webSocket) {
        webSocket.abort();
        fail(new IllegalStateException("the server sent a message larger than maxMessageBytes ("
                + maxMessageBytes + " bytes); connection dropped"));
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (finished.compareAndSet(false, true)) {
            listener.onClose(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(error);
    }

    private void fail(Throwable error) {
        if (finished.compareAndSet(false, true)) {
            listener.onError(error);
            listener.onClose(1006, String.valueOf(error.getMessage()));
        }
    }

    // ---- sending (called from the socket's loop; completions from JDK threads)

    @Override
    public void send(EncodedFrame frame) {
        synchronized (this) {
            if (closed || ws == null) {
                return;
            }
            outbox.add(frame);
        }
        pump();
    }

    private void pump() {
        while (true) {
            EncodedFrame frame;
            synchronized (this) {
                if (sending || closed) {
                    return;
                }
                frame = outbox.poll();
                if (frame == null) {
                    return;
                }
                sending = true;
            }
            CompletableFuture<WebSocket> sent = frame.binary()
                    ? ws.sendBinary(ByteBuffer.wrap(frame.bytes()), true)
                    : ws.sendText(frame.text(), true);
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                synchronized (this) {
                    sending = false;
                }
                continue;
            }
            sent.whenComplete((w, error) -> {
                if (error != null) {
                    ws.abort();
                    fail(unwrap(error));
                    return;
                }
                synchronized (this) {
                    sending = false;
                }
                pump();
            });
            return;
        }
    }

    @Override
    public void close(int code, String reason) {
        closed = true;
        WebSocket current = ws;
        if (current != null) {
            // A close frame, then the TCP connection goes; a peer that never answers cannot hold it.
            current.sendClose(code, reason).orTimeout(1, TimeUnit.SECONDS).whenComplete((w, e) -> current.abort());
        }
    }

    @Override
    public void abort() {
        closed = true;
        WebSocket current = ws;
        if (current != null) {
            current.abort();
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Throwable handshakeError(URI url, Throwable error) {
        if (error instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            return new TransportException("WebSocket upgrade refused by " + url.getHost() + ":" + url.getPort()
                    + " with HTTP " + status, status, error);
        }
        return error;
    }
}
