package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/drain}: starts draining this node (the same drain as SIGTERM) and answers
 * {@code 202 {"status":"draining","connections":N}} at once; the drain runs on, and a second
 * request answers the same without starting another. Who may call it is decided as for the
 * publish API ({@link ApiKeyCheck}: the bearer key, or loopback clients only without one).
 */
public final class DrainApi {
    private static final Logger log = LoggerFactory.getLogger(DrainApi.class);
    public static final String PATH = "/api/drain";

    private final ApiKeyCheck access;
    private final IntSupplier startDrain;

    /**
     * @param startDrain starts the drain (or finds it running) and returns the connections open at its start
     */
    public DrainApi(ApiKeyCheck access, IntSupplier startDrain) {
        this.access = access;
        this.startDrain = startDrain;
    }

    public static boolean matches(String path) {
        return PATH.equals(path);
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = HttpResponses.jsonErrorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "use POST " + PATH + " to drain this node");
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
            HttpResponses.send(ctx, request, response);
            return;
        }
        Optional<ApiKeyCheck.Refusal> refusal = access.check(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                ctx.channel().remoteAddress());
        if (refusal.isPresent()) {
            ApiKeyCheck.Refusal r = refusal.get();
            log.warn("Refused drain request from {}: {}", ctx.channel().remoteAddress(), r.reason());
            FullHttpResponse response = HttpResponses.jsonErrorResponse(r.status(), r.reason());
            if (r.challenge() != null) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, r.challenge());
            }
            HttpResponses.send(ctx, request, response);
            return;
        }
        log.info("Drain requested over HTTP by {}", ctx.channel().remoteAddress());
        int connections = startDrain.getAsInt();
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "draining").put("connections", connections);
        HttpResponses.json(ctx, request, HttpResponseStatus.ACCEPTED, body);
    }
}
