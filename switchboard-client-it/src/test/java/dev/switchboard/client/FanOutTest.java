package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many client sockets in one JVM (they share one HttpClient and a few threads): one broadcast reaches each exactly once. */
class FanOutTest {
    static final int SOCKETS = 1_000;
    private SwitchboardServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        sockets.forEach(Socket::disconnect);
        server.close();
    }

    @Test
    void aThousandSocketsEachReceiveOneBroadcastExactlyOnce() throws Exception {
        server = InteropApp.start(dev.switchboard.socket.SocketOptions.DEFAULTS);
        String endpoint = "ws://127.0.0.1:" + server.port() + "/socket";
        AtomicIntegerArray received = new AtomicIntegerArray(SOCKETS);
        AtomicInteger total = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int batch = 0; batch < SOCKETS; batch += 100) {
            List<CompletableFuture<Reply>> joins = new ArrayList<>();
            for (int i = batch; i < batch + 100; i++) {
                int index = i;
                Socket socket = SocketOptions.builder(endpoint).socket();
                sockets.add(socket);
                socket.connect();
                Channel room = socket.channel("room:fanout");
                room.on("msg", m -> {
                    received.incrementAndGet(index);
                    total.incrementAndGet();
                });
                joins.add(room.join());
            }
            for (CompletableFuture<Reply> join : joins) {
                assertThat(join.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).isOk()).isTrue();
            }
        }
        server.endpoint().broadcast("room:fanout", "msg", Payload.json(Map.of("to", "everyone")));
        await().atMost(Duration.ofSeconds(20)).until(() -> total.get() >= SOCKETS);
        Thread.sleep(300);
        int never = 0;
        int more = 0;
        for (int i = 0; i < SOCKETS; i++) {
            never += received.get(i) == 0 ? 1 : 0;
            more += received.get(i) > 1 ? 1 : 0;
        }
        assertThat(never).as("sockets that missed it").isZero();
        assertThat(more).as("sockets that got it twice").isZero();
    }
}
