package dev.switchboard.client;

import dev.switchboard.client.exec.ClientThreads;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Everything a {@link Socket} can be told, each with its default and the reason for it. Build with
 * {@link #builder(String)}; instances are immutable and validated.
 *
 * @param endpoint          the socket's mount, {@code ws://host:4000/socket} ({@code wss}, or
 *                          {@code http(s)}, which means the same); {@code /websocket} and
 *                          {@code /longpoll} are appended as phoenix.js does
 * @param params            connect params, evaluated again on every connect attempt so a fresh
 *                          token can be handed out (default: none). Nested maps and lists are
 *                          encoded with bracket keys, like phoenix.js
 * @param authToken         a token sent outside the URL ({@code authToken} subprotocol over
 *                          WebSocket, {@code X-Phoenix-AuthToken} over long-poll), evaluated on
 *                          every connect; null (default) for none
 * @param vsn               the serializer: V2 ({@code 2.0.0}, default, what phoenix.js speaks:
 *                          arrays and binary frames) or V1_JSON ({@code 1.0.0}, objects, for
 *                          servers that only know it)
 * @param transport         the transport to use (default WebSocket)
 * @param longPollFallback  with WebSocket: fall back to long-poll when the WebSocket fails before
 *                          opening or does not answer a heartbeat within this time after opening,
 *                          and keep using long-poll for this socket (phoenix.js's
 *                          {@code longPollFallbackMs}); null (default) disables it, as in phoenix.js
 * @param timeout           how long a join, push or leave waits for its reply (default 10 s, as phoenix.js)
 * @param heartbeatInterval a heartbeat is sent this long after the connection opens and after each
 *                          heartbeat reply; when no reply comes within another interval the
 *                          connection is dropped and reopened (default 30 s, as phoenix.js; the
 *                          server's idle timeout is 60 s). WebSocket only; long-poll polls instead
 * @param reconnectBackoff  delay before each reconnect attempt (default full jitter from 50 ms up to
 *                          a 5 s ceiling: the first retry comes quickly, a fleet of clients is
 *                          spread over up to 5 s, and none waits longer than phoenix.js would)
 * @param rejoinBackoff     delay before a channel rejoins after an error or refused join (default
 *                          phoenix.js's 1, 2, 5, then every 10 s)
 * @param connectTimeout    bound on opening a WebSocket, handshake included (default 10 s)
 * @param longPollTimeout   bound on one long-poll request (default 20 s, as phoenix.js: twice the
 *                          server's 10 s poll window)
 * @param maxMessageBytes   the largest server message accepted; a larger one drops the connection
 *                          with an error (default 10,000,000, Phoenix's effective frame limit)
 * @param httpClient        the HTTP client (default one HTTP/1.1 client shared by every socket in
 *                          the JVM, so thousands of sockets share one selector thread)
 * @param callbackExecutor  where callbacks run, one at a time per socket (default: virtual threads
 *                          on JDK 21+, a shared pool of daemon threads on 17; see {@link Socket})
 */
public record SocketOptions(URI endpoint, Supplier<? extends Map<String, ?>> params, Supplier<String> authToken,
        WireFormat vsn, TransportKind transport, Duration longPollFallback, Duration timeout, Duration heartbeatInterval,
        Backoff reconnectBackoff, Backoff rejoinBackoff, Duration connectTimeout, Duration longPollTimeout,
        int maxMessageBytes, HttpClient httpClient, Executor callbackExecutor) {

    private static final Set<String> SCHEMES = Set.of("ws", "wss", "http", "https");

    public SocketOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || !SCHEMES.contains(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint must be a ws://, wss://, http:// or https:// URL, got " + endpoint);
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host: " + endpoint);
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must not have a query or fragment (use params): " + endpoint);
        }
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(vsn, "vsn");
        Objects.requireNonNull(transport, "transport");
        if (longPollFallback != null) {
            positive(longPollFallback, "longPollFallback");
        }
        positive(timeout, "timeout");
        positive(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        Objects.requireNonNull(rejoinBackoff, "rejoinBackoff");
        positive(connectTimeout, "connectTimeout");
        positive(longPollTimeout, "longPollTimeout");
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + maxMessageBytes);
        }
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    }

    /** Options for an endpoint such as {@code ws://localhost:4000/socket}, all defaults. */
    public static Builder builder(String endpoint) {
        return new Builder(URI.create(stripTrailingSlash(endpoint)));
    }

    /** The {@code vsn} query value of {@link #vsn()}. */
    public String vsnParam() {
        return vsn == WireFormat.V1_JSON ? "1.0.0" : "2.0.0";
    }

    private static String stripTrailingSlash(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** Builds {@link SocketOptions}; every setter documents its option on the record. */
    public static final class Builder {
        private final URI endpoint;
        private Supplier<? extends Map<String, ?>> params = Map::of;
        private Supplier<String> authToken;
        private WireFormat vsn = WireFormat.V2;
        private TransportKind transport = TransportKind.WEBSOCKET;
        private Duration longPollFallback;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Backoff reconnectBackoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(5));
        private Backoff rejoinBackoff = Backoff.phoenixRejoin();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration longPollTimeout = Duration.ofSeconds(20);
        private int maxMessageBytes = 10_000_000;
        private HttpClient httpClient;
        private Executor callbackExecutor;

        private Builder(URI endpoint) {
            this.endpoint = endpoint;
        }

        public Builder params(Supplier<? extends Map<String, ?>> params) {
            this.params = params;
            return this;
        }

        /** Fixed connect params. */
        public Builder params(Map<String, ?> params) {
            Map<String, ?> copy = new java.util.LinkedHashMap<>(params);
            this.params = () -> copy;
            return this;
        }

        public Builder authToken(Supplier<String> authToken) {
            this.authToken = authToken;
            return this;
        }

        /** A fixed auth token. */
        public Builder authToken(String authToken) {
            this.authToken = authToken == null ? null : () -> authToken;
            return this;
        }

        public Builder vsn(WireFormat vsn) {
            this.vsn = vsn;
            return this;
        }

        public Builder transport(TransportKind transport) {
            this.transport = transport;
            return this;
        }

        public Builder longPollFallback(Duration after) {
            this.longPollFallback = after;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public Builder reconnectBackoff(Backoff backoff) {
            this.reconnectBackoff = backoff;
            return this;
        }

        public Builder rejoinBackoff(Backoff backoff) {
            this.rejoinBackoff = backoff;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder longPollTimeout(Duration timeout) {
            this.longPollTimeout = timeout;
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        public SocketOptions build() {
            return new SocketOptions(endpoint, params, authToken, vsn, transport, longPollFallback, timeout,
                    heartbeatInterval, reconnectBackoff, rejoinBackoff, connectTimeout, longPollTimeout, maxMessageBytes,
                    httpClient != null ? httpClient : ClientThreads.httpClient(),
                    callbackExecutor != null ? callbackExecutor : ClientThreads.callbacks());
        }

        /** Builds the options and a socket with them (not yet connected). */
        public Socket socket() {
            return new Socket(build());
        }
    }
}
