package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectHintTest {

    @Test
    void aHintIsReadFromTheEndOfACloseReason() {
        assertThat(ReconnectHint.format(Duration.ofMillis(2500))).isEqualTo("reconnect within 2500 ms");
        assertThat(ReconnectHint.parse("server draining: reconnect within 2500 ms")).contains(Duration.ofMillis(2500));
        assertThat(ReconnectHint.parse("reconnect within 1 ms")).contains(Duration.ofMillis(1));
    }

    @Test
    void reasonsWithoutAWellFormedHintHaveNone() {
        assertThat(ReconnectHint.parse(null)).isEmpty();
        assertThat(ReconnectHint.parse("server draining: reconnect")).isEmpty();
        assertThat(ReconnectHint.parse("reconnect within 2500 ms, or not")).isEmpty();
        assertThat(ReconnectHint.parse("reconnect within -5 ms")).isEmpty();
        assertThat(ReconnectHint.parse("reconnect within 0 ms")).isEmpty();
        assertThat(ReconnectHint.parse("reconnect within 999999999999 ms")).isEmpty();
        assertThat(ReconnectHint.parse("reconnect within 99999999 ms")).isEmpty(); // beyond a day
    }

    @Test
    void onlyWindowsFromAMillisecondToADayCanBeHinted() {
        assertThatThrownBy(() -> ReconnectHint.format(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectHint.format(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
