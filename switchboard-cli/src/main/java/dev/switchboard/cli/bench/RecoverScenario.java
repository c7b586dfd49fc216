package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.client.FrameScanner;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.Recorders;
import dev.switchboard.cli.bench.stats.SequenceChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench recover}: the reconnect storm after an outage. N clients join a topic asking for
 * positions ({@code "recover": true}, RECOVERY.md), each receives one message so it holds a
 * position, then all their connections drop at once. During a gap of G seconds one publisher
 * sends M messages. Then all N reconnect together, rejoin with their last position, and must
 * each receive the M messages from history exactly once, in order. Reports the time until every
 * client has caught up, the catch-up latency per client and the server's CPU during the storm.
 */
@Command(name = "recover", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Recovery storm: N clients drop, M messages are published during a gap, all rejoin with their"
                + " last position and catch up from history.")
final class RecoverScenario extends ScenarioCommand {
    private static final byte[] SEQ = FrameScanner.key("s");

    @Option(names = {"-n", "--clients"}, paramLabel = "N", defaultValue = "1000", description = "Clients that drop and recover.")
    int clients;

    @Option(names = {"-m", "--missed"}, paramLabel = "M", defaultValue = "500", description = "Messages published while they are away.")
    int missed;

    @Option(names = "--gap", paramLabel = "SECONDS", defaultValue = "10", description = "How long they stay away.")
    int gap;

    private final AtomicInteger seeded = new AtomicInteger();
    private final AtomicInteger caughtUp = new AtomicInteger();
    private final LongAdder frames = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder published = new LongAdder();
    private volatile boolean recovering;
    private Recorders recorders;
    private volatile long stormStart;

    @Override
    String name() {
        return "recover";
    }

    @Override
    int connectionsNeeded() {
        return clients + 1;
    }

    @Override
    void validate() {
        positive(clients, "--clients");
        positive(missed, "--missed");
        notNegative(gap, "--gap");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        result.param("clients", clients).param("missed_messages", missed).param("gap_s", gap)
                .param("payload_bytes", options.payloadBytes);
        String topic = "room:" + options.topic + "-recover";
        Connector connector = new Connector(client, options.connectConcurrency);

        // 1. A publisher, and N clients that ask for positions.
        Connector.Outcome publisherJoin = connector.openJoined(1, i -> topic, i -> new PublisherEcho(),
                System.nanoTime() + options.phaseNanos());
        if (publisherJoin.joined().isEmpty()) throw new IllegalStateException("the publisher could not join " + topic + ": " + publisherJoin.failures());
        BenchConnection publisher = publisherJoin.joined().get(0);
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) all.add(new Client());
        Connector.Outcome first = connector.openJoined(clients, i -> topic, all::get, i -> "{\"recover\":true}",
                System.nanoTime() + options.phaseNanos());
        result.failures(prefixed("first join: ", first.failures()));
        if (first.joined().isEmpty()) throw new IllegalStateException("no client could join " + topic);

        // 2. One message, so that every client holds a position.
        publish(publisher, "{\"seed\":true}");
        if (!await(() -> seeded.get() == first.joined().size(), frames::sum, System.nanoTime() + options.phaseNanos())) {
            throw new IllegalStateException("only " + seeded.get() + " of " + first.joined().size() + " clients received the first message");
        }

        // 3. The outage: every client's connection drops (no close frame), M messages go out meanwhile.
        for (BenchConnection c : first.joined()) c.channel().close();
        for (BenchConnection c : first.joined()) c.channel().closeFuture().await(options.opTimeout, TimeUnit.SECONDS);
        long gapEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(gap);
        String padding = "x".repeat(Math.max(0, options.payloadBytes));
        for (int s = 0; s < missed; s++) {
            publish(publisher, "{\"s\":" + s + ",\"p\":\"" + padding + "\"}");
        }
        // The publisher is on the topic too: once it has its own M back, all M are in the history.
        if (!await(() -> published.sum() >= missed, published::sum, System.nanoTime() + options.phaseNanos())) {
            throw new IllegalStateException("only " + published.sum() + " of " + missed + " messages came back to the publisher");
        }
        sleepUntil(gapEnds);

        // 4. The storm: everyone rejoins with the last position it saw, at once.
        List<Client> rejoining = first.joined().stream().map(c -> (Client) c.listener()).toList();
        recovering = true;
        CpuMeter cpu = cpuMeter();
        cpu.start();
        long start = System.nanoTime();
        recorders = new Recorders(start);
        stormStart = start;
        Connector.Outcome second = connector.openJoined(rejoining.size(), i -> topic, rejoining::get,
                i -> "{\"recover\":\"" + rejoining.get(i).position + "\"}", System.nanoTime() + options.phaseNanos());
        result.failures(prefixed("rejoin: ", second.failures()));
        int expectedClients = second.joined().size();
        boolean done = await(() -> caughtUp.get() == expectedClients, frames::sum, System.nanoTime() + options.phaseNanos());
        long stoppedAt = System.nanoTime();
        result.cpu(cpu.stop());
        client.quiesce();

        long last = start;
        for (Client c : rejoining) last = Math.max(last, c.caughtUpNanos);
        double seconds = ((done ? last : stoppedAt) - start) / 1e9;
        Correctness correctness = Correctness.of(rejoining.stream().map(c -> c.checker).toList(), missed,
                unexpected.sum() + unreadable(second.joined()));
        result.result("all_caught_up_s", seconds)
                .result("clients_caught_up", caughtUp.get())
                .result("replayed_deliveries", correctness.received())
                .result("replayed_per_s", correctness.received() / Math.max(seconds, 1e-9))
                .result("rejoin_rate_per_s", second.rate());
        if (!done) result.note("stopped waiting: " + caughtUp.get() + " of " + expectedClients + " clients caught up");
        result.correctness(correctness)
                .latency("reconnect-start to caught-up latency", recorders.latency())
                .timeline("clients caught up", recorders.timeline());
    }

    private static void publish(BenchConnection publisher, String payload) {
        publisher.eventLoop().execute(() -> {
            publisher.push("broadcast", payload);
            publisher.flush();
        });
    }

    private static Map<String, Long> prefixed(String prefix, Map<String, Long> failures) {
        Map<String, Long> out = new java.util.TreeMap<>();
        failures.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** Counts the publisher's own messages coming back: proof they were accepted and positioned. */
    private final class PublisherEcho implements BenchConnection.Listener {
        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.event() == FrameScanner.MSG && f.number(SEQ) != FrameScanner.ABSENT) published.increment();
        }
    }

    /** One client across both of its connections; runs on its current connection's event loop. */
    private final class Client implements BenchConnection.Listener {
        final SequenceChecker checker = new SequenceChecker();
        volatile String position;
        long caughtUpNanos;

        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.event() != FrameScanner.MSG) {
                if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) unexpected.increment();
                return;
            }
            frames.increment();
            String ref = f.refText();
            if (ref != null && ref.indexOf('@') > 0) {
                boolean first = position == null;
                position = ref;
                if (first && !recovering) seeded.incrementAndGet();
            }
            long s = f.number(SEQ);
            if (!recovering || s == FrameScanner.ABSENT) return;
            checker.accept(s);
            if (checker.received() == missed && checker.complete(missed)) {
                caughtUpNanos = now;
                recorders.record(now, now - stormStart);
                caughtUp.incrementAndGet();
            }
        }
    }
}
