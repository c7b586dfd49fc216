package dev.switchboard.cli.bench;

import dev.switchboard.cli.bench.client.BenchClient;
import dev.switchboard.cli.bench.client.BenchConnection;
import dev.switchboard.cli.bench.client.Connector;
import dev.switchboard.cli.bench.client.FrameScanner;
import dev.switchboard.cli.bench.report.BenchResult;
import dev.switchboard.cli.bench.stats.CpuMeter;
import dev.switchboard.cli.bench.stats.Recorders;
import dev.switchboard.cli.demo.RoomChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench presence}: N connections on one topic each send {@code presence_join} at once
 * (the burst); O observers on the topic count the joins arriving in {@code presence_diff}s. Then P
 * probe clients, one after the other, join and send {@code presence_join}: the time from their
 * {@code phx_join} to the {@code presence_state} with all N presences, and that state's size.
 *
 * <p>Every tracked connection is also a subscriber, so a burst of N joins costs the server about
 * N × (all diffs) + N × (one state each) in bytes: quadratic in N, as with Phoenix.
 */
@Command(name = "presence", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Presence on one topic: N clients presence_join at once; diffs/s and joins/s seen by observers,"
                + " then presence_state size and join-to-state latency for new clients.")
final class PresenceScenario extends ScenarioCommand {
    private static final byte[] PHX_REF = FrameScanner.key("phx_ref");
    private static final byte[] LEAVES = FrameScanner.key("leaves");

    @Option(names = {"-n", "--presences"}, paramLabel = "N", defaultValue = "10000",
            description = "Connections that each track one presence on the topic.")
    int presences;

    @Option(names = "--observers", paramLabel = "O", defaultValue = "5",
            description = "Connections joined to the topic that only watch the diffs.")
    int observers;

    @Option(names = "--probes", paramLabel = "P", defaultValue = "100",
            description = "New clients, one after another, timed from phx_join to presence_state.")
    int probes;

    private final LongAdder diffFrames = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private volatile long lastReplyNanos;
    private final LongAdder unexpected = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private volatile boolean running;

    @Override
    String name() {
        return "presence";
    }

    @Override
    int connectionsNeeded() {
        return presences + observers + 1;
    }

    @Override
    void validate() {
        positive(presences, "--presences");
        positive(observers, "--observers");
        notNegative(probes, "--probes");
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        result.param("presences", presences).param("observers", observers).param("probes", probes);
        String topic = "room:" + options.topic + "-presence";
        Connector.Outcome joined = new Connector(client, options.connectConcurrency).openJoined(observers + presences,
                i -> topic, i -> i < observers ? new Observer() : new Tracked(), System.nanoTime() + options.phaseNanos());
        result.failures(joined.failures());
        result.result("connect_rate_per_s", joined.rate());
        List<Observer> watching = new ArrayList<>();
        List<BenchConnection> tracked = new ArrayList<>();
        for (BenchConnection c : joined.joined()) {
            if (c.listener() instanceof Observer o) watching.add(o);
            else tracked.add(c);
        }
        if (watching.isEmpty() || tracked.isEmpty()) throw new IllegalStateException("too few connections joined " + topic);
        int n = tracked.size();
        running = true;

        // ---- the burst: every tracked connection sends presence_join at once
        CpuMeter cpu = cpuMeter();
        cpu.start();
        long start = System.nanoTime();
        for (BenchConnection c : tracked) {
            c.eventLoop().execute(() -> {
                c.push(RoomChannel.PRESENCE_JOIN, "{\"user_id\":\"u" + c.index() + "\",\"name\":\"bench\"}");
                c.flush();
            });
        }
        boolean seen = await(() -> watching.stream().allMatch(o -> o.joins >= n), diffFrames::sum,
                start + options.phaseNanos());
        result.cpu(cpu.stop());
        long last = 0;
        for (Observer o : watching) last = Math.max(last, o.lastJoinNanos);
        double seconds = Math.max(1, (last > start ? last : System.nanoTime()) - start) / 1e9;
        double diffsPerObserver = watching.stream().mapToLong(o -> o.diffs).average().orElse(0);
        long minJoins = watching.stream().mapToLong(o -> o.joins).min().orElse(0);
        result.result("presences_tracked", n)
                .result("burst_first_join_to_last_join_seen_s", seconds)
                .result("joins_seen_per_s_per_observer", minJoins / seconds)
                .result("diffs_per_s_per_observer", diffsPerObserver / seconds)
                .result("diffs_per_observer", diffsPerObserver)
                .result("joins_per_diff", diffsPerObserver == 0 ? 0 : minJoins / diffsPerObserver);
        if (!seen) {
            result.note("stopped waiting: an observer saw only " + minJoins + " of " + n + " joins");
            failures.computeIfAbsent("observers missing joins", k -> new LongAdder()).add(n - minJoins);
        }
        if (watching.stream().anyMatch(o -> o.joins > n)) {
            failures.computeIfAbsent("observers saw duplicate joins", k -> new LongAdder()).increment();
        }

        // The burst is over for the server once every tracked connection has its reply.
        if (!await(() -> replies.sum() >= n, replies::sum, System.nanoTime() + options.phaseNanos())) {
            result.note("only " + replies.sum() + " of " + n + " presence_join replies arrived");
        }
        result.result("burst_first_join_to_last_reply_s", (lastReplyNanos - start) / 1e9);

        // ---- probes: a new client joins and gets the whole state
        Recorders recorders = new Recorders(System.nanoTime());
        long stateBytes = 0;
        long op = client.options().opTimeout().toMillis();
        for (int p = 0; p < probes; p++) {
            BenchConnection c = null;
            try {
                c = client.connect().get(op, TimeUnit.MILLISECONDS);
                Probe probe = new Probe();
                c.listener(probe);
                long t0 = System.nanoTime();
                c.join(topic, op).get(op, TimeUnit.MILLISECONDS);
                BenchConnection conn = c;
                conn.eventLoop().execute(() -> {
                    conn.push(RoomChannel.PRESENCE_JOIN, "{\"user_id\":\"probe-" + conn.index() + "\"}");
                    conn.flush();
                });
                long[] state = probe.state.get(op, TimeUnit.MILLISECONDS);
                recorders.record(state[0], state[0] - t0);
                stateBytes = Math.max(stateBytes, state[1]);
            } catch (Exception e) {
                failures.computeIfAbsent("probe: " + Connector.reason(e), k -> new LongAdder()).increment();
            } finally {
                if (c != null) c.close(op).await(op);
            }
        }
        running = false;
        client.quiesce();

        result.result("presence_state_bytes", stateBytes);
        Map<String, Long> byReason = new TreeMap<>();
        failures.forEach((k, v) -> byReason.put(k, v.sum()));
        if (unexpected.sum() > 0) byReason.put("errors or closes on joined connections", unexpected.sum());
        result.failures(byReason)
                .latency("phx_join to presence_state (all N presences)", recorders.latency());
    }

    /** Counts the joins in every presence_diff; runs on its connection's event loop. */
    private final class Observer implements BenchConnection.Listener {
        long diffs;
        long joins;
        long lastJoinNanos;

        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.event() == FrameScanner.PRESENCE_DIFF) {
                diffFrames.increment();
                diffs++;
                int j = f.countBefore(PHX_REF, LEAVES);
                if (j > 0) {
                    joins += j;
                    lastJoinNanos = now;
                }
            } else if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) {
                unexpected.increment();
            }
        }

        @Override
        public void onClosed(BenchConnection c) {
            if (running) unexpected.increment();
        }
    }

    /** A connection that tracks one presence: counts refused presence_joins. */
    private final class Tracked implements BenchConnection.Listener {
        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.event() == FrameScanner.REPLY) {
                replies.increment();
                lastReplyNanos = Math.max(lastReplyNanos, now);
                if (!f.statusOk()) {
                    failures.computeIfAbsent("presence_join refused: " + f.payload(), k -> new LongAdder()).increment();
                }
            } else if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) {
                unexpected.increment();
            }
        }

        @Override
        public void onClosed(BenchConnection c) {
            if (running) unexpected.increment();
        }
    }

    /** Completes with {receive time, size} of the first presence_state. */
    private static final class Probe implements BenchConnection.Listener {
        final CompletableFuture<long[]> state = new CompletableFuture<>();

        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (f.event() == FrameScanner.PRESENCE_STATE) {
                state.complete(new long[] {now, f.length()});
            }
        }
    }
}
