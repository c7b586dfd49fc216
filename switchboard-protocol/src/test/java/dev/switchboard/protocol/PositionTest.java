package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The wire form of a position, "<offset>@<epoch>" (RECOVERY.md §1). */
class PositionTest {

    @Test
    void theWireFormIsOffsetAtEpochAndReadsBack() {
        Position p = new Position(42, "k7Qd2x");
        assertThat(p.toString()).isEqualTo("42@k7Qd2x");
        assertThat(Position.parse("42@k7Qd2x")).isEqualTo(p);
        assertThat(Position.parse("0@e").offset()).isZero();
        assertThat(p.next()).isEqualTo(new Position(43, "k7Qd2x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@e", "42", "42@", "-1@e", "01@e", "4 2@e", "42@bad epoch", "42@e@f", "x@e",
            "99999999999999999999@e", "42@123456789012345678901234567890123"})
    void malformedPositionsAreRefusedWithAReason(String wire) {
        assertThatThrownBy(() -> Position.parse(wire)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position");
    }

    @Test
    void anOverlongInputIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> Position.parse("1".repeat(10_000) + "@e")).hasMessageContaining("longer than");
    }
}
