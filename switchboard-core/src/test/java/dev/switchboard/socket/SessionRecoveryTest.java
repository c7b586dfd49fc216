package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.channel.Execution;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.history.HistoryOptions;
import dev.switchboard.history.HistoryRead;
import dev.switchboard.history.HistoryRules;
import dev.switchboard.history.HistoryStore;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.history.RecoveryFailure;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Payload;
import dev.switchboard.protocol.Position;
import dev.switchboard.protocol.Serializers;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.DirectExecutorService;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Joins that ask for positions and recovery (RECOVERY.md §2–§4) against the in-memory history:
 * the reply's {@code recovery} object with every reason, replay frames, positions in the ref slot,
 * frames unchanged for clients that do not ask, and no gap or duplicate around the replay.
 */
class SessionRecoveryTest {
    private static final HistoryOptions FIVE = HistoryOptions.of(5, Duration.ofMinutes(5));
    private final DelayableHistory history = new DelayableHistory(new MemoryHistory());
    private final Endpoint endpoint = Endpoint.builder(new PubSubWithHistory(history))
            .workers(new DirectExecutorService()).build();
    private final QueueShard shard = new QueueShard();
    private final SocketDefinition socket = SocketDefinition.builder("/socket")
            // Echoes its join params as the join response, so a test can see what the app got.
            .channel("room:*", () -> (topic, params, ctx) -> JoinResult.ok(params))
            .channel("chat:*", () -> (topic, params, ctx) -> JoinResult.ok())
            .channel("push:*", () -> new dev.switchboard.channel.Channel() {
                public JoinResult join(String topic, Payload params, dev.switchboard.channel.ChannelContext ctx) {
                    ctx.push("welcome", Map.of());
                    return JoinResult.ok();
                }

                public HandleResult handleIn(String event, Payload payload, dev.switchboard.channel.ChannelContext ctx) {
                    return HandleResult.noReply();
                }
            }, Execution.EVENT_LOOP)
            .build();

    SessionRecoveryTest() {
        history.rules().add("room:*", FIVE);
        history.rules().add("push:*", FIVE);
    }

    private TestConnection client() {
        return TestConnection.open(endpoint, socket, shard);
    }

    private Position publish(String topic, int n) {
        Position p = endpoint.broadcast(topic, "msg", Map.of("n", n)).toCompletableFuture().join();
        shard.runAll();
        return p;
    }

    private static JsonNode json(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode recovery(String reply) {
        return json(reply).get(4).get("response").get("recovery");
    }

    private List<String> join(TestConnection c, String topic, String recoverJson) {
        c.send("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{\"user\":\"ann\",\"recover\":" + recoverJson + "}]");
        shard.runAll();
        return c.takeTexts();
    }

    @Test
    void aClientThatDoesNotAskGetsPhoenixFramesByteForByteOnAHistoryTopic() {
        TestConnection plain = client();
        plain.send(q("['1','1','room:a','phx_join',{'user':'ann'}]"));
        assertThat(plain.takeTexts()).containsExactly(q("['1','1','room:a','phx_reply',{'status':'ok','response':{'user':'ann'}}]"));

        publish("room:a", 1);

        assertThat(plain.takeTexts()).containsExactly(q("[null,null,'room:a','msg',{'n':1}]"));
    }

    @Test
    void recoverTrueAnswersRecoveredAndThenPositionsInTheRefSlot() {
        TestConnection c = client();
        List<String> reply = join(c, "room:a", "true");

        JsonNode recovery = recovery(reply.get(0));
        assertThat(recovery.get("recovered").asBoolean()).isTrue();
        assertThat(recovery.get("replayed").asInt()).isZero();
        Position start = Position.parse(recovery.get("position").asText());
        assertThat(start.offset()).isZero();
        assertThat(json(reply.get(0)).get(4).get("response").get("user").asText())
                .as("the app's response keeps its keys").isEqualTo("ann");

        publish("room:a", 1);
        assertThat(c.takeTexts()).containsExactly(q("[null,'1@" + start.epoch() + "','room:a','msg',{'n':1}]"));
    }

    @Test
    void theRecoverKeyIsRemovedBeforeTheAppSeesTheParams() {
        List<String> reply = join(client(), "room:a", "true");

        assertThat(json(reply.get(0)).get(4).get("response").has("recover")).isFalse();
    }

    @Test
    void aClientBackFromAGapGetsTheReplyThenTheMissedMessagesAsPushesOfTheNewJoinThenLive() {
        Position seen = publish("room:a", 1);
        publish("room:a", 2);
        publish("room:a", 3);
        TestConnection c = client();

        List<String> frames = join(c, "room:a", "\"" + seen + "\"");

        String e = seen.epoch();
        assertThat(frames).hasSize(3);
        JsonNode recovery = recovery(frames.get(0));
        assertThat(recovery.get("recovered").asBoolean()).isTrue();
        assertThat(recovery.get("replayed").asInt()).isEqualTo(2);
        assertThat(recovery.get("position").asText()).isEqualTo("3@" + e);
        assertThat(frames.subList(1, 3)).containsExactly(
                q("['1','2@" + e + "','room:a','msg',{'n':2}]"),
                q("['1','3@" + e + "','room:a','msg',{'n':3}]"));
        publish("room:a", 4);
        assertThat(c.takeTexts()).containsExactly(q("[null,'4@" + e + "','room:a','msg',{'n':4}]"));
    }

    @Test
    void aGapLargerThanTheHistoryIsTooOldWithTheLatestPositionAndNoReplay() {
        Position seen = publish("room:a", 1);
        for (int i = 2; i <= 8; i++) {
            publish("room:a", i);
        }

        List<String> frames = join(client(), "room:a", "\"" + seen + "\"");

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).contains(q("'recovery':{'recovered':false,'position':'8@" + seen.epoch()
                + "','replayed':0,'reason':'too_old'}"));
    }

    @Test
    void aPositionOfAnotherEpochIsEpochChanged() {
        Position p = publish("room:a", 1);
        List<String> frames = join(client(), "room:a", "\"1@gone\"");

        assertThat(frames.get(0)).contains(q("'recovery':{'recovered':false,'position':'" + p + "','replayed':0,'reason':'epoch_changed'}"));
    }

    @Test
    void malformedForeignTypedAndFuturePositionsAreInvalid() {
        Position p = publish("room:a", 1);
        for (String bad : List.of("\"abc\"", "\"-1@" + p.epoch() + "\"", "42", "{\"x\":1}", "\"7@" + p.epoch() + "\"",
                "\"" + "9".repeat(5000) + "@e\"")) {
            List<String> frames = join(client(), "room:a", bad);
            assertThat(recovery(frames.get(0)).get("reason").asText()).as(bad).isEqualTo("invalid_position");
            assertThat(recovery(frames.get(0)).get("position").asText()).isEqualTo(p.toString());
        }
    }

    @Test
    void aTopicWithoutHistoryAnswersNoHistoryAndStaysPlain() {
        TestConnection c = client();
        List<String> frames = join(c, "chat:a", "\"1@e\"");

        assertThat(frames.get(0)).isEqualTo(q("['1','1','chat:a','phx_reply',{'status':'ok','response':{'recovery':"
                + "{'recovered':false,'replayed':0,'reason':'no_history'}}}]"));
        endpoint.broadcast("chat:a", "msg", Map.of("n", 1));
        shard.runAll();
        assertThat(c.takeTexts()).containsExactly(q("[null,null,'chat:a','msg',{'n':1}]"));
    }

    @Test
    void broadcastsDuringASlowHistoryReadArriveOnceInOrderAfterTheReplay() {
        Position seen = publish("room:a", 1);
        publish("room:a", 2);
        TestConnection c = client();
        history.delayReads();
        c.send("[\"1\",\"1\",\"room:a\",\"phx_join\",{\"recover\":\"" + seen + "\"}]");
        shard.runAll();
        assertThat(c.takeTexts()).as("nothing before the history answers").isEmpty();

        publish("room:a", 3); // live while the read is pending: held
        publish("room:a", 4);
        history.completeReads(); // reads now, so 3 and 4 are in the replay too
        shard.runAll();
        publish("room:a", 5);

        List<String> frames = c.takeTexts();
        List<Long> offsets = new ArrayList<>();
        for (String f : frames.subList(1, frames.size())) {
            offsets.add(Position.parse(json(f).get(1).asText()).offset());
        }
        assertThat(recovery(frames.get(0)).get("replayed").asInt()).isEqualTo(3);
        assertThat(offsets).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void aHistoryThatCannotBeReadRefusesTheJoinSoTheClientRetries() {
        TestConnection c = client();
        history.failReads();

        List<String> frames = join(c, "room:a", "true");

        assertThat(frames).containsExactly(q("['1','1','room:a','phx_reply',{'status':'error','response':{'reason':'history unavailable'}}]"));
        assertThat(c.session().channelCount()).isZero();
        assertThat(endpoint.recoveryStats().unavailableCount()).isEqualTo(1);
    }

    @Test
    void pushesMadeDuringTheJoinFollowTheReplay() {
        Position seen = publish("push:a", 1);
        publish("push:a", 2);
        TestConnection c = client();

        List<String> frames = join(c, "push:a", "\"" + seen + "\"");

        assertThat(frames).hasSize(3);
        assertThat(json(frames.get(1)).get(1).asText()).isEqualTo("2@" + seen.epoch());
        assertThat(json(frames.get(2)).get(3).asText()).isEqualTo("welcome");
    }

    @Test
    void aLongReplayIsWrittenInChunksOneLoopTurnEach() {
        history.rules().add("big:*", HistoryOptions.of(1000, Duration.ofMinutes(5)));
        SocketDefinition big = SocketDefinition.builder("/socket")
                .channel("big:*", () -> (topic, params, ctx) -> JoinResult.ok(), Execution.EVENT_LOOP).build();
        Position seen = publish("big:a", 0);
        for (int i = 1; i <= 600; i++) {
            endpoint.broadcast("big:a", "msg", Map.of("n", i));
        }
        TestConnection c = TestConnection.open(endpoint, big, shard);

        c.send("[\"1\",\"1\",\"big:a\",\"phx_join\",{\"recover\":\"" + seen + "\"}]");
        assertThat(c.takeTexts()).as("reply and the first chunk").hasSize(1 + JoinRecovery.REPLAY_CHUNK);
        shard.runAll();

        assertThat(c.takeTexts()).hasSize(600 - JoinRecovery.REPLAY_CHUNK);
        assertThat(endpoint.recoveryStats().replayedCount()).isEqualTo(600);
    }

    @Test
    void aV1ClientGetsThePositionAsItsRef() {
        TestConnection v1 = TestConnection.open(endpoint, socket, shard, Serializers.v1(),
                (ConnectResult.Accepted) ConnectResult.accept());
        v1.send(q("{'topic':'room:a','event':'phx_join','payload':{'recover':true},'ref':'1'}"));
        shard.runAll();
        v1.takeTexts();

        Position p = publish("room:a", 1);

        assertThat(v1.takeTexts()).containsExactly(q("{'topic':'room:a','event':'msg','payload':{'n':1},'ref':'" + p + "'}"));
    }

    @Test
    void binaryBroadcastsTakeNoOffsetAndCarryNoPosition() {
        TestConnection c = client();
        join(c, "room:a", "true");

        CompletionStage<Position> binary = endpoint.broadcast("room:a", "blob", Payload.binary(new byte[] {1}));
        Position next = publish("room:a", 1);
        shard.runAll();

        assertThat(binary.toCompletableFuture().join()).isNull();
        assertThat(next.offset()).isEqualTo(1);
        assertThat(c.transport().frames()).hasSize(2).first().satisfies(f -> assertThat(f.binary()).isTrue());
    }

    /** The real PubSub with the history store this test wraps. */
    private static final class PubSubWithHistory extends InMemoryPubSub {
        private final DelayableHistory store;

        PubSubWithHistory(DelayableHistory store) {
            super(store.memory);
            this.store = store;
        }

        @Override
        public HistoryStore history() {
            return store;
        }
    }

    /** The real in-memory history, whose reads a test may hold back or fail (a slow or unreachable cluster store). */
    private static final class DelayableHistory implements HistoryStore {
        final MemoryHistory memory;
        private final List<Runnable> pending = new ArrayList<>();
        private boolean delay;
        private boolean fail;

        DelayableHistory(MemoryHistory memory) {
            this.memory = memory;
        }

        void delayReads() {
            delay = true;
        }

        void failReads() {
            fail = true;
        }

        void completeReads() {
            delay = false;
            pending.forEach(Runnable::run);
            pending.clear();
        }

        @Override
        public HistoryRules rules() {
            return memory.rules();
        }

        @Override
        public CompletionStage<HistoryRead> read(String topic, Position since, int limit) {
            if (fail) {
                return CompletableFuture.failedFuture(new IllegalStateException("store unreachable"));
            }
            if (!delay) {
                return memory.read(topic, since, limit);
            }
            CompletableFuture<HistoryRead> later = new CompletableFuture<>();
            pending.add(() -> memory.read(topic, since, limit).thenAccept(later::complete));
            return later;
        }
    }
}
