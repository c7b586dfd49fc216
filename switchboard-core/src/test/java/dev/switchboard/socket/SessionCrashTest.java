package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pubsub.InMemoryPubSub;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A channel callback that throws (spec §3.8): phx_error, the channel is gone, the client rejoins. */
class SessionCrashTest {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    @BeforeEach
    void connectAndJoin() {
        client = TestConnection.open(endpoint, TestSocket.definition(events), shard);
        client.join("crash:a", "3").takeTexts();
    }

    @Test
    void aCrashSendsPhxErrorWithChannelCrashAndTheJoinRefAsRef() {
        client.send(q("['3','9','crash:a','boom',{}]"));

        assertThat(client.texts()).containsExactly(q("['3','3','crash:a','phx_error',{'reason':'channel_crash'}]"));
        assertThat(events.starting("crash:a terminate")).containsExactly("crash:a terminate CRASHED");
    }

    @Test
    void aCrashedChannelIsRemovedSoTheNextEventIsUnmatched() {
        client.send(q("['3','9','crash:a','boom',{}]")).takeTexts();

        client.send(q("['3','10','crash:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("[null,'10','crash:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void aCrashedChannelIsUnsubscribed() {
        client.send(q("['3','9','crash:a','boom',{}]")).takeTexts();

        endpoint.broadcast("crash:a", "news", Map.of());
        client.runShard();

        assertThat(client.texts()).isEmpty();
        assertThat(((InMemoryPubSub) endpoint.pubsub()).hasSubscribers("crash:a")).isFalse();
    }

    @Test
    void theClientCanRejoinAfterACrash() {
        client.send(q("['3','9','crash:a','boom',{}]")).takeTexts();

        client.join("crash:a", "11");
        client.send(q("['11','12','crash:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['11','11','crash:a','phx_reply',{'status':'ok','response':{}}]"),
                q("['11','12','crash:a','phx_reply',{'status':'ok','response':{}}]"));
    }

    @Test
    void aCrashOfOneChannelLeavesTheOthersJoined() {
        client.join("room:b", "4").takeTexts();

        client.send(q("['3','9','crash:a','boom',{}]"));
        client.send(q("['4','10','room:b','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['3','3','crash:a','phx_error',{'reason':'channel_crash'}]"),
                q("['4','10','room:b','phx_reply',{'status':'ok','response':{}}]"));
        assertThat(client.transport().isClosed()).isFalse();
    }

    @Test
    void aCrashInAnEventLoopChannelFollowsTheSameRules() {
        client.join("crashloop:a", "5").takeTexts();

        client.send(q("['5','9','crashloop:a','boom',{}]"));
        client.send(q("['5','10','crashloop:a','ping',{}]"));

        assertThat(client.texts()).containsExactly(
                q("['5','5','crashloop:a','phx_error',{'reason':'channel_crash'}]"),
                q("[null,'10','crashloop:a','phx_reply',{'status':'error','response':{'reason':'unmatched topic'}}]"));
        assertThat(events.starting("crashloop:a terminate")).containsExactly("crashloop:a terminate CRASHED");
    }
}
