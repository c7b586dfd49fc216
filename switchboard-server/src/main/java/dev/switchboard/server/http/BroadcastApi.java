package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.history.PublishOutcomeUnknown;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Position;
import dev.switchboard.socket.Endpoint;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP publish API: a back-end publishes to topics over plain HTTP, and every subscriber on
 * every node sharing the endpoint's PubSub receives the broadcast.
 *
 * <ul>
 *   <li>{@code POST /api/broadcast/{topic}}: the body is a JSON object. If it has a
 *       {@code "payload"} member, the body is an envelope: {@code "payload"} (an object) is the
 *       broadcast payload and the optional {@code "event"} string names the event, and no other
 *       member is allowed. Otherwise the whole body is the payload and the event is
 *       {@value PublishBody#DEFAULT_EVENT} (or the body's own {@code "event"} string). Answers
 *       202 {@code {"status":"accepted","topic":T,"event":E}}, with {@code "position"} when the
 *       topic keeps history (RECOVERY.md §6).</li>
 *   <li>{@code POST /api/broadcast}: a batch, {@code {"messages":[{"topic","event","payload"}, ...]}}
 *       with 1 to {@value PublishBody#MAX_BATCH_MESSAGES} entries; {@code "event"} defaults to
 *       {@value PublishBody#DEFAULT_EVENT}. Every entry is validated before any is published; then
 *       they are published in order and the answer is 202 {@code {"status":"accepted","count":N,
 *       "positions":[...]}} (one per message, null where the topic keeps no history; absent when
 *       no message went to a topic with history, so the answer is unchanged for those).</li>
 * </ul>
 *
 * <p>The answer waits until every broadcast has its position. When a history topic's broadcast
 * cannot be accepted (a cluster whose history store is unreachable), the answer is 503 with
 * {@code "failed"}: the indexes of the messages nobody received, so the caller can send exactly
 * those again; the others went out. A broadcast whose fate the store could not tell
 * ({@link PublishOutcomeUnknown}: its answer was lost and it could not be asked since) is listed
 * in {@code "unknown"} instead; when only such broadcasts are left, the status is 504. A single
 * publish answers 503 or 504 the same way.
 *
 * <p>Access is decided by an {@link ApiKeyCheck}: a bearer key, or loopback clients only. Bodies
 * must be JSON ({@link JsonBodyType}); every refusal is {@code {"error": reason}} with 400, 401,
 * 403, 405, 413 or 415. Bodies over the server's {@code maxHttpBodyBytes} never get here
 * ({@link BodySizeLimit} answers 413).
 */
public final class BroadcastApi {
    private static final Logger log = LoggerFactory.getLogger(BroadcastApi.class);

    /** The batch endpoint. */
    public static final String PATH = "/api/broadcast";
    /** URL prefix of the single-topic endpoint. */
    public static final String PREFIX = PATH + "/";

    private final Endpoint endpoint;
    private final ApiKeyCheck access;

    /** An API that answers loopback clients only. */
    public BroadcastApi(Endpoint endpoint) {
        this(endpoint, ApiKeyCheck.loopbackOnly());
    }

    public BroadcastApi(Endpoint endpoint, ApiKeyCheck access) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** True for the paths this API serves. */
    public static boolean matches(String path) {
        return path.equals(PATH) || path.startsWith(PREFIX);
    }

    /** Answers one request; the caller keeps ownership of (and releases) the request. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = HttpResponses.jsonErrorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " is not allowed: use POST");
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            HttpResponses.send(ctx, request, response);
            return;
        }
        Optional<ApiKeyCheck.Refusal> refusal = access.check(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.channel().remoteAddress());
        if (refusal.isPresent()) {
            refuse(ctx, request, refusal.get());
            return;
        }
        try {
            JsonBodyType.check(request.headers());
            byte[] body = ByteBufUtil.getBytes(request.content());
            HttpRequest answerTo = HttpResponses.headOf(request); // the request is released before the answer
            if (path.equals(PATH)) {
                List<Publication> batch = PublishBody.batch(body);
                List<CompletableFuture<Position>> positions = new ArrayList<>(batch.size());
                batch.forEach(p -> positions.add(publish(p)));
                CompletableFuture.allOf(positions.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    boolean anyPosition = false;
                    ArrayNode failed = Json.MAPPER.createArrayNode();
                    ArrayNode unknown = Json.MAPPER.createArrayNode();
                    Throwable cause = null;
                    for (int i = 0; i < positions.size(); i++) {
                        CompletableFuture<Position> f = positions.get(i);
                        if (f.isCompletedExceptionally()) {
                            Throwable e = unwrap(f.handle((v, x) -> x).join());
                            (e instanceof PublishOutcomeUnknown ? unknown : failed).add(i);
                            list.addNull();
                            cause = cause == null || cause instanceof PublishOutcomeUnknown ? e : cause;
                        } else {
                            Position position = f.join();
                            anyPosition |= position != null;
                            add(list, position);
                        }
                    }
                    ObjectNode answer = Json.MAPPER.createObjectNode();
                    if (cause == null) {
                        answer.put("status", "accepted").put("count", batch.size());
                        if (anyPosition) { // without history the answer stays what it always was
                            answer.set("positions", list);
                        }
                        HttpResponses.json(ctx, answerTo, HttpResponseStatus.ACCEPTED, answer);
                    } else {
                        answer.put("error", notAccepted(cause)).set("failed", failed);
                        if (!unknown.isEmpty()) {
                            answer.set("unknown", unknown);
                        }
                        answer.set("positions", list);
                        HttpResponses.json(ctx, answerTo, statusFor(cause), answer);
                    }
                });
            } else {
                Publication one = PublishBody.single(TopicPath.decode(path, PREFIX), body);
                publish(one).whenComplete((position, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        HttpResponses.jsonError(ctx, answerTo, statusFor(cause), notAccepted(cause));
                        return;
                    }
                    ObjectNode ok = Json.MAPPER.createObjectNode().put("status", "accepted")
                            .put("topic", one.topic()).put("event", one.event());
                    if (position != null) {
                        ok.put("position", position.toString());
                    }
                    HttpResponses.json(ctx, answerTo, HttpResponseStatus.ACCEPTED, ok);
                });
            }
        } catch (ApiError e) {
            HttpResponses.jsonError(ctx, request, e.status(), e.reason());
        }
    }

    /** Through the endpoint's PubSub, so in a cluster every node's subscribers receive it. */
    private CompletableFuture<Position> publish(Publication publication) {
        return endpoint.broadcast(publication.topic(), publication.event(), publication.payload()).toCompletableFuture();
    }

    private static void add(ArrayNode list, Position position) {
        if (position == null) {
            list.addNull();
        } else {
            list.add(position.toString());
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** 503: not published, send it again; 504: the history store's answer was lost, it may have gone out. */
    private static HttpResponseStatus statusFor(Throwable cause) {
        return cause instanceof PublishOutcomeUnknown ? HttpResponseStatus.GATEWAY_TIMEOUT
                : HttpResponseStatus.SERVICE_UNAVAILABLE;
    }

    private static String notAccepted(Throwable cause) {
        log.warn("Publish API: a broadcast to a history topic was not accepted: {}", cause.toString());
        if (cause instanceof PublishOutcomeUnknown) {
            return "outcome unknown: " + cause.getMessage() + "; it may have been published, and sending it again may"
                    + " deliver it twice";
        }
        return "not published: the topic's history store is unavailable (" + cause.getMessage() + "); send it again";
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ApiKeyCheck.Refusal refusal) {
        log.debug("Publish API refused {} from {}: {}", request.uri(), ctx.channel().remoteAddress(), refusal.reason());
        FullHttpResponse response = HttpResponses.jsonErrorResponse(refusal.status(), refusal.reason());
        if (refusal.challenge() != null) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, refusal.challenge());
        }
        HttpResponses.send(ctx, request, response);
    }

}
