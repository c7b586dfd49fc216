package dev.switchboard.security;

import java.util.Locale;

/**
 * One configured entry of an allow-list. Today an entry is an exact origin
 * ({@code https://example.com}, {@code http://localhost:4000}): scheme, host and port must all be
 * equal, the port being implied by the scheme when absent. Host wildcards
 * ({@code https://*.example.com}) will be another kind of entry behind the same
 * {@link #matches} — they are refused at configuration time until then, rather than silently
 * never matching.
 */
final class OriginPattern {
    private final String text;
    private final Origin origin;

    private OriginPattern(String text, Origin origin) {
        this.text = text;
        this.origin = origin;
    }

    /** @throws IllegalArgumentException for an entry that is not a plain origin */
    static OriginPattern parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty entry in allowed origins");
        }
        String trimmed = entry.trim();
        if (trimmed.contains("*")) {
            throw new IllegalArgumentException("allowed origin " + entry
                    + ": wildcards are not supported yet; list each origin, or use \"*\" alone to allow any");
        }
        Origin parsed;
        try {
            parsed = Origin.parse(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed origin " + e.getMessage().toLowerCase(Locale.ROOT)
                    + " (write it as scheme://host[:port], e.g. https://example.com)", e);
        }
        return new OriginPattern(trimmed, parsed);
    }

    boolean matches(Origin candidate) {
        return origin.equals(candidate);
    }

    @Override
    public String toString() {
        return text;
    }
}
