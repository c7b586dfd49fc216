package dev.switchboard.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed web origin: scheme, host and port, lower-cased, with the port implied by the scheme
 * when absent ({@code https://example.com} is port 443).
 *
 * @param scheme lower-case scheme, e.g. {@code "https"}
 * @param host   lower-case host; IPv6 literals keep their brackets
 * @param port   explicit port, or the scheme's default, or -1 when the scheme has none
 */
public record Origin(String scheme, String host, int port) {

    /**
     * Parses an {@code Origin} header value or a configured origin. Accepts
     * {@code scheme://host[:port]} with an optional trailing {@code /}; anything else (a path,
     * a query, user info, the opaque origin {@code null}) is refused.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Origin parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty origin");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed origin " + text + ": " + e.getReason());
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("origin " + text + " has no scheme://host");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("origin " + text + " must be scheme://host[:port] only");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** 80 for http/ws, 443 for https/wss, else -1. */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    @Override
    public String toString() {
        return port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }
}
