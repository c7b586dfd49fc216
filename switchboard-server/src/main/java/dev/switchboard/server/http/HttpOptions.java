package dev.switchboard.server.http;

/**
 * Plain HTTP served next to the sockets.
 *
 * @param maxBodyBytes    largest request body (default 1 MiB: far above a publish batch of chat
 *                        messages or a long-poll POST, far below what could hurt the heap);
 *                        larger requests get 413 with a JSON reason naming this limit
 * @param staticResources a classpath directory served at {@code /}, or null (the default) for none
 */
public record HttpOptions(int maxBodyBytes, String staticResources) {
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The smallest body limit: room for a long-poll POST of a few messages. */
    public static final int MIN_BODY_BYTES = 1024;

    public static final HttpOptions DEFAULTS = new HttpOptions(DEFAULT_MAX_BODY_BYTES, null);

    public HttpOptions {
        if (maxBodyBytes < MIN_BODY_BYTES) {
            throw new IllegalArgumentException("maxHttpBodyBytes must be at least " + MIN_BODY_BYTES + ", got " + maxBodyBytes);
        }
        if (staticResources != null && staticResources.isBlank()) {
            throw new IllegalArgumentException("staticResources must name a classpath directory");
        }
    }

    public HttpOptions withMaxBodyBytes(int value) {
        return new HttpOptions(value, staticResources);
    }

    public HttpOptions withStaticResources(String value) {
        return new HttpOptions(maxBodyBytes, value);
    }
}
