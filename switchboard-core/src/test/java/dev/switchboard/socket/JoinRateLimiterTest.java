package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The join token bucket, on a clock the test moves. */
class JoinRateLimiterTest {
    private long now = 123_456_789L;
    private final JoinRateLimiter limiter = new JoinRateLimiter(() -> now, 10, 100);

    private int acquireAll() {
        int n = 0;
        while (limiter.tryAcquire()) {
            n++;
        }
        return n;
    }

    @Test
    void startsFullSoABurstOfTheBucketSizePasses() {
        assertThat(acquireAll()).isEqualTo(100);
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void refillsAtTheRateAndNoFaster() {
        acquireAll();
        now += TimeUnit.MILLISECONDS.toNanos(99);
        assertThat(limiter.tryAcquire()).as("not yet one token after 99 ms at 10/s").isFalse();
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(limiter.tryAcquire()).isTrue();
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(acquireAll()).isEqualTo(10);
    }

    @Test
    void neverHoldsMoreThanTheBurstHoweverLongItRests() {
        acquireAll();
        now += TimeUnit.HOURS.toNanos(1);
        assertThat(acquireAll()).isEqualTo(100);
    }
}
