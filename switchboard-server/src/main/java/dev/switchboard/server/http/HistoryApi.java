package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Position;
import dev.switchboard.socket.Endpoint;
import dev.switchboard.socket.QueryParams;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/history/{topic}?since=<position>&limit=N} (RECOVERY.md §6): what a topic's
 * history keeps after a position, as {@code {"recovered", "position", "messages":[{"position",
 * "event","payload"}]}} and {@code "reason"} when not recovered. Without {@code since}, the last
 * {@code limit} messages. {@code limit} is 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT});
 * a page ends at the limit, and the last message's position is the {@code since} of the next page.
 *
 * <p>The same access rule as the publish API ({@link ApiKeyCheck}); a malformed position or limit
 * is 400 naming it; a history store that cannot be reached is 503. The work per request is bounded
 * by the limit whatever {@code since} says.
 */
public final class HistoryApi {
    /** URL prefix of the endpoint. */
    public static final String PREFIX = "/api/history/";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final Endpoint endpoint;
    private final ApiKeyCheck access;

    public HistoryApi(Endpoint endpoint, ApiKeyCheck access) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.access = Objects.requireNonNull(access, "access");
    }

    public static boolean matches(String path) {
        return path.startsWith(PREFIX);
    }

    /** Answers one request; the caller keeps ownership of (and releases) the request. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path, String rawQuery) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            FullHttpResponse response = HttpResponses.jsonErrorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " is not allowed: use GET");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            HttpResponses.send(ctx, request, response);
            return;
        }
        Optional<ApiKeyCheck.Refusal> refusal = access.check(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), ctx.channel().remoteAddress());
        if (refusal.isPresent()) {
            FullHttpResponse response = HttpResponses.jsonErrorResponse(refusal.get().status(), refusal.get().reason());
            if (refusal.get().challenge() != null) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, refusal.get().challenge());
            }
            HttpResponses.send(ctx, request, response);
            return;
        }
        String topic;
        Position since;
        int limit;
        try {
            topic = TopicPath.decode(path, PREFIX);
            if (topic.isEmpty() || topic.getBytes(StandardCharsets.UTF_8).length > PublishBody.MAX_TOPIC_BYTES) {
                throw ApiError.badRequest("topic must be 1 to " + PublishBody.MAX_TOPIC_BYTES + " UTF-8 bytes");
            }
            Map<String, Object> params = query(rawQuery);
            since = since(params.get("since"));
            limit = limit(params.get("limit"));
        } catch (ApiError e) {
            HttpResponses.jsonError(ctx, request, e.status(), e.reason());
            return;
        }
        HttpRequest answerTo = HttpResponses.headOf(request);
        endpoint.pubsub().history().read(topic, since, limit).whenComplete((read, error) -> {
            if (error != null) {
                HttpResponses.jsonError(ctx, answerTo, HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the topic's history store is unavailable: " + error.getMessage());
            } else {
                HttpResponses.json(ctx, answerTo, HttpResponseStatus.OK, body(read));
            }
        });
    }

    private static ObjectNode body(HistoryRead read) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("recovered", read.recovered());
        if (read.latest() == null) {
            body.putNull("position");
        } else {
            body.put("position", read.latest().toString());
        }
        if (!read.recovered()) {
            body.put("reason", read.reason().wireName());
        }
        ArrayNode messages = body.putArray("messages");
        for (Broadcast b : read.messages()) {
            ObjectNode m = messages.addObject();
            m.put("position", b.position().toString());
            m.put("event", b.event());
            m.set("payload", ((JsonPayload) b.payload()).node());
        }
        return body;
    }

    private static Map<String, Object> query(String rawQuery) throws ApiError {
        try {
            return QueryParams.parse(rawQuery);
        } catch (QueryParams.MalformedQueryException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Position since(Object value) throws ApiError {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiError.badRequest("'since' must be one position, <offset>@<epoch>");
        }
        try {
            return Position.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'since': " + e.getMessage());
        }
    }

    private static int limit(Object value) throws ApiError {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (value instanceof String text && text.matches("[0-9]{1,4}")) {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        }
        throw ApiError.badRequest("'limit' must be a number from 1 to " + MAX_LIMIT);
    }
}
