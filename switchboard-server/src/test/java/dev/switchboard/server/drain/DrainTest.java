package dev.switchboard.server.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.net.RawConnection;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.phoenix.PhoenixSocket;
import dev.switchboard.testsupport.ws.CloseStatus;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The drain over real sockets: what the balancer, the clients and /metrics see, step by step. */
class DrainTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SwitchboardServer server;

    private static final class Room implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }
    }

    private SwitchboardServer start(SwitchboardServer.Builder builder) {
        server = builder.port(0)
                .socket(SocketDefinition.builder("/socket").channel("room:*", Room::new, Execution.EVENT_LOOP).build())
                .build().start();
        return server;
    }

    private SwitchboardServer start() {
        return start(SwitchboardServer.builder());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void closesEveryWebSocketWith1012InBatchesOfTheConfiguredSizeAtTheConfiguredInterval() throws Exception {
        start();
        List<PhoenixSocket> clients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            PhoenixSocket client = PhoenixSocket.connect(server.port());
            client.join("room:a");
            clients.add(client);
        }
        ExecutorService readers = Executors.newFixedThreadPool(clients.size());
        try {
            long start = System.nanoTime();
            List<Future<long[]>> closes = new ArrayList<>();
            for (PhoenixSocket client : clients) {
                closes.add(readers.submit(() -> {
                    CloseStatus close = client.awaitClose();
                    long at = (System.nanoTime() - start) / 1_000_000;
                    assertThat(close.code()).isEqualTo(1012);
                    assertThat(close.reason()).as("a hint spreads each batch over the interval")
                            .isEqualTo("server draining: reconnect within 400 ms");
                    return new long[] {at};
                }));
            }
            assertThat(get("/health").statusCode()).as("a balancer watches this node").isEqualTo(200);
            DrainOptions options = new DrainOptions(Duration.ofMillis(200), 10, Duration.ofMillis(400), Duration.ofSeconds(10));
            DrainResult result = server.drain(options).done().get(10, TimeUnit.SECONDS);

            List<Long> times = new ArrayList<>();
            for (Future<long[]> close : closes) {
                times.add(close.get(10, TimeUnit.SECONDS)[0]);
            }
            times.sort(null);
            assertThat(times.get(0)).as("nothing closes before the health grace").isGreaterThanOrEqualTo(190);
            // Three waves of ten: the gaps between waves are the batch interval, within a wave a few ms.
            List<Integer> waves = waves(times, 200);
            assertThat(waves).as("closes per wave, at %s ms", times).containsExactly(10, 10, 10);
            assertThat(result.openAtStart()).isEqualTo(30);
            assertThat(result.closedInBatches()).isEqualTo(30);
            assertThat(result.batches()).isEqualTo(3);
            assertThat(result.closedAtDeadline()).isZero();
            String metrics = server.meterRegistry().scrape();
            assertThat(metrics).contains("switchboard_drain_batches_total 3.0")
                    .contains("switchboard_drain_connections_closed_total{phase=\"batch\"} 30.0")
                    .contains("switchboard_drain_state 2.0")
                    .contains("switchboard_connections_closed_total{reason=\"drained\",transport=\"websocket\"} 30.0");
        } finally {
            readers.shutdownNow();
            clients.forEach(PhoenixSocket::close);
        }
    }

    /** Sizes of the runs of {@code times} (sorted) separated by gaps over {@code gapMillis}. */
    private static List<Integer> waves(List<Long> times, long gapMillis) {
        List<Integer> waves = new ArrayList<>();
        int size = 1;
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i) - times.get(i - 1) > gapMillis) {
                waves.add(size);
                size = 0;
            }
            size++;
        }
        waves.add(size);
        return waves;
    }

    @Test
    void healthFlipsFirstJoinsAndNewConnectionsAreRefusedThenTheListenerCloses() throws Exception {
        start();
        try (PhoenixSocket client = PhoenixSocket.connect(server.port())) {
            client.join("room:a");
            assertThat(get("/health").statusCode()).isEqualTo(200);

            DrainHandle drain = server.drain(
                    new DrainOptions(Duration.ofMillis(1500), 10, Duration.ofMillis(100), Duration.ofSeconds(10)));

            HttpResponse<String> health = get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(health.body()).path("status").asText()).isEqualTo("draining");
            assertThat(drain.openAtStart()).isEqualTo(1);
            assertThat(server.drain().openAtStart()).as("a second call finds the running drain").isEqualTo(-1);

            JsonNode refused = client.call("room:b", "phx_join", "{}");
            assertThat(refused.get(4).path("status").asText()).isEqualTo("error");
            assertThat(refused.get(4).path("response").path("reason").asText()).isEqualTo("server draining");

            // During the grace the port still accepts, but opens no new WebSocket.
            assertThat(WebSocketClient.upgradeResponse(server.port(), Handshake.to("/socket/websocket?vsn=2.0.0"))
                    .status()).isEqualTo(503);

            CloseStatus close = client.awaitClose();
            assertThat(close.code()).isEqualTo(1012);
            assertThat(close.reason()).isEqualTo("server draining: reconnect within 100 ms");
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
                    .as("after the grace the listener is closed").isInstanceOf(ConnectException.class);
            assertThat(drain.done().get(10, TimeUnit.SECONDS).beforeDeadline()).isTrue();
        }
    }

    @Test
    void withNoHealthCheckSeenTheListenerClosesWithoutWaitingForTheGrace() throws Exception {
        start();
        try (PhoenixSocket client = PhoenixSocket.connect(server.port())) {
            client.join("room:a");
            long start = System.nanoTime();
            DrainHandle drain = server.drain(
                    new DrainOptions(Duration.ofSeconds(5), 10, Duration.ofMillis(100), Duration.ofSeconds(10)));

            assertThat(client.awaitClose().code()).isEqualTo(1012);
            DrainResult result = drain.done().get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - start) / 1_000_000).as("no 5 s grace: nobody polls /health to be told")
                    .isLessThan(2_000);
            assertThat(result.beforeDeadline()).isTrue();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void longPollSessionsAreToldToReconnectAndOpenNoNewSessionWhileDraining() throws Exception {
        start();
        String base = "http://127.0.0.1:" + server.port() + "/socket/longpoll";
        LongPollClient client = LongPollClient.isolated(base, "vsn=2.0.0").open();
        String token = client.token();
        client.post("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
        client.pollUntil(m -> "phx_reply".equals(m.path(3).asText()), Duration.ofSeconds(5));
        CompletableFuture<LongPollAnswer> parked = client.getAsync();
        assertThat(get("/health").statusCode()).as("a balancer watches this node").isEqualTo(200);

        DrainHandle drain = server.drain(
                new DrainOptions(Duration.ofMillis(800), 10, Duration.ofMillis(100), Duration.ofSeconds(10)));

        // A request that would open a session: 503 (closes the connection) and the body status
        // after which phoenix.js reconnects: 500 without a session, 410 for one that is gone.
        LongPollAnswer fresh = LongPollClient.isolated(base, "vsn=2.0.0").get();
        assertThat(fresh.http()).isEqualTo(503);
        assertThat(fresh.status()).isEqualTo(500);

        LongPollAnswer told = LongPollClient.await(parked);
        assertThat(told.status()).as("the parked poll, when its session is drained").isEqualTo(410);
        drain.done().get(10, TimeUnit.SECONDS);

        LongPollAnswer again = client.withToken(token).get();
        assertThat(again.http()).isEqualTo(503);
        assertThat(again.status()).as("phoenix.js: session gone, reconnect and rejoin").isEqualTo(410);
        assertThat(server.meterRegistry().scrape())
                .contains("switchboard_connections_closed_total{reason=\"drained\",transport=\"longpoll\"} 1.0");
    }

    @Test
    void theDeadlineEndsConnectionsWhoseCloseCannotGetThrough() throws Exception {
        start();
        try (PhoenixSocket reader = PhoenixSocket.connect(server.port());
             WebSocketClient stalled = WebSocketClient.connect(RawConnection.to(server.port()).receiveBufferSize(4096)
                     .readTimeout(Duration.ofSeconds(10)), Handshake.to("/socket/websocket?vsn=2.0.0"))) {
            reader.join("room:flood");
            stalled.sendText("[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]");
            assertThat(stalled.nextText()).contains("phx_reply"); // joined; from now on it never reads
            flood(server, reader, 700); // ~11 MB: more than the kernel's buffers hold, less than maxOutboundBytes

            long start = System.nanoTime();
            DrainResult result = server.drain(new DrainOptions(Duration.ofMillis(100), 10, Duration.ofMillis(100),
                    Duration.ofMillis(1500))).done().get(10, TimeUnit.SECONDS);

            assertThat(reader.awaitClose().code()).isEqualTo(1012);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(result.closedInBatches()).isEqualTo(2);
            assertThat(result.closedAtDeadline()).as("the stalled reader, whose close frame waits behind its backlog")
                    .isEqualTo(1);
            assertThat(endsWithoutReadingAll(stalled.connection().input(), 700L * 16 * 1024)).isTrue();
        }
    }

    /** Broadcasts {@code count} 16 KiB messages, paced by {@code reader}, which reads each one. */
    static void flood(SwitchboardServer server, PhoenixSocket reader, int count) throws IOException {
        String big = "{\"data\":\"" + "x".repeat(16 * 1024) + "\"}";
        for (int i = 0; i < count; i++) {
            server.endpoint().broadcast("room:flood", "msg", Payload.parse(big));
            assertThat(reader.next()).isNotNull();
        }
    }

    private static boolean endsWithoutReadingAll(InputStream in, long sent) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        return total < sent;
    }

    @Test
    void theHttpEndpointDrainsOnlyWithTheKey() throws Exception {
        String key = "0123456789abcdef0123";
        start(SwitchboardServer.builder().apiKey(key).drainApi(true)
                .drain(new DrainOptions(Duration.ofMillis(100), 10, Duration.ofMillis(100), Duration.ofSeconds(5))));

        assertThat(post("/api/drain", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/drain", "Bearer wrong-key-wrong-key").statusCode()).isEqualTo(401);
        assertThat(get("/api/drain").statusCode()).isEqualTo(405);
        assertThat(get("/health").statusCode()).as("refused requests drain nothing").isEqualTo(200);

        HttpResponse<String> accepted = post("/api/drain", "Bearer " + key);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(accepted.body()).path("status").asText()).isEqualTo("draining");
        assertThat(get("/health").statusCode()).isEqualTo(503);
    }

    @Test
    void withoutTheOptionThereIsNoDrainEndpoint() throws Exception {
        start();
        assertThat(post("/api/drain", null).statusCode()).isEqualTo(404);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
