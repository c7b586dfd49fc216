package dev.switchboard.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.testsupport.js.PhoenixScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * phoenix.js {@code Presence} (npm {@code phoenix} 1.8.16, {@code phoenix/scenarios.mjs} of switchboard-test-support) against
 * {@code ctx.presence()} on a real server, over both transports (spec §6).
 */
@Tag("interop")
class PresenceInteropTest {
    private static SwitchboardServer server;
    private static String url;

    static Stream<String> transports() {
        return PhoenixClientInteropTest.transports();
    }

    /**
     * A long-poll client that goes away sends nothing: its session, and so its presence, ends when
     * no poll came for the session lifetime (1.5 × window). A 1 s window keeps that short here.
     */
    @BeforeAll
    static void startServer() {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .socket(InteropApp.definition(SocketOptions.DEFAULTS))
                .longPollOptions(LongPollOptions.DEFAULTS.withWindow(Duration.ofSeconds(1)))
                .build()
                .start();
        url = InteropApp.endpoint(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** §6.2, §6.3, §6.5: state, joins, two metas under one key, an update, leaves on disconnect, a late joiner. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void phoenixPresenceSyncsJoinsUpdatesAndLeaves(String transport) {
        PhoenixScenario.run("presence", url, transport).verify(obs -> {
            assertThat(obs.path("observerReply").path("response").path("key").asText()).isEqualTo("observer");
            assertThat(obs.path("replies").path("seven").path("response").path("key").asText())
                    .as("a numeric user_id is the key as text").isEqualTo("7");

            JsonNode afterJoins = obs.get("afterJoins");
            assertThat(fieldNames(afterJoins)).containsExactlyInAnyOrder("observer", "ada", "7");
            assertThat(devices(afterJoins.get("ada"))).as("one key from two connections").containsExactlyInAnyOrder("web", "phone");

            JsonNode updated = find(obs.get("afterUpdate").get("ada"), "web");
            JsonNode before = find(afterJoins.get("ada"), "web");
            assertThat(updated.get("status").asText()).isEqualTo("away");
            assertThat(updated.get("ref").asText()).as("an update has a new phx_ref").isNotEqualTo(before.get("ref").asText());
            assertThat(updated.get("prev").asText()).as("phx_ref_prev").isEqualTo(before.get("ref").asText());
            assertThat(obs.path("update").path("response").path("phx_ref").asText()).isEqualTo(updated.get("ref").asText());
            assertThat(obs.get("afterUpdate").get("ada")).as("the update replaced the meta, it did not add one").hasSize(2);

            JsonNode afterDisconnects = obs.get("afterDisconnects");
            assertThat(fieldNames(afterDisconnects)).containsExactlyInAnyOrder("observer", "ada");
            assertThat(devices(afterDisconnects.get("ada"))).containsExactly("web");

            assertThat(obs.get("lateView")).as("the late client's state equals the observer's").isEqualTo(obs.get("observerFinal"));
            assertThat(obs.get("lateStateFrames")).singleElement().satisfies(frame -> {
                assertThat(frame.get("join_ref").isNull()).as("presence_state is a push, with the join_ref").isFalse();
                assertThat(fieldNames(frame.get("payload"))).containsExactlyInAnyOrder("observer", "ada", "late");
            });

            assertThat(obs.get("stateFrames")).hasSize(1);
            assertThat(obs.get("diffFrames")).isNotEmpty().allSatisfy(frame -> {
                assertThat(frame.get("join_ref").isNull()).as("presence_diff is a broadcast").isTrue();
                JsonNode diff = frame.get("payload");
                assertThat(diff.has("joins") && diff.has("leaves")).as("both maps in " + diff).isTrue();
                for (String side : List.of("joins", "leaves")) {
                    diff.get(side).forEach(p -> p.get("metas").forEach(m -> assertThat(m.hasNonNull("phx_ref")).isTrue()));
                }
            });
            JsonNode log = obs.get("observerLog");
            assertThat(log.path("leaves").findValuesAsText("key")).contains("7", "ada");
            assertThat(log.path("syncs").asInt()).isGreaterThanOrEqualTo(5);
        });
    }

    /** Bad presence input gets an error reply with a reason; the socket and channel stay usable. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void badPresenceInputGetsErrorReplies(String transport) {
        PhoenixScenario.run("presence_bad_input", url, transport).verify(obs -> {
            JsonNode replies = obs.get("replies");
            assertThat(reason(replies, "notAnObject")).isEqualTo("presence_join expects an object payload");
            assertThat(reason(replies, "objectUserId")).isEqualTo("user_id must be a string or a number, got object");
            assertThat(reason(replies, "arrayUserId")).isEqualTo("user_id must be a string or a number, got array");
            assertThat(reason(replies, "boolUserId")).isEqualTo("user_id must be a string or a number, got boolean");
            assertThat(reason(replies, "emptyUserId")).startsWith("presence key must be a non-empty string");
            assertThat(reason(replies, "arrayMeta")).startsWith("presence meta must be a JSON object");
            assertThat(reason(replies, "updateBeforeJoin")).isEqualTo("send presence_join first");
            assertThat(obs.path("first").path("status").asText()).isEqualTo("ok");
            assertThat(obs.path("second").path("status").asText()).isEqualTo("error");
            assertThat(obs.path("second").path("response").path("reason").asText()).isEqualTo("already tracked as ada");
            assertThat(obs.path("badUpdate").path("response").path("reason").asText()).startsWith("presence meta must be a JSON object");
            assertThat(obs.get("keys")).hasSize(1);
            assertThat(obs.get("keys").get(0).asText()).isEqualTo("ada");
        });
    }

    private static String reason(JsonNode replies, String name) {
        JsonNode reply = replies.get(name);
        assertThat(reply.path("status").asText()).as(name + " status").isEqualTo("error");
        return reply.path("response").path("reason").asText();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> devices(JsonNode metas) {
        List<String> out = new ArrayList<>();
        metas.forEach(m -> out.add(m.path("device").asText()));
        return out;
    }

    private static JsonNode find(JsonNode metas, String device) {
        for (JsonNode m : metas) {
            if (device.equals(m.path("device").asText())) {
                return m;
            }
        }
        throw new AssertionError("no meta with device " + device + " in " + metas);
    }
}
