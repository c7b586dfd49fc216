package dev.switchboard.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.Https;
import dev.switchboard.testsupport.js.PhoenixScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.ws.Handshake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server with TLS on: https and wss work, with the HTTP/WebSocket/long-poll stack unchanged behind TLS. */
class TlsServerTest {

    @TempDir
    Path dir;

    private SwitchboardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SwitchboardServer start(TlsConfig tls) {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .socket(InteropApp.definition(SocketOptions.DEFAULTS))
                .staticResources("static-test")
                .tls(tls)
                .build()
                .start();
        return server;
    }

    private String https(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    @Test
    void servesStaticFilesOverHttpsWithASelfSignedCertificate() throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();
        start(tls);
        HttpClient client = Https.client(tls.certificate());

        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(https("/"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<");
        assertThat(page.sslSession()).hasValueSatisfying(session ->
                assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
        assertThat(server.tls()).contains(tls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "longpoll"})
    void theOfficialPhoenixClientConnectsJoinsAndGetsRepliesOverTls(String transport) throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();
        start(tls);
        Path ca = Files.writeString(dir.resolve("ca.pem"), tls.certificatePem());

        // https:// becomes wss:// in the harness; Node trusts the certificate through NODE_EXTRA_CA_CERTS.
        ScriptResult result = PhoenixScenario.run("ping", https("/socket"), transport, Map.of(),
                Duration.ofSeconds(30), Map.of("NODE_EXTRA_CA_CERTS", ca.toString()));

        result.verify(obs -> {
            JsonNode room = obs.path("topics").path("room");
            assertThat(room.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(room.path("reply").path("status").asText()).isEqualTo("ok");
            assertThat(room.path("reply").path("response")).isEqualTo(obs.path("sent"));
        });
    }

    @Test
    void servesFromPemFiles() throws Exception {
        TestTls.Pem pem = TestTls.writePem(dir);
        start(TlsConfig.pem(pem.cert(), pem.key()));
        HttpClient client = Https.client(pem.certificate());

        HttpResponse<String> poll = client.send(HttpRequest.newBuilder(URI.create(https("/socket/longpoll?vsn=2.0.0"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).contains("\"status\":410");
    }

    @Test
    void plainHttpToATlsPortIsDisconnectedAndOthersAreStillServed() throws Exception {
        TlsConfig tls = TlsConfig.selfSigned();
        start(tls);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(plainWebSocketUpgrade()).as("a ws:// upgrade gets no HTTP answer, only a close").isEmpty();

        HttpResponse<String> page = Https.client(tls.certificate())
                .send(HttpRequest.newBuilder(URI.create(https("/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatTrustsAnotherCertificateIsRefusedByTheHandshake() throws Exception {
        start(TlsConfig.selfSigned());
        HttpClient wrongTrust = Https.client(TlsConfig.selfSigned().certificate());

        assertThatThrownBy(() -> wrongTrust.send(HttpRequest.newBuilder(URI.create(https("/"))).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    /** What the server sends back to a plain-text WebSocket upgrade before closing. */
    private String plainWebSocketUpgrade() throws IOException {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write(Handshake.to("/socket/websocket?vsn=2.0.0").bytes());
            return raw.readToEndText();
        }
    }
}
