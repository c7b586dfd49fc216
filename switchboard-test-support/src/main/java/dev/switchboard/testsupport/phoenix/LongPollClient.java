package dev.switchboard.testsupport.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-poll client over the JDK's HTTP client (HTTP/1.1) making the requests phoenix.js makes:
 * a GET without a token opens a session (answered {@code {"status":410,"token":…}}), then GETs
 * poll and POSTs send, each with {@code token=} in the query. Every answer is kept whole.
 *
 * <pre>{@code
 * LongPollClient client = new LongPollClient("http://127.0.0.1:" + port + "/socket/longpoll", "vsn=2.0.0").open();
 * client.post("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
 * JsonNode joined = client.reply("1");
 * }</pre>
 *
 * The token changes only through {@link #open()} and {@link #withToken(String)}, so a test decides
 * which session every request names. Requests time out after 20 s (a parked poll lasts the
 * server's window, 10 s by default).
 */
public final class LongPollClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String query;
    private final HttpClient http;
    private volatile String token;

    /**
     * @param base  {@code http://127.0.0.1:PORT/socket/longpoll}
     * @param query the query without {@code token}, e.g. {@code vsn=2.0.0}
     */
    public LongPollClient(String base, String query) {
        this(base, query, SHARED);
    }

    /** A client whose requests go through {@code http}. */
    public LongPollClient(String base, String query, HttpClient http) {
        this.base = base;
        this.query = query;
        this.http = http;
    }

    /** A client on an HTTP client of its own, so its requests use connections no other client shares. */
    public static LongPollClient isolated(String base, String query) {
        return new LongPollClient(base, query, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    /** Names session {@code token} from now on (null: none). */
    public LongPollClient withToken(String token) {
        this.token = token;
        return this;
    }

    /** The session token requests carry, or null. */
    public String token() {
        return token;
    }

    /** The request URL: base, query and the URL-encoded token. */
    public String url() {
        String q = query == null || query.isEmpty() ? "" : query + "&";
        return base + "?" + q + (token == null ? "" : "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** The session-creating GET: asserts a 410 with a token and keeps the token. */
    public LongPollClient open() {
        LongPollAnswer answer = get();
        if (answer.http() != 200 || answer.status() != 410 || answer.token() == null || answer.token().isBlank()) {
            throw new AssertionError("expected a new session ({\"status\":410,\"token\":…} with HTTP 200), got " + answer);
        }
        token = answer.token();
        return this;
    }

    public LongPollAnswer get() {
        return get(Map.of());
    }

    /** A GET (a poll) with extra headers. */
    public LongPollAnswer get(Map<String, String> headers) {
        return await(getAsync(headers));
    }

    public CompletableFuture<LongPollAnswer> getAsync() {
        return getAsync(Map.of());
    }

    /** A GET that may park; the future completes with its answer. */
    public CompletableFuture<LongPollAnswer> getAsync(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** POSTs messages joined by newlines as ndjson, as phoenix.js batches them. */
    public LongPollAnswer post(String... lines) {
        return postBody("application/x-ndjson", String.join("\n", lines));
    }

    /** A POST with any content type and body. */
    public LongPollAnswer postBody(String contentType, String body) {
        return await(send(HttpRequest.newBuilder(URI.create(url())).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    /** Any method, an optional body and headers. */
    public LongPollAnswer request(String method, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return await(send(request.build()));
    }

    /** Polls until a message matches or {@code timeout} passes; returns every message seen on the way. */
    public List<JsonNode> pollUntil(Predicate<JsonNode> done, Duration timeout) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            LongPollAnswer answer = get();
            int status = answer.status();
            if (status != 200 && status != 204) {
                throw new AssertionError("poll answer " + answer.body() + "; messages so far: " + seen);
            }
            seen.addAll(answer.frames());
            if (seen.stream().anyMatch(done)) {
                return seen;
            }
        }
        throw new AssertionError("no matching message within " + timeout + "; messages: " + seen);
    }

    /** The {@code phx_reply} to {@code ref}, polling for it (5 s at most). */
    public JsonNode reply(String ref) {
        List<JsonNode> seen = pollUntil(f -> Messages.isReply(f, ref), Duration.ofSeconds(5));
        return seen.stream().filter(f -> Messages.isReply(f, ref)).findFirst().orElseThrow();
    }

    private CompletableFuture<LongPollAnswer> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new LongPollAnswer(r.statusCode(), r.headers(), r.body()));
    }

    /** The answer of a request in flight, failing the test if it fails or takes over 25 s. */
    public static LongPollAnswer await(CompletableFuture<LongPollAnswer> future) {
        try {
            return future.get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }
}
