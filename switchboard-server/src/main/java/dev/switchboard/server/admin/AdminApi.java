package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.history.PublishOutcomeUnknown;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.http.ApiError;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.http.JsonBodyType;
import dev.switchboard.server.http.StaticFiles;
import dev.switchboard.server.http.TopicPath;
import dev.switchboard.server.io.Shards;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.SocketDefinition;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, {@code /api/admin/*}, and the dashboard page at {@code /dashboard} that uses it
 * (docs/API.md, "The admin API"). Reads are GET; actions are POST with the CSRF header
 * ({@link AdminAccess}). Every answer is JSON; a refusal is {@code {"error": reason}} naming the
 * parameter, field or limit.
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    public static final String PREFIX = "/api/admin/";
    public static final String PAGE = "/dashboard";
    /** How long a read that visits the event loops may take before it answers 503. */
    static final long LOOP_TIMEOUT_MILLIS = 2_000;

    private final AdminAccess access;
    private final AdminViews views;
    private final AdminActions actions;
    private final NodeCounters counters;
    private final SampleRing ring = new SampleRing(SampleRing.DEFAULT_CAPACITY);
    private final StaticFiles page = new StaticFiles("dev/switchboard/server/dashboard");

    /**
     * @param publishKey     the publish API's key, which this API refuses; null when none
     * @param tcpConnections open TCP connections of the server (a gauge)
     * @param startDrain     starts the node's drain and returns the connections open at its start
     */
    public AdminApi(AdminOptions options, String publishKey, Endpoint endpoint, Shards shards,
                    IntSupplier tcpConnections, IntSupplier startDrain) {
        this.access = new AdminAccess(options.adminKey(), publishKey);
        this.counters = new NodeCounters(endpoint, shards);
        ConnectionListing listing = new ConnectionListing(shards);
        this.views = new AdminViews(counters, ring, listing, tcpConnections);
        this.actions = new AdminActions(endpoint, listing, startDrain);
    }

    /** Starts the per-second samples on {@code scheduler}; cancel the future to stop them. */
    public ScheduledFuture<?> startSampling(ScheduledExecutorService scheduler) {
        MetricsSampler sampler = new MetricsSampler(counters, ring, LiveSocket.publisher(counters.endpoint().pubsub()));
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                sampler.run();
            } catch (RuntimeException e) {
                log.warn("Admin sample failed", e); // a failed tick must not end the schedule
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** The socket of the dashboard's live feed, mounted beside the application's sockets. */
    public SocketDefinition liveSocket() {
        return LiveSocket.definition(access, ring);
    }

    public static boolean matches(String path) {
        return path.startsWith(PREFIX) || path.equals(PAGE) || path.startsWith(PAGE + "/");
    }

    /** Answers one request; the caller keeps ownership of (and releases) the request. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path, String rawQuery) {
        if (!path.startsWith(PREFIX)) {
            String file = path.equals(PAGE) ? "/" : path.substring(PAGE.length());
            if (!page.serve(ctx, request, file)) {
                HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: " + path);
            }
            return;
        }
        Optional<AdminAccess.Refusal> refusal = access.checkRead(request, ctx.channel().remoteAddress());
        boolean post = HttpMethod.POST.equals(request.method());
        if (refusal.isEmpty() && post) {
            refusal = access.checkAction(request);
        }
        if (refusal.isPresent()) {
            AdminAccess.Refusal r = refusal.get();
            log.warn("Refused admin request {} {} from {}: {}", request.method(), path, ctx.channel().remoteAddress(), r.reason());
            FullHttpResponse response = HttpResponses.jsonErrorResponse(r.status(), r.reason());
            if (r.challenge() != null) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, r.challenge());
            }
            HttpResponses.send(ctx, request, response);
            return;
        }
        HttpRequest answerTo = HttpResponses.headOf(request);
        String name = path.substring(PREFIX.length());
        try {
            CompletableFuture<ObjectNode> answer = post ? act(ctx, request, name, rawQuery) : read(request, name, rawQuery);
            answer.orTimeout(LOOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((body, error) -> {
                if (error == null) {
                    ok(ctx, answerTo, body);
                } else {
                    fail(ctx, answerTo, error);
                }
            });
        } catch (ApiError e) {
            HttpResponses.jsonError(ctx, answerTo, e.status(), e.reason());
        } catch (UnsupportedOperationException e) {
            HttpResponses.jsonError(ctx, answerTo, HttpResponseStatus.NOT_IMPLEMENTED, e.getMessage());
        }
    }

    private CompletableFuture<ObjectNode> read(FullHttpRequest request, String name, String rawQuery) throws ApiError {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method()
                    + " is not allowed on " + PREFIX + name + ": use GET (actions are POST "
                    + PREFIX + "publish, disconnect, drain)");
        }
        if (name.startsWith("topics/")) {
            String topic = TopicPath.decode(name, "topics/");
            if (topic.isEmpty()) {
                throw AdminQuery.bad("missing topic: GET " + PREFIX + "topics/{topic}");
            }
            AdminQuery q = AdminQuery.parse(rawQuery, List.of("limit"));
            return views.topic(topic, q.limit());
        }
        switch (name) {
            case "session" -> {
                AdminQuery.parse(rawQuery, List.of());
                return done(Json.MAPPER.createObjectNode().put("csrf", access.csrfToken()).put("node", views.nodeId())
                        .put("keyRequired", access.requiresKey()));
            }
            case "overview" -> {
                AdminQuery.parse(rawQuery, List.of());
                return views.overview();
            }
            case "nodes" -> {
                AdminQuery.parse(rawQuery, List.of());
                return views.nodes();
            }
            case "connections" -> {
                AdminQuery q = AdminQuery.parse(rawQuery, List.of("offset", "limit", "q", "topic"));
                return views.connections(new ConnectionListing.Request(q.text("topic"), blankToNull(q.text("q")),
                        q.offset(), q.limit()));
            }
            case "topics" -> {
                AdminQuery q = AdminQuery.parse(rawQuery, List.of("offset", "limit", "q", "sort"));
                return views.topics(q.choice("sort", TopicListing.SORTS), blankToNull(q.text("q")), q.offset(), q.limit());
            }
            case "closes" -> {
                AdminQuery.parse(rawQuery, List.of());
                return done(views.closes());
            }
            case "samples" -> {
                AdminQuery q = AdminQuery.parse(rawQuery, List.of("since"));
                return done(views.samples(q.wholeNumber("since", 0, 0, Long.MAX_VALUE / 2)));
            }
            default -> throw new ApiError(HttpResponseStatus.NOT_FOUND, "no admin endpoint " + PREFIX + name
                    + "; reads: session, overview, nodes, connections, topics, topics/{topic}, closes, samples");
        }
    }

    private CompletableFuture<ObjectNode> act(ChannelHandlerContext ctx, FullHttpRequest request, String name,
                                              String rawQuery) throws ApiError {
        AdminQuery.parse(rawQuery, List.of());
        String who = access.who(ctx.channel().remoteAddress());
        byte[] body = ByteBufUtil.getBytes(request.content());
        if (body.length > 0) {
            JsonBodyType.check(request.headers());
        }
        return switch (name) {
            case "publish" -> actions.publish(body, who);
            case "disconnect" -> actions.disconnect(body, who);
            case "drain" -> done(actions.drain(who));
            default -> throw new ApiError(HttpResponseStatus.NOT_FOUND, "no admin action " + PREFIX + name
                    + "; actions: publish, disconnect, drain");
        };
    }

    private static void fail(ChannelHandlerContext ctx, HttpRequest answerTo, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApiError e) {
            HttpResponses.jsonError(ctx, answerTo, e.status(), e.reason());
        } else if (cause instanceof PublishOutcomeUnknown) {
            // As the publish API: the operator must not simply publish it again.
            HttpResponses.jsonError(ctx, answerTo, HttpResponseStatus.GATEWAY_TIMEOUT, "outcome unknown: "
                    + cause.getMessage() + "; it may have been published, and publishing it again may deliver it twice");
        } else if (cause instanceof TimeoutException) {
            HttpResponses.jsonError(ctx, answerTo, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the event loops did not answer within " + LOOP_TIMEOUT_MILLIS + " ms; try again");
        } else {
            log.warn("Admin request failed", cause);
            HttpResponses.jsonError(ctx, answerTo, HttpResponseStatus.SERVICE_UNAVAILABLE, String.valueOf(cause.getMessage()));
        }
    }

    /** A 200 JSON answer that no cache keeps: what a node says about its clients is for the asker only. */
    private static void ok(ChannelHandlerContext ctx, HttpRequest answerTo, ObjectNode body) {
        FullHttpResponse response = HttpResponses.response(HttpResponseStatus.OK, HttpResponses.JSON,
                body.toString().getBytes(StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpResponses.send(ctx, answerTo, response);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static CompletableFuture<ObjectNode> done(ObjectNode body) {
        return CompletableFuture.completedFuture(body);
    }
}
