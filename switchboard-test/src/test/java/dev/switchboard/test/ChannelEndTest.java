package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.test.junit.ChannelTesterExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way a channel ends (spec §3.7–§3.9): leave, crash, stop, the connection closing. */
class ChannelEndTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.socket());

    @Test
    void leaveRepliesOkThenSendsPhxCloseAndTerminatesLeft() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");

        assertThat(room.leave().assertOk().wire()).isEqualTo("[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
        assertThat(room.assertClosed().wire()).isEqualTo("[\"1\",\"1\",\"room:a\",\"phx_close\",{}]");

        assertThat(app.starting("room:a terminate")).containsExactly("room:a terminate LEFT");
        assertThat(room.socket().session().channelCount()).isZero();
    }

    @Test
    void afterLeavingEventsGetUnmatchedTopicAndBroadcastsNoLongerArrive() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");
        room.leave().assertOk();
        room.assertClosed();

        kit.broadcast("room:a", "news", Map.of());

        room.refutePush("news");
        room.assertBroadcast("news", Map.of()); // published, but no longer to this client
        room.push("ping").assertError(Map.of("reason", "unmatched topic"));
    }

    @Test
    void aCrashSendsPhxErrorWithChannelCrashAndTheJoinRefAsRef() {
        ClientChannel crash = kit.socket().subscribeAndJoin("crash:a");

        crash.push("boom").refuteReply();
        ReceivedFrame error = crash.assertCrashed();

        assertThat(error.wire()).isEqualTo("[\"1\",\"1\",\"crash:a\",\"phx_error\",{\"reason\":\"channel_crash\"}]");
        assertThat(app.starting("crash:a terminate")).containsExactly("crash:a terminate CRASHED");
        assertThat(crash.isJoined()).isFalse();
    }

    @Test
    void aCrashOfOneChannelLeavesTheOthersAndTheConnectionAlone() {
        ClientSocket client = kit.socket();
        ClientChannel crash = client.subscribeAndJoin("crash:a");
        ClientChannel room = client.subscribeAndJoin("room:b");

        crash.push("boom");
        crash.assertCrashed();

        room.push("ping").assertOk();
        client.refuteDisconnected();
        crash.join().assertOk(); // phoenix.js rejoins after an error
    }

    @Test
    void stopRepliesThenClosesAndTheClientDoesNotRejoin() {
        ClientChannel stop = kit.socket().subscribeAndJoin("stop:a");

        stop.push("stop").assertOk(Map.of("bye", true));
        stop.assertClosed();

        assertThat(app.starting("stop:a terminate")).containsExactly("stop:a terminate STOPPED");
        stop.push("ping").assertError(Map.of("reason", "unmatched topic"));
    }

    @Test
    void stopWithoutAReplyOnlyCloses() {
        ClientChannel stop = kit.socket().subscribeAndJoin("stop:a");

        Push quiet = stop.push("stop_quietly");
        stop.assertClosed();
        quiet.refuteReply();
    }

    @Test
    void closingTheConnectionTerminatesEveryChannel() {
        ClientSocket client = kit.socket();
        client.subscribeAndJoin("room:a");
        client.subscribeAndJoin("crash:b");

        client.close();
        kit.runPending();

        assertThat(app.starting("room:a terminate")).containsExactly("room:a terminate CONNECTION_CLOSED");
        assertThat(app.starting("crash:b terminate")).containsExactly("crash:b terminate CONNECTION_CLOSED");
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void anAsyncReplyFromAnotherThreadArrives() {
        ClientChannel async = kit.socket().subscribeAndJoin("async:a");

        async.push("later").assertOk(Map.of("late", true));
    }
}
