package dev.switchboard.server;

import dev.switchboard.server.admin.AdminApi;
import dev.switchboard.server.http.BroadcastApi;
import dev.switchboard.server.http.DrainApi;
import dev.switchboard.server.http.HealthRoute;
import dev.switchboard.server.http.HistoryApi;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.http.MetricsRoute;
import dev.switchboard.server.http.StaticFiles;
import dev.switchboard.server.transport.longpoll.LongPollHandler;
import dev.switchboard.server.transport.websocket.WebSocketUpgrade;
import dev.switchboard.socket.SocketDefinition;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each HTTP request: socket transports first, then {@code /health} and
 * {@code /metrics}, then the publish, drain, history and admin APIs (and the dashboard), then the server's own client helpers under
 * {@code /switchboard/}, then static files, else 404. A transport a socket
 * does not offer answers 404, like any unknown path.
 * Stateless and shared by all connections.
 */
@ChannelHandler.Sharable
final class HttpRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    static final String WEBSOCKET_SUFFIX = "/websocket";
    static final String LONGPOLL_SUFFIX = "/longpoll";
    /** Where the server's own client helpers are served, e.g. {@code /switchboard/recovery.js}. */
    static final String ASSETS_PATH = "/switchboard/";
    private static final StaticFiles assets = new StaticFiles("dev/switchboard/server/assets");

    private final List<SocketDefinition> sockets;
    private final WebSocketUpgrade webSocket;
    private final LongPollHandler longPoll;
    private final BroadcastApi broadcastApi;
    private final HistoryApi historyApi;
    private final DrainApi drainApi;
    private final AdminApi adminApi;
    private final StaticFiles staticFiles;
    private final HealthRoute health;
    private final MetricsRoute metrics;

    /**
     * @param longPoll     null to serve no long-poll transport
     * @param broadcastApi null to disable {@code /api/broadcast}
     * @param historyApi   null to disable {@code /api/history}
     * @param drainApi     null to disable {@code /api/drain}
     * @param adminApi     null to disable {@code /api/admin/} and {@code /dashboard}
     * @param staticFiles  null to serve no files
     * @param health       null to serve no {@code /health}
     * @param metrics      null to serve no {@code /metrics}
     */
    HttpRouter(List<SocketDefinition> sockets, WebSocketUpgrade webSocket, LongPollHandler longPoll,
               BroadcastApi broadcastApi, HistoryApi historyApi, DrainApi drainApi, AdminApi adminApi,
               StaticFiles staticFiles,
               HealthRoute health, MetricsRoute metrics) {
        this.health = health;
        this.metrics = metrics;
        this.sockets = List.copyOf(sockets);
        this.webSocket = webSocket;
        this.longPoll = longPoll;
        this.broadcastApi = broadcastApi;
        this.historyApi = historyApi;
        this.drainApi = drainApi;
        this.adminApi = adminApi;
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
                if (!socket.options().websocket()) {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, "the WebSocket transport is not enabled on " + socket.path());
                } else {
                    webSocket.handle(ctx, request, socket, path, query); // takes ownership of the request
                }
                return;
            }
            if (path.equals(socket.path() + LONGPOLL_SUFFIX)) {
                if (longPoll == null || !socket.options().longpoll()) {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, "the long-poll transport is not enabled on " + socket.path());
                } else {
                    longPoll.handle(ctx, request, socket, path, query); // takes ownership of the request
                }
                return;
            }
        }
        try {
            if (health != null && path.equals(HealthRoute.PATH) && isRead(request)) {
                health.handle(ctx, request);
            } else if (metrics != null && path.equals(MetricsRoute.PATH) && isRead(request)) {
                metrics.handle(ctx, request);
            } else if (broadcastApi != null && BroadcastApi.matches(path)) {
                broadcastApi.handle(ctx, request, path);
            } else if (drainApi != null && DrainApi.matches(path)) {
                drainApi.handle(ctx, request);
            } else if (historyApi != null && HistoryApi.matches(path)) {
                historyApi.handle(ctx, request, path, query);
            } else if (adminApi != null && AdminApi.matches(path)) {
                adminApi.handle(ctx, request, path, query);
            } else if (path.startsWith(ASSETS_PATH)
                    && assets.serve(ctx, request, path.substring(ASSETS_PATH.length() - 1))) {
                // served: the client helpers every Switchboard server offers (/switchboard/recovery.js)
            } else if (staticFiles == null || !staticFiles.serve(ctx, request, path)) {
                HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: " + path);
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private static boolean isRead(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
    }

    /** The long-poll paths this router serves, whose every answer carries the long-poll CORS headers. */
    Set<String> longPollPaths() {
        Set<String> paths = new HashSet<>();
        for (SocketDefinition socket : sockets) {
            if (longPoll != null && socket.options().longpoll()) {
                paths.add(socket.path() + LONGPOLL_SUFFIX);
            }
        }
        return Set.copyOf(paths);
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
