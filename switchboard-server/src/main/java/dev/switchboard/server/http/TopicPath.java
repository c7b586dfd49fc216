package dev.switchboard.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The topic at the end of an API path, {@code /api/…/{topic}}, percent-encoded. */
public final class TopicPath {
    private TopicPath() {}

    /** The percent-decoded topic after {@code prefix}; {@code +} is a literal plus in a path, not a space. */
    public static String decode(String path, String prefix) throws ApiError {
        try {
            return URLDecoder.decode(path.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("topic is not valid percent-encoding");
        }
    }
}
