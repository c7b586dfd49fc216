package dev.switchboard.cli.bridge;

import dev.switchboard.security.OriginPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * websocketd's origin flags as a policy: none → any origin (websocketd's default);
 * {@code --sameorigin} → the page must come from the server's own host and port;
 * {@code --origin host[:port],...} → those hosts (any port when none is named), or entries with a
 * scheme ({@code https://example.com}), or {@code *}.
 */
final class OriginFlags {
    private OriginFlags() {}

    /** @throws IllegalArgumentException for an entry that is not an origin */
    static OriginPolicy policy(List<String> origins, boolean sameOrigin) {
        if (sameOrigin && origins != null && !origins.isEmpty()) {
            throw new IllegalArgumentException("choose --sameorigin or --origin, not both");
        }
        if (sameOrigin) {
            return OriginPolicy.sameHost();
        }
        if (origins == null || origins.isEmpty()) {
            return OriginPolicy.any();
        }
        List<String> entries = new ArrayList<>();
        for (String raw : origins) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("--origin has an empty entry: " + String.join(",", origins));
            }
            // websocketd's host[:port] form has no scheme: any scheme matches
            entries.add(entry.equals("*") || entry.contains("//") ? entry : "//" + entry);
        }
        return OriginPolicy.allowList(entries);
    }
}
