package dev.switchboard.client.transport;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the JDK transports need from their socket.
 *
 * @param http            the HTTP client for WebSocket handshakes and long-poll requests
 * @param later           runs a task after the current one (the socket's loop): long-poll sends
 *                        issued in one turn are batched into one POST, as phoenix.js batches
 *                        the sends of one JavaScript task
 * @param connectTimeout  bound on a WebSocket opening handshake
 * @param longPollTimeout bound on one long-poll request
 * @param maxMessageBytes largest server message accepted (WebSocket message or long-poll body)
 * @param ndjson          true for V2: long-poll POSTs carry ndjson batches; V1 posts one JSON
 *                        object per request, since a V1 server reads the whole body as one frame
 */
public record TransportContext(HttpClient http, Executor later, Duration connectTimeout, Duration longPollTimeout,
        int maxMessageBytes, boolean ndjson) {

    public TransportContext {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(later, "later");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(longPollTimeout, "longPollTimeout");
    }
}
