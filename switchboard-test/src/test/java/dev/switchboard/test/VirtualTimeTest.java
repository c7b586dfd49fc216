package dev.switchboard.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.HistoryOptions;
import dev.switchboard.socket.CloseReason;
import dev.switchboard.socket.SocketOptions;
import dev.switchboard.test.junit.ChannelTesterExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time under the test's control: the idle timeout, heartbeats, history expiry, the clock itself. */
class VirtualTimeTest {
    private final SpecApp app = new SpecApp();

    @RegisterExtension
    final ChannelTesterExtension kit = ChannelTesterExtension.of(app.builder(SocketOptions.DEFAULTS)
            .history("room:*", HistoryOptions.of(100, Duration.ofMinutes(5)))
            .build());

    @Test
    void aConnectionIdleForTheTimeoutIsClosedWith1001InMicroseconds() {
        ClientSocket client = kit.socket();
        client.subscribeAndJoin("room:a");
        long realStart = System.nanoTime();

        kit.advance(Duration.ofSeconds(60));
        assertThat(client.isConnected()).as("at exactly the timeout").isTrue();
        kit.advance(Duration.ofMillis(1));

        CloseReason reason = client.assertDisconnected(1001);
        assertThat(reason).isEqualTo(CloseReason.IDLE_TIMEOUT);
        assertThat(app.starting("room:a terminate")).containsExactly("room:a terminate CONNECTION_CLOSED");
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void heartbeatsKeepAConnectionOpenForAnHour() {
        ClientSocket client = kit.socket();

        for (int i = 0; i < 120; i++) {
            kit.advance(Duration.ofSeconds(30)); // phoenix.js's heartbeat interval
            client.heartbeat();
        }

        assertThat(kit.elapsed()).isEqualTo(Duration.ofHours(1));
        client.refuteDisconnected();
    }

    @Test
    void anyFrameFromTheClientCountsAsLife() {
        ClientSocket client = kit.socket();
        ClientChannel room = client.subscribeAndJoin("room:a");

        kit.advance(Duration.ofSeconds(50));
        room.push("silent");
        kit.advance(Duration.ofSeconds(50));
        client.refuteDisconnected();

        kit.advance(Duration.ofSeconds(11));
        client.assertDisconnected(1001);
    }

    @Test
    void theIdleTimeoutIsTheSocketsOption() {
        ChannelTester quick = ChannelTester.of(app.socket(SocketOptions.DEFAULTS.withIdleTimeout(Duration.ofSeconds(5))));
        ClientSocket client = quick.socket();

        quick.advance(Duration.ofSeconds(6));

        client.assertDisconnected(1001);
        quick.close();
    }

    @Test
    void aTopicQuietForLongerThanItsHistoryTtlStartsANewEpoch() {
        TopicObserver room = kit.subscribe("room:a");
        kit.broadcast("room:a", "msg", Map.of("n", 1));
        String firstEpoch = room.assertBroadcast("msg").position().epoch();

        kit.advance(Duration.ofMinutes(5).plusSeconds(1));
        kit.broadcast("room:a", "msg", Map.of("n", 2));

        ReceivedFrame second = room.assertBroadcast("msg", Map.of("n", 2));
        assertThat(second.position().epoch()).isNotEqualTo(firstEpoch);
        assertThat(second.position().offset()).isEqualTo(1);
    }

    @Test
    void aClientThatOnlyListensIsClosedAfterTheTimeoutUnlessItSendsHeartbeats() {
        ClientChannel quiet = kit.socket().subscribeAndJoin("room:a");
        ClientSocket beating = kit.socket();
        ClientChannel listening = beating.subscribeAndJoin("room:a");

        for (int i = 0; i < 10; i++) {
            kit.advance(Duration.ofSeconds(30));
            beating.heartbeat();
        }
        kit.broadcast("room:a", "msg", Map.of("n", 1));

        quiet.socket().assertDisconnected(1001);
        quiet.refutePush("msg");
        listening.assertPush("msg", Map.of("n", 1));
    }

    @Test
    void theClockStartsAtAFixedInstantAndMovesOnlyWithTheTest() {
        assertThat(kit.now()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(kit.clock().instant()).isEqualTo(kit.now());

        kit.advance(Duration.ofDays(2));

        assertThat(kit.clock().instant()).isEqualTo(Instant.parse("2030-01-03T00:00:00Z"));
        assertThat(kit.elapsed()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void aFailedAssertionHasWaitedItsTimeoutOnTheVirtualClock() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");

        try {
            room.assertPush("never");
        } catch (AssertionError expected) {
            // as assert_receive, the wait took its 100 ms: of virtual time
        }

        assertThat(kit.elapsed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRefutationWatchesForItsTimeoutOfVirtualTime() {
        ClientChannel room = kit.socket().subscribeAndJoin("room:a");

        room.refutePush("never");

        assertThat(kit.elapsed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void timeNeverMovesBackwards() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kit.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward");
    }
}
