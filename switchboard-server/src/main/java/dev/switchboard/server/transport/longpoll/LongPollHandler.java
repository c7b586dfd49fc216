package dev.switchboard.server.transport.longpoll;

import dev.switchboard.protocol.Protocol;
import dev.switchboard.protocol.Serializer;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.security.MessageSigner;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.server.io.EventLoopShard;
import dev.switchboard.server.io.OutboundOptions;
import dev.switchboard.server.io.Shards;
import dev.switchboard.server.io.TransportKind;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.ConnectRequest;
import dev.switchboard.socket.ConnectResult;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.QueryParams;
import dev.switchboard.socket.Session;
import dev.switchboard.socket.SocketDefinition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code {mount}/longpoll} (spec §5.3), in Phoenix's order: Origin, then method.
 *
 * <ul>
 *   <li>A {@code GET} or {@code POST} whose token names a session of another node is forwarded to
 *       that node over the cluster bus ({@link LongPollForwarder}), which answers through this one.</li>
 *   <li>{@code GET} with a token naming a live session of this mount → the session's poll;
 *       without one, or with a token that is invalid, expired, for another mount or whose session
 *       is gone → a new session: {@code vsn} and the application's connect decide, and the
 *       answer is {@code {"status":410,"token":T,"messages":[]}} or {@code {"status":403}}.</li>
 *   <li>{@code POST} with a token naming a live session → its lines are dispatched; otherwise
 *       {@code {"status":410}}.</li>
 *   <li>{@code OPTIONS} → CORS preflight. Anything else → HTTP 400.</li>
 * </ul>
 * Stateless and shared by every connection; sessions are reached through {@link LocalLongPollSessions}.
 */
public final class LongPollHandler implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(LongPollHandler.class);

    private final Endpoint endpoint;
    private final Shards shards;
    private final LocalLongPollSessions sessions;
    private final LongPollOptions options;
    private final OriginGuard origins;
    private final OutboundOptions outbound;
    private final LongPollForwarder forwarder;
    private final ForwardedRequests forwarded;

    /**
     * @param outbound the bounds on frames a session holds for its next poll: their bytes
     *                 ({@code maxOutboundBytes}) and the oldest one's age ({@code maxOutboundAge}),
     *                 past which it is closed as a slow consumer
     */
    public LongPollHandler(Endpoint endpoint, Shards shards, LocalLongPollSessions sessions, LongPollOptions options,
                           OriginGuard origins, OutboundOptions outbound) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.shards = Objects.requireNonNull(shards, "shards");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.options = Objects.requireNonNull(options, "options");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.forwarder = new LongPollForwarder(endpoint.bus(), options.window().toMillis());
        this.forwarded = new ForwardedRequests(endpoint.bus(), sessions);
    }

    /**
     * A handler with this node's session table, signing tokens with {@code secret}.
     *
     * @param nodeId this node's id, named in every token
     * @param secret the token-signing secret (at least 32 bytes); the same on every node of a cluster
     */
    public static LongPollHandler create(Endpoint endpoint, Shards shards, LongPollOptions options, OriginGuard origins,
                                         String nodeId, byte[] secret, OutboundOptions outbound) {
        MessageSigner signer = MessageSigner.builder(LocalLongPollSessions.PURPOSE, secret)
                .maxAge(options.tokenMaxAge())
                .build();
        LocalLongPollSessions sessions = new LocalLongPollSessions(nodeId, signer, shards.all());
        return new LongPollHandler(endpoint, shards, sessions, options, origins, outbound);
    }

    public LongPollSessions sessions() {
        return sessions;
    }

    /**
     * {@code switchboard.longpoll.forwarded} (tag {@code direction}: {@code out} = sent to the
     * session's owner, {@code in} = run here for another node), {@code switchboard.longpoll.forward.gone}
     * (answered 410: owner unreachable) and {@code switchboard.longpoll.forward.invalid} (unreadable
     * forwarding messages, ignored).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("switchboard.longpoll.forwarded", forwarder, LongPollForwarder::forwarded)
                .tag("direction", "out").description("Long-poll requests forwarded to the node owning their session")
                .register(registry);
        FunctionCounter.builder("switchboard.longpoll.forwarded", forwarded, ForwardedRequests::received)
                .tag("direction", "in").description("Long-poll requests other nodes forwarded to this node")
                .register(registry);
        FunctionCounter.builder("switchboard.longpoll.forward.gone", forwarder, LongPollForwarder::gone)
                .description("Forwarded long-poll requests answered 410 because the owning node was unreachable")
                .register(registry);
        FunctionCounter.builder("switchboard.longpoll.forward.invalid", forwarded,
                        f -> f.invalidMessages() + forwarder.invalidMessages())
                .description("Unreadable long-poll forwarding messages, ignored")
                .register(registry);
    }

    /** Takes ownership of {@code request} (releases it). */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, SocketDefinition socket, String path,
                       String rawQuery) {
        LongPollRequest req;
        try {
            if (!origins.allows(request.headers(), path)) {
                refused();
                LongPollResponses.status(LongPollRequest.of(ctx, request, path, null), LongPollProtocol.FORBIDDEN);
                return;
            }
            try {
                req = LongPollRequest.of(ctx, request, path, rawQuery);
            } catch (QueryParams.MalformedQueryException e) {
                LongPollResponses.error(LongPollRequest.of(ctx, request, path, null), HttpResponseStatus.BAD_REQUEST,
                        e.getMessage());
                return;
            }
        } finally {
            request.release();
        }
        HttpMethod method = req.method();
        if (HttpMethod.GET.equals(method)) {
            get(req, socket);
        } else if (HttpMethod.POST.equals(method)) {
            post(req, socket);
        } else if (HttpMethod.OPTIONS.equals(method)) {
            LongPollResponses.preflight(req);
        } else {
            LongPollResponses.error(req, HttpResponseStatus.BAD_REQUEST,
                    "long-poll accepts GET, POST and OPTIONS, not " + method);
        }
    }

    private void get(LongPollRequest req, SocketDefinition socket) {
        // No session, or an expired or closed one: as in Phoenix, a GET then opens a new session
        // (phoenix.js, holding a token, reads the 410 as "session gone", reconnects and rejoins).
        route(req, socket, session -> session.poll(req), () -> newSession(req, socket));
    }

    private void post(LongPollRequest req, SocketDefinition socket) {
        route(req, socket, session -> session.post(req), () -> LongPollResponses.status(req, LongPollProtocol.GONE));
    }

    /**
     * Takes the request to its session: to the owning node when the token names another one; to
     * {@code withSession} on the owning event loop when this node owns it and it is alive;
     * otherwise (no token, a token not accepted, a session that is gone) to {@code noSession}.
     */
    private void route(LongPollRequest req, SocketDefinition socket, Consumer<LongPollSession> withSession,
                       Runnable noSession) {
        String token = req.sessionToken();
        LongPollSessions.Location location = token == null ? null : locate(token, socket);
        if (location instanceof LongPollSessions.Remote remote) {
            forwarder.forward(req, remote.token().nodeId(), token, socket.path());
        } else if (location instanceof LongPollSessions.Local local) {
            sessions.withSession(local, session -> {
                if (session != null) {
                    withSession.accept(session);
                } else {
                    noSession.run();
                }
            });
        } else {
            noSession.run();
        }
    }

    private LongPollSessions.Location locate(String token, SocketDefinition socket) {
        LongPollSessions.Location location = sessions.locate(token, socket.path());
        if (location instanceof LongPollSessions.Unknown unknown) {
            log.debug("Long-poll token on {} not accepted: {}", socket.path(), unknown.reason());
        }
        return location;
    }

    /** Runs the application's connect and, when it accepts, opens a session on this request's event loop. */
    private void newSession(LongPollRequest req, SocketDefinition socket) {
        if (endpoint.isDraining()) {
            // No new session here: the answer makes phoenix.js reconnect, over a new connection
            // (HTTP 503 closes this one) that the balancer sends to another node.
            log.debug("Long-poll session refused on {}: the server is draining", req.path());
            LongPollResponses.draining(req, req.sessionToken() != null);
            return;
        }
        Serializer serializer = negotiate(req.params().get(Protocol.VSN_PARAM));
        if (serializer == null) {
            log.warn("Refused long-poll session on {}: unsupported vsn {} (supported: 1.0.x, 2.0.x)",
                    req.path(), req.params().get(Protocol.VSN_PARAM));
            refused();
            LongPollResponses.status(req, LongPollProtocol.FORBIDDEN);
            return;
        }
        ConnectRequest connect = new ConnectRequest(req.params(), req.connectInfo(socket));
        ChannelHandlerContext ctx = req.http().ctx();
        endpoint.connect(socket, connect).whenComplete((result, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return; // nobody to hand the token to: no session
            }
            if (result instanceof ConnectResult.Accepted accepted) {
                LongPollSession session = open(shards.of(ctx.channel().eventLoop()), socket, serializer, accepted,
                        req.http().remoteAddress());
                LongPollResponses.session(req, LongPollProtocol.GONE, session.token(), List.of());
            } else {
                // A GET may only carry 200/204/403/410/500 (phoenix.js throws on others), so a
                // custom refusal status such as 429 becomes 403.
                boolean broken = error != null
                        || (result instanceof ConnectResult.Refused refused && refused.httpStatus() == 500);
                int status = broken ? LongPollProtocol.SERVER_ERROR : LongPollProtocol.FORBIDDEN;
                log.debug("Long-poll connect refused on {}: {}", req.path(), status);
                refused();
                LongPollResponses.status(req, status);
            }
        }));
    }

    /** A session refused by policy (Origin, vsn, the app's connect), counted like the WebSocket ones. */
    private void refused() {
        shards.closes().count(TransportKind.LONGPOLL, CloseReason.Cause.REFUSED);
    }

    /** Call on {@code shard}. */
    private LongPollSession open(EventLoopShard shard, SocketDefinition socket, Serializer serializer,
                                 ConnectResult.Accepted accepted, java.net.SocketAddress remoteAddress) {
        long id = sessions.newSessionId(shard);
        String token = sessions.tokenFor(shard, id, socket.path());
        LongPollSession transport = new LongPollSession(shard, sessions, id, token, socket.path(), options, outbound,
                remoteAddress);
        Session session = endpoint.open(socket, serializer, transport, accepted);
        transport.start(session);
        return transport;
    }

    /** {@code vsn} absent → V1; a String matching 1.0.x or 2.0.x → that version; anything else → null. */
    static Serializer negotiate(Object vsn) {
        if (vsn == null) {
            return Serializers.v1();
        }
        return vsn instanceof String s ? Serializers.forVsn(s).orElse(null) : null;
    }
}
