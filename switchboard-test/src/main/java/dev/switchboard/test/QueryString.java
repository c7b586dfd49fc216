package dev.switchboard.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Connect params as a client puts them in the socket URL's query string, so that the server's own
 * parser ({@code QueryParams}) turns them back into what {@code connect} sees: every leaf becomes
 * a string, nested maps become {@code a[b]=…}, lists {@code a[]=…}.
 */
final class QueryString {
    private QueryString() {}

    static String encode(Map<String, ?> params) {
        StringJoiner out = new StringJoiner("&");
        params.forEach((key, value) -> append(out, escape(requireKey(key)), value));
        return out.toString();
    }

    private static void append(StringJoiner out, String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("connect param " + key + " is null; a query string has no null (leave it out)");
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> append(out, key + "[" + escape(requireKey(k)) + "]", v));
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> append(out, key + "[]", v));
        } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?>) {
            out.add(key + "=" + escape(value.toString()));
        } else {
            throw new IllegalArgumentException("connect param " + key + " is a " + value.getClass().getSimpleName()
                    + "; a query string carries text, numbers, booleans, maps and lists of them");
        }
    }

    private static String requireKey(Object key) {
        if (!(key instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("connect param names must be non-empty strings, got " + key);
        }
        return s;
    }

    private static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
