package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.MisbehavingServer.Behaviour;
import dev.switchboard.client.transport.TransportKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Servers that get everything wrong, on loopback: the client reports it clearly, retries, and never hangs. */
class BadServersTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private MisbehavingServer server;
    private Socket socket;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<CloseInfo> closes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.disconnect();
        }
        server.close();
    }

    private Socket socket(Behaviour behaviour, TransportKind kind) throws Exception {
        server = new MisbehavingServer(behaviour);
        socket = SocketOptions.builder(server.endpoint()).transport(kind).timeout(TIMEOUT)
                .reconnectBackoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofMillis(200))).socket();
        socket.onError(errors::add);
        socket.onClose(closes::add);
        return socket;
    }

    @Test
    void aServerThatNeverAnswersTheJoinTimesItOut() throws Exception {
        socket(Behaviour.SILENT, TransportKind.WEBSOCKET).connect().get(5, TimeUnit.SECONDS);
        Channel room = socket.channel("room:silent");
        List<Reply> outcomes = new CopyOnWriteArrayList<>();
        room.onJoin(outcomes::add);
        long start = System.nanoTime();
        Reply reply = room.join().get(5, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(new Reply.Timeout(TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
        CompletableFuture<Reply> push = room.push("ping", Map.of());
        assertThat(push.get(5, TimeUnit.SECONDS)).isEqualTo(new Reply.Timeout(TIMEOUT));
        assertThat(errors).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersAHeartbeatIsDroppedAndReconnected() throws Exception {
        server = new MisbehavingServer(Behaviour.SILENT);
        socket = SocketOptions.builder(server.endpoint()).heartbeatInterval(Duration.ofMillis(200))
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(20))).socket();
        socket.onClose(closes::add);
        socket.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() >= 2 && server.connections() >= 3);
        assertThat(closes.get(0)).isEqualTo(new CloseInfo(1000, "heartbeat timeout", true));
    }

    @Test
    void aServerThatSendsGarbageIsAClearErrorAndIsReconnected() throws Exception {
        socket(Behaviour.GARBAGE, TransportKind.WEBSOCKET).connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() >= 3 && server.connections() >= 3);
        assertThat(errors.get(0)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not a valid Phoenix frame")
                .hasMessageContaining(MisbehavingServer.GARBAGE);
        assertThat(closes.get(0).byClient()).isTrue();
    }

    @Test
    void aLongPollServerThatAnswersHtmlIsAnErrorAndIsRetried() throws Exception {
        socket(Behaviour.HTTP_GARBAGE, TransportKind.LONGPOLL).connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() >= 3);
        assertThat(errors.get(0)).hasMessageContaining("unreadable response");
        assertThat(closes.get(0).code()).isEqualTo(1011);
        assertThat(socket.isConnected()).isFalse();
    }

    @Test
    void aServerThatClosesAtOnceIsRetriedWithBackoffAndTheJoinStillCompletes() throws Exception {
        socket(Behaviour.CLOSE_AT_ONCE, TransportKind.WEBSOCKET);
        Channel room = socket.channel("room:gone");
        CompletableFuture<Reply> joined = room.join();
        socket.connect();
        assertThat(joined.get(5, TimeUnit.SECONDS)).isEqualTo(new Reply.Timeout(TIMEOUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() >= 5);
        assertThat(errors).isNotEmpty();
        assertThat(socket.isConnected()).isFalse();
    }

    @Test
    void nobodyListeningIsAnErrorAndRetriedToo() throws Exception {
        server = new MisbehavingServer(Behaviour.CLOSE_AT_ONCE);
        int port = server.port();
        server.close();
        socket = SocketOptions.builder("ws://127.0.0.1:" + port + "/socket").timeout(TIMEOUT)
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(20))).socket();
        socket.onError(errors::add);
        Channel room = socket.channel("room:nobody");
        CompletableFuture<Reply> joined = room.join();
        socket.connect();
        assertThat(joined.get(5, TimeUnit.SECONDS)).isEqualTo(new Reply.Timeout(TIMEOUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() >= 3);
        assertThat(errors.get(0)).isInstanceOf(java.net.ConnectException.class);
    }
}
