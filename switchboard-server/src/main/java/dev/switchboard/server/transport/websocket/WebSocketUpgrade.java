package dev.switchboard.server.transport.websocket;

import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.security.CsrfCheck;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.server.limits.LimitLog;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.QueryParams;
import dev.switchboard.socket.SocketDefinition;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code GET {mount}/websocket} in the order of spec §1.4: method, Origin, auth-token
 * subprotocol, subprotocol check, {@code vsn}, the application's connect (on a worker), and
 * only then the upgrade itself (upgrade headers, version, key, Netty's handshaker and the 101).
 * Refusals by policy (Origin, subprotocol, vsn, connect) are counted as
 * {@link CloseReason.Cause#REFUSED} connections.
 */
public final class WebSocketUpgrade {
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

    private final Endpoint endpoint;
    private final Shards shards;
    private final OriginGuard origins;
    private final OutboundOptions outbound;
    private final WebSocketOptions options;
    /** Name Netty's handshaker gives the frame encoder it installs (removed at once). */
    static final String ENCODER = "wsencoder";
    /** The only WebSocket protocol version served (RFC 6455). */
    static final String SUPPORTED_VERSION = "13";
    private static final LimitLog vsnLog = new LimitLog(log);
    /** Name Netty's handshaker gives the frame decoder it installs. */
    static final String DECODER = "wsdecoder";
    private final CompressionStats compressionStats = new CompressionStats();
    /** One compressor per event loop, shared by the loop's connections that negotiated deflate. */
    private final Map<EventLoop, MessageDeflater> deflaters = new ConcurrentHashMap<>();
    /** One factory (and decoder configuration) per socket, shared by all its connections. */
    private final Map<SocketDefinition, WebSocketServerHandshakerFactory> handshakers = new ConcurrentHashMap<>();

    /** @param options server-wide WebSocket settings: permessage-deflate, see {@link PerMessageDeflate} */
    public WebSocketUpgrade(Endpoint endpoint, Shards shards, OriginGuard origins, OutboundOptions outbound,
                            WebSocketOptions options) {
        this.endpoint = endpoint;
        this.shards = shards;
        this.origins = origins;
        this.outbound = outbound;
        this.options = options;
    }

    /** What compression did, for the server's meters. */
    public CompressionStats compressionStats() {
        return compressionStats;
    }

    /** Whether connections to {@code socket} may negotiate permessage-deflate. */
    private boolean compression(SocketDefinition socket) {
        return options.compression() && socket.options().compression();
    }

    /** Takes ownership of {@code request} (releases it). */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, SocketDefinition socket,
                       String path, String rawQuery) {
        boolean handedOff = false;
        try {
            if (!HttpMethod.GET.equals(request.method())) {
                HttpResponses.empty(ctx, request, HttpResponseStatus.BAD_REQUEST);
                return;
            }
            if (endpoint.isDraining()) {
                // A keep-alive connection accepted before the listener closed: 503 closes it, and
                // the client's reconnect goes through the balancer to another node.
                HttpResponses.text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "server draining");
                return;
            }
            if (!origins.allows(request.headers(), path)) {
                refuse(ctx, request, HttpResponseStatus.FORBIDDEN);
                return;
            }
            AuthTokenProtocol offer;
            try {
                offer = AuthTokenProtocol.parse(request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL),
                        socket.options().authToken());
            } catch (AuthTokenProtocol.InvalidOffer e) {
                HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            if (!offer.offered().isEmpty() && !offer.offered().contains(Protocol.SUBPROTOCOL)) {
                log.info("Refused WebSocket upgrade on {}: offered subprotocols {} do not include \"{}\"",
                        path, offer.offered(), Protocol.SUBPROTOCOL);
                refuse(ctx, request, HttpResponseStatus.FORBIDDEN);
                return;
            }
            Map<String, Object> params;
            try {
                params = QueryParams.parse(rawQuery);
            } catch (QueryParams.MalformedQueryException e) {
                HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            Serializer serializer = negotiate(params.get(Protocol.VSN_PARAM));
            if (serializer == null) {
                // Rate-limited: a misconfigured client fleet must not flood the log.
                vsnLog.warn("Refused WebSocket upgrade on {}: unsupported vsn {} (supported: 1.0.x, 2.0.x)",
                        path, params.get(Protocol.VSN_PARAM));
                refuse(ctx, request, HttpResponseStatus.FORBIDDEN);
                return;
            }
            ConnectRequest connect = new ConnectRequest(params, connectInfo(ctx, request, offer.token(), socket, params));
            handedOff = true;
            endpoint.connect(socket, connect).whenComplete((result, error) -> runOnLoop(ctx, () -> {
                try {
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    if (result instanceof ConnectResult.Accepted accepted) {
                        install(ctx, request, socket, path, serializer, accepted);
                    } else {
                        int status = result instanceof ConnectResult.Refused refused ? refused.httpStatus() : 500;
                        log.debug("Connect refused on {} with HTTP {}", path, status);
                        refuse(ctx, request, HttpResponseStatus.valueOf(status));
                    }
                } finally {
                    request.release();
                }
            }));
        } finally {
            if (!handedOff) {
                request.release();
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status) {
        shards.closes().count(TransportKind.WEBSOCKET, CloseReason.Cause.REFUSED);
        HttpResponses.empty(ctx, request, status);
    }

    /** Event-loop connect handlers complete inline; worker ones hop back to the connection's loop. */
    private static void runOnLoop(ChannelHandlerContext ctx, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    /**
     * Answers 101 with Netty's handshaker and leaves a lean pipeline behind: frame decoder and
     * encoder, UTF-8 validation, and the {@link WebSocketConnection}. Control frames, fragments
     * and size limits are handled by the connection itself, so an idle connection carries as few
     * handlers (and bytes) as possible.
     */
    private void install(ChannelHandlerContext ctx, FullHttpRequest request, SocketDefinition socket, String path,
                         Serializer serializer, ConnectResult.Accepted accepted) {
        if (!isUpgrade(request)) {
            // A plain GET (a browser tab, a health probe): 400 as Phoenix, not the 426 a version
            // mismatch gets below.
            HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST,
                    "not a WebSocket upgrade: expected 'Upgrade: websocket' and 'Connection: Upgrade'");
            return;
        }
        // Only RFC 6455 (version 13): Netty would also serve pre-standard drafts, whose clients
        // could not read the frames this server writes.
        if (!SUPPORTED_VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!validKey(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST,
                    "Sec-WebSocket-Key must be the base64 encoding of 16 bytes");
            return;
        }
        WebSocketServerHandshakerFactory factory = handshakers.computeIfAbsent(socket, this::handshakerFactory);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        PerMessageDeflate.Accepted deflate = compression(socket) ? PerMessageDeflate.negotiate(request, socket) : null;
        try {
            handshaker.handshake(ctx.channel(), request, deflate == null ? null : deflate.responseHeaders(),
                    ctx.channel().newPromise());
        } catch (WebSocketHandshakeException e) {
            log.debug("Bad WebSocket upgrade on {}: {}", path, e.getMessage());
            HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        // The 101 is on its way and the frame codec is in place; nothing can be read before this
        // method returns, so the connection is ready before the client's first frame.
        WebSocketConnection connection = new WebSocketConnection(endpoint, socket, serializer, accepted,
                shards.of(ctx.channel().eventLoop()), outbound,
                deflate == null ? null : deflaters.computeIfAbsent(ctx.channel().eventLoop(),
                        loop -> new MessageDeflater(options.compressMinBytes(), compressionStats)));
        ChannelPipeline pipeline = ctx.pipeline();
        // The connection writes complete frames, control frames included, and validates UTF-8
        // itself: neither the handshaker's frame encoder nor a validator stays per connection.
        pipeline.remove(ENCODER);
        pipeline.replace(ctx.name(), "ws-connection", connection);
        if (deflate != null) {
            deflate.install(pipeline, DECODER);
        }
    }

    private WebSocketServerHandshakerFactory handshakerFactory(SocketDefinition socket) {
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(socket.options().maxFrameBytes())
                // RSV1 marks a compressed message, legal only with permessage-deflate; a client that
                // sets it without negotiating sends bytes that fail decoding and close the socket
                .allowExtensions(compression(socket))
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                // WebSocketConnection sends the close frame naming the violation (there is no encoder)
                .closeOnProtocolViolation(false)
                .build();
        // The URL is only used by pre-RFC 6455 handshakes, which are not supported anyway.
        return new WebSocketServerHandshakerFactory("ws://localhost" + socket.path() + "/websocket",
                Protocol.SUBPROTOCOL, decoder);
    }

    /** RFC 6455 §4.2.1: {@code Upgrade} names websocket and {@code Connection} names upgrade (case-insensitive lists). */
    static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, "upgrade", true);
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte nonce. */
    static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return java.util.Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code vsn} absent → V1; a String matching 1.0.x or 2.0.x → that version; anything else → null. */
    static Serializer negotiate(Object vsn) {
        if (vsn == null) {
            return Serializers.v1();
        }
        if (!(vsn instanceof String s)) {
            return null;
        }
        return Serializers.forVsn(s).orElse(null);
    }

    private static ConnectInfo connectInfo(ChannelHandlerContext ctx, FullHttpRequest request, String authToken,
                                           SocketDefinition socket, Map<String, Object> params) {
        Map<String, String> xHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("x-")) {
                xHeaders.putIfAbsent(name, h.getValue());
            }
        }
        InetSocketAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        // Cookies are read only for a socket with a session reader, and never exposed raw.
        Map<String, Object> session = socket.session() == null ? null : CsrfCheck.session(socket.session(),
                String.join("; ", request.headers().getAll(HttpHeaderNames.COOKIE)), params, socket.path());
        return new ConnectInfo("websocket", peer, request.uri(),
                request.headers().get(HttpHeaderNames.USER_AGENT), authToken, xHeaders, session);
    }
}
