package dev.switchboard.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dating the unsent backlog from byte counts and flush checkpoints. */
class UnsentAgeTest {
    private static final long MS = 1_000_000L;

    @Test
    void nothingUnsentHasNoAge() {
        UnsentAge age = new UnsentAge();
        age.queued(100);
        age.flushed(0, 10 * MS);
        assertThat(age.oldestNanos(0, 5_000 * MS)).isZero();
    }

    @Test
    void theOldestUnsentByteDatesTheBacklog() {
        UnsentAge age = new UnsentAge();
        age.queued(100);
        age.flushed(100, 0);            // bytes 1..100 unsent at t=0
        age.queued(100);
        age.flushed(200, 1_000 * MS);   // bytes 101..200 at t=1 s
        assertThat(age.oldestNanos(200, 3_000 * MS)).isEqualTo(3_000 * MS);
        // The socket took the first 100 bytes: the oldest unsent is now from t=1 s.
        assertThat(age.oldestNanos(100, 3_000 * MS)).isEqualTo(2_000 * MS);
        assertThat(age.oldestNanos(0, 3_000 * MS)).isZero();
    }

    @Test
    void aReaderThatKeepsUpSlowlyIsDatedByItsLagNotByHowLongItHasBeenBusy() {
        UnsentAge age = new UnsentAge();
        long sentSoFar = 0;
        // Ten seconds of a backlog that never empties, but whose bytes leave within 300 ms.
        for (long t = 0; t <= 10_000; t += 100) {
            age.queued(1_000);
            long queued = (t / 100 + 1) * 1_000;
            sentSoFar = Math.max(0, queued - 3_000);
            age.flushed(queued - sentSoFar, t * MS);
        }
        assertThat(age.oldestNanos(3_000, 10_000 * MS)).isLessThanOrEqualTo(300 * MS);
    }

    @Test
    void checkpointsWithinOneBucketMerge() {
        UnsentAge age = new UnsentAge();
        for (int i = 0; i < 1_000; i++) {
            age.queued(10);
            age.flushed(10L * (i + 1), i * 10_000L); // 1,000 flushes within 10 ms
        }
        assertThat(age.oldestNanos(10_000, 50 * MS)).isEqualTo(50 * MS);
    }
}
