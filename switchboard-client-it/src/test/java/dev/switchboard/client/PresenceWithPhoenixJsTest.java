package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.presence.Presence;
import dev.switchboard.client.transport.TransportKind;
import dev.switchboard.protocol.Json;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.interop.InteropApp;
import dev.switchboard.server.transport.longpoll.LongPollOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java {@link Presence} and phoenix.js's {@code Presence} (npm phoenix 1.8.16 in Node) on the
 * same topic of a real server: at every step the two views hold the same keys and the same metas
 * (phx_ref, device, status), through joins, two connections under one key, an update, a leave on
 * disconnect, and the other side going away.
 */
class PresenceWithPhoenixJsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static SwitchboardServer server;

    @BeforeAll
    static void start() {
        // A long-poll client that goes away sends nothing; a 1 s window ends its session (and presence) quickly.
        server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .socket(InteropApp.definition(dev.switchboard.socket.SocketOptions.DEFAULTS))
                .longPollOptions(LongPollOptions.DEFAULTS.withWindow(Duration.ofSeconds(1)))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void javaAndPhoenixJsSeeTheSamePresences(TransportKind kind) throws Exception {
        String topic = "presence:mixed-" + kind.path();
        String endpoint = "ws://127.0.0.1:" + server.port() + "/socket";
        List<Socket> sockets = new ArrayList<>();
        try (PhoenixJs js = PhoenixJs.start("presence-peer.mjs", endpoint, kind.path(), topic)) {
            Socket socket = SocketOptions.builder(endpoint).transport(kind).socket();
            sockets.add(socket);
            socket.connect().get(5, TimeUnit.SECONDS);
            Channel channel = socket.channel(topic);
            Presence presence = new Presence(channel);
            List<String> left = new CopyOnWriteArrayList<>();
            presence.onLeave((key, current, gone) -> left.add(key + ":" + gone.metas().size()));
            channel.join().get(5, TimeUnit.SECONDS);
            assertThat(channel.push("presence_join", Map.of("user_id", "java", "meta", Map.of("device", "jvm")))
                    .get(5, TimeUnit.SECONDS).isOk()).isTrue();

            sameViewAs(presence, js, "synced");
            sameViewAs(presence, js, "updated");
            sameViewAs(presence, js, "left");
            assertThat(left).contains("7:1");

            Socket second = SocketOptions.builder(endpoint).transport(kind).socket();
            sockets.add(second);
            second.connect().get(5, TimeUnit.SECONDS);
            Channel again = second.channel(topic);
            again.join().get(5, TimeUnit.SECONDS);
            again.push("presence_join", Map.of("user_id", "java", "meta", Map.of("device", "jvm2"))).get(5, TimeUnit.SECONDS);
            sameViewAs(presence, js, "java2");

            assertThat(js.waitFor(WAIT)).isZero();
            await().atMost(WAIT).until(() -> presence.keys().equals(List.of("java")));
            assertThat(presence.state().get("java").metas()).hasSize(2);
            assertThat(left).contains("ada:2", "ada:1").hasSizeGreaterThanOrEqualTo(3);
        } finally {
            sockets.forEach(Socket::disconnect);
        }
    }

    /** Waits for phoenix.js's next phase, until the Java view equals its view, then lets it go on. */
    private static void sameViewAs(Presence presence, PhoenixJs js, String phase) throws Exception {
        JsonNode line = js.next(WAIT);
        assertThat(line.path("phase").asText()).isEqualTo(phase);
        Map<String, List<String>> theirs = Json.MAPPER.convertValue(line.get("view"),
                Json.MAPPER.getTypeFactory().constructMapType(TreeMap.class, String.class, List.class));
        await().atMost(WAIT).untilAsserted(() -> assertThat(view(presence)).as(phase).isEqualTo(theirs));
        js.send("next");
    }

    private static Map<String, List<String>> view(Presence presence) {
        Map<String, List<String>> out = new TreeMap<>();
        presence.list((key, entry) -> out.put(key, entry.metas().stream()
                .map(m -> m.path("phx_ref").asText() + "|" + m.path("device").asText() + "|" + m.path("status").asText(""))
                .sorted().toList()));
        return out;
    }
}
