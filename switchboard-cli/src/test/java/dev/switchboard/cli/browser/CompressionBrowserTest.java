package dev.switchboard.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.DemoServers;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.transport.websocket.WebSocketOptions;
import dev.switchboard.testsupport.js.BrowserScenario;
import dev.switchboard.testsupport.net.TcpProxy;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * permessage-deflate with a real browser: headless Chromium ({@code compression} scenario of
 * {@code browser/chat-page.mjs}) loads the demo page, and a phoenix.js socket in that page
 * connects through a {@link TcpProxy} that counts the bytes the server sends, joins a room and
 * broadcasts messages to itself. The same run against a server with compression and one without
 * shows what the browser negotiated, that every message arrives exactly as sent, and how many
 * bytes compression saved on the wire. Needs node and Chromium, as {@link ChatPageBrowserTest}.
 */
class CompressionBrowserTest {
    private static final int MESSAGES = 200;

    @BeforeAll
    static void tools() {
        BrowserScenario.requireTools();
    }

    /**
     * @param kind       what the messages are: a line of chat (about 100 bytes of JSON) or a 2 KB JSON document
     * @param minBytes   the server's {@code --compress-min-bytes}; the chat lines are compressed only below the default
     * @param maxRatio   bytes on the wire with compression over without, at most
     */
    @ParameterizedTest(name = "{0}, compress-min-bytes {1}")
    @CsvSource({"chat, 0, 0.92", "document, " + WebSocketOptions.DEFAULT_COMPRESS_MIN_BYTES + ", 0.35"})
    void chromiumNegotiatesDeflateAndReceivesEveryMessageIntactInFewerBytes(String kind, int minBytes, double maxRatio) {
        Received plain = run(kind, false, minBytes);
        Received compressed = run(kind, true, minBytes);

        assertThat(plain.extensions()).as("no compression offered back").isEmpty();
        assertThat(compressed.extensions()).as("what the server answered Chromium's offer")
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        double ratio = (double) compressed.bytes() / plain.bytes();
        System.out.printf("browser %s x%d: %d bytes plain, %d compressed (%.2f)%n", kind, MESSAGES, plain.bytes(),
                compressed.bytes(), ratio);
        assertThat(ratio).as("%d bytes compressed vs %d plain", compressed.bytes(), plain.bytes()).isLessThan(maxRatio);
    }

    /** What one run saw: the extension the server answered ("" for none) and the bytes it sent. */
    private record Received(String extensions, long bytes) {}

    private static Received run(String kind, boolean compress, int minBytes) {
        try (SwitchboardServer server = DemoServers.withCompression(compress, minBytes);
             TcpProxy proxy = TcpProxy.to(server.port()).start()) {
            String[] extensions = new String[1];
            BrowserScenario.run("compression", Map.of(
                    "server", "http://127.0.0.1:" + server.port(),
                    "socketUrl", "ws://127.0.0.1:" + proxy.port() + "/socket",
                    "topic", "room:compression-" + kind,
                    "count", MESSAGES,
                    "kind", kind)).verify(seen -> {
                        assertThat(seen.path("sent").asInt()).isEqualTo(MESSAGES);
                        assertThat(seen.path("received").asInt()).isEqualTo(MESSAGES);
                        assertThat(seen.path("identical").asBoolean()).as("every msg as it was sent").isTrue();
                        String url = "ws://127.0.0.1:" + proxy.port() + "/socket/websocket?vsn=2.0.0";
                        JsonNode answered = seen.path("extensions").path(url);
                        assertThat(answered.isMissingNode()).as("a handshake of %s in %s", url, seen.path("extensions")).isFalse();
                        extensions[0] = answered.isNull() ? "" : answered.asText();
                    });
            return new Received(extensions[0], proxy.forwarded(TcpProxy.Direction.TO_CLIENT));
        }
    }
}
