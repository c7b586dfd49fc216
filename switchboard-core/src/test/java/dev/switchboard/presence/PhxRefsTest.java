package dev.switchboard.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhxRefsTest {

    @Test
    void refsAreSixteenUrlSafeCharactersLikePhoenixs() {
        String ref = new PhxRefs().next();

        assertThat(ref).hasSize(16).matches("[A-Za-z0-9_-]{16}");
    }

    @Test
    void refsOfOneTrackerAndOfTwoTrackersNeverRepeat() {
        PhxRefs one = new PhxRefs();
        PhxRefs two = new PhxRefs();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            assertThat(seen.add(one.next())).isTrue();
            assertThat(seen.add(two.next())).isTrue();
        }
    }
}
