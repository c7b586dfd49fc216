package dev.switchboard.test;

import dev.switchboard.exec.Shard;
import dev.switchboard.history.MemoryHistory;
import dev.switchboard.presence.PresenceOptions;
import dev.switchboard.protocol.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a {@link ChannelTester} runs an application. Every option has a default that suits most
 * tests; {@link #DEFAULTS} is them all.
 *
 * @param execution     where channel callbacks run (default {@link ExecutionMode#DETERMINISTIC}:
 *                      on the test's thread, reproducibly)
 * @param wireFormat    what clients speak unless a connect names its own {@code vsn} (default
 *                      {@link WireFormat#V2}, {@code vsn=2.0.0}, as phoenix.js): every frame goes
 *                      through the real serializer both ways, so a payload that would not survive
 *                      the wire fails the test
 * @param nodes         in-memory nodes sharing a cluster (default 1); with more, each has its own
 *                      endpoint and presence, linked as over Redis (broadcasts, presence
 *                      replication, one history store)
 * @param eventLoops    event loops per node; clients are spread over them in turn (default 1).
 *                      More show what depends on delivery to several loops
 * @param presence      presence batching and replication (default {@link PresenceOptions#DEFAULTS},
 *                      as the server: diffs leave 5 ms after a change)
 * @param historyMaxBytes the cap on the memory all topic histories may hold (default
 *                      {@link MemoryHistory#DEFAULT_MAX_BYTES}, as the server)
 * @param assertTimeout how long an assertion waits for its frame (default 100 ms, as ExUnit's
 *                      {@code assert_receive}). Virtual time: timers within it (a presence batch)
 *                      run, a failing assertion moves the clock by it. Also the real time allowed to
 *                      threads the application starts itself
 * @param refuteTimeout how long a refutation watches for its frame (default 100 ms, as ExUnit's
 *                      {@code refute_receive}); virtual time, so it costs no real time; the clock
 *                      moves by it
 * @param start         what {@link ChannelTester#now()} reads before time is moved (default
 *                      2030-01-01T00:00:00Z: fixed, so tests do not depend on the day they run)
 * @param workerThreads threads per node in {@link ExecutionMode#WORKER_THREADS} mode (default 4)
 */
public record TesterOptions(ExecutionMode execution, WireFormat wireFormat, int nodes, int eventLoops,
                            PresenceOptions presence, long historyMaxBytes, Duration assertTimeout,
                            Duration refuteTimeout, Instant start, int workerThreads) {

    public static final Duration DEFAULT_ASSERT_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_REFUTE_TIMEOUT = Duration.ofMillis(100);
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");
    public static final int DEFAULT_WORKER_THREADS = 4;
    /** More nodes than a test needs to show cluster behaviour; each has its own endpoint. */
    public static final int MAX_NODES = 16;

    public static final TesterOptions DEFAULTS = new TesterOptions(ExecutionMode.DETERMINISTIC, WireFormat.V2, 1, 1,
            PresenceOptions.DEFAULTS, MemoryHistory.DEFAULT_MAX_BYTES, DEFAULT_ASSERT_TIMEOUT, DEFAULT_REFUTE_TIMEOUT,
            DEFAULT_START, DEFAULT_WORKER_THREADS);

    public TesterOptions {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(start, "start");
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1-" + MAX_NODES + ", got " + nodes);
        }
        if (eventLoops < 1 || eventLoops > Shard.MAX_SHARDS) {
            throw new IllegalArgumentException("eventLoops must be 1-" + Shard.MAX_SHARDS + ", got " + eventLoops);
        }
        if (historyMaxBytes < 64 * 1024) {
            throw new IllegalArgumentException("historyMaxBytes must be at least 64 KiB, got " + historyMaxBytes);
        }
        requireNotNegative(assertTimeout, "assertTimeout");
        requireNotNegative(refuteTimeout, "refuteTimeout");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + workerThreads);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    /** Builds options; unset ones keep their defaults. */
    public static final class Builder {
        private ExecutionMode execution;
        private WireFormat wireFormat;
        private int nodes;
        private int eventLoops;
        private PresenceOptions presence;
        private long historyMaxBytes;
        private Duration assertTimeout;
        private Duration refuteTimeout;
        private Instant start;
        private int workerThreads;

        private Builder(TesterOptions from) {
            execution = from.execution;
            wireFormat = from.wireFormat;
            nodes = from.nodes;
            eventLoops = from.eventLoops;
            presence = from.presence;
            historyMaxBytes = from.historyMaxBytes;
            assertTimeout = from.assertTimeout;
            refuteTimeout = from.refuteTimeout;
            start = from.start;
            workerThreads = from.workerThreads;
        }

        public Builder execution(ExecutionMode value) {
            this.execution = value;
            return this;
        }

        /** Shorthand for {@code execution(WORKER_THREADS)} with {@code threads} threads per node. */
        public Builder workerThreads(int threads) {
            this.execution = ExecutionMode.WORKER_THREADS;
            this.workerThreads = threads;
            return this;
        }

        public Builder wireFormat(WireFormat value) {
            this.wireFormat = value;
            return this;
        }

        public Builder nodes(int value) {
            this.nodes = value;
            return this;
        }

        public Builder eventLoops(int value) {
            this.eventLoops = value;
            return this;
        }

        public Builder presence(PresenceOptions value) {
            this.presence = value;
            return this;
        }

        public Builder historyMaxBytes(long value) {
            this.historyMaxBytes = value;
            return this;
        }

        public Builder assertTimeout(Duration value) {
            this.assertTimeout = value;
            return this;
        }

        public Builder refuteTimeout(Duration value) {
            this.refuteTimeout = value;
            return this;
        }

        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        public TesterOptions build() {
            return new TesterOptions(execution, wireFormat, nodes, eventLoops, presence, historyMaxBytes, assertTimeout,
                    refuteTimeout, start, workerThreads);
        }
    }
}
