package dev.switchboard.server.transport.websocket;

import dev.switchboard.exec.Shard;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.FlushBatcher;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.ConnectionIds;
import dev.switchboard.server.io.ServerConnection;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.server.io.UnsentAge;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.Session;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.socket.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection after the upgrade: the bridge between Netty frames and the
 * {@link Session}, and the session's {@link Transport}.
 *
 * <p>Inbound data frames (fragments already reassembled) are handed to the session on the event
 * loop. Outbound frames are written as complete pre-built WebSocket frames and flushed by the
 * loop's {@link FlushBatcher}; broadcasts share one buffer per loop across all subscribers
 * ({@link SharedFrames}).
 *
 * <p>How it ends is recorded once, as a {@link CloseReason.Cause}: the server's own close reason,
 * the client's close frame, a protocol violation, or a dropped TCP connection.
 */
public final class WebSocketConnection extends ChannelInboundHandlerAdapter
        implements Transport, FlushBatcher.Flushable, ServerConnection {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
    /**
     * How long a slow consumer's close frame may wait behind its backlog before the TCP
     * connection is dropped: a client that resumes reading gets the close frame (and reconnects
     * with a reason); one that never reads costs at most this long at the bounded backlog.
     */
    static final long SLOW_CONSUMER_CLOSE_GRACE_MILLIS = 2_000;

    private final Endpoint endpoint;
    private final SocketDefinition socket;
    private final Serializer serializer;
    /** Needed only until the session exists. */
    private ConnectResult.Accepted accepted;
    private final EventLoopShard shard;
    private final long idleTimeoutNanos;
    private final long maxOutboundBytes;
    private final long maxOutboundAgeNanos;
    /** The loop's compressor when permessage-deflate was negotiated, else null. */
    private final MessageDeflater deflater;
    /** Dates the unsent backlog, for the age bound. */
    private final UnsentAge unsentAge = new UnsentAge();

    private ChannelHandlerContext ctx;
    private Session session;
    private volatile long lastActivityNanos = System.nanoTime();
    private boolean dirty;
    private boolean closing;
    /** Why the connection ends, once known; null while open (then a drop counts as lost). */
    private CloseReason.Cause endCause;
    private int registrySlot = -1;
    private final long connectionId = ConnectionIds.next();
    private final long openedAtMillis = System.currentTimeMillis();
    /** A fragmented message being reassembled (rare: phoenix.js never fragments), else null. */
    private CompositeByteBuf fragments;
    private boolean fragmentsBinary;

    WebSocketConnection(Endpoint endpoint, SocketDefinition socket, Serializer serializer,
                        ConnectResult.Accepted accepted, EventLoopShard shard, OutboundOptions outbound,
                        MessageDeflater deflater) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.serializer = serializer;
        this.accepted = accepted;
        this.shard = shard;
        this.idleTimeoutNanos = socket.options().idleTimeout().toNanos();
        this.maxOutboundBytes = outbound.maxOutboundBytes();
        this.maxOutboundAgeNanos = outbound.maxOutboundAge().toNanos();
        this.deflater = deflater;
    }

    // ---- Netty side ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Added right after the handshake response was queued: the client cannot send a frame
        // before it has the 101, so the session exists before the first frame can arrive.
        session = endpoint.open(socket, serializer, this, accepted);
        accepted = null;
        shard.connections().add(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            lastActivityNanos = System.nanoTime();
            if (closing) {
                return;
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                WebSocketFrame frame = (WebSocketFrame) msg;
                if (fragments != null) {
                    protocolError("a new message started before the fragmented one ended");
                } else if (frame.isFinalFragment()) {
                    receive(frame.content(), frame instanceof BinaryWebSocketFrame);
                } else {
                    fragmentsBinary = frame instanceof BinaryWebSocketFrame;
                    fragments = ctx.alloc().compositeBuffer(16);
                    appendFragment(frame);
                }
            } else if (msg instanceof ContinuationWebSocketFrame continuation) {
                if (fragments == null) {
                    protocolError("continuation frame without a message to continue");
                } else {
                    appendFragment(continuation);
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(WebSocketFrames.control(WebSocketFrames.OPCODE_PONG, ping.content(), ctx.alloc()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                // Echo the client's close (RFC 6455 §5.5.1), then end the TCP connection.
                closing = true;
                endedBy(CloseReason.Cause.CLIENT_CLOSED);
                ctx.writeAndFlush(WebSocketFrames.control(WebSocketFrames.OPCODE_CLOSE, close.content(), ctx.alloc()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            // Pong frames: activity only.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Reassembles a fragmented message, enforcing the socket's message size limit on the whole. */
    private void appendFragment(WebSocketFrame frame) {
        fragments.addComponent(true, frame.content().retain());
        int max = socket.options().maxFrameBytes();
        if (fragments.readableBytes() > max) {
            releaseFragments();
            log.debug("Closing connection: fragmented message larger than maxFrameBytes ({})", max);
            close(CloseReason.tooBig("message larger than " + max + " bytes"));
            return;
        }
        if (frame.isFinalFragment()) {
            CompositeByteBuf whole = fragments;
            fragments = null;
            try {
                receive(whole, fragmentsBinary);
            } finally {
                whole.release();
            }
        }
    }

    /**
     * A whole message for the session (not released here). A text message must be UTF-8 (RFC 6455
     * §8.1): Netty's validator checks it in place, before anything is copied.
     */
    private void receive(ByteBuf message, boolean binary) {
        if (!binary && !ByteBufUtil.isText(message, StandardCharsets.UTF_8)) {
            log.debug("Closing connection {}: a text message that is not UTF-8", ctx.channel().remoteAddress());
            close(CloseReason.invalidUtf8());
            return;
        }
        session.receive(ByteBufUtil.getBytes(message), binary);
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    private void protocolError(String detail) {
        releaseFragments();
        log.debug("Closing connection after a WebSocket protocol error: {}", detail);
        close(CloseReason.protocolError(detail));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseFragments();
        shard.connections().remove(this, endCause != null ? endCause : CloseReason.Cause.CONNECTION_LOST);
        if (session != null) {
            session.transportClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The frame decoder stops reading; the close frame naming the violation is ours to send.
            log.debug("Closing connection after a WebSocket protocol violation: {}", corrupted.getMessage());
            int code = corrupted.closeStatus() == null ? 1002 : corrupted.closeStatus().code();
            endedBy(code == 1009 ? CloseReason.Cause.OVERSIZED
                    : code == 1007 ? CloseReason.Cause.UNDECODABLE : CloseReason.Cause.PROTOCOL_ERROR);
            closing = true;
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(WebSocketFrames.close(code, corrupted.getMessage(), ctx.alloc()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else if (cause instanceof IOException) {
            log.debug("Connection error: {}", cause.getMessage());
            endedBy(CloseReason.Cause.CONNECTION_LOST);
            ctx.close();
        } else {
            log.warn("Unexpected error on a WebSocket connection; closing it", cause);
            close(CloseReason.INTERNAL_ERROR);
        }
    }

    /** A handler in front of this one (the inflater) asks for a close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof CloseReason reason) {
            close(reason);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        checkBacklog();
        super.channelWritabilityChanged(ctx);
    }

    // ---- Transport ----

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public void send(EncodedFrame frame) {
        if (shard.inShard()) {
            writeSingle(frame);
        } else {
            shard.execute(() -> writeSingle(frame));
        }
    }

    private void writeSingle(EncodedFrame frame) {
        byte[] deflated = deflated(frame);
        write(deflated != null ? WebSocketFrames.compressed(deflated, frame.binary(), ctx.alloc())
                : WebSocketFrames.single(frame, ctx.alloc()));
    }

    @Override
    public void sendShared(EncodedFrame frame) {
        if (shard.inShard()) {
            write(SharedFrames.retainedView(frame, deflated(frame), shard));
        } else {
            send(frame);
        }
    }

    /** The compressed payload to write for {@code frame} on this connection, or null for the plain one. */
    private byte[] deflated(EncodedFrame frame) {
        return deflater == null ? null : deflater.payload(frame);
    }

    @Override
    public void setReading(boolean reading) {
        ctx.channel().config().setAutoRead(reading);
    }

    @Override
    public void close(CloseReason reason) {
        if (!shard.inShard()) {
            shard.execute(() -> close(reason));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        endedBy(reason.cause());
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            return;
        }
        ctx.writeAndFlush(WebSocketFrames.close(reason.code(), reason.reason(), ctx.alloc()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Records the first known cause of the end. */
    private void endedBy(CloseReason.Cause cause) {
        if (endCause == null) {
            endCause = cause;
        }
    }

    private void write(ByteBuf frame) {
        if (closing || !ctx.channel().isActive()) {
            frame.release();
            return;
        }
        unsentAge.queued(frame.readableBytes());
        ctx.write(frame, ctx.voidPromise());
        if (!dirty) {
            dirty = true;
            shard.flusher().add(this);
        }
        if (!ctx.channel().isWritable()) {
            checkBacklog();
        }
    }

    @Override
    public void flushBatch() {
        dirty = false;
        ctx.flush();
        long pending = pendingBytes();
        // A connection that keeps up has nothing pending: no clock read for it.
        unsentAge.flushed(pending, pending > 0 ? System.nanoTime() : 0);
    }

    private long pendingBytes() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /**
     * A client that does not read its messages must not grow server memory without bound: past
     * {@code maxOutboundBytes} of unsent data it gets a 1013 close and the others go on.
     */
    private void checkBacklog() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer != null && !closing && buffer.totalPendingWriteBytes() > maxOutboundBytes) {
            long unsent = buffer.totalPendingWriteBytes();
            log.warn("Disconnecting slow consumer {}: {} bytes unsent (limit maxOutboundBytes {})",
                    ctx.channel().remoteAddress(), unsent, maxOutboundBytes);
            slowConsumer(CloseReason.slowConsumer(unsent + " bytes unsent (limit " + maxOutboundBytes + ")"));
        }
    }

    /**
     * The other bound: a client that reads, but so slowly (or so rarely) that its oldest unsent
     * message is older than {@code maxOutboundAge}, is as far behind as one that stopped.
     */
    @Override
    public CloseReason outboundOverdue(long nowNanos) {
        if (closing) {
            return null;
        }
        long age = unsentAge.oldestNanos(pendingBytes(), nowNanos);
        if (age <= maxOutboundAgeNanos) {
            return null;
        }
        log.warn("Disconnecting slow consumer {}: oldest unsent message {} ms old (limit maxOutboundAge {} ms)",
                ctx.channel().remoteAddress(), age / 1_000_000, maxOutboundAgeNanos / 1_000_000);
        return CloseReason.slowConsumerAge("oldest unsent message " + age / 1_000_000 + " ms old (limit "
                + maxOutboundAgeNanos / 1_000_000 + " ms)");
    }

    /**
     * Nothing more is queued; the close frame waits behind the backlog (a client that resumes
     * reading gets it and reconnects), and after {@link #SLOW_CONSUMER_CLOSE_GRACE_MILLIS} the TCP
     * connection is dropped whether it was read or not.
     */
    @Override
    public void slowConsumer(CloseReason reason) {
        close(reason);
        Channel ch = ctx.channel();
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, SLOW_CONSUMER_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- ServerConnection ----

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET;
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void abort() {
        ctx.channel().close();
    }

    @Override
    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public long openedAtMillis() {
        return openedAtMillis;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public int registrySlot() {
        return registrySlot;
    }

    @Override
    public void registrySlot(int slot) {
        registrySlot = slot;
    }

    @Override
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    @Override
    public long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    @Override
    public void idle() {
        log.debug("Closing idle connection {}", ctx.channel().remoteAddress());
        close(CloseReason.IDLE_TIMEOUT);
    }
}
