package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** phx_leave (spec §3.5, §3.7). */
class SessionLeaveTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    @BeforeEach
    void connectAndJoin() {
        client = TestConnection.open(endpoint, TestSocket.definition(events), shard);
        client.join("room:a", "3").takeTexts();
    }

    @Test
    void leaveRepliesOkWithJoinRefAndRequestRefThenSendsPhxClose() {
        client.send(q("['3','15','room:a','phx_leave',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['3','15','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['3','3','room:a','phx_close',{}]"));
        assertThat(events.starting("room:a terminate")).containsExactly("room:a terminate LEFT");
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void leaveWithANullJoinRefLeavesTheLiveInstance() {
        client.send(q("[null,'15','room:a','phx_leave',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['3','15','room:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['3','3','room:a','phx_close',{}]"));
    }

    @Test
    void afterLeavingEventsGetUnmatchedTopicAndBroadcastsNoLongerArrive() {
        client.send(q("['3','15','room:a','phx_leave',{}]")).takeTexts();

        endpoint.broadcast("room:a", "news", java.util.Map.of());
        client.runShard();
        client.send(q("['3','16','room:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,'16','room:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(((InMemoryPubSub) endpoint.pubsub()).hasSubscribers("room:a")).isFalse();
    }

    @Test
    void leavingATopicThatIsNotJoinedRepliesOkEchoingTheJoinRefWithoutPhxClose() {
        client.send(q("['7','8','room:z','phx_leave',{}]"));

        assertThat(client.texts()).containsExactly(q("['7','8','room:z','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void leavingATopicWithoutARouteAlsoRepliesOk() {
        client.send(q("[null,'8','nope','phx_leave',{}]"));

        assertThat(client.texts()).containsExactly(q("[null,'8','nope','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aLeaveWithAStaleJoinRefIsIgnoredAndTheChannelStaysJoined() {
        client.send(q("['1','15','room:a','phx_leave',{}]"));
        assertThat(client.texts()).isEmpty();

        client.send(q("['3','16','room:a','ping',{}]"));
        assertThat(client.texts()).containsExactly(q("['3','16','room:a','phx_reply',{'status':'ok','response':{}}]"));
        assertThat(events.starting("room:a terminate")).isEmpty();
    }

    @Test
    void aTopicCanBeJoinedAgainAfterLeaving() {
        client.send(q("['3','15','room:a','phx_leave',{}]")).takeTexts();

        client.join("room:a", "16");

        assertThat(client.texts()).containsExactly(q("['16','16','room:a','phx_reply',{'status':'ok','response':{}}]"));
    }
}
