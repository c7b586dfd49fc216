package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.http.RawResponse;
import dev.switchboard.testsupport.js.PhoenixScenario;
import dev.switchboard.testsupport.js.ScriptResult;
import dev.switchboard.testsupport.ws.Handshake;
import dev.switchboard.testsupport.ws.WebSocketClient;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official phoenix.js client (npm {@code phoenix} 1.8.16, run in Node by
 * {@code phoenix/scenarios.mjs} of switchboard-test-support) against a real Switchboard server. Every client scenario takes
 * the transport as a parameter; the expectations are those of docs/PROTOCOL.md (§ numbers below).
 */
@Tag("interop")
class PhoenixClientInteropTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SwitchboardServer server;
    private static String url;
    private static int port;

    /** The transports every client scenario runs over: one scenario list, both transports (spec §5). */
    static Stream<String> transports() {
        return Stream.of("websocket", "longpoll");
    }

    @BeforeAll
    static void startServer() {
        server = InteropApp.start(SocketOptions.DEFAULTS);
        port = server.port();
        url = InteropApp.endpoint(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ScriptResult run(String scenario, String transport) {
        return PhoenixScenario.run(scenario, url, transport);
    }

    private static ScriptResult run(String scenario, String transport, Map<String, ?> extra) {
        return PhoenixScenario.run(scenario, url, transport, extra);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode UNMATCHED_TOPIC = json("{\"reason\":\"unmatched topic\"}");
    private static final JsonNode OK_EMPTY = json("{\"status\":\"ok\",\"response\":{}}");

    // ---------------------------------------------------------------------------------------------
    // joining, replies, broadcasts

    /** §3.3, §3.4: join ok, and the reply to "ping" echoes the payload (nested objects, unicode), on worker and event-loop channels. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void connectJoinAndPingReplyEchoesPayload(String transport) {
        ScriptResult result = run("ping", transport, Map.of("prefixes", List.of("room", "fast")));
        result.verify(obs -> {
            JsonNode sent = obs.get("sent");
            for (String prefix : List.of("room", "fast")) {
                JsonNode topic = obs.path("topics").path(prefix);
                assertThat(topic.path("join").path("status").asText()).as(prefix + " join status").isEqualTo("ok");
                assertThat(topic.path("join").path("response")).as(prefix + " join response").isEqualTo(json("{}"));
                assertThat(topic.path("reply").path("status").asText()).as(prefix + " ping reply status").isEqualTo("ok");
                assertThat(topic.path("reply").path("response")).as(prefix + " ping reply echoes the payload").isEqualTo(sent);
                assertThat(topic.path("replyFrame").path("join_ref").asText())
                        .as(prefix + " reply carries the join_ref of the channel (§3.4)")
                        .isEqualTo(topic.path("joinRef").asText());
            }
        });
    }

    /** §3.6: a broadcast reaches every subscriber, the sender included, exactly once, as [null,null,...]. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void broadcastReachesEveryClientExactlyOnce(String transport) {
        ScriptResult result = run("broadcast", transport, Map.of("clients", 3));
        result.verify(obs -> {
            JsonNode received = obs.get("received");
            assertThat(received).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode seen = received.get(i);
                assertThat(seen).as("client %d receives msg exactly once", i).hasSize(1);
                assertThat(seen.get(0).get("payload")).as("client %d payload", i).isEqualTo(obs.get("sent"));
                JsonNode frame = obs.get("wireFrames").get(i).get(0);
                assertThat(frame.get("join_ref").isNull()).as("broadcast join_ref is null").isTrue();
                assertThat(frame.get("ref").isNull()).as("broadcast ref is null").isTrue();
            }
        });
    }

    /** §3.7, §3.5: leave is answered ok, then phx_close; afterwards the topic is unmatched. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void leaveIsAcknowledgedAndTopicBecomesUnmatched(String transport) {
        ScriptResult result = run("leave", transport);
        result.verify(obs -> {
            String joinRef = obs.get("joinRef").asText();
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("leave").path("status").asText()).as("channel.leave() receives ok").isEqualTo("ok");
            assertThat(obs.get("onCloseCount").asInt()).as("onClose fires once").isEqualTo(1);

            JsonNode leaveReply = obs.get("serverLeaveReply");
            assertThat(leaveReply.isNull()).as("the server answers phx_leave (§3.7)").isFalse();
            assertThat(leaveReply.get("event").asText()).isEqualTo("phx_reply");
            assertThat(leaveReply.get("payload")).isEqualTo(OK_EMPTY);
            assertThat(leaveReply.get("join_ref").asText()).isEqualTo(joinRef);

            JsonNode close = obs.get("serverClose");
            assertThat(close.isNull()).as("phx_close follows the leave reply (§3.7)").isFalse();
            assertThat(close.get("join_ref").asText()).isEqualTo(joinRef);
            assertThat(close.get("ref").asText()).isEqualTo(joinRef);

            JsonNode after = obs.get("afterLeave");
            assertThat(after.get("payload").get("status").asText()).isEqualTo("error");
            assertThat(after.get("payload").get("response")).isEqualTo(UNMATCHED_TOPIC);
            assertThat(after.get("join_ref").isNull()).as("unmatched topic reply has a null join_ref").isTrue();
        });
    }

    /** §3.3 duplicate join: phoenix.js leaves the first Channel before joining the second; both succeed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void duplicateJoinFromOneSocket(String transport) {
        ScriptResult result = run("duplicate_join", transport);
        result.verify(obs -> {
            assertThat(obs.path("firstJoin").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("secondJoin").path("status").asText()).isEqualTo("ok");
            assertThat(obs.get("firstOnCloseCount").asInt()).as("the first channel's onClose fires").isEqualTo(1);
            assertThat(obs.get("firstOnErrorCount").asInt()).as("nothing errors").isZero();
            assertThat(obs.get("secondState").asText()).isEqualTo("joined");
            assertThat(obs.path("secondPing").path("status").asText()).as("the new instance works").isEqualTo("ok");
            for (JsonNode frame : obs.get("topicFrames")) {
                assertThat(frame.get("event").asText()).as("no phx_error on the topic").isNotEqualTo("phx_error");
                if (frame.get("event").asText().equals("phx_close")) {
                    assertThat(frame.get("join_ref").asText()).as("phx_close only for the old instance")
                            .isEqualTo(obs.get("firstJoinRef").asText());
                }
            }
        });
    }

    /** §3.3 step 1: a topic no route matches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void joinUnmatchedTopicIsRefused(String transport) {
        ScriptResult result = run("unmatched_topic", transport, Map.of("topic", "nope:1"));
        result.verify(obs -> {
            assertThat(obs.path("join").path("status").asText()).isEqualTo("error");
            assertThat(obs.path("join").path("response")).isEqualTo(UNMATCHED_TOPIC);
            assertThat(obs.get("joinReplyFrame").get("join_ref").isNull()).as("join_ref is null (§3.3)").isTrue();
        });
    }

    /** §3.3 step 3: the channel refuses the join; the reply carries the app's response. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void joinRefusedByChannel(String transport) {
        ScriptResult result = run("refused_join", transport);
        result.verify(obs -> {
            assertThat(obs.path("join").path("status").asText()).isEqualTo("error");
            assertThat(obs.path("join").path("response")).isEqualTo(json("{\"reason\":\"unauthorized\"}"));
            assertThat(obs.get("joinReplyFrame").get("join_ref").asText())
                    .as("refused join reply echoes the join's join_ref (§8 item 10)")
                    .isEqualTo(obs.get("joinRef").asText());
            assertThat(obs.get("channelState").asText()).isEqualTo("errored");
        });
    }

    /** §3.2: heartbeats are answered on topic "phoenix" with a null join_ref. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void heartbeatPingGetsRoundTrip(String transport) {
        ScriptResult result = run("heartbeat", transport, Map.of("count", 3));
        result.verify(obs -> {
            assertThat(obs.get("rtts")).hasSize(3);
            obs.get("rtts").forEach(rtt -> assertThat(rtt.asLong()).isBetween(0L, 5000L));
            JsonNode replies = obs.get("heartbeatReplies");
            assertThat(replies).hasSize(3);
            for (JsonNode reply : replies) {
                assertThat(reply.get("event").asText()).isEqualTo("phx_reply");
                assertThat(reply.get("join_ref").isNull()).isTrue();
                assertThat(reply.get("payload")).isEqualTo(OK_EMPTY);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // binary and V1

    /** §2.4, §8 item 24: binary push in, binary reply / push / broadcast out, all as ArrayBuffer. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void binaryPayloadsRoundTrip(String transport) {
        assumeTrue(transport.equals("websocket"), "no server→client binary over long-poll (§2.5, §5.8)");
        ScriptResult result = run("binary", transport);
        result.verify(obs -> {
            String sent = obs.get("sentHex").asText();
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("reply").path("status").asText()).as("reply to the binary push").isEqualTo("ok");
            assertThat(obs.path("reply").path("response")).as("binary reply response")
                    .isEqualTo(binary(sent));
            assertThat(obs.get("pushes")).as("one bin_push").hasSize(1);
            assertThat(obs.get("pushes").get(0)).as("bin_push carries the reversed bytes")
                    .isEqualTo(binary(reverseHex(sent)));
            assertThat(obs.get("broadcasts")).as("one bin_b broadcast").hasSize(1);
            assertThat(obs.get("broadcasts").get(0)).isEqualTo(binary(obs.get("broadcastSentHex").asText()));
            for (JsonNode frame : obs.get("topicFrames")) {
                switch (frame.get("event").asText()) {
                    case "bin_push" -> assertThat(frame.get("join_ref").asText()).as("a push carries the join_ref (§3.6)")
                            .isEqualTo(obs.get("joinRef").asText());
                    case "bin_b" -> assertThat(frame.get("join_ref").isNull()).as("a broadcast has no join_ref").isTrue();
                    default -> { }
                }
            }
        });
    }

    /**
     * §2.5, §5.8: a client binary push reaches the channel as bytes on both transports (over
     * long-poll as a base64 ndjson line); text keeps flowing after it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void binaryPushFromTheClientArrivesAsBytes(String transport) {
        ScriptResult result = run("binary_in", transport);
        result.verify(obs -> {
            String sent = obs.get("sentHex").asText();
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("reply").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("reply").path("response").path("size").asInt()).isEqualTo(sent.length() / 2);
            assertThat(obs.path("reply").path("response").path("hex").asText()).isEqualTo(sent);
            assertThat(obs.path("afterBinary").path("response")).isEqualTo(json("{\"still\":\"text\"}"));
        });
    }

    /** §2.2: vsn=1.0.0 speaks JSON objects, and the server never emits join_ref in V1. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void v1JsonObjects(String transport) {
        ScriptResult result = run("v1_json", transport);
        result.verify(obs -> {
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("reply").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("reply").path("response")).isEqualTo(json("{\"v\":1,\"text\":\"ünï\"}"));
            JsonNode frames = obs.get("rawFrames");
            assertThat(frames.size()).as("join reply, ping reply, heartbeat reply").isGreaterThanOrEqualTo(3);
            for (JsonNode raw : frames) {
                assertThat(raw.isTextual()).as("text frame").isTrue();
                JsonNode frame = json(raw.asText());
                assertThat(frame.isObject()).as("V1 frames are objects: %s", raw).isTrue();
                assertThat(frame.has("join_ref")).as("V1 never emits join_ref: %s", raw).isFalse();
                assertThat(frame.has("topic") && frame.has("event") && frame.has("payload") && frame.has("ref"))
                        .as("V1 frame has topic, event, payload, ref: %s", raw).isTrue();
            }
        });
    }

    /** §1.2: unparsable or unsupported vsn → 403; 2.0.0 and a missing vsn (= 1.0.0) upgrade. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vsn=3.0.0", "vsn=2.1.0", "vsn=abc", "vsn%5B%5D=2.0.0", "vsn=123.1.1"})
    void badVsnIsRefusedWith403(String query) throws IOException {
        RawResponse response = WebSocketClient.upgradeResponse(port, Handshake.to("/socket/websocket?" + query));
        assertThat(response.status()).as("%s → %s", query, response).isEqualTo(403);
    }

    @ParameterizedTest(name = "query \"{0}\"")
    @ValueSource(strings = {"?vsn=2.0.0", "?vsn=1.0.0", "?vsn=2.0.5", ""})
    void goodVsnUpgrades(String query) throws IOException {
        RawResponse response = WebSocketClient.upgradeResponse(port, Handshake.to("/socket/websocket" + query));
        assertThat(response.status()).as("%s → %s", query, response).isEqualTo(101);
        assertThat(response.header("sec-websocket-accept")).containsExactly(Handshake.SAMPLE_ACCEPT);
        assertThat(response.header("sec-websocket-protocol")).as("nothing offered, nothing chosen").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // connect: refusal, auth token, params

    /** §1.4 step 6: phoenix.js sees an error and never opens. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void refusedConnectFiresOnErrorAndNeverOpens(String transport) {
        ScriptResult result = run("refused_connect", transport);
        result.verify(obs -> {
            assertThat(obs.get("errors").size()).as("onError fired").isGreaterThanOrEqualTo(1);
            assertThat(obs.get("opens").asInt()).as("never opened").isZero();
            assertThat(obs.get("connected").asBoolean()).isFalse();
            if (transport.equals("websocket")) {
                assertThat(obs.get("errors").get(0).asText()).as("ws reports the HTTP status").contains("403");
            }
        });
    }

    /** §1.4 step 6, §8 item 3: the refused upgrade is HTTP 403 with an empty body. */
    @Test
    void refusedConnectIsHttp403() throws IOException {
        RawResponse response = WebSocketClient.upgradeResponse(port, Handshake.to("/socket/websocket?token=bad&vsn=2.0.0"));
        assertThat(response.status()).as("%s", response).isEqualTo(403);
        assertThat(response.body()).as("empty body").isEmpty();
    }

    /** §1.3: authToken via Sec-WebSocket-Protocol reaches the app; the server answers "phoenix". */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void authTokenReachesTheApp(String transport) {
        ScriptResult result = run("auth_token", transport, Map.of("token", "secret-token"));
        result.verify(obs -> {
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            JsonNode response = obs.path("join").path("response");
            assertThat(response.path("auth_token").asText()).isEqualTo("secret-token");
            assertThat(response.path("params").path("user").asText()).isEqualTo("ann");
            assertThat(response.path("assigns")).isEqualTo(json("{\"user\":\"ann\"}"));
            if (transport.equals("websocket")) {
                assertThat(obs.get("negotiatedProtocol").asText()).isEqualTo("phoenix");
            }
        });
    }

    /** §1.3, §8 item 6: 101 with {@code Sec-WebSocket-Protocol: phoenix} only, never the token. */
    @Test
    void authTokenHandshakeAnswersPhoenixOnly() throws IOException {
        RawResponse response = WebSocketClient.upgradeResponse(port, Handshake.to("/socket/websocket?vsn=2.0.0")
                .subprotocols("phoenix", "base64url.bearer.phx.c2VjcmV0LXRva2Vu"));
        assertThat(response.status()).as("%s", response).isEqualTo(101);
        assertThat(response.header("sec-websocket-protocol")).as("%s", response).containsExactly("phoenix");
        assertThat(response.header("sec-websocket-accept")).containsExactly(Handshake.SAMPLE_ACCEPT);
    }

    /** §1.2: bracket params nest, every leaf is a string, vsn included, escapes decoded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void nestedConnectParams(String transport) {
        ScriptResult result = run("connect_params", transport,
                Map.of("params", Map.of("token", "a b&c", "user", Map.of("id", 5))));
        result.verify(obs -> {
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            JsonNode params = obs.path("join").path("response").path("params");
            assertThat(params.path("token").asText()).isEqualTo("a b&c");
            assertThat(params.path("user").path("id").isTextual()).as("leaf values are strings").isTrue();
            assertThat(params.path("user").path("id").asText()).isEqualTo("5");
            assertThat(params.path("vsn").asText()).isEqualTo("2.0.0");
            assertThat(obs.path("join").path("response").path("assigns"))
                    .isEqualTo(json("{\"user\":{\"id\":\"5\"}}"));
        });
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle

    /** §3.8 transport row: after disconnect() + connect() the channel rejoins and works. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void reconnectRejoins(String transport) {
        ScriptResult result = run("reconnect", transport);
        result.verify(obs -> {
            assertThat(obs.path("pingBefore").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("pingBefore").path("response")).isEqualTo(json("{\"n\":1}"));
            JsonNode joins = obs.get("joins");
            assertThat(joins).hasSize(2);
            joins.forEach(j -> assertThat(j.get("status").asText()).isEqualTo("ok"));
            assertThat(joins.get(1).get("joinRef").asText()).isNotEqualTo(joins.get(0).get("joinRef").asText());
            assertThat(obs.get("opens").asInt()).isEqualTo(2);
            assertThat(obs.path("pingAfter").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("pingAfter").path("response")).isEqualTo(json("{\"n\":2}"));
        });
    }

    /**
     * §3.9, §8 item 27, §5.7: the application disconnects the socket id. WebSocket: close 1001;
     * long-poll: the session ends and the parked poll gets 410 ("session gone"). Either way
     * phoenix.js reconnects and the channel rejoins.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void serverDisconnectReconnectsAndRejoins(String transport) {
        ScriptResult result = run("server_disconnect", transport);
        result.verify(obs -> {
            assertThat(obs.get("joins")).hasSize(2);
            assertThat(obs.get("joins").get(1).asText()).isNotEqualTo(obs.get("joins").get(0).asText());
            assertThat(obs.get("opens").asInt()).as("a second connection was opened").isEqualTo(2);
            assertThat(obs.path("pingAfter").path("status").asText()).isEqualTo("ok");
        });
    }

    /**
     * §5.9, §8 item 37: a WebSocket that cannot connect (this mount has no WebSocket transport)
     * makes phoenix.js with {@code longPollFallbackMs} fall back to LongPoll, remember that, join
     * and receive broadcasts.
     */
    @Test
    void longPollFallbackWhenTheWebSocketCannotConnect() {
        String lpOnly = "http://127.0.0.1:" + port + InteropApp.LONGPOLL_ONLY_PATH;
        ScriptResult result = PhoenixScenario.run("fallback", lpOnly, "websocket", Map.of());
        result.verify(obs -> {
            assertThat(obs.get("finalTransport").asText()).isEqualTo("longpoll");
            assertThat(obs.get("memorized").asText()).as("sessionStorage phx:fallback:LongPoll").isEqualTo("true");
            assertThat(obs.path("join").path("status").asText()).isEqualTo("ok");
            assertThat(obs.get("received")).isEqualTo(json("[{\"via\":\"fallback\"}]"));
        });
    }

    /** §5.9: with a working WebSocket the immediate health-check heartbeat is answered and the client stays. */
    @Test
    void workingWebSocketPassesTheFallbackHealthCheck() {
        ScriptResult result = run("fallback", "websocket");
        result.verify(obs -> {
            assertThat(obs.get("finalTransport").asText()).isEqualTo("websocket");
            assertThat(obs.get("memorized").isNull()).as("nothing memorized").isTrue();
            assertThat(obs.get("received")).isEqualTo(json("[{\"via\":\"fallback\"}]"));
        });
    }

    /** §3.8 crash row, §8 item 20: phx_error {"reason":"channel_crash"}, onError, rejoin about 1 s later. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void channelCrashErrorsAndRejoins(String transport) {
        ScriptResult result = run("crash", transport);
        result.verify(obs -> {
            JsonNode joins = obs.get("joins");
            assertThat(joins).hasSize(2);
            String firstJoinRef = joins.get(0).get("joinRef").asText();
            assertThat(joins.get(1).get("joinRef").asText()).as("rejoin uses a new join_ref").isNotEqualTo(firstJoinRef);
            assertThat(obs.get("errors").get(0).get("reason")).isEqualTo(json("{\"reason\":\"channel_crash\"}"));
            JsonNode errorFrames = obs.get("errorFrames");
            assertThat(errorFrames).as("exactly one phx_error").hasSize(1);
            assertThat(errorFrames.get(0).get("join_ref").asText()).isEqualTo(firstJoinRef);
            assertThat(errorFrames.get(0).get("ref").asText()).as("phx_error ref = join_ref (§3.1)").isEqualTo(firstJoinRef);
            assertThat(obs.get("rejoinDelayMs").asLong()).as("rejoinAfterMs(1) = 1000").isBetween(800L, 3000L);
            assertThat(obs.path("pingAfterRejoin").path("status").asText()).isEqualTo("ok");
        });
    }

    /** §3.8 stop row, §8 item 21: reply first, then phx_close; onClose, no rejoin. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void channelStopClosesWithoutRejoin(String transport) {
        ScriptResult result = run("server_stop", transport);
        result.verify(obs -> {
            String joinRef = obs.get("joinRef").asText();
            assertThat(obs.path("stopReply").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("stopReply").path("response")).isEqualTo(json("{\"stopping\":true}"));
            assertThat(obs.get("closes").asInt()).as("onClose fires once").isEqualTo(1);
            assertThat(obs.get("errors").asInt()).as("no phx_error").isZero();
            assertThat(obs.get("joins").asInt()).as("no rejoin").isEqualTo(1);
            JsonNode closeFrames = obs.get("closeFrames");
            assertThat(closeFrames).hasSize(1);
            assertThat(closeFrames.get(0).get("join_ref").asText()).isEqualTo(joinRef);
            assertThat(closeFrames.get(0).get("ref").asText()).isEqualTo(joinRef);
            assertThat(obs.get("afterStop").get("payload").get("response")).isEqualTo(UNMATCHED_TOPIC);
        });
    }

    // ---------------------------------------------------------------------------------------------
    // scale

    /** §3.6: 500 phoenix.js sockets on one topic, one broadcast, each receives it exactly once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void fanOutToFiveHundredClients(String transport) {
        int clients = 500;
        ScriptResult result = run("fanout", transport,
                Map.of("clients", clients, "batch", 50, "timeoutMs", 40_000, "deliveryTimeoutMs", 10_000));
        result.verify(obs -> {
            assertThat(obs.get("joined").asInt()).isEqualTo(clients);
            assertThat(obs.get("receivedNever").asInt()).as("clients that missed the broadcast").isZero();
            assertThat(obs.get("receivedMoreThanOnce").asInt()).as("clients that got duplicates").isZero();
            assertThat(obs.get("receivedExactlyOnce").asInt()).isEqualTo(clients);
        });
    }

    // ---------------------------------------------------------------------------------------------

    private static JsonNode binary(String hex) {
        return MAPPER.createObjectNode().put("$type", "ArrayBuffer").put("hex", hex);
    }

    private static String reverseHex(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return HexFormat.of().formatHex(reversed);
    }
}
