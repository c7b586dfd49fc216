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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bench fanout}: N subscribers on one topic, one of them publishing. Throughput mode keeps
 * at most W messages in flight (published, not yet back at the publisher) and reports deliveries/s
 * = N×M / (first publish → last delivery); {@code --rate} publishes at a fixed rate for latency.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Broadcast fan-out: deliveries/s, or latency at a fixed publish rate (--rate).")
final class FanoutScenario extends ScenarioCommand {
    private static final int WARMUP_ROUND = 0, MEASURED_ROUND = 1;

    @Option(names = {"-n", "--subscribers"}, paramLabel = "N", defaultValue = "1000",
            description = "Connections joined to the topic (the publisher is one of them).")
    int subscribers;

    @Option(names = {"-m", "--messages"}, paramLabel = "M", defaultValue = "2000",
            description = "Messages to publish (throughput mode).")
    int messages;

    @Option(names = {"-w", "--window"}, paramLabel = "W", defaultValue = "100",
            description = "Most messages in flight (throughput mode).")
    int window;

    @Option(names = "--rate", paramLabel = "MSGS_PER_S", defaultValue = "0",
            description = "Publish at this fixed rate for --duration instead (latency mode); 0 = throughput mode.")
    double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30", description = "Length of a --rate run.")
    int duration;

    @Option(names = "--stalled", paramLabel = "K", defaultValue = "0",
            description = "Of the subscribers, K stop reading their socket once joined (slow consumers): the"
                    + " figures are the others'; with --server-pid the server's peak memory is reported.")
    int stalled;

    @Option(names = "--warmup", paramLabel = "MESSAGES", defaultValue = "100",
            description = "Messages published (at the same window) before measuring, to warm up both sides.")
    int warmup;

    private final LongAdder deliveries = new LongAdder();
    /** Every msg frame received, warm-up included: what "progress" means for the stall detector. */
    private final LongAdder frames = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final AtomicInteger complete = new AtomicInteger();
    private final AtomicInteger warmedUp = new AtomicInteger();
    private volatile boolean running;
    private Recorders recorders;
    private long expected;

    @Override
    String name() {
        return "fanout";
    }

    @Override
    int connectionsNeeded() {
        return subscribers;
    }

    @Override
    void validate() {
        positive(subscribers, "--subscribers");
        positive(window, "--window");
        positive(duration, "--duration");
        if (rate < 0 || Double.isNaN(rate)) throw new ParameterException(spec.commandLine(), "--rate must not be negative");
        if (rate == 0) positive(messages, "--messages");
        notNegative(warmup, "--warmup");
        notNegative(stalled, "--stalled");
        if (stalled >= subscribers) {
            throw new ParameterException(spec.commandLine(), "--stalled must be below --subscribers (the publisher reads)");
        }
    }

    @Override
    void run(BenchClient client, BenchResult result) throws Exception {
        boolean fixedRate = rate > 0;
        expected = fixedRate ? Math.max(1, Math.round(rate * duration)) : messages;
        result.param("subscribers", subscribers).param("mode", fixedRate ? "fixed rate" : "throughput");
        if (fixedRate) result.param("rate_per_s", rate).param("duration_s", duration);
        else result.param("messages", messages).param("window", window);
        result.param("payload_bytes", options.payloadBytes).param("warmup_messages", fixedRate ? 0 : warmup)
                .param("payload_fill", options.payloadFill.name()).param("compress", options.compress);

        recorders = new Recorders(System.nanoTime());
        String topic = "room:" + options.topic;
        List<Subscriber> subs = new ArrayList<>();
        Connector.Outcome joined = new Connector(client, options.connectConcurrency).openJoined(subscribers,
                i -> topic, i -> new Subscriber(), System.nanoTime() + options.phaseNanos());
        result.failures(joined.failures());
        result.result("connect_rate_per_s", joined.rate());
        if (joined.joined().isEmpty()) throw new IllegalStateException("no subscriber could join " + topic);
        List<BenchConnection> readers = new ArrayList<>(joined.joined());
        // The last K stop reading: the server keeps writing to them until its slow-consumer bounds close them.
        List<BenchConnection> stalledConns = new ArrayList<>();
        while (stalledConns.size() < stalled && readers.size() > 1) {
            BenchConnection c = readers.remove(readers.size() - 1);
            subscriber(c).stalled = true;
            c.eventLoop().submit(() -> c.channel().config().setAutoRead(false)).sync();
            stalledConns.add(c);
        }
        if (stalled > 0) result.param("stalled_subscribers", stalledConns.size());
        for (BenchConnection c : readers) subs.add(subscriber(c));
        int n = subs.size();
        Publisher publisher = new Publisher(joined.joined().get(0));
        subs.get(0).publisher = publisher;
        running = true;

        if (!fixedRate && warmup > 0) {
            publisher.start(WARMUP_ROUND, warmup, 0);
            if (!await(() -> warmedUp.get() == n, frames::sum, System.nanoTime() + options.phaseNanos())) {
                result.failures(java.util.Map.of("warm-up: subscribers missing messages", (long) (n - warmedUp.get())));
            }
        }
        CpuMeter cpu = cpuMeter();
        PeakRss peakRss = PeakRss.start(server);
        long wireBefore = client.wireBytesReceived();
        cpu.start();
        long start = System.nanoTime();
        recorders.origin(start);
        publisher.start(MEASURED_ROUND, expected, fixedRate ? rate : 0);
        long deadline = start + options.phaseNanos() + (fixedRate ? TimeUnit.SECONDS.toNanos(duration) : 0);
        boolean done = await(() -> complete.get() == n, frames::sum, deadline);
        long stoppedAt = System.nanoTime();
        result.cpu(cpu.stop());
        long wireBytes = client.wireBytesReceived() - wireBefore;
        if (peakRss != null) result.result("server_peak_rss_mib", peakRss.stop() / 1048576.0);
        running = false;
        client.quiesce();

        long last = 0;
        for (Subscriber s : subs) last = Math.max(last, s.lastNanos);
        long first = publisher.firstNanos;
        // Nothing delivered: the whole wait counts, so that the rate is 0, not a division by zero.
        double seconds = (last > first ? last - first : stoppedAt - first) / 1e9;
        Correctness correctness = Correctness.of(subs.stream().map(s -> s.checker).toList(), expected,
                unexpected.sum() + unreadable(readers));
        if (fixedRate) {
            result.result("deliveries_per_s", correctness.received() / seconds);
            result.result("published", publisher.sent);
        } else {
            // N×M / time when complete; a partial run gets what was actually delivered (and is flagged).
            double delivered = done ? (double) n * expected : correctness.received();
            result.result("deliveries_per_s", delivered / seconds);
            result.result("messages_per_s", delivered / n / seconds);
        }
        if (correctness.received() > 0) result.result("wire_bytes_per_delivery", (double) wireBytes / correctness.received());
        result.result("subscribers_joined", n).result("deliveries", correctness.received())
                .result("first_publish_to_last_delivery_s", seconds);
        if (!done) result.note("stopped waiting: " + complete.get() + " of " + n + " subscribers complete");
        result.correctness(correctness)
                .latency("publish-to-delivery latency", recorders.latency())
                .timeline("deliveries", recorders.timeline());
    }

    private static Subscriber subscriber(BenchConnection c) {
        return (Subscriber) c.listener();
    }

    /** One subscriber's receive side; runs on its connection's event loop. */
    private final class Subscriber implements BenchConnection.Listener {
        final SequenceChecker checker = new SequenceChecker();
        Publisher publisher;
        boolean stalled;
        int warmupReceived;
        long lastNanos;

        @Override
        public void onFrame(BenchConnection c, FrameScanner f, long now) {
            if (stalled) return; // what reaches it before it stopped reading does not count
            if (f.event() != FrameScanner.MSG) {
                if (f.event() == FrameScanner.ERROR || f.event() == FrameScanner.CLOSE) unexpected.increment();
                return;
            }
            f.readBenchNumbers();
            long round = f.round();
            frames.increment();
            if (round == WARMUP_ROUND) {
                if (++warmupReceived == warmup) warmedUp.incrementAndGet();
            } else {
                checker.accept(f.seq());
                recorders.record(now, now - f.time());
                lastNanos = now;
                deliveries.increment();
                if (checker.received() == expected && checker.complete(expected)) complete.incrementAndGet();
            }
            if (publisher != null) publisher.inFlight--;
        }

        @Override
        public void onReadComplete(BenchConnection c) {
            if (publisher != null) publisher.pump();
        }

        @Override
        public void onClosed(BenchConnection c) {
            if (running && !stalled) unexpected.increment(); // a stalled one is meant to be closed
        }
    }

    /** Publishes on its connection's event loop, by window (flushing once per burst) or at a fixed rate. */
    private final class Publisher {
        final BenchConnection conn;
        int round;
        long total;
        long sent;
        long inFlight;
        volatile long firstNanos;
        private boolean windowed;

        Publisher(BenchConnection conn) {
            this.conn = conn;
        }

        void start(int round, long total, double rate) {
            conn.eventLoop().execute(() -> {
                this.round = round;
                this.total = total;
                this.sent = 0;
                this.inFlight = 0;
                this.firstNanos = System.nanoTime();
                if (rate > 0) {
                    windowed = false;
                    startFixedRate(rate);
                } else {
                    windowed = true;
                    pump();
                }
            });
        }

        void pump() {
            if (!windowed) return;
            int n = 0;
            while (inFlight < window && sent < total) {
                conn.push(Frames.BROADCAST, Frames.payload(round, sent++, System.nanoTime(), options.payloadBytes, options.payloadFill));
                inFlight++;
                n++;
            }
            if (n > 0) conn.flush();
        }

        private void startFixedRate(double rate) {
            long start = firstNanos;
            double interval = 1e9 / rate;
            long tick = Math.max(1, Math.min(50, (long) (interval / 1e6)));
            var task = new java.util.concurrent.atomic.AtomicReference<io.netty.util.concurrent.ScheduledFuture<?>>();
            task.set(conn.eventLoop().scheduleAtFixedRate(() -> {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
                boolean wrote = false;
                while (sent < due) {
                    // Stamped with the intended send time, so a late tick shows up as latency.
                    long intended = start + (long) (sent * interval);
                    conn.push(Frames.BROADCAST, Frames.payload(round, sent++, intended, options.payloadBytes, options.payloadFill));
                    wrote = true;
                }
                if (wrote) conn.flush();
                if (sent >= total || !conn.isOpen()) task.get().cancel(false);
            }, 0, tick, TimeUnit.MILLISECONDS));
        }
    }
}
