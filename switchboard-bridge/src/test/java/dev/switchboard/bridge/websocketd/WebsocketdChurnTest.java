package dev.switchboard.bridge.websocketd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bridge.support.ChildProcesses;
import dev.switchboard.bridge.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Connect, echo, disconnect, many times over: every program is reaped, none is left running and
 * no zombie remains among this JVM's children.
 */
class WebsocketdChurnTest {

    @Test
    void aThousandConnectDisconnectsLeaveNoProcessAndNoZombie() throws Exception {
        churn(1_000, Duration.ofSeconds(60));
    }

    @Test
    @Tag("slow")
    void tenThousandConnectDisconnectsLeaveNoProcessAndNoZombie() throws Exception {
        churn(10_000, Duration.ofMinutes(5));
    }

    private static void churn(int connections, Duration limit) throws Exception {
        try (WebsocketdServer server = WebsocketdServer.start(WebsocketdOptions.builder().port(0).command("cat").build())) {
            String url = "ws://127.0.0.1:" + server.port() + "/";
            AtomicInteger next = new AtomicInteger();
            long deadline = System.nanoTime() + limit.toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(clients.submit(() -> {
                    int mine = 0;
                    int i;
                    while ((i = next.getAndIncrement()) < connections && System.nanoTime() < deadline) {
                        try (WsClient client = WsClient.connect(url)) {
                            client.send("n" + i);
                            assertThat(client.nextText()).isEqualTo("n" + i);
                            if (i % 2 == 0) {
                                client.closeNormally(); // half leave politely, half just drop the connection
                            }
                        }
                        mine++;
                    }
                    return mine;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(limit.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            }
            clients.shutdown();
            assertThat(total).isEqualTo(connections);

            await().atMost(Duration.ofSeconds(10)).until(() -> server.runningPrograms() == 0);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(ChildProcesses.zombies()).isEmpty();
                assertThat(ChildProcesses.named("cat")).isEmpty();
            });
            assertThat(server.metrics().startedCount()).isEqualTo(connections);
        }
    }
}
