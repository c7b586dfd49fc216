package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.transport.TransportException;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.BinaryPayload;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Ref;
import dev.switchboard.protocol.WireFormat;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java client against a real Switchboard on loopback, over both transports: the scenarios of
 * the phoenix.js interop list (connect, join, ping reply, broadcast to several, leave, duplicate
 * join, heartbeat, binary, V1, params encoding, authToken, refusals, crashes, reconnects,
 * fallback) and frames whose topics, refs and payloads are full of commas, quotes, brackets,
 * unicode and nesting. The server app is {@link InteropApp}, the one phoenix.js is tested against.
 */
class ClientInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Commas, quotes, brackets, backslashes and unicode: what splitting frames on commas gets wrong. */
    private static final String HARD = "a,b \"q\" [x],{y} \\ é 漢字 🚀";
    private static final Map<String, Object> PAYLOAD = Map.of(
            "text", "héllo wörld — ünïcødé ✓ 漢字 🚀, \"quoted\", [bracketed]",
            "nested", Map.of("list", List.of(1, 2.5, -3, true, false, "x,y"),
                    "deeper", Map.of("empty", Map.of(), "emptyList", List.of(), "quote", "a\"b\\c")),
            "number", 12345678901234L);

    private static SwitchboardServer server;
    private static final AtomicInteger topics = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = InteropApp.start(dev.switchboard.socket.SocketOptions.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void disconnect() {
        sockets.forEach(Socket::disconnect);
    }

    private Socket socket(TransportKind kind, Consumer<SocketOptions.Builder> options) {
        SocketOptions.Builder builder = SocketOptions.builder("ws://127.0.0.1:" + server.port() + "/socket")
                .transport(kind).timeout(WAIT);
        options.accept(builder);
        Socket socket = builder.socket();
        sockets.add(socket);
        return socket;
    }

    private Socket connected(TransportKind kind, Consumer<SocketOptions.Builder> options) throws Exception {
        Socket socket = socket(kind, options);
        socket.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    private Socket connected(TransportKind kind) throws Exception {
        return connected(kind, o -> { });
    }

    private static String topic(String prefix) {
        return prefix + ":" + topics.incrementAndGet();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
    }

    private static JsonNode json(Object value) {
        return Json.MAPPER.valueToTree(value);
    }

    // ---------------------------------------------------------------------------------------------
    // joining, replies, broadcasts

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void connectJoinAndAPingReplyEchoesThePayload(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        for (String prefix : List.of("room", "fast")) {
            Channel channel = socket.channel(topic(prefix));
            assertThat(get(channel.join())).isEqualTo(new Reply.Ok(Payload.parse("{}")));
            Reply reply = get(channel.push("ping", PAYLOAD));
            assertThat(reply.isOk()).isTrue();
            assertThat(reply.response().json()).as(prefix + " echoes the payload").isEqualTo(json(PAYLOAD));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aBroadcastReachesEveryClientExactlyOnce(TransportKind kind) throws Exception {
        String topic = topic("room");
        List<List<JsonNode>> received = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<JsonNode> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            Channel channel = connected(kind).channel(topic);
            channel.on("msg", m -> mine.add(m.json()));
            assertThat(get(channel.join()).isOk()).isTrue();
            channels.add(channel);
        }
        channels.get(0).push("broadcast", PAYLOAD);
        await().atMost(WAIT).until(() -> received.stream().allMatch(r -> r.size() == 1));
        Thread.sleep(200);
        for (List<JsonNode> r : received) {
            assertThat(r).containsExactly(json(PAYLOAD));
        }
    }

    /** Over long-poll the burst goes out as ndjson POSTs of at most 100 lines each, one after another. */
    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aBurstOfPushesAllGetTheirOwnReplies(TransportKind kind) throws Exception {
        Channel channel = connected(kind).channel(topic("room"));
        get(channel.join());
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            replies.add(channel.push("ping", Map.of("n", i)));
        }
        for (int i = 0; i < 250; i++) {
            assertThat(get(replies.get(i)).response().json().path("n").asInt()).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void hardTopicsAndPayloadsTravelIntact(TransportKind kind) throws Exception {
        String topic = "room:" + HARD;
        Socket a = connected(kind);
        Socket b = connected(kind);
        Channel ca = a.channel(topic, ChannelOptions.builder().params(Map.of("p", HARD)).build());
        Channel cb = b.channel(topic);
        List<Incoming> got = new CopyOnWriteArrayList<>();
        cb.on("msg", got::add);
        assertThat(get(ca.join()).isOk()).isTrue();
        assertThat(get(cb.join()).isOk()).isTrue();
        Map<String, Object> hard = Map.of(HARD, List.of(HARD, Map.of("k", HARD)), "payload", PAYLOAD);
        assertThat(get(ca.push("ping", hard)).response().json()).isEqualTo(json(hard));
        ca.push("broadcast", hard);
        await().atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got.get(0).topic()).isEqualTo(topic);
        assertThat(got.get(0).json()).isEqualTo(json(hard));
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void leaveIsAnsweredThenTheServerClosesTheChannel(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        String topic = topic("room");
        List<Message> frames = new CopyOnWriteArrayList<>();
        List<dev.switchboard.protocol.Reply> replies = new CopyOnWriteArrayList<>();
        socket.onMessage(frame -> record(frame, topic, frames, replies));
        Channel channel = socket.channel(topic);
        AtomicInteger closes = new AtomicInteger();
        channel.onClose(closes::incrementAndGet);
        assertThat(get(channel.join()).isOk()).isTrue();
        Reply left = get(channel.leave());
        assertThat(left).isEqualTo(new Reply.Ok(Payload.parse("{}")));
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED);
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(f -> f.event().equals("phx_close")));
        assertThat(closes.get()).isEqualTo(1);
        String joinRef = Ref.valueOf(replies.get(0).ref());
        Message close = frames.stream().filter(f -> f.event().equals("phx_close")).findFirst().orElseThrow();
        assertThat(Ref.valueOf(close.joinRef())).isEqualTo(joinRef);
        // A new channel object may join the topic again.
        assertThat(get(socket.channel(topic).join()).isOk()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aSecondChannelOnTheSameTopicReplacesTheFirst(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        String topic = topic("room");
        Channel first = socket.channel(topic);
        List<String> firstEvents = new CopyOnWriteArrayList<>();
        first.onClose(() -> firstEvents.add("close"));
        first.onError(e -> firstEvents.add("error"));
        assertThat(get(first.join()).isOk()).isTrue();
        Channel second = socket.channel(topic);
        assertThat(get(second.join()).isOk()).isTrue();
        await().atMost(WAIT).until(() -> firstEvents.contains("close"));
        assertThat(firstEvents).containsExactly("close");
        assertThat(second.state()).isEqualTo(ChannelState.JOINED);
        assertThat(get(second.push("ping", Map.of("n", 1))).isOk()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void unmatchedAndRefusedJoinsAreErrorRepliesAndTheChannelKeepsTrying(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        assertThat(get(socket.channel(topic("nope")).join()))
                .isEqualTo(new Reply.Error("error", Payload.parse("{\"reason\":\"unmatched topic\"}")));
        Channel secret = socket.channel(topic("secret"), ChannelOptions.builder().rejoinBackoff(Backoff.steps(Duration.ofMillis(100))).build());
        List<Reply> outcomes = new CopyOnWriteArrayList<>();
        secret.onJoin(outcomes::add);
        assertThat(get(secret.join())).isEqualTo(new Reply.Error("error", Payload.parse("{\"reason\":\"unauthorized\"}")));
        await().atMost(WAIT).until(() -> outcomes.size() >= 3);
        assertThat(outcomes).allMatch(r -> r.status().equals("error"));
        secret.leave();
    }

    // ---------------------------------------------------------------------------------------------
    // heartbeat, binary, V1

    @Test
    void heartbeatsAreSentAndAnsweredOnTopicPhoenix() throws Exception {
        Socket socket = socket(TransportKind.WEBSOCKET, o -> o.heartbeatInterval(Duration.ofMillis(100)));
        List<dev.switchboard.protocol.Reply> beats = new CopyOnWriteArrayList<>();
        socket.onMessage(f -> {
            if (f instanceof dev.switchboard.protocol.Reply r && r.topic().equals("phoenix")) {
                beats.add(r);
            }
        });
        List<CloseInfo> closes = new CopyOnWriteArrayList<>();
        socket.onClose(closes::add);
        socket.connect().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> beats.size() >= 5);
        for (dev.switchboard.protocol.Reply beat : beats) {
            assertThat(beat.joinRef()).isNull();
            assertThat(beat.status()).isEqualTo("ok");
            assertThat(beat.response()).isEqualTo(Payload.empty());
        }
        assertThat(closes).isEmpty();
        assertThat(socket.isConnected()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void pingMeasuresARoundTrip(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        for (int i = 0; i < 3; i++) {
            assertThat(get(socket.ping())).isBetween(Duration.ZERO, WAIT);
        }
    }

    @Test
    void binaryPushReplyPushAndBroadcastOverWebSocket() throws Exception {
        Socket socket = connected(TransportKind.WEBSOCKET);
        Channel channel = socket.channel(topic("binary"));
        List<byte[]> pushes = new CopyOnWriteArrayList<>();
        List<byte[]> broadcasts = new CopyOnWriteArrayList<>();
        channel.on("bin_push", m -> pushes.add(m.bytes()));
        channel.on("bin_b", m -> broadcasts.add(m.bytes()));
        assertThat(get(channel.join()).isOk()).isTrue();
        byte[] sent = {0, 1, 2, (byte) 0xFF, ',', '"', '['};
        Reply reply = get(channel.push("bin", sent));
        assertThat(((BinaryPayload) reply.orThrow()).bytes()).isEqualTo(sent);
        await().atMost(WAIT).until(() -> pushes.size() == 1);
        assertThat(pushes.get(0)).isEqualTo(new byte[] {'[', '"', ',', (byte) 0xFF, 2, 1, 0});
        channel.push("bcast_bin", new byte[] {7, 8, 9});
        await().atMost(WAIT).until(() -> broadcasts.size() == 1);
        assertThat(broadcasts.get(0)).containsExactly(7, 8, 9);
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aBinaryPushArrivesAsBytesOnBothTransports(TransportKind kind) throws Exception {
        Channel channel = connected(kind).channel(topic("binary"));
        assertThat(get(channel.join()).isOk()).isTrue();
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        JsonNode response = get(channel.push("bin_len", bytes)).orThrow().json();
        assertThat(response.path("size").asInt()).isEqualTo(300);
        assertThat(response.path("hex").asText()).isEqualTo(java.util.HexFormat.of().formatHex(bytes));
        assertThat(get(channel.push("ping", Map.of("still", "text"))).response().json()).isEqualTo(json(Map.of("still", "text")));
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void v1SpeaksJsonObjects(TransportKind kind) throws Exception {
        Socket socket = connected(kind, o -> o.vsn(WireFormat.V1_JSON).params(Map.of("user", "ann")));
        Channel whoami = socket.channel(topic("whoami"));
        Reply joined = get(whoami.join());
        assertThat(joined.orThrow().json().path("params").path("vsn").asText()).isEqualTo("1.0.0");
        Channel room = socket.channel(topic("room"));
        assertThat(get(room.join()).isOk()).isTrue();
        Map<String, Object> v1 = Map.of("v", 1, "text", "ünï, \"q\"");
        assertThat(get(room.push("ping", v1)).response().json()).isEqualTo(json(v1));
        assertThat(room.push("ping", new byte[] {1})).failsWithin(WAIT).withThrowableOfType(Exception.class)
                .withMessageContaining("V1 has no binary frames");
    }

    // ---------------------------------------------------------------------------------------------
    // connect: params, auth token, refusal

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void connectParamsNestWithBracketKeysAndAreEvaluatedOnEveryConnect(TransportKind kind) throws Exception {
        AtomicInteger connects = new AtomicInteger();
        Socket socket = connected(kind, o -> o.params(() -> {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("token", "a b&c");
            params.put("user", Map.of("id", 5));
            params.put("id", "user-" + topics.get());
            params.put("n", connects.incrementAndGet());
            return params;
        }));
        Channel whoami = socket.channel(topic("whoami"));
        List<Reply> joins = new CopyOnWriteArrayList<>();
        whoami.onJoin(joins::add);
        JsonNode params = get(whoami.join()).orThrow().json().path("params");
        assertThat(params.path("token").asText()).isEqualTo("a b&c");
        assertThat(params.path("user").path("id").asText()).isEqualTo("5");
        assertThat(params.path("vsn").asText()).isEqualTo("2.0.0");
        assertThat(params.path("n").asText()).isEqualTo("1");
        // The server disconnects this socket id; the client reconnects with fresh params and rejoins.
        Channel room = socket.channel(topic("room"));
        assertThat(get(room.join()).isOk()).isTrue();
        room.push("disconnect_me", Map.of());
        await().atMost(WAIT).until(() -> joins.size() == 2);
        assertThat(joins.get(1).orThrow().json().path("params").path("n").asText()).isEqualTo("2");
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void theAuthTokenReachesTheApp(TransportKind kind) throws Exception {
        Socket socket = connected(kind, o -> o.authToken("secret-token").params(Map.of("user", "ann")));
        JsonNode response = get(socket.channel(topic("whoami")).join()).orThrow().json();
        assertThat(response.path("auth_token").asText()).isEqualTo("secret-token");
        assertThat(response.path("params").path("user").asText()).isEqualTo("ann");
        assertThat(response.path("assigns")).isEqualTo(json(Map.of("user", "ann")));
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aRefusedConnectIsAnErrorWith403AndIsRetried(TransportKind kind) throws Exception {
        Socket socket = socket(kind, o -> o.params(Map.of("token", "bad"))
                .reconnectBackoff(Backoff.steps(Duration.ofMillis(50))));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger opens = new AtomicInteger();
        socket.onError(errors::add);
        socket.onOpen(opens::incrementAndGet);
        socket.connect();
        await().atMost(WAIT).until(() -> errors.size() >= 3);
        assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(TransportException.class)
                .extracting(t -> ((TransportException) t).status()).isEqualTo(403));
        assertThat(opens.get()).isZero();
        assertThat(socket.isConnected()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void disconnectThenConnectRejoins(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        Channel room = socket.channel(topic("room"));
        List<Reply> joins = new CopyOnWriteArrayList<>();
        room.onJoin(joins::add);
        get(room.join());
        assertThat(get(room.push("ping", Map.of("n", 1))).isOk()).isTrue();
        socket.disconnect();
        await().atMost(WAIT).until(() -> socket.state() == ConnectionState.CLOSED && room.state() == ChannelState.ERRORED);
        get(socket.connect());
        await().atMost(WAIT).until(() -> joins.size() == 2);
        assertThat(get(room.push("ping", Map.of("n", 2))).response().json()).isEqualTo(json(Map.of("n", 2)));
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aChannelCrashErrorsItAndItRejoinsAboutOneSecondLater(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        Channel channel = socket.channel(topic("crash"));
        List<ChannelError> errors = new CopyOnWriteArrayList<>();
        List<Long> joinedAt = new CopyOnWriteArrayList<>();
        channel.onError(errors::add);
        channel.onJoin(r -> joinedAt.add(System.nanoTime()));
        get(channel.join());
        channel.push("boom", Map.of());
        await().atMost(WAIT).until(() -> joinedAt.size() == 2);
        assertThat(errors).containsExactly(new ChannelError("server", "channel_crash", Payload.parse("{\"reason\":\"channel_crash\"}")));
        assertThat(Duration.ofNanos(joinedAt.get(1) - joinedAt.get(0))).as("rejoinAfter(1) = 1 s")
                .isBetween(Duration.ofMillis(800), Duration.ofMillis(3000));
        assertThat(get(channel.push("ping", Map.of())).isOk()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void aChannelTheServerStopsClosesWithoutRejoining(TransportKind kind) throws Exception {
        Socket socket = connected(kind);
        Channel channel = socket.channel(topic("stop"));
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger joins = new AtomicInteger();
        channel.onClose(closes::incrementAndGet);
        channel.onJoin(r -> joins.incrementAndGet());
        get(channel.join());
        assertThat(get(channel.push("stop", Map.of())).response().json()).isEqualTo(json(Map.of("stopping", true)));
        await().atMost(WAIT).until(() -> closes.get() == 1);
        Thread.sleep(1_500);
        assertThat(joins.get()).as("no rejoin").isEqualTo(1);
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED);
    }

    // ---------------------------------------------------------------------------------------------
    // long-poll fallback

    @Test
    void fallsBackToLongPollWhenTheWebSocketCannotConnectAndRemembersIt() throws Exception {
        Socket socket = SocketOptions.builder("ws://127.0.0.1:" + server.port() + "/lponly")
                .longPollFallback(Duration.ofMillis(2500)).timeout(WAIT).socket();
        sockets.add(socket);
        Channel room = socket.channel(topic("room"));
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        room.on("msg", m -> got.add(m.json()));
        CompletableFuture<Reply> joined = room.join();
        socket.connect();
        assertThat(get(joined).isOk()).isTrue();
        assertThat(socket.transport()).isEqualTo(TransportKind.LONGPOLL);
        room.push("broadcast", Map.of("via", "fallback"));
        await().atMost(WAIT).until(() -> got.size() == 1);
        socket.disconnect();
        get(socket.connect());
        assertThat(socket.transport()).as("remembered").isEqualTo(TransportKind.LONGPOLL);
    }

    @Test
    void aWorkingWebSocketPassesTheFallbackHealthCheckAndStays() throws Exception {
        Socket socket = connected(TransportKind.WEBSOCKET, o -> o.longPollFallback(Duration.ofMillis(2500)));
        Channel room = socket.channel(topic("room"));
        assertThat(get(room.join()).isOk()).isTrue();
        Thread.sleep(3_000);
        assertThat(socket.transport()).isEqualTo(TransportKind.WEBSOCKET);
        assertThat(get(room.push("ping", Map.of())).isOk()).isTrue();
    }

    private static void record(Frame frame, String topic, List<Message> frames, List<dev.switchboard.protocol.Reply> replies) {
        if (!frame.topic().equals(topic)) {
            return;
        }
        if (frame instanceof Message m) {
            frames.add(m);
        } else {
            replies.add((dev.switchboard.protocol.Reply) frame);
        }
    }
}
