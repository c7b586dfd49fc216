package dev.switchboard.bridge.websocketd;

import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.http.MetricsRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every plain HTTP request of one connection: a WebSocket upgrade starts a program; otherwise
 * {@code GET /metrics}, then {@code --staticdir} files, then 404.
 */
final class RequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ProgramUpgrade upgrade;
    private final StaticDirectory statics;
    private final MetricsRoute metrics;
    private final boolean servesPrograms;

    RequestRouter(ProgramUpgrade upgrade, StaticDirectory statics, MetricsRoute metrics, boolean servesPrograms) {
        this.upgrade = upgrade;
        this.statics = statics;
        this.metrics = metrics;
        this.servesPrograms = servesPrograms;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "400: malformed request");
            return;
        }
        String path = UrlPaths.rawPath(request.uri());
        if (isWebSocketUpgrade(request) && servesPrograms) {
            upgrade.handle(ctx, request);
            return;
        }
        if (path.equals(MetricsRoute.PATH) && HttpMethod.GET.equals(request.method())) {
            metrics.handle(ctx, request);
            return;
        }
        if (statics != null && statics.serve(ctx, request, path)) {
            return;
        }
        HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "404 Not Found");
    }

    /** As websocketd: {@code Upgrade: websocket} and a {@code Connection} header naming upgrade. */
    static boolean isWebSocketUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
