package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleRingTest {

    @Test
    void keepsTheNewestSamplesOldestFirst() {
        SampleRing ring = new SampleRing(3);
        assertThat(ring.latest()).isNull();
        for (long t = 1; t <= 5; t++) {
            ring.add(sample(t));
        }
        assertThat(ring.since(0)).extracting(Sample::time).containsExactly(3L, 4L, 5L);
        assertThat(ring.since(3)).extracting(Sample::time).containsExactly(4L, 5L);
        assertThat(ring.latest().time()).isEqualTo(5);
    }

    @Test
    void aRingHoldsAtLeastOneSample() {
        assertThatThrownBy(() -> new SampleRing(0)).hasMessage("capacity must be at least 1, got 0");
    }

    private static Sample sample(long time) {
        return new Sample(time, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }
}
