package dev.switchboard.server.limits;

import dev.switchboard.server.http.HttpResponses;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link ConnectionLimits#handshakeTimeout()} for one connection: while the connection
 * owes the server a request (from accept, or from the end of the last response), it is watched
 * by its loop's {@link HandshakeSweeper}; once the request is complete it is not, until the
 * response has been written. A 101 (WebSocket upgrade) ends the watch for good and removes this
 * handler. Sits right behind the HTTP codec. Loop-confined.
 *
 * <p>When the deadline passes: a connection that sent part of a request gets {@code 408} naming
 * the limit; one that sent nothing is just closed. Logged at DEBUG, counted.
 */
public final class HandshakeDeadline extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final HandshakeSweeper.Registry sweepers;
    private final LimitCounters counters;
    private final long timeoutNanos;
    private HandshakeSweeper sweeper;
    private ChannelHandlerContext ctx;
    private long sinceNanos;
    /** Bytes of a request seen, its end not yet. */
    private boolean partial;
    private final ChannelInboundHandlerAdapter arrivals = new Arrivals();
    /** Complete requests not yet answered with a final response. */
    private int unanswered;
    /** The response being written is informational (100 Continue), not the answer. */
    private boolean informational;

    public HandshakeDeadline(HandshakeSweeper.Registry sweepers, LimitCounters counters, long timeoutNanos) {
        this.sweepers = sweepers;
        this.counters = counters;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The handler to place in front of the HTTP codec: the codec says nothing until a request's
     * headers are complete, so bytes that trickle in are seen there.
     */
    public ChannelInboundHandlerAdapter arrivals() {
        return arrivals;
    }

    private final class Arrivals extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (unanswered == 0) {
                partial = true;
            }
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.sweeper = sweepers.of(ctx.channel().eventLoop());
        sinceNanos = System.nanoTime();
        sweeper.add(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        sweeper.remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sweeper.remove(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            partial = true;
        }
        if (msg instanceof LastHttpContent) {
            partial = false;
            unanswered++;
            sweeper.remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
                // A WebSocket from here on: its own idle timeout takes over.
                ctx.write(msg, promise);
                ctx.pipeline().remove(arrivals);
                ctx.pipeline().remove(this);
                return;
            }
            informational = response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent && !informational && unanswered > 0 && --unanswered == 0) {
            sinceNanos = System.nanoTime();
            sweeper.add(this);
        }
        ctx.write(msg, promise);
    }

    boolean expired(long nowNanos) {
        return nowNanos - sinceNanos > timeoutNanos;
    }

    /** Called by the sweeper on the loop, already unwatched. */
    void expire() {
        counters.handshakeTimeout.incrementAndGet();
        log.debug("Closing {}: no complete request within {} ms (limit handshakeTimeout)",
                ctx.channel().remoteAddress(), timeoutNanos / 1_000_000);
        if (!partial) {
            ctx.close();
            return;
        }
        var response = HttpResponses.response(HttpResponseStatus.REQUEST_TIMEOUT, HttpResponses.TEXT,
                ("request not completed within " + timeoutNanos / 1_000_000 + " ms (handshakeTimeout)\n")
                        .getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
