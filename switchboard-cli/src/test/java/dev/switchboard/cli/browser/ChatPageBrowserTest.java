package dev.switchboard.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.DemoServers;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.js.BrowserScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo chat page in a real browser: headless Chromium, driven by {@code playwright-core} from
 * Node ({@code browser/chat-page.mjs} of switchboard-test-support), against the demo app started
 * in-process as {@code switchboard serve} runs it. A second, tiny HTTP server on 127.0.0.2 plays
 * another web site, for the origin check.
 *
 * <p><b>Needs</b> node and Chromium (Debian package {@code chromium}, which {@code .ci/run}
 * installs; another binary with {@code -Dswitchboard.chromium=PATH} or {@code CHROMIUM=PATH}).
 * When either is missing these tests <b>fail if the environment variable {@code CI} is set</b>
 * (as it is where {@code .ci/run} runs) and are <b>skipped otherwise</b>, so a developer without a
 * browser can still run {@code mvn verify}. {@code playwright-core} itself comes from npm
 * (switchboard-test-support's {@code src/main/js/package-lock.json}), installed by the build.
 *
 * <p>Leaves {@code target/browser-artifacts/chat.png}: the chat page after a short conversation.
 */
class ChatPageBrowserTest {
    private static final String OTHER_SITE_HOST = "127.0.0.2";

    /** The demo as {@code switchboard serve} runs it: only pages from its own host may connect. */
    private static SwitchboardServer demo;
    /** The demo with {@code --allowed-origins} naming the other site. */
    private static SwitchboardServer welcoming;
    private static OtherOriginSite otherSite;

    @BeforeAll
    static void start() throws IOException {
        BrowserScenario.requireTools();
        otherSite = OtherOriginSite.start(OTHER_SITE_HOST, BrowserScenario.scriptDirectory().resolve("cross-origin.html"));
        demo = DemoServers.start();
        welcoming = DemoServers.start(List.of(otherSite.origin()));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        if (welcoming != null) {
            welcoming.close();
        }
        if (otherSite != null) {
            otherSite.close();
        }
    }

    @Test
    void theChatPageConnectsOverWebSocketAndOffersLongPollInAVisibleSelector() {
        BrowserScenario.run("load", Map.of("server", url(demo))).verify(page -> {
            assertThat(page.path("title").asText()).isEqualTo("Switchboard chat");
            assertThat(page.path("phoenixLoaded").asBoolean()).as("phoenix.js loaded").isTrue();
            assertThat(page.path("status").asText()).isEqualTo("connected");
            assertThat(page.path("transport").asText()).isEqualTo("WebSocket");
            assertThat(page.path("selector").path("visible").asBoolean()).as("transport selector visible").isTrue();
            assertThat(page.path("selector").path("value").asText()).isEqualTo("websocket");
            assertThat(texts(page.path("selector").path("options"))).containsExactly("websocket", "longpoll");
            assertThat(page.path("joinFormVisible").asBoolean()).isTrue();
            assertThat(texts(page.path("network").path("websockets"), "url"))
                    .singleElement().asString().startsWith("ws://127.0.0.1:" + demo.port() + "/socket/websocket?vsn=2.0.0");
            assertNoPageErrors(page.path("network"));
        });
    }

    @Test
    void twoPeopleChatOverWebSocket() throws IOException {
        Path screenshot = BrowserScenario.artifacts().resolve("chat.png");
        Files.deleteIfExists(screenshot);

        ScriptResult result = BrowserScenario.run("conversation", Map.of(
                "server", url(demo), "transport", "websocket", "room", "ws-chat", "screenshot", screenshot.toString()));

        result.verify(seen -> {
            assertConversation(seen);
            for (String person : List.of("alice", "bob")) {
                JsonNode page = seen.path(person);
                assertThat(page.path("transport").asText()).as(person + "'s transport label").isEqualTo("WebSocket");
                assertThat(page.path("network").path("websockets")).as(person + "'s WebSockets").hasSize(1);
                assertThat(page.path("network").path("longPollRequests")).as(person + "'s long-poll requests").isEmpty();
            }
        });
        assertPng(screenshot);
    }

    /** Bob's page has {@code ?transport=longpoll} in its URL; Alice picks LongPoll in the selector. */
    @Test
    void twoPeopleChatOverLongPollWhenThePageAsksForIt() throws IOException {
        Path screenshot = BrowserScenario.artifacts().resolve("chat-longpoll.png");
        ScriptResult result = BrowserScenario.run("conversation", Map.of(
                "server", url(demo), "transport", "longpoll", "useSelector", true, "room", "lp-chat",
                "screenshot", screenshot.toString()));

        result.verify(seen -> {
            assertConversation(seen);
            assertThat(seen.path("alice").path("url").asText()).as("Alice's page after picking LongPoll")
                    .contains("transport=longpoll").contains("room=lp-chat");
            for (String person : List.of("alice", "bob")) {
                JsonNode page = seen.path(person);
                assertThat(page.path("transport").asText()).as(person + "'s transport label").isEqualTo("LongPoll");
                assertThat(page.path("network").path("websockets")).as(person + "'s WebSockets").isEmpty();
                assertThat(texts(page.path("network").path("longPollRequests"), "url")).as(person + "'s long-poll requests")
                        .isNotEmpty()
                        .allSatisfy(u -> assertThat(u).startsWith(url(demo) + "/socket/longpoll?"));
            }
        });
        assertPng(screenshot);
    }

    @Test
    void aWebSocketThatOpensButNeverAnswersFallsBackToLongPollAndThePageSaysSo() {
        BrowserScenario.run("fallback", Map.of("server", url(demo), "room", "fallback")).verify(seen -> {
            assertThat(seen.path("swallowedWebSockets").asInt()).as("WebSockets swallowed").isGreaterThanOrEqualTo(1);
            // longPollFallbackMs: the client waits 2.5 s for a heartbeat reply before it gives up.
            assertThat(seen.path("fallbackAfterMs").asLong()).isGreaterThanOrEqualTo(2400);
            assertThat(texts(seen.path("labels"))).containsExactly("WebSocket", "LongPoll (fallback)");
            assertThat(seen.path("remembered").asText()).as("fallback remembered for the tab").isEqualTo("true");
            JsonNode page = seen.path("page");
            assertThat(page.path("status").asText()).isEqualTo("connected");
            assertThat(page.path("transport").asText()).isEqualTo("LongPoll (fallback)");
            assertThat(texts(page.path("messages"), "body")).containsExactly("Still here, over long-polling.");
            assertThat(page.path("network").path("longPollRequests")).isNotEmpty();
            assertThat(page.path("network").path("pageErrors")).isEmpty();
        });
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "longpoll"})
    void aPageFromAnotherOriginConnectsWhenThatOriginIsAllowed(String transport) {
        BrowserScenario.run("cross-origin", Map.of(
                "server", url(welcoming), "crossOrigin", otherSite.origin(), "transport", transport)).verify(seen -> {
            JsonNode page = seen.path("page");
            assertThat(page.path("origin").asText()).isEqualTo(otherSite.origin());
            assertThat(page.path("phoenixLoaded").asBoolean()).as("phoenix.js loaded from the server").isTrue();
            assertThat(page.path("errors")).as("client errors").isEmpty();
            assertThat(page.path("opens").asInt()).isEqualTo(1);
            assertThat(page.path("transportInUse").asText()).isEqualTo(transport);
            assertThat(page.path("join").asText()).isEqualTo("ok");
            assertThat(page.path("reply").path("from").asText()).as("ping reply").isEqualTo(otherSite.origin());
            assertThat(seen.path("network").path("pageErrors")).isEmpty();
        });
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "longpoll"})
    void aPageFromAnotherOriginIsRefusedWith403WhenThatOriginIsNotAllowed(String transport) {
        BrowserScenario.run("cross-origin", Map.of(
                "server", url(demo), "crossOrigin", otherSite.origin(), "transport", transport)).verify(seen -> {
            JsonNode page = seen.path("page");
            assertThat(page.path("phoenixLoaded").asBoolean()).as("phoenix.js loaded from the server").isTrue();
            assertThat(page.path("opens").asInt()).as("connections opened").isZero();
            assertThat(page.path("errors")).as("client errors").isNotEmpty();
            assertThat(page.path("join").asText()).isNotEqualTo("ok");
            assertThat(page.path("reply").isNull()).as("no reply").isTrue();
            if (transport.equals("websocket")) {
                assertThat(texts(seen.path("network").path("websockets"), "error"))
                        .as("the browser's reason for the failed handshake")
                        .anySatisfy(error -> assertThat(error).contains("Unexpected response code: 403"));
            } else {
                // As Phoenix: a refused poll is answered {"status": 403}, with CORS headers so that
                // the page can read it, and phoenix.js reports error 403 and stops (close 1008).
                assertThat(texts(page.path("errors"))).as("client errors").contains("403");
                assertThat(texts(page.path("closeCodes"))).as("close codes").contains("1008");
                assertThat(seen.path("longPollRequests")).as("long-poll requests")
                        .anySatisfy(r -> assertThat(r.path("bodyStatus").asInt()).isEqualTo(403));
            }
        });
    }

    // ---------------------------------------------------------------------------------------------

    private static String url(SwitchboardServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Alice and Bob each see the three messages in order, their own marked as theirs, and both of
     * them in the online list (presence); when Bob leaves, Alice's list shrinks to herself.
     */
    private static void assertConversation(JsonNode seen) {
        assertThat(seen.path("alice").path("online").path("count").asText()).isEqualTo("2");
        assertThat(texts(seen.path("alice").path("online").path("people"))).containsExactly("Alice (you)", "Bob");
        assertThat(texts(seen.path("bob").path("online").path("people"))).containsExactly("Alice", "Bob (you)");
        assertThat(seen.path("aliceOnlineAfterBobLeft").path("count").asText()).isEqualTo("1");
        assertThat(texts(seen.path("aliceOnlineAfterBobLeft").path("people"))).containsExactly("Alice (you)");
        assertThat(lines(seen.path("alice").path("messages"))).containsExactly(
                "Alice (you): Hi Bob, is the deploy done? [own]",
                "Bob: Yes, all green on staging.",
                "Alice (you): Great, ship it! [own]");
        assertThat(lines(seen.path("bob").path("messages"))).containsExactly(
                "Alice: Hi Bob, is the deploy done?",
                "Bob (you): Yes, all green on staging. [own]",
                "Alice: Great, ship it!");
        for (String person : List.of("alice", "bob")) {
            JsonNode page = seen.path(person);
            assertThat(page.path("status").asText()).as(person + "'s status").isEqualTo("connected");
            assertThat(texts(page.path("system"))).as(person + "'s system messages").singleElement().asString()
                    .startsWith("You joined room ");
            assertNoPageErrors(page.path("network"));
        }
    }

    private static void assertNoPageErrors(JsonNode network) {
        assertThat(network.path("pageErrors")).as("uncaught page errors").isEmpty();
        assertThat(network.path("consoleErrors")).as("console errors").isEmpty();
    }

    private static void assertPng(Path file) throws IOException {
        assertThat(file).as("screenshot").exists();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("screenshot size").isGreaterThan(10_000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static List<String> lines(JsonNode messages) {
        List<String> lines = new ArrayList<>();
        for (JsonNode m : messages) {
            lines.add(m.path("user").asText() + ": " + m.path("body").asText() + (m.path("own").asBoolean() ? " [own]" : ""));
        }
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
