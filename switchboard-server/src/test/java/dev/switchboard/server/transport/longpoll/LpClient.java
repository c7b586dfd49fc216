package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

/**
 * A raw long-poll client over the JDK HTTP client (HTTP/1.1): exactly the requests phoenix.js
 * makes, with every answer kept whole for assertions.
 */
final class LpClient {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** An HTTP answer: status, headers, body text and (when it is JSON) the parsed body. */
    record Answer(int http, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int status() {
            return json().path("status").asInt();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The frames of a poll answer, each parsed. */
        List<JsonNode> frames() {
            List<JsonNode> frames = new ArrayList<>();
            for (JsonNode message : json().path("messages")) {
                assertThat(message.isTextual()).as("every message is a string holding one frame: %s", body).isTrue();
                try {
                    frames.add(MAPPER.readTree(message.asText()));
                } catch (IOException e) {
                    throw new AssertionError("message is not JSON: " + message, e);
                }
            }
            return frames;
        }
    }

    private final String base;
    private final HttpClient http;
    private final String query;
    String token;

    /** @param base {@code http://127.0.0.1:PORT/socket/longpoll}; query without {@code token}, e.g. {@code vsn=2.0.0} */
    LpClient(String base, String query) {
        this(base, query, SHARED);
    }

    LpClient(String base, String query, HttpClient http) {
        this.base = base;
        this.query = query;
        this.http = http;
    }

    /** A client on its own HTTP client, so its requests use connections no other client shares. */
    static LpClient isolated(String base, String query) {
        return new LpClient(base, query, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    LpClient withToken(String token) {
        this.token = token;
        return this;
    }

    String url() {
        String q = query == null || query.isEmpty() ? "" : query + "&";
        return base + "?" + q + (token == null ? "" : "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** The session-creating GET; asserts 410 with a token and keeps it. */
    LpClient open() {
        Answer answer = get();
        assertThat(answer.http()).as("%s", answer).isEqualTo(200);
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(410);
        token = answer.json().path("token").asText(null);
        assertThat(token).as("a new session carries a token: %s", answer.body()).isNotBlank();
        return this;
    }

    Answer get() {
        return get(Map.of());
    }

    Answer get(Map<String, String> headers) {
        return await(getAsync(headers));
    }

    CompletableFuture<Answer> getAsync() {
        return getAsync(Map.of());
    }

    CompletableFuture<Answer> getAsync(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json").GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** POSTs frames joined by newlines as ndjson (as phoenix.js does). */
    Answer post(String... lines) {
        return postBody("application/x-ndjson", String.join("\n", lines));
    }

    Answer postBody(String contentType, String body) {
        return await(send(HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    Answer request(String method, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return await(send(request.build()));
    }

    /** Polls until a frame matches or {@code timeout} passes; returns every frame seen on the way. */
    List<JsonNode> pollUntil(java.util.function.Predicate<JsonNode> done, Duration timeout) {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Answer answer = get();
            int status = answer.status();
            assertThat(status).as("poll answer %s", answer.body()).isIn(200, 204);
            seen.addAll(answer.frames());
            if (seen.stream().anyMatch(done)) {
                return seen;
            }
        }
        throw new AssertionError("no matching frame within " + timeout + "; frames: " + seen);
    }

    /** The phx_reply for {@code ref}, polling for it. */
    JsonNode reply(String ref) {
        List<JsonNode> seen = pollUntil(f -> isReply(f, ref), Duration.ofSeconds(5));
        return seen.stream().filter(f -> isReply(f, ref)).findFirst().orElseThrow();
    }

    static boolean isReply(JsonNode frame, String ref) {
        return frame.isArray() && ref.equals(frame.get(1).asText(null)) && "phx_reply".equals(frame.get(3).asText());
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.headers(), r.body()));
    }

    static Answer await(CompletableFuture<Answer> future) {
        try {
            return future.get(25, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
