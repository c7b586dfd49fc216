package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.JoinResult;
import dev.switchboard.client.recovery.Position;
import dev.switchboard.client.recovery.Recovery;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketDefinition;
import dev.switchboard.testsupport.net.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel with {@code recover(true)} against a real Switchboard on loopback that keeps history
 * for {@code room:*}, its connection going through a proxy that cuts it and then refuses new
 * connections for half a second while the server goes on publishing. Once the client is back the
 * application has every message exactly once, in order, and was told that nothing was lost; when
 * more was missed than the history keeps, it is told that instead ({@code too_old}) and live
 * messages go on. Over WebSocket and long-poll.
 */
class RecoveryWithSwitchboardTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration GAP = Duration.ofMillis(500);
    private static final Map<String, Object> APP_RESPONSE = Map.of("welcome", true);

    private SwitchboardServer server;
    private TcpProxy proxy;
    private Socket socket;
    private final List<Integer> received = new CopyOnWriteArrayList<>();
    private final List<String> positions = new CopyOnWriteArrayList<>();
    private final List<Reply> joins = new CopyOnWriteArrayList<>();
    /** What the socket and channel went through, for a failure to tell. */
    private final List<String> trail = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (socket != null) {
            socket.disconnect();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TransportKind.class)
    void aCutConnectionLosesNothingAndDuplicatesNothing(TransportKind kind) throws Exception {
        String topic = "room:recover-" + kind.path();
        Channel room = connect(kind, 1_000, topic);
        Recovery first = recoveryOf(room.join().get(5, TimeUnit.SECONDS));
        assertThat(first.recovered()).isTrue();
        assertThat(first.replayed()).isZero();
        Position start = Position.parse(first.position()).orElseThrow();
        assertThat(start.offset()).as("an empty history").isZero();

        publish(topic, 1, 50);
        await().atMost(WAIT).until(() -> received.size() == 50);
        cutAndPublishDuringTheGap(topic, 51, 250);
        awaitRejoin(room);
        publish(topic, 251, 300);

        await().atMost(WAIT).until(() -> received.size() >= 300);
        Thread.sleep(300); // a duplicate would arrive by now
        assertThat(received).containsExactlyElementsOf(IntStream.rangeClosed(1, 300).boxed().toList());
        assertThat(positions).as("every message with its position, offsets 1 to 300 of one epoch")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(n -> n + "@" + start.epoch()).toList());
        Recovery rejoin = recoveryOf(joins.get(1));
        assertThat(rejoin).as("the rejoin handed back 50@…: the 200 missed follow")
                .isEqualTo(new Recovery(true, "250@" + start.epoch(), 200, null));
        assertThat(room.recovery()).contains(rejoin);
        assertThat(room.lastPosition()).contains("300@" + start.epoch());
        assertThat(room.state()).isEqualTo(ChannelState.JOINED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TransportKind.class)
    void aGapLargerThanTheHistoryIsReportedAsTooOldAndLiveMessagesGoOn(TransportKind kind) throws Exception {
        String topic = "room:too-old-" + kind.path();
        Channel room = connect(kind, 20, topic);
        String epoch = Position.parse(recoveryOf(room.join().get(5, TimeUnit.SECONDS)).position()).orElseThrow().epoch();

        publish(topic, 1, 5);
        await().atMost(WAIT).until(() -> received.size() == 5);
        cutAndPublishDuringTheGap(topic, 6, 55); // 50 missed, the history keeps 20
        awaitRejoin(room);
        Recovery rejoin = recoveryOf(joins.get(1));
        assertThat(rejoin).as("nothing replayed, the client goes on from the latest position")
                .isEqualTo(new Recovery(false, "55@" + epoch, 0, "too_old"));
        assertThat(room.recovery()).contains(rejoin);

        publish(topic, 56, 60);
        await().atMost(WAIT).until(() -> received.size() >= 10);
        Thread.sleep(300);
        assertThat(received).containsExactlyElementsOf(
                Stream.concat(IntStream.rangeClosed(1, 5).boxed(), IntStream.rangeClosed(56, 60).boxed()).toList());
        assertThat(room.lastPosition()).contains("60@" + epoch);
    }

    /** A server keeping {@code historySize} messages per room, a proxy to it, and a recovering channel through the proxy. */
    private Channel connect(TransportKind kind, int historySize, String topic) {
        SocketDefinition definition = SocketDefinition.builder("/socket")
                .channel("room:*", () -> (joinTopic, params, ctx) -> JoinResult.ok(APP_RESPONSE))
                .history("room:*", HistoryOptions.of(historySize, Duration.ofMinutes(5)))
                .build();
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).socket(definition).build().start();
        proxy = TcpProxy.to(server.port()).start();
        // Quick retries keep the test short; the schedule itself is not what is tested.
        socket = SocketOptions.builder("ws://127.0.0.1:" + proxy.port() + "/socket").transport(kind)
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(50))).socket();
        socket.connect();
        Channel room = socket.channel(topic, ChannelOptions.builder().recover(true).build());
        room.on("msg", message -> {
            received.add(message.json().path("n").asInt());
            positions.add(message.position().orElse("none"));
        });
        room.onJoin(reply -> {
            joins.add(reply);
            trail.add("join " + reply);
        });
        room.onError(error -> trail.add("channel error " + error));
        socket.onStateChange(state -> trail.add("socket " + state));
        socket.onError(error -> trail.add("socket error " + error));
        socket.onClose(info -> trail.add("socket close " + info));
        return room;
    }

    private void awaitRejoin(Channel room) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(joins)
                .as(() -> "rejoin; channel " + room.state() + ", proxy " + proxy.connections() + " open/"
                        + proxy.accepted() + " accepted, " + received.size() + " received, trail " + trail)
                .hasSize(2));
    }

    /**
     * Refuses new connections and resets the open ones (the client sees its connection fail and
     * cannot reconnect), publishes {@code from..to}, and accepts connections again after {@link #GAP}.
     */
    private void cutAndPublishDuringTheGap(String topic, int from, int to) throws InterruptedException {
        proxy.refuseNewConnections();
        assertThat(proxy.cutAll(TcpProxy.Cut.RESET)).as("connections cut").isPositive();
        publish(topic, from, to);
        Thread.sleep(GAP.toMillis());
        assertThat(joins).as("no rejoin while refused").hasSize(1);
        proxy.acceptNewConnections();
    }

    private void publish(String topic, int from, int to) {
        for (int n = from; n <= to; n++) {
            server.endpoint().broadcast(topic, "msg", Map.of("n", n)).toCompletableFuture().join();
        }
    }

    /** The recovery of an ok join reply, whose app response is what the channel answered. */
    private static Recovery recoveryOf(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Ok.class);
        Reply.Ok ok = (Reply.Ok) reply;
        assertThat(ok.response().json()).as("the app's response, recovery taken out")
                .isEqualTo(dev.switchboard.protocol.Json.MAPPER.valueToTree(APP_RESPONSE));
        return ok.recovery().orElseThrow(() -> new AssertionError("no recovery in " + reply));
    }
}
