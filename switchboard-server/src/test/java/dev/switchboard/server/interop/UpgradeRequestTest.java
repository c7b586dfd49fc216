package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.RawHttp;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code {mount}/websocket} answers to requests that are not a proper upgrade (spec §1.1,
 * §1.4, §8 item 5): 400 for a wrong method or a plain GET (as Phoenix), 426 only for a real
 * upgrade request in an unsupported WebSocket version.
 */
class UpgradeRequestTest {
    private static SwitchboardServer server;

    @BeforeAll
    static void start() {
        server = SwitchboardServer.builder().port(0).socket(InteropApp.definition(SocketOptions.DEFAULTS)).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawResponse send(String requestLineAndHeaders) throws IOException {
        return RawHttp.exchange(server.port(), requestLineAndHeaders + "Host: 127.0.0.1\r\n\r\n");
    }

    @Test
    void aPlainGetWithoutUpgradeIs400WithAReason() throws IOException {
        RawResponse response = send("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("not a WebSocket upgrade");
    }

    @Test
    void anUpgradeHeaderWithoutConnectionUpgradeIs400() throws IOException {
        RawResponse response = send("GET /socket/websocket HTTP/1.1\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Handshake.SAMPLE_KEY + "\r\n");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void aPostIs400WithAnEmptyBody() throws IOException {
        RawResponse response = send("POST /socket/websocket HTTP/1.1\r\nContent-Length: 0\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aRealUpgradeInAnotherWebSocketVersionKeeps426() throws IOException {
        RawResponse response = send("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: " + Handshake.SAMPLE_KEY + "\r\n");

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.headers().toString()).containsIgnoringCase("sec-websocket-version=[13]");
    }

    @Test
    void aProperUpgradeSwitchesProtocols() throws IOException {
        assertThat(WebSocketClient.upgradeResponse(server.port(), Handshake.to("/socket/websocket?vsn=2.0.0")).status()).isEqualTo(101);
    }
}
