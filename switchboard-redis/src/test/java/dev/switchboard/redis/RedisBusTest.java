package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisBus}: node-to-node messages between two nodes on a real Redis. */
class RedisBusTest {
    private static RedisServer redis;
    private static RedisCluster a;
    private static RedisCluster b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        a = RedisCluster.connect(redis.uri(), "bus-a");
        b = RedisCluster.connect(redis.uri(), "bus-b");
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
    }

    @Test
    void sendToALiveNodeIsDeliveredAndAnswersTrue() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        b.bus().handle("greet", (from, body) -> got.add(from + ":" + new String(body)));
        assertThat(a.bus().send("bus-b", "greet", "hi".getBytes()).get(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(got).containsExactly("bus-a:hi"));
    }

    @Test
    void sendToADeadNodeAnswersFalse() throws Exception {
        assertThat(a.bus().send("nobody-here", "greet", new byte[0]).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void broadcastReachesEveryOtherNodeButNotItself() throws Exception {
        AtomicInteger onA = new AtomicInteger();
        List<String> onB = new CopyOnWriteArrayList<>();
        a.bus().handle("hello-all", (from, body) -> onA.incrementAndGet());
        b.bus().handle("hello-all", (from, body) -> onB.add(from));
        a.bus().broadcast("hello-all", new byte[] {1}).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onB).containsExactly("bus-a"));
        // a marker through the same channel, after the broadcast: once it is back, the broadcast would be too
        AtomicInteger marker = new AtomicInteger();
        b.bus().handle("marker", (from, body) -> marker.incrementAndGet());
        a.bus().broadcast("marker", new byte[0]).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> marker.get() == 1);
        assertThat(onA).hasValue(0);
    }

    @Test
    void aThrowingHandlerDoesNotStopLaterMessages() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        b.bus().handle("fragile", (from, body) -> {
            if (body.length == 0) {
                throw new IllegalStateException("boom");
            }
            got.add(new String(body));
        });
        a.bus().send("bus-b", "fragile", new byte[0]).get(10, TimeUnit.SECONDS);
        a.bus().send("bus-b", "fragile", "ok".getBytes()).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(got).containsExactly("ok"));
    }

    @Test
    void busIsConnectedAndNamedAfterTheNode() {
        ClusterBus bus = a.bus();
        assertThat(bus.nodeId()).isEqualTo("bus-a");
        assertThat(bus.connected()).isTrue();
    }
}
