package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.Channel;
import dev.switchboard.channel.ChannelContext;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Heartbeats and joins (spec §3.2, §3.3). Channel callbacks run inline. */
class SessionJoinTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    @BeforeEach
    void connect() {
        client = TestConnection.open(endpoint, TestSocket.definition(events), shard);
    }

    @Test
    void aHeartbeatIsAnsweredOnTopicPhoenixWithANullJoinRefWithoutAnyJoin() {
        client.send(q("[null,'12','phoenix','heartbeat',{}]"));

        assertThat(client.texts()).containsExactly(q("[null,'12','phoenix','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aHeartbeatOnAnotherTopicIsAnOrdinaryEventForAnUnmatchedTopic() {
        client.send(q("[null,'4','room:a','heartbeat',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,'4','room:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
    }

    @Test
    void aJoinIsAnsweredWithOkEchoingJoinRefAndRef() {
        client.send(q("['3','3','room:lobby','phx_join',{'nick':'ann'}]"));

        assertThat(client.texts()).containsExactly(q("['3','3','room:lobby','phx_reply',{'status':'ok','response':{}}]"));
        assertThat(client.session().channelCount()).isEqualTo(1);
        assertThat(events.all()).containsExactly("room:lobby join");
    }

    @Test
    void theJoinReplyCarriesTheAppsResponseAndComesBeforePushesMadeDuringJoin() {
        client.join("push:a", "5");

        assertThat(client.texts()).containsExactly(
                q("['5','5','push:a','phx_reply',{'status':'ok','response':{'joined':true}}]"),
                q("['5',null,'push:a','welcome',{'hello':'push:a'}]"));
    }

    @Test
    void aJoinSubscribesTheChannelSoBroadcastsFollowTheReply() {
        client.join("room:a", "1");
        endpoint.broadcast("room:a", "news", java.util.Map.of("n", 1));
        client.runShard();

        assertThat(client.texts()).containsExactly(
                q("['1','1','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("[null,null,'room:a','news',{'n':1}]"));
    }

    @Test
    void aJoinOfATopicWithoutARouteIsAnsweredUnmatchedTopicWithANullJoinRef() {
        client.send(q("['3','3','nope','phx_join',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,'3','nope','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void aRefusedJoinRepliesTheAppsErrorAndLeavesNoChannel() {
        client.join("secret:a", "1");
        client.send(q("['1','2','secret:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['1','1','secret:a','phx_reply',{'status':'error','response':{'reason':'unauthorized'}}]"),
                q("[null,'2','secret:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void aJoinThatThrowsIsAnsweredJoinCrashed() {
        client.join("boom:a", "1");

        assertThat(client.texts()).containsExactly(
                q("['1','1','boom:a','phx_reply',{'status':'error','response':{'reason':'join crashed'}}]"));
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void theHundredAndFirstChannelIsRefusedAndLeavingOneFreesASlot() {
        // a join rate high enough that only the channel limit applies
        TestConnection client = TestConnection.open(endpoint,
                TestSocket.definition(events, SocketOptions.DEFAULTS.withMaxJoinsPerSecond(1000)), shard);
        for (int i = 0; i < 100; i++) {
            client.join("room:" + i, Integer.toString(i + 1));
        }
        client.takeTexts();

        client.join("room:100", "101");
        assertThat(client.takeTexts()).containsExactly(
                q("['101','101','room:100','phx_reply',{'status':'error','response':{'reason':'too many channels joined'}}]"));
        assertThat(client.session().channelCount()).isEqualTo(100);

        client.send(q("['1','102','room:0','phx_leave',{}]"));
        client.join("room:100", "103");
        assertThat(client.takeTexts()).containsExactly(
                q("['1','102','room:0','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','1','room:0','phx_close',{}]"),
                q("['103','103','room:100','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void joinsBeyondTheBurstAreRefusedWithTheSocketStillOpen() {
        TestConnection slow = TestConnection.open(endpoint,
                TestSocket.definition(events, SocketOptions.DEFAULTS.withMaxJoinsPerSecond(1)), shard);
        // a burst of JOIN_BURST_SECONDS × 1 joins passes (unmatched topics count too: every join does)
        for (int i = 0; i < SocketOptions.JOIN_BURST_SECONDS; i++) {
            slow.join(i % 2 == 0 ? "room:" + i : "nowhere:" + i, Integer.toString(i + 1));
        }
        slow.takeTexts();

        slow.join("room:x", "11");
        assertThat(slow.takeTexts()).containsExactly(
                q("['11','11','room:x','phx_reply',{'status':'error','response':{'reason':'join rate limit exceeded'}}]"));
        assertThat(slow.session().channelCount()).isEqualTo(5);

        // other messages still flow: the socket is open
        slow.send(q("[null,'12','phoenix','heartbeat',{}]"));
        assertThat(slow.takeTexts()).containsExactly(
                q("[null,'12','phoenix','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aRefusedRejoinLeavesTheJoinedChannelAlone() {
        TestConnection slow = TestConnection.open(endpoint,
                TestSocket.definition(events, SocketOptions.DEFAULTS.withMaxJoinsPerSecond(1)), shard);
        for (int i = 0; i < SocketOptions.JOIN_BURST_SECONDS; i++) {
            slow.join("room:a", Integer.toString(i + 1));
        }
        slow.takeTexts();
        slow.join("room:a", "11");
        assertThat(slow.takeTexts()).containsExactly(
                q("['11','11','room:a','phx_reply',{'status':'error','response':{'reason':'join rate limit exceeded'}}]"));
        assertThat(slow.session().channelCount()).isEqualTo(1);
    }

    @Test
    void theJoinRateDefaultsToTenPerSecondWithABurstOfAHundred() {
        assertThat(SocketOptions.DEFAULTS.maxJoinsPerSecond()).isEqualTo(10);
        assertThat(SocketOptions.DEFAULTS.joinBurst()).isEqualTo(100);
    }

    @Test
    void theChannelLimitIsConfigurable() {
        TestConnection small = TestConnection.open(endpoint,
                TestSocket.definition(events, SocketOptions.DEFAULTS.withMaxChannels(2)), shard);
        small.join("room:a", "1").join("room:b", "2").join("room:c", "3");

        assertThat(small.texts()).last().isEqualTo(
                q("['3','3','room:c','phx_reply',{'status':'error','response':{'reason':'too many channels joined'}}]"));
    }

    @Test
    void rejoiningATopicAtTheLimitReplacesTheChannelInsteadOfBeingRefused() {
        TestConnection small = TestConnection.open(endpoint,
                TestSocket.definition(events, SocketOptions.DEFAULTS.withMaxChannels(1)), shard);
        small.join("room:a", "1").takeTexts();

        small.join("room:a", "2");
        assertThat(small.texts()).containsExactly(
                q("['2','2','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','1','room:a','phx_close',{}]"));
    }

    @Test
    void aDuplicateJoinRepliesToTheNewJoinThenClosesTheOldJoinRef() {
        client.join("room:a", "3").takeTexts();

        client.join("room:a", "20");

        assertThat(client.texts()).containsExactly(
                q("['20','20','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['3','3','room:a','phx_close',{}]"));
        assertThat(events.all()).containsExactly("room:a join", "room:a terminate REJOINED", "room:a join");
        assertThat(client.session().channelCount()).isEqualTo(1);
    }

    @Test
    void afterADuplicateJoinOnlyTheNewInstanceReceivesBroadcastsAndEvents() {
        client.join("room:a", "3").join("room:a", "20").takeTexts();

        endpoint.broadcast("room:a", "news", java.util.Map.of());
        client.runShard();
        client.send(q("['3','21','room:a','ping',{}]"));
        client.send(q("['20','22','room:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,null,'room:a','news',{}]"),
                q("['20','22','room:a','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void numericRefsAreEchoedAsNumbers() {
        client.send(q("[1,1,'room:a','phx_join',{}]"));
        client.send(q("[1,2,'room:a','ping',{'x':1}]"));
        client.send(q("[null,3,'phoenix','heartbeat',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[1,1,'room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("[1,2,'room:a','phx_reply',{'status':'ok','response':{'x':1}}]"),
                q("[null,3,'phoenix','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void eventLoopChannelsFollowTheSameRules() {
        client.join("loop:a", "1");
        client.send(q("['1','2','loop:a','ping',{'x':1}]"));
        client.send(q("['1','3','loop:a','phx_leave',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['1','1','loop:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','2','loop:a','phx_reply',{'status':'ok','response':{'x':1}}]"),
                q("['1','3','loop:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['1','1','loop:a','phx_close',{}]"));
    }

    private TestConnection connectTo(String pattern, Supplier<? extends Channel> factory) {
        SocketDefinition socket = SocketDefinition.builder("/socket").channel(pattern, factory).build();
        return TestConnection.open(endpoint, socket, shard);
    }

    @Test
    void aChannelWhoseInterceptsThrowIsAJoinCrash() {
        TestConnection c = connectTo("odd:*", () -> new Channel() {
            @Override
            public JoinResult join(String topic, Payload params, ChannelContext ctx) {
                return JoinResult.ok();
            }

            @Override
            public Set<String> intercepts() {
                throw new IllegalStateException("intercepts exploded");
            }
        });

        c.join("odd:a", "1");

        assertThat(c.texts()).containsExactly(
                q("['1','1','odd:a','phx_reply',{'status':'error','response':{'reason':'join crashed'}}]"));
        assertThat(c.session().channelCount()).isZero();
    }

    @Test
    void aJoinWhoseResponseIsNotAJsonObjectIsAJoinCrashNotASilentJoin() {
        TestConnection c = connectTo("odd:*", () -> (topic, params, ctx) -> JoinResult.ok(List.of(1, 2)));

        c.join("odd:a", "1");

        assertThat(c.texts()).containsExactly(
                q("['1','1','odd:a','phx_reply',{'status':'error','response':{'reason':'join crashed'}}]"));
        assertThat(c.session().channelCount()).isZero();
        assertThat(((InMemoryPubSub) endpoint.pubsub()).hasSubscribers("odd:a")).isFalse();
    }
}
