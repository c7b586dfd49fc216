package dev.switchboard.cli.bench.client;

import java.net.URI;
import java.time.Duration;

/**
 * How the bench client connects.
 *
 * @param uri the WebSocket endpoint, with {@code vsn=2.0.0} in its query
 * @param threads event loops; every connection lives on one
 * @param sourceAddresses how many loopback source addresses (127.0.0.2, 127.0.0.3, …) to spread
 *     connections over when the server is on loopback; 0 lets the OS choose. Each address has its
 *     own ~28,000 ephemeral ports, so churn and large runs do not exhaust them.
 * @param connectTimeout TCP connect plus WebSocket handshake, per connection
 * @param opTimeout join and leave replies, per request
 * @param heartbeat interval of Phoenix heartbeats on every open connection (servers close idle sockets)
 */
public record ClientOptions(URI uri, int threads, int sourceAddresses, Duration connectTimeout,
        Duration opTimeout, Duration heartbeat) {

    /** Appends {@code vsn=2.0.0} to the query unless a vsn is given. */
    public static URI withVsn(String url) {
        URI uri = URI.create(url);
        String query = uri.getRawQuery();
        if (query != null && (query.startsWith("vsn=") || query.contains("&vsn="))) {
            return uri;
        }
        String q = query == null || query.isEmpty() ? "vsn=2.0.0" : query + "&vsn=2.0.0";
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + q);
    }
}
