package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.protocol.Position;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Positions and recovery (RECOVERY.md) as a client lives them: positions in the ref slot, a
 * reconnect that rejoins with the last position and gets what it missed once, in order, and every
 * way recovery is refused with its reason.
 */
class RecoveryTest {
    private static final HistoryOptions FIVE = HistoryOptions.of(5, Duration.ofMinutes(5));
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.builder(SocketOptions.DEFAULTS)
            .history("room:*", FIVE)
            .build());

    private void say(int n) {
        kit.broadcast("room:a", "msg", Map.of("n", n));
    }

    @Test
    void recoverTrueAnswersRecoveredAndThenPositionsInTheRefSlot() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a", Map.of("recover", true));

        Recovery recovery = room.recovery();
        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.replayed()).isZero();
        assertThat(recovery.position().offset()).isZero();

        say(1);
        ReceivedFrame live = room.assertPush("msg", Map.of("n", 1));
        assertThat(live.position()).isEqualTo(new Position(1, recovery.position().epoch()));
        assertThat(live.wire()).isEqualTo("[null,\"1@" + recovery.position().epoch() + "\",\"room:a\",\"msg\",{\"n\":1}]");
        assertThat(room.lastPosition()).isEqualTo(live.position());
    }

    @Test
    void aClientThatDoesNotAskGetsPhoenixFramesByteForByte() {
        ClientChannel plain = kit.socket().subscribeAndJoin("room:a");

        say(1);

        assertThat(plain.assertPush("msg").wire()).isEqualTo("[null,null,\"room:a\",\"msg\",{\"n\":1}]");
        assertThat(plain.recovery()).isNull();
        assertThat(plain.lastPosition()).isNull();
    }

    @Test
    void aReconnectingClientGetsWhatItMissedOnceInOrderThenLive() {
        ClientSocket ann = kit.socket();
        ClientChannel room = ann.subscribeAndJoin("room:a", Map.of("recover", true));
        say(1);
        room.assertPush("msg", Map.of("n", 1));

        ann.close();
        say(2);
        say(3);
        ann.reconnect();
        say(4);

        assertThat(room.recovery()).isEqualTo(new Recovery(true, room.recovery().position(), 2, null));
        room.assertReplay("msg", Map.of("n", 2));
        room.assertReplay("msg", Map.of("n", 3));
        assertThat(room.assertPush("msg", Map.of("n", 4)).kind()).isEqualTo(ReceivedFrame.Kind.BROADCAST);
        room.refutePush("msg");
        assertThat(room.lastPosition().offset()).isEqualTo(4);
    }

    @Test
    void theRejoinAsksFromTheLastPositionAndTheAppNeverSeesTheRecoverKey() {
        ClientSocket ann = kit.socket();
        ClientChannel room = ann.subscribeAndJoin("room:a", Map.of("recover", true, "nick", "ann"));
        say(1);
        room.assertPush("msg");

        ann.reconnect();

        String rejoin = ann.unasserted().stream().map(ReceivedFrame::wire).filter(w -> w.contains("phx_reply")).findFirst().orElse("");
        assertThat(kit.transcript()).contains("\"recover\":\"1@" + room.lastPosition().epoch() + "\"");
        assertThat(rejoin).isEmpty(); // the rejoin's reply was taken by reconnect(): joinReply() has it
        assertThat(room.joinReply().response().path("recovery").path("recovered").asBoolean()).isTrue();
    }

    @Test
    void aClientThatMissedMoreThanTheHistoryKeepsIsToldTooOld() {
        ClientSocket ann = kit.socket();
        ClientChannel room = ann.subscribeAndJoin("room:a", Map.of("recover", true));
        say(1);
        room.assertPush("msg");

        ann.close();
        for (int n = 2; n <= 10; n++) {
            say(n);
        }
        ann.reconnect();

        Recovery recovery = room.recovery();
        assertThat(recovery.recovered()).isFalse();
        assertThat(recovery.reason()).isEqualTo("too_old");
        assertThat(recovery.position().offset()).isEqualTo(10);
        room.refutePush("msg");
        say(11);
        room.assertPush("msg", Map.of("n", 11));
    }

    @Test
    void aClientBackAfterTheHistoryExpiredIsToldTheEpochChanged() {
        ClientSocket ann = kit.socket();
        ClientChannel room = ann.subscribeAndJoin("room:a", Map.of("recover", true));
        say(1);
        room.assertPush("msg");
        ann.close();

        kit.advance(Duration.ofMinutes(6));
        say(2);
        ann.reconnect();

        assertThat(room.recovery().reason()).isEqualTo("epoch_changed");
        assertThat(room.recovery().position().offset()).isEqualTo(1);
    }

    @Test
    void aTopicWithoutHistoryAnswersNoHistory() {
        ClientChannel lobby = kit.socket().subscribeAndJoin("loop:a", Map.of("recover", true));

        assertThat(lobby.recovery()).isEqualTo(new Recovery(false, null, 0, "no_history"));
    }

    @Test
    void aMalformedPositionAnswersInvalidPosition() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a", Map.of("recover", "not-a-position"));

        assertThat(room.recovery().recovered()).isFalse();
        assertThat(room.recovery().reason()).isEqualTo("invalid_position");
    }

    @Test
    void aBroadcastFromAChannelTakesAPositionToo() {
        ClientChannel ann = kit.socket().subscribeAndJoin("room:a", Map.of("recover", true));
        ClientChannel bob = kit.socket().subscribeAndJoin("room:a");

        ann.push("shout", Map.of("body", "hi"));

        assertThat(ann.assertPush("shout").position().offset()).isEqualTo(1);
        assertThat(bob.assertPush("shout").position()).isNull();
        assertThat(bob.assertBroadcast("shout").position().offset()).isEqualTo(1);
    }
}
