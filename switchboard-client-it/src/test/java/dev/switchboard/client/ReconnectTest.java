package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connections that break for real: a server restart, a cut TCP connection, a connection gone silent. */
class ReconnectTest {
    private final List<Socket> sockets = new ArrayList<>();
    private SwitchboardServer server;

    @AfterEach
    void stop() {
        sockets.forEach(Socket::disconnect);
        if (server != null) {
            server.close();
        }
    }

    private static SwitchboardServer start(int port) {
        return SwitchboardServer.builder().host("127.0.0.1").port(port)
                .socket(InteropApp.definition(dev.switchboard.socket.SocketOptions.DEFAULTS)).build().start();
    }

    @Test
    void whenTheServerRestartsClientsReconnectAtJitteredMomentsAndRejoin() throws Exception {
        server = start(0);
        int port = server.port();
        int clients = 20;
        List<Long> reconnectedAt = new CopyOnWriteArrayList<>();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        Backoff jitter = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(800));
        AtomicInteger rejoined = new AtomicInteger();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket socket = SocketOptions.builder("ws://127.0.0.1:" + port + "/socket").reconnectBackoff(attempt -> {
                Duration d = jitter.delay(attempt);
                delays.add(d);
                return d;
            }).socket();
            sockets.add(socket);
            socket.connect().get(5, TimeUnit.SECONDS);
            Channel room = socket.channel("room:restart");
            AtomicInteger joins = new AtomicInteger();
            room.onJoin(r -> {
                if (joins.incrementAndGet() == 2) {
                    rejoined.incrementAndGet();
                }
            });
            room.join().get(5, TimeUnit.SECONDS);
            channels.add(room);
        }
        for (Socket s : sockets) {
            s.onOpen(() -> reconnectedAt.add(System.nanoTime()));
        }
        server.close();
        Thread.sleep(1_000);
        long restartedAt = System.nanoTime();
        server = start(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejoined.get() == clients);
        assertThat(reconnectedAt).hasSize(clients);
        // Full jitter: many distinct delays, and the reconnects after the restart spread out over time.
        Set<Long> distinct = new HashSet<>();
        delays.forEach(d -> distinct.add(d.toMillis()));
        assertThat(distinct.size()).as("distinct backoff delays among %s", delays).isGreaterThan(clients / 2);
        assertThat(delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(800)));
        List<Long> after = reconnectedAt.stream().map(t -> (t - restartedAt) / 1_000_000).sorted().toList();
        assertThat(after.get(after.size() - 1) - after.get(0)).as("reconnect spread (ms after restart): %s", after)
                .isGreaterThan(100);
        // And the rejoined channels work.
        channels.get(0).push("broadcast", Map.of("after", "restart"));
        for (Channel c : channels) {
            assertThat(c.push("ping", Map.of("ok", true)).get(5, TimeUnit.SECONDS).isOk()).isTrue();
        }
    }

    @Test
    void aCutConnectionReconnectsThroughTheProxyAndTheChannelRejoins() throws Exception {
        server = start(0);
        try (CuttingProxy proxy = new CuttingProxy(server.port())) {
            Socket socket = SocketOptions.builder("ws://127.0.0.1:" + proxy.port() + "/socket")
                    .reconnectBackoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofMillis(200))).socket();
            sockets.add(socket);
            List<ChannelError> errors = new CopyOnWriteArrayList<>();
            List<Reply> joins = new CopyOnWriteArrayList<>();
            socket.connect().get(5, TimeUnit.SECONDS);
            Channel room = socket.channel("room:cut");
            room.onError(errors::add);
            room.onJoin(joins::add);
            room.join().get(5, TimeUnit.SECONDS);
            proxy.cutAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> joins.size() == 2);
            assertThat(errors).containsExactly(ChannelError.transport("connection_closed"));
            assertThat(proxy.accepted()).isEqualTo(2);
            assertThat(room.push("ping", Map.of("n", 1)).get(5, TimeUnit.SECONDS).isOk()).isTrue();
        }
    }

    @Test
    void aConnectionThatGoesSilentIsDetectedByTheHeartbeatAndReplaced() throws Exception {
        server = start(0);
        try (CuttingProxy proxy = new CuttingProxy(server.port())) {
            Socket socket = SocketOptions.builder("ws://127.0.0.1:" + proxy.port() + "/socket")
                    .heartbeatInterval(Duration.ofMillis(300))
                    .reconnectBackoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofMillis(200))).socket();
            sockets.add(socket);
            List<CloseInfo> closes = new CopyOnWriteArrayList<>();
            List<ChannelError> errors = new CopyOnWriteArrayList<>();
            socket.onClose(closes::add);
            socket.connect().get(5, TimeUnit.SECONDS);
            Channel room = socket.channel("room:silent");
            List<Reply> joins = new CopyOnWriteArrayList<>();
            room.onJoin(joins::add);
            room.onError(errors::add);
            room.join().get(5, TimeUnit.SECONDS);
            Thread.sleep(700); // heartbeats flow while the connection is healthy
            assertThat(closes).isEmpty();
            long frozenAt = System.nanoTime();
            proxy.freezeAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> joins.size() == 2);
            assertThat(closes.get(0)).isEqualTo(new CloseInfo(1000, "heartbeat timeout", true));
            assertThat(errors).containsExactly(ChannelError.transport("heartbeat_timeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).as("detected within two intervals and a reconnect")
                    .isLessThan(Duration.ofMillis(2_000));
            assertThat(room.push("ping", Map.of()).get(5, TimeUnit.SECONDS).isOk()).isTrue();
        }
    }
}
