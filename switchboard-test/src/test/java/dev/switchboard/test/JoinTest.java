package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socket.SocketOptions;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Joins through the kit (spec §3.3), frame for frame as core's SessionJoinTest sees them on the
 * in-memory transport: the kit changes nothing on the wire.
 */
class JoinTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket());

    @Test
    void aJoinIsAnsweredOkEchoingJoinRefAndRef() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:lobby");

        assertThat(room.joinReply().wire()).isEqualTo("[\"1\",\"1\",\"room:lobby\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        assertThat(room.joinRef()).isEqualTo("1");
        assertThat(room.isJoined()).isTrue();
        assertThat(app.events).containsExactly("room:lobby join");
    }

    @Test
    void theJoinReplyCarriesTheAppsResponseAndComesBeforePushesMadeDuringJoin() {
        ClientChannel welcome = kit.socket().channel("push:a");

        welcome.join().assertOk(Map.of("joined", true));
        welcome.assertPush("welcome", Map.of("hello", "push:a"));

        assertThat(welcome.socket().frames()).extracting(ReceivedFrame::wire).containsExactly(
                "[\"1\",\"1\",\"push:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"joined\":true}}]",
                "[\"1\",null,\"push:a\",\"welcome\",{\"hello\":\"push:a\"}]");
    }

    @Test
    void aRefusedJoinRepliesTheAppsErrorAndLeavesNoChannel() {
        ClientSocket client = kit.socket();
        ClientChannel secret = client.channel("secret:a");

        secret.join().assertError(Map.of("reason", "unauthorized"));

        assertThat(secret.isJoined()).isFalse();
        secret.push("ping").assertError(Map.of("reason", "unmatched topic"));
        assertThat(client.session().channelCount()).isZero();
    }

    @Test
    void aJoinThatThrowsIsAnsweredJoinCrashed() {
        kit.socket().channel("boom:a").join().assertError(Map.of("reason", "join crashed"));
    }

    @Test
    void aJoinOfATopicWithoutARouteIsAnsweredUnmatchedTopicWithANullJoinRef() {
        ClientChannel nowhere = kit.socket().channel("nope");

        ReceivedFrame reply = nowhere.join().assertError(Map.of("reason", "unmatched topic"));

        assertThat(reply.wire()).isEqualTo("[null,\"1\",\"nope\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]");
    }

    @Test
    void aDuplicateJoinRepliesToTheNewJoinThenClosesTheOldJoinRef() {
        ClientSocket client = kit.socket();
        ClientChannel first = client.subscribeAndJoin("room:a");
        ClientChannel second = client.channel("room:a");

        second.join().assertOk();

        assertThat(client.assertReceived("phx_close of the first join", f -> f.event().equals("phx_close")).wire())
                .isEqualTo("[\"1\",\"1\",\"room:a\",\"phx_close\",{}]");
        assertThat(app.events).containsExactly("room:a join", "room:a terminate REJOINED", "room:a join");
        assertThat(client.session().channelCount()).isEqualTo(1);
        assertThat(first.joinRef()).isEqualTo("1");
        assertThat(second.joinRef()).isEqualTo("2");
    }

    @Test
    void afterADuplicateJoinOnlyTheNewInstanceReceivesBroadcastsAndEvents() {
        ClientSocket client = kit.socket();
        client.subscribeAndJoin("room:a");
        ClientChannel second = client.subscribeAndJoin("room:a");
        client.assertReceived("phx_close of the first join", f -> f.event().equals("phx_close"));

        kit.broadcast("room:a", "news", Map.of());
        client.send("[\"1\",\"9\",\"room:a\",\"ping\",{}]"); // the old join_ref: dropped

        second.assertPush("news", Map.of());
        second.push("ping").assertOk();
        client.refuteReceived("a reply to the stale join_ref", f -> "9".equals(f.ref()));
    }

    @Test
    void theHundredAndFirstChannelIsRefusedAndLeavingOneFreesASlot() {
        ChannelTester wide = ChannelTester.of(app.socket(SocketOptions.DEFAULTS.withMaxJoinsPerSecond(1000)));
        ClientSocket client = wide.socket();
        ClientChannel first = client.subscribeAndJoin("room:0");
        for (int i = 1; i < 100; i++) {
            client.subscribeAndJoin("room:" + i);
        }

        client.channel("room:100").join().assertError(Map.of("reason", "too many channels joined"));

        first.leave().assertOk();
        first.assertClosed();
        client.subscribeAndJoin("room:100");
        wide.close();
    }

    @Test
    void joinsBeyondTheBurstAreRefusedUntilTheBucketRefills() {
        ClientSocket client = kit.socket();
        for (int i = 0; i < SocketOptions.JOIN_BURST_SECONDS * SocketOptions.DEFAULT_MAX_JOINS_PER_SECOND; i++) {
            client.channel("nowhere:" + i).join().assertError(Map.of("reason", "unmatched topic"));
        }

        client.channel("room:x").join().assertError(Map.of("reason", "join rate limit exceeded"));
        client.heartbeat(); // the socket stays open

        kit.advance(Duration.ofMillis(100)); // one join's worth at 10 per second
        client.subscribeAndJoin("room:x");
        client.channel("room:y").join().assertError(Map.of("reason", "join rate limit exceeded"));
    }

    @Test
    void eventLoopChannelsFollowTheSameRules() {
        ClientChannel loop = kit.socket().subscribeAndJoin("loop:a");

        loop.push("ping", Map.of("x", 1)).assertOk(Map.of("x", 1));
        loop.leave().assertOk();
        loop.assertClosed();

        assertThat(loop.socket().frames()).extracting(ReceivedFrame::wire).containsExactly(
                "[\"1\",\"1\",\"loop:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
                "[\"1\",\"2\",\"loop:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"x\":1}}]",
                "[\"1\",\"3\",\"loop:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
                "[\"1\",\"1\",\"loop:a\",\"phx_close\",{}]");
    }
}
