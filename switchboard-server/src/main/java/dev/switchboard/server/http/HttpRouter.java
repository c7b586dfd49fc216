package dev.switchboard.server.http;

import dev.switchboard.server.transport.websocket.WebSocketUpgrade;
import dev.switchboard.socket.SocketDefinition;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each HTTP request: socket transports first, then the publish API, then static
 * files, else 404. Stateless and shared by all connections.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    static final String WEBSOCKET_SUFFIX = "/websocket";
    static final String LONGPOLL_SUFFIX = "/longpoll";

    private final List<SocketDefinition> sockets;
    private final WebSocketUpgrade webSocket;
    private final BroadcastApi broadcastApi;
    private final StaticFiles staticFiles;

    /**
     * @param broadcastApi null to disable {@code /api/broadcast}
     * @param staticFiles  null to serve no files
     */
    public HttpRouter(List<SocketDefinition> sockets, WebSocketUpgrade webSocket, BroadcastApi broadcastApi,
                      StaticFiles staticFiles) {
        this.sockets = List.copyOf(sockets);
        this.webSocket = webSocket;
        this.broadcastApi = broadcastApi;
        this.staticFiles = staticFiles;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
            request.release();
            return;
        }
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "request target must be an absolute path");
            request.release();
            return;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        for (SocketDefinition socket : sockets) {
            if (path.equals(socket.path() + WEBSOCKET_SUFFIX)) {
                webSocket.handle(ctx, request, socket, path, query); // takes ownership of the request
                return;
            }
            if (path.equals(socket.path() + LONGPOLL_SUFFIX)) {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "long-poll transport is not enabled on " + socket.path());
                return;
            }
        }
        try {
            if (broadcastApi != null && path.startsWith(BroadcastApi.PREFIX)) {
                broadcastApi.handle(ctx, request, path);
            } else if (staticFiles == null || !staticFiles.serve(ctx, request, path)) {
                HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: " + path);
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message) {
        try {
            HttpResponses.text(ctx, request, status, message);
        } finally {
            request.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection error: {}", cause.toString());
        ctx.close();
    }
}
