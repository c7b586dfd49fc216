package dev.switchboard.socket;

import java.net.InetSocketAddress;
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
 */
public record ConnectInfo(String transport, InetSocketAddress peer, String uri, String userAgent,
                          String authToken, Map<String, String> xHeaders) {

    public ConnectInfo {
        xHeaders = xHeaders == null ? Map.of() : Map.copyOf(xHeaders);
    }
}
