package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.client.FrameScanner;
import dev.switchboard.cli.bench.client.Frames;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.Recorders;
import dev.switchboard.cli.bench.stats.SequenceChecker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench rtt}: C clients, each in a closed loop: push {@code ping}, wait for its reply,
 * push the next. Reports replies/s and round-trip latency over the measured window.
 */
@Command(name = "rtt", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Request/reply round trips: C clients each ping, wait for the reply, ping again.")
final class RttScenario extends ScenarioCommand {

    @Option(names = {"-c", "--clients"}, paramLabel = "C", defaultValue = "100", description = "Concurrent clients.")
    int clients;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "Measured time.")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "Unmeasured time before.")
    int warmup;

    private final LongAdder unexpected = new LongAdder();
    private final LongAdder outstanding = new LongAdder();
    private volatile boolean running;
    private Recorders recorders;
    private long measureStart;
    private long stopAt;

    @Override
    String name() {
        return "rtt";
    }

    @Override
    int connectionsNeeded() {
        return clients;
    }

    @Override
    void validate() {
        positive(clients, "--clients");
        positive(duration, "--duration");
        notNegative(warmup, "--warmup");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        result.param("clients", clients).param("duration_s", duration).param("warmup_s", warmup)
                .param("payload_bytes", options.payloadBytes);
        Connector.Outcome joined = new Connector(client, options.connectConcurrency).openJoined(clients,
                i -> "room:" + options.topic + "-rtt", i -> new Pinger(), System.nanoTime() + options.phaseNanos());
        result.failures(joined.failures());
        if (joined.joined().isEmpty()) throw new IllegalStateException("no client could join");
        List<Pinger> pingers = joined.joined().stream().map(c -> (Pinger) c.listener()).toList();

        long now = System.nanoTime();
        measureStart = now + TimeUnit.SECONDS.toNanos(warmup);
        stopAt = measureStart + TimeUnit.SECONDS.toNanos(duration);
        recorders = new Recorders(measureStart);
        running = true;
        for (BenchConnection c : joined.joined()) {
            Pinger p = (Pinger) c.listener();
            c.eventLoop().execute(() -> p.send(c));
        }
        sleepUntil(measureStart);
        CpuMeter cpu = cpuMeter();
        cpu.start();
        sleepUntil(stopAt);
        result.cpu(cpu.stop());
        // Let the last pings come back (bounded), so that none counts as lost.
        await(() -> outstanding.sum() == 0, outstanding::sum, System.nanoTime() + options.drainNanos());
        running = false;
        client.quiesce();

        long sent = 0;
        for (Pinger p : pingers) sent += p.sent;
        Correctness c = Correctness.NONE;
        for (Pinger p : pingers) c = c.plus(Correctness.of(List.of(p.checker), p.sent, 0));
        var latency = recorders.latency();
        result.result("replies_per_s", latency.getTotalCount() / (double) duration)
                .result("clients_joined", pingers.size())
                .result("pings_sent", sent)
                .correctness(c.plusErrors(unexpected.sum() + unreadable(joined.joined())))
                .latency("round-trip latency", latency)
                .timeline("replies", recorders.timeline());
    }

    /** One client's loop, on its connection's event loop. */
    private final class Pinger implements BenchConnection.Listener {
        final SequenceChecker checker = new SequenceChecker();
        long sent;

        void send(BenchConnection c) {
            c.push(Frames.PING, Frames.payload(1, sent++, System.nanoTime(), options.payloadBytes));
            c.flush();
            outstanding.increment();
        }

        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.ref() < 0) {
                if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) unexpected.increment();
                return; // heartbeat replies and other traffic
            }
            outstanding.decrement();
            if (f.event() != FrameScanner.REPLY || !f.statusOk()) {
                unexpected.increment();
            } else {
                f.readBenchNumbers();
                checker.accept(f.seq());
                if (now >= measureStart && now < stopAt) recorders.record(now, now - f.time());
            }
            if (now < stopAt && running) send(c);
        }

        @Override
        public void onClosed(BenchConnection c) {
            if (running) unexpected.increment();
        }
    }
}
