package dev.switchboard.test;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One client's connect request beyond its params: what the socket's {@code connect} sees in
 * {@code ConnectInfo}. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * kit.connect(ConnectSpec.params(Map.of("user", "ann")).authToken(token).header("x-request-id", "r1"));
 * }</pre>
 *
 * @param query     the URL's query string, as phoenix.js builds it from the socket's params (the
 *                  kit adds {@code vsn} when absent)
 * @param authToken the {@code authToken} of phoenix.js (default none)
 * @param headers   {@code x-*} request headers, lower-case names (default none)
 * @param userAgent the {@code User-Agent} (default none)
 * @param peer      the client's address (default 127.0.0.1, port 40000)
 * @param cookie    the {@code Cookie} header, read only by a socket with a session reader (default none)
 */
public record ConnectSpec(String query, String authToken, Map<String, String> headers, String userAgent,
                          InetSocketAddress peer, String cookie) {

    /** Where a test client connects from unless told otherwise. */
    public static final InetSocketAddress DEFAULT_PEER = new InetSocketAddress("127.0.0.1", 40000);

    public ConnectSpec {
        query = query == null ? "" : query;
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        peer = peer == null ? DEFAULT_PEER : peer;
    }

    /** Connect params as a map (text, numbers, booleans, nested maps and lists), encoded into the query string. */
    public static ConnectSpec params(Map<String, ?> params) {
        return new ConnectSpec(QueryString.encode(Objects.requireNonNull(params, "params")), null, null, null, null, null);
    }

    /** Connect params as a raw query string ({@code "user=ann&token=abc"}). */
    public static ConnectSpec query(String rawQuery) {
        return new ConnectSpec(Objects.requireNonNull(rawQuery, "rawQuery"), null, null, null, null, null);
    }

    public ConnectSpec authToken(String token) {
        return new ConnectSpec(query, Objects.requireNonNull(token, "token"), headers, userAgent, peer, cookie);
    }

    /** Adds an {@code x-*} header; other headers never reach a socket's {@code connect}. */
    public ConnectSpec header(String name, String value) {
        String lower = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        if (!lower.startsWith("x-")) {
            throw new IllegalArgumentException("only x-* headers reach connect (ConnectInfo.xHeaders); " + name + " would not");
        }
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(lower, Objects.requireNonNull(value, "value"));
        return new ConnectSpec(query, authToken, next, userAgent, peer, cookie);
    }

    public ConnectSpec userAgent(String value) {
        return new ConnectSpec(query, authToken, headers, Objects.requireNonNull(value, "value"), peer, cookie);
    }

    public ConnectSpec peer(InetSocketAddress value) {
        return new ConnectSpec(query, authToken, headers, userAgent, Objects.requireNonNull(value, "value"), cookie);
    }

    /** The {@code Cookie} header, e.g. {@code "_app_key=SFMyNTY.…"}. */
    public ConnectSpec cookie(String value) {
        return new ConnectSpec(query, authToken, headers, userAgent, peer, Objects.requireNonNull(value, "value"));
    }

    /** A spec for {@code params}: a {@link ConnectSpec} as it is, a String as a query string, a map encoded. */
    @SuppressWarnings("unchecked")
    static ConnectSpec of(Object params) {
        if (params instanceof ConnectSpec spec) {
            return spec;
        }
        if (params instanceof String query) {
            return query(query);
        }
        if (params instanceof Map<?, ?> map) {
            return params((Map<String, ?>) map);
        }
        throw new IllegalArgumentException("connect params must be a Map, a query String or a ConnectSpec, got "
                + (params == null ? "null" : params.getClass().getSimpleName()));
    }
}
