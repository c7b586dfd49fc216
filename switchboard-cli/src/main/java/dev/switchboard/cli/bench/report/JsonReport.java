package dev.switchboard.cli.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.cli.bench.stats.Correctness;
import dev.switchboard.cli.bench.stats.CpuMeter.CpuUsage;
import dev.switchboard.cli.bench.stats.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --json FILE}: every figure and parameter of a run, with the machine and the date. */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static void write(BenchResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writeValue(file.toFile(), toMap(r));
    }

    static Map<String, Object> toMap(BenchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("date", r.date().toString());
        m.put("target", r.target());
        m.put("flagged", r.flagged());
        m.put("parameters", r.parameters());
        m.put("results", r.results());
        if (r.latency() != null) {
            Map<String, Object> lat = new LinkedHashMap<>(LatencySummary.of(r.latency()).toMap());
            lat.put("what", r.latencyLabel());
            lat.put("unit", "microseconds");
            lat.put("percentile_curve", LatencySummary.percentileCurve(r.latency()).stream().map(p -> List.of(p[0], p[1])).toList());
            m.put("latency_us", lat);
        }
        if (r.timeline() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("what", r.timelineLabel());
            t.put("bucket_ms", 100);
            t.put("counts", r.timeline());
            m.put("timeline", t);
        }
        if (r.correctness() != null) m.put("correctness", correctness(r.correctness()));
        m.put("failures", r.failures());
        if (r.cpu() != null) m.put("cpu", cpu(r.cpu()));
        m.put("client", r.clientInfo());
        m.put("machine", machine(r.machine()));
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> correctness(Correctness c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expected", c.expected());
        m.put("received", c.received());
        m.put("lost", c.lost());
        m.put("duplicated", c.duplicates());
        m.put("out_of_order", c.outOfOrder());
        m.put("errors", c.errors());
        m.put("flagged", c.flagged());
        return m;
    }

    private static Map<String, Object> cpu(CpuUsage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wall_seconds", round(c.wallNanos() / 1e9));
        m.put("bench_cpu_seconds", round(c.benchCpuNanos() / 1e9));
        m.put("bench_percent_of_one_core", round(c.benchPercentOfOneCore()));
        m.put("bench_percent_of_all_cores", round(c.benchPercentOfAllCores()));
        if (c.hasServer()) {
            m.put("server_cpu_seconds", round(c.serverCpuNanos() / 1e9));
            m.put("server_percent_of_one_core", round(c.serverPercentOfOneCore()));
            m.put("server_percent_of_all_cores", round(c.serverPercentOfAllCores()));
        }
        if (!Double.isNaN(c.machineBusyPercent())) {
            m.put("machine_busy_percent_of_all_cores", round(c.machineBusyPercent()));
            m.put("other_processes_percent_of_all_cores", round(c.othersPercentOfAllCores()));
        }
        m.put("cores", c.cores());
        return m;
    }

    private static Map<String, Object> machine(MachineInfo mi) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", mi.cores());
        m.put("memory_bytes", mi.memoryBytes());
        m.put("cpu_model", mi.cpuModel());
        m.put("os", mi.os());
        m.put("kernel", mi.kernel());
        m.put("jdk", mi.jdk());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
