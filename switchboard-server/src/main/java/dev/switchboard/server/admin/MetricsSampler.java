package dev.switchboard.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Takes one {@link Sample} a second from the node's counters into the ring: the differences of
 * the counters since the previous sample, so a rate is exact however late a tick runs. Runs on
 * one scheduler thread; costs a few counter sums a second.
 */
final class MetricsSampler implements Runnable {
    private final NodeCounters counters;
    private final SampleRing ring;
    private final Consumer<Sample> publish;
    private long joins;
    private long messagesIn;
    private long messagesOut;
    private long published;
    private long deliveries;
    private Map<String, Long> closes;

    /** @param publish hands each new sample to the live feed */
    MetricsSampler(NodeCounters counters, SampleRing ring, Consumer<Sample> publish) {
        this.counters = counters;
        this.ring = ring;
        this.publish = publish;
        // The first sample counts from here, not from the server's start.
        this.joins = counters.traffic().joins();
        this.messagesIn = counters.traffic().messagesIn();
        this.messagesOut = counters.traffic().messagesOut();
        this.published = counters.published();
        this.deliveries = counters.deliveries();
        this.closes = counters.closes();
    }

    @Override
    public void run() {
        long j = counters.traffic().joins();
        long in = counters.traffic().messagesIn();
        long out = counters.traffic().messagesOut();
        long p = counters.published();
        long d = counters.deliveries();
        Map<String, Long> c = counters.closes();
        Map<String, Long> closed = new LinkedHashMap<>();
        c.forEach((reason, n) -> {
            long delta = n - closes.getOrDefault(reason, 0L);
            if (delta > 0) {
                closed.put(reason, delta);
            }
        });
        Sample sample = new Sample(System.currentTimeMillis(), counters.connections(), counters.topics(), j - joins,
                in - messagesIn, out - messagesOut, p - published, d - deliveries, closed);
        ring.add(sample);
        joins = j;
        messagesIn = in;
        messagesOut = out;
        published = p;
        deliveries = d;
        closes = c;
        publish.accept(sample);
    }
}
