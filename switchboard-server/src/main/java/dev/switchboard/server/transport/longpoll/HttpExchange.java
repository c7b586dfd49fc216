package dev.switchboard.server.transport.longpoll;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A long-poll request answered on the HTTP connection it arrived on. */
final class HttpExchange implements LongPollExchange {
    private final ChannelHandlerContext ctx;
    private final HttpMethod method;
    private final boolean keepAlive;

    HttpExchange(ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive) {
        this.ctx = ctx;
        this.method = method;
        this.keepAlive = keepAlive;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    InetSocketAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public CompletableFuture<Void> answer(FullHttpResponse response) {
        ChannelFuture written = write(response);
        CompletableFuture<Void> done = new CompletableFuture<>();
        written.addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        });
        return done;
    }

    /** Writes {@code response}, keeping the connection open only for a successful answer to a keep-alive request. */
    ChannelFuture write(FullHttpResponse response) {
        if (HttpMethod.HEAD.equals(method)) {
            response = response.replace(Unpooled.EMPTY_BUFFER); // headers only; Content-Length stays
        }
        if (keepAlive && response.status().code() < 400) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(response);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public Runnable onClose(Runnable listener) {
        ChannelFutureListener onGone = closed -> listener.run();
        ctx.channel().closeFuture().addListener(onGone);
        return () -> ctx.channel().closeFuture().removeListener(onGone);
    }
}
