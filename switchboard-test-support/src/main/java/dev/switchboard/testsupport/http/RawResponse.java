package dev.switchboard.testsupport.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response as it came off the wire.
 *
 * @param status     the status code
 * @param statusLine the whole status line, e.g. {@code HTTP/1.1 403 Forbidden}
 * @param headers    lower-case names, every value in arrival order
 * @param body       the body (empty when only the head was read)
 */
public record RawResponse(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {

    public RawResponse {
        headers = Map.copyOf(headers);
    }

    /** Every value of the header (any case), in order; empty when absent. */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of the header, or null. */
    public String firstHeader(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return statusLine + " " + headers + " body=" + bodyText();
    }
}
