package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.bridge.process.LineSplitter;
import dev.switchboard.bridge.process.StdoutHandler;
import dev.switchboard.bridge.process.TokenBucket;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection and its program, websocketd's framing:
 *
 * <ul>
 *   <li>a text message is written to stdin followed by {@code \n}; a binary message as it is;</li>
 *   <li>line mode: each stdout line (without its {@code \n} or {@code \r\n}) is one text message;
 *       {@code --binary}: each chunk read from stdout is one binary message;</li>
 *   <li>the program exits → its last output is sent, then the connection closes with
 *       {@link CloseCodes#exited(int)}; the client leaves → the program is stopped with the
 *       shutdown schedule.</li>
 * </ul>
 *
 * <p>Flow control both ways: input the program does not read pauses reading from the socket
 * (the client's sends then block in TCP), and output the client does not read pauses the
 * program ({@link Outbound}).
 */
final class ProcessConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProcessConnection.class);
    /** A batch of lines from one read is flushed as one write when it reaches this many bytes. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final WebsocketdOptions options;
    private final BridgeMetrics metrics;
    private final Set<ProcessConnection> open;
    private final Outbound outbound;
    private final TokenBucket rate;
    private volatile ChildProcess child;

    /** Event loop only. */
    private boolean closing;

    /** The reading thread's batch. */
    private final List<WebSocketFrame> batch = new ArrayList<>();
    private long batchBytes;

    ProcessConnection(Channel channel, WebsocketdOptions options, BridgeMetrics metrics, Set<ProcessConnection> open) {
        this.channel = channel;
        this.options = options;
        this.metrics = metrics;
        this.open = open;
        this.outbound = new Outbound(channel);
        this.rate = options.maxLinesPerSecond() > 0 ? new TokenBucket(options.maxLinesPerSecond()) : null;
    }

    /** The program started for this connection. */
    void attach(ChildProcess process) {
        this.child = process;
        process.onStdinDrained(() -> channel.eventLoop().execute(() -> {
            if (!closing) {
                channel.config().setAutoRead(true);
            }
        }));
    }

    /** The 101 is written and this handler is in the pipeline: output may flow. */
    void opened() {
        open.add(this);
        outbound.ready();
    }

    /** Server shutdown: 1001 to the client, the program stopped on schedule. */
    void shutDown() {
        channel.eventLoop().execute(() -> closeWith(CloseCodes.SHUTTING_DOWN));
        ChildProcess process = child;
        if (process != null) {
            process.stop();
        }
    }

    /** The connection died before it was opened: the program goes at once. */
    void abandon() {
        outbound.close();
        if (child != null) {
            child.kill();
        }
    }

    // ---- the program's stdout, on its reading thread ----

    StdoutHandler stdout() {
        if (options.binary()) {
            return new StdoutHandler() {
                @Override
                public void chunk(byte[] buffer, int length) throws InterruptedException {
                    if (outbound.awaitRoom()) {
                        metrics.lineOut();
                        outbound.send(List.of(new BinaryWebSocketFrame(Unpooled.copiedBuffer(buffer, 0, length))), length);
                    }
                }

                @Override
                public void end() {
                    stdoutEnded();
                }
            };
        }
        LineSplitter lines = new LineSplitter(options.maxLineBytes(), new Lines());
        return new StdoutHandler() {
            @Override
            public void chunk(byte[] buffer, int length) throws InterruptedException {
                if (outbound.awaitRoom()) {
                    lines.chunk(buffer, length);
                    flushBatch();
                }
            }

            @Override
            public void end() {
                lines.end(); // delivers an unterminated last line, then Lines.end()
            }
        };
    }

    private final class Lines implements LineSplitter.LineSink {
        @Override
        public void line(byte[] line, int length) throws InterruptedException {
            if (outbound.isClosed()) {
                return;
            }
            metrics.lineOut();
            if (rate != null) {
                flushBatch();
                if (rate.acquire()) {
                    metrics.throttled();
                }
            }
            batch.add(new TextWebSocketFrame(Unpooled.copiedBuffer(line, 0, length)));
            batchBytes += length;
            if (batchBytes >= BATCH_BYTES) {
                flushBatch();
                outbound.awaitRoom();
            }
        }

        @Override
        public void overlong(long length) {
            flushBatch();
            metrics.refused(Refusal.OUTPUT_LINE_TOO_LONG);
            log.warn("{} wrote a line of {} bytes, over --maxlinesize {}; closing", child, length, options.maxLineBytes());
            channel.eventLoop().execute(() -> closeWith(CloseCodes.outputLineTooLong(options.maxLineBytes())));
        }

        @Override
        public void end() {
            flushBatch();
            stdoutEnded();
        }
    }

    private void flushBatch() {
        if (!batch.isEmpty()) {
            outbound.send(List.copyOf(batch), batchBytes);
            batch.clear();
            batchBytes = 0;
        }
    }

    /**
     * Stdout is done. If the program still runs (it closed stdout), it is stopped, as websocketd
     * does; once it has exited, the connection closes with its status.
     */
    private void stdoutEnded() {
        ChildProcess process = child;
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.stop();
        }
        process.exit().whenComplete((status, error) -> channel.eventLoop().execute(
                () -> closeWith(CloseCodes.exited(status == null ? -1 : status))));
    }

    // ---- the client's frames, on the event loop ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                WebSocketFrame frame = (WebSocketFrame) msg;
                boolean text = frame instanceof TextWebSocketFrame;
                int length = frame.content().readableBytes();
                byte[] bytes = new byte[length + (text ? 1 : 0)];
                frame.content().getBytes(frame.content().readerIndex(), bytes, 0, length);
                if (text) {
                    bytes[length] = '\n';
                }
                input(ctx, bytes, text);
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                // The client is leaving: echo its close (RFC 6455 §5.5.1) and end the connection;
                // channelInactive stops the program.
                closing = true;
                outbound.close();
                ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retain()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void input(ChannelHandlerContext ctx, byte[] bytes, boolean text) {
        ChildProcess process = child;
        if (options.pty() && text && bytes.length - 1 > dev.switchboard.bridge.process.Launcher.ptyMaxInputLine()) {
            metrics.refused(Refusal.PTY_LINE_TOO_LONG);
            closeWith(CloseCodes.PTY_LINE_TOO_LONG);
            return;
        }
        if (process.offer(bytes)) {
            metrics.lineIn();
            if (process.stdinSaturated()) {
                ctx.channel().config().setAutoRead(false); // resumed by the drained callback
            }
        } else if (!process.stdinOpen()) {
            metrics.refused(Refusal.STDIN_CLOSED);
            log.debug("{} has closed its stdin; dropped {} bytes of input", process, bytes.length);
        } else {
            metrics.refused(Refusal.STDIN_FULL);
            log.info("{} is not reading its input ({} bytes queued); closing", process, process.stdinQueuedBytes());
            closeWith(CloseCodes.NOT_READING);
        }
    }

    /** Sends a close frame (after everything already queued) and ends the connection. Event loop only. */
    void closeWith(CloseCodes code) {
        if (closing) {
            return;
        }
        closing = true;
        outbound.close();
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        outbound.wake();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        outbound.close();
        open.remove(this);
        ChildProcess process = child;
        if (process != null) {
            process.stop();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException
                || cause instanceof CorruptedWebSocketFrameException corrupted
                        && corrupted.closeStatus() != null
                        && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            metrics.refused(Refusal.MESSAGE_TOO_BIG);
            log.debug("Closing: message over --maxframesize {}", options.maxFrameBytes());
            closeWith(CloseCodes.messageTooBig(options.maxFrameBytes()));
        } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof IOException) {
            log.debug("Closing connection: {}", cause.getMessage());
            ctx.close();
        } else {
            log.warn("Unexpected error on a bridge connection; closing it", cause);
            ctx.close();
        }
    }
}
