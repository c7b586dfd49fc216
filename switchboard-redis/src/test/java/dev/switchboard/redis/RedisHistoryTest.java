package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.PublishOutcomeUnknown;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.protocol.Broadcast;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.pubsub.Subscription;
import dev.switchboard.testsupport.net.TcpProxy;
import dev.switchboard.testsupport.process.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topic histories kept in a real Redis: one sequence of positions for the whole cluster, delivery
 * in offset order on every node, gaps that Pub/Sub leaves filled from the stream, and a store
 * that is lost or unreachable never passed off as a complete history.
 */
class RedisHistoryTest {
    private static final HistoryOptions KEEP_100 = HistoryOptions.of(100, Duration.ofMinutes(1));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    void everyNodeHandsOutPositionsFromOneSequenceAndDeliversThemInOrder(boolean sharded) throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", sharded);
             RedisCluster b = node(redis, "b", sharded);
             ThreadShard shardA = new ThreadShard();
             ThreadShard shardB = new ThreadShard()) {
            Heard onA = Heard.subscribe(a, "room:one", shardA);
            Heard onB = Heard.subscribe(b, "room:one", shardB);

            List<Position> answered = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                RedisCluster publisher = i % 2 == 0 ? a : b;
                answered.add(publish(publisher, "room:one", i));
            }

            assertThat(answered).extracting(Position::offset).containsExactlyElementsOf(range(1, 60));
            assertThat(answered).extracting(Position::epoch).containsOnly(answered.get(0).epoch());
            for (Heard heard : List.of(onA, onB)) {
                await().atMost(WAIT).until(() -> heard.broadcasts.size() >= 60);
                assertThat(heard.broadcasts).extracting(broadcast -> broadcast.position().offset())
                        .containsExactlyElementsOf(range(1, 60));
                assertThat(heard.broadcasts).extracting(Broadcast::position).containsExactlyElementsOf(answered);
            }
        }
    }

    /**
     * A publisher's broadcasts take their offsets in the order it published them, also while Redis
     * does not have the publish script cached: on a fresh Redis, and each time the node reconnects
     * to one that lost its scripts (as after a restart). Publishes a few microseconds apart, less
     * than a round trip, are what could overtake one another while the script was being sent.
     */
    @Test
    void offsetsFollowThePublishOrderWhileRedisLearnsTheScript() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false)) {
            int round = 0;
            for (long apartNanos : new long[] {0, 2_000, 5_000, 10_000, 20_000, 0, 2_000, 5_000, 10_000, 20_000}) {
                if (round > 0) {
                    redis.command("SCRIPT", "FLUSH");
                    redis.command("CLIENT", "KILL", "TYPE", "normal"); // a reconnect, as to a restarted Redis
                    await().atMost(WAIT).until(a::connected);
                }
                String topic = "room:order-" + round++;
                publishWithoutWaiting(a, topic, 100, apartNanos);
                assertThat(payloadsInOffsetOrder(a, topic)).as("%d ns apart", apartNanos).isEqualTo(range(1, 100));
            }
        }
    }

    /**
     * Publishes whose answers the connection lost (Redis restarting, a network cut) after Redis ran
     * them: once reconnected, the node finds each in the stream and answers with its position, so
     * the publisher does not send it again and nobody receives it twice. The same with several in
     * flight, and when the connection ends with an orderly close (a FIN, as from a Redis shutting
     * down), which reaches the client library as an end of stream rather than an error.
     */
    @ParameterizedTest(name = "{0} in flight, cut by {1}")
    @CsvSource({"1, RESET", "3, RESET", "1, CLOSE"})
    void publishesWhoseAnswersWereLostAreFoundAndKeepTheirPositions(int inFlight, TcpProxy.Cut cut) throws Exception {
        String topic = "room:lost-" + inFlight + "-" + cut;
        try (RedisServer redis = RedisServer.start();
             TcpProxy proxy = TcpProxy.to(redis.port()).start();
             RedisCluster a = throughProxy(proxy, Duration.ofSeconds(5))) {
            publish(a, topic, 1);

            proxy.stall(TcpProxy.Direction.TO_CLIENT);
            List<CompletableFuture<Position>> answers = new ArrayList<>();
            for (int n = 2; n <= inFlight + 1; n++) {
                answers.add(publishLater(a, topic, n));
            }
            await().atMost(WAIT).until(() -> streamLength(redis, topic) == inFlight + 1);
            proxy.cutAll(cut);
            proxy.resume(TcpProxy.Direction.TO_CLIENT);

            for (int i = 0; i < inFlight; i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS).offset()).isEqualTo(i + 2);
            }
            publish(a, topic, inFlight + 2);
            assertThat(payloadsInOffsetOrder(a, topic)).isEqualTo(range(1, inFlight + 2));
        }
    }

    /** A publish the broken connection never delivered to Redis fails plainly: nobody received it, send it again. */
    @Test
    void aPublishThatNeverReachedRedisFailsPlainly() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TcpProxy proxy = TcpProxy.to(redis.port()).start();
             RedisCluster a = throughProxy(proxy, Duration.ofSeconds(5))) {
            publish(a, "room:never-sent", 1);

            proxy.stall(TcpProxy.Direction.TO_TARGET);
            CompletableFuture<Position> second = publishLater(a, "room:never-sent", 2);
            TimeUnit.MILLISECONDS.sleep(200);
            proxy.cutAll(TcpProxy.Cut.RESET);
            proxy.resume(TcpProxy.Direction.TO_TARGET);

            Throwable failure = second.handle((position, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(failure).as("a plain failure").isNotNull();
            assertThat(failure.getCause()).isNotInstanceOf(PublishOutcomeUnknown.class);
            publish(a, "room:never-sent", 3);
            assertThat(payloadsInOffsetOrder(a, "room:never-sent")).containsExactly(1L, 3L);
        }
    }

    /** When Redis cannot be asked within the command timeout, the outcome is reported as unknown, not as a failure. */
    @Test
    void aLostAnswerThatCannotBeCheckedIsReportedAsUnknown() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TcpProxy proxy = TcpProxy.to(redis.port()).start();
             RedisCluster a = throughProxy(proxy, Duration.ofSeconds(1))) {
            publish(a, "room:unknown", 1);

            proxy.stall(TcpProxy.Direction.TO_CLIENT);
            CompletableFuture<Position> second = publishLater(a, "room:unknown", 2);
            await().atMost(WAIT).until(() -> streamLength(redis, "room:unknown") == 2);
            proxy.refuseNewConnections();
            proxy.cutAll(TcpProxy.Cut.RESET);

            Throwable failure = second.handle((position, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(failure).hasCauseInstanceOf(PublishOutcomeUnknown.class);
            assertThat(failure.getCause()).hasMessageContaining("could not be asked");
            proxy.acceptNewConnections();
        }
    }

    @Test
    void anyNodeReadsWhatFollowsAPosition() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false);
             RedisCluster b = node(redis, "b", false)) {
            List<Position> positions = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                positions.add(publish(a, "room:read", i));
            }

            HistoryRead after4 = read(b, "room:read", positions.get(3), 100);
            assertThat(after4.recovered()).isTrue();
            assertThat(after4.latest()).isEqualTo(positions.get(9));
            assertThat(after4.messages()).extracting(Broadcast::position).containsExactlyElementsOf(positions.subList(4, 10));
            assertThat(after4.messages().get(0).payload().toString()).contains("\"n\":5");

            HistoryRead page = read(b, "room:read", positions.get(0), 3);
            assertThat(page.messages()).extracting(Broadcast::position).containsExactlyElementsOf(positions.subList(1, 4));

            HistoryRead fromNothing = read(b, "room:empty", null, 10);
            assertThat(fromNothing.recovered()).isTrue();
            assertThat(fromNothing.messages()).isEmpty();
            assertThat(fromNothing.latest().offset()).isZero();
        }
    }

    @Test
    void aPositionBeyondWhatTheStreamKeepsIsTooOldAndOneFromTheFutureIsInvalid() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false, HistoryOptions.of(5, Duration.ofMinutes(1)))) {
            List<Position> positions = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                positions.add(publish(a, "room:trim", i));
            }
            assertThat(redis.command("XLEN", "switchboard:history:{room:trim}").strip()).isEqualTo(":5"); // a RESP integer

            assertThat(read(a, "room:trim", positions.get(1), 100).reason()).isEqualTo(RecoveryFailure.TOO_OLD);
            HistoryRead edge = read(a, "room:trim", positions.get(6), 100); // 8..12 are kept
            assertThat(edge.recovered()).isTrue();
            assertThat(edge.messages()).hasSize(5);
            Position future = new Position(99, positions.get(0).epoch());
            assertThat(read(a, "room:trim", future, 100).reason()).isEqualTo(RecoveryFailure.INVALID_POSITION);
        }
    }

    @Test
    void aBroadcastThatPubSubLostIsReadBackFromTheStreamInItsPlace() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false);
             RedisCluster b = node(redis, "b", false);
             ThreadShard shard = new ThreadShard()) {
            b.inboundFilter(p -> p.broadcast().position().offset() != 5 && p.broadcast().position().offset() != 6);
            Heard onB = Heard.subscribe(b, "room:gap", shard);

            for (int i = 1; i <= 10; i++) {
                publish(a, "room:gap", i);
            }

            await().atMost(WAIT).until(() -> onB.broadcasts.size() >= 10);
            assertThat(onB.broadcasts).extracting(broadcast -> broadcast.position().offset()).containsExactlyElementsOf(range(1, 10));
            assertThat(b.metrics().gapsFilled()).isEqualTo(2);
            assertThat(b.metrics().gapsLost()).isZero();
        }
    }

    @Test
    void aStreamDeletedBehindTheServersBackStartsANewEpoch() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false)) {
            Position before = null;
            for (int i = 1; i <= 3; i++) {
                before = publish(a, "room:lost", i);
            }
            redis.command("DEL", "switchboard:history:{room:lost}");

            Position after = publish(a, "room:lost", 4);

            assertThat(after.epoch()).isNotEqualTo(before.epoch());
            assertThat(after.offset()).isEqualTo(1);
            HistoryRead read = read(a, "room:lost", before, 100);
            assertThat(read.recovered()).isFalse();
            assertThat(read.reason()).isEqualTo(RecoveryFailure.EPOCH_CHANGED);
            assertThat(read.latest()).isEqualTo(after);
        }
    }

    @Test
    void withRedisDownAHistoryBroadcastFailsInsteadOfGoingOutWithoutAPosition() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false);
             ThreadShard shard = new ThreadShard()) {
            Heard heard = Heard.subscribe(a, "room:down", shard);
            publish(a, "room:down", 1);
            await().atMost(WAIT).until(() -> heard.broadcasts.size() == 1);

            redis.kill();

            assertThatThrownBy(() -> publish(a, "room:down", 2)).isInstanceOf(CompletionException.class);
            assertThatThrownBy(() -> read(a, "room:down", null, 10)).isInstanceOf(CompletionException.class);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(heard.broadcasts).hasSize(1);
            assertThat(a.metrics().historyErrors()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void topicsWithoutHistoryAreNotPositioned() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisCluster a = node(redis, "a", false);
             RedisCluster b = node(redis, "b", false);
             ThreadShard shard = new ThreadShard()) {
            Heard onB = Heard.subscribe(b, "plain:one", shard);

            Position position = a.pubsub().publish(new Broadcast("plain:one", "msg", Payload.parse("{}")))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(position).isNull();
            await().atMost(WAIT).until(() -> onB.broadcasts.size() == 1);
            assertThat(onB.broadcasts.get(0).position()).isNull();
            assertThat(redis.command("EXISTS", "switchboard:history:{plain:one}").strip()).isEqualTo(":0"); // a RESP integer
        }
    }

    private static RedisCluster node(RedisServer redis, String id, boolean sharded) {
        return node(redis, id, sharded, KEEP_100);
    }

    private static RedisCluster node(RedisServer redis, String id, boolean sharded, HistoryOptions options) {
        RedisCluster cluster = RedisCluster.connect(RedisOptions.builder(redis.uri(), id).sharded(sharded).build());
        cluster.pubsub().history().rules().add("room:*", options);
        return cluster;
    }

    private static Position publish(RedisCluster node, String topic, int n) {
        return node.pubsub().publish(new Broadcast(topic, "msg", Payload.parse("{\"n\":" + n + "}")))
                .toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Publishes {@code n} = 1..count on one thread, each without waiting for the one before. */
    private static void publishWithoutWaiting(RedisCluster node, String topic, int count, long apartNanos) {
        List<CompletableFuture<Position>> answers = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            long until = System.nanoTime() + apartNanos;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            answers.add(node.pubsub().publish(new Broadcast(topic, "msg", Payload.parse("{\"n\":" + n + "}")))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The {@code n} of every message the topic's history holds, in offset order. */
    private static List<Long> payloadsInOffsetOrder(RedisCluster node, String topic) throws Exception {
        List<Long> ns = new ArrayList<>();
        for (Broadcast b : read(node, topic, null, 1000).messages()) {
            ns.add(JSON.readTree(b.payload().toString()).get("n").asLong());
        }
        return ns;
    }

    private static RedisCluster throughProxy(TcpProxy proxy, Duration commandTimeout) {
        RedisCluster cluster = RedisCluster.connect(RedisOptions.builder("redis://127.0.0.1:" + proxy.port(), "a")
                .commandTimeout(commandTimeout).build());
        cluster.pubsub().history().rules().add("room:*", KEEP_100);
        return cluster;
    }

    private static CompletableFuture<Position> publishLater(RedisCluster node, String topic, int n) {
        return node.pubsub().publish(new Broadcast(topic, "msg", Payload.parse("{\"n\":" + n + "}"))).toCompletableFuture();
    }

    private static long streamLength(RedisServer redis, String topic) throws java.io.IOException {
        return Long.parseLong(redis.command("XLEN", "switchboard:history:{" + topic + "}").substring(1).strip());
    }

    private static HistoryRead read(RedisCluster node, String topic, Position since, int limit) {
        return node.pubsub().history().read(topic, since, limit).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** What one listener subscription on a node received, in order. */
    private static final class Heard {
        final List<Broadcast> broadcasts = new CopyOnWriteArrayList<>();

        static Heard subscribe(RedisCluster node, String topic, ThreadShard shard) throws Exception {
            Heard heard = new Heard();
            shard.submit(() -> node.pubsub().subscribe(Subscription.listener(topic, shard, heard.broadcasts::add))).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> node.connected());
            return heard;
        }
    }
}
