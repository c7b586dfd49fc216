package dev.switchboard.bridge.publish;

import dev.switchboard.bridge.channel.LineFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link LinePublisher} publishes.
 *
 * @param server       the server's base URL (default {@code http://127.0.0.1:4000})
 * @param topic        every line goes to this topic
 * @param event        the event of a plain JSON object line (default {@code data}, as a per-topic
 *                     program's); {@code {"broadcast": E, "payload": {...}}} lines name their own
 * @param apiKey       the publish API key, or null (a server without a key accepts loopback clients)
 * @param format       JSON objects (default) or plain text lines (event {@code line}, payload {@code {"line": TEXT}})
 * @param maxBatch     messages per request, 1..1000 (default 1000, the API's limit)
 * @param linger       how long a line may wait for others to share its request (default 5 ms)
 * @param maxLineBytes longest line accepted (default 512 KiB: a request carries at most 1 MiB)
 */
public record PublishOptions(URI server, String topic, String event, String apiKey, LineFormat format, int maxBatch,
                             Duration linger, int maxLineBytes) {
    public static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:4000");

    public PublishOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(linger, "linger");
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a topic is required");
        }
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("the event cannot be empty");
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("a batch holds 1 to 1000 messages, got " + maxBatch);
        }
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("the server URL must be http:// or https://, got " + server);
        }
    }

    public static PublishOptions of(URI server, String topic) {
        return new PublishOptions(server, topic, "data", null, LineFormat.JSON, 1000, Duration.ofMillis(5), 512 * 1024);
    }

    public PublishOptions withEvent(String value) {
        return new PublishOptions(server, topic, value, apiKey, format, maxBatch, linger, maxLineBytes);
    }

    public PublishOptions withApiKey(String value) {
        return new PublishOptions(server, topic, event, value, format, maxBatch, linger, maxLineBytes);
    }

    public PublishOptions withFormat(LineFormat value) {
        return new PublishOptions(server, topic, event, apiKey, value, maxBatch, linger, maxLineBytes);
    }

    public PublishOptions withMaxBatch(int value) {
        return new PublishOptions(server, topic, event, apiKey, format, value, linger, maxLineBytes);
    }
}
