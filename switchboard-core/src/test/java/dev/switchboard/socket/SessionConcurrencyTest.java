package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.channel.TerminateReason;
import dev.switchboard.protocol.Payload;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions with channel callbacks on real worker threads: head-of-line joins and per-channel order. */
@Timeout(20)
class SessionConcurrencyTest {
    private final ChannelEvents events = new ChannelEvents();
    private final CountDownLatch releaseJoin = new CountDownLatch(1);
    private final CountDownLatch releaseTerminate = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.pooled(8);
    private TestConnection client;

    /** Joins only when the test releases it; answers {@code ping} with its payload. */
    private final class SlowJoinChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            try {
                releaseJoin.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.push("welcome", Payload.empty());
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            return HandleResult.ok(payload);
        }

        @Override
        public void terminate(TerminateReason reason, ChannelContext ctx) {
            events.add(ctx.topic() + " terminate " + reason);
        }
    }

    /** Records how many of its callbacks ever ran at once. */
    private final class BusyChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            return JoinResult.ok();
        }

        @Override
        public HandleResult handleIn(String event, Payload payload, ChannelContext ctx) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            Thread.yield();
            running.decrementAndGet();
            return HandleResult.ok(payload);
        }
    }

    /** Its terminate takes as long as the test wants. */
    private final class SlowTerminateChannel implements Channel {
        @Override
        public JoinResult join(String topic, Payload params, ChannelContext ctx) {
            events.add(topic + " join");
            return JoinResult.ok();
        }

        @Override
        public void terminate(TerminateReason reason, ChannelContext ctx) {
            events.add(ctx.topic() + " terminate start");
            try {
                releaseTerminate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(ctx.topic() + " terminate end");
        }
    }

    @BeforeEach
    void connect() {
        SocketDefinition socket = SocketDefinition.builder("/socket")
                .channel("slow:*", SlowJoinChannel::new)
                .channel("busy:*", BusyChannel::new)
                .channel("rejoin:*", SlowTerminateChannel::new)
                .build();
        client = TestConnection.open(endpoint, socket, shard);
    }

    @AfterEach
    void stop() {
        releaseJoin.countDown();
        releaseTerminate.countDown();
        endpoint.close();
    }

    @Test
    void messagesArrivingDuringASlowJoinAreHandledAfterTheJoinReplyInOrder() throws InterruptedException {
        client.join("slow:a", "1");
        client.send(q("['1','2','slow:a','ping',{'n':2}]"));
        client.send(q("['1','3','slow:a','ping',{'n':3}]"));
        client.send(q("[null,'4','phoenix','heartbeat',{}]"));

        Thread.sleep(50);
        shard.runAll();
        assertThat(client.texts()).as("nothing is answered while the join runs").isEmpty();
        assertThat(client.transport().readingCalls()).containsExactly(false);

        releaseJoin.countDown();
        shard.awaitUntil(() -> client.transport().frameCount() == 5);

        List<String> texts = client.texts();
        assertThat(texts.subList(0, 2)).containsExactly(
                q("['1','1','slow:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1',null,'slow:a','welcome',{}]"));
        // The heartbeat is the socket's, the pings the channel's: only each one's own order is guaranteed.
        assertThat(texts.subList(2, 5)).containsSubsequence(
                q("['1','2','slow:a','phx_reply',{'status':'ok','response':{'n':2}}]"),
                q("['1','3','slow:a','phx_reply',{'status':'ok','response':{'n':3}}]"));
        assertThat(texts.subList(2, 5)).contains(q("[null,'4','phoenix','phx_reply',{'status':'ok','response':{}}]"));
        assertThat(client.transport().readingCalls()).containsExactly(false, true);
    }

    @Test
    void aConnectionClosedDuringAJoinTerminatesTheChannelOnceAndSendsNothing() {
        client.join("slow:a", "1");

        client.session().transportClosed();
        releaseJoin.countDown();
        // The terminate runs on the worker right after the join, which has queued its completion by then.
        shard.awaitUntil(() -> events.all().size() == 1);
        shard.runAll();

        assertThat(events.all()).containsExactly("slow:a terminate CONNECTION_CLOSED");
        assertThat(client.texts()).isEmpty();
        assertThat(((InMemoryPubSub) endpoint.pubsub()).hasSubscribers("slow:a")).isFalse();
    }

    @Test
    void callbacksOfOneChannelNeverOverlapAndRepliesKeepTheirOrder() {
        client.join("busy:a", "1");
        shard.awaitUntil(() -> client.transport().frameCount() == 1);
        client.takeTexts();

        for (int i = 0; i < 300; i++) {
            client.send(q("['1','" + (i + 2) + "','busy:a','work',{'i':" + i + "}]"));
        }
        shard.awaitUntil(() -> client.transport().frameCount() == 300);

        List<String> texts = client.texts();
        for (int i = 0; i < 300; i++) {
            assertThat(texts.get(i)).isEqualTo(
                    q("['1','" + (i + 2) + "','busy:a','phx_reply',{'status':'ok','response':{'i':" + i + "}}]"));
        }
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void aSecondJoinWaitsBehindASlowJoin() {
        client.join("slow:a", "1");
        client.join("busy:b", "2");

        // The second join waits behind the first (head-of-line), so nothing at all is answered yet.
        shard.runAll();
        assertThat(client.texts()).isEmpty();

        releaseJoin.countDown();
        shard.awaitUntil(() -> client.transport().frameCount() == 3);
        assertThat(client.texts()).startsWith(q("['1','1','slow:a','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aDuplicateJoinRunsTheNewJoinOnlyAfterTheOldInstanceHasTerminated() throws InterruptedException {
        client.join("rejoin:a", "1");
        shard.awaitUntil(() -> client.transport().frameCount() == 1);
        client.takeTexts();

        client.join("rejoin:a", "2");
        shard.awaitUntil(() -> events.all().contains("rejoin:a terminate start"));
        Thread.sleep(100); // room for a wrongly concurrent join to show up
        shard.runAll();
        assertThat(events.all()).as("spec §3.3: terminate the old instance, then perform the new join")
                .containsExactly("rejoin:a join", "rejoin:a terminate start");

        releaseTerminate.countDown();
        shard.awaitUntil(() -> client.transport().frameCount() == 2);
        assertThat(events.all()).containsExactly(
                "rejoin:a join", "rejoin:a terminate start", "rejoin:a terminate end", "rejoin:a join");
        assertThat(client.texts()).containsExactly(
                q("['2','2','rejoin:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','1','rejoin:a','phx_close',{}]"));
    }
}
