package dev.switchboard.server.transport.longpoll;

import static dev.switchboard.testsupport.phoenix.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.BackgroundPoller;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What long-poll promises about delivery: nothing buffered between polls is lost or duplicated,
 * order is kept, a poll whose client went away does not swallow messages, and requests reaching
 * any event loop find the session on its own.
 */
class LongPollDeliveryTest {
    private static final Duration WINDOW = Duration.ofMillis(300);

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() {
        // Four event loops: sessions and the requests that reach them are spread over them.
        server = LpTestApp.server(WINDOW, Duration.ofSeconds(5)).ioThreads(4).build().start();
        base = LpTestApp.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** 3 000 broadcasts published from another thread while the client polls: each arrives once, in order. */
    @Test
    void noMessageLostOrDuplicatedWhilePolling() throws Exception {
        LongPollClient client = joined("room:stream");
        int count = 3_000;
        try (BackgroundPoller poller = new BackgroundPoller(client)) {
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    server.endpoint().broadcast("room:stream", "msg", Map.of("n", i));
                    if (i % 100 == 0) {
                        sleepQuietly(2); // let polls come and go mid-stream
                    }
                }
            });
            publisher.start();
            List<JsonNode> frames = poller.take(count, 20_000);
            publisher.join();
            assertThat(frames).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(frames.get(i).get(4).get("n").asInt()).as("message %d", i).isEqualTo(i);
            }
            assertThat(poller.take(1, 500)).as("no duplicates afterwards").isEmpty();
        }
    }

    /** A parked poll whose connection is dropped does not take the messages that arrive afterwards. */
    @Test
    void abandonedPollDoesNotSwallowMessages() throws Exception {
        LongPollClient client = joined("room:abandon");
        // Closed with a reset: dropped without a word, as a browser tab that goes away.
        try (RawConnection raw = RawConnection.to(server.port()).resetOnClose().open()) {
            raw.write("GET /socket/longpoll?vsn=2.0.0&token=" + client.token() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Thread.sleep(100); // parked now
        } // connection reset: the parked poll's client is gone
        Thread.sleep(100);
        server.endpoint().broadcast("room:abandon", "msg", Map.of("kept", true));
        LongPollAnswer answer = client.get();
        assertThat(answer.frames()).containsExactly(json("[null,null,\"room:abandon\",\"msg\",{\"kept\":true}]"));
    }

    /** Every request on a fresh connection (so on any event loop) reaches the session on its owner loop. */
    @Test
    void requestsOnEveryEventLoopReachTheSession() {
        LongPollClient creator = LongPollClient.isolated(base, "vsn=2.0.0").open();
        creator.post("[\"1\",\"1\",\"room:loops\",\"phx_join\",{}]");
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 2; i <= 13; i++) {
            LongPollClient fresh = LongPollClient.isolated(base, "vsn=2.0.0").withToken(creator.token());
            assertThat(fresh.post("[\"1\",\"" + i + "\",\"room:loops\",\"ping\",{\"i\":" + i + "}]").body())
                    .isEqualTo("{\"status\":200}");
            frames.addAll(LongPollClient.isolated(base, "vsn=2.0.0").withToken(creator.token()).get().frames());
        }
        assertThat(frames).extracting(f -> f.get(1).asText())
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13");
    }

    /** §5.4, §5.3: a POST whose lines the session does not take within the window is answered 408. */
    @Test
    void postStalledBehindASlowJoinTimesOutWith408() {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        long start = System.nanoTime();
        LongPollAnswer answer = client.post("[\"1\",\"1\",\"slow:408\",\"phx_join\",{\"ms\":1000}]",
                "[\"1\",\"2\",\"slow:408\",\"echo\",{}]");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(answer.body()).isEqualTo("{\"status\":408}");
        assertThat(elapsedMs).isBetween(WINDOW.toMillis() - 50, 990L);
        // The join itself completes; the line after it was dropped with the 408.
        List<JsonNode> frames = client.pollUntil(f -> Messages.isReply(f, "1"), Duration.ofSeconds(5));
        frames.addAll(client.get().frames());
        assertThat(frames).extracting(f -> f.get(1).asText()).containsExactly("1");
    }

    /** §3.9 over long-poll: the application disconnects the socket id → the parked poll gets 410, POSTs too. */
    @Test
    void disconnectBySocketIdEndsTheSession() throws Exception {
        LongPollClient client = new LongPollClient(base, "id=user-7&vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"room:dc\",\"phx_join\",{}]");
        client.reply("1");
        CompletableFuture<LongPollAnswer> parked = client.getAsync();
        Thread.sleep(100);
        server.endpoint().disconnect("user-7");
        assertThat(parked.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"status\":410}");
        assertThat(client.post("[\"1\",\"2\",\"room:dc\",\"ping\",{}]").body()).isEqualTo("{\"status\":410}");
    }

    /** Polls keep a session alive far past its lifetime; only polls count. */
    @Test
    void pollingKeepsASessionAlivePastItsLifetime() throws Exception {
        SwitchboardServer shortLived = LpTestApp.server(Duration.ofMillis(200), Duration.ofMillis(400)).build().start();
        try {
            LongPollClient client = new LongPollClient(LpTestApp.base(shortLived), "vsn=2.0.0").open();
            client.post("[\"1\",\"1\",\"room:alive\",\"phx_join\",{}]");
            try (BackgroundPoller poller = new BackgroundPoller(client)) {
                poller.reply("1");
                Thread.sleep(2_000);
                assertThat(client.post("[\"1\",\"2\",\"room:alive\",\"ping\",{}]").body()).isEqualTo("{\"status\":200}");
                assertThat(poller.reply("2").get(4).path("status").asText()).isEqualTo("ok");
                assertThat(poller.statuses()).containsOnly(200, 204);
            }
        } finally {
            shortLived.close();
        }
    }

    /** A session whose client stops polling may buffer up to maxOutboundBytes, then it is closed. */
    @Test
    void sessionThatIsNeverPolledIsClosedPastTheOutboundLimit() throws Exception {
        SwitchboardServer small = LpTestApp.server(WINDOW, Duration.ofSeconds(30)).maxOutboundBytes(8 * 1024).build().start();
        try {
            LongPollClient client = new LongPollClient(LpTestApp.base(small), "vsn=2.0.0").open();
            client.post("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
            for (int i = 0; i < 200; i++) {
                small.endpoint().broadcast("room:flood", "msg", Map.of("pad", "x".repeat(100)));
            }
            Thread.sleep(300);
            assertThat(client.post("[\"1\",\"2\",\"room:flood\",\"ping\",{}]").body()).isEqualTo("{\"status\":410}");
        } finally {
            small.close();
        }
    }

    /** Shutdown (1012 for WebSockets) ends long-poll sessions too: a parked poll is answered 410. */
    @Test
    void shutdownAnswersAParkedPoll() throws Exception {
        SwitchboardServer closing = LpTestApp.server(Duration.ofSeconds(10), null).build().start();
        LongPollClient client = new LongPollClient(LpTestApp.base(closing), "vsn=2.0.0").open();
        CompletableFuture<LongPollAnswer> parked = client.getAsync();
        Thread.sleep(100);
        closing.close();
        assertThat(parked.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"status\":410}");
    }

    private static LongPollClient joined(String topic) {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
        assertThat(client.reply("1").get(4).path("status").asText()).isEqualTo("ok");
        return client;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
