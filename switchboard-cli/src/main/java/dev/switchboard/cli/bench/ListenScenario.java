package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.client.FrameScanner;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.Recorders;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench listen}: N subscribers join one topic that something on the server side feeds (a
 * per-topic bridged program, the publish API) and count what arrives: deliveries/s and, divided
 * by N, messages/s from the source. When the payloads carry a counter ({@code --seq-key}, default
 * {@code n}) every subscriber checks it for gaps and repeats; when they carry the source's send
 * time in microseconds since the epoch ({@code --time-key}, default {@code us}; the source must
 * run on this machine's clock), source-to-delivery latency is recorded too.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Subscribers of a server-fed topic (a bridged program): deliveries/s and source messages/s.")
final class ListenScenario extends ScenarioCommand {

    @Option(names = {"-n", "--subscribers"}, paramLabel = "N", defaultValue = "1000", description = "Connections joined to the topic.")
    int subscribers;

    @Option(names = "--join-topic", paramLabel = "TOPIC", required = true, description = "The full topic to join, e.g. ticker:bench.")
    String joinTopic;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "Measured time.")
    int duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "Time after the last join before measuring.")
    int warmup;

    @Option(names = "--seq-key", paramLabel = "KEY", defaultValue = "n", description = "Payload key of the source's counter.")
    String seqKey;

    @Option(names = "--time-key", paramLabel = "KEY", defaultValue = "us",
            description = "Payload key of the source's send time, microseconds since the epoch (same machine).")
    String timeKey;

    private final LongAdder deliveries = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder repeats = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final Map<BenchConnection, long[]> last = new ConcurrentHashMap<>();
    private volatile boolean counting;

    @Override
    String name() {
        return "listen";
    }

    @Override
    int connectionsNeeded() {
        return subscribers;
    }

    @Override
    void validate() {
        positive(subscribers, "--subscribers");
        positive(duration, "--duration");
        notNegative(warmup, "--warmup");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        result.param("subscribers", subscribers).param("topic", joinTopic).param("duration_s", duration);
        byte[] key = FrameScanner.key(seqKey);
        byte[] sentKey = FrameScanner.key(timeKey);
        Recorders recorders = new Recorders(System.nanoTime());
        // epoch microseconds from the monotonic clock, without a clock call per delivery
        Instant wall = Instant.now();
        long epochMicrosAtZero = wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000 - System.nanoTime() / 1000;
        BenchConnection.Listener listener = (c, f, now) -> {
            int event = f.event();
            if (event == FrameScanner.ERROR || event == FrameScanner.CLOSE) {
                unexpected.increment();
                return;
            }
            if (event == FrameScanner.REPLY || event == FrameScanner.PRESENCE_STATE || event == FrameScanner.PRESENCE_DIFF) {
                return;
            }
            long n = f.number(key);
            long[] previous = last.computeIfAbsent(c, x -> new long[] {FrameScanner.ABSENT});
            if (n != FrameScanner.ABSENT) {
                if (previous[0] != FrameScanner.ABSENT && counting) {
                    if (n > previous[0] + 1) {
                        gaps.add(n - previous[0] - 1);
                    } else if (n <= previous[0]) {
                        repeats.increment();
                    }
                }
                previous[0] = n;
            }
            if (counting) {
                deliveries.increment();
                long sent = f.number(sentKey);
                if (sent != FrameScanner.ABSENT) {
                    recorders.record(now, (epochMicrosAtZero + now / 1000 - sent) * 1000);
                } else {
                    recorders.count(now);
                }
            }
        };
        Connector.Outcome outcome = new Connector(client, options.connectConcurrency).openJoined(subscribers,
                i -> joinTopic, i -> listener, System.nanoTime() + options.phaseNanos());
        result.failures(outcome.failures());
        int joined = outcome.joined().size();
        result.result("subscribers_joined", joined).result("connect_rate_per_s", outcome.rate());
        sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup));

        CpuMeter cpu = cpuMeter();
        cpu.start();
        long start = System.nanoTime();
        recorders.origin(start);
        counting = true;
        sleepUntil(start + TimeUnit.SECONDS.toNanos(duration));
        counting = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        result.cpu(cpu.stop());
        long total = deliveries.sum();
        result.result("deliveries", total)
                .result("deliveries_per_s", total / seconds)
                .result("source_messages_per_s", joined == 0 ? 0.0 : total / seconds / joined)
                .result("gaps", gaps.sum())
                .result("repeats", repeats.sum())
                .latency("source-to-delivery latency", recorders.latency())
                .timeline("deliveries", recorders.timeline());
        result.correctness(new Correctness(total + gaps.sum(), total, gaps.sum(), repeats.sum(), 0,
                unexpected.sum() + unreadable(outcome.joined())));
    }
}
