package dev.switchboard.cli.bench.client;

import dev.switchboard.protocol.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One bench WebSocket connection. After the handshake, every inbound text frame is scanned once
 * and handed to the {@link Listener} on the connection's event loop, except the reply to a
 * pending {@link #join}/{@link #leave}, which completes that future. Writes do not flush: call
 * {@link #flush()} after a burst.
 */
public final class BenchConnection {

    /** Receives the frames of a connection, on its event loop. */
    public interface Listener {
        void onFrame(BenchConnection connection, FrameScanner frame, long nowNanos);

        /** After the frames of one socket read: the place to flush what they caused, once. */
        default void onReadComplete(BenchConnection connection) {}

        default void onClosed(BenchConnection connection) {}
    }

    private static final Listener IGNORE = (c, f, t) -> {};

    private final CompletableFuture<BenchConnection> handshake = new CompletableFuture<>();
    private final FrameScanner scanner = new FrameScanner();
    private final int index;
    private Channel channel;
    private volatile Listener listener = IGNORE;
    private long nextRef = 1;
    private String joinRef;
    private String topic;
    private long pendingRef = -1;
    private long unreadable;
    private CompletableFuture<Void> pending;

    BenchConnection(int index) {
        this.index = index;
    }

    /** The number the client gave this connection (0, 1, 2, … in connect order). */
    public int index() {
        return index;
    }

    public Channel channel() {
        return channel;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isOpen() {
        return channel != null && channel.isActive();
    }

    /** The topic joined last, or null. */
    public String topic() {
        return topic;
    }

    public String joinRef() {
        return joinRef;
    }

    /** Frames received that were not complete V2 JSON text frames (binary, fragmented, malformed). */
    public long unreadableFrames() {
        return unreadable;
    }

    public Listener listener() {
        return listener;
    }

    public void listener(Listener listener) {
        this.listener = listener == null ? IGNORE : listener;
    }

    /** A fresh ref for a push on this connection; call on the event loop. */
    public String nextRef() {
        return Long.toString(nextRef++);
    }

    /** Writes a push to the joined topic without flushing; call on the event loop. */
    public void push(String event, CharSequence payloadJson) {
        channel.write(Frames.frame(channel.alloc(), joinRef, nextRef(), topic, event, payloadJson), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Sends {@code phx_join}; completes when the reply is ok, fails on an error reply, close or timeout. */
    public CompletableFuture<Void> join(String topic, long timeoutMillis) {
        return join(topic, "{}", timeoutMillis);
    }

    /** {@link #join(String, long)} with join params (a JSON object). */
    public CompletableFuture<Void> join(String topic, String paramsJson, long timeoutMillis) {
        return control(() -> {
            this.topic = topic;
            this.joinRef = Long.toString(nextRef);
            return Frames.text(joinRef, nextRef(), topic, Protocol.JOIN, paramsJson);
        }, timeoutMillis);
    }

    /** Sends {@code phx_leave} for the joined topic; completes when the reply is ok. */
    public CompletableFuture<Void> leave(long timeoutMillis) {
        return control(() -> Frames.text(joinRef, nextRef(), topic, Protocol.LEAVE, "{}"), timeoutMillis);
    }

    private CompletableFuture<Void> control(java.util.function.Supplier<CharSequence> frame, long timeoutMillis) {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        EventLoop loop = channel.eventLoop();
        loop.execute(() -> {
            if (pending != null) {
                reply.completeExceptionally(new IllegalStateException("another join/leave is pending"));
                return;
            }
            if (!channel.isActive()) {
                reply.completeExceptionally(new IllegalStateException("connection closed"));
                return;
            }
            pendingRef = nextRef;
            pending = reply;
            channel.writeAndFlush(new TextWebSocketFrame(frame.get().toString()), channel.voidPromise());
            var timer = loop.schedule(() -> fail(reply, new TimeoutException("no reply within " + timeoutMillis + " ms")),
                    timeoutMillis, TimeUnit.MILLISECONDS);
            reply.whenComplete((r, e) -> timer.cancel(false));
        });
        return reply;
    }

    private void fail(CompletableFuture<Void> reply, Throwable cause) {
        if (pending == reply) {
            pending = null;
            pendingRef = -1;
        }
        reply.completeExceptionally(cause);
    }

    /** Sends a close frame; the future completes when the socket is closed (forced after the timeout). */
    public ChannelFuture close(long timeoutMillis) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "bench done")).addListener(f -> {
                var force = channel.eventLoop().schedule(() -> channel.close(), timeoutMillis, TimeUnit.MILLISECONDS);
                channel.closeFuture().addListener(x -> force.cancel(false));
            });
        }
        return channel.closeFuture();
    }

    CompletableFuture<BenchConnection> handshake() {
        return handshake;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    /** The last handler of the pipeline. */
    final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(BenchConnection.this);
            } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new TimeoutException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text && text.isFinalFragment() && scanner.scan(text.content())) {
                    long now = System.nanoTime();
                    if (pending != null && scanner.ref() == pendingRef && scanner.event() == FrameScanner.REPLY) {
                        CompletableFuture<Void> reply = pending;
                        pending = null;
                        pendingRef = -1;
                        if (scanner.statusOk()) reply.complete(null);
                        else reply.completeExceptionally(new IllegalStateException("error reply " + scanner.payload()));
                    } else {
                        listener.onFrame(BenchConnection.this, scanner, now);
                    }
                } else if (msg instanceof WebSocketFrame) {
                    // Binary, fragmented or unparseable: the bench's servers never send these, so say so.
                    unreadable++;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            listener.onReadComplete(BenchConnection.this);
            super.channelReadComplete(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("closed before the WebSocket handshake completed"));
            if (pending != null) fail(pending, new IllegalStateException("connection closed"));
            listener.onClosed(BenchConnection.this);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
