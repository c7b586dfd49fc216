package dev.switchboard.bridge.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The bridge's counters, kept here (cheap {@link LongAdder}s) and read by the registry when it is
 * scraped, so counting starts before a registry is bound and costs nothing on the hot path.
 * Every meter is tagged {@code mode} ({@code websocketd} or {@code channel}).
 *
 * <ul>
 *   <li>{@value #REFUSALS} ({@code reason}): one per {@link Refusal}, bound up front so a limit
 *       never hit still shows as 0;</li>
 *   <li>{@value #STARTED}, {@value #RUNNING}: programs started since start-up, running now;</li>
 *   <li>{@value #LINES_OUT}, {@value #LINES_IN}: lines (or binary chunks) read from programs and
 *       written to them;</li>
 *   <li>{@value #THROTTLED}: output lines that waited for a program's rate cap;</li>
 *   <li>{@value #KILLED}: programs that needed SIGKILL.</li>
 * </ul>
 */
public final class BridgeMetrics implements MeterBinder {
    public static final String REFUSALS = "switchboard.bridge.refusals";
    public static final String STARTED = "switchboard.bridge.programs.started";
    public static final String RUNNING = "switchboard.bridge.programs.running";
    public static final String LINES_OUT = "switchboard.bridge.lines.out";
    public static final String LINES_IN = "switchboard.bridge.lines.in";
    public static final String THROTTLED = "switchboard.bridge.throttled";
    public static final String KILLED = "switchboard.bridge.programs.killed";

    private final String mode;
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final LongAdder started = new LongAdder();
    private final AtomicLong running = new AtomicLong();
    private final LongAdder linesOut = new LongAdder();
    private final LongAdder linesIn = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder killed = new LongAdder();

    /** @param mode the {@code mode} tag: {@code websocketd} or {@code channel} */
    public BridgeMetrics(String mode) {
        this.mode = mode;
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    public long refusals(Refusal reason) {
        return refusals.get(reason).sum();
    }

    public void started() {
        started.increment();
        running.incrementAndGet();
    }

    public void exited() {
        running.decrementAndGet();
    }

    public long running() {
        return running.get();
    }

    public long startedCount() {
        return started.sum();
    }

    public void lineOut() {
        linesOut.increment();
    }

    public void lineIn() {
        linesIn.increment();
    }

    public long linesOut() {
        return linesOut.sum();
    }

    public long linesIn() {
        return linesIn.sum();
    }

    public void throttled() {
        throttled.increment();
    }

    public long throttledCount() {
        return throttled.sum();
    }

    public void killed() {
        killed.increment();
    }

    public long killedCount() {
        return killed.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<Refusal, LongAdder> e : refusals.entrySet()) {
            FunctionCounter.builder(REFUSALS, e.getValue(), LongAdder::sum)
                    .tag("mode", mode).tag("reason", e.getKey().tag())
                    .description("Requests, joins, messages and output lines the bridge refused, by reason")
                    .register(registry);
        }
        counter(registry, STARTED, started, "Programs started");
        Gauge.builder(RUNNING, running, AtomicLong::get).tag("mode", mode)
                .description("Programs running now").register(registry);
        counter(registry, LINES_OUT, linesOut, "Lines (binary: chunks) read from programs' stdout");
        counter(registry, LINES_IN, linesIn, "Messages written to programs' stdin");
        counter(registry, THROTTLED, throttled, "Output lines that waited for a program's rate cap");
        counter(registry, KILLED, killed, "Programs that ignored SIGINT and SIGTERM and needed SIGKILL");
    }

    /** A gauge of another source, tagged with this mode (e.g. a cap's running count). */
    public void bindGauge(MeterRegistry registry, String name, IntSupplier value, String description) {
        Gauge.builder(name, value, IntSupplier::getAsInt).tag("mode", mode).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).tag("mode", mode).description(description)
                .register(registry);
    }
}
