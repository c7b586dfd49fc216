package dev.switchboard.bridge.websocketd;

import dev.switchboard.bridge.metrics.BridgeMetrics;
import dev.switchboard.bridge.metrics.Refusal;
import dev.switchboard.bridge.process.ChildProcess;
import dev.switchboard.bridge.process.Launcher;
import dev.switchboard.bridge.process.ProcessLimit;
import dev.switchboard.bridge.process.Program;
import dev.switchboard.security.OriginCheck;
import dev.switchboard.server.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket upgrade that starts a program, checked in this order, each refusal counted and
 * answered with a status and a one-line reason: origin (403), {@code --dir} path (400/403/404),
 * WebSocket version (426), {@code --maxforks} (429), program start (500). The program is started
 * before the 101, so a client only sees an open WebSocket when its program runs; the start
 * itself (fork and exec, about a millisecond) runs off the event loop.
 */
final class ProgramUpgrade {
    private static final Logger log = LoggerFactory.getLogger(ProgramUpgrade.class);
    static final String CONNECTION = "ws-connection";

    private final WebsocketdOptions options;
    private final ScriptDirectory scripts;
    private final ProcessLimit forks;
    private final Launcher launcher;
    private final BridgeMetrics metrics;
    private final ExecutorService spawner;
    private final Set<ProcessConnection> open;
    private final UniqueIds ids = new UniqueIds();
    private final WebSocketServerHandshakerFactory handshakers;

    ProgramUpgrade(WebsocketdOptions options, ProcessLimit forks, Launcher launcher, BridgeMetrics metrics,
                   ExecutorService spawner, Set<ProcessConnection> open) {
        this.options = options;
        this.scripts = options.scriptDir() == null ? null : new ScriptDirectory(options.scriptDir());
        this.forks = forks;
        this.launcher = launcher;
        this.metrics = metrics;
        this.spawner = spawner;
        this.open = open;
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxFrameBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        this.handshakers = new WebSocketServerHandshakerFactory("ws://localhost/", null, decoder);
    }

    /** Handles an upgrade request; does not take ownership of {@code request}. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        OriginCheck check = options.origins().check(origin, request.headers().get(HttpHeaderNames.HOST));
        if (!check.allowed()) {
            refuse(ctx, request, Refusal.ORIGIN, HttpResponseStatus.FORBIDDEN, "origin " + origin + " refused: " + check.reason());
            return;
        }
        String rawPath = UrlPaths.rawPath(request.uri());
        List<String> argv;
        String scriptName;
        String pathInfo;
        if (scripts != null) {
            ScriptDirectory.Resolution r = scripts.resolve(rawPath);
            if (r instanceof ScriptDirectory.Refused no) {
                refuse(ctx, request, no.reason(), HttpResponseStatus.valueOf(no.status()), no.message());
                return;
            }
            ScriptDirectory.Found found = (ScriptDirectory.Found) r;
            argv = List.of(found.file().toString());
            scriptName = found.scriptName();
            pathInfo = found.pathInfo();
        } else {
            argv = options.command();
            scriptName = "/";
            try {
                pathInfo = UrlPaths.decode(rawPath);
            } catch (IllegalArgumentException e) {
                refuse(ctx, request, Refusal.BAD_PATH, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        WebSocketServerHandshaker handshaker = handshakers.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        if (!forks.tryAcquire()) {
            refuse(ctx, request, Refusal.MAX_PROCESSES, HttpResponseStatus.TOO_MANY_REQUESTS, forks.describe());
            return;
        }
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        Map<String, String> env = CgiEnvironment.of(request, remote, options.tls() != null, scriptName, pathInfo, ids.next());
        Program program = options.program(argv);
        ProcessConnection connection = new ProcessConnection(ctx.channel(), options, metrics, open);
        request.retain();
        ctx.channel().config().setAutoRead(false); // nothing more is read until the upgrade is done
        spawner.execute(() -> {
            ChildProcess child;
            try {
                child = launcher.start(program, env, program.display(), connection.stdout(), readBuffer(),
                        options.stdinLimits());
            } catch (IOException | RuntimeException e) {
                forks.release();
                metrics.refused(Refusal.START_FAILED);
                log.warn("Cannot start {}: {}", program.display(), e.getMessage());
                ctx.executor().execute(() -> {
                    try {
                        HttpResponses.text(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                "500: cannot start the program: " + e.getMessage());
                        ctx.channel().config().setAutoRead(true);
                    } finally {
                        request.release();
                    }
                });
                return;
            }
            metrics.started();
            child.exit().whenComplete((status, error) -> {
                forks.release();
                metrics.exited();
            });
            connection.attach(child);
            ctx.executor().execute(() -> {
                try {
                    complete(ctx, request, handshaker, connection);
                } finally {
                    request.release();
                }
            });
        });
    }

    /** Answers 101 and swaps the HTTP handlers for the frame handlers. On the event loop. */
    private void complete(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketServerHandshaker handshaker,
                          ProcessConnection connection) {
        if (!ctx.channel().isActive()) {
            connection.abandon();
            return;
        }
        try {
            handshaker.handshake(ctx.channel(), request);
        } catch (WebSocketHandshakeException e) {
            connection.abandon();
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "400: " + e.getMessage());
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(WebsocketdServer.HTTP_TIMEOUT) != null) {
            pipeline.remove(WebsocketdServer.HTTP_TIMEOUT);
        }
        pipeline.replace(ctx.name(), CONNECTION, connection);
        pipeline.addBefore(CONNECTION, "ws-aggregator", new WebSocketFrameAggregator(options.maxFrameBytes()));
        connection.opened();
        ctx.channel().config().setAutoRead(true);
    }

    private int readBuffer() {
        return options.binary() ? 64 * 1024 : 16 * 1024;
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, Refusal reason, HttpResponseStatus status,
                        String message) {
        metrics.refused(reason);
        log.info("Refused {} ({}): {}", request.uri(), status.code(), message);
        HttpResponses.text(ctx, request, status, status.code() + " " + status.reasonPhrase() + ": " + message);
    }
}
