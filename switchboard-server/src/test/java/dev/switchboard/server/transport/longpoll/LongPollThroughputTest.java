package dev.switchboard.server.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.phoenix.BackgroundPoller;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Long-poll figures over real HTTP on loopback (JDK HTTP client, HTTP/1.1 keep-alive), one
 * session, printed for the record. Not a benchmark harness: numbers include the client's own cost.
 *
 * <pre>mvn -B -o -pl switchboard-server test -Pslow -Dtest=LongPollThroughputTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("slow")
class LongPollThroughputTest {
    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = LpTestApp.server(Duration.ofSeconds(10), null).maxOutboundBytes(256L * 1024 * 1024).build().start();
        base = LpTestApp.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Server → client: broadcasts published flat out, drained by one client polling back to back. */
    @Test
    void broadcastsPerSecondThroughOneSession() throws Exception {
        LongPollClient client = joined("room:tput");
        warmUp(client, "room:tput", 20_000);
        int count = 200_000;
        long start = System.nanoTime();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                server.endpoint().broadcast("room:tput", "msg", Map.of("n", i));
            }
        });
        publisher.start();
        int received = 0;
        int polls = 0;
        int last = -1;
        while (received < count) {
            LongPollAnswer answer = client.get();
            polls++;
            for (JsonNode frame : answer.frames()) {
                int n = frame.get(4).get("n").asInt();
                assertThat(n).as("in order, once").isEqualTo(last + 1);
                last = n;
                received++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        publisher.join();
        print("server→client: %,d broadcasts in %.2f s = %,.0f msg/s through one session (%,d polls, %.0f msgs/poll)",
                count, seconds, count / seconds, polls, (double) count / polls);
    }

    /** Client → server → client: 100-line POSTs of pings, replies collected by a poll loop. */
    @Test
    void pingRepliesPerSecondThroughOneSession() throws Exception {
        LongPollClient client = joined("room:rtt");
        int batches = 500;
        int perBatch = LongPollProtocol.MAX_LINES_PER_POST;
        try (BackgroundPoller poller = new BackgroundPoller(client)) {
            long start = System.nanoTime();
            int ref = 2;
            for (int b = 0; b < batches; b++) {
                String[] lines = new String[perBatch];
                for (int i = 0; i < perBatch; i++) {
                    lines[i] = "[\"1\",\"" + (ref++) + "\",\"room:rtt\",\"ping\",{\"i\":" + i + "}]";
                }
                assertThat(client.post(lines).body()).isEqualTo("{\"status\":200}");
            }
            List<JsonNode> replies = poller.take(batches * perBatch, 60_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(replies).hasSize(batches * perBatch);
            print("client→server→client: %,d pings in %,d POSTs of %d lines, all replies polled in %.2f s = %,.0f msg/s",
                    batches * perBatch, batches, perBatch, seconds, batches * perBatch / seconds);
        }
    }

    /** Latency: a parked poll woken by one broadcast, and a POSTed ping until its reply arrives on the parked poll. */
    @Test
    void pollLatency() throws Exception {
        LongPollClient client = joined("room:lat");
        int samples = 500;
        long[] wake = new long[samples];
        long[] roundTrip = new long[samples];
        for (int i = 0; i < samples + 50; i++) { // the first 50 warm up
            CompletableFuture<LongPollAnswer> parked = client.getAsync();
            Thread.sleep(2); // let it park
            long t0 = System.nanoTime();
            server.endpoint().broadcast("room:lat", "msg", Map.of("i", i));
            LongPollAnswer answer = parked.get(5, TimeUnit.SECONDS);
            long woke = System.nanoTime() - t0;
            assertThat(answer.frames()).hasSize(1);

            parked = client.getAsync();
            Thread.sleep(2);
            long t1 = System.nanoTime();
            client.post("[\"1\",\"r" + i + "\",\"room:lat\",\"ping\",{}]");
            answer = parked.get(5, TimeUnit.SECONDS);
            long rtt = System.nanoTime() - t1;
            assertThat(answer.frames()).hasSize(1);
            if (i >= 50) {
                wake[i - 50] = woke;
                roundTrip[i - 50] = rtt;
            }
        }
        print("parked poll woken by a broadcast: %s", percentiles(wake));
        print("POST ping → reply on the parked poll: %s", percentiles(roundTrip));
    }

    private static void warmUp(LongPollClient client, String topic, int count) {
        for (int i = 0; i < count; i++) {
            server.endpoint().broadcast(topic, "msg", Map.of("n", -1));
        }
        int seen = 0;
        while (seen < count) {
            seen += client.get().frames().size();
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)",
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static LongPollClient joined(String topic) {
        LongPollClient client = new LongPollClient(base, "vsn=2.0.0").open();
        client.post("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
        client.reply("1");
        return client;
    }

    private static void print(String format, Object... args) {
        String line = "[long-poll figures] " + String.format(Locale.ROOT, format, args);
        System.out.println(line);
    }
}
