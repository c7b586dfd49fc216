package dev.switchboard.server.transport.longpoll;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.protocol.EncodedFrame;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.http.HttpResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Writes long-poll answers (spec §5.1, §5.3): JSON with the real status in the body and HTTP 200,
 * {@code cache-control: no-store} (the token is a capability: no cache may keep it) and
 * {@code access-control-allow-origin: *} (safe because the Origin is checked and no cookies are
 * used, spec §7.6) on every response, errors included, so a browser page can read them.
 */
final class LongPollResponses {
    private LongPollResponses() {}

    /** {@code {"status":N}}. */
    static CompletableFuture<Void> status(LongPollRequest req, int status) {
        byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.US_ASCII);
        return send(req, json(Unpooled.wrappedBuffer(body)));
    }

    /** {@code {"status":N,"token":T,"messages":[...]}}, each message a JSON string holding one serialized frame. */
    static CompletableFuture<Void> session(LongPollRequest req, int status, String token, Collection<EncodedFrame> messages) {
        int estimate = 64 + token.length();
        for (EncodedFrame frame : messages) {
            estimate += frame.length() + 8;
        }
        ByteBuf buf = req.exchange().alloc().buffer(estimate);
        try (JsonGenerator out = Json.factory().createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
            out.writeStartObject();
            out.writeNumberField("status", status);
            out.writeStringField("token", token);
            out.writeArrayFieldStart("messages");
            for (EncodedFrame frame : messages) {
                // The frame is already UTF-8 JSON: escape it as a string without decoding it first.
                byte[] bytes = frame.bytes();
                out.writeUTF8String(bytes, 0, bytes.length);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException("cannot write a long-poll answer", e);
        }
        return send(req, json(buf));
    }

    /**
     * The answer to a request that would open a session on a draining server: HTTP 503 (which
     * closes the connection, so the client's next request goes through the balancer again) with
     * the body status that makes phoenix.js reconnect: 410 for a client that had a session (its
     * session is gone; it rejoins its channels), 500 for one that had none (it retries with its
     * reconnect backoff). phoenix.js reads only the body's status.
     */
    static CompletableFuture<Void> draining(LongPollRequest req, boolean hadSession) {
        int status = hadSession ? LongPollProtocol.GONE : LongPollProtocol.SERVER_ERROR;
        byte[] body = ("{\"status\":" + status + ",\"reason\":\"server draining\"}").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = json(Unpooled.wrappedBuffer(body));
        response.setStatus(HttpResponseStatus.SERVICE_UNAVAILABLE);
        return send(req, response);
    }

    /** The CORS preflight answer: 200, empty, allowing what the browser asked for. */
    static CompletableFuture<Void> preflight(LongPollRequest req) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = response.headers();
        common(headers);
        String requested = req.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requested != null) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "get, post, options");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "3600");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return send(req, response);
    }

    /** A plain-text HTTP error (bad method, undecodable body); the connection is closed after it. */
    static CompletableFuture<Void> error(LongPollRequest req, HttpResponseStatus status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        common(response.headers());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.TEXT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return send(req, response);
    }

    private static FullHttpResponse json(ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        common(response.headers());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static void common(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    private static CompletableFuture<Void> send(LongPollRequest req, FullHttpResponse response) {
        return req.exchange().answer(response);
    }
}
