package dev.switchboard.socket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a query string into connect params the way Plug does: {@code user[id]=5} nests into
 * {@code {"user": {"id": "5"}}}, {@code tags[0]=x} into a map keyed {@code "0"}, empty segments
 * ({@code a=1&&b=2}) are skipped, and every leaf value is a String.
 */
public final class QueryParams {
    private QueryParams() {}

    /** Raised for a query that cannot be decoded (bad percent escapes, conflicting keys). */
    public static final class MalformedQueryException extends IllegalArgumentException {
        public MalformedQueryException(String message) {
            super(message);
        }
    }

    /** Parses the raw (still percent-encoded) query; null or empty gives an empty map. */
    public static Map<String, Object> parse(String rawQuery) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String segment : rawQuery.split("&")) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String key = decode(eq < 0 ? segment : segment.substring(0, eq));
            String value = eq < 0 ? "" : decode(segment.substring(eq + 1));
            if (!key.isEmpty()) {
                put(params, key, value);
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedQueryException("malformed percent-encoding in query: " + s);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, String value) {
        int bracket = key.indexOf('[');
        if (bracket <= 0 || !key.endsWith("]")) {
            if (root.get(key) instanceof Map) {
                throw new MalformedQueryException("query key " + key + " conflicts with a nested value");
            }
            root.put(key, value);
            return;
        }
        // "a[b][c]" → path a, b, c. "a[]" appends under the next free index.
        String head = key.substring(0, bracket);
        String[] parts = key.substring(bracket + 1, key.length() - 1).split("\\]\\[", -1);
        Map<String, Object> node = root;
        String name = head;
        for (String part : parts) {
            Object child = node.get(name);
            if (!(child instanceof Map)) {
                if (child != null) {
                    throw new MalformedQueryException("query key " + key + " conflicts with a plain value");
                }
                child = new LinkedHashMap<String, Object>();
                node.put(name, child);
            }
            node = (Map<String, Object>) child;
            name = part.isEmpty() ? Integer.toString(node.size()) : part;
        }
        if (node.get(name) instanceof Map) {
            throw new MalformedQueryException("query key " + key + " conflicts with a nested value");
        }
        node.put(name, value);
    }
}
