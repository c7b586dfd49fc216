package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.Recorders;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench churn}: P workers, each running sessions back to back: connect, join, leave,
 * close. Reports completed sessions/s, session latency and failures by stage.
 */
@Command(name = "churn", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Connection churn: P workers each connect, join, leave and close, over and over.")
final class ChurnScenario extends ScenarioCommand {
    /** Pause after a failed session, so a refusing server is not hammered in a tight loop. */
    private static final long BACKOFF_MILLIS = 20;

    @Option(names = {"-p", "--parallel"}, paramLabel = "P", defaultValue = "50", description = "Concurrent workers.")
    int parallel;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "Measured time.")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1", description = "Unmeasured time before.")
    int warmup;

    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder sessions = new LongAdder();
    private Recorders recorders;
    private CountDownLatch stopped;
    private BenchClient client;
    private long measureStart;
    private long stopAt;

    @Override
    String name() {
        return "churn";
    }

    @Override
    int connectionsNeeded() {
        return parallel;
    }

    @Override
    void validate() {
        positive(parallel, "--parallel");
        positive(duration, "--duration");
        notNegative(warmup, "--warmup");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        this.client = client;
        result.param("parallel", parallel).param("duration_s", duration).param("warmup_s", warmup);
        measureStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        stopAt = measureStart + TimeUnit.SECONDS.toNanos(duration);
        recorders = new Recorders(measureStart);
        stopped = new CountDownLatch(parallel);
        for (int w = 0; w < parallel; w++) {
            session("room:" + options.topic + "-churn-" + w);
        }
        sleepUntil(measureStart);
        CpuMeter cpu = cpuMeter();
        cpu.start();
        sleepUntil(stopAt);
        result.cpu(cpu.stop());
        long bound = options.connectTimeout + 3L * options.opTimeout + 5;
        if (!stopped.await(bound, TimeUnit.SECONDS)) {
            result.note(stopped.getCount() + " workers were still in a session " + bound + " s after the end");
        }
        client.quiesce();

        Map<String, Long> byStage = new TreeMap<>();
        failures.forEach((k, v) -> byStage.put(k, v.sum()));
        long errors = byStage.values().stream().mapToLong(Long::longValue).sum();
        var latency = recorders.latency();
        result.result("sessions_per_s", latency.getTotalCount() / (double) duration)
                .result("sessions_total", sessions.sum())
                .result("errors", errors)
                .failures(byStage)
                .latency("session latency (connect to closed)", latency)
                .timeline("sessions", recorders.timeline());
    }

    /** One session, then the next, until the end of the run; every step is asynchronous and bounded. */
    private void session(String topic) {
        if (System.nanoTime() >= stopAt) {
            stopped.countDown();
            return;
        }
        long start = System.nanoTime();
        long op = client.options().opTimeout().toMillis();
        client.connect().whenComplete((c, e) -> {
            if (e != null) {
                failed("connect", e, null, topic);
                return;
            }
            c.join(topic, op).whenComplete((r, je) -> {
                if (je != null) {
                    failed("join", je, c, topic);
                    return;
                }
                c.leave(op).whenComplete((r2, le) -> {
                    if (le != null) {
                        failed("leave", le, c, topic);
                        return;
                    }
                    c.close(op).addListener(f -> {
                        long end = System.nanoTime();
                        sessions.increment();
                        if (start >= measureStart && end < stopAt) recorders.record(end, end - start);
                        session(topic);
                    });
                });
            });
        });
    }

    private void failed(String stage, Throwable e, BenchConnection c, String topic) {
        failures.computeIfAbsent(stage + ": " + Connector.reason(e), k -> new LongAdder()).increment();
        if (c != null) c.channel().close();
        client.group().next().schedule(() -> session(topic), BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
    }
}
