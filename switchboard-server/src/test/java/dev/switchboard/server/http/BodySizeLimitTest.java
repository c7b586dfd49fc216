package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.http.ResponseReader;
import dev.switchboard.testsupport.net.RawConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A body over {@code maxHttpBodyBytes} gets a 413 that names the limit, readable cross-origin on long-poll. */
class BodySizeLimitTest {
    private static final int MAX = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static SwitchboardServer server;

    @BeforeAll
    static void start() {
        server = SwitchboardServer.builder().port(0)
                .socket(SocketDefinition.builder("/socket").channel("room:*", () -> (topic, params, ctx) ->
                        dev.switchboard.channel.JoinResult.ok()).build())
                .broadcastApi(true)
                .maxHttpBodyBytes(MAX)
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePublishApiAnswers413NamingTheLimit() throws Exception {
        HttpResponse<String> response = post("/api/broadcast/room:big", "{\"pad\":\"" + "x".repeat(2000) + "\"}", Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).contains(HttpResponses.JSON);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .isEqualTo("request body of 2010 bytes exceeds the limit of 1024 bytes (maxHttpBodyBytes)");
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void aLongPollClientOfAnotherOriginCanRead413() throws Exception {
        HttpResponse<String> response = post("/socket/longpoll?vsn=2.0.0&token=t", "x".repeat(MAX + 1),
                Map.of("Origin", "https://app.example", "Content-Type", "application/x-ndjson"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(response.headers().firstValue("cache-control")).contains("no-store");
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains("maxHttpBodyBytes");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsAnsweredAndTheConnectionClosed() throws IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write("POST /api/broadcast/room:x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(MAX + 100) + "\r\n" + "x".repeat(MAX + 100) + "\r\n");

            RawResponse answer = ResponseReader.read(raw.input(), true);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.firstHeader("connection")).isEqualTo("close");
            assertThat(answer.bodyText()).isEqualTo("{\"error\":\"request body exceeds the limit of 1024 bytes (maxHttpBodyBytes)\"}");
            assertThat(raw.atEof()).as("closed after the 413").isTrue();
        }
    }

    @Test
    void withoutKeepAliveTheConnectionIsClosedAfter413() throws IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write("POST /api/broadcast/room:x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5000\r\n\r\n");

            RawResponse answer = ResponseReader.read(raw.input(), true);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.firstHeader("connection")).isEqualTo("close");
            assertThat(raw.atEof()).isTrue();
        }
    }

    @Test
    void aDeclaredOversizedBodyOnAKeepAliveConnectionIsDiscardedAndTheConnectionReused() throws IOException {
        // Netty's behaviour, kept: the client may finish sending; the next request is answered
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write("POST /api/broadcast/room:x HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
            RawResponse first = ResponseReader.read(raw.input(), true);
            raw.write("y".repeat(2000) + "POST /api/broadcast/room:x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            RawResponse second = ResponseReader.read(raw.input(), true);

            assertThat(first.status()).isEqualTo(413);
            assertThat(first.header("connection")).isEmpty();
            assertThat(first.bodyText()).contains("request body of 2000 bytes exceeds the limit of 1024 bytes (maxHttpBodyBytes)");
            assertThat(second.status()).isEqualTo(202);
        }
    }

    @Test
    void anExpectContinueRequestOverTheLimitGets413InsteadOf100() throws IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write("POST /socket/longpoll?vsn=2.0.0 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999\r\n\r\n");

            RawResponse answer = ResponseReader.read(raw.input(), true);

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.firstHeader("access-control-allow-origin")).isEqualTo("*");
            assertThat(answer.bodyText()).contains("request body of 99999 bytes exceeds the limit of 1024 bytes (maxHttpBodyBytes)");
        }
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
