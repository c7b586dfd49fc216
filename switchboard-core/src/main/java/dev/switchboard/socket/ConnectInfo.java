package dev.switchboard.socket;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the application may know about a connection besides its params. Raw cookies and other
 * headers are deliberately absent (cross-site WebSocket hijacking defence).
 *
 * @param transport  {@code "websocket"} or {@code "longpoll"}
 * @param peer       remote address (after no proxy interpretation)
 * @param uri        the request path and query as received
 * @param userAgent  the {@code User-Agent} header, or null
 * @param authToken  the token from the {@code authToken} subprotocol / {@code X-Phoenix-AuthToken}, or null
 * @param xHeaders   all {@code x-*} request headers, lower-cased names
 * @param session    the session decoded from the session cookie by the socket's
 *                   {@link dev.switchboard.security.SessionReader}, <b>only if</b> the
 *                   {@code _csrf_token} connect param matched its CSRF state; otherwise (and when
 *                   the socket reads no session) null. See {@link dev.switchboard.security.CsrfCheck}.
 */
public record ConnectInfo(String transport, InetSocketAddress peer, String uri, String userAgent,
                          String authToken, Map<String, String> xHeaders, Map<String, Object> session) {

    public ConnectInfo {
        xHeaders = xHeaders == null ? Map.of() : Map.copyOf(xHeaders);
        // Session values come from JSON and may be null, which Map.copyOf refuses.
        session = session == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(session));
    }

    /** Connect info without a session (sockets that read none). */
    public ConnectInfo(String transport, InetSocketAddress peer, String uri, String userAgent,
                       String authToken, Map<String, String> xHeaders) {
        this(transport, peer, uri, userAgent, authToken, xHeaders, null);
    }
}
