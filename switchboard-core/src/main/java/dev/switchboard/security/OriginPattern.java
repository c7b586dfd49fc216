package dev.switchboard.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One configured entry of an allow-list, with Phoenix's {@code check_origin} semantics (spec §7.1):
 * the entry's scheme, host and port are each compared only when the entry names them.
 *
 * <ul>
 *   <li>{@code https://example.com} — scheme https, host example.com, port 443 (implied by the
 *       scheme), so {@code https://example.com:8443} and {@code http://example.com} are refused.</li>
 *   <li>{@code http://localhost:4000} — exactly that scheme, host and port.</li>
 *   <li>{@code //example.com} — that host with any scheme and any port.</li>
 *   <li>{@code https://*.example.com} / {@code //*.example.com} — {@code example.com} itself
 *       <em>and</em> every subdomain at any depth ({@code a.b.example.com}), as Phoenix does; a
 *       look-alike such as {@code evilexample.com} never matches. The wildcard may only be the
 *       whole first label.</li>
 * </ul>
 */
final class OriginPattern {
    private static final String WILDCARD = "*.";

    private final String text;
    /** null: any scheme. */
    private final String scheme;
    private final String host;
    private final boolean subdomains;
    /** -1: any port. */
    private final int port;

    private OriginPattern(String text, String scheme, String host, boolean subdomains, int port) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.subdomains = subdomains;
        this.port = port;
    }

    /** @throws IllegalArgumentException naming the entry and how to write it */
    static OriginPattern parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty entry in allowed origins");
        }
        String trimmed = entry.trim();
        int authority = trimmed.indexOf("//");
        boolean subdomains = authority >= 0 && trimmed.startsWith(WILDCARD, authority + 2);
        String plain = subdomains ? trimmed.substring(0, authority + 2) + trimmed.substring(authority + 2 + WILDCARD.length())
                : trimmed;
        if (plain.contains("*")) {
            throw refused(entry, "a wildcard may only be the whole first label of the host, as in https://*.example.com");
        }
        URI uri;
        try {
            uri = new URI(plain);
        } catch (URISyntaxException e) {
            throw refused(entry, "is malformed: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw refused(entry, "has no host");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw refused(entry, "must be scheme://host[:port] or //host[:port] only");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme == null ? -1 : Origin.defaultPort(scheme);
        return new OriginPattern(trimmed, scheme, uri.getHost().toLowerCase(Locale.ROOT), subdomains, port);
    }

    private static IllegalArgumentException refused(String entry, String problem) {
        return new IllegalArgumentException("allowed origin " + entry.trim() + " " + problem
                + " (write scheme://host[:port], //host for any scheme and port, or https://*.example.com for subdomains)");
    }

    boolean matches(Origin candidate) {
        if (scheme != null && !scheme.equals(candidate.scheme())) {
            return false;
        }
        if (port != -1 && port != candidate.port()) {
            return false;
        }
        String h = candidate.host();
        if (h.equals(host)) {
            return true;
        }
        return subdomains && h.length() > host.length() + 1 && h.endsWith(host) && h.charAt(h.length() - host.length() - 1) == '.';
    }

    @Override
    public String toString() {
        return text;
    }
}
