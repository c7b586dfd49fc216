package dev.switchboard.server.drain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server drains (see {@link Drainer}). The batch defaults are Phoenix's socket drainer's
 * ({@code drainer: [batch_size: 10_000, batch_interval: 2_000, shutdown: 30_000]}), so a node
 * sheds its clients the way a Phoenix node does.
 *
 * @param healthGrace   how long {@code /health} answers 503 before the listener closes (default
 *                      5 s: a balancer checking every 2 s notices within two checks and stops sending
 *                      new clients, which would otherwise be refused at the TCP level meanwhile).
 *                      Counts towards the deadline
 * @param batchSize     connections closed per batch (default 10,000). When that many per
 *                      {@code batchInterval} would not finish before the deadline, batches grow so
 *                      that they do: the closes always spread over the time that is left
 * @param batchInterval time between batches (default 2 s: other nodes absorb a batch of
 *                      reconnects and rejoins before the next one comes)
 * @param deadline      time from the start of the drain after which every connection still open
 *                      is closed at once and the drain ends (default 30 s, Phoenix's shutdown and
 *                      the usual grace a container gets between SIGTERM and SIGKILL)
 */
public record DrainOptions(Duration healthGrace, int batchSize, Duration batchInterval, Duration deadline) {
    public static final Duration DEFAULT_HEALTH_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public static final DrainOptions DEFAULTS = new DrainOptions(DEFAULT_HEALTH_GRACE, DEFAULT_BATCH_SIZE,
            DEFAULT_BATCH_INTERVAL, DEFAULT_DEADLINE);

    public DrainOptions {
        Objects.requireNonNull(healthGrace, "healthGrace");
        Objects.requireNonNull(batchInterval, "batchInterval");
        Objects.requireNonNull(deadline, "deadline");
        if (healthGrace.isNegative()) {
            throw new IllegalArgumentException("healthGrace must not be negative, got " + healthGrace);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (batchInterval.toMillis() < 1) {
            throw new IllegalArgumentException("batchInterval must be at least 1 ms, got " + batchInterval);
        }
        if (deadline.compareTo(healthGrace) <= 0) {
            throw new IllegalArgumentException("deadline (" + deadline.toMillis() + " ms) must be longer than healthGrace ("
                    + healthGrace.toMillis() + " ms): the connections are closed between the two");
        }
    }

    public DrainOptions withHealthGrace(Duration value) {
        return new DrainOptions(value, batchSize, batchInterval, deadline);
    }

    public DrainOptions withBatchSize(int value) {
        return new DrainOptions(healthGrace, value, batchInterval, deadline);
    }

    public DrainOptions withBatchInterval(Duration value) {
        return new DrainOptions(healthGrace, batchSize, value, deadline);
    }

    public DrainOptions withDeadline(Duration value) {
        return new DrainOptions(healthGrace, batchSize, batchInterval, value);
    }
}
