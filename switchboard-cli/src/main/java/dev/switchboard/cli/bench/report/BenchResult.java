package dev.switchboard.cli.bench.report;

import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter.CpuUsage;
import dev.switchboard.cli.bench.stats.MachineInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one bench run found, in the order the reports show it. Scenarios fill it; the
 * writers ({@link TextReport}, {@link JsonReport}, {@link HtmlReport}) only read it.
 */
public final class BenchResult {
    private final String scenario;
    private final String target;
    private final Instant date = Instant.now();
    private final MachineInfo machine = MachineInfo.current();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> client = new LinkedHashMap<>();
    private final Map<String, Long> failures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Histogram latency;
    private String latencyLabel = "latency";
    private long[] timeline;
    private String timelineLabel = "events";
    private Correctness correctness;
    private CpuUsage cpu;

    public BenchResult(String scenario, String target) {
        this.scenario = scenario;
        this.target = target;
    }

    public BenchResult param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** A measured figure; the first one added is the headline. */
    public BenchResult result(String name, Object value) {
        results.put(name, value);
        return this;
    }

    public BenchResult client(String name, Object value) {
        client.put(name, value);
        return this;
    }

    public BenchResult failures(Map<String, Long> byReason) {
        byReason.forEach((k, v) -> failures.merge(k, v, Long::sum));
        return this;
    }

    public BenchResult note(String note) {
        notes.add(note);
        return this;
    }

    public BenchResult latency(String label, Histogram histogram) {
        this.latencyLabel = label;
        this.latency = histogram;
        return this;
    }

    /** Events per 100 ms bucket. */
    public BenchResult timeline(String label, long[] counts) {
        this.timelineLabel = label;
        this.timeline = counts;
        return this;
    }

    public BenchResult correctness(Correctness correctness) {
        this.correctness = correctness;
        return this;
    }

    public BenchResult cpu(CpuUsage cpu) {
        this.cpu = cpu;
        return this;
    }

    /** Whether any delivery error or failure makes this run suspect. */
    public boolean flagged() {
        return (correctness != null && correctness.flagged()) || failures.values().stream().anyMatch(v -> v > 0);
    }

    public String scenario() { return scenario; }
    public String target() { return target; }
    public Instant date() { return date; }
    public MachineInfo machine() { return machine; }
    public Map<String, Object> parameters() { return parameters; }
    public Map<String, Object> results() { return results; }
    public Map<String, Object> clientInfo() { return client; }
    public Map<String, Long> failures() { return failures; }
    public List<String> notes() { return notes; }
    public Histogram latency() { return latency; }
    public String latencyLabel() { return latencyLabel; }
    public long[] timeline() { return timeline; }
    public String timelineLabel() { return timelineLabel; }
    public Correctness correctness() { return correctness; }
    public CpuUsage cpu() { return cpu; }
}
