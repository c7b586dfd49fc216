package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.client.FrameScanner;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench idle}: opens N joined connections and holds them (with heartbeats). With
 * {@code --server-pid} it reports the server's resident memory before and after, per connection.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Many idle joined connections: connect rate and server memory per connection (--server-pid).")
final class IdleScenario extends ScenarioCommand {

    @Option(names = {"-n", "--connections"}, paramLabel = "N", defaultValue = "19000",
            description = "Connections to open; one process can hold about 19,900 (20,000 open files).")
    int connections;

    @Option(names = "--topics", paramLabel = "T", defaultValue = "1",
            description = "Spread the connections over room:NAME-0 … room:NAME-(T-1).")
    int topics;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "5",
            description = "Wait after the last join before reading the server's memory.")
    int settle;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "10",
            description = "Keep the connections open this long after measuring.")
    int hold;

    private final LongAdder closedEarly = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private volatile boolean holding = true;

    @Override
    String name() {
        return "idle";
    }

    @Override
    int connectionsNeeded() {
        return connections;
    }

    @Override
    void validate() {
        positive(connections, "--connections");
        positive(topics, "--topics");
        notNegative(settle, "--settle");
        notNegative(hold, "--hold");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        result.param("connections", connections).param("topics", topics).param("settle_s", settle).param("hold_s", hold);
        long rssBefore = server == null ? -1 : server.rssBytes();
        CpuMeter cpu = cpuMeter();
        cpu.start();
        BenchConnection.Listener listener = new BenchConnection.Listener() {
            @Override
            public void onFrame(BenchConnection c, FrameScanner f, long now) {
                if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) unexpected.increment();
            }

            @Override
            public void onClosed(BenchConnection c) {
                if (holding) closedEarly.increment();
            }
        };
        Connector.Outcome outcome = new Connector(client, options.connectConcurrency).openJoined(connections,
                i -> "room:" + options.topic + "-" + (i % topics), i -> listener, System.nanoTime() + options.phaseNanos());
        result.failures(outcome.failures());
        int joined = outcome.joined().size();
        result.result("connections_joined", joined)
                .result("connect_rate_per_s", outcome.rate())
                .result("connect_phase_s", outcome.elapsedNanos() / 1e9);

        sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(settle));
        if (server != null) {
            long rssAfter = server.rssBytes();
            result.result("server_rss_before_mib", rssBefore / 1048576.0)
                    .result("server_rss_after_mib", rssAfter / 1048576.0)
                    .result("server_rss_per_connection_kib", joined == 0 ? 0.0 : (rssAfter - rssBefore) / 1024.0 / joined);
        } else {
            result.note("no --server-pid: server memory not measured");
        }
        CpuMeter holdCpu = cpuMeter();
        holdCpu.start();
        sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(hold));
        CpuMeter.CpuUsage held = holdCpu.stop();
        result.cpu(cpu.stop());
        holding = false;
        result.result("still_open_after_hold", client.openConnections())
                .result("bench_cpu_percent_while_holding", held.benchPercentOfOneCore());
        if (held.hasServer()) result.result("server_cpu_percent_while_holding", held.serverPercentOfOneCore());
        result.latency("connect + join latency", outcome.joinLatency()).timeline("joins", outcome.joinTimeline());
        result.correctness(new Correctness(connections, joined, 0, 0, 0, closedEarly.sum() + unexpected.sum()
                + unreadable(outcome.joined())));
    }
}
