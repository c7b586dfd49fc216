package dev.switchboard.server.admin;

import dev.switchboard.server.http.ApiError;
import dev.switchboard.socket.QueryParams;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/**
 * The query string of an admin request, read strictly: every parameter must be one the endpoint
 * knows (a misspelt {@code limt} is a 400 naming the allowed ones, not silently ignored), numbers
 * must be in range, and each refusal names the parameter and its bounds.
 */
final class AdminQuery {
    /** Rows per page when {@code limit} is absent. */
    static final int DEFAULT_LIMIT = 50;
    /** Most rows in one page. */
    static final int MAX_LIMIT = 500;
    /** Deepest page start: beyond it, narrow the search ({@code q}, {@code topic}) instead of paging on. */
    static final int MAX_OFFSET = 10_000;
    /** Longest search text. */
    static final int MAX_QUERY_CHARS = 255;

    private final Map<String, Object> params;

    private AdminQuery(Map<String, Object> params) {
        this.params = params;
    }

    static AdminQuery parse(String rawQuery, List<String> allowed) throws ApiError {
        Map<String, Object> params;
        try {
            params = QueryParams.parse(rawQuery);
        } catch (QueryParams.MalformedQueryException e) {
            throw bad(e.getMessage());
        }
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw bad("unknown parameter '" + name + "'"
                        + (allowed.isEmpty() ? ": this endpoint takes none" : "; allowed: " + String.join(", ", allowed)));
            }
        }
        return new AdminQuery(params);
    }

    int offset() throws ApiError {
        return number("offset", 0, 0, MAX_OFFSET);
    }

    int limit() throws ApiError {
        return number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** A text parameter, or null when absent; at most {@value #MAX_QUERY_CHARS} characters. */
    String text(String name) throws ApiError {
        Object value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw bad("'" + name + "' must be a plain value, not a nested parameter like " + name + "[key]");
        }
        if (s.length() > MAX_QUERY_CHARS) {
            throw bad("'" + name + "' is " + s.length() + " characters; the limit is " + MAX_QUERY_CHARS);
        }
        return s;
    }

    /** One of {@code choices}, the first when absent. */
    String choice(String name, List<String> choices) throws ApiError {
        String value = text(name);
        if (value == null) {
            return choices.get(0);
        }
        if (!choices.contains(value)) {
            throw bad("'" + name + "' must be one of " + String.join(", ", choices) + " (got '" + value + "')");
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, {@code absent} when not given. */
    long wholeNumber(String name, long absent, long min, long max) throws ApiError {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        if (value.matches("[0-9]{1,18}")) {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw bad("'" + name + "' must be a whole number from " + min + " to " + max + " (got '" + value + "')");
    }

    private int number(String name, int absent, int min, int max) throws ApiError {
        return (int) wholeNumber(name, absent, min, max);
    }

    static ApiError bad(String reason) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, reason);
    }
}
