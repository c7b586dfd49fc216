package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.Background;
import dev.switchboard.testsupport.phoenix.LongPollAnswer;
import dev.switchboard.testsupport.phoenix.LongPollClient;
import dev.switchboard.testsupport.process.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long-poll without sticky sessions, on the wire: a session created on node a is used through
 * node b (its requests forwarded to a over Redis and answered through b), and once a is gone b
 * answers 410 so the client starts over.
 */
class LongPollForwardingTest {
    private static final String TOPIC = "room:lp";

    private RedisServer redis;
    private final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        for (ClusterNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // closed by the test already
            }
        }
        redis.close();
    }

    private ClusterNode node(String id) {
        ClusterNode node = ClusterNode.start(redis.uri(), id, false);
        nodes.add(node);
        return node;
    }

    @Test
    void aSessionOfOneNodeIsServedThroughAnother() throws Exception {
        ClusterNode a = node("lpa");
        ClusterNode b = node("lpb");
        String token = newSession(a);

        assertThat(post(b, token, "[\"1\",\"1\",\"" + TOPIC + "\",\"phx_join\",{}]").status()).isEqualTo(200);
        LongPollAnswer poll = get(b, token);
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.token()).isEqualTo(token);
        assertThat(poll.frames()).anySatisfy(f -> {
            assertThat(f.get(3).asText()).isEqualTo("phx_reply");
            assertThat(f.get(4).path("status").asText()).isEqualTo("ok");
        });

        // A poll parked on a through b is woken by a broadcast published on a third path (a itself).
        CompletableFuture<LongPollAnswer> parked = Background.supply(() -> get(b, token));
        Thread.sleep(200); // let the poll park (if it has not, it simply finds the message waiting)
        assertThat(post(a, token, "[\"1\",\"2\",\"" + TOPIC + "\",\"shout\",{\"id\":\"hello\"}]").status())
                .isEqualTo(200);
        LongPollAnswer woken = parked.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woken.status()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>(woken.frames());
        if (all.stream().noneMatch(f -> f.get(3).asText().equals("shout"))) {
            all.addAll(get(b, token).frames());
        }
        assertThat(all).anySatisfy(f -> {
            assertThat(f.get(3).asText()).isEqualTo("shout");
            assertThat(f.get(4).path("id").asText()).isEqualTo("hello");
        });
        assertThat(metric(b, "switchboard_longpoll_forwarded_total{direction=\"out\"")).isGreaterThanOrEqualTo(2);
        assertThat(metric(a, "switchboard_longpoll_forwarded_total{direction=\"in\"")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void whenTheOwnerIsGoneTheOtherNodeAnswers410() throws Exception {
        ClusterNode a = node("gonea");
        ClusterNode b = node("goneb");
        String token = newSession(a);
        assertThat(post(b, token, "[\"1\",\"1\",\"" + TOPIC + "\",\"phx_join\",{}]").status()).isEqualTo(200);

        a.close();

        LongPollAnswer poll = get(b, token);
        assertThat(poll.status()).isEqualTo(410);
        assertThat(poll.json().has("token")).as("no new session is handed out for a token of a dead node").isFalse();
        assertThat(post(b, token, "[\"1\",\"2\",\"" + TOPIC + "\",\"shout\",{}]").status()).isEqualTo(410);
        assertThat(metric(b, "switchboard_longpoll_forward_gone_total")).isGreaterThanOrEqualTo(2);
        // The client then starts over without a token, on the node it reached.
        assertThat(newSession(b)).isNotEqualTo(token);
    }

    @Test
    void garbageOnTheForwardingKindsIsCountedAndIgnored() throws Exception {
        ClusterNode a = node("junka");
        ClusterNode b = node("junkb");
        for (String kind : List.of("longpoll.request", "longpoll.answer", "longpoll.ack", "longpoll.cancel")) {
            assertThat(b.cluster.bus().send("junka", kind, "not a message".getBytes(StandardCharsets.UTF_8)).get()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(a, "switchboard_longpoll_forward_invalid_total") >= 4);
        // a still serves sessions through b.
        String token = newSession(a);
        assertThat(post(b, token, "[\"1\",\"1\",\"" + TOPIC + "\",\"phx_join\",{}]").status()).isEqualTo(200);
    }

    private static String newSession(ClusterNode node) {
        return client(node, null).open().token();
    }

    private static LongPollAnswer get(ClusterNode node, String token) {
        LongPollAnswer answer = client(node, token).get();
        assertThat(answer.http()).isEqualTo(200);
        return answer;
    }

    private static LongPollAnswer post(ClusterNode node, String token, String frame) {
        LongPollAnswer answer = client(node, token).postBody("application/json", frame);
        assertThat(answer.http()).isEqualTo(200);
        return answer;
    }

    private static LongPollClient client(ClusterNode node, String token) {
        return new LongPollClient("http://127.0.0.1:" + node.server.port() + "/socket/longpoll", "vsn=2.0.0").withToken(token);
    }

    private static double metric(ClusterNode node, String prefix) throws Exception {
        for (String line : node.get("/metrics").body().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + prefix + " in /metrics of " + node.cluster.nodeId());
    }
}
