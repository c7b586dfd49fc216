package dev.switchboard.cli.bench.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How the bench client connects.
 *
 * @param uris the WebSocket endpoints, with {@code vsn=2.0.0} in their query; connection {@code i}
 *     goes to {@code uris[i mod size]}, so several spread a run over the nodes of a cluster
 * @param threads event loops; every connection lives on one
 * @param sourceAddresses how many loopback source addresses (127.0.0.2, 127.0.0.3, …) to spread
 *     connections over when the server is on loopback; 0 lets the OS choose. Each address has its
 *     own ~28,000 ephemeral ports, so churn and large runs do not exhaust them.
 * @param connectTimeout TCP connect plus WebSocket handshake, per connection
 * @param opTimeout join and leave replies, per request
 * @param heartbeat interval of Phoenix heartbeats on every open connection (servers close idle sockets)
 * @param compress offer permessage-deflate, as browsers do, and inflate what comes compressed
 */
public record ClientOptions(List<URI> uris, int threads, int sourceAddresses, Duration connectTimeout,
        Duration opTimeout, Duration heartbeat, boolean compress) {

    public ClientOptions {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
    }

    /** One endpoint. */
    public ClientOptions(URI uri, int threads, int sourceAddresses, Duration connectTimeout, Duration opTimeout,
                         Duration heartbeat) {
        this(List.of(uri), threads, sourceAddresses, connectTimeout, opTimeout, heartbeat, false);
    }

    /** The first endpoint (fan-out's publisher connects there). */
    public URI uri() {
        return uris.get(0);
    }

    /** The endpoints as given, comma-separated (for reports). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (URI u : uris) {
            b.append(b.length() == 0 ? "" : ",").append(u);
        }
        return b.toString();
    }

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
