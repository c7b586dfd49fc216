package dev.switchboard.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a connection (spec §7.1), checked on every WebSocket upgrade and
 * every long-poll request before anything else.
 *
 * <p>WebSockets are not bound by the same-origin policy, so without this check any web page a
 * logged-in user visits could open a socket in their name (cross-site WebSocket hijacking).
 *
 * <ul>
 *   <li>No {@code Origin} header → allowed: non-browser clients (services, devices, tests) do not send one.</li>
 *   <li>{@link #sameHost()} — the default when nothing is configured: the Origin's host and port
 *       must equal the request's {@code Host} header (as Phoenix's {@code check_origin} default).
 *       A {@code Host} without a port stands for the Origin scheme's default port, so TLS
 *       terminated by a proxy in front still matches.</li>
 *   <li>{@link #allowList} — entries such as {@code https://example.com},
 *       {@code http://localhost:4000}, {@code //example.com} (any scheme and port) or
 *       {@code https://*.example.com} (the domain and its subdomains at any depth): an entry's
 *       scheme, host and port are each compared only when it names them, a scheme implying its
 *       default port (see {@link OriginPattern}).</li>
 *   <li>{@link #any()} ({@code "*"}) — every origin, including the opaque {@code null}.</li>
 * </ul>
 * An Origin that cannot be parsed (for example {@code null} from a sandboxed iframe) is refused
 * by every policy but {@link #any()}. Immutable and thread-safe.
 */
public final class OriginPolicy {
    /** The configuration entry that allows every origin. */
    public static final String ANY = "*";

    private enum Mode { ANY, SAME_HOST, LIST }

    private static final OriginPolicy ANY_POLICY = new OriginPolicy(Mode.ANY, List.of());
    private static final OriginPolicy SAME_HOST_POLICY = new OriginPolicy(Mode.SAME_HOST, List.of());

    private final Mode mode;
    private final List<OriginPattern> allowed;

    private OriginPolicy(Mode mode, List<OriginPattern> allowed) {
        this.mode = mode;
        this.allowed = allowed;
    }

    /** Only pages served by this server itself (Origin host:port equals the request's Host). */
    public static OriginPolicy sameHost() {
        return SAME_HOST_POLICY;
    }

    /** Every origin. Only for servers whose clients authenticate with tokens, never with cookies. */
    public static OriginPolicy any() {
        return ANY_POLICY;
    }

    /**
     * The origins matching one of these entries; an entry {@code "*"} allows any.
     *
     * @throws IllegalArgumentException for an entry that is not {@code [scheme:]//[*.]host[:port]} or
     *                                  {@code "*"}, naming the entry
     */
    public static OriginPolicy allowList(List<String> origins) {
        List<OriginPattern> patterns = new ArrayList<>();
        for (String entry : origins) {
            if (entry != null && entry.trim().equals(ANY)) {
                return ANY_POLICY;
            }
            patterns.add(OriginPattern.parse(entry));
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("an allow-list needs at least one origin (or use sameHost())");
        }
        return new OriginPolicy(Mode.LIST, List.copyOf(patterns));
    }

    /** The policy for a server setting: null or empty → {@link #sameHost()}, else {@link #allowList}. */
    public static OriginPolicy of(List<String> configured) {
        return configured == null || configured.isEmpty() ? SAME_HOST_POLICY : allowList(configured);
    }

    /**
     * Checks a request.
     *
     * @param origin the {@code Origin} header, or null when absent
     * @param host   the request's {@code Host} header, or null when absent
     */
    public OriginCheck check(String origin, String host) {
        if (origin == null || mode == Mode.ANY) {
            return OriginCheck.ALLOWED;
        }
        Origin parsed;
        try {
            parsed = Origin.parse(origin);
        } catch (IllegalArgumentException e) {
            return OriginCheck.refused(e.getMessage());
        }
        return switch (mode) {
            case LIST -> {
                for (OriginPattern pattern : allowed) {
                    if (pattern.matches(parsed)) {
                        yield OriginCheck.ALLOWED;
                    }
                }
                yield OriginCheck.refused("not in allowed origins " + allowed);
            }
            case SAME_HOST -> sameHost(parsed, host);
            case ANY -> OriginCheck.ALLOWED;
        };
    }

    private static OriginCheck sameHost(Origin origin, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return OriginCheck.refused("the request has no Host header to compare with (configure allowed origins)");
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        // A Host without a port means the default port of the scheme the page was loaded with.
        int port = Origin.defaultPort(origin.scheme());
        // "[::1]:4000", "example.com:8080", "example.com"
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return OriginCheck.refused("malformed Host header " + hostHeader);
            }
            host = host.substring(0, colon);
        }
        if (origin.host().equals(host) && origin.port() == port) {
            return OriginCheck.ALLOWED;
        }
        return OriginCheck.refused("not the server's own host " + hostHeader.trim()
                + " (the default; configure allowed origins to accept other pages)");
    }

    @Override
    public String toString() {
        return switch (mode) {
            case ANY -> "any origin";
            case SAME_HOST -> "same host only";
            case LIST -> "allowed origins " + allowed;
        };
    }
}
