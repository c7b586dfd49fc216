package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.http.OriginGuard;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Origin check on both transports (spec §7.1, §8 item 4): a refused WebSocket upgrade is
 * HTTP 403 with an empty body, a refused long-poll request {@code {"status":403}} with HTTP 200,
 * each logged at INFO naming the origin and the reason; no Origin header is always allowed.
 */
class OriginCheckTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SwitchboardServer server;
    private ListAppender<ILoggingEvent> logged;

    @BeforeEach
    void captureLog() {
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(OriginGuard.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(OriginGuard.class)).detachAppender(logged);
        if (server != null) {
            server.close();
        }
    }

    private void start(List<String> allowedOrigins) {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .socket(InteropApp.definition(SocketOptions.DEFAULTS))
                .allowedOrigins(allowedOrigins)
                .build().start();
    }

    @Test
    void defaultAllowsTheServersOwnHostAndNoOrigin() throws IOException {
        start(null);
        String own = "http://127.0.0.1:" + server.port();
        assertThat(upgrade(own).status()).isEqualTo(101);
        assertThat(upgrade(null).status()).as("non-browser clients send no Origin").isEqualTo(101);
        assertThat(longPoll(own).body()).contains("\"status\":410");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void defaultRefusesOtherHostsOnBothTransports() throws Exception {
        start(null);
        RawResponse ws = upgrade("https://evil.example");
        assertThat(ws.status()).isEqualTo(403);
        assertThat(ws.body()).as("empty body, as Phoenix").isEmpty();
        // Same host name, other port: another origin.
        assertThat(upgrade("http://127.0.0.1:1").status()).isEqualTo(403);

        HttpResponse<String> lp = longPoll("https://evil.example");
        assertThat(lp.statusCode()).isEqualTo(200);
        assertThat(lp.body()).isEqualTo("{\"status\":403}");
        assertThat(lp.headers().firstValue("access-control-allow-origin")).hasValue("*");

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                "Refused origin https://evil.example on /socket/websocket: not the server's own host 127.0.0.1:"
                        + server.port() + " (the default; configure allowed origins to accept other pages)",
                "Refused origin https://evil.example on /socket/longpoll: not the server's own host 127.0.0.1:"
                        + server.port() + " (the default; configure allowed origins to accept other pages)");
        assertThat(logged.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void allowListAcceptsExactlyItsOrigins() throws Exception {
        start(List.of("http://localhost:4000", "https://example.com"));
        assertThat(upgrade("http://localhost:4000").status()).isEqualTo(101);
        assertThat(upgrade("https://example.com").status()).isEqualTo(101);
        assertThat(upgrade("https://example.com:443").status()).as("the default port is implied").isEqualTo(101);
        assertThat(upgrade("http://example.com").status()).as("scheme differs").isEqualTo(403);
        assertThat(upgrade("http://127.0.0.1:" + server.port()).status()).as("own host not listed").isEqualTo(403);
        assertThat(upgrade("null").status()).as("opaque origin").isEqualTo(403);
        assertThat(longPoll("https://example.com").body()).contains("\"status\":410");
        assertThat(longPoll("https://evil.example").body()).isEqualTo("{\"status\":403}");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                "Refused origin https://evil.example on /socket/longpoll: not in allowed origins [http://localhost:4000, https://example.com]");
    }

    @Test
    void starAllowsAnyOrigin() throws Exception {
        start(List.of("*"));
        assertThat(upgrade("https://anything.example").status()).isEqualTo(101);
        assertThat(upgrade("null").status()).isEqualTo(101);
        assertThat(longPoll("https://anything.example").body()).contains("\"status\":410");
    }

    /** §1.4: the method check comes first, so a POST to the WebSocket URL is 400 whatever its Origin. */
    @Test
    void webSocketMethodCheckComesBeforeTheOriginCheck() throws Exception {
        start(null);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/socket/websocket?vsn=2.0.0"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
    }

    /** Every long-poll request is checked, POST and OPTIONS included. */
    @Test
    void longPollPostAndOptionsAreCheckedToo() throws Exception {
        start(null);
        String url = "http://127.0.0.1:" + server.port() + "/socket/longpoll?vsn=2.0.0&token=x";
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("[null,\"1\",\"phoenix\",\"heartbeat\",{}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).isEqualTo("{\"status\":403}");
        HttpResponse<String> options = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://evil.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(options.body()).isEqualTo("{\"status\":403}");
    }

    private RawResponse upgrade(String origin) throws IOException {
        Handshake handshake = Handshake.to("/socket/websocket?vsn=2.0.0");
        return WebSocketClient.upgradeResponse(server.port(), origin == null ? handshake : handshake.origin(origin));
    }

    private HttpResponse<String> longPoll(String origin) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/socket/longpoll?vsn=2.0.0&"))
                    .header("Origin", origin).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
