package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonPayload;
import dev.switchboard.protocol.Payload;
import dev.switchboard.socket.Endpoint;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/broadcast/{topic}}: a back-end publishes to a topic over plain HTTP.
 *
 * <p>The body is a JSON object. If it has a {@code "payload"} member, that object is the
 * broadcast payload and the optional {@code "event"} string names the event; otherwise the whole
 * body is the payload and the event is {@code "msg"} (or the body's own {@code "event"} string).
 * Answers 202 once the broadcast is handed to the PubSub, 400 with a reason for bad input.
 */
public final class BroadcastApi {
    /** URL prefix of the API. */
    public static final String PREFIX = "/api/broadcast/";
    static final String DEFAULT_EVENT = "msg";

    private final Endpoint endpoint;

    public BroadcastApi(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = HttpResponses.response(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    HttpResponses.JSON, "{\"error\":\"use POST\"}".getBytes(StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            HttpResponses.send(ctx, request, response);
            return;
        }
        String topic;
        try {
            topic = URLDecoder.decode(path.substring(PREFIX.length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "topic is not valid percent-encoding");
            return;
        }
        if (topic.isEmpty()) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "missing topic: POST /api/broadcast/{topic}");
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        if (body.length == 0) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "empty body: send a JSON object");
            return;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (IOException e) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "invalid JSON: " + firstLine(e.getMessage()));
            return;
        }
        if (json == null || !json.isObject()) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "body must be a JSON object");
            return;
        }
        JsonNode eventNode = json.get("event");
        if (eventNode != null && !eventNode.isTextual()) {
            HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "'event' must be a string");
            return;
        }
        String event = eventNode == null ? DEFAULT_EVENT : eventNode.asText();
        Payload payload;
        JsonNode inner = json.get("payload");
        if (inner != null) {
            if (!inner.isObject()) {
                HttpResponses.jsonError(ctx, request, HttpResponseStatus.BAD_REQUEST, "'payload' must be a JSON object");
                return;
            }
            payload = Payload.json(inner);
        } else {
            payload = JsonPayload.trusted(body);
        }
        endpoint.broadcast(topic, event, payload);
        ObjectNode ok = Json.MAPPER.createObjectNode().put("status", "accepted").put("topic", topic).put("event", event);
        HttpResponses.json(ctx, request, HttpResponseStatus.ACCEPTED, ok);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
