package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writing plain HTTP responses with correct length and keep-alive handling. */
public final class HttpResponses {
    private HttpResponses() {}

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";

    /**
     * What an answer needs of a request (method, version, headers) without its body, for answering
     * after the request itself has been released.
     */
    public static HttpRequest headOf(HttpRequest request) {
        return new io.netty.handler.codec.http.DefaultHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), request.headers().copy());
    }

    /** A response with a body; HEAD requests get the headers only. */
    public static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (contentType != null && body.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        HttpUtil.setContentLength(response, body.length);
        return response;
    }

    /** Sends a response, keeping the connection open when the client asked for it and the status allows. */
    public static ChannelFuture send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        boolean keepAlive = request != null && HttpUtil.isKeepAlive(request) && response.status().code() < 400;
        if (request != null && HttpMethod.HEAD.equals(request.method())) {
            response = response.replace(Unpooled.EMPTY_BUFFER);
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(response);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A plain-text response whose body says what went wrong. */
    public static ChannelFuture text(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message) {
        return send(ctx, request, response(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A status with an empty body (as Phoenix answers refused upgrades). */
    public static ChannelFuture empty(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status) {
        return send(ctx, request, response(status, null, new byte[0]));
    }

    /** A JSON response. */
    public static ChannelFuture json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body) {
        try {
            return send(ctx, request, response(status, JSON, Json.MAPPER.writeValueAsBytes(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"error": message}} with the given status. */
    public static ChannelFuture jsonError(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message) {
        return send(ctx, request, jsonErrorResponse(status, message));
    }

    /** {@code {"error": message}} with the given status, for a caller that adds headers before sending it. */
    public static FullHttpResponse jsonErrorResponse(HttpResponseStatus status, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
        try {
            return response(status, JSON, Json.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
