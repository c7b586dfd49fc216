package dev.switchboard.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The join token bucket, on a clock the test moves. */
class JoinRateLimiterTest {
    private long now = 123_456_789L;
    private final JoinRateLimiter limiter = new JoinRateLimiter();
    private final SocketOptions options = SocketOptions.DEFAULTS.withMaxJoinsPerSecond(10);

    private boolean tryAcquire() {
        return limiter.tryAcquire(now, options);
    }

    private int acquireAll() {
        int n = 0;
        while (tryAcquire()) {
            n++;
        }
        return n;
    }

    @Test
    void startsFullSoABurstOfTheBucketSizePasses() {
        assertThat(acquireAll()).as("the burst: 10 s of 10/s").isEqualTo(100);
        assertThat(tryAcquire()).isFalse();
    }

    @Test
    void refillsAtTheRateAndNoFaster() {
        acquireAll();
        now += TimeUnit.MILLISECONDS.toNanos(99);
        assertThat(tryAcquire()).as("not yet one token after 99 ms at 10/s").isFalse();
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(tryAcquire()).isTrue();
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
