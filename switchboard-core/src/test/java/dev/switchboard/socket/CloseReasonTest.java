package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.ReconnectHint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Typed close reasons (spec §3.9): never 1000, reasons that fit a close frame. */
class CloseReasonTest {

    @Test
    void code1000IsRefusedBecauseOldClientsWouldNotReconnect() {
        assertThatThrownBy(() -> new CloseReason(1000, "bye", CloseReason.Cause.SHUTDOWN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesOutsideTheCloseFrameRangeAreRefused() {
        assertThatThrownBy(() -> new CloseReason(999, "x", CloseReason.Cause.SHUTDOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CloseReason(5000, "x", CloseReason.Cause.SHUTDOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNamedCloseIsCountedUnderItsOwnCause() {
        assertThat(CloseReason.IDLE_TIMEOUT.cause()).isEqualTo(CloseReason.Cause.IDLE_TIMEOUT);
        assertThat(CloseReason.DISCONNECT.cause()).isEqualTo(CloseReason.Cause.DISCONNECTED);
        assertThat(CloseReason.SESSION_EXPIRED.cause()).isEqualTo(CloseReason.Cause.SESSION_EXPIRED);
        assertThat(CloseReason.protocolError("x").cause()).isEqualTo(CloseReason.Cause.PROTOCOL_ERROR);
        assertThat(CloseReason.tooBig("x").cause()).isEqualTo(CloseReason.Cause.OVERSIZED);
        assertThat(CloseReason.invalidMessage("x").cause()).isEqualTo(CloseReason.Cause.UNDECODABLE);
        assertThat(CloseReason.SERVICE_RESTART.cause()).isEqualTo(CloseReason.Cause.SHUTDOWN);
        assertThat(CloseReason.slowConsumer("x").cause()).isEqualTo(CloseReason.Cause.SLOW_CONSUMER);
        assertThat(CloseReason.slowConsumer("x").code()).isEqualTo(1013);
        assertThat(CloseReason.Cause.SLOW_CONSUMER.label()).isEqualTo("slow_consumer");
        assertThat(CloseReason.slowConsumerAge("x").cause()).isEqualTo(CloseReason.Cause.SLOW_CONSUMER_AGE);
        assertThat(CloseReason.slowConsumerAge("x").code()).isEqualTo(1013);
        assertThat(CloseReason.slowConsumerAge("x").reason()).isEqualTo("slow consumer: x");
        assertThat(CloseReason.Cause.SLOW_CONSUMER_AGE.label()).isEqualTo("slow_consumer_age");
        CloseReason draining = CloseReason.draining(Duration.ofSeconds(2));
        assertThat(draining.cause()).isEqualTo(CloseReason.Cause.DRAINED);
        assertThat(draining.code()).isEqualTo(1012);
        assertThat(draining.reason()).isEqualTo("server draining: reconnect within 2000 ms");
        assertThat(ReconnectHint.parse(draining.reason())).contains(Duration.ofSeconds(2));
        assertThat(CloseReason.Cause.DRAINED.label()).isEqualTo("drained");
    }

    @Test
    void theServersCloseCodes() {
        assertThat(CloseReason.DISCONNECT.code()).isEqualTo(1001);
        assertThat(CloseReason.IDLE_TIMEOUT.code()).isEqualTo(1001);
        assertThat(CloseReason.MESSAGE_TOO_BIG.code()).isEqualTo(1009);
        assertThat(CloseReason.SERVICE_RESTART.code()).isEqualTo(1012);
        assertThat(CloseReason.invalidMessage("x").code()).isEqualTo(1011);
        assertThat(CloseReason.tooBig("x").code()).isEqualTo(1009);
    }

    @Test
    void anInvalidMessageReasonNamesTheProblem() {
        assertThat(CloseReason.invalidMessage("V2 message has 2 elements; expected 5").reason())
                .isEqualTo("invalid message: V2 message has 2 elements; expected 5");
    }

    @Test
    void aLongReasonIsCutToFitTheCloseFramesOneHundredAndTwentyThreeBytes() {
        String reason = CloseReason.invalidMessage("x".repeat(500)).reason();

        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSize(123);
        assertThat(reason).startsWith("invalid message: xxx").endsWith("...");
    }

    @Test
    void cuttingNeverSplitsAMultiByteCharacter() {
        for (int pad = 0; pad < 4; pad++) {
            String reason = CloseReason.tooBig("a".repeat(pad) + "é€😀".repeat(40)).reason();

            assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
            assertThat(reason).doesNotContain("\\uFFFD").endsWith("...");
            assertThat(reason.substring(0, reason.length() - 3)).isEqualTo(
                    ("a".repeat(pad) + "é€😀".repeat(40)).substring(0, reason.length() - 3));
        }
    }

    @Test
    void aNullReasonIsEmpty() {
        assertThat(new CloseReason(4000, null, CloseReason.Cause.SHUTDOWN).reason()).isEmpty();
    }
}
