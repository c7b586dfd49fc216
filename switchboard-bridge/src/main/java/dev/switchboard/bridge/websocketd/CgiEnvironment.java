package dev.switchboard.bridge.websocketd;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CGI-style variables a program sees, as websocketd 0.4 sets them (checked against it by
 * {@code WebsocketdCompatibilityTest}):
 *
 * <ul>
 *   <li>{@code REMOTE_ADDR}, {@code REMOTE_HOST} (the address: no reverse lookup),
 *       {@code REMOTE_PORT};</li>
 *   <li>{@code SERVER_NAME}, {@code SERVER_PORT} from the {@code Host} header (port 80, or 443 with
 *       TLS, when it has none), {@code SERVER_PROTOCOL} ({@code HTTP/1.1}),
 *       {@code SERVER_SOFTWARE}, {@code GATEWAY_INTERFACE=websocketd-CGI/0.1},
 *       {@code REQUEST_METHOD=GET};</li>
 *   <li>{@code REQUEST_URI} (path and query as received), {@code QUERY_STRING} (raw),
 *       {@code SCRIPT_NAME} and {@code PATH_INFO} (without {@code --dir}: {@code /} and the whole
 *       decoded path), {@code PATH_TRANSLATED} (the decoded path);</li>
 *   <li>{@code AUTH_TYPE}, {@code CONTENT_LENGTH}, {@code CONTENT_TYPE}, {@code REMOTE_IDENT},
 *       {@code REMOTE_USER}: present and empty, so none leaks in from elsewhere;</li>
 *   <li>{@code UNIQUE_ID}: nanoseconds since the epoch, unique per connection;
 *       {@code HTTPS=on} with TLS;</li>
 *   <li>{@code HTTP_*}: every request header but {@code Host}, upper-cased with {@code -} as
 *       {@code _}, repeated headers joined by {@code ", "}, line breaks replaced by spaces. One
 *       exception to websocketd: a {@code Proxy} header is dropped, because {@code HTTP_PROXY}
 *       would redirect the program's own HTTP requests ("httpoxy").</li>
 * </ul>
 */
final class CgiEnvironment {
    static final String GATEWAY_INTERFACE = "websocketd-CGI/0.1";
    static final String SERVER_SOFTWARE = "switchboard-bridge/0.1";

    private CgiEnvironment() {}

    static Map<String, String> of(HttpRequest request, InetSocketAddress remote, boolean tls, String scriptName,
                                  String pathInfo, String uniqueId) {
        String uri = request.uri();
        String rawPath = UrlPaths.rawPath(uri);
        String decodedPath;
        try {
            decodedPath = UrlPaths.decode(rawPath);
        } catch (IllegalArgumentException e) {
            decodedPath = rawPath;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_SOFTWARE", SERVER_SOFTWARE);
        String address = remote == null ? "" : remote.getAddress().getHostAddress();
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone); // fe80::1%lo → fe80::1, as Go prints it
        }
        env.put("REMOTE_ADDR", address);
        env.put("REMOTE_HOST", address);
        String[] server = hostPort(request.headers().get(HttpHeaderNames.HOST), tls);
        env.put("SERVER_NAME", server[0]);
        env.put("SERVER_PORT", server[1]);
        env.put("SERVER_PROTOCOL", request.protocolVersion().text());
        env.put("GATEWAY_INTERFACE", GATEWAY_INTERFACE);
        env.put("REQUEST_METHOD", request.method().name());
        env.put("SCRIPT_NAME", scriptName);
        env.put("PATH_INFO", pathInfo);
        env.put("PATH_TRANSLATED", decodedPath);
        env.put("QUERY_STRING", UrlPaths.rawQuery(uri));
        for (String empty : List.of("AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "REMOTE_IDENT", "REMOTE_USER")) {
            env.put(empty, "");
        }
        env.put("UNIQUE_ID", uniqueId);
        env.put("REMOTE_PORT", remote == null ? "" : Integer.toString(remote.getPort()));
        env.put("REQUEST_URI", uri);
        if (tls) {
            env.put("HTTPS", "on");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.equals("HOST") || name.equals("PROXY")) {
                continue;
            }
            String value = clean(h.getValue());
            headers.merge("HTTP_" + name, value, (a, b) -> a + ", " + b);
        }
        env.putAll(headers);
        return env;
    }

    /** websocketd's cleaning of a value: line breaks become spaces, then trimmed. */
    static String clean(String value) {
        return value.replace('\r', ' ').replace('\n', ' ').trim();
    }

    /** {@code [name, port]} of a Host header; the scheme's default port when it names none. */
    static String[] hostPort(String host, boolean tls) {
        String defaultPort = tls ? "443" : "80";
        if (host == null || host.isEmpty()) {
            return new String[] {"", defaultPort};
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0) {
                String name = host.substring(1, close);
                String rest = host.substring(close + 1);
                return new String[] {name, rest.startsWith(":") ? rest.substring(1) : defaultPort};
            }
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(':') == colon) {
            return new String[] {host.substring(0, colon), host.substring(colon + 1)};
        }
        return new String[] {host, defaultPort};
    }
}
