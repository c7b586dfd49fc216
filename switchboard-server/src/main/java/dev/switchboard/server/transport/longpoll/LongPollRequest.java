package dev.switchboard.server.transport.longpoll;

import dev.switchboard.security.CsrfCheck;
import dev.switchboard.socket.ConnectInfo;
import dev.switchboard.socket.QueryParams;
import dev.switchboard.socket.SocketDefinition;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One long-poll HTTP request, copied out of Netty's reference-counted request at once so it can
 * travel to the session's event loop, wait parked for a poll window, and be answered from there
 * without any buffer to release.
 *
 * @param exchange where the answer goes (answers may be written from any thread)
 * @param uri      the request target as received
 * @param params   the parsed query (connect params, {@code vsn}, the session {@code token})
 * @param body     the body bytes (empty for GET and OPTIONS)
 */
record LongPollRequest(LongPollExchange exchange, HttpMethod method, String path, String uri,
                       Map<String, Object> params, HttpHeaders headers, byte[] body) {

    /**
     * Copies what is needed from {@code request}; does not release it.
     *
     * @throws QueryParams.MalformedQueryException for an undecodable query string
     */
    static LongPollRequest of(ChannelHandlerContext ctx, FullHttpRequest request, String path, String rawQuery) {
        Map<String, Object> params = QueryParams.parse(rawQuery);
        byte[] body = HttpMethod.POST.equals(request.method()) ? ByteBufUtil.getBytes(request.content()) : new byte[0];
        return new LongPollRequest(new HttpExchange(ctx, request.method(), HttpUtil.isKeepAlive(request)),
                request.method(), path, request.uri(), params, request.headers().copy(), body);
    }

    /**
     * A request another node received for a session of this node and forwarded here: only what
     * an existing session looks at (method, token, content type, body) travels.
     */
    static LongPollRequest forwarded(LongPollExchange exchange, HttpMethod method, String path, String token,
                                     String contentType, byte[] body) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(LongPollProtocol.TOKEN_HEADER, token);
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return new LongPollRequest(exchange, method, path, path, Map.of(), headers, body);
    }

    /** The HTTP side of a request that arrived on this node's own port (never a forwarded one). */
    HttpExchange http() {
        if (exchange instanceof HttpExchange http) {
            return http;
        }
        throw new IllegalStateException("a forwarded long-poll request has no HTTP connection here");
    }

    /** The session token: the {@code token} query parameter, else the {@code x-phoenix-longpoll-token} header. */
    String sessionToken() {
        if (params.get(LongPollProtocol.TOKEN_PARAM) instanceof String token && !token.isEmpty()) {
            return token;
        }
        return headers.get(LongPollProtocol.TOKEN_HEADER);
    }

    String header(CharSequence name) {
        return headers.get(name);
    }

    /**
     * What the application may know about the client; the auth token comes from
     * {@code X-Phoenix-AuthToken} when the socket accepts auth tokens, the session from the
     * cookies of this (session-creating) GET when the socket reads one and the CSRF param matches.
     */
    ConnectInfo connectInfo(SocketDefinition socket) {
        boolean acceptAuthToken = socket.options().authToken();
        Map<String, String> xHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            // The token headers are exposed (or not) as authToken, never as plain x-headers.
            if (name.startsWith("x-") && !name.equals(LongPollProtocol.AUTH_TOKEN_HEADER)
                    && !name.equals(LongPollProtocol.TOKEN_HEADER)) {
                xHeaders.putIfAbsent(name, h.getValue());
            }
        }
        InetSocketAddress peer = http().remoteAddress();
        String authToken = acceptAuthToken ? headers.get(LongPollProtocol.AUTH_TOKEN_HEADER) : null;
        Map<String, Object> session = socket.session() == null ? null : CsrfCheck.session(socket.session(),
                String.join("; ", headers.getAll(HttpHeaderNames.COOKIE)), params, socket.path());
        return new ConnectInfo("longpoll", peer, uri, headers.get(HttpHeaderNames.USER_AGENT), authToken, xHeaders,
                session);
    }
}
