package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(50);
    private static final Duration CAP = Duration.ofSeconds(5);

    @Test
    void fullJitterStaysBetweenZeroAndTheDoublingCeiling() {
        Backoff backoff = Backoff.fullJitter(BASE, CAP);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(CAP.toNanos(), BASE.toNanos() << (attempt - 1));
            for (int i = 0; i < 2_000; i++) {
                long d = backoff.delay(attempt).toNanos();
                assertThat(d).as("attempt %d", attempt).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    void fullJitterSpreadsDelaysUniformly() {
        Backoff backoff = Backoff.fullJitter(BASE, CAP);
        int samples = 20_000;
        double mean = IntStream.range(0, samples).mapToLong(i -> backoff.delay(20).toMillis()).average().orElseThrow();
        assertThat(mean).as("uniform on [0, 5 s] has mean 2.5 s").isBetween(2_350.0, 2_650.0);
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            distinct.add(backoff.delay(20).toMillis());
        }
        assertThat(distinct.size()).as("1,000 clients reconnect at different moments").isGreaterThan(800);
        long belowOneSecond = IntStream.range(0, samples).filter(i -> backoff.delay(20).toMillis() < 1_000).count();
        assertThat(belowOneSecond / (double) samples).as("a fifth of them within the first second").isBetween(0.17, 0.23);
    }

    @Test
    void hugeAttemptCountsDoNotOverflow() {
        Backoff backoff = Backoff.fullJitter(Duration.ofDays(1), Duration.ofDays(2));
        for (int attempt : new int[] {62, 63, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(attempt)).isBetween(Duration.ZERO, Duration.ofDays(2));
        }
        assertThat(Backoff.fullJitter(BASE, CAP).delay(0)).isBetween(Duration.ZERO, BASE);
    }

    @Test
    void aServerWindowSpreadsTheReconnectsUniformlyOverIt() {
        Backoff backoff = Backoff.steps(Duration.ofMillis(7));
        Duration window = Duration.ofSeconds(2);
        int[] quarters = new int[4];
        for (int i = 0; i < 4_000; i++) {
            Duration delay = backoff.delay(1, window);
            assertThat(delay).isBetween(Duration.ZERO, window);
            quarters[(int) Math.min(3, delay.toMillis() / 500)]++;
        }
        // Uniform: each quarter of the window gets about 1,000 of 4,000 (a bound far outside chance).
        assertThat(java.util.Arrays.stream(quarters).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(800, 1_200));
        assertThat(backoff.delay(1, null)).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void theWindowComesFromTheServersCloseReason() {
        assertThat(new CloseInfo(1012, "server draining: reconnect within 2000 ms", false).reconnectHint())
                .contains(Duration.ofSeconds(2));
        assertThat(new CloseInfo(1012, "server restarting", false).reconnectHint()).isEmpty();
        assertThat(new CloseInfo(1000, "reconnect within 2000 ms", true).reconnectHint())
                .as("a close this client made carries no server hint").isEmpty();
    }

    @Test
    void phoenixSchedules() {
        Backoff reconnect = Backoff.phoenixReconnect();
        assertThat(IntStream.rangeClosed(1, 11).mapToObj(reconnect::delay).map(Duration::toMillis))
                .containsExactly(10L, 50L, 100L, 150L, 200L, 250L, 500L, 1000L, 2000L, 5000L, 5000L);
        Backoff rejoin = Backoff.phoenixRejoin();
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(rejoin::delay).map(Duration::toMillis))
                .containsExactly(1000L, 2000L, 5000L, 10_000L, 10_000L);
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> Backoff.fullJitter(Duration.ZERO, CAP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.fullJitter(CAP, BASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Backoff::steps).isInstanceOf(IllegalArgumentException.class);
    }
}
