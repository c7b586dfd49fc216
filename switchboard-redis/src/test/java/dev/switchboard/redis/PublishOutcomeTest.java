package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.testsupport.Background;
import dev.switchboard.testsupport.net.TcpProxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the publish API tells a publisher when the connection to Redis breaks under a publish to a
 * topic with history (docs/API.md): the position when Redis took it after all (found again once
 * reconnected), 504 "outcome unknown" when that cannot be told, 503 "not published" when Redis
 * never saw it. A publisher that sends again only on 503 so never delivers a message twice.
 */
class PublishOutcomeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisServer redis;
    private TcpProxy proxy;
    private ClusterNode node;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        proxy = TcpProxy.to(redis.port()).start();
        node = ClusterNode.start(RedisOptions.builder("redis://127.0.0.1:" + proxy.port(), "a")
                .commandTimeout(Duration.ofSeconds(1)).build(), PresenceOptions.DEFAULTS, true);
        node.cluster.pubsub().history().rules().add("room:*", HistoryOptions.of(100, Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        proxy.close();
        redis.close();
    }

    @Test
    void aPublishRedisTookBeforeTheConnectionBrokeIsAnsweredWithItsPosition() throws Exception {
        assertThat(publish("room:taken", 1).statusCode()).isEqualTo(202);

        proxy.stall(TcpProxy.Direction.TO_CLIENT);
        CompletableFuture<HttpResponse<String>> second = Background.supply(() -> publish("room:taken", 2));
        await().atMost(WAIT).until(() -> streamLength("room:taken") == 2);
        proxy.cutAll(TcpProxy.Cut.RESET);
        proxy.resume(TcpProxy.Direction.TO_CLIENT);

        HttpResponse<String> answer = second.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).get("position").asText()).startsWith("2@");
        assertThat(streamLength("room:taken")).isEqualTo(2);
    }

    @Test
    void aLostAnswerRedisCannotBeAskedAboutIs504WithTheMessageListedAsUnknown() throws Exception {
        assertThat(publish("room:unknown", 1).statusCode()).isEqualTo(202);

        HttpResponse<String> answer = answerWithRedisOutOfReach("room:unknown", 2, () -> post("/api/broadcast",
                "{\"messages\":[{\"topic\":\"room:unknown\",\"payload\":{\"n\":2}}]}"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(504);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("error").asText()).startsWith("outcome unknown: ").contains("may have been published");
        assertThat(body.get("unknown")).containsExactly(JSON.getNodeFactory().numberNode(0));
        assertThat(body.get("failed")).isEmpty();
    }

    @Test
    void theDashboardsPublishActionSaysOutcomeUnknownToo() throws Exception {
        String csrf = JSON.readTree(node.get("/api/admin/session").body()).get("csrf").asText();

        HttpResponse<String> answer = answerWithRedisOutOfReach("room:admin", 1, () -> post("/api/admin/publish",
                "{\"topic\":\"room:admin\",\"payload\":{\"n\":1}}", "X-Switchboard-Csrf", csrf));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(504);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).startsWith("outcome unknown: ");
    }

    @Test
    void aPublishWhileRedisIsAwayIs503NotPublished() throws Exception {
        proxy.refuseNewConnections();
        proxy.cutAll(TcpProxy.Cut.RESET);
        await().atMost(WAIT).until(() -> !node.cluster.connected());

        HttpResponse<String> answer = publish("room:away", 1);

        // Refused before it was sent: a plain failure (a lookup while away would end in 504).
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).startsWith("not published: ");
        proxy.acceptNewConnections();
    }

    private HttpResponse<String> publish(String topic, int n) {
        return post("/api/broadcast/" + topic, "{\"n\":" + n + "}");
    }

    /**
     * Sends {@code request} while Redis's answers are withheld; once Redis has stored the message
     * ({@code stored} entries in the topic's stream), cuts the node's connection and keeps it from
     * reconnecting until the answer is in.
     */
    private HttpResponse<String> answerWithRedisOutOfReach(String topic, long stored, Supplier<HttpResponse<String>> request)
            throws Exception {
        proxy.stall(TcpProxy.Direction.TO_CLIENT);
        CompletableFuture<HttpResponse<String>> answer = Background.supply(request);
        await().atMost(WAIT).until(() -> streamLength(topic) == stored);
        proxy.refuseNewConnections();
        proxy.cutAll(TcpProxy.Cut.RESET);
        try {
            return answer.get(20, TimeUnit.SECONDS);
        } finally {
            proxy.acceptNewConnections();
        }
    }

    private HttpResponse<String> post(String path, String json, String... headers) {
        try {
            return node.post(path, json, headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long streamLength(String topic) throws Exception {
        return Long.parseLong(redis.command("XLEN", "switchboard:history:{" + topic + "}").substring(1).strip());
    }
}
