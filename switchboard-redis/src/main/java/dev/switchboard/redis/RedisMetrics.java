package dev.switchboard.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What a node's Redis link did since start. Counted in plain adders whether or not a registry
 * is bound, so tests and health details can read them; {@link #bindTo} exposes them to
 * Micrometer (Prometheus: {@code switchboard_redis_published_total} and so on).
 */
public final class RedisMetrics implements MeterBinder {
    public static final String PUBLISHED = "switchboard.redis.published";
    public static final String PUBLISH_FAILURES = "switchboard.redis.publish.failures";
    public static final String RECEIVED = "switchboard.redis.received";
    public static final String INVALID = "switchboard.redis.received.invalid";
    public static final String RECONNECTS = "switchboard.redis.reconnects";
    public static final String CONNECTED = "switchboard.redis.connected";
    public static final String HISTORY_PUBLISHED = "switchboard.redis.history.published";
    public static final String HISTORY_ERRORS = "switchboard.redis.history.errors";
    public static final String GAPS_FILLED = "switchboard.redis.history.gap.filled";
    public static final String GAPS_LOST = "switchboard.redis.history.gap.lost";

    private final LongAdder published = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder historyPublished = new LongAdder();
    private final LongAdder historyErrors = new LongAdder();
    private final LongAdder gapsFilled = new LongAdder();
    private final LongAdder gapsLost = new LongAdder();
    private final BooleanSupplier connected;

    RedisMetrics(BooleanSupplier connected) {
        this.connected = connected;
    }

    /** Envelopes (broadcasts and node messages) Redis accepted. */
    public long published() {
        return published.sum();
    }

    /** Envelopes not sent: Redis away (rejected at once), timed out, or refused. */
    public long publishFailures() {
        return publishFailures.sum();
    }

    /** Envelopes from other nodes read and handed on. */
    public long received() {
        return received.sum();
    }

    /** Messages on the cluster's channels that were not readable envelopes, ignored. */
    public long invalid() {
        return invalid.sum();
    }

    /** Times the link came back (reconnected and resubscribed) after losing Redis. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Broadcasts to history topics that got their position in Redis. */
    public long historyPublished() {
        return historyPublished.sum();
    }

    /** History scripts that failed (publishes not accepted, reads not answered): Redis away or refusing. */
    public long historyErrors() {
        return historyErrors.sum();
    }

    /** Broadcasts a node read from a topic's stream because Pub/Sub did not bring them. */
    public long gapsFilled() {
        return gapsFilled.sum();
    }

    /** Broadcasts a node could not deliver live because the stream no longer held them. */
    public long gapsLost() {
        return gapsLost.sum();
    }

    void historyPublished(boolean ok) {
        (ok ? historyPublished : historyErrors).increment();
    }

    void historyRead(boolean ok) {
        if (!ok) {
            historyErrors.increment();
        }
    }

    void gapFilled() {
        gapsFilled.increment();
    }

    void gapLost(long n) {
        gapsLost.add(n);
    }

    void published(boolean ok) {
        (ok ? published : publishFailures).increment();
    }

    void countReceived() {
        received.increment();
    }

    void countInvalid() {
        invalid.increment();
    }

    void reconnected() {
        reconnects.increment();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, PUBLISHED, published, "Envelopes published to Redis (broadcasts and node messages)");
        counter(registry, PUBLISH_FAILURES, publishFailures, "Envelopes that could not be published (Redis away, timeout)");
        counter(registry, RECEIVED, received, "Envelopes received from other nodes");
        counter(registry, INVALID, invalid, "Unreadable or foreign messages on the cluster's channels, ignored");
        counter(registry, RECONNECTS, reconnects, "Times the Redis link came back and resubscribed");
        counter(registry, HISTORY_PUBLISHED, historyPublished, "Broadcasts to history topics positioned in Redis");
        counter(registry, HISTORY_ERRORS, historyErrors, "History scripts that failed: publishes not accepted, reads not answered");
        counter(registry, GAPS_FILLED, gapsFilled, "Broadcasts read from a topic's stream because Pub/Sub did not bring them");
        counter(registry, GAPS_LOST, gapsLost, "Broadcasts not delivered live because the stream no longer held them");
        Gauge.builder(CONNECTED, connected, c -> c.getAsBoolean() ? 1 : 0)
                .description("1 while the Redis link is connected and subscribed, else 0")
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
    }
}
