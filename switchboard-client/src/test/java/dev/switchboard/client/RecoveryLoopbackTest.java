package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.recovery.Recovery;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A channel with {@code recover(true)} against a server on loopback that plays RECOVERY.md to the
 * letter, over the client's real transports (WebSocket and long-poll, V2 and V1): the
 * {@code recover} join param (true, then the last position), the {@code recovery} object of the
 * reply in both shapes, replayed messages as pushes of the new join, live messages with their
 * position in the ref slot, and connections that are cut so that the channel must rejoin.
 */
class RecoveryLoopbackTest {
    private static final String TOPIC = "room:r";

    private LoopbackServer server;
    private Socket socket;
    private Channel room;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<Incoming> notices = new CopyOnWriteArrayList<>();
    private final List<Reply> joins = new CopyOnWriteArrayList<>();

    static Stream<Arguments> wires() {
        return Stream.of(Arguments.of(TransportKind.WEBSOCKET, WireFormat.V2), Arguments.of(TransportKind.LONGPOLL, WireFormat.V2),
                Arguments.of(TransportKind.WEBSOCKET, WireFormat.V1_JSON), Arguments.of(TransportKind.LONGPOLL, WireFormat.V1_JSON));
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    private LoopbackServer.Peer connect(TransportKind kind, WireFormat vsn) throws Exception {
        server = new LoopbackServer(vsn);
        socket = SocketOptions.builder(server.endpoint(kind)).transport(kind).vsn(vsn)
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(20))).socket();
        socket.connect();
        room = socket.channel(TOPIC, ChannelOptions.builder().params(Map.of("nick", "ann")).recover(true).build());
        room.on("msg", m -> delivered.add(m.json().path("n").asText() + m.position().map(p -> " " + p).orElse("")));
        room.on("notice", notices::add);
        room.onJoin(joins::add);
        return server.nextConnection();
    }

    /** Reads the client's join, checks its {@code recover} param, and answers ok with this response. */
    private static Message answerJoin(LoopbackServer.Peer peer, JsonNode expectedRecover, String responseJson) throws Exception {
        Message join = peer.nextNonHeartbeat();
        assertThat(join.event()).isEqualTo("phx_join");
        assertThat(join.topic()).isEqualTo(TOPIC);
        JsonNode params = join.payload().json();
        assertThat(params.path("nick").asText()).as("the app's params travel with recover").isEqualTo("ann");
        assertThat(params.get("recover")).as("recover param of %s", params).isEqualTo(expectedRecover);
        peer.reply(join, "ok", responseJson);
        return join;
    }

    private static JsonNode json(Object value) {
        return dev.switchboard.protocol.Json.MAPPER.valueToTree(value);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wires")
    void everyMessageArrivesOnceInOrderAcrossLostConnectionsAndTheAppLearnsWhenRecoveryFails(TransportKind kind,
            WireFormat vsn) throws Exception {
        LoopbackServer.Peer first = connect(kind, vsn);
        var joined = room.join();
        Message join = answerJoin(first, json(true),
                "{\"room\":\"r\",\"recovery\":{\"recovered\":true,\"position\":\"0@e1\",\"replayed\":0}}");
        Reply.Ok ok = (Reply.Ok) joined.get(5, TimeUnit.SECONDS);
        assertThat(ok.response().json()).as("the app's response, recovery taken out").isEqualTo(json(Map.of("room", "r")));
        assertThat(ok.recovery()).contains(new Recovery(true, "0@e1", 0, null));

        // Live messages carry their position in the ref slot; a push to this socket carries none.
        first.push(null, "1@e1", TOPIC, "msg", "{\"n\":1}");
        first.push(Ref.valueOf(join.ref()), null, TOPIC, "notice", "{\"to\":\"ann\"}");
        first.push(null, "2@e1", TOPIC, "msg", "{\"n\":2}");
        if (kind == TransportKind.WEBSOCKET && vsn == WireFormat.V2) {
            // A binary broadcast has no ref field: delivered, at most once, without a position.
            first.send(new Broadcast(TOPIC, "notice", Payload.binary(new byte[] {1, 2, 3})));
        }
        await().until(() -> delivered.size() == 2 && !notices.isEmpty());
        assertThat(room.lastPosition()).contains("2@e1");

        first.cut();
        LoopbackServer.Peer second = server.nextConnection();
        Message rejoin = answerJoin(second, json("2@e1"),
                "{\"room\":\"r\",\"recovery\":{\"recovered\":true,\"position\":\"5@e1\",\"replayed\":3}}");
        String rejoinRef = Ref.valueOf(rejoin.ref());
        // Right after the reply, the replay as pushes of the new join, in offset order; then live again.
        second.push(rejoinRef, "3@e1", TOPIC, "msg", "{\"n\":3}");
        second.push(rejoinRef, "4@e1", TOPIC, "msg", "{\"n\":4}");
        second.push(rejoinRef, "5@e1", TOPIC, "msg", "{\"n\":5}");
        second.push(null, "6@e1", TOPIC, "msg", "{\"n\":6}");
        await().until(() -> delivered.size() == 6);
        assertThat(joins).hasSize(2);
        assertThat(((Reply.Ok) joins.get(1)).recovery()).contains(new Recovery(true, "5@e1", 3, null));
        assertThat(room.lastPosition()).contains("6@e1");

        // The server lost the stream meanwhile: the app is told, and the client goes on from the new position.
        second.cut();
        LoopbackServer.Peer third = server.nextConnection();
        answerJoin(third, json("6@e1"),
                "{\"recovery\":{\"recovered\":false,\"position\":\"2@e2\",\"replayed\":0,\"reason\":\"epoch_changed\"}}");
        await().until(() -> joins.size() == 3);
        Reply.Ok notRecovered = (Reply.Ok) joins.get(2);
        assertThat(notRecovered.recovery()).contains(new Recovery(false, "2@e2", 0, "epoch_changed"));
        assertThat(notRecovered.response().json()).isEqualTo(json(Map.of()));
        assertThat(room.recovery()).contains(new Recovery(false, "2@e2", 0, "epoch_changed"));
        third.push(null, "3@e2", TOPIC, "msg", "{\"n\":7}");
        await().until(() -> delivered.size() == 7);

        third.cut();
        answerJoin(server.nextConnection(), json("3@e2"),
                "{\"recovery\":{\"recovered\":true,\"position\":\"3@e2\",\"replayed\":0}}");
        await().until(() -> joins.size() == 4);
        Thread.sleep(100);
        assertThat(delivered).containsExactly("1 1@e1", "2 2@e1", "3 3@e1", "4 4@e1", "5 5@e1", "6 6@e1", "7 3@e2");
        assertThat(notices).allSatisfy(n -> assertThat(n.position()).isEmpty())
                .hasSize(kind == TransportKind.WEBSOCKET && vsn == WireFormat.V2 ? 2 : 1);
        assertThat(room.state()).isEqualTo(ChannelState.JOINED);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wires")
    void aResponseThatIsNotAnObjectComesWrappedAndIsUnwrapped(TransportKind kind, WireFormat vsn) throws Exception {
        LoopbackServer.Peer peer = connect(kind, vsn);
        var joined = room.join();
        answerJoin(peer, json(true),
                "{\"recovery\":{\"recovered\":true,\"position\":\"0@e9\",\"replayed\":0},\"response\":\"welcome\"}");
        Reply.Ok ok = (Reply.Ok) joined.get(5, TimeUnit.SECONDS);
        assertThat(ok.response().json()).isEqualTo(json("welcome"));
        assertThat(ok.recovery()).contains(new Recovery(true, "0@e9", 0, null));
        assertThat(room.lastPosition()).contains("0@e9");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wires")
    void aTopicWithoutHistorySaysSoAndTheClientKeepsAskingWithTrue(TransportKind kind, WireFormat vsn) throws Exception {
        LoopbackServer.Peer first = connect(kind, vsn);
        var joined = room.join();
        answerJoin(first, json(true), "{\"recovery\":{\"recovered\":false,\"replayed\":0,\"reason\":\"no_history\"}}");
        assertThat(((Reply.Ok) joined.get(5, TimeUnit.SECONDS)).recovery()).contains(new Recovery(false, null, 0, "no_history"));
        first.push(null, null, TOPIC, "msg", "{\"n\":1}");
        first.push(null, null, TOPIC, "msg", "{\"n\":2}");
        await().until(() -> delivered.size() == 2);
        assertThat(room.lastPosition()).isEmpty();

        first.cut();
        answerJoin(server.nextConnection(), json(true), "{\"recovery\":{\"recovered\":false,\"replayed\":0,\"reason\":\"no_history\"}}");
        await().until(() -> joins.size() == 2);
        assertThat(delivered).containsExactly("1", "2");
    }
}
